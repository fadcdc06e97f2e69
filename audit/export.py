"""The log as CSV, for the export_audit_log command.

Names typed at sign-in and titles are anyone's text: a cell starting with
``=``, ``+``, ``-`` or ``@`` would run as a formula in the spreadsheet an
administrator opens the export in, so such cells get a leading ``'``.
"""

import csv
import json
from collections import Counter

COLUMNS = [
    "at",
    "action",
    "user_id",
    "username",
    "object_type",
    "object_id",
    "object_repr",
    "address",
    "detail",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(out, events, advance=None):
    """Write the header and a row per event to ``out``; the number of events per action."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    actions = Counter()
    for event in events:
        writer.writerow(row(event))
        actions[event.action] += 1
        if advance:
            advance()
    return actions


def row(event):
    """The CSV cells of ``event``: times in ISO 8601 (UTC), the detail as JSON."""
    cells = [
        event.at.isoformat(),
        event.action,
        event.user_id or "",
        event.username,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.address or "",
        json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
    ]
    return [inert(cell) for cell in cells]


def inert(cell):
    """``cell``, with a leading ``'`` if a spreadsheet would read it as a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell

"""The conventions every management command of the site follows.

Verbosity is Django's: ``-v 0`` prints nothing but errors (for cron), ``-v 1``
(the default) a progress bar and a summary, ``-v 2`` details. ``--quiet`` is
an alias of ``-v 0``. Failures are ``CommandError``s with a message an
operator can act on, never a traceback.

Every long command (seed, import, index rebuild, renditions) reports the
same way: a bar on its stdout while it works, quiet at ``-v 0``, redrawn in
place on a terminal and printed every tenth of the way otherwise (so CI and
cron logs stay short), then a table of what happened.
"""

import time

from django.core.management.base import BaseCommand

BAR_WIDTH = 30


class OperatorCommand(BaseCommand):
    """A command with ``--quiet`` as an alias of ``-v 0``."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="Print nothing but errors (the same as -v 0), e.g. for cron.",
        )
        return parser

    def execute(self, *args, **options):
        if options.get("quiet"):
            options["verbosity"] = 0
        return super().execute(*args, **options)


class Progress:
    """Counts work done out of ``total`` and draws a bar on ``stdout`` (an OutputWrapper)."""

    def __init__(self, stdout, total, label, verbosity=1):
        self.stdout = stdout
        self.total = max(total, 0)
        self.label = label
        self.enabled = verbosity >= 1
        self.done = 0
        self.started = time.monotonic()
        self.interactive = self.enabled and stdout.isatty()
        self.last_tenth = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.finish()

    def advance(self, count=1):
        self.done += count
        if not self.enabled:
            return
        if self.interactive:
            self.draw(ending="\r")
            return
        tenth = 10 * self.done // self.total if self.total else 10
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            self.draw(ending="\n")

    def finish(self):
        if self.enabled and self.interactive:
            self.draw(ending="\n")
            self.interactive = False

    def draw(self, ending):
        total = self.total or 1
        filled = BAR_WIDTH * min(self.done, total) // total
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self.stdout.write(
            f"{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{self.done}/{self.total} ({rate:,.0f}/s)",
            ending=ending,
        )
        self.stdout.flush()


def summary_table(stdout, headers, rows):
    """Write ``rows`` under ``headers`` as aligned columns (numbers right-aligned)."""
    table = [list(map(str, headers))] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    numeric = [
        all(row[i].replace(",", "").isdigit() for row in table[1:]) for i in range(len(headers))
    ]
    for index, row in enumerate(table):
        cells = [
            cell.rjust(width) if is_number and index else cell.ljust(width)
            for cell, width, is_number in zip(row, widths, numeric, strict=True)
        ]
        stdout.write("  ".join(cells).rstrip())
        if index == 0:
            stdout.write("  ".join("-" * width for width in widths))

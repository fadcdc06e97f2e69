"""Each import_wordpress run is one event: the file, what it did, and whether it finished."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from tests.wordpress.conftest import run_import, write_wxr, wxr_item

pytestmark = pytest.mark.django_db

COUNTS = {
    "authors": {"created": 1},
    "categories": {"created": 1},
    "tags": {"created": 1},
    "posts": {"created": 2},
}


def import_events():
    return list(
        AuditEvent.objects.filter(action="import_run").values_list(
            "username", "object_type", "address", "detail"
        )
    )


def test_a_finished_import(tmp_path):
    export = write_wxr(tmp_path, wxr_item(1), wxr_item(2), name="old-site.xml")

    run_import(export, verbosity=0)

    detail = {
        "file": "old-site.xml",
        "finished": True,
        "dry_run": False,
        "counts": COUNTS,
        "via": "command",
    }
    assert import_events() == [("", "", None, detail)]


def test_a_dry_run_is_recorded_as_one(tmp_path):
    export = write_wxr(tmp_path, wxr_item(1), wxr_item(2))
    run_import(export, verbosity=0)
    AuditEvent.objects.all().delete()

    run_import(export, verbosity=0, dry_run=True)

    assert import_events() == [
        (
            "",
            "",
            None,
            {
                "file": "export.xml",
                "finished": True,
                "dry_run": True,
                "counts": {
                    "authors": {"unchanged": 1},
                    "categories": {"unchanged": 1},
                    "tags": {"unchanged": 1},
                    "posts": {"updated": 2},
                },
                "via": "command",
            },
        )
    ]


def test_a_stopped_import_says_it_did_not_finish(tmp_path):
    export = write_wxr(tmp_path, wxr_item(1, title="Kept"), wxr_item(2, title="Cut short"))
    text = export.read_text()
    export.write_text(text[: text.index("Cut short")])

    with pytest.raises(CommandError, match="Import stopped"):
        call_command("import_wordpress", str(export), verbosity=0)

    assert import_events() == [
        (
            "",
            "",
            None,
            {
                "file": "export.xml",
                "finished": False,
                "dry_run": False,
                # The terms were written before the file broke; the posts' batch was not.
                "counts": {k: COUNTS[k] for k in ("authors", "categories", "tags")},
                "via": "command",
            },
        )
    ]

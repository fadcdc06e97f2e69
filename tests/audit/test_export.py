"""manage.py export_audit_log: the CSV, its filters, the file it writes and its errors."""

import datetime
import os
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import clear_log

pytestmark = pytest.mark.django_db

HEADER = "at,action,user_id,username,object_type,object_id,object_repr,address,detail\r\n"


def at(day, hour=12, minute=0):
    return datetime.datetime(2025, 3, day, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def log(db):
    maryam = UserFactory(username="maryam", is_staff=True)
    clear_log()
    return [
        AuditEvent.objects.create(
            at=at(1, 23, 30),
            action="sign_in_failed",
            username='=HYPERLINK("https://evil.example")',
            address="203.0.113.5",
        ),
        AuditEvent.objects.create(
            at=at(2),
            action="published",
            user=maryam,
            username="maryam",
            object_type="posts.post",
            object_id="12",
            object_repr='Trials, "in camera"',
            address="2001:db8::1",
            detail={"status": "published"},
        ),
        AuditEvent.objects.create(
            at=at(3),
            action="import_run",
            detail={"file": "old-site.xml", "finished": True, "via": "command"},
        ),
    ]


def export(*args, **options):
    out = StringIO()
    call_command("export_audit_log", *args, stdout=out, **options)
    return out.getvalue()


def test_the_whole_log_on_standard_output(log):
    """Oldest first, ISO 8601 times, JSON details, and nothing a spreadsheet would run."""
    maryam = log[1].user_id
    assert export() == (
        HEADER
        + '2025-03-01T23:30:00+00:00,sign_in_failed,,"\'=HYPERLINK(""https://evil.example"")"'
        ",,,,203.0.113.5,{}\r\n"
        f"2025-03-02T12:00:00+00:00,published,{maryam},maryam,posts.post,12,"
        '"Trials, ""in camera""",2001:db8::1,"{""status"": ""published""}"\r\n'
        "2025-03-03T12:00:00+00:00,import_run,,,,,,,"
        '"{""file"": ""old-site.xml"", ""finished"": true, ""via"": ""command""}"\r\n'
    )


def test_days_and_actions(log):
    rows = export("--since", "2025-03-02", "--until", "2025-03-03").splitlines()[1:]
    assert [row.split(",")[1] for row in rows] == ["published", "import_run"]

    rows = export("--until", "2025-03-01").splitlines()[1:]
    assert [row.split(",")[1] for row in rows] == ["sign_in_failed"]

    rows = export("--action", "import_run", "--action", "sign_in_failed").splitlines()[1:]
    assert [row.split(",")[1] for row in rows] == ["sign_in_failed", "import_run"]


def test_days_are_the_sites(log, settings):
    """23:30 UTC on 1 March is 2 March in Tehran (UTC+3:30)."""
    settings.TIME_ZONE = "Asia/Tehran"

    rows = export("--since", "2025-03-02", "--until", "2025-03-02").splitlines()[1:]

    assert [row.split(",")[1] for row in rows] == ["sign_in_failed", "published"]


def test_a_file_readable_by_its_owner_only_with_a_summary(log, tmp_path):
    path = tmp_path / "audit.csv"

    output = export(str(path))

    assert path.read_text(encoding="utf-8").startswith(HEADER.replace("\r\n", "\n"))
    assert len(path.read_bytes().splitlines()) == 4
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not (tmp_path / "audit.csv.partial").exists()
    assert output.splitlines()[-6:] == [
        "action          events",
        "--------------  ------",
        "import_run           1",
        "published            1",
        "sign_in_failed       1",
        "Exported 3 events to " + str(path) + ".",
    ]


def test_quiet(log, tmp_path):
    assert export(str(tmp_path / "audit.csv"), "--quiet") == ""
    assert (tmp_path / "audit.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-13-01"], "--since '2025-13-01' is not a date: use YYYY-MM-DD"),
        (["--until", "yesterday"], "--until 'yesterday' is not a date: use YYYY-MM-DD"),
        (
            ["--since", "2025-03-02", "--until", "2025-03-01"],
            "--since 2025-03-02 is after --until 2025-03-01: swap them.",
        ),
        (["--action", "hacked"], "invalid choice: 'hacked'"),
    ],
)
def test_bad_options(db, args, message):
    with pytest.raises(CommandError) as error:
        export(*args)
    assert message in str(error.value)


def test_places_it_cannot_write(db, tmp_path):
    with pytest.raises(CommandError, match=f"{tmp_path} is a directory: give the name"):
        export(str(tmp_path))
    with pytest.raises(CommandError, match="is not a directory; create it first"):
        export(str(tmp_path / "missing" / "audit.csv"))


def test_a_file_it_cannot_write(log, tmp_path, monkeypatch):
    """As when the directory is not the operator's (root writes anywhere, so simulated)."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    path = tmp_path / "audit.csv"

    with pytest.raises(CommandError) as error:
        export(str(path))

    assert str(error.value) == (
        f"Cannot write {path}: Permission denied. Choose a file in a directory you can "
        "write to, or - for standard output."
    )
    assert list(tmp_path.iterdir()) == []

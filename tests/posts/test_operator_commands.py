"""publish_scheduled and the --quiet convention shared by the operator commands."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command, get_commands, load_command_class
from django.utils import timezone

from freeiran.commands import OperatorCommand
from posts.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_publish_scheduled_flips_due_posts_once():
    due = PostFactory(status="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1))
    later = PostFactory(
        status="scheduled", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert run("publish_scheduled") == "No scheduled posts were due.\n"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert run("publish_scheduled") == "Published 1 scheduled post(s).\n"
        assert run("publish_scheduled") == "No scheduled posts were due.\n"
    assert Post.objects.get(pk=due.pk).status == "published"
    assert Post.objects.get(pk=later.pk).status == "scheduled"


@pytest.mark.parametrize("quiet", [{"quiet": True}, {"verbosity": 0}])
def test_quiet_for_cron(quiet):
    PostFactory(status="scheduled", published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert run("publish_scheduled", **quiet) == ""
    assert Post.objects.filter(status="scheduled").count() == 0


@pytest.mark.parametrize("flag", ["--quiet", "-q", "-v0"])
def test_quiet_flags_as_typed(flag):
    """The flags go through the command's parser, as on the command line."""
    assert run("publish_scheduled", flag) == ""


SITE_APPS = {
    "freeiran",
    "posts",
    "media_gallery",
    "search",
    "desk",
    "wordpress",
    "pagecache",
    "audit",
    "accounts",
}


def site_commands():
    return sorted(name for name, app in get_commands().items() if app in SITE_APPS)


def test_every_command_of_the_site_follows_the_operator_conventions():
    assert site_commands() == [
        "db_worker",
        "export_audit_log",
        "export_wordpress",
        "import_wordpress",
        "optimize_db",
        "prune_revisions",
        "publish_scheduled",
        "rebuild_search_index",
        "regenerate_renditions",
        "seed_demo",
        "setup_roles",
    ]
    for name in site_commands():
        assert isinstance(load_command_class(get_commands()[name], name), OperatorCommand), name


# seed_demo's quiet run is in tests/freeiran/test_seed_demo.py, on the site built there.
@pytest.mark.parametrize(
    "command",
    [
        "setup_roles",
        "rebuild_search_index",
        "regenerate_renditions",
        "optimize_db",
        "prune_revisions",
    ],
)
def test_every_operator_command_takes_quiet(command, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password 123")
    assert run(command, "--quiet") == ""

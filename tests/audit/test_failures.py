"""Recording never breaks what it records, and never fails silently."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.middleware import current_request
from audit.models import AuditEvent
from posts.models import Post
from tests.factories import PostFactory

from .conftest import PASSWORD, clear_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_log(monkeypatch):
    """Every write fails in the database, as a full disk or a lost column would."""

    def fail(events, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM audit_auditevent")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", fail)


def test_a_publication_goes_through_and_the_failure_is_logged(client, editor, broken_log, caplog):
    """On PostgreSQL the failed write would spoil the admin's transaction without its
    savepoint: the post would not be saved and the editor would see an error."""
    draft = PostFactory(title="Statement", status="draft", published_at=None)
    client.force_login(editor)
    caplog.clear()

    response = client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    assert response.status_code == 302
    assert Post.objects.get(pk=draft.pk).status == "published"
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "audit.recording",
            "ERROR",
            "The audit log could not record an event (record_status_update).",
        )
    ]
    assert caplog.records[0].exc_info is not None


def test_a_sign_in_goes_through(editor, broken_log, caplog):
    client = Client()

    response = client.post(reverse("admin:login"), {"username": "eddie", "password": PASSWORD})

    assert response.status_code == 302
    assert [r.levelname for r in caplog.records if r.name == "audit.recording"] == ["ERROR"]


def test_the_request_is_forgotten_after_its_response(client, editor):
    client.force_login(editor)

    client.get(reverse("admin:index"))

    assert current_request() is None


def test_a_command_is_not_mistaken_for_the_last_request(client, editor):
    """After a request, changes from a command have no user and no address."""
    client.force_login(editor)
    client.get(reverse("admin:index"))
    clear_log()

    PostFactory(title="Statement", author=editor)

    assert list(AuditEvent.objects.values_list("action", "user", "address", "detail")) == [
        ("published", None, None, {"status": "published", "via": "command"})
    ]

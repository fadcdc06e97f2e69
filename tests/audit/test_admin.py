"""The log in the admin: superusers read it, filter it and search it; nobody changes it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import clear_log

pytestmark = pytest.mark.django_db

EVENTS = reverse("admin:audit_auditevent_changelist")


def at(day, hour=12):
    return datetime.datetime(2025, 3, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def log(admin_user, editor):
    maryam = UserFactory(username="maryam", is_staff=True)
    clear_log()
    return [
        AuditEvent.objects.create(
            at=at(1), action="sign_in_failed", username="maryam", user=maryam, address="203.0.113.5"
        ),
        AuditEvent.objects.create(
            at=at(2),
            action="published",
            user=editor,
            username="eddie",
            object_type="posts.post",
            object_id="12",
            object_repr="Statement on the trials",
            address="2001:db8::1",
        ),
        AuditEvent.objects.create(
            at=at(3), action="signed_in", username="maryam", user=maryam, address="203.0.113.5"
        ),
    ]


def listed(client, **query):
    response = client.get(EVENTS, query)
    assert response.status_code == 200
    return [(event.action, event.username) for event in response.context["cl"].result_list]


@pytest.fixture
def superuser(client, admin_user, log):
    """A superuser signed in (which is recorded, and forgotten here)."""
    client.force_login(admin_user)
    AuditEvent.objects.filter(action="signed_in", user=admin_user).delete()
    return client


def test_superusers_read_the_log_newest_first(superuser, log):
    client = superuser

    response = client.get(EVENTS)

    assert [event.pk for event in response.context["cl"].result_list] == [
        log[2].pk,
        log[1].pk,
        log[0].pk,
    ]
    assert "Statement on the trials (posts.post 12)" in response.text
    assert "2001:db8::1" in response.text


def test_filters_by_action_user_and_date_and_search(superuser, log):
    client = superuser

    assert listed(client, action="published") == [("published", "eddie")]
    assert listed(client, user__id__exact=log[0].user_id) == [
        ("signed_in", "maryam"),
        ("sign_in_failed", "maryam"),
    ]
    assert listed(client, at__year=2025, at__month=3, at__day=2) == [("published", "eddie")]
    assert listed(
        client, at__gte="2025-03-02 00:00:00+00:00", at__lt="2025-03-03 00:00:00+00:00"
    ) == [("published", "eddie")]
    assert listed(client, q="trials") == [("published", "eddie")]
    assert listed(client, q="maryam", action="sign_in_failed") == [("sign_in_failed", "maryam")]


def test_the_user_filter_offers_only_users_in_the_log(superuser, log):
    response = superuser.get(EVENTS)

    [user_filter] = [f for f in response.context["cl"].filter_specs if f.field_path == "user"]
    assert [label for _pk, label in user_filter.lookup_choices] == ["eddie", "maryam"]


def test_nothing_can_be_added_changed_or_deleted(superuser, log):
    client = superuser
    event = log[1]
    change = reverse("admin:audit_auditevent_change", args=[event.pk])

    detail = client.get(change)
    assert detail.status_code == 200
    assert "Statement on the trials" in detail.text
    assert 'name="_save"' not in detail.text
    assert "deletelink" not in detail.text
    assert client.post(change, {"action": "deleted", "username": "nobody"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(EVENTS).context["action_form"] is None
    bulk = client.post(EVENTS, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert bulk.status_code == 200  # the list again: there is no action to run

    event.refresh_from_db()
    assert (event.action, event.username) == ("published", "eddie")
    assert AuditEvent.objects.count() == 3


def test_editors_and_anyone_else_are_refused(client, editor, log):
    """Even a user given the model's view permission: the log is for superusers."""
    editor.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(editor)

    assert client.get(EVENTS).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[log[1].pk])
    assert client.get(change).status_code == 403
    assert "audit" not in client.get(reverse("admin:index")).text.lower()

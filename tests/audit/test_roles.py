"""Roles (groups, staff, superuser, active) and permissions, from either side of each relation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import clear_log, logged

pytestmark = pytest.mark.django_db

COMMAND = {"via": "command"}


@pytest.fixture
def anna(roles):
    user = UserFactory(username="anna", is_staff=True)
    clear_log()
    return user


def permission(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_a_superuser_making_an_author_an_editor_in_the_admin(client, admin_user, anna):
    anna.groups.add(Group.objects.get(name="Author"))
    client.force_login(admin_user)
    clear_log()

    response = client.post(
        reverse("admin:auth_user_change", args=[anna.pk]),
        {
            "username": "anna",
            "first_name": anna.first_name,
            "last_name": anna.last_name,
            "email": anna.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="Editor").pk],
            "user_permissions": [permission("posts.publish_post").pk],
            "date_joined_0": timezone.localdate().isoformat(),
            "date_joined_1": "10:00:00",
        },
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 302
    assert logged() == [
        (
            "roles_changed",
            "root",
            "auth.user",
            "anna",
            "203.0.113.5",
            {"is_superuser": [False, True]},
        ),
        ("roles_changed", "root", "auth.user", "anna", "203.0.113.5", {"removed": ["Author"]}),
        ("roles_changed", "root", "auth.user", "anna", "203.0.113.5", {"added": ["Editor"]}),
        (
            "permissions_changed",
            "root",
            "auth.user",
            "anna",
            "203.0.113.5",
            {"added": ["posts.publish_post"]},
        ),
    ]
    assert {event.user for event in AuditEvent.objects.all()} == {admin_user}


def test_groups_from_the_users_side(anna):
    editors, authors = Group.objects.get(name="Editor"), Group.objects.get(name="Author")

    anna.groups.add(editors, authors)
    anna.groups.remove(authors)
    anna.groups.clear()
    anna.groups.clear()  # nothing left to remove: nothing to record

    assert logged() == [
        (
            "roles_changed",
            "",
            "auth.user",
            "anna",
            None,
            {"added": ["Author", "Editor"], **COMMAND},
        ),
        ("roles_changed", "", "auth.user", "anna", None, {"removed": ["Author"], **COMMAND}),
        ("roles_changed", "", "auth.user", "anna", None, {"removed": ["Editor"], **COMMAND}),
    ]


def test_groups_from_the_groups_side(anna):
    """One event for each user whose roles changed."""
    omid = UserFactory(username="omid", is_staff=True)
    editors = Group.objects.get(name="Editor")
    clear_log()

    editors.user_set.add(anna, omid)
    editors.user_set.clear()

    assert logged() == [
        ("roles_changed", "", "auth.user", "anna", None, {"added": ["Editor"], **COMMAND}),
        ("roles_changed", "", "auth.user", "omid", None, {"added": ["Editor"], **COMMAND}),
        ("roles_changed", "", "auth.user", "anna", None, {"removed": ["Editor"], **COMMAND}),
        ("roles_changed", "", "auth.user", "omid", None, {"removed": ["Editor"], **COMMAND}),
    ]


def test_a_users_own_permissions(anna):
    publish, redirects = permission("posts.publish_post"), permission("posts.change_redirect")

    anna.user_permissions.add(redirects, publish)
    publish.user_set.remove(anna)

    assert logged() == [
        (
            "permissions_changed",
            "",
            "auth.user",
            "anna",
            None,
            {"added": ["posts.change_redirect", "posts.publish_post"], **COMMAND},
        ),
        (
            "permissions_changed",
            "",
            "auth.user",
            "anna",
            None,
            {"removed": ["posts.publish_post"], **COMMAND},
        ),
    ]


def test_a_groups_permissions(roles):
    contributors = Group.objects.get(name="Contributor")
    publish = permission("posts.publish_post")
    clear_log()

    contributors.permissions.add(publish)
    publish.group_set.remove(contributors)

    assert logged() == [
        (
            "permissions_changed",
            "",
            "auth.group",
            "Contributor",
            None,
            {"added": ["posts.publish_post"], **COMMAND},
        ),
        (
            "permissions_changed",
            "",
            "auth.group",
            "Contributor",
            None,
            {"removed": ["posts.publish_post"], **COMMAND},
        ),
    ]


def test_staff_superuser_and_active_flags(anna):
    anna.is_superuser = True
    anna.save()
    anna.is_staff = anna.is_active = False
    anna.is_superuser = False
    anna.save()

    assert logged() == [
        (
            "roles_changed",
            "",
            "auth.user",
            "anna",
            None,
            {"is_superuser": [False, True], **COMMAND},
        ),
        (
            "roles_changed",
            "",
            "auth.user",
            "anna",
            None,
            {
                "is_active": [True, False],
                "is_staff": [True, False],
                "is_superuser": [True, False],
                **COMMAND,
            },
        ),
    ]


def test_new_accounts_are_compared_with_no_access_at_all(db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    UserFactory(username="dormant", is_active=False)

    assert logged() == [
        (
            "roles_changed",
            "",
            "auth.user",
            "root",
            None,
            {
                "created": True,
                "is_active": [False, True],
                "is_staff": [False, True],
                "is_superuser": [False, True],
                **COMMAND,
            },
        ),
    ]


def test_saves_that_keep_the_flags_are_not_recorded(client, anna):
    anna.first_name = "Anna"
    anna.save()
    client.force_login(anna)  # updates last_login only
    AuditEvent.objects.filter(action="signed_in").delete()

    assert logged() == []

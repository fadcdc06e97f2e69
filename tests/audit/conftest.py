"""What the audit tests share: the log as a reviewer reads it, and staff in their roles."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from tests.factories import UserFactory
from tests.staff import member

PASSWORD = "correct horse battery staple"


def clear_log():
    """Forget what arranging the test recorded (users created, posts published)."""
    AuditEvent.objects.all().delete()


def logged():
    """Every event, oldest first: (action, username, object type, object, address, detail)."""
    return [
        (
            event.action,
            event.username,
            event.object_type,
            event.object_repr,
            event.address,
            event.detail,
        )
        for event in AuditEvent.objects.order_by("pk")
    ]


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)


@pytest.fixture
def editor(roles):
    return member("Editor", "eddie")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)

"""The second-factor signals accounts sends become events about the account concerned."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts import signals
from tests.factories import UserFactory

from .conftest import clear_log, logged

pytestmark = pytest.mark.django_db


class Device:
    """Stands in for a passkey or authenticator app: only its name is recorded."""

    def __str__(self):
        return "Security key (YubiKey)"


def request_by(user, address="203.0.113.5"):
    request = RequestFactory().post("/admin/", REMOTE_ADDR=address)
    request.user = user
    return request


@pytest.fixture
def maryam(db):
    user = UserFactory(username="maryam", is_staff=True)
    clear_log()
    return user


@pytest.mark.parametrize(
    ("signal", "action"),
    [
        (signals.second_factor_enrolled, "second_factor_enrolled"),
        (signals.second_factor_removed, "second_factor_removed"),
        (signals.recovery_code_used, "recovery_code_used"),
        (signals.second_factor_failed, "second_factor_failed"),
    ],
)
def test_each_signal_is_its_event(maryam, signal, action):
    """While signing in nobody is signed in yet: the account itself is the user."""
    signal.send(sender=None, user=maryam, request=request_by(AnonymousUser()), device=Device())

    assert logged() == [
        (
            action,
            "maryam",
            "auth.user",
            "maryam",
            "203.0.113.5",
            {"device": "Security key (YubiKey)"},
        )
    ]


def test_an_administrator_removing_a_device_is_the_user(maryam):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    clear_log()

    signals.second_factor_removed.send(
        sender=None, user=maryam, request=request_by(root, "198.51.100.2"), device=Device()
    )

    assert logged() == [
        (
            "second_factor_removed",
            "root",
            "auth.user",
            "maryam",
            "198.51.100.2",
            {"device": "Security key (YubiKey)"},
        )
    ]


def test_without_a_device_or_a_request(maryam):
    """From a command (recovery codes reset by an operator, say)."""
    signals.second_factor_removed.send(sender=None, user=maryam, request=None, device=None)

    assert logged() == [
        ("second_factor_removed", "maryam", "auth.user", "maryam", None, {"via": "command"})
    ]


@pytest.mark.parametrize("username", ["maryam", "nobody-here"])
def test_a_slowed_sign_in_is_recorded_by_the_name_typed(maryam, username):
    signals.sign_in_slowed.send(
        sender=None, username=username, request=request_by(AnonymousUser(), "192.0.2.7")
    )
    assert logged() == [("sign_in_slowed", username, "", "", "192.0.2.7", {})]


def test_a_form_without_its_csrf_token_is_recorded(maryam):
    signals.request_refused.send(
        sender=None, request=request_by(maryam, "192.0.2.8"), reason="CSRF cookie not set."
    )
    assert logged() == [
        (
            "request_refused",
            "maryam",
            "",
            "",
            "192.0.2.8",
            {"path": "/admin/", "reason": "CSRF cookie not set."},
        )
    ]

"""Sign-ins, failed ones (known account or not) and sign-outs, with the address they came from."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from audit import receivers
from audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import PASSWORD, clear_log, logged

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def maryam(db):
    user = UserFactory(username="maryam", is_staff=True)
    clear_log()
    return user


def sign_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def test_a_sign_in_is_recorded_with_its_address(client, maryam):
    response = sign_in(client, "maryam", PASSWORD, REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 302
    assert logged() == [("signed_in", "maryam", "", "", "203.0.113.5", {})]
    assert AuditEvent.objects.get().user == maryam


def test_a_wrong_password_is_recorded_for_the_account_and_never_kept(client, maryam):
    response = sign_in(client, "maryam", "guessed-password-1", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 200
    assert logged() == [("sign_in_failed", "maryam", "", "", "203.0.113.5", {})]
    event = AuditEvent.objects.get()
    assert event.user == maryam
    assert "guessed-password-1" not in str(AuditEvent.objects.values().get())


def test_a_name_no_account_has_is_recorded_as_typed(client, maryam):
    sign_in(client, "Maryam.Admin", "guessed-password-1", REMOTE_ADDR="2001:db8::7")

    assert logged() == [("sign_in_failed", "Maryam.Admin", "", "", "2001:db8::7", {})]
    assert AuditEvent.objects.get().user is None


def test_a_sign_out_is_recorded(client, maryam):
    client.force_login(maryam)
    clear_log()

    client.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.5")

    assert logged() == [("signed_out", "maryam", "", "", "203.0.113.5", {})]


@pytest.mark.parametrize(
    ("proxy_count", "address"),
    [
        # No proxy declared: X-Forwarded-For is the visitor's own claim, ignored.
        (0, "10.0.0.1"),
        # One proxy appends what it saw; anything left of it was written by the visitor.
        (1, "198.51.100.20"),
        (2, "203.0.113.9"),
    ],
)
def test_the_address_honours_proxy_count(client, maryam, settings, proxy_count, address):
    settings.PROXY_COUNT = proxy_count

    sign_in(
        client,
        "maryam",
        "guessed-password-1",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 198.51.100.20",
    )

    assert logged() == [("sign_in_failed", "maryam", "", "", address, {})]


def test_an_address_that_is_not_one_is_not_believed(maryam, settings):
    """A misconfigured proxy's header must not cost the event: the address the
    connection came from is recorded instead (freeiran.security.client_address)."""
    settings.PROXY_COUNT = 1
    request = RequestFactory().post(LOGIN, HTTP_X_FORWARDED_FOR="unknown")
    credentials = {"username": "maryam", "password": "********************"}

    receivers.sign_in_failed(sender=None, credentials=credentials, request=request)

    assert logged() == [("sign_in_failed", "maryam", "", "", "127.0.0.1", {})]


def test_the_request_comes_with_the_signal_or_it_was_a_command(maryam):
    """authenticate() outside the middleware still has its request; without one (a shell,
    a command) the event says so."""
    assert authenticate(RequestFactory().get("/"), username="maryam", password="nope") is None
    credentials = {"username": "maryam", "password": "********************"}
    receivers.sign_in_failed(sender=None, credentials=credentials, request=None)

    assert logged() == [
        ("sign_in_failed", "maryam", "", "", "127.0.0.1", {}),
        ("sign_in_failed", "maryam", "", "", None, {"via": "command"}),
    ]


def test_any_name_typed_fits_the_log(maryam):
    """Names too long for the column, or with a NUL (PostgreSQL refuses it), are kept cut
    and marked rather than lost."""
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="203.0.113.5")
    credentials = {"username": "a\x00b" + "x" * 300, "password": "********************"}

    receivers.sign_in_failed(sender=None, credentials=credentials, request=request)

    assert logged() == [
        ("sign_in_failed", "a\N{REPLACEMENT CHARACTER}b" + "x" * 147, "", "", "203.0.113.5", {})
    ]

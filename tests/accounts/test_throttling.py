"""No outsider can lock an editor out; guessing from one address is still refused."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.signals import sign_in_slowed

from .conftest import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:verify")
REFUSAL = "Please enter the correct username and password for a staff account."


def attempt(password="wrong", username="eddie", address="203.0.113.5", **extra):
    return sign_in(Client(), username=username, password=password, address=address, **extra)


def test_failures_from_an_address_hold_back_that_address_not_the_account(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert REFUSAL in attempt(address="198.51.100.66").text
    held_back = attempt(address="198.51.100.66")  # the third failure
    assert held_back.status_code == 429
    assert "Too many failed sign-in attempts" in held_back.text
    assert attempt(PASSWORD, address="198.51.100.66").status_code == 429
    signed_in = attempt(PASSWORD, address="203.0.113.5")
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")


def test_guessing_many_usernames_from_one_address_is_refused(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("ann", "bob"):
        assert attempt(username=name, address="198.51.100.66").status_code == 200
    assert attempt(username="cy", address="198.51.100.66").status_code == 429
    assert attempt(PASSWORD, address="198.51.100.66").status_code == 429
    assert attempt(username="dee", address="192.0.2.14").status_code == 200


@pytest.fixture
def sprayed(editor, settings):
    """``eddie`` failed from three addresses: sign-ins for it are now slowed down."""
    settings.SIGN_IN_SLOWDOWN_AFTER = 3
    for number in range(3):
        attempt(address=f"198.51.100.{number}")
    return editor


def test_a_sprayed_username_has_its_password_checked_once_per_interval(sprayed):
    slowed = []
    sign_in_slowed.connect(receiver := lambda sender, username, **kwargs: slowed.append(username))
    try:
        assert REFUSAL in attempt(address="192.0.2.1").text  # checked: wrong
        right_too_soon = attempt(PASSWORD, address="192.0.2.2")
    finally:
        sign_in_slowed.disconnect(receiver)
    assert REFUSAL in right_too_soon.text  # not checked, though right
    assert slowed == ["eddie"]


def test_the_right_password_and_a_code_always_get_in(sprayed):
    device = TOTPDevice.objects.create(user=sprayed, name="Phone", confirmed=True)
    attempt(address="192.0.2.1")  # the interval's one check
    client = Client()
    response = sign_in(client, password=PASSWORD, code=current_code(device), address="192.0.2.2")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200  # verified already: no second step


def test_a_wrong_code_with_the_right_password_is_refused(sprayed):
    TOTPDevice.objects.create(user=sprayed, name="Phone", confirmed=True)
    client = Client()
    assert REFUSAL in sign_in(client, code="000000", address="192.0.2.2").text
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often a password is hashed."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def test_every_refusal_is_the_same_message_after_the_same_work(editor, settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_throttling.CountingHasher"]
    editor.set_password(PASSWORD)
    editor.save()
    settings.SIGN_IN_SLOWDOWN_AFTER = 2
    pages = {}
    for case, username, address in (
        ("no such user", "nobody-here", "192.0.2.1"),
        ("wrong password", "eddie", "192.0.2.2"),
        ("slowed down", "eddie", "192.0.2.3"),
    ):
        CountingHasher.hashed = 0
        response = attempt(username=username, address=address)
        pages[case] = (response.status_code, REFUSAL in response.text, CountingHasher.hashed)
    assert pages == {
        "no such user": (200, True, 1),
        "wrong password": (200, True, 1),
        "slowed down": (200, True, 1),
    }


def test_each_device_waits_longer_after_each_wrong_code(editor, settings, client):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client)
    assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    refused = client.post(VERIFY, {"code": current_code(device)})  # right, but too soon
    assert "That code is not right" in refused.text


def test_a_forwarded_address_that_is_no_address_is_not_believed(editor, settings):
    """A proxy passing on "unknown" (or something a client slipped in) leaves the address
    the connection came from, and the sign-in is refused as usual, not failed."""
    settings.PROXY_COUNT = 1
    response = Client().post(
        reverse("admin:login"),
        {"username": "eddie", "password": "wrong", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="unknown",
    )
    assert REFUSAL in response.text

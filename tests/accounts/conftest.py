import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.STAFF_2FA = "required"
    # django-otp makes each device wait after a wrong code (tests/accounts/test_throttling.py
    # shows it); here a right code may follow a wrong one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def editor(db):
    return UserFactory(
        username="eddie", email="eddie@example.org", is_staff=True, is_superuser=True
    )


def sign_in(client, username="eddie", password=PASSWORD, **extra):
    data = {"username": username, "password": password, "next": "/admin/", **extra}
    return client.post(
        reverse("admin:login"), data, REMOTE_ADDR=extra.pop("address", "203.0.113.5")
    )


def current_code(device, later=0):
    """The code the authenticator app shows now (``later`` steps on)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later * device.step
    return f"{totp.token():06d}"

"""Second-factor events recorded from the real pages, where the request's user is the
lazy object Django's middleware puts there, not a plain account."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import devices

from .conftest import PASSWORD, clear_log, logged

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.5"
LOGIN = reverse("admin:login")
VERIFY = reverse("accounts:verify")
CODES = reverse("accounts:recovery_codes")


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.STAFF_2FA = "required"
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, **extra):
    data = {"username": "eddie", "password": PASSWORD, "next": "/admin/", **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=ADDRESS)


def second_factor_events():
    return [event for event in logged() if event[0] not in ("signed_in", "signed_out")]


def test_making_recovery_codes_is_recorded(client, editor):
    sign_in(client)
    clear_log()

    assert client.post(CODES, REMOTE_ADDR=ADDRESS).status_code == 200

    assert second_factor_events() == [
        (
            "second_factor_enrolled",
            "eddie",
            "auth.user",
            "eddie",
            ADDRESS,
            {"device": f"{devices.RECOVERY_DEVICE_NAME} (eddie)"},
        )
    ]


def test_a_wrong_and_a_right_code_at_the_second_step_are_recorded(client, editor):
    _device, codes = devices.new_recovery_codes(editor)
    sign_in(client)
    clear_log()

    client.post(VERIFY, {"code": "not-a-code"}, REMOTE_ADDR=ADDRESS)
    assert client.post(VERIFY, {"code": codes[0]}, REMOTE_ADDR=ADDRESS).status_code == 302

    assert [(action, user, address) for action, user, _t, _o, address, _d in logged()] == [
        ("second_factor_failed", "eddie", ADDRESS),
        ("recovery_code_used", "eddie", ADDRESS),
    ]


def test_a_recovery_code_given_with_the_password_is_recorded_with_its_address(client, editor):
    _device, codes = devices.new_recovery_codes(editor)
    clear_log()

    assert sign_in(client, code=codes[0])["Location"] == "/admin/"

    used = [event for event in logged() if event[0] == "recovery_code_used"]
    assert [(user, address, detail) for _a, user, _t, _o, address, detail in used] == [
        ("eddie", ADDRESS, {"device": f"{devices.RECOVERY_DEVICE_NAME} (eddie)"})
    ]


def test_removing_a_device_is_recorded(client, editor):
    _device, codes = devices.new_recovery_codes(editor)
    app = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client, code=codes[0])
    clear_log()

    client.post(reverse("accounts:remove_device", args=[app.persistent_id]), REMOTE_ADDR=ADDRESS)

    assert second_factor_events() == [
        (
            "second_factor_removed",
            "eddie",
            "auth.user",
            "eddie",
            ADDRESS,
            {"device": "Phone (eddie)"},
        )
    ]

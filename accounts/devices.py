"""A staff member's second factors: passkeys, authenticator apps, recovery codes.

All three are django-otp devices. A user is *enrolled* once they hold a
confirmed one (recovery codes count, so that ``manage.py addstatictoken``
lets an operator bring a locked-out editor back in); passkeys and
authenticator apps are the *strong* ones the admin keeps asking for when a
user has only recovery codes. A set of recovery codes stays enrolment when
its last code is spent: else that sign-in would leave the account as if new,
and a password alone could then add a device and open the admin.
"""

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
STRONG_DEVICES = (WebAuthnCredential, TOTPDevice)


def confirmed_devices(user):
    """The user's confirmed devices; a set of recovery codes only while codes are left."""
    return [
        device
        for device in devices_for_user(user, confirmed=True)
        if not isinstance(device, StaticDevice) or device.token_set.exists()
    ]


def is_enrolled(user):
    """Whether the user set up a second factor: then the second step, never a first enrolment,
    follows the password (spent recovery codes too: an operator's code brings them back)."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def enrolled_kinds(user):
    """What the user's second step may ask for: a passkey, a code, or both."""
    return {kind_of(device) for device in devices_for_user(user, confirmed=True)}


def has_strong_device(user):
    return any(isinstance(device, STRONG_DEVICES) for device in confirmed_devices(user))


def kind_of(device):
    """What the device is, in the words the pages use."""
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    if isinstance(device, TOTPDevice):
        return "authenticator app"
    return "recovery codes"


@transaction.atomic
def new_recovery_codes(user):
    """A fresh set of one-time recovery codes, replacing the user's previous ones."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return device, codes


def unconfirmed_authenticator_app(user):
    """The authenticator app the user is setting up, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def start_authenticator_app(user):
    """An unconfirmed TOTP device for the user to scan; confirmed by its first code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code(device):
    """The device's setup address as a QR code, an SVG ``data:`` URI (no script, no request)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_key(device):
    """The key in the base32 form authenticator apps accept when typed by hand."""
    return device.config_url.split("secret=", 1)[1].split("&", 1)[0]

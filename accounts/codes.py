"""Checking a typed code against a user's authenticator apps and recovery codes.

Each device is asked in turn through django-otp, which throttles every
device on its own (each failure doubles the wait) and refuses a code used
before: an authenticator code within its time step, a recovery code ever.
"""

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .signals import recovery_code_used

TYPED_DEVICES = (TOTPDevice, StaticDevice)


def verify_code(user, code, request=None):
    """The device that accepts ``code`` for ``user``, or None.

    A recovery code is spent by its use; ``recovery_code_used`` says so.
    """
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, TYPED_DEVICES) and device.verify_token(code):
                break
        else:
            return None
    if isinstance(device, StaticDevice):
        recovery_code_used.send(sender=StaticDevice, user=user, request=request, device=device)
    return device

"""What follows sign-in events: failures counted for the slowdown, owners told of changes."""

from django.contrib.auth.signals import user_login_failed

from . import devices, notices, throttling
from .signals import recovery_code_used, second_factor_enrolled, second_factor_removed


def count_failure(sender, credentials, **kwargs):
    username = credentials.get("username")
    if username:
        throttling.record_failure(str(username))


def tell_owner(event):
    def receiver(sender, user, request=None, device=None, **kwargs):
        notices.tell(user, event, devices.kind_of(device), request)

    return receiver


def connect():
    user_login_failed.connect(count_failure, dispatch_uid="accounts-count-failure")
    for signal, event in (
        (second_factor_enrolled, "enrolled"),
        (second_factor_removed, "removed"),
        (recovery_code_used, "recovery_code_used"),
    ):
        signal.connect(tell_owner(event), weak=False, dispatch_uid=f"accounts-tell-{event}")

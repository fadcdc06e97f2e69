"""Emails telling a staff member what happened to their second factors.

Sent to the account's own address, so an attacker who added or removed a
device, or used a recovery code, is noticed by the person it belongs to.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from freeiran.security import client_address

logger = logging.getLogger(__name__)

SUBJECTS = {
    "enrolled": "A second factor was added to your account",
    "removed": "A second factor was removed from your account",
    "recovery_code_used": "A recovery code was used to sign in to your account",
}


def tell(user, event, device_kind, request=None):
    """Email ``user`` about ``event`` (a key of SUBJECTS); nothing if they have no address."""
    if not user.email:
        return
    body = render_to_string(
        "accounts/email/second_factor.txt",
        {
            "user": user,
            "event": event,
            "kind": device_kind,
            "site_name": settings.SITE_NAME,
            "address": client_address(request) if request is not None else "",
        },
    )
    try:
        send_mail(
            f"{settings.SITE_NAME}: {SUBJECTS[event]}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    except (OSError, smtplib.SMTPException) as error:
        # The change itself stands (the audit log has it); a mail server that is down
        # must not turn it into an error page.
        logger.error("Could not email %s about %s: %s", user.pk, event, error)

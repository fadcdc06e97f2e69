"""No admin page for a staff member who has not passed a second factor.

With ``STAFF_2FA = "required"`` (the default whenever debug is off), a
signed-in staff member whose session has not passed its second step is
sent to it; one with no device yet, to enrol one. Until then only those
pages, the passkey ceremonies and signing out answer them, and outside the
admin (previews of drafts, draft media pages) they are a visitor: a stolen
password must not show what is unpublished anywhere.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import devices

ADMIN = "/admin/"


def second_factor_required(get_response):
    def middleware(request):
        user = request.user
        request.needs_strong_device = False
        if not request.path.startswith(ADMIN):
            if settings.STAFF_2FA == "required":
                request.user = SimpleLazyObject(functools.partial(visitor_until_verified, user))
            return get_response(request)
        if not (user.is_authenticated and user.is_staff):
            return get_response(request)
        if user.is_verified():
            request.needs_strong_device = signed_in_with_recovery_code(user)
            return get_response(request)
        if settings.STAFF_2FA != "required":
            return get_response(request)
        enrolled = devices.is_enrolled(user)
        if request.path in allowed_paths(enrolled):
            return get_response(request)
        target = reverse("accounts:verify" if enrolled else "accounts:security")
        return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")

    return middleware


def allowed_paths(enrolled):
    """What a staff member between password and second factor may open."""
    paths = {reverse("admin:logout"), reverse("otp_webauthn:js-i18n-catalog")}
    if enrolled:
        return paths | {
            reverse("accounts:verify"),
            reverse("otp_webauthn:credential-authentication-begin"),
            reverse("otp_webauthn:credential-authentication-complete"),
        }
    return paths | {
        reverse("accounts:security"),
        reverse("accounts:authenticator_app"),
        reverse("accounts:recovery_codes"),
        reverse("otp_webauthn:credential-registration-begin"),
        reverse("otp_webauthn:credential-registration-complete"),
    }


def signed_in_with_recovery_code(user):
    """Whether this session was let in by a recovery code while no passkey or app is set
    up: the admin then asks for one on every page."""
    device = getattr(user, "otp_device", None)
    return devices.kind_of(device) == "recovery codes" and not devices.has_strong_device(user)


def visitor_until_verified(user):
    """``user``, or a visitor while ``user`` is staff short of the second step. Lazy, like
    Django's own: a public page that never looks at the user never reads the session."""
    if user.is_authenticated and user.is_staff and not user.is_verified():
        visitor = AnonymousUser()
        visitor.otp_device = None
        visitor.is_verified = lambda: False  # as django-otp's middleware gives every user
        return visitor
    return user

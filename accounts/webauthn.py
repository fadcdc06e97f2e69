"""Passkeys (WebAuthn, through django-otp-webauthn), bound to the site that asks.

The relying party is the host the editor signed in at and the origin is
that host's own, both read from a request whose host Django already
checked against ALLOWED_HOSTS; ``OTP_WEBAUTHN_RP_ID`` fixes the relying
party when the admin answers at several names. The views are the
package's, with the signals this site sends.
"""

import json

from django.conf import settings
from django_otp_webauthn import views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from .signals import second_factor_enrolled, second_factor_failed


def relying_party_id(request):
    """The host staff sign in at (without its port), unless OTP_WEBAUTHN_RP_ID fixes it."""
    return settings.OTP_WEBAUTHN_RP_ID or request.get_host().rsplit(":", 1)[0]


class SiteWebAuthnHelper(WebAuthnHelper):
    def get_allowed_origins(self):
        """The configured origins and this request's own (its host checked by ALLOWED_HOSTS):
        a page elsewhere could not get the browser to sign for this site's name anyway."""
        own = f"{self.request.scheme}://{self.request.get_host()}"
        return list(dict.fromkeys([*settings.OTP_WEBAUTHN_ALLOWED_ORIGINS, own]))


class CompleteRegistration(views.CompleteCredentialRegistrationView):
    """Registering a passkey is enrolling a second factor: the user is told, the log notes it."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)  # raises (an error answer) on failure
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        second_factor_enrolled.send(
            sender=type(device), user=self.request.user, request=self.request, device=device
        )
        return response


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    """A passkey refused at the second step is a failed second factor, for the log."""

    def handle_exception(self, exc):
        user = self.request.user if self.request.user.is_authenticated else None
        second_factor_failed.send(sender=type(self), user=user, request=self.request, device=None)
        return super().handle_exception(exc)

"""Signals this app sends about second factors, for the audit log and notices.

Each is sent with ``user`` (the account concerned), ``request`` (the one
that did it, or None from a command) and ``device`` (the device concerned,
or None).
"""

from django.dispatch import Signal

# A passkey, an authenticator app or a set of recovery codes was added.
second_factor_enrolled = Signal()
# A device was removed.
second_factor_removed = Signal()
# A recovery code was used to sign in (it is spent).
recovery_code_used = Signal()
# A code or passkey was refused at the second step of signing in.
second_factor_failed = Signal()
# A sign-in was refused unchecked while its username is being slowed down (see
# throttling); sent with ``username`` (as typed) and ``request`` instead.
sign_in_slowed = Signal()
# A form was sent without its CSRF token (or with a stale one) and refused;
# sent with ``request`` and ``reason``.
request_refused = Signal()

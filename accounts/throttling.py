"""Sign-in throttling that an outsider cannot turn into a lockout.

Refusals by address are django-axes' work: after ``AXES_FAILURE_LIMIT``
failures from one address, or from one address for one username, that
address waits (settings: ``AXES_LOCKOUT_PARAMETERS``). Nothing is ever
locked by username alone: one request every few minutes from anywhere
would otherwise keep an editor out for good.

A username that fails often from many addresses (password spraying) is
*slowed down* instead: its password is checked at most once per
``SIGN_IN_SLOWDOWN_SECONDS``, and attempts in between are refused unchecked.
An attempt that brings a code from the user's authenticator app or a
recovery code along with the password is always checked, so the real user
always gets in. Counts are kept in the shared cache, by a hash of the
username (whether or not such a user exists).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def key(username):
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return f"sign-in-failures:{digest}"


def record_failure(username):
    """Count a failed sign-in for ``username``, within the window."""
    name = key(username)
    cache.add(name, 0, settings.SIGN_IN_SLOWDOWN_WINDOW)
    try:
        cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, settings.SIGN_IN_SLOWDOWN_WINDOW)


def is_slowed(username):
    return (cache.get(key(username)) or 0) >= settings.SIGN_IN_SLOWDOWN_AFTER


def may_check_password(username):
    """Whether a password-only attempt for ``username`` may be checked now: always while
    it is not slowed down, else the first attempt of each interval."""
    if not is_slowed(username):
        return True
    return cache.add(f"{key(username)}:checked", 1, settings.SIGN_IN_SLOWDOWN_SECONDS)


def clear(username):
    cache.delete_many([key(username), f"{key(username)}:checked"])

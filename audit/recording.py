"""Writing events: who, what, when, from which address, without breaking what they record.

An event is written at once, so it belongs to the transaction of the change
it records when there is one: a rolled-back change leaves no event. It is
written in a savepoint of its own, so a failed write is undone alone (on
PostgreSQL it would otherwise spoil the whole transaction), and every
receiver is wrapped in ``never_fails``, which logs the error instead of
raising it. Sign-in attempts change nothing else: the sign-in views run in
autocommit (the site does not set ATOMIC_REQUESTS), so a refused password's
event is committed as soon as it is written. A view that checks a password
or a code inside ``transaction.atomic`` must send the failure's signal after
the block, or a rollback would take the event with it.
"""

import functools
import ipaddress
import logging

from django.db import transaction

from freeiran.security import client_address
from posts.models import Page, Post

from .middleware import current_request
from .models import AuditEvent

logger = logging.getLogger(__name__)


def never_fails(receiver):
    """Run ``receiver``, logging (at ERROR, with the traceback) instead of raising: an
    event that cannot be recorded must not turn a sign-in or a save into an error page."""

    @functools.wraps(receiver)
    def safe(*args, **kwargs):
        try:
            receiver(*args, **kwargs)
        except Exception:
            logger.exception("The audit log could not record an event (%s).", receiver.__name__)

    return safe


def signed_in_user(request):
    """The user signed in on ``request``, or None (anonymous, or no request)."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def acting():
    """``(request, user)`` behind the change being made now: the current request and its
    signed-in user, or ``(None, None)`` in a command."""
    request = current_request()
    return request, signed_in_user(request)


def address_of(request):
    """The client's address as sign-in throttling sees it (DJANGO_PROXY_COUNT honoured,
    X-Forwarded-For ignored without it), or None when there is none or it is not an address."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def clean(text, length):
    """``text`` fit for a column of ``length`` characters. A name as typed at sign-in may be
    anything: too long, or with a NUL (which PostgreSQL refuses), it would lose the event."""
    return str(text).replace("\x00", "\N{REPLACEMENT CHARACTER}")[:length]


def describe(target):
    """``(type, id, text)`` naming ``target`` (a model instance, or None) in an event."""
    if target is None:
        return "", "", ""
    # ``__class__``, not ``type()``: a request's user is a lazy object standing in for it.
    model = target.__class__
    # Pages share the posts' table: name them as the admin does.
    if isinstance(target, Post) and target.kind == Post.Kind.PAGE:
        model = Page
    return model._meta.label_lower, str(target.pk), clean(target, 200)


def event(action, *, request, user, username=None, target=None, detail=None):
    """An unsaved event: ``user`` (or nobody) did ``action`` to ``target`` from ``request``'s
    address; ``username`` defaults to the user's. Without a request it came from a command."""
    object_type, object_id, object_repr = describe(target)
    if username is None:
        username = user.get_username() if user is not None else ""
    detail = dict(detail or {})
    if request is None:
        detail["via"] = "command"
    return AuditEvent(
        action=action,
        user=user,
        username=clean(username, 150),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        address=address_of(request),
        detail=detail,
    )


def write(events):
    """Store ``events`` in a savepoint of their own (see the module's docstring)."""
    if events:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events)


def record(action, **fields):
    """Write one event (the fields of ``event``)."""
    write([event(action, **fields)])


def record_change(action, target, detail=None):
    """Write that whoever is acting now (``acting``) did ``action`` to ``target``."""
    request, user = acting()
    record(action, request=request, user=user, target=target, detail=detail)

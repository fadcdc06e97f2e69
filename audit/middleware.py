"""The request being served, for receivers that Django's signals give no request.

A post saved, a group's permissions changed or a redirect deleted arrive as
model signals; the audit log still needs who did it and from where. The
request is kept in a ``ContextVar``, so each thread (and each task, under
ASGI) sees its own, and nothing is left behind once the response is made.
"""

from contextvars import ContextVar

_request = ContextVar("audit_request", default=None)


def current_request():
    """The request being served in this context, or None (a command, a task, a shell)."""
    return _request.get()


def remember_request(get_response):
    """Keep the request for the receivers; placed after AuthenticationMiddleware, so
    ``request.user`` is there when they ask."""

    def middleware(request):
        token = _request.set(request)
        try:
            return get_response(request)
        finally:
            _request.reset(token)

    return middleware

"""``/healthz`` for load balancers and the friendly 503 page when the database is down."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pagecache import shared_cache

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
PROBE_KEY = "healthz:probe"


@never_cache
@require_safe
def healthz(request):
    """200 when the database (and the shared cache, if there is one) answer; 503 otherwise.

    ``?cache=optional`` is for load balancers: a Redis outage only makes pages
    slower (they are served uncached), so it should not take every app
    server out of rotation; the body still reports the cache as unavailable.
    """
    checks = {"database": check_database()}
    if shared_cache():
        checks["cache"] = check_cache()
    required = [
        name for name in checks if not (name == "cache" and request.GET.get("cache") == "optional")
    ]
    healthy = all(checks[name] == "ok" for name in required)
    return JsonResponse(checks, status=200 if healthy else 503)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("healthz: database unavailable: %s", error)
        return "unavailable"
    return "ok"


def check_cache():
    try:
        cache.set(PROBE_KEY, "ok", 10)
        if cache.get(PROBE_KEY) != "ok":
            return "unavailable"
    except Exception as error:  # any backend's connection error
        logger.warning("healthz: cache unavailable: %s", error)
        return "unavailable"
    return "ok"


def server_error(request):
    """The 500 handler; a database outage gets a friendly 503 with Retry-After instead.

    Django calls this inside the ``except`` block of the failed request, so
    the exception is at hand wherever it was raised (view, template or
    middleware). Connections are health-checked before reuse
    (CONN_HEALTH_CHECKS), so once the database is back the next request
    reconnects by itself.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(render_to_string("500.html"))
    response["Cache-Control"] = "no-store"
    return response

"""Reading settings from the environment, with a clear error for a bad value.

Every variable the site reads goes through these, so ``DJANGO_CONN_MAX_AGE=1m``
or ``DJANGO_HTTPS=maybe`` stops the start with ``ImproperlyConfigured``
naming the variable and what it takes, never with a traceback from deep in a
library. Kept apart from the settings so that gunicorn's configuration can
use them too, before Django is set up.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def env_str(name, default=""):
    """The variable's value, trimmed; ``default`` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name, default=False):
    value = env_str(name).lower()
    if not value:
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be 1 or 0 (or true/false, yes/no, on/off), not {value!r}."
    )


def env_int(name, default):
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name):
    """A comma-separated list; empty items are dropped."""
    return [item.strip() for item in env_str(name).split(",") if item.strip()]


def env_choice(name, choices, default):
    """One of ``choices``; ``default`` when unset or blank."""
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def tasks_backend():
    """Where background tasks run: ``database`` (queued for ``manage.py db_worker``), or
    ``immediate`` (right after the commit, in the process that queued them), the default
    when debugging. The settings read it, and so does ``make serve`` (scripts/serve),
    which starts a worker beside gunicorn for the database."""
    default = "immediate" if env_bool("DJANGO_DEBUG") else "database"
    return env_choice("DJANGO_TASKS_BACKEND", ("database", "immediate"), default)

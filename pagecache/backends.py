"""The shared cache, made to fail soft.

Every cache user (cached pages, sidebar widgets, rate limits) goes through
Django's cache API. When Redis is down, Django's Redis backend raises on
every call; this one logs, answers "not cached" and stops trying for a few
seconds, so an outage costs speed, never errors, and never makes each request
wait for a connection timeout.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
# Connection failures and timeouts, and the server refusing commands (out of
# memory, read-only during a failover): all read as "not cached".
OUTAGES = (RedisError, OSError)


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures read as misses and whose writes are dropped."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.down_until = 0.0

    def attempt(self, operation, default, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except OUTAGES as error:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Cache unavailable (%s); serving without it: %s", operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self.attempt("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self.attempt("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("add", False, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self.attempt("incr", None, key, delta, version)

    def delete(self, key, version=None):
        return self.attempt("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self.attempt("delete_many", None, keys, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self.attempt("has_key", False, key, version)

    def clear(self):
        return self.attempt("clear", None)

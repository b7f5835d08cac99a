"""The shared cache (Redis) as something the portal can lose without going down.

Everything the portal keeps in the cache can be recomputed or read elsewhere: call pages are
rendered again, sessions are written through to PostgreSQL (``cached_db``), rate-limit counters
start again. So when Redis does not answer, this backend answers as an empty cache — a miss for
every read, nothing for every write — instead of raising, and every page keeps working from the
database (the fault drill in benchmarks/faults.py found every page answering 500 with Django's
own backend). After a failure it does not try Redis again for ``AMI_CACHE_RETRY_AFTER`` seconds
(default 10): otherwise each cache call of each request would wait for the connection timeout.

While Redis is down, rate limits count nothing (fail-open, logged): the login lock-outs, kept in
PostgreSQL by django-axes, still hold.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("ami_portal.cache")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    @property
    def retry_after(self) -> float:
        return float(getattr(settings, "AMI_CACHE_RETRY_AFTER", 10))

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.error("cache unavailable (%s: %s): served without it for %.0f s", name, exc, self.retry_after)
            return fallback

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError("the cache is unavailable")  # callers treat it as an expired counter
        return value

    def clear(self):
        return self._call("clear", None)

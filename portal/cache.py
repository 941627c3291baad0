"""The cache backend: Redis, but a Redis outage is never an error for a visitor.

The cache only makes things faster (page fragments) or keeps counters (throttles). When Redis cannot be
reached every call answers as an empty cache would: `get` misses, `set` does nothing, `add` succeeds (so a
throttle lets the visitor through rather than locking everyone out). The outage is logged once a minute,
not once per request.
"""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60.0
_last_logged = 0.0


def _log_outage(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("The cache (Redis) cannot be reached; working without it: %s", error)


def _falls_back(fallback: Callable[..., Any]) -> Callable[[Callable], Callable]:
    def decorator(method: Callable) -> Callable:
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                _log_outage(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _falls_back(_default)(RedisCache.get)
    get_many = _falls_back(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _falls_back(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _falls_back(lambda *args, **kwargs: True)(RedisCache.add)
    set = _falls_back(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _falls_back(lambda *args, **kwargs: [])(RedisCache.set_many)
    touch = _falls_back(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _falls_back(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _falls_back(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = _falls_back(lambda key, delta=1, *args, **kwargs: delta)(RedisCache.incr)
    decr = _falls_back(lambda key, delta=1, *args, **kwargs: -delta)(RedisCache.decr)
    clear = _falls_back(lambda *args, **kwargs: False)(RedisCache.clear)

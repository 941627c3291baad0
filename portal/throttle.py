"""Throttling for public forms (no account): a fixed-window counter per client address in the cache.

Logins are throttled by django-allauth (ACCOUNT_RATE_LIMITS); everything else a visitor can POST
without an account goes through `throttle_post`.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The client's address, hashed: it only keys a counter and is never stored in readable form."""
    address = request.META.get("REMOTE_ADDR", "unknown")
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def throttle_allows(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one hit for `key` in `scope`; False once more than `limit` hits fall in this `period` (s)."""
    window = int(timezone.now().timestamp()) // period
    cache_key = f"throttle:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=period + 5):
        return True
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=period + 5)
        return True
    return hits <= limit


def throttle_post(scope: str, *, limit: int, period: int = 3600) -> Callable:
    """Refuse POSTs beyond `limit` per `period` from one address with a friendly 429 page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and not throttle_allows(
                scope=scope, key=client_address(request), limit=limit, period=period
            ):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

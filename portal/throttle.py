"""The one throttle for everything a visitor can send without an account.

Logins are throttled by django-allauth (ACCOUNT_RATE_LIMITS); every other public form uses `throttle`:

    @throttle("event-registration", limit=20, period=3600, target=lambda request, kwargs: kwargs["slug"])
    def event_register(request, slug): ...

A fixed-window counter per client address *and per target* (a scan, an event, an address) lives in the
cache, so one visitor cannot use up what others need, and a busy town-hall network sharing one address
only meets the limit per thing it uses. Over the limit the visitor gets the styled 429 page with a
Retry-After header. When the cache is down the throttle lets requests through (see portal/cache.py).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

Target = Callable[[HttpRequest, dict[str, Any]], str]


def client_address(request: HttpRequest) -> str:
    """The client's address, hashed: it only keys a counter and is never stored in readable form.

    Behind our TLS proxy (DJANGO_BEHIND_TLS_PROXY=1) the address is the last entry of X-Forwarded-For,
    the one our proxy appended; entries before it are whatever the client chose to send.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    if settings.PORTAL_BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-1]
    return hashlib.sha256(f"{settings.SECRET_KEY[:16]}:{address}".encode()).hexdigest()[:24]


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


def throttle_blocked(*, scope: str, key: str, limit: int, period: int) -> bool:
    """True once `limit` hits of `key` fall in this `period` (s); only reads, counts nothing."""
    window = int(timezone.now().timestamp()) // period
    hits = cache.get(f"throttle:{scope}:{key}:{window}")
    return hits is not None and hits >= limit


def too_many_requests(request: HttpRequest, *, period: int) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(period)
    return response


def throttle(
    scope: str,
    *,
    limit: int,
    period: int = 3600,
    target: Target | None = None,
    methods: Iterable[str] = ("POST",),
) -> Callable[[Callable], Callable]:
    """Refuse more than `limit` requests per `period` from one address (per `target`, when given)."""
    methods = frozenset(methods)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method in methods:
                key = _key(request, target, kwargs)
                if not throttle_allows(scope=scope, key=key, limit=limit, period=period):
                    return too_many_requests(request, period=period)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def throttle_failures(
    scope: str,
    *,
    limit: int,
    period: int = 3600,
    target: Target | None = None,
    failed: Callable[[HttpResponse], bool] = lambda response: response.status_code == 404,
) -> Callable[[Callable], Callable]:
    """Against guessing a secret in the URL (a personal link): count only the requests that `failed`
    (by default: answered 404), and refuse every request, right or wrong, once `limit` failures from one
    address (per `target`) fall in a `period`.

    A request with the right secret writes nothing here: one read of the counter, which must come before
    the view looks the secret up. Refused only after the lookup, a blocked guesser would still learn from
    each answer (429 wrong, 200 right) whether a guess was right, and the limit would protect nothing.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            key = _key(request, target, kwargs)
            if throttle_blocked(scope=scope, key=key, limit=limit, period=period):
                return too_many_requests(request, period=period)
            response = view(request, *args, **kwargs)
            if failed(response):
                throttle_allows(scope=scope, key=key, limit=limit, period=period)
            return response

        return wrapper

    return decorator


def _key(request: HttpRequest, target: Target | None, kwargs: dict[str, Any]) -> str:
    key = client_address(request)
    if target is not None:  # hashed: a target may be a token, which no cache key may show
        key = hashlib.sha256(f"{key}:{target(request, kwargs)}".encode()).hexdigest()[:32]
    return key

"""Whole public pages for visitors without an account, kept in each web process and served before the view runs.

A view opts in with `@public_page`. Its response is kept when the visitor had no session and no pending
message, the page is an ordinary 200 HTML page, it set no cookie, did not change the session, did not
use the CSP nonce and did not mark itself private. The key is the host, the full path with its query
string and the language: every visitor of that address in that language gets the same page, and nothing
else varies for a visitor without an account (the header shows "Sign in", the language switch is a
link). The one per-visitor part of such a page, the CSRF token of its forms, is cut out before the page
is kept and filled in with this visitor's own token when it is served.

Staleness a visitor can see:
- A change made through the portal's own write paths (the services of the apps call `content_changed()`
  inside their transaction; every successful POST in the Django admin does too) raises the shared
  version when it commits: this process shows the change at once, the other web processes within
  VERSION_SECONDS (1 s), because each reads the version from the shared cache at most that often.
- Anything else (a background job, the shell, a date passing midnight) shows within
  PORTAL_PAGE_CACHE_SECONDS (60 s by default; 0 switches the whole-page cache off, as the tests do).
- When the shared cache (Redis) is down, every request reads a fresh version: every page misses and is
  rendered as usual.

Signed-in members' pages are kept too, per session (never shared between two sessions or two people), in
the same process, for the same kinds of response, except htmx requests (polled progress, live counts), the
account and admin pages, and pages drawn with a message. Every request that writes (any POST, PUT, PATCH
or DELETE, by anyone, also without an account), every background job that finishes and every
`content_changed()` raises the members' version, and each signed-in request reads that version from the
shared cache (no one-second memory here): after their own action a member never sees the page as it
was, whichever web process answers. What changes without a request or a job (a date passing, the shell)
shows within PORTAL_PAGE_CACHE_SECONDS. A kept page is served only after every access check of the
middleware (sign-in, second factor); the view's own checks ran when it was drawn for this same session, and
any change of roles since is a write that raised the version.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

VERSION_SECONDS = 1.0
CSRF_MARK = "\x00portal-csrf\x00"  # cannot occur in a rendered template (Django escapes nothing to NUL)
PUBLIC_PAGE = "_portal_public_page"
# Headers the outer middleware add to every response anyway (the served copy gets its own).
_NOT_KEPT = {"content-length", "content-language", "content-security-policy", "set-cookie", "vary",
             "x-frame-options", "permissions-policy", "cross-origin-resource-policy", "cross-origin-opener-policy",
             "referrer-policy", "x-content-type-options", "strict-transport-security"}
_TOKEN = re.compile(r"(?<![a-zA-Z0-9])[a-zA-Z0-9]{64}(?![a-zA-Z0-9])")


class SharedVersion:
    """A number in the shared cache that writes raise; each process reads it at most once per VERSION_SECONDS."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._value: int | None = None
        self._read_at = 0.0

    def current(self, *, fresh: bool = False) -> int:
        """The version; `fresh` reads the shared cache now instead of trusting the last second's reading."""
        now = time.monotonic()
        if not fresh and self._value is not None and now - self._read_at < VERSION_SECONDS:
            return self._value
        version = cache.get(self.key)
        if version is None:  # never set, evicted, or the cache is down: a version nothing carries yet
            cache.add(self.key, _fresh(), timeout=None)
            version = cache.get(self.key) or _fresh()
        self._value, self._read_at = version, now
        return version

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not there (evicted or never set)
            cache.set(self.key, _fresh(), timeout=None)
        self._value = None  # this process sees its own change at once

    def changed(self) -> None:
        """Raise the version once the current transaction commits (at once outside a transaction)."""
        transaction.on_commit(self.bump)

    def forget(self) -> None:
        self._value, self._read_at = None, 0.0

    def __str__(self) -> str:
        """Templates vary fragment caches on it: `{% cache seconds name public_version ... %}`."""
        return str(self.current())


def _fresh() -> int:
    return int(time.time() * 1000)


public_version = SharedVersion("portal:public-pages-version")
member_version = SharedVersion("portal:member-pages-version")
# At most 500 pages per process (some 25 MB at 50 kB a page): random query strings cannot fill the memory.
_pages = LocMemCache("portal-public-pages", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 500}})
_member_pages = LocMemCache("portal-member-pages", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 500}})
# Signed-in pages under these addresses are always drawn: allauth's account and second-factor pages (some
# show a secret while it is being set up) and the Django admin.
MEMBER_PAGES_NEVER_KEPT = ("/accounts/", "/admin/")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def content_changed() -> None:
    """Call inside the transaction of any write that changes what a public page shows."""
    public_version.changed()
    member_version.changed()


def data_changed() -> None:
    """Call after work outside a request changed data (a finished job): members' kept pages are out of date."""
    member_version.changed()


def reset() -> None:
    """Forget every kept page in this process (tests)."""
    _pages.clear()
    _member_pages.clear()
    public_version.forget()
    member_version.forget()


def public_page(view: Callable | None = None, *, although_no_store: bool = False) -> Callable:
    """Mark a view whose page is the same for every visitor without an account (see the module docstring).

    A response marked private or no-store is not kept, unless the view says `although_no_store`: the
    sign-in page forbids browsers to store it (allauth's choice, which the served copy keeps), yet apart
    from its CSRF token it is the same for every visitor.
    """

    def mark(function: Callable) -> Callable:
        setattr(function, PUBLIC_PAGE, "although_no_store" if although_no_store else "yes")
        return function

    return mark(view) if view is not None else mark


@dataclass(frozen=True)
class KeptPage:
    version: int
    content: str
    content_type: str
    headers: tuple[tuple[str, str], ...]


class LazyNonce:
    """The CSP nonce, made only when a template asks for it: a page that never asks needs none and may be kept."""

    def __init__(self) -> None:
        self._value = ""

    @property
    def used(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        if not self._value:
            import secrets

            self._value = secrets.token_urlsafe(18)
        return self._value

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return str(self)


def _key(request: HttpRequest) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    # htmx asks for the changing part of a page only (the catalogue's results): a different response.
    part = "hx" * bool(request.headers.get("HX-Request")) + "r" * bool(request.headers.get("HX-History-Restore-Request"))
    return f"{language}:{part}:{hashlib.sha256(address.encode()).hexdigest()[:40]}"


def _visitor_may_share(request: HttpRequest) -> bool:
    """A visitor without a session or a pending message sees what every such visitor sees."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _member_address_may_be_kept(request: HttpRequest) -> bool:
    """Switched on, not an account or admin page, not an htmx part, no message waiting in a cookie."""
    if not settings.PORTAL_MEMBER_PAGES_KEPT or request.path.startswith(MEMBER_PAGES_NEVER_KEPT):
        return False
    return not request.headers.get("HX-Request") and "messages" not in request.COOKIES


def _member_may_keep(request: HttpRequest) -> bool:
    """A signed-in request whose page may be kept for this session (see the module docstring)."""
    if not _member_address_may_be_kept(request):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = request.session
    return bool(session.session_key) and "_messages" not in session


def _member_key(request: HttpRequest, user_id: str | None = None) -> str:
    user_id = user_id if user_id is not None else str(request.user.pk)
    return f"{user_id}:{request.session.session_key}:{_key(request)}"


def _kept_member_page(request: HttpRequest) -> KeptPage | None:
    """This session's kept page for this address, if it is still current (read before the user is loaded)."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    if settings.PORTAL_PAGE_CACHE_SECONDS <= 0 or not _member_address_may_be_kept(request):
        return None
    session = request.session
    user_id = session.get("_auth_user_id")
    if not user_id or "_messages" in session:
        return None
    page = _member_pages.get(_member_key(request, str(user_id)))
    if page is None or page.version != member_version.current(fresh=True):
        return None
    return page


def _without_csrf_tokens(request: HttpRequest, content: str) -> str | None:
    """The page with this visitor's CSRF tokens replaced by a mark; None when a token cannot be told apart."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content
    from django.middleware.csrf import _unmask_cipher_token

    secret = request.META.get("CSRF_COOKIE", "")
    if not secret:
        return None

    def replace(match: re.Match) -> str:
        return CSRF_MARK if _unmask_cipher_token(match.group(0)) == secret else match.group(0)

    return _TOKEN.sub(replace, content)


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies:
        return False
    member = request._portal_page_mark == "member"
    cache_control = response.get("Cache-Control", "")
    private = "private" in cache_control or "no-store" in cache_control
    if private and not member and request._portal_page_mark != "although_no_store":
        return False  # (a member's page is private by nature: it is kept for this session only)
    nonce = getattr(request, "csp_nonce", None)
    if isinstance(nonce, LazyNonce) and nonce.used:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False  # a message added during this request (incoming ones need a cookie or a session)
    if member:
        return _member_may_keep(request) and _member_key(request) == request._portal_page_key
    return _visitor_may_share(request)


class PublicPageCacheMiddleware:
    """Serves kept pages (see the module docstring) and raises the versions after writes."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_portal_page_key", None)
        if key is not None and _keepable(request, response):
            content = _without_csrf_tokens(request, response.content.decode(response.charset))
            if content is not None:
                headers = tuple((name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT)
                page = KeptPage(request._portal_page_version, content, response["Content-Type"], headers)
                store = _member_pages if request._portal_page_mark == "member" else _pages
                store.set(key, page, timeout=settings.PORTAL_PAGE_CACHE_SECONDS)
        elif request.method in WRITES and response.status_code < 500:
            # Whatever a write changed, no member's kept page shows the state before it (the request's own
            # transaction has ended here, so the version rises at once).
            member_version.bump()
            if request.path.startswith(self.admin_prefix) and response.status_code < 400:
                content_changed()  # an edit in the Django admin: every kept page is out of date
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if settings.PORTAL_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return None
        mark = getattr(view_func, PUBLIC_PAGE, None)
        if mark and _visitor_may_share(request):
            store, key, version = _pages, _key(request), public_version.current()
        elif _member_may_keep(request):
            # Served before the user was read (KeptMemberPageMiddleware) when current: here it is drawn and kept.
            store, key, version, mark = None, _member_key(request), member_version.current(fresh=True), "member"
        else:
            return None
        page = store.get(key) if store is not None else None
        if page is not None and page.version == version:
            return _serve(request, page)
        if request.method == "GET":
            request._portal_page_key, request._portal_page_version, request._portal_page_mark = key, version, mark
        return None


def _serve(request: HttpRequest, page: KeptPage) -> HttpResponse:
    content = page.content
    if CSRF_MARK in content:
        content = content.replace(CSRF_MARK, get_token(request))
    response = HttpResponse(content, content_type=page.content_type)
    for name, value in page.headers:
        if name.lower() != "content-type":
            response[name] = value
    response["X-Portal-Page"] = "kept"
    return response


class KeptMemberPageMiddleware:
    """Serves a signed-in member's kept page right after the CSRF step, before the user and roles are read.

    A kept page was drawn for this same session after every check (sign-in, second factor, the view's own);
    anything that could change the outcome of those checks is a write, which raised the version. The
    headers the skipped inner middleware would add are set here.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = _kept_member_page(request)
        if page is None:
            return self.get_response(request)
        response = _serve(request, page)
        response["Cache-Control"] = "private, no-store"
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response

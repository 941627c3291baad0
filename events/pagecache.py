"""Public agenda pages cache their slow parts (filters and cards, the event text, the empty registration
form) for visitors without an account. Every fragment is stored with the agenda version current when it was
drawn, and every change of places or events raises that version (in the shared cache): counts such as
"nog 12 plaatsen" are at most a second old, and the cache only saves work while nothing changes.

Fragments live in the web process itself, so a hit needs no round trip; the version is read from the shared
cache at most once a second. Templates mark the parts with `{% fragment "name" %}...{% endfragment %}`
(events_tags). When the shared cache is down, each request reads a fresh version: everything misses.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

VERSION_KEY = "events:agenda-version"
# Each web process asks the shared cache for the version at most this often: a change made elsewhere shows
# within a second; a change made by this process shows at once.
VERSION_SECONDS = 1.0
# Rendered fragments stay in the process: a hit costs no round trip at all.
_fragments = LocMemCache("events-fragments", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 1000}})
_version: dict[str, float | int | None] = {"value": None, "at": 0.0}


def _fresh_version() -> int:
    """A version no fragment can carry yet (after a restart or eviction of the shared cache)."""
    return int(time.time() * 1000)


def current_version() -> int:
    now = time.monotonic()
    if _version["value"] is not None and now - _version["at"] < VERSION_SECONDS:
        return _version["value"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY) or _fresh_version()
    _version.update(value=version, at=now)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted or never set)
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    _version["value"] = None  # this process sees its own change at once


def agenda_changed() -> None:
    """Call inside the transaction that changes places or events; the version rises once it commits."""
    transaction.on_commit(_bump)


def reset() -> None:
    """Forget everything held in this process (tests)."""
    _fragments.clear()
    _version.update(value=None, at=0.0)


class Fragments:
    """The fragments of one page that are valid for the current agenda version."""

    def __init__(self, prefix: str, names: list[str]) -> None:
        self.keys = {name: f"{prefix}:{name}" for name in names}
        self.version = current_version()
        found = _fragments.get_many(list(self.keys.values()))
        self.html = {}
        for name, key in self.keys.items():
            stored = found.get(key)
            if stored is not None and stored[0] == self.version:
                self.html[name] = stored[1]

    def get(self, name: str) -> str | None:
        return self.html.get(name)

    def store(self, name: str, html: str) -> None:
        _fragments.set(self.keys[name], (self.version, html), timeout=settings.PORTAL_PAGE_CACHE_SECONDS)


def fragments_for(request, page: str, names: list[str]) -> Fragments | None:
    """The fragments of `page` for a visitor without an account; None for members (their pages differ)."""
    if request.user.is_authenticated or settings.PORTAL_PAGE_CACHE_SECONDS <= 0:
        return None
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha256(page.encode()).hexdigest()[:32]
    return Fragments(f"{language}:{digest}", names)

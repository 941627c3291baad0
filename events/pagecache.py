"""Public agenda pages cache their slow parts (filters and cards, the event text, the empty registration
form) for visitors without an account. Every fragment is stored with the agenda version current when it was
drawn, and every change of places or events raises that version (in the shared cache): counts such as
"nog 12 plaatsen" are at most a second old, and the cache only saves work while nothing changes.

Fragments live in the web process itself, so a hit needs no round trip; the version is read from the shared
cache at most once a second. Templates mark the parts with `{% fragment "name" %}...{% endfragment %}`
(events_tags). When the shared cache is down, each request reads a fresh version: everything misses.
"""

import hashlib

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from portal.pagecache import SharedVersion, content_changed

VERSION_KEY = "events:agenda-version"
# Each web process asks the shared cache for the version at most once a second (portal.pagecache): a change
# made elsewhere shows within a second; a change made by this process shows at once.
agenda_version = SharedVersion(VERSION_KEY)
# Rendered fragments stay in the process: a hit costs no round trip at all.
_fragments = LocMemCache("events-fragments", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 1000}})


def current_version() -> int:
    return agenda_version.current()


def agenda_changed() -> None:
    """Call inside the transaction that changes places or events; the versions rise once it commits.

    The agenda's fragments and the whole public pages (places left show on event pages) both go out of date.
    """
    agenda_version.changed()
    content_changed()


def reset() -> None:
    """Forget everything held in this process (tests)."""
    _fragments.clear()
    agenda_version.forget()


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

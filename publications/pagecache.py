"""The public library pages keep their main content in the cache for a short while.

Rendering a page of cards takes queries (counts, years, themes) that give the same answer for every visitor
for a minute at a time, so the finished HTML of that part is cached per language and address, for
PORTAL_PAGE_CACHE_SECONDS (0 switches it off, as the query-count tests do). What depends on who looks
(the header, messages) is rendered around it on every request. The key carries the public pages'
version (portal.pagecache), which every publishing action raises, so a change shows at once; anything
else within that time.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.pagecache import public_version


def cached_html(name: str, *parts: object, build: Callable[[], str]) -> SafeString:
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    if not seconds:
        return mark_safe(str(build()))  # noqa: S308 (our own rendered template)
    version = public_version.current()
    digest = hashlib.sha256("|".join(str(part) for part in (get_language(), version, *parts)).encode()).hexdigest()[:32]
    key = f"publications:{name}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(build())
        cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 (our own rendered template)

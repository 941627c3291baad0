"""Sessions in PostgreSQL with a copy in the cache (Redis): a signed-in request reads the cache, not the table.

Django's cached_db store, except that the cached copy lives at most `SESSION_CACHE_SECONDS` after it was
written (Django keeps it as long as the session). The database stays the record: every save writes
there first, a cache miss (or a Redis outage, see portal/cache.py) reads from there, and sign-in,
sign-out and key changes work without Redis.

Staleness: none while Redis answers (every save and delete goes to both). A save or sign-out made while
Redis is unreachable reaches only the database, so once Redis is back its older copy can be served for at
most `SESSION_CACHE_SECONDS` after that copy was written; then the database copy is read again.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(CachedDBStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def load(self) -> dict:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # an invalid key: read the database, as Django does
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache.set(self.cache_key, data, self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date)))
        return data

    def save(self, must_create: bool = False) -> None:
        super(CachedDBStore, self).save(must_create)  # the database row first
        try:
            self._cache.set(self.cache_key, self._session, self._cache_seconds(self.get_expiry_age()))
        except Exception:  # as Django's cached_db: the saved row stands, the copy is missing
            logger.exception("Error saving to cache (%s)", self._cache)

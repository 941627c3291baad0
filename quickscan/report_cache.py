"""The on-screen report of a closed, scored scan, kept rendered in the cache per scan, language and result.

Its figures never change once scored: the key holds the result's `computed_at` and fingerprint, so new
scores give a new key. What the report also shows can change afterwards:

- the previous scan's verbeteragenda: `services.action_save` calls `agenda_changed` after its commit, which
  gives the municipality's agenda a new version; a stored report of another version is drawn again;
- the contacts and advice, read from the other apps (consultants, workshops, events, publications): they
  show within `PORTAL_PAGE_CACHE_SECONDS`, as on the public pages (0 switches this cache off).

Nothing in the report depends on who reads it (the actions are shown read-only, the PDF link and edit
buttons are outside it), so every reader of the scan shares one copy; access is checked before this runs.
When Redis is down every read misses and the report is drawn as before.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Scan, ScanResult
from .reports import report_build

TEMPLATE = "quickscan/_report_body.html"


def _agenda_key(municipality_id: int) -> str:
    return f"quickscan:agenda-version:{municipality_id}"


def agenda_changed(*, municipality_id: int) -> None:
    """A verbeteragenda of the municipality changed: stored reports of its scans are drawn again."""
    transaction.on_commit(lambda: cache.set(_agenda_key(municipality_id), time.time_ns(), timeout=None))


def report_body(scan: Scan, result: ScanResult) -> SafeString:
    """The rendered report body of `scan` (closed and scored, `result` its ScanResult) in the active language."""
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return _render(scan)
    key = f"quickscan:report:{scan.pk}:{get_language()}:{result.computed_at.isoformat()}:{result.fingerprint}"
    agenda_key = _agenda_key(scan.municipality_id)
    found = cache.get_many([key, agenda_key])
    version = found.get(agenda_key)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return mark_safe(stored[1])  # noqa: S308 (our own rendered template)
    html = _render(scan)
    cache.set(key, (version, str(html)), seconds)
    return html


def _render(scan: Scan) -> SafeString:
    return mark_safe(render_to_string(TEMPLATE, {**report_build(scan), "pdf": False}))  # noqa: S308

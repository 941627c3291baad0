"""The on-screen report of a closed scan is kept rendered per scan, language and scores (quickscan/report_cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quickscan.models import Scan
from quickscan.scoring import scan_score
from quickscan.services import action_save

from .factories import add_responses
from .test_report import _closed_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    # These tests call the services directly, not through a request or a job that would raise the members'
    # version: the report body's own cache is what they look at, so the whole-page layer stays off.
    settings.PORTAL_MEMBER_PAGES_KEPT = False


def _report(client, scan: Scan, language: str = "nl") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_second_reader_gets_the_stored_report_without_its_queries(client, griffier, cached):
    scan = _closed_scan(raad=5)
    client.force_login(griffier)

    first, first_queries = _report(client, scan)
    second, second_queries = _report(client, scan)

    assert _main(second) == _main(first)
    assert 'id="overview-table"' in second
    assert second_queries < first_queries - 5


def test_each_language_has_its_own_report(client, griffier, cached):
    scan = _closed_scan(raad=5)
    client.force_login(griffier)

    dutch, _ = _report(client, scan, "nl")
    client.cookies.pop("django_language", None)
    english, _ = _report(client, scan, "en")

    assert "Sterke punten" in dutch and "Strong points" not in dutch
    assert "Strong points" in english


def test_new_scores_give_a_new_report(client, griffier, cached):
    scan = _closed_scan(raad=5)
    client.force_login(griffier)
    before, _ = _report(client, scan)

    add_responses(scan, "college", 5, value=1)
    scan_score(scan_id=scan.pk)
    after, _ = _report(client, scan)

    assert 'id="report-respondents">5<' in before
    assert 'id="report-respondents">10<' in after


def test_a_change_to_the_previous_agenda_shows_at_once(client, griffier, cached, django_capture_on_commit_callbacks):
    previous = _closed_scan(value=2, created_days_ago=365)
    scan = _closed_scan(value=4)
    client.force_login(griffier)
    before, _ = _report(client, scan)

    with django_capture_on_commit_callbacks(execute=True):
        action_save(
            scan=previous, theme=previous.questionnaire.themes.first(), action="Raadsavonden in de wijken",
            owner="Griffie", due_on=timezone.localdate(), status="planned",
        )
    after, _ = _report(client, scan)

    assert "Raadsavonden in de wijken" not in before
    assert "Raadsavonden in de wijken" in after

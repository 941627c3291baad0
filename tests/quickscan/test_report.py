import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Municipality
from quickscan.models import Action, Scan
from quickscan.reports import report_build
from quickscan.scoring import scan_score
from quickscan.selectors import benchmark_for

from .factories import ClosedScanFactory, ScanFactory, add_responses

pytestmark = pytest.mark.django_db


def _closed_scan(municipality=None, value=4, created_days_ago=0, **responses):
    scan = ScanFactory(
        municipality=municipality or Municipality.objects.get(code="GM0363"),
        status=Scan.Status.CLOSED,
        closed_at=timezone.now(),
    )
    Scan.objects.filter(pk=scan.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=created_days_ago)
    )
    scan.refresh_from_db()
    for group, count in (responses or {"raad": 5}).items():
        add_responses(scan, group, count, value=value)
    scan_score(scan_id=scan.pk)
    return scan


def test_the_report_shows_figures_in_a_chart_with_a_data_table(client, griffier):
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=lambda n, s: 4 if n < 3 else 5)
    add_responses(scan, "college", 2, value=1)
    add_responses(scan, "inwoners", 3, value=1)  # hidden together with college: 5 people, safe to show raad
    scan_score(scan_id=scan.pk)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and 'id="overview-table"' in content
    assert 'width="0,' not in content and ',0"' not in content.split("<svg")[1].split("</svg>")[0]
    assert "Participatie" in content
    assert [group for group, _label, _count in response.context["groups"]] == ["raad"]
    assert response.context["hidden_groups"]
    assert 'id="report-respondents">10<' in content


def test_the_report_says_nothing_with_fewer_than_five_responses(client, griffier):
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 4)
    scan_score(scan_id=scan.pk)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    assert b'id="report-empty"' in response.content
    assert b"<svg" not in response.content


def test_open_answers_appear_per_theme(client, griffier):
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, open_text="Vaker de wijk in")
    scan_score(scan_id=scan.pk)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    assert "Vaker de wijk in 0" in response.content.decode()


def test_the_benchmark_needs_five_other_municipalities():
    scan = _closed_scan()
    others = Municipality.objects.exclude(pk=scan.municipality_id).order_by("code")[:5]
    for municipality in others[:4]:
        _closed_scan(municipality, value=2)
    assert benchmark_for(scan) is None

    _closed_scan(others[4], value=2)

    benchmark = benchmark_for(scan)
    scored_themes = scan.questionnaire.themes.filter(statements__isnull=False).distinct().values_list("pk", flat=True)
    assert benchmark == dict.fromkeys(scored_themes, 25.0)


def test_open_scans_and_the_own_municipality_stay_out_of_the_benchmark():
    scan = _closed_scan()
    for municipality in Municipality.objects.exclude(pk=scan.municipality_id).order_by("code")[:5]:
        _closed_scan(municipality, value=2)
    _closed_scan(scan.municipality, value=5, created_days_ago=400)
    # Figures left from before interim scores were dropped: stored for a scan that is not closed.
    open_scan = ClosedScanFactory(municipality=Municipality.objects.order_by("-code").first())
    add_responses(open_scan, "raad", 5, value=5)
    scan_score(scan_id=open_scan.pk)
    Scan.objects.filter(pk=open_scan.pk).update(status=Scan.Status.OPEN)

    assert set(benchmark_for(scan).values()) == {25.0}


def test_the_report_shows_the_change_since_the_previous_scan_and_its_verbeteragenda():
    previous = _closed_scan(value=2, created_days_ago=365)
    theme = previous.questionnaire.themes.first()
    Action.objects.create(
        scan=previous,
        theme=theme,
        action="Raadsavonden in de wijken",
        owner="Griffie",
        due_on=timezone.localdate(),
    )
    scan = _closed_scan(value=4)

    context = report_build(scan)

    participatie = next(r for r in context["theme_reports"] if r.theme.slug == "participatie")
    assert (participatie.previous, participatie.overall.index, participatie.change) == (25.0, 75.0, 50.0)
    assert context["previous_scan"] == previous
    assert [a.action for a in context["previous_actions"]] == ["Raadsavonden in de wijken"]

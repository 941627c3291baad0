import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Municipality
from portal.pdf import static_file_for
from programmes.models import Activity
from quickscan.models import Action, Scan
from quickscan.reports import advice_for, report_build
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


def test_advice_points_to_workshops_and_regional_consultants_on_the_same_portal_themes():
    from consultants.models import Consultant
    from workshops.models import Workshop

    scan = ScanFactory()
    theme = scan.questionnaire.themes.get(slug="participatie")
    workshop = Workshop.objects.published().filter(themes__slug__in=["participatie", "vertrouwen"]).first()
    consultant = Consultant.objects.create(name="Anna de Vries", slug="anna-de-vries")
    consultant.regions.add(scan.municipality.region)
    consultant.themes.add(*theme.portal_themes.all())
    elsewhere = Consultant.objects.create(name="Bert Elders", slug="bert-elders")
    elsewhere.themes.add(*theme.portal_themes.all())

    advice = advice_for(scan, [theme])

    titles = [item.title for item in advice[0]["items"]]
    assert "Anna de Vries" in titles and "Bert Elders" not in titles
    if workshop is not None:
        assert workshop.title_i18n in titles


def test_advice_falls_back_to_programme_activities_without_the_other_apps(monkeypatch):
    from portal import registry

    monkeypatch.setattr(registry, "advice", registry.Providers("no app offers advice"))
    scan = ScanFactory()
    theme = scan.questionnaire.themes.get(slug="participatie")
    activity = Activity.objects.filter(themes__in=theme.portal_themes.all()).distinct().order_by("pk").first()
    assert set(activity.themes.all()) & set(theme.portal_themes.all())  # the fallback has something to show

    advice = advice_for(scan, [theme])

    assert {item.kind for item in advice[0]["items"]} == {"activity"}
    assert len(advice[0]["items"]) >= 1


def test_closing_the_scan_makes_a_pdf_with_the_figures_of_the_screen(
    client, griffier, consultant, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    add_responses(scan, "raad", 5, value=4)
    add_responses(scan, "inwoners", 5, value=2)
    client.force_login(griffier)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quickscan:scan_close", kwargs={"pk": scan.pk}))
    screen = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))
    client.force_login(consultant)

    response = client.get(reverse("quickscan:scan_report_pdf", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Participatie" in text and "Bewonersinitiatieven" in text
    assert "50" in screen.content.decode() and "50" in text  # the overall index of every theme
    assert "75" in text and "25" in text  # raad and inwoners
    assert scan.municipality.name in text


def test_the_pdf_is_made_again_only_when_the_scores_change(django_capture_on_commit_callbacks):
    from quickscan.reports import report_pdf_store

    with django_capture_on_commit_callbacks(execute=True):
        scan = _closed_scan()
    scan.refresh_from_db()
    made_for = scan.report_pdf_for

    assert made_for == scan.result.computed_at  # the stored PDF belongs to the current scores
    assert report_pdf_store(scan_id=scan.pk) is False
    add_responses(scan, "college", 5, value=1)
    with django_capture_on_commit_callbacks(execute=True):
        scan_score(scan_id=scan.pk)
    scan.refresh_from_db()
    assert scan.report_pdf_for != made_for


def test_the_pdf_fetcher_serves_static_files_and_refuses_everything_else():
    assert static_file_for("https://pdf.portal.invalid/static/css/quickscan-pdf.css").is_file()
    assert static_file_for("file:///etc/passwd") is None
    assert static_file_for("https://example.com/static/css/quickscan-pdf.css") is None
    assert static_file_for("https://pdf.portal.invalid/static/../../etc/passwd") is None
    assert static_file_for("https://pdf.portal.invalid/media/secret.pdf") is None

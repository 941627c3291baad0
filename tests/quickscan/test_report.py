import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Municipality
from quickscan.models import Action, Scan, ScanResult
from quickscan.reports import report_build
from quickscan.scoring import scan_score
from quickscan.selectors import benchmark_for

from .factories import ClosedScanFactory, ScanFactory, add_responses, invite

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


# Progress while scoring, and never a stale PDF (issue 9 point 4)


def _close_without_running_jobs(client, scan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("quickscan:scan_close", kwargs={"pk": scan.pk}), {"confirm": "1"})
    return response


def test_after_closing_the_report_says_the_results_are_being_calculated_and_polls_until_they_are_in(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    add_responses(scan, "raad", 5, value=4)
    client.force_login(griffier)
    closing = _close_without_running_jobs(client, scan, django_capture_on_commit_callbacks)
    status_url = reverse("quickscan:scan_report_status", kwargs={"pk": scan.pk})

    calculating = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))
    still = client.get(status_url)
    with django_capture_on_commit_callbacks(execute=False):
        scan_score(scan_id=scan.pk)
    done = client.get(status_url)

    assert closing["Location"] == reverse("quickscan:scan_report", kwargs={"pk": scan.pk})
    page = calculating.content.decode()
    assert 'id="report-status"' in page and f'hx-get="{status_url}"' in page and "every 2s" in page
    assert 'id="overview-table"' not in page
    assert "hx-get" in still.content.decode() and "HX-Refresh" not in still
    assert done["HX-Refresh"] == "true"
    assert "<html" not in done.content.decode()


def test_the_pdf_link_appears_only_once_the_pdf_of_the_current_scores_and_language_exists(
    client, griffier, django_capture_on_commit_callbacks
):
    from quickscan.pdf import report_pdf_store

    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=4)
    with django_capture_on_commit_callbacks(execute=False):
        scan_score(scan_id=scan.pk)
    client.force_login(griffier)
    report_url = reverse("quickscan:scan_report", kwargs={"pk": scan.pk})
    pdf_status_url = reverse("quickscan:scan_report_pdf_status", kwargs={"pk": scan.pk})

    before = client.get(report_url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    report_pdf_store(scan_id=scan.pk, language="nl")
    fragment = client.get(pdf_status_url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(report_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    ScanResult.objects.filter(scan=scan).update(computed_at=timezone.now())
    stale = client.get(report_url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert 'id="report-pdf-pending"' in before and 'id="report-pdf-link"' not in before
    assert f'hx-get="{pdf_status_url}"' in before
    assert 'id="report-pdf-link"' in fragment and "hx-get" not in fragment
    assert 'id="report-pdf-link"' not in english
    assert 'id="report-pdf-link"' not in stale


def test_a_missing_pdf_is_asked_for_once_however_often_the_page_is_opened(client, griffier):
    from portal.models import Job
    from quickscan.pdf import scan_report_pdf_task

    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=4)
    scan_score(scan_id=scan.pk)  # outside a captured commit: its PDF jobs stay pending
    Job.objects.all().delete()
    client.force_login(griffier)

    for _ in range(3):
        client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}), HTTP_ACCEPT_LANGUAGE="en")

    jobs = Job.objects.filter(task=scan_report_pdf_task.name)
    assert [job.kwargs for job in jobs] == [{"scan_id": scan.pk, "language": "en"}]


def test_an_open_scan_has_no_report_at_all(client, griffier):
    scan = ScanFactory()
    add_responses(scan, "raad", 6)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    assert 'id="report-empty"' in response.content.decode()
    assert "hx-get" not in response.content.decode()
    assert not ScanResult.objects.filter(scan=scan).exists()


# Advice that fits the theme, and the municipality's own contact (issue 9 point 6)


@pytest.fixture
def providers(monkeypatch):
    from portal import registry

    advice, contacts = registry.Providers("test advice"), registry.Providers("test contacts")
    monkeypatch.setattr(registry, "advice", advice)
    monkeypatch.setattr(registry, "contacts", contacts)
    return advice, contacts


def _weak_scan():
    scan = ClosedScanFactory()
    themes = list(scan.questionnaire.themes.filter(statements__isnull=False).distinct().order_by("order"))
    add_responses(scan, "raad", 5, value=lambda n, s: 1 if s.theme_id in (themes[0].pk, themes[1].pk) else 4)
    scan_score(scan_id=scan.pk)
    return scan, themes


def test_advice_comes_from_the_providers_per_weak_theme_by_its_slug(client, griffier, providers):
    from portal.registry import AdviceItem

    advice, _contacts = providers
    scan, themes = _weak_scan()
    weakest = scan.questionnaire.themes.get(pk=ScanResult.objects.get(scan=scan).weak_points["themes"][0])
    asked = []

    def workshops(*, municipality, scan_theme_slug, portal_theme_ids, limit):
        asked.append((municipality.code, scan_theme_slug, limit))
        if scan_theme_slug == weakest.slug:
            return [AdviceItem("workshop", "Workshop", "Burgers betrekken", "/workshops/burgers-betrekken/")]
        return []

    advice.register(workshops)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}), HTTP_ACCEPT_LANGUAGE="nl")

    content = response.content.decode()
    weak_slugs = [theme.slug for theme in response.context["weak_themes"][:3]]
    assert len(weak_slugs) >= 2 and weak_slugs[0] == weakest.slug
    assert [slug for _code, slug, _limit in asked] == weak_slugs
    assert {code for code, _slug, _limit in asked} == {scan.municipality.code}
    section = content.split('id="report-advice"')[1]
    first, rest = section.split(weakest.name, 1)[1].split("<h3", 1)[0], section.split(weakest.name, 1)[1]
    assert '<a class="utrecht-link" href="/workshops/burgers-betrekken/">Burgers betrekken</a>' in first
    assert "Aan dit thema is nog geen workshop" in rest  # a weak theme nothing is linked to


def test_the_report_names_the_municipalitys_own_consultant_with_contact_details(client, griffier, providers):
    from portal.registry import AdviceItem

    _advice, contacts = providers
    contacts.register(
        lambda *, municipality: [
            AdviceItem("consultant", "Consulent", "Anna de Vries", "/consulenten/anna/", "anna@example.nl · 06 1234")
        ]
        if municipality.code == "GM0363"
        else []
    )
    scan, _themes = _weak_scan()
    client.force_login(griffier)

    section = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk})).content.decode()

    contacts_html = section.split('id="report-contacts"')[1].split("</ul>")[0]
    assert "Anna de Vries" in contacts_html and "anna@example.nl · 06 1234" in contacts_html


def test_without_a_consultant_the_report_names_the_programmes_general_contact(client, griffier, providers, settings):
    settings.PORTAL_PROGRAMME_CONTACT_NAME = "Programmabureau"
    settings.PORTAL_PROGRAMME_CONTACT_EMAIL = "info@programma.example.nl"
    scan, _themes = _weak_scan()
    client.force_login(griffier)

    section = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk})).content.decode()

    contacts_html = section.split('id="report-contacts"')[1].split("</ul>")[0]
    assert "Programmabureau" in contacts_html and "info@programma.example.nl" in contacts_html


# Strong and weak points readable, counts and dates in good Dutch and English (issue 9 point 7)


def test_strong_and_weak_points_list_themes_and_statements_apart_with_the_statements_theme(client, griffier):
    scan, themes = _weak_scan()
    client.force_login(griffier)

    content = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    weak = content.split('id="weak-points"')[1].split("</div>")[0]
    assert "<h4" in weak and "Thema's</h4>" in weak and "Stellingen</h4>" in weak
    assert "(thema: " in weak
    assert themes[0].name in weak.split("Stellingen</h4>")[0]


@pytest.mark.parametrize(
    ("language", "high", "low", "expected"),
    [
        ("nl", "ambtenaren", "raad", "Ambtenaren zijn positiever dan de raad over “Participatie” (18 punten)."),
        ("nl", "raad", "inwoners", "De raad is positiever dan inwoners over “Participatie” (18 punten)."),
        ("nl", "mt", "college", "Het MT is positiever dan het college over “Participatie” (18 punten)."),
        ("en", "ambtenaren", "raad", "Civil servants are more positive than the council about “Participatie” (18 points)."),
        ("en", "college", "inwoners", "The executive is more positive than residents about “Participatie” (18 points)."),
    ],
)
def test_group_differences_are_written_with_correct_grammar(language, high, low, expected):
    from quickscan.reports import gap_sentence

    with translation.override(language):
        assert gap_sentence(high=high, low=low, theme="Participatie", difference=17.6) == expected


def test_counts_are_written_with_singular_and_plural(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    invite(scan, "raad", email="al@example.nl", sent=False)
    client.force_login(griffier)

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}),
        {"group": "raad", "addresses": "al@example.nl\nnieuw@example.nl"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    assert [str(m) for m in response.context["messages"]] == ["1 adres toegevoegd. 1 adres stond al op de lijst."]


def test_dates_have_lower_case_dutch_month_names(client, griffier):
    scan = ScanFactory(opens_on=datetime.date(2026, 3, 2), closes_on=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(griffier)

    content = client.get(reverse("quickscan:scan_detail", kwargs={"pk": scan.pk}), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "2 maart 2026" in content and "Maart" not in content and "Mrt" not in content

"""The dossier of a municipality: who may open it, one timeline from every app, and a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import CoalitionMembership
from offers.models import Application
from portal import registry
from portal.models import Region, StaffRole
from quickscan.models import QuestionnaireTheme, Scan, ScanResult, Score
from quickscan.scoring import scan_score
from tests.factories import StaffFactory
from tests.network.factories import CoalitionFactory, in_coalition, municipality_member
from tests.offers.factories import OfferFactory, submitted
from tests.quickscan.factories import ScanFactory, add_responses
from tests.utils import assert_same_query_count
from tests.workshops.factories import WorkshopRequestFactory, planned_session

pytestmark = pytest.mark.django_db


def _url(municipality) -> str:
    return reverse("portal:municipality_dossier", kwargs={"slug": municipality.slug})


@pytest.fixture
def other_consultant(db, municipality, other_municipality):
    user = StaffFactory(role=StaffRole.CONSULTANT)
    user.regions.add(Region.objects.exclude(pk__in=[municipality.region_id, other_municipality.region_id]).first())
    return user


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("anonymous", "login"),
        ("member", 404),
        ("griffier", 200),
        ("other_griffier", 404),
        ("consultant", 200),
        ("other_consultant", 404),
        ("editor", 404),
        ("programme_manager", 200),
        ("administrator", 200),
    ],
)
def test_only_the_griffier_the_regions_consultants_and_managers_open_the_dossier(request, client, municipality, visitor, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))

    response = client.get(_url(municipality))

    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_an_unknown_municipality_is_not_found_even_for_managers(client, programme_manager):
    client.force_login(programme_manager)

    assert client.get("/gemeenten/bestaat-niet/dossier/").status_code == 404


def _at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_the_timeline_joins_every_app_newest_first(client, griffier, municipality):
    application = submitted(OfferFactory(), municipality, Application.Status.GRANTED)
    application.events.create(action="submitted", from_status="draft", to_status="received", created_at=_at(30))
    application.events.create(action="status", from_status="received", to_status="granted", created_at=_at(10))
    WorkshopRequestFactory(requested_by=griffier, created_at=_at(20))
    member = municipality_member(municipality, joined_at=_at(40))
    in_coalition(member, CoalitionFactory(name="Digitale inspraak"), joined_at=_at(5))
    scan = ScanFactory(municipality=municipality, name="Nulmeting 2026")
    Scan.objects.filter(pk=scan.pk).update(opened_at=_at(15))
    client.force_login(griffier)

    response = client.get(_url(municipality))

    timeline = response.context["timeline"]
    assert [entry.kind for entry in timeline] == [
        "coalition", "application", "quickscan", "workshop_request", "application", "network",
    ]
    assert [entry.when for entry in timeline] == sorted((entry.when for entry in timeline), reverse=True)
    assert "Nulmeting 2026" in response.content.decode()


def test_the_dossier_shows_the_regions_consultants_and_the_apps_panels(client, griffier, municipality):
    client.force_login(griffier)

    response = client.get(_url(municipality))

    contacts = registry.collect(registry.contacts, municipality=municipality)
    assert contacts and response.context["contacts"] == contacts
    templates = [panel.template for panel in response.context["panels"]]
    assert "offers/_dossier_applications.html" in templates
    assert "network/_municipality_membership.html" in templates


def _scored(municipality, *, days_ago: int, value: int, respondents: int = 5) -> Scan:
    scan = ScanFactory(municipality=municipality, status=Scan.Status.CLOSED, closed_at=_at(days_ago))
    Scan.objects.filter(pk=scan.pk).update(created_at=_at(days_ago + 30))
    scan.refresh_from_db()
    add_responses(scan, "raad", respondents, value=value)
    scan_score(scan_id=scan.pk)
    return scan


def test_a_voortgangsmeting_shows_the_trend_of_each_theme_since_the_nulmeting(municipality, griffier):
    from quickscan import providers

    _scored(municipality, days_ago=400, value=3)
    _scored(municipality, days_ago=10, value=4)

    latest, first = list(providers.scan_timeline(municipality=municipality, user=griffier))[::-1]

    theme = QuestionnaireTheme.objects.filter(questionnaire__slug="lokale-democratie").order_by("order").first()
    assert f"{theme.name} 50" in first.detail and "(+" not in first.detail
    assert f"{theme.name} 75 (+25)" in latest.detail


def test_a_scan_with_fewer_than_five_respondents_shows_no_figures(municipality, griffier):
    from quickscan import providers

    _scored(municipality, days_ago=10, value=4, respondents=4)

    entry, = providers.scan_timeline(municipality=municipality, user=griffier)

    assert entry.detail == ""
    assert entry.status == str(Scan.Status.CLOSED.label)


def _history(municipality, griffier, count: int) -> None:
    """`count` more entries from each app: applications, scans (scored), workshop requests with a session,
    coalition memberships."""
    offers = [OfferFactory(places=None) for _ in range(count)]
    for offer in offers:
        application = submitted(offer, municipality, Application.Status.GRANTED, budget_granted=1000)
        application.events.create(action="status", from_status="received", to_status="granted")
    theme = QuestionnaireTheme.objects.filter(questionnaire__slug="lokale-democratie").first()
    for _ in range(count):
        scan = ScanFactory(municipality=municipality, status=Scan.Status.CLOSED, closed_at=timezone.now())
        ScanResult.objects.create(scan=scan, computed_at=timezone.now(), respondents=12)
        Score.objects.create(scan=scan, level="theme", theme=theme, respondents=12, answers=12, mean=4, index=75)
        planned_session(workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=datetime.timedelta(days=-3))
    member = CoalitionMembership.objects.filter(member__municipality=municipality).first()
    member = member.member if member else municipality_member(municipality)
    for _ in range(count):
        in_coalition(member, CoalitionFactory(), left_at=timezone.now())


@pytest.mark.parametrize("visitor", ["griffier", "consultant", "programme_manager"])
def test_the_dossier_needs_the_same_number_of_queries_for_5_and_100_entries_per_app(request, client, municipality, griffier, visitor):
    client.force_login(request.getfixturevalue(visitor))

    count = assert_same_query_count(
        make_rows=lambda n: _history(municipality, griffier, n), request=lambda: client.get(_url(municipality))
    )

    assert count <= 40
    assert len(client.get(_url(municipality)).context["timeline"]) >= 5 * 100


def test_the_public_municipality_page_links_to_the_dossier_for_those_who_may_open_it(client, griffier, other_griffier, municipality):
    client.force_login(griffier)
    mine = client.get(municipality.get_absolute_url())
    client.force_login(other_griffier)
    theirs = client.get(municipality.get_absolute_url())

    assert _url(municipality) in mine.content.decode()
    assert _url(municipality) not in theirs.content.decode()

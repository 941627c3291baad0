"""The staff figures page: reach per programme and province, every app's figures as SVG beside a table,
downloads of each figure, consultants limited to their regions, and no figure about fewer than 5 people."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from offers.models import Application
from portal import dashboard, registry
from portal.models import Municipality
from portal.registry import Figure, FigureSection
from quickscan.models import Scan
from tests.network.factories import municipality_member
from tests.offers.factories import OfferFactory, municipalities, submitted
from tests.quickscan.factories import ScanFactory, invite
from tests.utils import assert_same_query_count
from tests.workshops.factories import EvaluationFactory, WorkshopRequestFactory, planned_session

pytestmark = pytest.mark.django_db
URL = "/beheer/cijfers/"


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("anonymous", "login"), ("member", 403), ("griffier", 403), ("editor", 403),
        ("consultant", 200), ("programme_manager", 200), ("administrator", 200),
    ],
)
@pytest.mark.parametrize("path", [URL, URL + "reach/", URL + "reach/?format=xlsx"])
def test_the_figures_are_for_consultants_and_managers(request, client, visitor, expected, path):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))

    response = client.get(path)

    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_the_staff_start_page_links_to_the_figures(client, programme_manager):
    client.force_login(programme_manager)

    assert URL in client.get(reverse("portal:staff_home")).content.decode()


def _reach(sections, key):
    section = next(section for section in sections if section.key == key)
    return {str(figure.label): figure.value for figure in section.figures}


def test_reach_counts_each_municipality_once_per_programme_out_of_342(programme_manager, municipality, other_municipality):
    submitted(OfferFactory(), municipality, Application.Status.GRANTED)  # Democratie in Actie
    municipality_member(municipality)  # Democratie in Actie again: still one municipality
    scan = ScanFactory(municipality=other_municipality)  # Quick Scan Lokale Democratie: Democratie in Actie
    WorkshopRequestFactory(requested_by__municipality=other_municipality, status="planned")  # Actieprogramma

    sections = dashboard.reach_sections(Municipality.objects.all())

    per_programme = _reach(sections, "reach")
    assert per_programme[str(translation.gettext("All programmes"))] == 2
    assert per_programme["Democratie in Actie"] == 2
    assert per_programme["Actieprogramma Lokaal Bestuur"] == 1
    detail = next(figure.detail for figure in sections[0].figures if figure.label == "Democratie in Actie")
    assert "342" in str(detail)
    provinces = _reach(sections, "reach-province")
    assert provinces["Noord-Holland"] == 1 and provinces["Zuid-Holland"] == 1
    assert sum(provinces.values()) == 2
    assert scan.status == Scan.Status.OPEN


def test_a_consultant_sees_the_figures_of_their_regions_only(client, consultant, municipality, other_municipality):
    offer = OfferFactory()
    submitted(offer, municipality, Application.Status.GRANTED)
    submitted(offer, other_municipality, Application.Status.GRANTED)
    client.force_login(consultant)

    response = client.get(URL)

    sections = {section.key: section for section in response.context["sections"]}
    applications = {str(f.label): f.value for f in sections[f"offer-{offer.slug}"].figures}
    assert applications[str(Application.Status.GRANTED.label)] == 1
    region_size = Municipality.objects.filter(region=municipality.region_id).count()
    assert f"van {region_size}" in str(sections["reach"].figures[0].detail) or f"of {region_size}" in str(
        sections["reach"].figures[0].detail
    )


def test_every_section_has_a_chart_beside_a_table_and_download_links(client, programme_manager, municipality):
    submitted(OfferFactory(), municipality, Application.Status.GRANTED)
    client.force_login(programme_manager)

    response = client.get(URL)

    html = response.content.decode()
    for section in response.context["sections"]:
        assert f'id="table-{section.key}"' in html
        assert reverse("portal:staff_dashboard_export", kwargs={"key": section.key}) in html
    assert html.count("<svg") >= 5


def test_numbers_inside_the_svg_are_never_written_with_a_dutch_comma(client, programme_manager, monkeypatch):
    def halves(*, user, municipalities):
        return [FigureSection("halves", "Halves", [Figure("Een", 3.5), Figure("Twee", 2.25)])]

    registry.figures.register(halves)
    try:
        client.force_login(programme_manager)
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="nl")
    finally:
        registry.figures.unregister(halves)

    svg = "".join(re.findall(r"<svg.*?</svg>", response.content.decode(), flags=re.S))
    assert ">3.5<" in svg and ">2.25<" in svg
    assert not re.search(r'(width|height|x|y)="\d+,\d+"', svg)
    assert "3,5" in response.content.decode()  # the table beside it speaks Dutch


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_figure_downloads_as_csv_or_xlsx(client, programme_manager, municipality, fmt):
    offer = OfferFactory()
    submitted(offer, municipality, Application.Status.GRANTED)
    client.force_login(programme_manager)

    response = client.get(reverse("portal:staff_dashboard_export", kwargs={"key": "offer-places"}), {"format": fmt})

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert any(line.startswith(f"{offer.title};9;") for line in lines)
    else:
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert (offer.title, 9) == rows[[r[0] for r in rows].index(offer.title)][:2]


def test_an_unknown_figure_is_not_found(client, programme_manager):
    client.force_login(programme_manager)

    assert client.get(reverse("portal:staff_dashboard_export", kwargs={"key": "bestaat-niet"})).status_code == 404


def test_evaluation_scores_describing_fewer_than_five_people_are_not_shown(programme_manager, griffier):
    from tests.workshops.factories import WorkshopFactory

    ago = datetime.timedelta(days=-10)
    few = planned_session(workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=ago, workshop=WorkshopFactory(title="Weinig"))
    many = planned_session(workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=ago, workshop=WorkshopFactory(title="Veel"))
    for _ in range(4):
        EvaluationFactory(session=few, rating=2)
    for _ in range(5):
        EvaluationFactory(session=many, rating=5)

    sections = dashboard.dashboard_sections(programme_manager, Municipality.objects.all())

    labels = _reach(sections, "workshop-evaluations")
    assert labels["Veel"] == 5.0
    assert "Weinig" not in labels
    assert labels[str(translation.gettext("Sessions given"))] == 2


def test_a_response_rate_over_fewer_than_five_invitations_is_not_shown(programme_manager, municipality):
    scan = ScanFactory(municipality=municipality)
    for _ in range(4):
        invite(scan)

    sections = dashboard.dashboard_sections(programme_manager, Municipality.objects.all())

    assert _reach(sections, "quickscan-response") == {}
    for _ in range(2):
        invite(scan)
    sections = dashboard.dashboard_sections(programme_manager, Municipality.objects.all())
    assert list(_reach(sections, "quickscan-response").values()) == [0]


def test_the_figures_need_the_same_number_of_queries_for_5_and_100_applications(client, programme_manager):
    client.force_login(programme_manager)
    offer = OfferFactory(places=None)
    pool = municipalities(100)

    def make_rows(count):
        start = Application.objects.count()
        for municipality in pool[start : start + count]:
            submitted(offer, municipality, Application.Status.GRANTED)
            municipality_member(municipality)

    count = assert_same_query_count(make_rows=make_rows, request=lambda: client.get(URL))
    assert count <= 60

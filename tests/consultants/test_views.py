import pytest
from django.urls import reverse

from consultants.models import Consultant
from portal.models import Municipality, Region
from programmes.models import Theme
from tests.consultants.factories import ConsultantFactory
from tests.utils import assert_same_query_count
from tests.workshops.factories import WorkshopRequestFactory
from workshops.models import WorkshopRequest

pytestmark = pytest.mark.django_db


def test_the_programme_consultants_ship_with_regions_and_themes():
    jorien = Consultant.objects.get(slug="jorien-dijkhuis")
    assert Consultant.objects.count() == 12
    assert set(jorien.regions.values_list("province__code", flat=True)) == {"PV20", "PV22"}
    assert set(jorien.themes.values_list("slug", flat=True)) == {"bestuurscultuur", "samenspel"}
    assert jorien.bio_en.startswith("Jorien worked")


def test_consultant_list_filters_on_region_and_theme(client):
    response = client.get(
        reverse("consultants:consultant_list"), {"region": "groningen", "theme": "participatie"}
    )

    assert response.status_code == 200
    names = [consultant.name for consultant in response.context["page_obj"]]
    assert names == ["Sietse Wijbenga"]


def test_consultant_list_hides_inactive_consultants_from_visitors(client):
    ConsultantFactory(name="Oud Consulent", is_active=False)

    response = client.get(reverse("consultants:consultant_list"))

    assert b"Oud Consulent" not in response.content


def test_consultant_page_shows_contact_details_and_biography(client):
    response = client.get(reverse("consultants:consultant_detail", args=["jorien-dijkhuis"]))

    assert response.status_code == 200
    assert b"jorien.dijkhuis@consulenten.example.nl" in response.content
    assert b"Jorien werkte jarenlang als griffier" in response.content
    assert b"JD" in response.content  # the initials avatar stands in for a photo


def test_find_your_consultant_by_typed_municipality_name(client):
    groningen = Municipality.objects.current().get(name="Groningen")

    response = client.get(reverse("consultants:consultant_find"), {"q": "groningen"})

    assert response.status_code == 200
    assert response.context["municipality"] == groningen
    names = {consultant.name for consultant in response.context["consultants"]}
    assert names == {"Jorien Dijkhuis", "Sietse Wijbenga"}


def test_find_your_consultant_matches_everyday_names_like_den_haag(client):
    response = client.get(reverse("consultants:consultant_find"), {"q": "Den Haag"})

    assert response.context["municipality"].code == "GM0518"
    assert response.context["consultants"]


def test_find_your_consultant_by_choosing_from_the_list(client, municipality):
    response = client.get(reverse("consultants:consultant_find"), {"municipality": municipality.pk})

    assert response.context["municipality"] == municipality
    assert {c.pk for c in response.context["consultants"]} == set(
        Consultant.objects.filter(regions=municipality.region).values_list("pk", flat=True)
    )


def test_find_page_offers_all_current_municipality_names_to_the_browser(client):
    response = client.get(reverse("consultants:consultant_find"))

    assert response.content.count(b'<option value="') >= 342  # the datalist (the select adds its own)
    assert b'list="municipality-names"' in response.content


def test_find_your_consultant_explains_an_unknown_name_and_keeps_it(client):
    response = client.get(reverse("consultants:consultant_find"), {"q": "Atlantis"})

    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert b'value="Atlantis"' in response.content


def test_find_your_consultant_lets_you_pick_when_the_text_is_ambiguous(client):
    response = client.get(reverse("consultants:consultant_find"), {"q": "berg"})

    assert response.context["municipality"] is None
    assert len(response.context["candidates"]) > 1


def test_municipality_page_lists_the_consultants_of_its_region(client, municipality):
    consultant = ConsultantFactory(name="Noord Hollander", regions=[municipality.region])

    response = client.get(municipality.get_absolute_url())

    assert consultant.name.encode() in response.content


def test_regional_overview_shows_open_requests_of_the_consultants_region(
    client, consultant, municipality, griffier
):
    WorkshopRequestFactory(requested_by=griffier)
    WorkshopRequestFactory(requested_by=griffier, status=WorkshopRequest.Status.CANCELLED)
    client.force_login(consultant)

    response = client.get(reverse("consultants:regional_overview"))

    assert response.status_code == 200
    rows = {row.municipality.pk: [value for _column, value in row.cells] for row in response.context["rows"]}
    page_municipalities = {m.pk for m in response.context["page_obj"]}
    assert page_municipalities <= set(
        Municipality.objects.filter(region=municipality.region).values_list("pk", flat=True)
    )
    assert rows[municipality.pk] == [1, 0]
    assert f"/workshops/beheer/?municipality={municipality.pk}".encode() in response.content


def test_consultant_list_query_count_does_not_grow_with_rows(client):
    region = Region.objects.first()
    themes = list(Theme.objects.all()[:2])

    def make_rows(n):
        for _ in range(n):
            ConsultantFactory(regions=[region], themes=themes)

    assert_same_query_count(
        make_rows=make_rows, request=lambda: client.get(reverse("consultants:consultant_list"))
    )


def test_regional_overview_query_count_does_not_grow_with_rows(client, consultant, municipality, griffier):
    client.force_login(consultant)
    consultant.regions.set([Region.objects.create(slug="testregio", name="Testregio")])
    region = consultant.regions.get()

    def make_rows(n):
        start = Municipality.objects.filter(region=region).count()
        for i in range(start, start + n):
            new = Municipality.objects.create(
                code=f"GX{i:04d}",
                name=f"Testgemeente {i}",
                slug=f"testgemeente-{i}",
                province=municipality.province,
                region=region,
            )
            WorkshopRequestFactory(requested_by=griffier, municipality=new)

    assert_same_query_count(
        make_rows=make_rows, request=lambda: client.get(reverse("consultants:regional_overview"))
    )


def test_consultants_can_be_selected_by_region_and_theme_for_advice():
    region = Region.objects.create(slug="adviesregio", name="Adviesregio")
    themes = list(Theme.objects.filter(slug__in=["participatie", "regierol"]))
    expert = ConsultantFactory(regions=[region], themes=themes)
    ConsultantFactory(regions=[region])

    found = list(Consultant.objects.active().for_region(region).with_any_theme(themes))

    assert found == [expert]


def test_regional_overview_counts_the_open_quick_scans_and_links_to_them(client, consultant, municipality):
    from quickscan.models import Scan
    from tests.quickscan.factories import ScanFactory

    ScanFactory(municipality=municipality, status=Scan.Status.OPEN)
    ScanFactory(municipality=municipality, status=Scan.Status.CLOSED)
    client.force_login(consultant)

    response = client.get(reverse("consultants:regional_overview"))

    rows = {row.municipality.pk: [value for _column, value in row.cells] for row in response.context["rows"]}
    assert rows[municipality.pk][1] == 1
    listed = client.get(reverse("quickscan:scan_list"), {"municipality": municipality.pk})
    assert listed.status_code == 200
    assert {scan.municipality_id for scan in listed.context["page_obj"]} == {municipality.pk}


def test_find_your_consultant_query_count_does_not_grow_with_consultants(client, municipality):
    url = reverse("consultants:consultant_find")

    def make_rows(n):
        for _ in range(n):
            ConsultantFactory(regions=[municipality.region])

    assert_same_query_count(make_rows=make_rows, request=lambda: client.get(url, {"municipality": municipality.pk}))


def test_the_regional_overview_is_not_stored_by_a_browser_or_proxy(client, consultant):
    client.force_login(consultant)

    response = client.get(reverse("consultants:regional_overview"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"

"""The 342 municipalities of 2025 (CBS), their provinces and regions, search, and merged municipalities."""

import datetime

import pytest
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from portal.models import Municipality, Province
from tests.utils import count_queries

# /work/shared/data/README.md, checked against CBS "Gemeenten alfabetisch 2025".
MUNICIPALITIES_PER_PROVINCE = {
    "Groningen": 10,
    "Fryslân": 18,
    "Drenthe": 12,
    "Overijssel": 25,
    "Flevoland": 6,
    "Gelderland": 51,
    "Utrecht": 26,
    "Noord-Holland": 44,
    "Zuid-Holland": 50,
    "Zeeland": 13,
    "Noord-Brabant": 56,
    "Limburg": 31,
}


@pytest.mark.django_db
def test_migrate_loads_342_current_municipalities():
    assert Municipality.objects.count() == 342
    assert Municipality.objects.current().count() == 342


@pytest.mark.django_db
def test_the_twelve_provinces_hold_the_cbs_numbers_of_municipalities():
    counts = dict(Province.objects.annotate(n=Count("municipalities")).values_list("name", "n"))

    assert counts == MUNICIPALITIES_PER_PROVINCE
    assert sum(counts.values()) == 342


@pytest.mark.django_db
def test_every_municipality_has_a_region_in_its_province():
    municipalities = Municipality.objects.select_related("region")

    assert all(m.region_id for m in municipalities)
    assert not municipalities.exclude(region__province=F("province")).exists()


@pytest.mark.django_db
def test_codes_are_cbs_codes():
    codes = list(Municipality.objects.values_list("code", flat=True))

    assert len(set(codes)) == 342
    assert all(len(code) == 6 and code.startswith("GM") and code[2:].isdigit() for code in codes)
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("everyday_name", "cbs_name"), [("Den Haag", "'s-Gravenhage"), ("Den Bosch", "'s-Hertogenbosch")]
)
def test_searching_the_everyday_name_finds_the_cbs_name(everyday_name, cbs_name):
    found = list(Municipality.objects.current().search(everyday_name).values_list("name", flat=True))

    assert found == [cbs_name]


@pytest.mark.django_db
def test_the_list_page_searches_by_everyday_name(client):
    response = client.get(reverse("portal:municipality_list"), {"q": "Den Haag"})

    assert response.status_code == 200
    assert [m.name for m in response.context["page_obj"]] == ["'s-Gravenhage"]


@pytest.mark.django_db
def test_the_list_page_searches_by_cbs_code(client):
    response = client.get(reverse("portal:municipality_list"), {"q": "gm0599"})

    assert [m.name for m in response.context["page_obj"]] == ["Rotterdam"]


@pytest.fixture
def merged(db, municipality, other_municipality):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Municipality.objects.filter(pk=municipality.pk).update(
        valid_until=yesterday, successor=other_municipality
    )
    municipality.refresh_from_db()
    return municipality


@pytest.mark.django_db
def test_a_merged_municipality_is_no_longer_current(merged):
    assert not Municipality.objects.current().filter(pk=merged.pk).exists()
    assert Municipality.objects.current().count() == 341
    assert Municipality.objects.current(on=merged.valid_until).filter(pk=merged.pk).exists()


@pytest.mark.django_db
def test_a_merged_municipality_page_still_renders_and_names_its_successor(client, merged):
    response = client.get(merged.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "merged into Rotterdam" in response.content.decode()


@pytest.mark.django_db
def test_a_merged_municipality_leaves_the_list_page(client, merged):
    response = client.get(reverse("portal:municipality_list"), {"q": "Amsterdam"})

    assert list(response.context["page_obj"]) == []


@pytest.mark.django_db
def test_the_list_page_makes_as_many_queries_on_the_last_page_as_on_the_first(client):
    url = reverse("portal:municipality_list")
    client.get(url)  # warm caches

    first = count_queries(lambda: client.get(url, {"page": 1}))
    last = count_queries(lambda: client.get(url, {"page": 7}))

    assert client.get(url, {"page": 7}).context["page_obj"].number == 7
    assert first == last

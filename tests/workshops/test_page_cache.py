import pytest
from django.urls import reverse

from tests.utils import count_queries


@pytest.mark.django_db
def test_the_public_catalogue_serves_its_list_from_the_fragment_cache(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    url = reverse("workshops:workshop_list")
    first = count_queries(lambda: client.get(url))

    second = count_queries(lambda: client.get(url))

    assert second < first
    assert "Gemeentefinanciën".encode() in client.get(url).content


@pytest.mark.django_db
def test_each_filter_gets_its_own_cached_list(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    url = reverse("workshops:workshop_list")
    client.get(url)

    filtered = client.get(url, {"q": "debat"})

    assert filtered.content.count(b'class="portal-card"') < client.get(url).content.count(b'class="portal-card"')


@pytest.mark.django_db
def test_the_consultant_finder_still_offers_all_342_names_from_the_cache(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    url = reverse("consultants:consultant_find")
    client.get(url)

    response = client.get(url)

    assert response.content.count(b"<option value=") == 342


@pytest.mark.django_db
def test_the_consultants_of_a_region_come_from_the_cache_on_the_second_search(client, settings, municipality):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    url = reverse("consultants:consultant_find")
    first_response = client.get(url, {"municipality": municipality.pk})
    first = count_queries(lambda: client.get(url, {"municipality": municipality.pk + 1}))

    second = count_queries(lambda: client.get(url, {"municipality": municipality.pk + 1}))

    assert second < first
    assert first_response.context["municipality"] == municipality

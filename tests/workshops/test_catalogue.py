import pytest
from django.urls import reverse

from programmes.models import Theme
from tests.utils import assert_same_query_count
from tests.workshops.factories import WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _slugs(response) -> list[str]:
    return [workshop.slug for workshop in response.context["workshops"]]


def test_the_fifteen_workshops_of_the_inwerkprogramma_ship_with_the_portal():
    finance = Workshop.objects.get(slug="gemeentefinancien")
    assert Workshop.objects.published().count() == 15
    assert finance.title_en == "Municipal finances"
    assert set(finance.themes.values_list("slug", flat=True)) == {
        "professionalisering",
        "de-raad",
        "checks-and-balances",
    }
    assert finance.target_roles == ["raadslid", "griffier"]


def test_catalogue_lists_every_published_workshop(client):
    WorkshopFactory(title="Verborgen", is_published=False)

    response = client.get(reverse("workshops:workshop_list"))

    assert response.status_code == 200
    assert len(_slugs(response)) == 15
    assert b"Verborgen" not in response.content


def test_catalogue_filters_on_theme_role_format_and_duration(client):
    response = client.get(
        reverse("workshops:workshop_list"),
        {"theme": "de-raad", "role": "griffier", "format": "workshop", "duration": "150"},
    )

    expected = [
        w.slug
        for w in Workshop.objects.filter(themes__slug="de-raad", format="workshop", duration_minutes__lte=150)
        if "griffier" in w.target_roles
    ]
    assert expected  # the filter combination is not trivially empty
    assert sorted(_slugs(response)) == sorted(expected)


def test_catalogue_filters_on_target_role_burgemeester(client):
    response = client.get(reverse("workshops:workshop_list"), {"role": "burgemeester"})

    assert sorted(_slugs(response)) == ["integriteit", "weerbaar-raadslid"]


def test_online_filter_includes_workshops_given_both_ways(client):
    response = client.get(reverse("workshops:workshop_list"), {"delivery": "online"})

    slugs = _slugs(response)
    assert "informatievoorziening-en-digitaal-werken" in slugs  # online only
    assert "begrotingscyclus-lezen" in slugs  # on site or online
    assert "debatteren" not in slugs  # on site only


def test_text_search_matches_title_and_description(client):
    response = client.get(reverse("workshops:workshop_list"), {"q": "gemeentefonds"})

    assert _slugs(response) == ["gemeentefinancien"]


def test_catalogue_without_javascript_renders_the_whole_page_with_the_filter_in_the_url(client):
    response = client.get(reverse("workshops:workshop_list"), {"theme": "participatie"})

    assert b"<html" in response.content
    assert b'id="workshop-results"' in response.content
    assert b'hx-get="/workshops/"' in response.content
    assert b'hx-push-url="true"' in response.content
    assert b'<option value="participatie" selected>' in response.content


def test_catalogue_with_htmx_returns_only_the_results_fragment(client):
    response = client.get(
        reverse("workshops:workshop_list"), {"theme": "participatie"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="workshop-cards"' in response.content
    assert [t.name for t in response.templates][0] == "workshops/_workshop_results.html"


def test_unknown_filter_values_show_an_error_instead_of_failing(client):
    response = client.get(reverse("workshops:workshop_list"), {"duration": "9999", "theme": "nope"})

    assert response.status_code == 200


def test_workshop_page_shows_practical_information(client):
    response = client.get(reverse("workshops:workshop_detail", args=["debatteren"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "6 tot 16" in content or "6 to 16" in content
    assert response.context["workshop"].experts


def test_workshop_page_of_an_unpublished_workshop_is_not_found(client):
    hidden = WorkshopFactory(is_published=False)

    response = client.get(reverse("workshops:workshop_detail", args=[hidden.slug]))

    assert response.status_code == 404


def test_workshop_page_shows_english_text_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("workshops:workshop_detail", args=["gemeentefinancien"]))

    assert b"Municipal finances" in response.content


def test_catalogue_query_count_does_not_grow_with_rows(client):
    themes = list(Theme.objects.all()[:3])

    def make_rows(n):
        for _ in range(n):
            WorkshopFactory(themes=themes)

    assert_same_query_count(
        make_rows=make_rows, request=lambda: client.get(reverse("workshops:workshop_list"))
    )


def test_a_theme_page_shows_the_published_workshops_on_the_theme_and_links_them(client):
    theme = Theme.objects.get(slug="participatie")
    on_theme = WorkshopFactory(title="Inwoners laten meedenken", themes=[theme])
    hidden = WorkshopFactory(title="Nog niet gepubliceerd", themes=[theme], is_published=False)
    elsewhere = WorkshopFactory(title="Over iets anders", themes=[Theme.objects.get(slug="de-raad")])

    content = client.get(f"/programmas/themas/{theme.slug}/").content.decode()

    assert on_theme.title in content and on_theme.get_absolute_url() in content
    assert hidden.title not in content and elsewhere.title not in content

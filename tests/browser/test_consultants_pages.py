"""The consultant directory in a real browser, as an anonymous visitor, with axe (WCAG 2.1 AA) on every page."""

import re

import pytest

from consultants.models import Consultant
from portal.models import Municipality
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def _goto(page, path: str):
    response = page.goto(page.base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def _card_names(page, container: str) -> set[str]:
    return {name.strip() for name in page.locator(f"{container} .portal-card__title").all_inner_texts()}


def test_a_visitor_finds_the_consultants_of_den_haag_and_opens_one(page):
    den_haag = Municipality.objects.select_related("region").get(code="GM0518")  # 's-Gravenhage
    expected = set(Consultant.objects.active().for_region(den_haag.region).values_list("name", flat=True))
    elsewhere = set(
        Consultant.objects.active().exclude(regions=den_haag.region).values_list("name", flat=True)
    )
    assert den_haag.region.name == "Zuid-Holland"
    assert expected and elsewhere

    _goto(page, "/consulenten/vind/")
    assert page.locator("#find-consultant-results .portal-card").count() == 0
    axe_check(page)

    page.locator("#find-consultant-form #id_q").fill("Den Haag")
    page.locator("#find-consultant-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/consulenten/vind/\?.*q=Den\+Haag"))

    results = page.locator("#find-consultant-results")
    heading = results.locator("h2").inner_text()
    assert "'s-Gravenhage" in heading
    assert "Zuid-Holland" in heading
    assert _card_names(page, "#find-consultant-results") == expected
    assert page.locator("#find-consultant-form #id_q").input_value() == "Den Haag"
    axe_check(page)

    name = sorted(expected)[0]
    results.get_by_role("link", name=name, exact=True).click()
    consultant = Consultant.objects.get(name=name)
    page.wait_for_url(f"**/consulenten/{consultant.slug}/")
    assert page.locator("h1").inner_text() == name
    assert page.locator("main").get_by_role("link", name="Zuid-Holland").count() == 1
    axe_check(page)


def test_a_visitor_filters_the_consultants_by_theme(page):
    expected = set(
        Consultant.objects.active().filter(themes__slug="participatie").values_list("name", flat=True)
    )
    all_active = Consultant.objects.active().count()
    assert 0 < len(expected) < all_active

    _goto(page, "/consulenten/")
    assert page.locator("#consultant-results .portal-card").count() == all_active
    axe_check(page)

    filters = page.locator("#consultant-filters")
    filters.locator("#id_theme").select_option("participatie")
    filters.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/consulenten/\?.*theme=participatie"))

    assert _card_names(page, "#consultant-results") == expected
    assert filters.locator("#id_theme").input_value() == "participatie"
    axe_check(page)

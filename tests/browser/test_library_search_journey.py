"""Issue 11 in a real browser: a visitor searches with a misspelt word, follows the suggestion, narrows the
results by theme and downloads an attachment. axe runs on the library's public pages in Dutch and English,
at desktop and phone width."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from publications import samples
from publications.models import Publication
from publications.search import vocabulary_rebuild
from tests.browser.conftest import axe_check
from tests.publications.factories import publication

pytestmark = pytest.mark.browser


def _context_page(browser, live_server, *, locale: str, width: int):
    context = browser.new_context(bypass_csp=True, locale=locale, viewport={"width": width, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    guide = publication(
        title="Participatie bij de omgevingsvisie",
        summary="Hoe betrekt u inwoners bij de omgevingsvisie?",
        body="<p>Participatie vraagt om heldere spelregels vooraf.</p>",
        themes=["participatie"],
        programme="democratie-in-actie",
        attachment=ContentFile(samples.pdf_bytes("Participatie", ["Spelregels voor participatie."]), name="x.pdf"),
    )
    publication(title="Participatie en de raad", themes=["de-raad"], summary="De raad en participatie.")
    publication(title="Nieuws over participatie", type=Publication.Type.NEWS, themes=["participatie"])
    publication(type=Publication.Type.EXPERIENCE, title="Zwolle: participatie met een panel", themes=["participatie"])
    vocabulary_rebuild()
    return guide


@pytest.mark.parametrize(("locale", "width"), [("nl-NL", 1280), ("en-GB", 1280), ("nl-NL", 360)])
def test_a_visitor_finds_a_guide_despite_a_typo_and_downloads_it(browser, live_server, library, locale, width):
    page = _context_page(browser, live_server, locale=locale, width=width)
    page.goto(live_server.url + "/bibliotheek/")
    axe_check(page)

    page.locator("#library-q").fill("particpatie")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zoeken/\?q=particpatie"))
    suggestion = page.locator("#search-suggestion a")
    assert suggestion.inner_text() == "participatie"
    axe_check(page)

    suggestion.click()
    page.wait_for_url(re.compile(r"q=participatie"))
    found = page.locator("#search-hits h2").all_inner_texts()
    assert {library.title, "Participatie en de raad", "Nieuws over participatie"} <= set(found)
    assert page.locator("#search-hits mark").count() > 0
    axe_check(page)

    theme = "Participation" if locale.startswith("en") else "Participatie"
    page.locator("[data-facet=theme] a", has_text=theme).click()
    page.wait_for_url(re.compile(r"theme="))
    titles = page.locator("#search-hits h2").all_inner_texts()
    assert "Participatie en de raad" not in titles and library.title in titles
    assert page.locator("[data-facet=theme] [aria-current=true]").count() == 1
    axe_check(page)

    page.locator("#search-hits").get_by_role("link", name=library.title).click()
    page.wait_for_url(f"**{library.get_absolute_url()}")
    axe_check(page)
    with page.expect_download() as download_info:
        page.locator("#attachment-download").click()
    download = download_info.value
    assert download.suggested_filename == "participatie-bij-de-omgevingsvisie.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    for path in ["/kennisbank/", "/nieuws/", "/programmas/themas/participatie/", "/bibliotheek/?type=experience",
                 "/nieuwsbrief/", "/nieuwsbrief/archief/", "/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe_check(page)
    page.context.close()

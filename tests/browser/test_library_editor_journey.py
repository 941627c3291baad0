"""Issue 11 in a real browser: an editor writes a publication in the rich-text editor (under our strict
Content-Security-Policy, not bypassed), a programme manager publishes it, and it appears in search, on its
theme page and in the feed. axe runs on every portal page of the journey, in Dutch and in English."""

import re

import pytest

from portal.models import StaffRole
from publications.models import Publication, PublicationRevision
from tests.browser.conftest import axe_check, login
from tests.factories import StaffFactory

pytestmark = pytest.mark.browser

TITLE = "Grip op de regionale samenwerking"
SUMMARY = "Hoe de raad zicht houdt op gemeenschappelijke regelingen."


def _strict_page(browser, live_server, locale="nl-NL"):
    """A browser that enforces our CSP (the conftest's page bypasses it so that axe can be injected)."""
    context = browser.new_context(locale=locale)
    context.set_default_timeout(10_000)
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', event => (window.cspViolations = window.cspViolations || [])"
        ".push(event.violatedDirective + ' ' + event.sourceFile));"
    )
    page = context.new_page()
    page.base_url = live_server.url
    page.csp_problems = []
    page.on("console", lambda message: page.csp_problems.append(message.text) if "Content Security Policy" in message.text else None)
    return page


def _csp_violations(page) -> list[str]:
    return page.csp_problems + page.evaluate("() => window.cspViolations || []")


def _axe_page(browser, live_server, locale="nl-NL", width=1280):
    context = browser.new_context(bypass_csp=True, locale=locale, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def _editor_writes(browser, live_server, editor) -> Publication:
    page = _strict_page(browser, live_server)
    login(page, live_server, editor)
    page.goto(live_server.url + "/bibliotheek/beheer/")
    page.locator("#new-publication").click()
    page.wait_for_url(re.compile(r"/admin/publications/publication/add/"))

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    editor_area = page.locator(".prose-editor .ProseMirror[contenteditable=true]").first
    editor_area.wait_for()
    editor_area.click()
    page.keyboard.type("De raad stelt kaders voor de gemeenschappelijke regeling.")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Vooraf")
    page.keyboard.press("Control+b")
    page.keyboard.type(" spreekt de raad zich uit.")
    assert page.locator(".prose-editor .ProseMirror[contenteditable=true] strong").inner_text() == "Vooraf"
    assert _csp_violations(page) == []  # the editor works under style-src 'self' and nonce'd scripts
    page.locator("#id_themes_from").select_option(label="De Raad")
    page.locator("#id_themes_add").click()
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/bibliotheek/beheer/\d+/$"))

    assert _csp_violations(page) == []
    publication = Publication.objects.get(title=TITLE)
    assert "<strong>Vooraf</strong>" in publication.body
    assert "gemeenschappelijke regeling" in publication.body
    page.locator("#submit-form button").click()
    page.wait_for_load_state()
    assert page.locator("#four-eyes-note").is_visible()  # the writer may not publish it
    page.context.close()
    return publication


def _manager_publishes(browser, live_server, manager, publication: Publication) -> None:
    page = _axe_page(browser, live_server)
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/bibliotheek/beheer/{publication.pk}/")
    axe_check(page)
    page.locator("#preview-publication").click()
    page.wait_for_url(re.compile(r"/voorbeeld/$"))
    assert page.locator("#preview-banner").is_visible()
    assert page.locator("#publication-body strong").inner_text() == "Vooraf"
    axe_check(page)
    page.go_back()
    page.locator("#publish-button").click()
    page.wait_for_load_state()
    assert page.locator("#status-label").inner_text() in {"Gepubliceerd", "Published"}
    axe_check(page)
    page.context.close()


def test_an_editor_writes_a_manager_publishes_and_everyone_finds_it(browser, live_server):
    editor = StaffFactory(role=StaffRole.EDITOR)
    manager = StaffFactory(role=StaffRole.PROGRAMME_MANAGER)

    publication = _editor_writes(browser, live_server, editor)
    _manager_publishes(browser, live_server, manager, publication)

    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED and publication.published_by == manager
    assert list(publication.revisions.order_by("number").values_list("action", flat=True)) == [
        PublicationRevision.Action.CREATED, PublicationRevision.Action.SUBMITTED, PublicationRevision.Action.PUBLISHED
    ]
    for locale, width in [("nl-NL", 1280), ("en-GB", 1280), ("nl-NL", 360)]:
        page = _axe_page(browser, live_server, locale=locale, width=width)
        page.goto(live_server.url + "/zoeken/?q=regionale+samenwerking")
        assert page.locator("#search-hits").get_by_role("link", name=TITLE).count() == 1
        axe_check(page)
        page.goto(live_server.url + "/programmas/themas/de-raad/")
        assert page.locator("#theme-publication-cards").get_by_role("link", name=TITLE).count() == 1
        axe_check(page)
        page.get_by_role("link", name=TITLE).first.click()
        page.wait_for_url(f"**{publication.get_absolute_url()}")
        axe_check(page)
        page.context.close()
    feed = browser.new_context().request.get(live_server.url + "/bibliotheek/rss.xml")
    assert feed.ok and TITLE in feed.text() and publication.get_absolute_url() in feed.text()

"""Issue 11 in a real browser: someone subscribes without an account, confirms by the mailed link, receives
an edition that staff composed and sent, and leaves with the one-click unsubscribe of the mail. axe runs on
every page, the visitor's pages also in English at phone width."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from newsletter.models import Edition, Subscriber
from portal.models import StaffRole
from publications.models import Publication
from tests.browser.conftest import axe_check, login
from tests.factories import StaffFactory
from tests.publications.factories import publication

pytestmark = pytest.mark.browser
EMAIL = "inwoner.abonnee@example.nl"


def _page(browser, live_server, *, locale="nl-NL", width=1280):
    context = browser.new_context(bypass_csp=True, locale=locale, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def _link(message, name: str) -> str:
    return re.search(rf"https?://[^\s]+/nieuwsbrief/{name}/[^\s/]+/", message.body).group(0)


def _local(url: str, live_server) -> str:
    """A link from a mail (made with PORTAL_BASE_URL) on the test server."""
    return live_server.url + urlsplit(url).path


def _subscribe_and_confirm(browser, live_server, *, locale="nl-NL", width=1280, email=EMAIL, theme="Participatie"):
    page = _page(browser, live_server, locale=locale, width=width)
    page.goto(live_server.url + "/nieuwsbrief/")
    axe_check(page)
    page.locator("#id_email").fill(email)
    page.locator("input[name=all_sections][value='0']").check()
    page.get_by_label(theme, exact=True).check()
    page.locator("#id_consent").check()
    page.locator("#subscribe-button").click()
    page.wait_for_url(re.compile(r"/nieuwsbrief/aangemeld/"))
    assert page.locator("#subscribe-sent").is_visible()
    axe_check(page)

    confirmation = next(message for message in mail.outbox if message.to == [email])
    page.goto(_local(_link(confirmation, "bevestigen"), live_server))
    axe_check(page)
    page.locator("#confirm-button").click()
    page.wait_for_load_state()
    assert page.locator("#confirmed-heading").is_visible()
    axe_check(page)
    assert Subscriber.objects.get(email=email).status == Subscriber.Status.CONFIRMED
    return page


def _staff_sends_an_edition(browser, live_server, on_theme: Publication, off_theme: Publication) -> Edition:
    editor = StaffFactory(role=StaffRole.EDITOR)
    page = _page(browser, live_server)
    login(page, live_server, editor)
    page.goto(live_server.url + "/nieuwsbrief/beheer/")
    axe_check(page)
    page.locator("#new-edition").click()
    page.wait_for_url(re.compile(r"/nieuwsbrief/beheer/nieuw/"))
    axe_check(page)
    page.locator("#id_title").fill("Nieuwsbrief lente")
    page.locator("#id_intro").fill("Welkom bij de nieuwsbrief.")
    page.locator("#edition-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/nieuwsbrief/beheer/\d+/$"))
    axe_check(page)

    page.locator(f"#items-form input[value='publication:{on_theme.pk}']").check()
    page.locator(f"#items-form input[value='publication:{off_theme.pk}']").check()
    page.locator("#items-form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#text-form #id_title").fill("Van de redactie")
    page.locator("#text-form #id_text").fill("Deze editie verschijnt ook als katern.")
    page.locator("#text-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#edition-items > li").count() == 3
    axe_check(page)

    page.locator("#send-button").click()
    page.wait_for_load_state()
    assert "1 van 1 verstuurd" in page.locator("#progress-text").inner_text()
    axe_check(page)
    page.context.close()
    return Edition.objects.get(title="Nieuwsbrief lente")


def test_subscribe_confirm_receive_and_unsubscribe_with_one_click(browser, live_server):
    on_theme = publication(title="Handreiking participatie", themes=["participatie"])
    off_theme = publication(title="Nieuws over de raad", type=Publication.Type.NEWS, themes=["de-raad"])

    visitor = _subscribe_and_confirm(browser, live_server)
    edition = _staff_sends_an_edition(browser, live_server, on_theme, off_theme)

    assert edition.status == Edition.Status.SENT
    received = [message for message in mail.outbox if message.to == [EMAIL] and message.subject == "Nieuwsbrief lente"]
    assert len(received) == 1
    message = received[0]
    assert "Handreiking participatie" in message.body and "Nieuws over de raad" not in message.body
    html = message.alternatives[0][0]
    assert "Handreiking participatie" in html and "Van de redactie" in html
    unsubscribe_url = message.extra_headers["List-Unsubscribe"][1:-1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail program does for RFC 8058: a POST without cookies or CSRF token.
    response = visitor.request.post(
        _local(unsubscribe_url, live_server),
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.ok
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED and not subscriber.themes.exists()

    visitor.goto(_local(unsubscribe_url, live_server))
    assert visitor.locator("#unsubscribed-heading").is_visible()
    axe_check(visitor)
    visitor.goto(live_server.url + edition.get_absolute_url())
    assert visitor.locator("h1").inner_text() == "Nieuwsbrief lente"
    axe_check(visitor)
    visitor.context.close()


def test_the_visitors_newsletter_pages_in_english_on_a_phone(browser, live_server):
    page = _subscribe_and_confirm(
        browser, live_server, locale="en-GB", width=360, email="phone@example.nl", theme="Participation"
    )
    subscriber = Subscriber.objects.get(email="phone@example.nl")
    assert subscriber.language == "en"
    from newsletter.tokens import manage_token

    page.goto(f"{live_server.url}/nieuwsbrief/instellingen/{manage_token(subscriber)}/")
    axe_check(page)
    page.locator("input[name=all_sections][value='1']").check()
    page.locator("#preferences-form button[type=submit]").click()
    page.wait_for_load_state()
    subscriber.refresh_from_db()
    assert subscriber.all_sections
    axe_check(page)
    page.goto(f"{live_server.url}/nieuwsbrief/afmelden/{manage_token(subscriber)}/")
    axe_check(page)
    page.locator("#unsubscribe-button").click()
    page.wait_for_load_state()
    assert page.locator("#unsubscribed-heading").is_visible()
    axe_check(page)
    page.context.close()

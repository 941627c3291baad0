"""Issue 10 in a real browser, with axe (WCAG 2.1 A and AA) on every page the journeys visit.

1. A visitor finds an event by filter, registers, confirms by the mailed link and downloads the .ics.
2. A member registers for a full event, lands on the waiting list; a place frees, the offer mail
   arrives, the member claims the place.
3. A staff member checks people in on a phone-sized screen: search by name, tick, scan a QR code.
"""

import re
from pathlib import Path

import pytest
from django.core import mail

from events.models import Event, Registration
from events.tokens import registration_token
from portal.models import Region
from tests.browser.conftest import axe_check, login
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.browser
Status = Registration.Status


def _goto(page, path: str):
    response = page.goto(page.base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def _mailed_path(recipient: str, fragment: str) -> str:
    """The path of the link containing `fragment` in the last mail to `recipient` (mails carry the portal's
    own address; the test server has another)."""
    message = [m for m in mail.outbox if m.to == [recipient]][-1]
    (url,) = {u for u in re.findall(r"https?://\S+", message.body) if fragment in u}
    return re.sub(r"^https?://[^/]+", "", url)


def _new_page(browser, live_server, **options):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def test_a_visitor_finds_an_event_by_filter_registers_confirms_and_downloads_the_ics(page, tmp_path: Path):
    overijssel = Region.objects.get(slug="overijssel")
    event = EventFactory(
        title="Maaltijdgesprek Kampen", kind=Event.Kind.MEAL_CONVERSATION, region=overijssel, capacity=20,
        includes_meal=True,
    )
    question = QuestionFactory(event=event, label="Heeft u dieetwensen of allergieën?")
    EventFactory(title="Webinar over de begroting", kind=Event.Kind.WEBINAR)

    _goto(page, "/agenda/")
    axe_check(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.locator("#id_region").select_option("overijssel")
    page.wait_for_url(re.compile(r"[?&]region=overijssel"))
    page.wait_for_function("() => !document.querySelector('#event-results').innerText.includes('Webinar')")
    assert page.evaluate("() => window.stillTheSamePage === true"), "the filter reloaded the whole page"
    assert page.locator("#event-cards > li").count() == 1
    axe_check(page)

    page.locator("#event-results").get_by_role("link", name="Maaltijdgesprek Kampen").click()
    page.wait_for_url(f"**/agenda/{event.slug}/")
    assert "nog 20 plaatsen" in page.locator("#places-left").inner_text()
    axe_check(page)

    form = page.locator("#register-form")
    form.locator("#id_name").fill("Bea Bezoeker")
    form.locator("#id_email").fill("bea@example.nl")
    form.locator("#id_function").select_option("inwoner")
    form.locator("#id_municipality").fill("Kampen")
    form.locator(f"#id_question_{question.pk}").fill("Vegetarisch")
    page.locator("#register-button").click()
    page.wait_for_load_state()
    assert "bea@example.nl" in page.locator("#pending-message").inner_text()
    registration = Registration.objects.get(event=event)
    assert registration.status == Status.PENDING
    axe_check(page)

    _goto(page, _mailed_path("bea@example.nl", "/agenda/bevestigen/"))
    axe_check(page)
    page.locator("#confirm-button").click()
    page.wait_for_url(re.compile(r"/agenda/inschrijving/"))
    assert "Bevestigd" in page.locator("#registration-status").inner_text()
    assert page.locator("svg[role=img]").count() == 1  # the check-in code
    assert "Vegetarisch" in page.locator("#registration-facts").inner_text()
    axe_check(page)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.municipality.name == "Kampen"

    with page.expect_download() as download_info:
        page.locator("#registration-ics").click()
    path = tmp_path / "uitnodiging.ics"
    download_info.value.save_as(path)
    ics = path.read_text()
    assert "BEGIN:VCALENDAR" in ics
    assert f"UID:event-{event.pk}@" in ics
    assert "Maaltijdgesprek Kampen" in ics


def test_a_member_on_the_waiting_list_claims_a_freed_place(page, live_server, browser, member):
    event = EventFactory(title="Regiobijeenkomst Samenspel", capacity=1)
    holder = RegistrationFactory(event=event, name="Henk Houder", email="henk@example.nl")

    login(page, live_server, member)
    _goto(page, event.get_absolute_url())
    assert "vol – u komt op de wachtlijst" in page.locator("#places-left").inner_text()
    axe_check(page)
    page.locator("#register-button").click()
    page.wait_for_url(re.compile(r"/agenda/inschrijving/"))
    assert "Op de wachtlijst" in page.locator("#registration-status").inner_text()
    axe_check(page)
    mine = Registration.objects.get(event=event, user=member)
    assert mine.status == Status.WAITLISTED

    # The holder cancels through the link in their own mail, in their own browser.
    other = _new_page(browser, live_server)
    _goto(other, f"/agenda/annuleren/{registration_token('cancel', holder)}/")
    axe_check(other)
    other.locator("#cancel-button").click()
    other.wait_for_url(re.compile(r"/agenda/inschrijving/"))
    other.context.close()

    mine.refresh_from_db()
    assert mine.status == Status.OFFERED
    offer_path = _mailed_path(member.email, "/agenda/plek/")
    _goto(page, offer_path)
    axe_check(page)
    page.locator("#claim-button").click()
    page.wait_for_url(re.compile(r"/agenda/inschrijving/"))
    assert "Bevestigd" in page.locator("#registration-status").inner_text()
    axe_check(page)
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED
    assert [t.reason for t in mine.transitions.all()] == ["registered", "offered", "claimed"]


def test_a_staff_member_checks_people_in_on_a_phone(browser, live_server, editor):
    page = _new_page(browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    event = EventFactory(title="Dag van de Lokale Democratie", starts_at=in_days(0.05), ends_at=in_days(0.3))
    anna = RegistrationFactory(event=event, name="Anna de Vries")
    bert = RegistrationFactory(event=event, name="Bert Jansen")
    RegistrationFactory(event=event, name="Carla Smit")
    RegistrationFactory(event=event, name="Wachtende Willem", status=Status.WAITLISTED)

    login(page, live_server, editor)
    _goto(page, f"/agenda/beheer/{event.pk}/inchecken/")
    assert page.locator(".events-checkin__arrived").inner_text() == "0"
    assert page.locator("#checkin-rows > li").count() == 3  # only confirmed places
    assert page.evaluate("() => document.querySelector('main').scrollWidth") <= 360  # (the shared footer overflows; see report)
    axe_check(page)

    page.locator("#id_q").fill("anna")
    page.wait_for_function("() => document.querySelectorAll('#checkin-rows > li').length === 1")
    assert "q=anna" in page.url
    page.locator(f"#registration-{anna.pk} button").click()
    page.wait_for_function(f"() => document.querySelector('#registration-{anna.pk}').classList.contains('events-checkin__row--in')")
    page.wait_for_function("() => document.querySelector('.events-checkin__arrived').innerText === '1'")
    axe_check(page)
    anna.refresh_from_db()
    assert anna.checked_in_by == editor

    # Bert shows the QR code from his mail: it opens the scan page, one tap checks him in.
    _goto(page, f"/agenda/beheer/scan/{registration_token('checkin', bert)}/")
    assert "Bert Jansen" in page.locator("#scan-result").inner_text()
    assert page.evaluate("() => document.querySelector('main').scrollWidth") <= 360  # (the shared footer overflows; see report)
    axe_check(page)
    page.locator("#scan-check-in").click()
    page.wait_for_url(re.compile(rf"/agenda/beheer/{event.pk}/inchecken/"))
    assert page.locator(".events-checkin__arrived").inner_text() == "2"
    axe_check(page)

    # Scanning Bert again says he is already in.
    _goto(page, f"/agenda/beheer/scan/{registration_token('checkin', bert)}/")
    assert page.locator("#scan-already").count() == 1
    page.context.close()

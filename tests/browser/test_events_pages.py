"""axe (WCAG 2.1 A and AA) on every page of the events app, in Dutch and in English: the public agenda,
a registrant's own pages, a member's pages and the staff screens (forms with errors included)."""

import pytest

from events.models import Event, Registration
from events.tokens import registration_token
from portal.models import Region
from programmes.models import Programme, Theme
from tests.browser.conftest import axe_check, login
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, SessionFactory, in_days

pytestmark = pytest.mark.browser
Status = Registration.Status
LANGUAGES = ["nl", "en"]


def _in(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])


def _check(page, path: str, language: str, *, status: int = 200) -> None:
    response = page.goto(page.base_url + path)
    assert response.status == status, f"{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)


def _data() -> dict:
    overijssel = Region.objects.get(slug="overijssel")
    event = EventFactory(
        title="Dag van de Lokale Democratie", title_en="Local Democracy Day", capacity=700, region=overijssel,
        programme=Programme.objects.get(slug="democratie-in-actie"), themes=[Theme.objects.get(slug="participatie")],
        description="Ochtend en middag.\nMet deelsessies.",
    )
    for round_start in (0, 3):
        for number in range(3):
            SessionFactory(
                event=event, title=f"Sessie {round_start + number + 1}", capacity=1 if number == 0 else 50,
                starts_at=event.starts_at.replace(hour=10 + round_start), ends_at=event.starts_at.replace(hour=11 + round_start),
            )
    QuestionFactory(event=event)
    QuestionFactory(event=event, label="Welk onderwerp?", kind="choice", choices="Wonen\nZorg", required=True)
    confirmed = RegistrationFactory(event=event, name="Anna de Vries")
    confirmed.sessions.add(event.sessions.first())
    restricted = EventFactory(title="Lokale driehoek", target_functions=["burgemeester", "wethouder"], region=overijssel)
    full = EventFactory(title="Vol maaltijdgesprek", capacity=1, kind=Event.Kind.MEAL_CONVERSATION, includes_meal=True)
    RegistrationFactory(event=full)
    offered = RegistrationFactory(event=full, status=Status.OFFERED, offer_expires_at=in_days(1))
    pending = RegistrationFactory(event=event, status=Status.PENDING)
    past = EventFactory(title="Luistertour Zeeland", starts_at=in_days(-30), ends_at=in_days(-29.9))
    RegistrationFactory.create_batch(6, event=past, checked_in_at=past.starts_at)
    EventFactory(title="Concept", status=Event.Status.DRAFT)
    return {
        "event": event, "restricted": restricted, "confirmed": confirmed, "offered": offered, "pending": pending,
        "full": full,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_and_registrant_page_passes_axe(page, language):
    data = _data()
    event, confirmed = data["event"], data["confirmed"]
    _in(page, language)

    for path in [
        "/agenda/",
        "/agenda/?region=overijssel&kind=regional_meeting",
        "/agenda/?kind=conference",  # no results
        "/agenda/archief/",
        "/agenda/feeds/",
        event.get_absolute_url(),
        data["restricted"].get_absolute_url(),
        data["full"].get_absolute_url(),
        f"/agenda/inschrijving/{registration_token('manage', confirmed)}/",
        f"/agenda/inschrijving/{registration_token('manage', data['offered'])}/",
        f"/agenda/annuleren/{registration_token('cancel', confirmed)}/",
        f"/agenda/bevestigen/{registration_token('confirm', data['pending'])}/",
        f"/agenda/plek/{registration_token('offer', data['offered'])}/",
    ]:
        _check(page, path, language)

    # The visitor's form, sent empty: every error is tied to its field.
    page.goto(page.base_url + event.get_absolute_url())
    page.locator("#register-button").click()
    page.wait_for_load_state()
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    axe_check(page)
    # ... and sent right: the "check your mail" page.
    page.locator("#id_name").fill("Bea Bezoeker")
    page.locator("#id_email").fill("bea@example.nl")
    page.locator("#id_function").select_option("inwoner")
    page.locator("input[name=slot_1]").nth(2).check()
    page.locator("select[name^=question_]").select_option(index=1)
    page.locator("#register-button").click()
    page.wait_for_load_state()
    assert page.locator("#pending-message").count() == 1
    axe_check(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_member_and_staff_page_passes_axe(page, live_server, language, editor):
    data = _data()
    event, confirmed = data["event"], data["confirmed"]
    login(page, live_server, editor)
    _in(page, language)

    for path in [
        "/agenda/mijn/",
        event.get_absolute_url(),  # the one-click form of a signed-in member
        "/agenda/beheer/",
        "/agenda/beheer/nieuw/",
        "/agenda/beheer/cijfers/",
        f"/agenda/beheer/{event.pk}/",
        f"/agenda/beheer/{event.pk}/?status=confirmed&q=anna",
        f"/agenda/beheer/{event.pk}/bewerken/",
        f"/agenda/beheer/{event.pk}/annuleren/",
        f"/agenda/beheer/{event.pk}/bericht/",
        f"/agenda/beheer/{event.pk}/inchecken/",
        f"/agenda/beheer/{event.pk}/inchecken/?q=anna",
        f"/agenda/beheer/scan/{registration_token('checkin', confirmed)}/",
        f"/agenda/beheer/scan/{registration_token('checkin', data['offered'])}/",
    ]:
        _check(page, path, language)

    # The staff form sent with an error keeps everything and ties the error to its field.
    page.goto(page.base_url + "/agenda/beheer/nieuw/")
    page.locator("#id_title").fill("Nieuwe bijeenkomst")
    page.locator("#save-event").click()
    page.wait_for_load_state()
    assert page.locator("#id_title").input_value() == "Nieuwe bijeenkomst"
    assert page.locator("#id_summary").get_attribute("aria-invalid") == "true"
    axe_check(page)

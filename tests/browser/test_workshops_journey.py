"""Issue 4 in a real browser: a griffier requests a workshop, staff propose a session, the griffier accepts.

axe (WCAG 2.1 A and AA) runs on every page the journey visits, including the form with its errors.
"""

import contextlib
import datetime
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from consultants.models import Consultant
from tests.browser.conftest import axe_check, login
from workshops.models import Session, Workshop, WorkshopRequest

pytestmark = pytest.mark.browser

PLACE = "Raadzaal Stadhuis Amsterdam"
TRAINING_NEED = "Nieuwe raadsleden willen leren hoe zij inwoners vroeg betrekken."
PREFERRED_PERIODS = "Dinsdagavonden in het voorjaar"
LOCATION = "Stadhuis, Amstel 1"


def _goto(page, path: str):
    response = page.goto(page.base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def _new_page(browser, live_server):
    """A second, independent browser (own cookies), set up like the conftest's `page` fixture."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def _griffier_requests_a_workshop(page, live_server, griffier, workshop: Workshop) -> WorkshopRequest:
    login(page, live_server, griffier)
    _goto(page, "/workshops/")
    axe_check(page)
    all_count = page.locator("#workshop-count").inner_text()

    # With JavaScript on, htmx swaps the results in place and keeps the filter in the address bar.
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.locator("#id_theme").select_option("participatie")
    page.wait_for_url(re.compile(r"[?&]theme=participatie"))
    page.wait_for_function(
        "(before) => document.querySelector('#workshop-count').innerText !== before", arg=all_count
    )
    assert page.evaluate("() => window.stillTheSamePage === true"), "the filter reloaded the whole page"
    assert "theme=participatie" in page.url
    cards = page.locator("#workshop-results #workshop-cards > li")
    assert cards.count() == Workshop.objects.published().filter(themes__slug="participatie").count()
    assert page.locator("#workshop-results").get_by_role("link", name=workshop.title).count() == 1
    axe_check(page)

    page.locator("#workshop-results").get_by_role("link", name=workshop.title).click()
    page.wait_for_url(f"**/workshops/{workshop.slug}/")
    assert page.locator("h1").inner_text() == workshop.title
    axe_check(page)

    page.locator("#request-this-workshop").click()
    page.wait_for_url(re.compile(r"/workshops/aanvragen/nieuw/"))
    form = page.locator("#workshop-request-form")
    assert form.locator(f"input[name=workshops][value='{workshop.pk}']").is_checked()
    axe_check(page)

    # First without the training need: the server answers with the error tied to the field.
    form.locator("#id_participants").fill("14")
    form.locator("#id_preferred_periods").fill(PREFERRED_PERIODS)
    form.locator("#id_location").fill(LOCATION)
    page.locator("#submit-request").click()
    page.wait_for_load_state()

    assert re.search(r"/workshops/aanvragen/nieuw/", page.url)
    training_need = form.locator("#id_training_need")
    assert training_need.get_attribute("aria-invalid") == "true"
    assert "id_training_need_error" in (training_need.get_attribute("aria-describedby") or "").split()
    error = page.locator("#id_training_need_error")
    assert error.is_visible()
    # The message comes from Django's own Dutch catalogue, so it is Dutch even before our msgids are.
    assert "Dit veld is verplicht." in error.inner_text()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert form.locator("#id_participants").input_value() == "14"
    assert form.locator("#id_preferred_periods").input_value() == PREFERRED_PERIODS
    assert form.locator("#id_location").input_value() == LOCATION
    assert form.locator(f"input[name=workshops][value='{workshop.pk}']").is_checked()
    assert not WorkshopRequest.objects.exists()
    axe_check(page)

    training_need.fill(TRAINING_NEED)
    page.locator("#submit-request").click()
    page.wait_for_url(re.compile(r"/workshops/aanvragen/\d+/$"))

    workshop_request = WorkshopRequest.objects.get()
    assert page.url.endswith(f"/workshops/aanvragen/{workshop_request.pk}/")
    assert TRAINING_NEED in page.locator("#request-summary").inner_text()
    axe_check(page)
    assert workshop_request.municipality == griffier.municipality
    assert list(workshop_request.workshops.all()) == [workshop]
    assert (workshop_request.participants, workshop_request.location) == (14, LOCATION)
    return workshop_request


def _manager_proposes_a_session(
    page, live_server, manager, workshop_request: WorkshopRequest, workshop: Workshop, day: datetime.date
) -> Consultant:
    trainer = Consultant.objects.active().order_by("name").first()
    login(page, live_server, manager)
    _goto(page, "/workshops/beheer/")
    axe_check(page)

    page.locator(f"#request-queue a[href$='/workshops/beheer/aanvragen/{workshop_request.pk}/']").click()
    page.wait_for_url(f"**/workshops/beheer/aanvragen/{workshop_request.pk}/")
    axe_check(page)

    page.locator("#new-proposal").click()
    page.wait_for_url(f"**/workshops/beheer/aanvragen/{workshop_request.pk}/voorstel/")
    axe_check(page)

    form = page.locator("#proposal-form")
    form.locator("#id_sessions-0-workshop").select_option(str(workshop.pk))
    form.locator("#id_sessions-0-date").fill(day.isoformat())
    form.locator("#id_sessions-0-start_time").fill("19:30")
    form.locator("#id_sessions-0-end_time").fill("22:00")
    form.locator("#id_sessions-0-place").fill(PLACE)
    form.locator("#id_sessions-0-trainer").select_option(str(trainer.pk))
    page.locator("#send-proposal").click()
    page.wait_for_url(re.compile(rf"/workshops/beheer/aanvragen/{workshop_request.pk}/$"))

    assert PLACE in page.locator(".portal-table-wrap table[id^=proposal-]").inner_text()
    axe_check(page)
    workshop_request.refresh_from_db()
    assert workshop_request.status == WorkshopRequest.Status.PROPOSAL_SENT
    return trainer


def test_griffier_requests_a_workshop_staff_propose_a_session_and_the_griffier_plans_it(
    page, browser, live_server, griffier, programme_manager
):
    workshop = Workshop.objects.published().get(slug="burgers-betrekken")
    day = datetime.date.today() + datetime.timedelta(days=40)

    workshop_request = _griffier_requests_a_workshop(page, live_server, griffier, workshop)

    staff_page = _new_page(browser, live_server)
    try:
        trainer = _manager_proposes_a_session(
            staff_page, live_server, programme_manager, workshop_request, workshop, day
        )
    finally:
        staff_page.context.close()

    page.reload()
    proposed = page.locator("#proposed-sessions")
    assert PLACE in proposed.inner_text()
    assert trainer.name in proposed.inner_text()
    axe_check(page)

    page.locator("#accept-proposal").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/workshops/aanvragen/{workshop_request.pk}/")
    planned = page.locator("#planned-sessions")
    assert PLACE in planned.inner_text()
    assert workshop.title in planned.inner_text()
    assert page.locator("#proposed-sessions").count() == 0
    axe_check(page)
    workshop_request.refresh_from_db()
    assert workshop_request.status == WorkshopRequest.Status.PLANNED
    session = Session.objects.planned().get(proposal__request=workshop_request)
    assert (session.workshop, session.trainer, session.place) == (workshop, trainer, PLACE)
    starts_at = timezone.localtime(session.starts_at)
    assert (starts_at.date(), starts_at.time()) == (day, datetime.time(19, 30))

    with page.expect_download() as download_info:
        page.locator("#ical-link").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Path(download.path()).read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert f"DTSTART:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in calendar
    assert f"LOCATION:{PLACE}" in calendar

    _goto(page, "/mijn/")
    dashboard_sessions = page.locator("#dashboard-sessions")
    assert PLACE in dashboard_sessions.inner_text()
    assert workshop.title in dashboard_sessions.inner_text()
    axe_check(page)


def _at(theme: str, fmt: str = ""):
    """A URL predicate: the catalogue with exactly this theme and format (htmx also writes empty filters)."""

    def matches(url: str) -> bool:
        query = parse_qs(urlsplit(url).query)
        return urlsplit(url).path == "/workshops/" and (
            query.get("theme", [""])[0],
            query.get("format", [""])[0],
        ) == (theme, fmt)

    return matches


def _through_history(page, step: str) -> None:
    """Back or Forward, then wait until the page has really been reloaded (htmx reloads it from the server)."""
    page.evaluate("() => { window.beforeHistoryStep = true; }")
    page.go_back() if step == "back" else page.go_forward()
    # Not reloaded means a stored copy was put back: then the assertions on the state say what is wrong.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "() => window.beforeHistoryStep === undefined && document.readyState === 'complete'", timeout=5_000
        )


def _filter_state(page) -> dict:
    return {
        "theme": page.locator("#id_theme").input_value(),
        "format": page.locator("#id_format").input_value(),
        "count": page.locator("#workshop-cards > li").count(),
    }


def test_the_workshop_filters_show_the_right_selection_after_back_and_forward(page, live_server):
    participatie = Workshop.objects.published().filter(themes__slug="participatie").count()
    participatie_training = (
        Workshop.objects.published().filter(themes__slug="participatie", format="training").count()
    )
    everything = Workshop.objects.published().count()
    assert len({participatie, participatie_training, everything}) == 3  # the states can be told apart
    _goto(page, "/workshops/")

    page.locator("#id_theme").select_option("participatie")
    page.wait_for_url(_at("participatie"))
    page.wait_for_function(f"() => document.querySelectorAll('#workshop-cards > li').length === {participatie}")
    page.locator("#id_format").select_option("training")
    page.wait_for_url(_at("participatie", "training"))
    page.wait_for_function(
        f"() => document.querySelectorAll('#workshop-cards > li').length === {participatie_training}"
    )

    _through_history(page, "back")
    assert _at("participatie")(page.url)
    assert _filter_state(page) == {"theme": "participatie", "format": "", "count": participatie}

    _through_history(page, "back")
    assert _at("")(page.url)
    assert _filter_state(page) == {"theme": "", "format": "", "count": everything}

    _through_history(page, "forward")
    assert _at("participatie")(page.url)
    assert _filter_state(page) == {"theme": "participatie", "format": "", "count": participatie}

    # Away to a workshop and back: the page (never the bare results fragment) with its filter.
    page.locator("#workshop-cards a").first.click()
    page.wait_for_url(re.compile(r"/workshops/[a-z-]+/$"))
    page.go_back()
    page.wait_for_url(_at("participatie"))
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Workshopaanbod"
    assert _filter_state(page) == {"theme": "participatie", "format": "", "count": participatie}
    axe_check(page)


def test_an_empty_required_message_box_is_not_drawn_as_an_error_before_anything_was_typed(
    page, live_server, griffier
):
    login(page, live_server, griffier)
    _goto(page, "/workshops/aanvragen/nieuw/")
    training_need = page.locator("#id_training_need")
    location = page.locator("#id_location")

    def border(locator) -> str:
        return locator.evaluate("element => getComputedStyle(element).borderTopColor")

    assert training_need.get_attribute("required") is not None
    assert border(training_need) == border(location)

    training_need.fill("iets")
    training_need.fill("")
    location.focus()  # the user has been in the field and left it empty: now it is an error

    assert border(training_need) != border(location)
    axe_check(page)


def test_a_participant_evaluates_a_session_and_the_thank_you_page_says_what_happens_next(
    page, live_server, griffier
):
    from tests.workshops.factories import WorkshopRequestFactory, evaluation_link, planned_session
    from workshops.models import Evaluation

    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=-datetime.timedelta(hours=3)
    )
    _goto(page, evaluation_link(session))
    axe_check(page)

    page.locator("#evaluation-form input[name=rating][value='4']").check()
    page.locator("#id_comments").fill("Praktisch en goed voorbereid.")
    page.locator("#evaluation-form button[type=submit]").dblclick()
    page.locator("h1", has_text="Dank u wel voor uw evaluatie").wait_for()

    assert page.get_by_role("heading", name="Wat gebeurt er nu?").is_visible()
    assert page.locator("#next-links a").count() == 3
    axe_check(page)
    assert Evaluation.objects.filter(session=session).count() == 1

"""Issue 12 in a real browser, with axe (WCAG 2.1 A and AA) on every page the journeys visit.

1. A griffier applies over two sittings (on two devices) for the guidance trajectory with a training budget
   (the seeds call it "ontwikkeltraject aan de slag met persoonlijk opleidings- en ondersteuningsbudget"),
   a programme manager grants it with a budget, and the griffier finds the decision in the dossier.
2. A griffier takes one of the free Quick Scan places and finds the Quick Scan Lokale Democratie in the set-up.
3. A municipality joins the network and a coalition.
"""

import re
from pathlib import Path

import pytest

from network.models import CoalitionMembership, Member
from offers.models import Application
from quickscan.models import Questionnaire
from quickscan.services import agreement_accept
from tests.browser.conftest import axe_check, login, new_browser_page
from tests.network.factories import CoalitionFactory

pytestmark = pytest.mark.browser
PLAN = "De raad wil een persoonlijk opleidingsbudget invoeren en de fractieondersteuning herzien."
PHONE = "020 555 0101"


def _goto(page, path: str):
    response = page.goto(page.base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    return response


def _new_page(browser, live_server, *, signed_in=None):
    """A second, independent browser (own cookies): the other device, or the staff member's.

    `signed_in`: a user whose session it already holds. The same account signing in twice within one TOTP
    period would be refused (a code is accepted once), so the other device gets its session directly.
    """
    return new_browser_page(browser, live_server, signed_in=signed_in, locale="nl-NL")


def _click(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def _first_sitting(page, live_server, griffier) -> Application:
    login(page, live_server, griffier)
    _goto(page, "/aanbod/")
    axe_check(page)
    page.get_by_role("link", name="Begeleiding op maat en opleidingsbudget voor de raad").click()
    page.wait_for_url("**/aanbod/begeleiding-op-maat-raad/")
    axe_check(page)
    _click(page, "#apply")
    axe_check(page)
    _click(page, "#start-application")
    assert page.url.endswith("/stap/gegevens/")
    axe_check(page)
    page.locator("#id_contact_phone").fill(PHONE)
    _click(page, "#save-and-continue")
    assert page.url.endswith("/stap/plan/")

    # Nothing filled in: the errors are tied to their fields, and the page passes axe with them.
    _click(page, "#save-and-continue")
    assert page.locator("#id_plan").get_attribute("aria-invalid") == "true"
    axe_check(page)
    page.locator("#id_plan").fill(PLAN)
    page.locator("main textarea[name^=question_]").first.fill("Een griffie van vier mensen; geen fractiebudget.")
    _click(page, "#save-draft")
    assert page.url.endswith("/stap/plan/")
    assert page.locator(".portal-messages").is_visible()
    axe_check(page)
    application = Application.objects.get(applicant=griffier)
    assert (application.status, application.plan, application.contact_phone) == ("draft", PLAN, PHONE)
    return application


def _second_sitting(page, griffier, application: Application, statement: Path) -> None:
    _goto(page, "/aanbod/begeleiding-op-maat-raad/")
    _click(page, "#apply")
    assert page.url.endswith("/stap/voorwaarden/"), "the draft resumes at the first step not yet saved"
    axe_check(page)
    checkboxes = page.locator("main input[type=checkbox][name^=condition_]")
    assert checkboxes.count() == 3
    checkboxes.nth(0).check()
    _click(page, "#save-and-continue")
    assert page.locator("main [aria-invalid=true]").count() == 2, "each unconfirmed condition says so"
    axe_check(page)
    for number in range(3):
        checkboxes.nth(number).check()
    _click(page, "#save-and-continue")
    assert page.url.endswith("/stap/bijlagen/")
    axe_check(page)
    page.locator("#id_attachment").set_input_files(str(statement))
    _click(page, "#save-and-continue")
    assert page.url.endswith("/stap/controle/")
    assert "intentieverklaring.pdf" in page.locator("#application-summary").inner_text()
    assert PLAN in page.locator("#application-summary").inner_text()
    axe_check(page)
    _click(page, "#submit-application")
    assert page.url.endswith(f"/aanbod/aanvragen/{application.pk}/")
    assert "Ontvangen" in page.locator("#application-status").inner_text()
    axe_check(page)


def _manager_grants_with_a_budget(page, live_server, manager, application: Application) -> None:
    login(page, live_server, manager)
    _goto(page, "/aanbod/beheer/?offer=begeleiding-op-maat-raad")
    axe_check(page)
    page.locator(f"#application-queue a[href$='/aanbod/beheer/aanvragen/{application.pk}/']").click()
    page.wait_for_url(f"**/aanbod/beheer/aanvragen/{application.pk}/")
    axe_check(page)
    page.locator("#note-form textarea").fill("Intentieverklaring gecontroleerd: alle fracties tekenden.")
    _click(page, "#note-form button[type=submit]")
    page.locator("#decision-form input[value=granted]").check()
    _click(page, "#save-decision")
    assert page.locator("#id_budget").get_attribute("aria-invalid") == "true" or page.locator(
        "#decision-form .utrecht-alert, #decision-form .utrecht-form-field-error-message"
    ).count(), "a grant without a budget is refused with a message"
    axe_check(page)
    page.locator("#decision-form input[value=granted]").check()
    page.locator("#id_budget").fill("15000")
    _click(page, "#save-decision")
    assert "Toegekend" in page.locator("#review-facts").inner_text()
    assert "Intentieverklaring gecontroleerd" in page.locator("#internal-notes").inner_text()
    axe_check(page)


def test_a_griffier_applies_over_two_sittings_a_manager_grants_a_budget_and_the_dossier_shows_it(
    page, browser, live_server, griffier, programme_manager, tmp_path
):
    statement = tmp_path / "intentieverklaring.pdf"
    statement.write_bytes(b"%PDF-1.7\n% Intentieverklaring raad, college en griffie\n%%EOF\n")
    application = _first_sitting(page, live_server, griffier)
    page.context.close()

    other_device = _new_page(browser, live_server, signed_in=griffier)
    _second_sitting(other_device, griffier, application, statement)

    staff_page = _new_page(browser, live_server)
    try:
        _manager_grants_with_a_budget(staff_page, live_server, programme_manager, application)
    finally:
        staff_page.context.close()

    _goto(other_device, f"/gemeenten/{griffier.municipality.slug}/dossier/")
    timeline = other_device.locator("#dossier-timeline").inner_text()
    assert "Begeleiding op maat en opleidingsbudget voor de raad" in timeline
    assert "Toegekend" in timeline and "15.000" in timeline
    assert "Intentieverklaring gecontroleerd" not in other_device.content()
    axe_check(other_device)
    application.refresh_from_db()
    assert (application.status, application.budget_granted) == ("granted", 15000)
    other_device.context.close()


def _questionnaire_names(page) -> list[str]:
    return [name.strip() for name in page.locator("#id_questionnaire option").all_inner_texts()]


def test_a_griffier_takes_a_free_quick_scan_place_and_finds_the_questionnaire_in_the_set_up(page, live_server, griffier):
    assert Questionnaire.objects.filter(slug="lokale-democratie", requires_grant=True).exists()
    agreement_accept(municipality=griffier.municipality, user=griffier)
    login(page, live_server, griffier)
    _goto(page, "/quickscan/nieuw/")
    assert "Quick Scan Lokale Democratie" not in " ".join(_questionnaire_names(page))

    _goto(page, "/aanbod/quick-scan-lokale-democratie/")
    assert "50 van 50 plaatsen over" in page.locator("#offer-facts").inner_text()
    _click(page, "#apply")
    _click(page, "#start-application")
    _click(page, "#save-and-continue")
    page.locator("#id_plan").fill("Wij willen weten hoe inwoners de lokale democratie ervaren.")
    page.locator("main input[type=radio]").first.check()
    _click(page, "#save-and-continue")
    for checkbox in page.locator("main input[type=checkbox][name^=condition_]").all():
        checkbox.check()
    _click(page, "#save-and-continue")
    _click(page, "#save-and-continue")
    axe_check(page)
    _click(page, "#submit-application")

    assert "Toegekend" in page.locator("#application-status").inner_text()
    application = Application.objects.get(applicant=griffier)
    assert application.adviser is not None
    assert application.adviser.name in page.locator("#decision").inner_text()
    axe_check(page)
    _goto(page, "/quickscan/nieuw/")
    assert any(name.startswith("Quick Scan Lokale Democratie") for name in _questionnaire_names(page))
    axe_check(page)
    _goto(page, "/aanbod/quick-scan-lokale-democratie/")
    assert "49 van 50 plaatsen over" in page.locator("#offer-facts").inner_text()


def test_a_municipality_joins_the_network_and_a_coalition(page, live_server, griffier):
    coalition = CoalitionFactory(name="Digitale inspraak", slug="digitale-inspraak")
    login(page, live_server, griffier)
    _goto(page, "/aanbod/netwerk-lokale-digitale-democratie/")
    axe_check(page)
    _click(page, "#take-up")
    assert page.url.endswith("/netwerk/aansluiten/")
    axe_check(page)

    _click(page, "#join-network")
    assert page.locator("#id_confirm").get_attribute("aria-invalid") == "true"
    axe_check(page)
    page.locator("#id_confirm").check()
    _click(page, "#join-network")
    assert page.url.endswith("/netwerk/")
    assert griffier.municipality.name in page.locator("#my-membership").inner_text()
    axe_check(page)

    page.get_by_role("link", name="Digitale inspraak").click()
    page.wait_for_url("**/netwerk/coalities/digitale-inspraak/")
    axe_check(page)
    member = Member.objects.get(municipality=griffier.municipality)
    _click(page, f"#join-{member.pk}")
    assert griffier.municipality.name in page.locator("#coalition-members").inner_text()
    assert page.locator(f"#leave-{member.pk}").is_visible()
    axe_check(page)
    assert CoalitionMembership.objects.current().filter(member=member, coalition=coalition).exists()

    _goto(page, "/netwerk/leden/")
    row = page.locator("#member-municipalities tr", has_text=griffier.municipality.name)
    assert re.search("Digitale inspraak", row.inner_text())
    axe_check(page)

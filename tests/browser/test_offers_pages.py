"""Every page of the offers, the network, the dossier and the figures, in Dutch and English, at desktop width
and at 360 px, with axe (WCAG 2.1 A and AA), including the form pages showing their errors."""

import pytest
from django.test import Client

from network.models import Member
from offers import services
from offers.models import Application, Offer
from tests.browser.conftest import axe_check
from tests.network.factories import CoalitionFactory, in_coalition, municipality_member, partner
from tests.offers.factories import draft, submitted

pytestmark = pytest.mark.browser


def _as(browser, live_server, user, *, locale: str, width: int):
    context = browser.new_context(bypass_csp=True, locale=locale, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def _check(page, live_server, path: str, *, submit: str = "") -> None:
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path} answered {response.status}"
    if submit:
        page.locator(submit).click()
        page.wait_for_load_state()
        assert page.locator("main [aria-invalid=true]").count(), f"{path}: the empty form shows no errors"
    axe_check(page)
    overflow = page.evaluate("() => document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth")
    assert overflow <= 0, f"{path}: the main content is {overflow}px wider than the screen"


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_every_new_page_passes_axe(browser, live_server, griffier, member, consultant, programme_manager, locale, width):
    guidance = Offer.objects.get(slug="begeleiding-op-maat-raad")
    own_draft = draft(guidance, griffier, plan="", confirmed_conditions=[])
    application = draft(Offer.objects.get(slug="ontwikkeltraject"), griffier)
    services.application_submit(application=application, user=griffier)
    services.application_note_add(application=application, author=programme_manager, body="Eerst bellen.")
    submitted(guidance, griffier.municipality, Application.Status.GRANTED, budget_granted=10000)
    coalition = CoalitionFactory(slug="veilig-online", name="Veilig online debat")
    in_coalition(municipality_member(griffier.municipality), coalition)
    partner(status=Member.Status.PENDING, joined_at=None, organisation="Stichting Open Raad")
    initiative = Offer.objects.get(slug="ondersteuning-lokaal-initiatief")
    member_draft = draft(initiative, member, professional_groups=[])
    slug = griffier.municipality.slug

    visits = {
        None: [("/aanbod/", ""), ("/aanbod/ontwikkeltraject/", ""), ("/netwerk/", ""), ("/netwerk/leden/", ""),
               (coalition.get_absolute_url(), "")],
        griffier: [
            (f"/aanbod/aanvragen/{own_draft.pk}/stap/gegevens/", ""),
            (f"/aanbod/aanvragen/{own_draft.pk}/stap/plan/", "#save-and-continue"),
            (f"/aanbod/aanvragen/{own_draft.pk}/stap/voorwaarden/", "#save-and-continue"),
            (f"/aanbod/aanvragen/{own_draft.pk}/stap/bijlagen/", ""),
            (f"/aanbod/aanvragen/{own_draft.pk}/stap/controle/", ""),
            (f"/aanbod/aanvragen/{application.pk}/", ""),
            ("/aanbod/aanvragen/", ""),
            ("/aanbod/quick-scan-lokale-democratie/aanvragen/", ""),
            (f"/gemeenten/{slug}/dossier/", ""),
            ("/mijn/", ""),
            (coalition.get_absolute_url(), ""),
            ("/netwerk/aansluiten/", ""),
        ],
        member: [
            (f"/aanbod/aanvragen/{member_draft.pk}/stap/plan/", "#save-and-continue"),
            ("/aanbod/ontwikkeltraject/aanvragen/", ""),
            ("/netwerk/partner/", "#send-partner"),
        ],
        consultant: [(f"/gemeenten/{slug}/dossier/", ""), ("/beheer/cijfers/", "")],
        programme_manager: [
            ("/aanbod/beheer/", ""),
            (f"/aanbod/beheer/aanvragen/{application.pk}/", "#save-decision"),
            ("/beheer/cijfers/", ""),
            ("/netwerk/beheer/", ""),
        ],
    }
    for user, paths in visits.items():
        page = _as(browser, live_server, user, locale=locale, width=width)
        try:
            for path, submit in paths:
                _check(page, live_server, path, submit=submit)
        finally:
            page.context.close()

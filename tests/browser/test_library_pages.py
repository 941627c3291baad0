"""axe (WCAG 2.1 A and AA) on every page of the library and the newsletter, in Dutch and in English: the public
pages (also at phone width, 360 px), the pages behind the links in the newsletter mails, a member's pages and
the editors' and programme managers' screens (forms with errors included)."""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.tokens import confirm_token, manage_token
from programmes.models import Theme
from publications import samples, services
from publications.models import Experience, Publication
from publications.search import vocabulary_rebuild
from tests.browser.conftest import axe_check, new_browser_page
from tests.newsletter.factories import edition, subscriber
from tests.publications.factories import publication

pytestmark = pytest.mark.browser
LANGUAGES = ["nl", "en"]


def _page(browser, live_server, user, *, language: str, width: int):
    page = new_browser_page(browser, live_server, signed_in=user, viewport={"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return page


def _check(page, path: str, language: str, *, status: int = 200, submit: str = "", shows: str = "", lacks: str = "") -> None:
    response = page.goto(page.base_url + path)
    assert response.status == status, f"{path} answered {response.status}"
    assert not shows or page.locator(shows).count(), f"{path}: {shows} is missing"
    assert not lacks or not page.locator(lacks).count(), f"{path}: {lacks} should not be there"
    if submit:
        page.locator(submit).click()
        page.wait_for_load_state()
        assert page.locator("main [aria-invalid=true]").count(), f"{path}: the form sent empty shows no errors"
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)
    overflow = page.evaluate("() => document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth")
    assert overflow <= 0, f"{path}: the main content is {overflow}px wider than the screen"


def _visit(page, language: str, visits) -> None:
    try:
        for path, options in visits:
            _check(page, path, language, **options)
    finally:
        page.context.close()


def _library(member) -> dict:
    guide = publication(
        title="Participatie bij de omgevingsvisie",
        title_en="Participation in the environmental vision",
        summary="Hoe betrekt u inwoners bij de omgevingsvisie?",
        body="<p>Participatie vraagt om <strong>heldere spelregels</strong> vooraf.</p><ul><li>Wie beslist?</li></ul>",
        themes=["participatie", "de-raad"],
        programme="democratie-in-actie",
        attachment=ContentFile(samples.pdf_bytes("Participatie", ["Spelregels voor participatie."]), name="x.pdf"),
    )
    publication(title="Rapport over de raad", type=Publication.Type.REPORT, themes=["de-raad"])
    news = publication(title="Nieuws over participatie", type=Publication.Type.NEWS, themes=["participatie"])
    publication(
        title="Zwolle: participatie met een panel", type=Publication.Type.EXPERIENCE, themes=["participatie"],
        municipality=member.municipality,
    )
    draft = publication(title="Concept: raadsinformatie vinden", published=False, themes=["de-raad"])
    services.publication_submit(publication=draft, actor=draft.created_by)
    experience, _created = services.experience_submit(
        user=member, municipality=member.municipality, title="Een jongerenraad", what="Wij richtten een jongerenraad op.",
        why="Jongeren waren niet te horen.", result="Twintig jongeren doen mee.", lessons="Begin klein.",
        contact_name="Griffie", contact_email="griffie@example.nl", themes=[Theme.objects.get(slug="participatie")],
        submission_key=uuid.uuid4(),
    )
    vocabulary_rebuild()  # the words that "did you mean" suggests
    return {"guide": guide, "news": news, "draft": draft, "experience": experience}


def _newsletter(manager) -> dict:
    pending = subscriber(status=Subscriber.Status.PENDING)
    confirmed = subscriber(themes=["participatie"], programmes=["democratie-in-actie"])
    gone = subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    sent = edition(title="Nieuwsbrief lente", title_en="Spring newsletter")
    sending.edition_send(edition=sent, actor=manager)  # tasks run eagerly: the edition is sent at once
    sent.refresh_from_db()
    assert sent.status == Edition.Status.SENT
    underway = edition(title="Nieuwsbrief zomer", status=Edition.Status.SENDING, started_at=timezone.now())
    statuses = [Delivery.Status.SENT] * 3 + [Delivery.Status.PENDING, Delivery.Status.SKIPPED, Delivery.Status.INTERRUPTED]
    for status in statuses:
        Delivery.objects.create(edition=underway, subscriber=subscriber(), status=status)
    draft = edition(title="Nieuwsbrief herfst")
    scheduled = edition(title="Nieuwsbrief winter")
    sending.edition_send(edition=scheduled, actor=manager, at=timezone.now() + datetime.timedelta(days=3))
    return {
        "confirm": confirm_token(pending), "manage": manage_token(confirmed), "gone": manage_token(gone),
        "sent": sent, "underway": underway, "draft": draft, "scheduled": scheduled,
    }


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_library_and_newsletter_page_passes_axe(browser, live_server, settings, tmp_path, member, programme_manager, language, width):
    settings.MEDIA_ROOT = tmp_path
    library = _library(member)
    letters = _newsletter(programme_manager)
    guide = library["guide"]

    visitor = [
        ("/bibliotheek/", {"shows": "#library-cards"}),
        ("/bibliotheek/?type=guide&theme=participatie&programme=democratie-in-actie", {"shows": "#library-cards"}),
        ("/bibliotheek/?type=column", {"lacks": "#library-cards"}),  # no results
        ("/bibliotheek/?theme=bestaat-niet&year=abc", {}),  # filter errors
        (guide.get_absolute_url(), {"shows": "#attachment-download"}),
        ("/kennisbank/", {}),
        ("/programmas/themas/participatie/", {}),
        ("/nieuws/", {"shows": "#news-cards"}),
        (library["news"].get_absolute_url(), {}),
        ("/zoeken/?q=participatie", {"shows": "#search-hits"}),
        ("/zoeken/?q=particpatie", {"shows": "#search-suggestion a"}),
        ("/zoeken/?q=xylofoonorkest", {"lacks": "#search-hits"}),  # nothing found
        ("/zoeken/", {}),
        ("/nieuwsbrief/", {"submit": "#subscribe-button"}),
        ("/nieuwsbrief/aangemeld/", {}),
        (f"/nieuwsbrief/bevestigen/{letters['confirm']}/", {}),
        (f"/nieuwsbrief/bevestigen/{letters['confirm']}x/", {"status": 404}),  # a spoilt link
        (f"/nieuwsbrief/instellingen/{letters['manage']}/", {}),
        (f"/nieuwsbrief/afmelden/{letters['manage']}/", {}),
        (f"/nieuwsbrief/afmelden/{letters['gone']}/", {}),
        ("/nieuwsbrief/archief/", {}),
        (letters["sent"].get_absolute_url(), {}),
    ]
    _visit(_page(browser, live_server, None, language=language, width=width), language, visitor)

    # What the buttons behind the mailed links lead to: confirmed, preferences saved, unsubscribed.
    page = _page(browser, live_server, None, language=language, width=width)
    try:
        for path, button, expected in [
            (f"/nieuwsbrief/bevestigen/{letters['confirm']}/", "#confirm-button", "#confirmed-heading"),
            (f"/nieuwsbrief/instellingen/{letters['manage']}/", "#preferences-form button[type=submit]", "#preferences-form"),
            (f"/nieuwsbrief/afmelden/{letters['manage']}/", "#unsubscribe-button", "#unsubscribed-heading"),
        ]:
            page.goto(live_server.url + path)
            page.locator(button).click()
            page.wait_for_load_state()
            assert page.locator(expected).is_visible(), f"{path}: {expected} is not shown"
            axe_check(page)
    finally:
        page.context.close()

    signed_in = [
        ("/bibliotheek/ervaring-delen/", {"submit": "#submit-experience"}),
        ("/nieuwsbrief/mijn-abonnement/", {}),
    ]
    _visit(_page(browser, live_server, member, language=language, width=width), language, signed_in)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_staff_library_and_newsletter_page_passes_axe(browser, live_server, settings, tmp_path, member, programme_manager, language):
    settings.MEDIA_ROOT = tmp_path
    library = _library(member)
    letters = _newsletter(programme_manager)
    draft, experience = library["draft"], library["experience"]
    declined, _created = services.experience_submit(
        user=member, municipality=member.municipality, title="Een dorpsavond", what="Wat.", why="Waarom.",
        result="Resultaat.", lessons="Lessen.", contact_name="Griffie", contact_email="griffie@example.nl", themes=[],
        submission_key=uuid.uuid4(),
    )
    services.experience_decline(experience=declined, actor=programme_manager, note="Te kort beschreven.")

    staff = [
        ("/bibliotheek/beheer/", {}),
        ("/bibliotheek/beheer/?status=review", {}),
        (f"/bibliotheek/beheer/{draft.pk}/", {}),
        (f"/bibliotheek/beheer/{library['guide'].pk}/", {}),
        (f"/bibliotheek/beheer/{draft.pk}/voorbeeld/", {}),
        (f"/bibliotheek/beheer/{draft.pk}/versies/1/", {}),
        (f"/bibliotheek/beheer/{draft.pk}/versies/2/", {}),
        ("/bibliotheek/beheer/ervaringen/", {}),
        (f"/bibliotheek/beheer/ervaringen/?status={Experience.Status.DECLINED}", {}),
        (f"/bibliotheek/beheer/ervaringen/{experience.pk}/", {}),
        (f"/bibliotheek/beheer/ervaringen/{declined.pk}/", {}),
        ("/nieuwsbrief/beheer/", {}),
        ("/nieuwsbrief/beheer/nieuw/", {"submit": "#edition-form button[type=submit]"}),
        (f"/nieuwsbrief/beheer/{letters['draft'].pk}/", {}),
        (f"/nieuwsbrief/beheer/{letters['scheduled'].pk}/", {}),
        (f"/nieuwsbrief/beheer/{letters['underway'].pk}/", {}),  # the progress of a send under way
        (f"/nieuwsbrief/beheer/{letters['sent'].pk}/", {}),
        ("/nieuwsbrief/beheer/abonnees/", {}),
        (f"/nieuwsbrief/beheer/abonnees/?status={Subscriber.Status.PENDING}", {}),
    ]
    page = _page(browser, live_server, programme_manager, language=language, width=1280)
    try:
        for path, options in staff:
            _check(page, path, language, **options)
        # The edition's own form on its page, sent with an empty title: the error is tied to the field.
        page.goto(f"{live_server.url}/nieuwsbrief/beheer/{letters['draft'].pk}/")
        page.locator("#edition-form #id_title").fill("")
        page.locator("#edition-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#edition-form #id_title").get_attribute("aria-invalid") == "true"
        axe_check(page)
        # The HTML preview is the mail itself (no portal layout around it).
        page.goto(f"{live_server.url}/nieuwsbrief/beheer/{letters['draft'].pk}/voorbeeld/")
        assert page.locator("html").get_attribute("lang") == language
        axe_check(page)
    finally:
        page.context.close()

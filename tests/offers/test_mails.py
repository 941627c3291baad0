"""Every kind of mail of the offers and the network renders completely, in Dutch and in English."""

import pytest
from django.core import mail
from django.utils import translation

from network.models import Member
from offers.models import Application
from portal.mail import MAIL_KINDS, email_send_task
from tests.network.factories import municipality_member, partner

from .factories import OfferFactory, quick_scan_offer, submitted

pytestmark = pytest.mark.django_db

KINDS = {
    "application_confirmation": "application",
    "application_decision": "application",
    "application_place_offered": "application",
    "application_received": "application",
    "application_withdrawn": "application",
    "application_assigned": "application",
    "offer_adviser_assigned": "application",
    "network_member_joined": "member",
    "network_partner_received": "partner",
    "network_partner_decided": "partner",
}
DUTCH = {"aanvraag", "toegekend", "netwerk", "gemeente", "adviseur", "aangemeld", "lid"}


@pytest.fixture
def ids(municipality):
    from consultants.models import Consultant

    application = submitted(
        quick_scan_offer(), municipality, Application.Status.GRANTED,
        adviser=Consultant.objects.for_region(municipality.region_id).first(),
    )
    return {
        "application": {"application_id": application.pk},
        "member": {"member_id": municipality_member(municipality).pk},
        "partner": {"member_id": partner(status=Member.Status.REFUSED, decision_note="Past niet bij het netwerk.").pk},
    }


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_mail_renders_in_both_languages_with_a_link(ids, kind, language):
    email_send_task(kind=kind, to=["ontvanger@example.nl"], language=language, ids=ids[KINDS[kind]], key=f"{kind}-{language}")

    message, = mail.outbox
    text = f"{message.subject}\n{message.body}"
    assert "http://" in message.body or "https://" in message.body
    assert "{{" not in text and "{%" not in text
    words = set(text.lower().replace(":", " ").replace(".", " ").split())
    if language == "nl":
        assert words & DUTCH, text
    else:
        assert not words & {"aanvraag", "toegekend", "uw"}, text


def test_a_rejection_mail_carries_the_reason(municipality):
    application = submitted(OfferFactory(), municipality, Application.Status.REJECTED, decision_reason="Te breed opgezet.")

    with translation.override("nl"):
        message = MAIL_KINDS["application_decision"].message(to="x@example.nl", ids={"application_id": application.pk})

    assert "Te breed opgezet." in message.body
    assert "Afgewezen" in message.subject


def test_a_mail_about_a_deleted_application_is_dropped():
    assert MAIL_KINDS["application_confirmation"].message(to="x@example.nl", ids={"application_id": 999999}) is None

"""What the offers app gives the core: the Quick Scan gate, dossier entries, figures, reach, my portal, accounts."""

import pytest
from django.urls import reverse

from offers import providers
from offers.models import Application
from portal import registry
from tests.factories import UserFactory

from .factories import OfferFactory, draft, quick_scan_offer, submitted

pytestmark = pytest.mark.django_db
Status = Application.Status
QUESTIONNAIRE = "lokale-democratie"


def _gate_open(municipality, slug=QUESTIONNAIRE) -> bool:
    return any(gate(municipality=municipality, questionnaire_slug=slug) for gate in registry.questionnaire_gates)


def test_the_questionnaire_slug_the_quick_scan_offer_unlocks_exists():
    from quickscan.models import Questionnaire

    assert Questionnaire.objects.filter(slug=quick_scan_offer().unlocks_questionnaire).exists()


def test_the_gate_is_closed_without_a_grant(municipality):
    submitted(quick_scan_offer(), municipality, Status.RESERVE)

    assert providers.quickscan_gate in list(registry.questionnaire_gates)
    assert _gate_open(municipality) is False


def test_a_granted_free_place_opens_the_quick_scan_lokale_democratie_for_that_municipality_only(municipality, other_municipality):
    submitted(quick_scan_offer(), municipality, Status.GRANTED)

    assert _gate_open(municipality) is True
    assert _gate_open(other_municipality) is False
    assert _gate_open(municipality, "lokaal-bestuur") is False


def test_a_withdrawn_grant_closes_the_gate_again(griffier, municipality):
    from offers import services

    application = submitted(quick_scan_offer(), municipality, Status.GRANTED, applicant=griffier)
    services.application_withdraw(application=application, user=griffier)

    assert _gate_open(municipality) is False


def test_the_quick_scan_set_up_offers_the_questionnaire_after_a_grant(client, griffier, municipality):
    """The offers app restricts the questionnaire (migration); a grant opens it in the set-up."""
    from quickscan.models import Questionnaire
    from quickscan.services import agreement_accept

    assert Questionnaire.objects.filter(slug=QUESTIONNAIRE, requires_grant=True).exists()
    agreement_accept(municipality=municipality, user=griffier)
    client.force_login(griffier)
    offered = lambda: [q.slug for q in client.get(reverse("quickscan:scan_create")).context["form"].fields["questionnaire"].queryset]  # noqa: E731
    before = offered()
    submitted(quick_scan_offer(), municipality, Status.GRANTED)

    assert QUESTIONNAIRE not in before
    assert QUESTIONNAIRE in offered()


def test_the_timeline_shows_submissions_and_decisions_with_budget(municipality, griffier):
    from offers import services
    from tests.factories import StaffFactory

    offer = OfferFactory(has_budget=True)
    application = draft(offer, griffier)
    services.application_submit(application=application, user=griffier)
    services.application_decide(
        application=application, actor=StaffFactory(role="programmamanager"), to_status=Status.GRANTED, budget=15000
    )

    entries = list(providers.timeline(municipality=municipality, user=griffier))

    assert [entry.status for entry in entries] == [str(Status.GRANTED.label), str(Status.RECEIVED.label)]
    assert "15.000" in entries[0].detail
    assert entries[0].url == reverse("offers:application_detail", kwargs={"pk": application.pk})


def test_staff_follow_timeline_links_to_the_review_page(municipality, consultant):
    application = submitted(OfferFactory(), municipality)
    application.events.create(action="submitted", from_status="draft", to_status="received")

    entry, = providers.timeline(municipality=municipality, user=consultant)

    assert entry.url == reverse("offers:staff_application_detail", kwargs={"pk": application.pk})


def test_figures_count_applications_per_offer_and_status_within_the_municipalities_given(municipality, other_municipality, consultant):
    from portal.models import Municipality

    offer = OfferFactory(places=3)
    submitted(offer, municipality, Status.GRANTED)
    submitted(offer, other_municipality, Status.IN_REVIEW)

    everywhere = providers.figures(user=consultant, municipalities=Municipality.objects.all())
    amsterdam = providers.figures(user=consultant, municipalities=Municipality.objects.filter(pk=municipality.pk))

    def counts(sections):
        section = next(s for s in sections if s.key == f"offer-{offer.slug}")
        return {str(figure.label): figure.value for figure in section.figures}

    assert counts(everywhere)[str(Status.GRANTED.label)] == 1
    assert sum(counts(everywhere).values()) == 2
    assert sum(counts(amsterdam).values()) == 1
    places = next(s for s in everywhere if s.key == "offer-places")
    assert next(f.value for f in places.figures if f.label == offer.title) == 2


def test_reach_counts_municipalities_with_a_grant_per_programme(municipality, other_municipality):
    from portal.models import Municipality

    submitted(OfferFactory(), municipality, Status.GRANTED)
    submitted(OfferFactory(), other_municipality, Status.RECEIVED)

    reach, = providers.reach(municipalities=Municipality.objects.all())

    assert reach.programme_slug == "democratie-in-actie"
    assert list(Municipality.objects.filter(pk__in=reach.municipality_ids)) == [municipality]


def test_my_portal_shows_the_griffiers_municipality_applications_and_a_members_own_initiative(griffier, member, municipality):
    from offers.models import Offer

    mine = submitted(OfferFactory(), municipality)
    initiative = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)
    own = submitted(initiative, municipality, applicant=member)

    griffier_panel, = providers.my_applications_panel(user=griffier)
    member_panel, = providers.my_applications_panel(user=member)

    assert set(griffier_panel.context["my_applications"]) == {mine, own}
    assert member_panel.context["my_applications"] == [own]
    assert providers.my_applications_panel(user=UserFactory()) == []


def test_personal_data_lists_the_persons_applications(griffier, municipality):
    submitted(OfferFactory(), municipality, applicant=griffier, contact_email="griet@example.nl")

    data = providers.personal_data(user=griffier)

    assert data["applications"][0]["contact_email"] == "griet@example.nl"
    assert providers.personal_data in list(registry.personal_data)
    assert providers.erase_account in list(registry.account_erasers)

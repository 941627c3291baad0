import pytest
from django.urls import reverse

from network.models import CoalitionMembership, Member
from portal import registry
from tests.utils import assert_same_query_count

from .factories import CoalitionFactory, in_coalition, municipality_member, partner

pytestmark = pytest.mark.django_db


def test_a_griffier_joins_the_network_from_the_join_page(client, griffier, municipality):
    client.force_login(griffier)

    response = client.post(reverse("network:join"), {"municipality": municipality.pk, "confirm": "on"})

    assert response.url == reverse("network:network_home")
    assert Member.objects.active().filter(municipality=municipality).exists()


def test_the_join_page_needs_the_confirmation_and_says_so(client, griffier, municipality):
    client.force_login(griffier)

    response = client.post(reverse("network:join"), {"municipality": municipality.pk})

    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    assert not Member.objects.exists()


def test_a_member_municipality_is_told_it_already_joined(client, griffier, municipality):
    municipality_member(municipality)
    client.force_login(griffier)

    response = client.get(reverse("network:join"))

    assert response.context["has_choice"] is False


def test_the_public_member_list_shows_active_members_only(client, municipality, other_municipality):
    coalition = CoalitionFactory()
    in_coalition(municipality_member(municipality), coalition)
    partner(status=Member.Status.PENDING, organisation="Nog niet toegelaten")
    partner(organisation="Stichting Open Raad")

    response = client.get(reverse("network:member_list"))

    assert [m.municipality for m in response.context["municipalities"]] == [municipality]
    assert [m.organisation for m in response.context["partners"]] == ["Stichting Open Raad"]
    assert coalition.name in response.content.decode()


def test_the_member_list_has_the_same_number_of_queries_for_5_and_100_members(client):
    from offers.models import Offer  # noqa: F401  (apps loaded)
    from portal.models import Municipality

    coalition = CoalitionFactory()
    pool = list(Municipality.objects.order_by("code")[:100])

    def make_rows(count):
        start = Member.objects.count()
        for municipality in pool[start : start + count]:
            in_coalition(municipality_member(municipality), coalition)

    assert_same_query_count(make_rows=make_rows, request=lambda: client.get(reverse("network:member_list")))


def test_a_coalition_page_shows_its_members_and_what_the_apps_have_on_its_theme(client, municipality):
    coalition = CoalitionFactory()
    in_coalition(municipality_member(municipality), coalition)
    left = in_coalition(partner(), coalition)
    CoalitionMembership.objects.filter(pk=left.pk).update(left_at=left.joined_at)
    seen = []

    def spy(*, theme_id, user):
        seen.append(theme_id)
        return []

    registry.theme_panels.register(spy)
    try:
        response = client.get(coalition.get_absolute_url())
    finally:
        registry.theme_panels.unregister(spy)

    assert [m.member.municipality for m in response.context["memberships"]] == [municipality]
    assert seen == [coalition.theme_id]


def test_a_griffier_joins_and_leaves_a_coalition_for_the_municipality(client, griffier, municipality):
    member, coalition = municipality_member(municipality), CoalitionFactory()
    client.force_login(griffier)

    joined = client.post(reverse("network:coalition_join", kwargs={"slug": coalition.slug}), {"member": member.pk})
    page = client.get(coalition.get_absolute_url())
    left = client.post(reverse("network:coalition_leave", kwargs={"slug": coalition.slug}), {"member": member.pk})

    assert joined.status_code == left.status_code == 302
    assert page.context["my_members"] == [(member, True)]
    assert not CoalitionMembership.objects.current().exists()


def test_a_griffier_cannot_act_for_another_municipality(client, other_griffier, municipality):
    member, coalition = municipality_member(municipality), CoalitionFactory()
    client.force_login(other_griffier)

    response = client.post(reverse("network:coalition_join", kwargs={"slug": coalition.slug}), {"member": member.pk})

    assert response.status_code == 404
    assert not CoalitionMembership.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "99999999"])
def test_a_missing_or_odd_member_value_is_not_found(client, griffier, value):
    client.force_login(griffier)

    response = client.post(reverse("network:coalition_join", kwargs={"slug": CoalitionFactory().slug}), {"member": value})

    assert response.status_code == 404


def test_a_partner_application_keeps_what_was_typed_on_an_error(client, member):
    client.force_login(member)

    response = client.post(
        reverse("network:partner_apply"),
        {"organisation": "Open Raad", "website": "geen url met spaties", "description": "Wij helpen.", "contact_name": "O",
         "contact_email": "o@example.nl"},
    )

    assert response.status_code == 400
    assert response.context["form"]["organisation"].value() == "Open Raad"
    assert not Member.objects.exists()


def test_staff_admit_a_partner_from_the_queue(client, programme_manager):
    applied = partner(status=Member.Status.PENDING, joined_at=None)
    client.force_login(programme_manager)

    client.post(reverse("network:staff_partner_decide", kwargs={"pk": applied.pk}), {"decision": "accept"})

    applied.refresh_from_db()
    assert applied.status == Member.Status.ACTIVE

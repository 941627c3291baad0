import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from network import services
from network.models import CoalitionMembership, Member
from tests.factories import UserFactory

from .factories import CoalitionFactory, in_coalition, municipality_member, partner

pytestmark = pytest.mark.django_db


def test_a_griffier_makes_the_municipality_a_member_at_once(griffier, municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = services.member_join(municipality=municipality, user=griffier)

    assert (member.status, member.kind, member.municipality) == (Member.Status.ACTIVE, "municipality", municipality)
    assert member.joined_at is not None
    assert mail.outbox[0].to == [griffier.email]


def test_only_the_municipalitys_griffier_can_join_it(other_griffier, municipality):
    with pytest.raises(ValidationError) as error:
        services.member_join(municipality=municipality, user=other_griffier)

    assert error.value.messages == [str(services.NOT_GRIFFIER)]
    assert not Member.objects.exists()


def test_a_municipality_joins_once(griffier, municipality):
    services.member_join(municipality=municipality, user=griffier)

    with pytest.raises(ValidationError) as error:
        services.member_join(municipality=municipality, user=griffier)

    assert error.value.messages == [str(services.ALREADY_MEMBER)]
    assert Member.objects.count() == 1


def test_the_database_refuses_a_second_membership_of_one_municipality(municipality):
    municipality_member(municipality)

    with pytest.raises(IntegrityError):
        municipality_member(municipality)


def test_a_partner_applies_and_staff_are_told(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        applied = services.partner_apply(
            user=member, organisation=" Stichting Open Raad ", website="https://openraad.example.nl",
            description="Wij bouwen open software voor raadsinformatie.", contact_name="Olga", contact_email="olga@example.nl",
        )

    assert (applied.status, applied.organisation) == (Member.Status.PENDING, "Stichting Open Raad")
    assert mail.outbox[0].to == [settings.STAFF_NOTIFICATION_EMAIL]
    with pytest.raises(ValidationError):
        services.partner_apply(
            user=UserFactory(), organisation="stichting open raad", website="", description="x", contact_name="x",
            contact_email="x@example.nl",
        )


def test_staff_admit_a_partner_who_hears_it_by_mail(programme_manager, django_capture_on_commit_callbacks):
    applied = partner(status=Member.Status.PENDING, joined_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        services.partner_decide(member=applied, actor=programme_manager, accept=True, note="Welkom!")

    applied.refresh_from_db()
    assert applied.status == Member.Status.ACTIVE and applied.joined_at is not None
    assert "Welkom!" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.partner_decide(member=applied, actor=programme_manager, accept=False)


def test_a_member_joins_several_coalitions_and_leaves_one(municipality, griffier):
    member = municipality_member(municipality)
    first, second = CoalitionFactory(), CoalitionFactory()

    services.coalition_join(coalition=first, member=member, user=griffier)
    services.coalition_join(coalition=second, member=member, user=griffier)
    services.coalition_leave(coalition=first, member=member, user=griffier)

    current = CoalitionMembership.objects.current().filter(member=member)
    assert [membership.coalition for membership in current] == [second]
    assert CoalitionMembership.objects.filter(member=member, coalition=first, left_at__isnull=False).exists()


def test_a_member_can_rejoin_a_coalition_after_leaving(municipality, griffier):
    member, coalition = municipality_member(municipality), CoalitionFactory()
    in_coalition(member, coalition)
    services.coalition_leave(coalition=coalition, member=member, user=griffier)

    services.coalition_join(coalition=coalition, member=member, user=griffier)

    assert CoalitionMembership.objects.filter(member=member, coalition=coalition).count() == 2


def test_joining_twice_is_refused(municipality, griffier):
    member, coalition = municipality_member(municipality), CoalitionFactory()
    services.coalition_join(coalition=coalition, member=member, user=griffier)

    with pytest.raises(ValidationError) as error:
        services.coalition_join(coalition=coalition, member=member, user=griffier)

    assert error.value.messages == [str(services.ALREADY_IN_COALITION)]


def test_a_pending_partner_cannot_join_a_coalition(member):
    applied = partner(status=Member.Status.PENDING, joined_at=None, contact_user=member)

    with pytest.raises(ValidationError):
        services.coalition_join(coalition=CoalitionFactory(), member=applied, user=member)


def test_leaving_a_coalition_one_is_not_in_is_refused(municipality, griffier):
    with pytest.raises(ValidationError):
        services.coalition_leave(coalition=CoalitionFactory(), member=municipality_member(municipality), user=griffier)


def test_a_deleted_account_leaves_the_membership_without_the_name(member):
    joined = partner(contact_user=member, contact_name="Olga", contact_email="olga@example.nl")

    services.network_erase_person(user=member)

    joined.refresh_from_db()
    assert (joined.contact_user, joined.contact_name, joined.contact_email, joined.status) == (None, "", "", "active")

"""Writes for the network: joining, partner applications and staff's decision, coalitions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import Municipality, User
from portal.pagecache import content_changed
from portal.permissions import is_griffier

from . import mails
from .models import Coalition, CoalitionMembership, Member

NOT_GRIFFIER = _("Only the confirmed griffier of a municipality can make it a member of the network.")
ALREADY_MEMBER = _("This municipality is already a member of the network.")
PARTNER_ALREADY_APPLIED = _("Your organisation has already applied or is already a member.")
NOT_PENDING = _("This application has already been decided.")
NOT_ACTIVE_MEMBER = _("Only members of the network can take part in a coalition.")
COALITION_CLOSED = _("This coalition does not take new members.")
ALREADY_IN_COALITION = _("This member already takes part in the coalition.")
NOT_IN_COALITION = _("This member does not take part in the coalition.")


@transaction.atomic
def member_join(*, municipality: Municipality, user: User) -> Member:
    """A municipality joins through its confirmed griffier; it is a member at once."""
    if not is_griffier(user, municipality):
        raise ValidationError(NOT_GRIFFIER, code="not_griffier")
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()  # one join at a time
    if Member.objects.filter(municipality=municipality, status__in=[Member.Status.PENDING, Member.Status.ACTIVE]).exists():
        raise ValidationError(ALREADY_MEMBER, code="already_member")
    now = timezone.now()
    member = Member.objects.create(
        kind=Member.Kind.MUNICIPALITY,
        municipality=municipality,
        contact_user=user,
        contact_name=user.get_full_name(),
        contact_email=user.email,
        status=Member.Status.ACTIVE,
        applied_at=now,
        joined_at=now,
    )
    email_enqueue(kind=mails.member_joined, to=[user.email], member_id=member.pk)
    content_changed()  # the public member list
    return member


@transaction.atomic
def partner_apply(
    *, user: User, organisation: str, website: str, description: str, contact_name: str, contact_email: str
) -> Member:
    """A partner organisation applies; programme staff decide."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise double submits per account
    organisation = organisation.strip()
    if Member.objects.filter(
        kind=Member.Kind.PARTNER,
        organisation__iexact=organisation,
        status__in=[Member.Status.PENDING, Member.Status.ACTIVE],
    ).exists():
        raise ValidationError(PARTNER_ALREADY_APPLIED, code="already_applied")
    member = Member.objects.create(
        kind=Member.Kind.PARTNER,
        organisation=organisation,
        website=website.strip(),
        description=description.strip(),
        contact_user=user,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    email_enqueue(
        kind=mails.partner_received, to=[settings.STAFF_NOTIFICATION_EMAIL], language="nl", member_id=member.pk
    )
    return member


@transaction.atomic
def partner_decide(*, member: Member, actor: User, accept: bool, note: str = "") -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.PENDING:
        raise ValidationError(NOT_PENDING, code="not_pending")
    member.status = Member.Status.ACTIVE if accept else Member.Status.REFUSED
    member.decided_by = actor
    member.decision_note = note.strip()
    if accept:
        member.joined_at = timezone.now()
    member.save()
    recipients = [address for address in {member.contact_email, getattr(member.contact_user, "email", "")} if address]
    email_enqueue(kind=mails.partner_decided, to=sorted(recipients), member_id=member.pk)
    content_changed()
    return member


@transaction.atomic
def coalition_join(*, coalition: Coalition, member: Member, user: User) -> CoalitionMembership:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE_MEMBER, code="not_member")
    if not coalition.is_active:
        raise ValidationError(COALITION_CLOSED, code="closed")
    try:
        with transaction.atomic():
            membership = CoalitionMembership.objects.create(coalition=coalition, member=member)
            content_changed()  # the coalition's public page lists its members
            return membership
    except IntegrityError:
        raise ValidationError(ALREADY_IN_COALITION, code="already") from None


@transaction.atomic
def coalition_leave(*, coalition: Coalition, member: Member, user: User) -> CoalitionMembership:
    membership = (
        CoalitionMembership.objects.select_for_update().current().filter(coalition=coalition, member=member).first()
    )
    if membership is None:
        raise ValidationError(NOT_IN_COALITION, code="not_in")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    content_changed()
    return membership


@transaction.atomic
def network_erase_person(*, user: User) -> None:
    """On account deletion the membership stays with the municipality or organisation, without the person."""
    Member.objects.filter(contact_user=user).update(contact_user=None, contact_name="", contact_email="")

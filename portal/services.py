"""Writes with side effects for the portal core: griffier roles and profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import mails
from .mail import email_enqueue
from .models import GriffierRole, Municipality, User

ERROR_ROLE_ALREADY_OPEN = _("You have already asked for, or hold, the griffier role for this municipality.")
ERROR_ROLE_NOT_PENDING = _("This request has already been decided.")


@transaction.atomic
def griffier_role_request(*, user: User, municipality: Municipality, motivation: str = "") -> GriffierRole:
    """A member asks to be confirmed as griffier of `municipality`; programme staff are told by mail."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise double submits per user
    if GriffierRole.objects.filter(
        user=user, municipality=municipality, status__in=[GriffierRole.Status.REQUESTED, GriffierRole.Status.CONFIRMED]
    ).exists():
        raise ValidationError(ERROR_ROLE_ALREADY_OPEN, code="already_open")
    role = GriffierRole.objects.create(user=user, municipality=municipality, motivation=motivation.strip())
    email_enqueue(
        kind=mails.griffier_role_requested, to=[settings.STAFF_NOTIFICATION_EMAIL], language="nl", role_id=role.pk
    )
    return role


@transaction.atomic
def griffier_role_decide(*, role: GriffierRole, decided_by: User, confirm: bool, note: str = "") -> GriffierRole:
    """Staff confirm or refuse a griffier request; the member hears the outcome by mail."""
    role = GriffierRole.objects.select_for_update().select_related("user", "municipality").get(pk=role.pk)
    if role.status != GriffierRole.Status.REQUESTED:
        raise ValidationError(ERROR_ROLE_NOT_PENDING, code="not_pending")
    role.status = GriffierRole.Status.CONFIRMED if confirm else GriffierRole.Status.REFUSED
    role.decided_by = decided_by
    role.decided_at = timezone.now()
    role.decision_note = note.strip()
    role.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if confirm and role.user.municipality_id is None:
        role.user.municipality = role.municipality
        role.user.save(update_fields=["municipality"])
    email_enqueue(kind=mails.griffier_role_decided, to=[role.user.email], role_id=role.pk)
    return role


"""Staff review: decisions with the places they take or free, assignment, internal notes; and erasing a person."""


from django.core.exceptions import ValidationError
from django.db import transaction

from portal.mail import email_enqueue
from portal.models import User

from .. import mails
from ..models import (
    Application,
    ApplicationNote,
    Offer,
)
from . import common
from .common import (
    BUDGET_NOT_FOR_OFFER,
    BUDGET_REQUIRED,
    BUDGET_TOO_HIGH,
    NO_PLACES_LEFT,
    NOTE_EMPTY,
    REASON_REQUIRED,
    TRANSITION_NOT_ALLOWED,
    TRANSITIONS,
    Action,
    Status,
    _addresses,
    _event,
    _grant,
    _lock,
    _place_freed,
    _set_status,
)

# ---------- review ----------


def _check_budget(offer: Offer, budget: int | None) -> None:
    if not offer.has_budget:
        if budget:
            raise ValidationError(BUDGET_NOT_FOR_OFFER, code="no_budget")
        return
    if not budget or budget <= 0:
        raise ValidationError(BUDGET_REQUIRED, code="budget_required")
    if offer.budget_max is not None and budget > offer.budget_max:
        raise ValidationError(BUDGET_TOO_HIGH, code="budget_too_high", params={"max": offer.budget_max})


@transaction.atomic
def application_decide(
    *, application: Application, actor: User, to_status: str, budget: int | None = None, reason: str = ""
) -> Application:
    """Staff take an application into review, grant it, put it on the reserve list or reject it."""
    offer = common._lock_offer(application.offer)
    application = _lock(application)
    if to_status not in TRANSITIONS.get(application.status, ()):
        raise ValidationError(
            TRANSITION_NOT_ALLOWED,
            code="transition",
            params={
                "current": application.get_status_display(),
                "target": dict(Status.choices).get(to_status, to_status),
            },
        )
    was_granted = application.status == Status.GRANTED
    reason = (reason or "").strip()
    if to_status == Status.GRANTED:
        _check_budget(offer, budget)
        left = common.places_left(offer)
        if left is not None and left <= 0:
            raise ValidationError(NO_PLACES_LEFT, code="no_places")
        _grant(application, actor, budget=budget if offer.has_budget else None, detail=reason)
    elif to_status == Status.REJECTED:
        if not reason:
            raise ValidationError(REASON_REQUIRED, code="reason_required")
        application.decision_reason = reason
        _set_status(application, Status.REJECTED, actor, detail=reason)
    else:
        _set_status(application, to_status, actor, detail=reason)
    if to_status != Status.IN_REVIEW:
        email_enqueue(
            kind=mails.application_decision,
            to=_addresses(application),
            language=application.language,
            application_id=application.pk,
        )
    if was_granted:
        _place_freed(offer, actor)
    return application


@transaction.atomic
def application_assign(*, application: Application, actor: User, assigned_to: User | None) -> Application:
    application = _lock(application)
    application.assigned_to = assigned_to
    application.save(update_fields=["assigned_to", "updated_at"])
    _event(application, actor, Action.ASSIGNED, detail=str(assigned_to or "–"))
    if assigned_to is not None and assigned_to != actor and assigned_to.email:
        email_enqueue(kind=mails.application_assigned, to=[assigned_to.email], language="nl", application_id=application.pk)
    return application


@transaction.atomic
def application_note_add(*, application: Application, author: User, body: str) -> ApplicationNote:
    body = (body or "").strip()
    if not body:
        raise ValidationError(NOTE_EMPTY, code="empty")
    application = _lock(application)
    note = ApplicationNote.objects.create(application=application, author=author, body=body)
    _event(application, author, Action.NOTE)
    return note


# ---------- accounts ----------


@transaction.atomic
def applications_erase_person(*, user: User) -> None:
    """On account deletion: drafts go; submitted applications stay with the municipality, without the name."""
    Application.objects.filter(applicant=user, status=Status.DRAFT).delete()
    for application in Application.objects.select_for_update().filter(applicant=user):
        application.contact_name = ""
        application.contact_function = ""
        application.contact_email = ""
        application.contact_phone = ""
        application.applicant = None
        application.save()
        _event(application, None, Action.ERASED)

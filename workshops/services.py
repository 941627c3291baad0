"""Writes for workshop requests: submitting, the status flow, messages, proposals and evaluations."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import Municipality, User
from portal.permissions import is_griffier

from . import mails
from .models import Evaluation, Proposal, RequestEvent, RequestMessage, Session, Workshop, WorkshopRequest

ERROR_NOT_GRIFFIER = _("You can only request workshops for a municipality you are the confirmed griffier of.")
ERROR_NO_WORKSHOPS = _("Choose at least one workshop.")
ERROR_TRANSITION = _("A request with status “%(current)s” cannot move to “%(target)s”.")
ERROR_NO_SESSIONS = _("A proposal needs at least one session.")
ERROR_NOTHING_TO_ACCEPT = _("There is no open proposal to accept.")
ERROR_EVALUATION_CLOSED = _("This session cannot be evaluated (yet).")
ERROR_EMPTY_MESSAGE = _("Write a message first.")
ERROR_KEY_USED = _("This form was already used. Reload the page and try again.")

Status = WorkshopRequest.Status
PROPOSAL_FROM = (Status.RECEIVED, Status.IN_CONSULTATION, Status.PROPOSAL_SENT)


def _status_set(
    *, workshop_request: WorkshopRequest, to_status: str, actor: User | None, note: str = ""
) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=workshop_request,
        actor=actor,
        from_status=workshop_request.status,
        to_status=to_status,
        note=note.strip(),
    )
    workshop_request.status = to_status
    workshop_request.save(update_fields=["status", "updated_at"])
    return event


def _staff_recipients(workshop_request: WorkshopRequest) -> list[str]:
    if workshop_request.assigned_to_id and workshop_request.assigned_to.email:
        return [workshop_request.assigned_to.email]
    return [settings.STAFF_NOTIFICATION_EMAIL]


@transaction.atomic
def request_create(
    *,
    user: User,
    municipality: Municipality,
    workshops: list[Workshop],
    training_need: str,
    participants: int,
    preferred_periods: str,
    location: str,
    submission_key: uuid.UUID,
) -> tuple[WorkshopRequest, bool]:
    """A griffier submits a request; staff are told by mail. Returns (request, created).

    The form's `submission_key` is unique: a second post of the same form returns the first request.
    """
    if not is_griffier(user, municipality):
        raise ValidationError(ERROR_NOT_GRIFFIER, code="not_griffier")
    if not workshops:
        raise ValidationError(ERROR_NO_WORKSHOPS, code="no_workshops")
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise this user's concurrent submits
    existing = WorkshopRequest.objects.filter(submission_key=submission_key, requested_by=user).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            workshop_request = WorkshopRequest.objects.create(
                municipality=municipality,
                requested_by=user,
                training_need=training_need.strip(),
                participants=participants,
                preferred_periods=preferred_periods.strip(),
                location=location.strip(),
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same key from another user (a forged form) or a race the lock did not cover.
        existing = WorkshopRequest.objects.filter(submission_key=submission_key, requested_by=user).first()
        if existing is None:
            raise ValidationError(ERROR_KEY_USED, code="key") from None
        return existing, False
    workshop_request.workshops.set(workshops)
    RequestEvent.objects.create(
        request=workshop_request, actor=user, from_status="", to_status=Status.RECEIVED
    )
    email_enqueue(
        kind=mails.request_received,
        to=[settings.STAFF_NOTIFICATION_EMAIL],
        language="nl",
        request_id=workshop_request.pk,
    )
    return workshop_request, True


def _lock(workshop_request: WorkshopRequest) -> WorkshopRequest:
    return (
        WorkshopRequest.objects.select_for_update(of=("self",))
        .select_related("municipality", "requested_by", "assigned_to")
        .get(pk=workshop_request.pk)
    )


@transaction.atomic
def request_status_change(
    *, workshop_request: WorkshopRequest, actor: User, to_status: str, note: str = ""
) -> WorkshopRequest:
    """Staff move a request along its flow; each change is recorded. Held sessions open their evaluation."""
    workshop_request = _lock(workshop_request)
    if to_status not in workshop_request.allowed_transitions:
        raise ValidationError(
            ERROR_TRANSITION,
            code="transition",
            params={
                "current": workshop_request.get_status_display(),
                "target": dict(Status.choices).get(to_status, to_status),
            },
        )
    _status_set(workshop_request=workshop_request, to_status=to_status, actor=actor, note=note)
    if to_status == Status.HELD:
        email_enqueue(
            kind=mails.request_held, to=[workshop_request.requested_by.email], request_id=workshop_request.pk
        )
    elif to_status == Status.CANCELLED:
        email_enqueue(
            kind=mails.request_cancelled,
            to=[workshop_request.requested_by.email],
            request_id=workshop_request.pk,
            note=note.strip(),
        )
    return workshop_request


@transaction.atomic
def request_assign(
    *, workshop_request: WorkshopRequest, actor: User, assigned_to: User | None
) -> WorkshopRequest:
    workshop_request = _lock(workshop_request)
    workshop_request.assigned_to = assigned_to
    workshop_request.save(update_fields=["assigned_to", "updated_at"])
    if assigned_to is not None and assigned_to != actor and assigned_to.email:
        email_enqueue(kind=mails.request_assigned, to=[assigned_to.email], request_id=workshop_request.pk)
    return workshop_request


@transaction.atomic
def request_message_post(
    *, workshop_request: WorkshopRequest, author: User, body: str, from_staff: bool
) -> RequestMessage:
    """A message on a request; the other side hears of it by mail."""
    body = body.strip()
    if not body:
        raise ValidationError(ERROR_EMPTY_MESSAGE, code="empty")
    workshop_request = _lock(workshop_request)
    message = RequestMessage.objects.create(
        request=workshop_request, author=author, body=body, from_staff=from_staff
    )
    if from_staff:
        email_enqueue(
            kind=mails.request_message, to=[workshop_request.requested_by.email], message_id=message.pk
        )
    else:
        email_enqueue(
            kind=mails.request_message,
            to=_staff_recipients(workshop_request),
            language="nl",
            message_id=message.pk,
        )
    return message


@transaction.atomic
def proposal_send(
    *, workshop_request: WorkshopRequest, actor: User, sessions: list[dict], note: str = ""
) -> Proposal:
    """Staff propose dated sessions; the griffier is asked to accept them."""
    workshop_request = _lock(workshop_request)
    if workshop_request.status not in PROPOSAL_FROM:
        raise ValidationError(
            ERROR_TRANSITION,
            code="transition",
            params={"current": workshop_request.get_status_display(), "target": Status.PROPOSAL_SENT.label},
        )
    if not sessions:
        raise ValidationError(ERROR_NO_SESSIONS, code="no_sessions")
    proposal = Proposal.objects.create(request=workshop_request, created_by=actor, note=note.strip())
    Session.objects.bulk_create([Session(proposal=proposal, **session) for session in sessions])
    _status_set(workshop_request=workshop_request, to_status=Status.PROPOSAL_SENT, actor=actor, note=note)
    email_enqueue(kind=mails.proposal_sent, to=[workshop_request.requested_by.email], proposal_id=proposal.pk)
    return proposal


@transaction.atomic
def proposal_accept(*, workshop_request: WorkshopRequest, user: User) -> Proposal:
    """The griffier accepts the latest proposal: its sessions are planned."""
    workshop_request = _lock(workshop_request)
    proposal = workshop_request.proposals.order_by("-created_at", "-pk").first()
    if (
        workshop_request.status != Status.PROPOSAL_SENT
        or proposal is None
        or proposal.accepted_at is not None
    ):
        raise ValidationError(ERROR_NOTHING_TO_ACCEPT, code="nothing_to_accept")
    proposal.accepted_at = timezone.now()
    proposal.accepted_by = user
    proposal.save(update_fields=["accepted_at", "accepted_by"])
    _status_set(workshop_request=workshop_request, to_status=Status.PLANNED, actor=user)
    email_enqueue(
        kind=mails.proposal_accepted,
        to=_staff_recipients(workshop_request),
        language="nl",
        request_id=workshop_request.pk,
    )
    return proposal


@transaction.atomic
def evaluation_submit(
    *, session: Session, rating: int, comments: str = "", submission_key: uuid.UUID
) -> tuple[Evaluation, bool]:
    """A participant's evaluation of a held session. Returns (evaluation, created).

    The link is shared by all participants of the session; what makes one participant's submission one row
    is the form's one-time `submission_key` (unique in the table): the same form posted twice returns the
    row of the first post, even when both posts arrive at once.
    """
    session = Session.objects.select_related("proposal__request").get(pk=session.pk)
    if not session.is_open_for_evaluation():
        raise ValidationError(ERROR_EVALUATION_CLOSED, code="closed")
    existing = Evaluation.objects.filter(submission_key=submission_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    session=session, rating=rating, comments=comments.strip(), submission_key=submission_key
                )
        except IntegrityError:
            # A second post of the same form that arrived while the first was being saved.
            existing = Evaluation.objects.filter(submission_key=submission_key).first()
        else:
            return evaluation, True
    if existing is None or existing.session_id != session.pk:
        raise ValidationError(ERROR_KEY_USED, code="key")
    return existing, False

"""What staff do with events: save, publish, cancel, copy, message the registrants, check people in."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import User
from programmes.models import Theme

from .. import mails
from ..models import Event, EventMessage, Question, Registration, RegistrationTransition
from ..pagecache import agenda_changed
from .registration import _lock_event, _move, fill_freed_places

Status = Registration.Status

ERROR_NOT_DRAFT = _("Only a draft can be published.")
ERROR_ALREADY_CANCELLED = _("This event has already been cancelled.")
ERROR_CHECKIN_NOT_CONFIRMED = _("%(name)s has no confirmed place (%(status)s) and cannot be checked in.")
ERROR_CHECKIN_CANCELLED_EVENT = _("This event has been cancelled.")
ERROR_NO_RECIPIENTS = _("Nobody would receive this message.")
RESERVED_SLUGS = {"archief", "feeds", "mijn", "beheer", "inschrijving", "bevestigen", "annuleren", "plek"}  # urls.py
# Changes to these fields move the event in people's calendars: registrants get an updated invitation.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "address", "is_online", "online_url")
DIETARY_QUESTION = ("Heeft u dieetwensen of allergieën?", "Do you have dietary requirements or allergies?")


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100] or "bijeenkomst"
    if base in RESERVED_SLUGS:
        base += "-bijeenkomst"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _recipients(event: Event, statuses: Iterable[str]) -> list[Registration]:
    return list(Registration.objects.filter(event=event, status__in=list(statuses)).exclude(email=""))


@transaction.atomic
def event_save(*, event: Event, themes: Iterable[Theme] | None = None, by: User, formsets: Sequence = ()) -> Event:
    """Create or update an event (and its sessions and questions, when their formsets are given).

    A change of time or place raises the calendar SEQUENCE and sends every registrant an updated invitation
    with the same UID; a larger capacity offers the new places to the waiting list.
    """
    creating = event.pk is None
    before = None if creating else _lock_event(event.pk)
    if not event.slug:
        event.slug = unique_slug(event.title, exclude_pk=event.pk)
    moved = before is not None and any(getattr(before, field) != getattr(event, field) for field in CALENDAR_FIELDS)
    if moved:
        event.sequence = before.sequence + 1
    if creating:
        event.created_by = by
    event.save()
    agenda_changed()
    if themes is not None:
        event.themes.set(themes)
    for formset in formsets:
        formset.instance = event
        formset.save()
    if creating and event.kind == Event.Kind.MEAL_CONVERSATION and not event.questions.exists():
        Question.objects.create(event=event, label=DIETARY_QUESTION[0], label_en=DIETARY_QUESTION[1], order=1)
    if moved and event.status == Event.Status.PUBLISHED:
        for registration in _recipients(event, [Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED]):
            email_enqueue(
                kind=mails.event_changed, to=[registration.email], language=registration.language,
                registration_id=registration.pk,
            )
    if before is not None and (event.capacity is None or (before.capacity or 0) < event.capacity):
        fill_freed_places(event)
    return event


@transaction.atomic
def event_publish(*, event: Event, by: User) -> Event:
    event = _lock_event(event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(ERROR_NOT_DRAFT, code="not_draft")
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    agenda_changed()
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: User, note: str = "") -> Event:
    """Call the event off: every registration ends, and everyone is told (with a cancelling calendar entry)."""
    event = _lock_event(event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(ERROR_ALREADY_CANCELLED, code="already_cancelled")
    was_published = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.cancellation_note = note.strip()
    event.sequence += 1
    event.save(update_fields=["status", "cancellation_note", "sequence", "updated_at"])
    agenda_changed()
    for registration in Registration.objects.select_for_update().filter(event=event, status__in=Registration.ACTIVE):
        _move(registration, Status.CANCELLED, RegistrationTransition.Reason.EVENT_CANCELLED, by=by)
        if was_published and registration.email:
            email_enqueue(
                kind=mails.event_cancelled, to=[registration.email], language=registration.language,
                registration_id=registration.pk,
            )
    return event


@transaction.atomic
def event_copy(*, event: Event, by: User) -> Event:
    """A new draft with the same texts, sessions and questions; staff then set its date and place."""
    sessions = list(event.sessions.all())
    questions = list(event.questions.all())
    themes = list(event.themes.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy.title = str(_("Copy of %(title)s") % {"title": event.title})[:200]
    copy.slug = unique_slug(copy.title)
    copy.status = Event.Status.DRAFT
    copy.sequence = 0
    copy.cancellation_note = ""
    copy.created_by = by
    copy.created_at = timezone.now()
    copy.data_removed_at = None
    copy.save()
    copy.themes.set(themes)
    for row in [*sessions, *questions]:
        row.pk = None
        row.event = copy
        row.save()
    return copy


@transaction.atomic
def event_message_send(*, event: Event, by: User, subject: str, body: str, audience: str) -> EventMessage:
    """Mail every registrant of the chosen group, each in their own language with their own cancel link."""
    statuses = {
        EventMessage.Audience.CONFIRMED: [Status.CONFIRMED],
        EventMessage.Audience.WAITLIST: [Status.WAITLISTED, Status.OFFERED],
        EventMessage.Audience.ALL: [Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED],
    }[audience]
    recipients = _recipients(event, statuses)
    if not recipients:
        raise ValidationError(ERROR_NO_RECIPIENTS, code="no_recipients")
    message = EventMessage.objects.create(
        event=event, audience=audience, subject=subject.strip(), body=body.strip(), sent_by=by,
        recipients=len(recipients),
    )
    for registration in recipients:
        email_enqueue(
            kind=mails.event_message, to=[registration.email], language=registration.language,
            registration_id=registration.pk, message_id=message.pk,
        )
    return message


@transaction.atomic
def registration_check_in(*, registration: Registration, by: User, present: bool = True) -> tuple[Registration, bool]:
    """Mark (or unmark) a confirmed registrant as present. Returns (registration, changed): scanning a code
    twice changes nothing and says when the person arrived."""
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if registration.event.status == Event.Status.CANCELLED:
        raise ValidationError(ERROR_CHECKIN_CANCELLED_EVENT, code="event_cancelled")
    if present and registration.status != Status.CONFIRMED:
        raise ValidationError(
            ERROR_CHECKIN_NOT_CONFIRMED,
            code="not_confirmed",
            params={"name": registration.name, "status": registration.get_status_display()},
        )
    if present == (registration.checked_in_at is not None):
        return registration, False
    registration.checked_in_at = timezone.now() if present else None
    registration.checked_in_by = by if present else None
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return registration, True


@transaction.atomic
def registration_staff_cancel(*, registration: Registration, by: User) -> Registration:
    from .registration import registration_cancel

    return registration_cancel(
        registration=registration, by=by, reason=RegistrationTransition.Reason.CANCELLED_BY_STAFF
    )

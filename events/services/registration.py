"""Who holds a place: registering, confirming an address, the waiting list, claiming, declining, cancelling.

Every change to who holds a place (of the event or of a break-out session) takes the event's row lock
first and then the rows of the sessions involved, in primary-key order, so two requests never both see the
last free place, and two lock-takers never wait on each other in a circle. The counts are read after the
lock is held; in PostgreSQL's READ COMMITTED each statement then sees every registration committed before.

Like pretix's quotas: a place kept for someone on the waiting list (an offer) counts as taken until its
deadline, and newcomers join the back of the queue while anyone is waiting.
"""

import datetime
from collections.abc import Sequence

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import Function, Municipality, User

from .. import mails
from ..models import Event, Registration, RegistrationTransition, Session
from ..pagecache import agenda_changed

Status = Registration.Status
Reason = RegistrationTransition.Reason

ERROR_DRAFT = _("This event is not published.")
ERROR_CANCELLED = _("This event has been cancelled; registering is no longer possible.")
ERROR_PAST = _("This event has already started or is over; registering is no longer possible.")
ERROR_NOT_YET = _("Registration for this event opens on %(date)s.")
ERROR_CLOSED = _("The registration deadline for this event has passed.")
ERROR_RESTRICTED = _("This event is only for %(functions)s. Your function does not give access to it.")
ERROR_SESSION_OTHER_EVENT = _("That break-out session does not belong to this event.")
ERROR_SESSION_OVERLAP = _("Choose at most one break-out session per time slot.")
ERROR_SESSION_FULL = _("The break-out session “%(title)s” is full. Choose another one or none.")
ERROR_BUSY = _("It is very busy right now. Please try again in a moment.")
ERROR_NOT_OFFERED = _("There is no place waiting for you to claim.")
ERROR_OFFER_EXPIRED = _("The time to claim this place has passed; it has gone to the next person in line.")
ERROR_NOT_ACTIVE = _("This registration has already been cancelled.")
# Waiting for the event's row lock longer than this means something is stuck: answer instead of hanging.
LOCK_TIMEOUT = "5s"


def _lock_event(event_id: int) -> Event:
    """Take the event's row lock for the rest of the transaction. Tests replace this to prove it matters."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    return Event.objects.select_for_update().get(pk=event_id)


def _lock_sessions(session_ids: Sequence[int]) -> list[Session]:
    """Take the sessions' row locks, always in primary-key order (after the event's)."""
    if not session_ids:
        return []
    return list(Session.objects.select_for_update().filter(pk__in=sorted(set(session_ids))).order_by("pk"))


def _locked(event_id: int) -> Event:
    try:
        return _lock_event(event_id)
    except DatabaseError as error:  # lock_timeout: the transaction is aborted, the caller's atomic rolls back
        raise ValidationError(ERROR_BUSY, code="busy") from error


def _log(registration: Registration, from_status: str, reason: str, *, by: User | None = None) -> None:
    RegistrationTransition.objects.create(
        registration=registration, from_status=from_status, to_status=registration.status, reason=reason, by=by
    )


def _move(registration: Registration, to_status: str, reason: str, *, by: User | None = None, fields=()) -> None:
    """Change the status of a saved registration, stamp the moment, save, and record the transition."""
    now = timezone.now()
    from_status = registration.status
    registration.status = to_status
    stamps = {
        Status.CONFIRMED: "confirmed_at",
        Status.WAITLISTED: "waitlisted_at",
        Status.CANCELLED: "cancelled_at",
    }
    changed = ["status", "updated_at", *fields]
    if to_status in stamps:
        setattr(registration, stamps[to_status], now)
        changed.append(stamps[to_status])
    if to_status != Status.OFFERED:
        registration.offer_expires_at = None
        changed.append("offer_expires_at")
    registration.save(update_fields=changed)
    _log(registration, from_status, reason, by=by)
    agenda_changed()


def occupancy(event: Event) -> tuple[int, int]:
    """(places held, people waiting) as committed now."""
    counts = Registration.objects.filter(event=event).aggregate(
        held=Count("pk", filter=Q(status__in=Registration.HOLDING)),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return counts["held"], counts["waiting"]


def session_room(sessions: Sequence[Session]) -> dict[int, int]:
    """Free places per session, counting confirmed registrations and offers."""
    if not sessions:
        return {}
    Through = Registration.sessions.through
    taken = dict(
        Through.objects.filter(session_id__in=[s.pk for s in sessions], registration__status__in=Registration.HOLDING)
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    return {s.pk: max(0, s.capacity - taken.get(s.pk, 0)) for s in sessions}


def check_open(event: Event, *, function: str, now: datetime.datetime | None = None) -> None:
    """Refuse, with a message the registrant can act on, what the event does not allow now."""
    state = event.registration_state(now)
    if state == "draft":
        raise ValidationError(ERROR_DRAFT, code="draft")
    if state == "cancelled":
        raise ValidationError(ERROR_CANCELLED, code="cancelled")
    if state == "past":
        raise ValidationError(ERROR_PAST, code="past")
    if state == "not_yet":
        local = timezone.localtime(event.registration_opens_at)
        raise ValidationError(ERROR_NOT_YET, code="not_yet", params={"date": f"{local:%d-%m-%Y %H:%M}"})
    if state == "closed":
        raise ValidationError(ERROR_CLOSED, code="closed")
    if not event.allows_function(function):
        raise ValidationError(
            ERROR_RESTRICTED, code="restricted", params={"functions": ", ".join(event.target_function_labels)}
        )


def _check_session_choice(event: Event, sessions: Sequence[Session]) -> None:
    if any(session.event_id != event.pk for session in sessions):
        raise ValidationError(ERROR_SESSION_OTHER_EVENT, code="session_other_event")
    for index, session in enumerate(sessions):
        if any(session.overlaps(other) for other in sessions[index + 1 :]):
            raise ValidationError(ERROR_SESSION_OVERLAP, code="session_overlap")


def _check_session_room(sessions: Sequence[Session]) -> None:
    room = session_room(sessions)
    for session in sessions:
        if room[session.pk] < 1:
            raise ValidationError(ERROR_SESSION_FULL, code="session_full", params={"title": session.title_i18n})


def _keep_sessions_with_room(registration: Registration) -> None:
    """On promotion from the waiting list: keep the wished sessions that still have room, drop the others."""
    wished = _lock_sessions(list(registration.sessions.values_list("pk", flat=True)))
    room = session_room(wished)
    full = [session for session in wished if room[session.pk] < 1]
    if full:
        registration.sessions.remove(*full)


def _newcomer_status(event: Event) -> str:
    """Confirmed if a place is free after everyone already waiting; otherwise the back of the queue."""
    if event.capacity is None:
        return Status.CONFIRMED
    held, waiting = occupancy(event)
    return Status.CONFIRMED if held + waiting < event.capacity else Status.WAITLISTED


def _notify(registration: Registration) -> None:
    """The mail that tells a registrant where they stand now."""
    kind = {
        Status.PENDING: mails.confirm_address,
        Status.CONFIRMED: mails.registration_confirmed,
        Status.WAITLISTED: mails.registration_waitlisted,
        Status.OFFERED: mails.waitlist_offer,
    }[registration.status]
    email_enqueue(kind=kind, to=[registration.email], language=registration.language, registration_id=registration.pk)


def _existing(event: Event, *, user: User | None, email: str) -> Registration | None:
    condition = Q(email=email)
    if user is not None:
        condition |= Q(user=user)
    return Registration.objects.filter(condition, event=event).order_by("-user_id").first()


# Registering


@transaction.atomic
def registration_create(
    *,
    event: Event,
    user: User | None,
    name: str,
    email: str,
    function: str,
    municipality: Municipality | None,
    language: str,
    answers: dict[str, str] | None = None,
    sessions: Sequence[Session] = (),
) -> tuple[Registration, bool]:
    """Register a member (placed at once) or a visitor (PENDING until the address is confirmed).

    Returns (registration, created). A second submit, or a registration that is already active for this
    member or address, returns the existing one unchanged: one row per event per person or address.
    """
    email = email.strip().lower()
    if function not in Function.values:
        function = Function.OTHER
    event = _locked(event.pk)
    check_open(event, function=function)
    existing = _existing(event, user=user, email=email)
    if existing is not None and existing.is_active:
        if existing.status == Status.PENDING and existing.updated_at < timezone.now() - datetime.timedelta(minutes=10):
            existing.save(update_fields=["updated_at"])
            _notify(existing)  # the first mail may be lost; not more than once in ten minutes
        return existing, False
    chosen = _lock_sessions([session.pk for session in sessions])
    _check_session_choice(event, chosen)
    status = Status.PENDING if user is None else _newcomer_status(event)
    if status in (Status.PENDING, Status.CONFIRMED):
        _check_session_room(chosen)  # a visitor learns now, not after confirming, that a session is full

    registration = existing or Registration(event=event)
    previous = existing.status if existing is not None else ""
    now = timezone.now()
    if existing is not None:  # cancelled or lapsed before: the same row starts again, with fresh links
        registration.link_version = F("link_version") + 1
        for field in ("confirmed_at", "waitlisted_at", "offer_expires_at", "cancelled_at", "reminded_at", "checked_in_at"):
            setattr(registration, field, None)
        registration.checked_in_by = None
        registration.created_at = now
    registration.user = user or registration.user
    registration.name = name.strip()
    registration.email = email
    registration.function = function
    registration.municipality = municipality
    registration.language = language
    registration.answers = answers or {}
    registration.status = status
    if status == Status.CONFIRMED:
        registration.confirmed_at = now
    elif status == Status.WAITLISTED:
        registration.waitlisted_at = now
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same person in a parallel request that got in first
        return _existing(event, user=user, email=email), False
    if existing is not None:
        registration.refresh_from_db(fields=["link_version"])
        registration.sessions.set(chosen)
    elif chosen:  # a new row has no sessions yet: one insert
        Registration.sessions.through.objects.bulk_create(
            Registration.sessions.through(registration=registration, session=session) for session in chosen
        )
    _log(registration, previous, Reason.REGISTERED)
    agenda_changed()
    _notify(registration)
    return registration, True


@transaction.atomic
def registration_confirm_address(*, registration: Registration) -> Registration:
    """A visitor confirmed the address by the mailed link: only now does the registration ask for a place.

    Idempotent: a second click changes nothing. Sessions that filled up in the meantime are dropped.
    """
    event = _locked(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status != Status.PENDING:
        return registration
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(ERROR_CANCELLED, code="cancelled")
    if event.starts_at <= timezone.now():
        raise ValidationError(ERROR_PAST, code="past")
    status = _newcomer_status(event)
    if status == Status.CONFIRMED:
        _keep_sessions_with_room(registration)
    _move(registration, status, Reason.ADDRESS_CONFIRMED)
    _notify(registration)
    return registration


def fill_freed_places(event: Event, *, now: datetime.datetime | None = None) -> list[Registration]:
    """Offer every free place to the next in line (the caller holds the event's lock).

    Close to the event (`last_minute_hours`) there is no time to wait for a claim: the place is confirmed
    directly. Otherwise the place is kept for the person until the offer's deadline.
    """
    now = now or timezone.now()
    if event.capacity is None or event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return []
    held, _waiting = occupancy(event)
    free = event.capacity - held
    if free <= 0:
        return []
    promoted = []
    for registration in Registration.objects.filter(event=event, status=Status.WAITLISTED).waiting_order()[:free]:
        deadline = event.offer_deadline(now)
        _keep_sessions_with_room(registration)
        if deadline is None:
            _move(registration, Status.CONFIRMED, Reason.LAST_MINUTE)
        else:
            registration.offer_expires_at = deadline
            _move(registration, Status.OFFERED, Reason.OFFERED, fields=["offer_expires_at"])
        _notify(registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_claim(*, registration: Registration) -> Registration:
    """The person who was offered a freed place takes it."""
    event = _locked(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status == Status.CONFIRMED:
        return registration
    if registration.status != Status.OFFERED:
        raise ValidationError(ERROR_NOT_OFFERED, code="not_offered")
    if registration.offer_expires_at is None or registration.offer_expires_at <= timezone.now():
        raise ValidationError(ERROR_OFFER_EXPIRED, code="offer_expired")
    _move(registration, Status.CONFIRMED, Reason.CLAIMED)
    _notify(registration)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User | None = None, reason: str = Reason.CANCELLED_BY_REGISTRANT, notify: bool = True
) -> Registration:
    """Cancel (or decline an offer, or leave the waiting list); a place that frees goes to the next in line."""
    event = _locked(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if not registration.is_active:
        raise ValidationError(ERROR_NOT_ACTIVE, code="not_active")
    freed = registration.holds_place
    _move(registration, Status.CANCELLED, reason, by=by)
    if notify and registration.email:
        email_enqueue(
            kind=mails.registration_cancelled,
            to=[registration.email],
            language=registration.language,
            registration_id=registration.pk,
        )
    if freed:
        fill_freed_places(event)
    return registration


def registration_decline(*, registration: Registration) -> Registration:
    return registration_cancel(registration=registration, reason=Reason.DECLINED)


def waitlist_sweep(*, now: datetime.datetime | None = None) -> int:
    """Pass lapsed offers on, and offer places that are free (a cancellation, a larger capacity). Returns
    how many people were offered or given a place."""
    now = now or timezone.now()
    lapsed_events = Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values("event")
    waiting_events = Registration.objects.filter(status=Status.WAITLISTED).values("event")
    event_ids = list(
        Event.objects.published()
        .filter(starts_at__gt=now)
        .filter(Q(pk__in=lapsed_events) | Q(pk__in=waiting_events))
        .values_list("pk", flat=True)
    )
    promoted = 0
    for event_id in event_ids:
        with transaction.atomic():
            event = _lock_event(event_id)
            for registration in Registration.objects.select_for_update().filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            ):
                _move(registration, Status.EXPIRED, Reason.LAPSED)
            promoted += len(fill_freed_places(event, now=now))
    return promoted


@shared_task
def waitlist_sweep_task() -> int:
    return waitlist_sweep()

"""The events' kinds of mail. Each builds its context from ids inside the worker, where the signed links
(confirm, cancel, claim, check-in) are made: they exist only in memory and in the mail.

A mail about a registration is dropped when the registration has moved on in the meantime (a
confirmation for someone who already cancelled would only confuse). Every mail about a registration that
is still active carries one cancel link.
"""

from django.conf import settings
from django.utils import timezone

from portal.mail import Attachment, mail_kind

from .ical import registration_calendar
from .models import EventMessage, Registration, RegistrationTransition
from .qr import qr_png, qr_svg
from .tokens import registration_url

Status = Registration.Status
ICS_TYPE = "text/calendar"


def _registration(registration_id: int, *statuses: str) -> Registration | None:
    registration = (
        Registration.objects.select_related("event", "event__programme", "event__region", "municipality")
        .prefetch_related("sessions")
        .filter(pk=registration_id)
        .exclude(email="")
        .first()
    )
    if registration is None or (statuses and registration.status not in statuses):
        return None
    return registration


def _context(registration: Registration, **extra) -> dict:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "event_url": settings.PORTAL_BASE_URL + event.get_absolute_url(),
        "sessions": list(registration.sessions.all()),
        "manage_url": registration_url("manage", registration),
        "cancel_url": registration_url("cancel", registration) if registration.is_active else "",
        "join_url": event.online_url if event.is_online and registration.status == Status.CONFIRMED else "",
        "attachments": [],
    }
    context.update(extra)
    return context


def _invitation(registration: Registration, *, cancelled: bool = False) -> Attachment:
    return Attachment("uitnodiging.ics", registration_calendar(registration, cancelled=cancelled), ICS_TYPE)


def _with_checkin_code(context: dict, registration: Registration) -> dict:
    url = registration_url("checkin", registration)
    context["qr_svg"] = qr_svg(url)
    context["attachments"].append(Attachment("aanmeldcode.png", qr_png(url), "image/png"))
    return context


@mail_kind("event_confirm_address")
def confirm_address(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.PENDING)
    if registration is None:
        return None
    return _context(registration, confirm_url=registration_url("confirm", registration))


@mail_kind("event_registration_confirmed")
def registration_confirmed(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.CONFIRMED)
    if registration is None:
        return None
    last = registration.transitions.order_by("-at", "-pk").first()
    context = _context(
        registration, from_waiting_list=bool(last and last.reason == RegistrationTransition.Reason.LAST_MINUTE)
    )
    context["attachments"].append(_invitation(registration))
    return _with_checkin_code(context, registration)


@mail_kind("event_registration_waitlisted")
def registration_waitlisted(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.WAITLISTED)
    if registration is None:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id, status=Status.WAITLISTED)
        .filter(waitlisted_at__lt=registration.waitlisted_at)
        .count()
    )
    return _context(registration, position=ahead + 1)


@mail_kind("event_waitlist_offer")
def waitlist_offer(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.OFFERED)
    if registration is None or registration.offer_expires_at <= timezone.now():
        return None
    return _context(registration, offer_url=registration_url("offer", registration))


@mail_kind("event_registration_cancelled")
def registration_cancelled(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.CANCELLED)
    if registration is None:
        return None
    last = registration.transitions.order_by("-at", "-pk").first()
    context = _context(
        registration,
        by_staff=bool(last and last.reason == RegistrationTransition.Reason.CANCELLED_BY_STAFF),
        declined=bool(last and last.reason == RegistrationTransition.Reason.DECLINED),
    )
    if last and last.from_status == Status.CONFIRMED:
        context["attachments"].append(_invitation(registration, cancelled=True))
    return context


@mail_kind("event_reminder")
def reminder(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.CONFIRMED)
    if registration is None:
        return None
    context = _context(registration)
    context["attachments"].append(_invitation(registration))
    return _with_checkin_code(context, registration)


@mail_kind("event_changed")
def event_changed(*, registration_id: int) -> dict | None:
    """Time or place changed: confirmed registrants get the invitation again, same UID, higher SEQUENCE."""
    registration = _registration(registration_id, Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)
    if registration is None:
        return None
    context = _context(registration)
    if registration.status == Status.CONFIRMED:
        context["attachments"].append(_invitation(registration))
    return context


@mail_kind("event_cancelled")
def event_cancelled(*, registration_id: int) -> dict | None:
    registration = _registration(registration_id, Status.CANCELLED)
    if registration is None:
        return None
    context = _context(registration)
    context["attachments"].append(_invitation(registration, cancelled=True))
    return context


@mail_kind("event_message")
def event_message(*, registration_id: int, message_id: int) -> dict | None:
    registration = _registration(registration_id, *Registration.ACTIVE)
    message = EventMessage.objects.filter(pk=message_id, event_id=registration.event_id).first() if registration else None
    if registration is None or message is None:
        return None
    return _context(registration, message=message)

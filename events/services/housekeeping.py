"""Periodic work: reminders, unconfirmed registrations, the retention period, and a member's erasure."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from portal.mail import email_enqueue
from portal.models import User

from .. import mails
from ..models import AttendanceTally, Event, FeedKey, Registration, RegistrationTransition
from ..tokens import CONFIRM_MAX_AGE
from .registration import registration_cancel

Status = Registration.Status
REMIND_BEFORE = datetime.timedelta(days=2)


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind confirmed registrants two days before. Each registration is claimed by one conditional update
    (`reminded_at` still empty), so overlapping runs never mail anyone twice."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMIND_BEFORE,
    ).exclude(email="")
    sent = 0
    for registration_id, email, language in due.values_list("pk", "email", "language"):
        with transaction.atomic():
            if not Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(reminded_at=now):
                continue
            email_enqueue(kind=mails.reminder, to=[email], language=language, registration_id=registration_id)
            sent += 1
    return sent


@shared_task
def reminders_send_task() -> int:
    return reminders_send()


def pending_registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove visitors' registrations whose address was never confirmed: they held no place, and their
    confirmation link no longer works."""
    now = now or timezone.now()
    deleted, _ = Registration.objects.filter(status=Status.PENDING, updated_at__lt=now - CONFIRM_MAX_AGE).delete()
    return deleted


@shared_task
def pending_registrations_expire_task() -> int:
    return pending_registrations_expire()


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    return now - datetime.timedelta(days=round(30.44 * settings.PORTAL_EVENT_RETENTION_MONTHS))


@transaction.atomic
def event_registrations_remove(*, event: Event) -> int:
    """Replace an event's registrations by anonymous counts per municipality and function."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.data_removed_at is not None:
        return 0
    rows = (
        Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .values("municipality", "function")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by()
    )
    AttendanceTally.objects.bulk_create(
        AttendanceTally(
            event=event,
            municipality_id=row["municipality"],
            function=row["function"],
            registered=row["registered"],
            attended=row["attended"],
        )
        for row in rows
    )
    deleted, _ = Registration.objects.filter(event=event).delete()
    event.data_removed_at = timezone.now()
    event.save(update_fields=["data_removed_at", "updated_at"])
    return deleted


def registrations_retain(*, now: datetime.datetime | None = None) -> int:
    """Remove the registrations of every event that ended before the retention period. Returns events done."""
    events = Event.objects.filter(ends_at__lt=retention_cutoff(now), data_removed_at__isnull=True)
    done = 0
    for event in events:
        event_registrations_remove(event=event)
        done += 1
    return done


@shared_task
def registrations_retention_task() -> int:
    return registrations_retain()


@transaction.atomic
def registrations_erase_for_user(*, user: User) -> int:
    """A member deletes their account: upcoming registrations are cancelled (the place goes to the next in
    line), and every registration loses the name, address and answers; function, municipality and
    attendance stay as anonymous counts."""
    now = timezone.now()
    registrations = list(Registration.objects.filter(Q(user=user) | Q(email=user.email.lower())).exclude(email=""))
    for registration in registrations:
        if registration.is_active and registration.event.starts_at > now:
            registration_cancel(
                registration=registration, by=None, reason=RegistrationTransition.Reason.ACCOUNT_DELETED, notify=False
            )
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        user=None, name="", email="", answers={}, link_version=F("link_version") + 1
    )
    FeedKey.objects.filter(user=user).delete()
    return len(registrations)


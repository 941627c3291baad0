"""The periodic tasks: reminders, the waiting-list sweep, unconfirmed registrations, the retention period."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from events.models import AttendanceTally, Registration
from events.services import housekeeping
from events.services.registration import waitlist_sweep_task
from portal.jobs import jobs_sweep
from portal.models import Job
from tests.events.factories import EventFactory, RegistrationFactory, in_days

Status = Registration.Status
pytestmark = pytest.mark.django_db


def test_the_beat_schedule_names_the_events_tasks():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        housekeeping.reminders_send_task.name,
        housekeeping.pending_registrations_expire_task.name,
        housekeeping.registrations_retention_task.name,
        waitlist_sweep_task.name,
    } <= tasks


def test_reminders_go_two_days_before_once(db):
    soon = EventFactory(starts_at=in_days(1.5), ends_at=in_days(1.6))
    later = EventFactory(starts_at=in_days(5), ends_at=in_days(5.1))
    confirmed = RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status=Status.WAITLISTED)
    RegistrationFactory(event=later)

    first = housekeeping.reminders_send_task()
    second = housekeeping.reminders_send_task()

    confirmed.refresh_from_db()
    assert (first, second) == (1, 0)
    assert confirmed.reminded_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [confirmed.email]
    assert "Herinnering" in mail.outbox[0].subject
    assert any(name == "uitnodiging.ics" for name, _c, _t in mail.outbox[0].attachments)


def test_a_reminder_job_run_twice_mails_once(db):
    RegistrationFactory(event=EventFactory(starts_at=in_days(1), ends_at=in_days(1.1)))
    housekeeping.reminders_send()
    job = Job.objects.get(task="portal.mail.email_send_task")
    Job.objects.filter(pk=job.pk).update(state=Job.State.PENDING, updated_at=timezone.now() - datetime.timedelta(hours=1))

    jobs_sweep()

    assert len(mail.outbox) == 1


def test_no_reminder_for_a_cancelled_event(db):
    from events.models import Event

    RegistrationFactory(event=EventFactory(starts_at=in_days(1), ends_at=in_days(1.1), status=Event.Status.CANCELLED))

    assert housekeeping.reminders_send() == 0


def test_unconfirmed_registrations_expire_after_48_hours(db):
    event = EventFactory()
    old = RegistrationFactory(event=event, status=Status.PENDING)
    fresh = RegistrationFactory(event=event, status=Status.PENDING)
    confirmed = RegistrationFactory(event=event)
    Registration.objects.filter(pk__in=[old.pk, confirmed.pk]).update(updated_at=timezone.now() - datetime.timedelta(hours=49))

    removed = housekeeping.pending_registrations_expire_task()

    assert removed >= 1
    assert set(Registration.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_the_sweep_task_passes_lapsed_offers_on(db):
    event = EventFactory(capacity=1)
    offered = RegistrationFactory(event=event, status=Status.OFFERED, offer_expires_at=in_days(-0.01))
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)

    assert waitlist_sweep_task() == 1

    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert offered.status == Status.EXPIRED
    assert waiting.status == Status.OFFERED


def test_registrations_are_removed_after_the_retention_period_keeping_anonymous_counts(db, municipality):
    old = EventFactory(starts_at=in_days(-400), ends_at=in_days(-399.9))
    recent = EventFactory(starts_at=in_days(-30), ends_at=in_days(-29.9))
    for checked_in in (True, True, False):
        RegistrationFactory(
            event=old, municipality=municipality, function="raadslid",
            checked_in_at=old.starts_at if checked_in else None,
        )
    RegistrationFactory(event=old, municipality=municipality, function="wethouder")
    RegistrationFactory(event=old, status=Status.CANCELLED)
    kept = RegistrationFactory(event=recent)

    done = housekeeping.registrations_retention_task()

    old.refresh_from_db()
    assert done == 1
    assert not Registration.objects.filter(event=old).exists()
    assert Registration.objects.filter(pk=kept.pk).exists()
    assert old.data_removed_at is not None
    tallies = {(t.function, t.registered, t.attended) for t in AttendanceTally.objects.filter(event=old)}
    assert tallies == {("raadslid", 3, 2), ("wethouder", 1, 0)}
    assert housekeeping.registrations_retention_task() == 0  # once


def test_the_retention_period_follows_the_setting(db, settings):
    settings.PORTAL_EVENT_RETENTION_MONTHS = 1
    event = EventFactory(starts_at=in_days(-45), ends_at=in_days(-44.9))
    RegistrationFactory(event=event)

    housekeeping.registrations_retain()

    assert not Registration.objects.filter(event=event).exists()


def test_the_default_retention_keeps_a_year(db):
    event = EventFactory(starts_at=in_days(-300), ends_at=in_days(-299.9))
    RegistrationFactory(event=event)

    with time_machine.travel(timezone.now()):
        housekeeping.registrations_retain()

    assert settings.PORTAL_EVENT_RETENTION_MONTHS == 12
    assert Registration.objects.filter(event=event).exists()

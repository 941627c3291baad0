"""Issue 7.4: a job is never run twice at once, and a mail never goes to one recipient twice.

Two "workers" are two threads with their own database connections racing for the same job on PostgreSQL,
with a mail server slow enough that both are inside the job at the same time. Each race has a control run
without the guard, which must go wrong: that proves the test can fail.
"""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from portal import jobs, mails
from portal.jobs import job_claim, job_run, jobs_sweep
from portal.mail import email_deliver, email_enqueue, email_send_task
from portal.models import GriffierRole, Job, Municipality
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLOW_SECONDS = 1.0
runs: list[int] = []


class SlowEmailBackend(EmailBackend):
    """An SMTP server that takes its time: long enough for a second worker to arrive."""

    def send_messages(self, messages):
        time.sleep(SLOW_SECONDS)
        return super().send_messages(messages)


@pytest.fixture
def slow_mail(settings):
    settings.EMAIL_BACKEND = "tests.trust.test_jobs_run_once.SlowEmailBackend"


def _mail_job() -> Job:
    municipality = Municipality.objects.first() or _municipality_after_flush()
    role = GriffierRole.objects.create(user=UserFactory(), municipality=municipality)
    with mock.patch("portal.jobs.job_dispatch"):  # pending, as if the broker had not delivered it yet
        job = email_enqueue(kind=mails.griffier_role_requested, to=["griffie@example.nl"], role_id=role.pk)
    assert Job.objects.get(pk=job.pk).state == Job.State.PENDING and not mail.outbox
    return job


def _municipality_after_flush() -> Municipality:
    """A transactional test may follow a flush that removed the migration's municipalities."""
    from portal.models import Province, Region

    province = Province.objects.create(code="PV98", name="Testprovincie")
    region = Region.objects.create(slug="testregio", name="Testregio")
    return Municipality.objects.create(code="GM9998", name="Testgemeente", slug="testgemeente", province=province, region=region)


def _race(target, *args) -> None:
    threads = [threading.Thread(target=_in_thread, args=(target, *args)) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()


def _in_thread(target, *args) -> None:
    try:
        target(*args)
    finally:
        connection.close()


def test_two_workers_handed_the_same_job_run_it_once(postgresql, slow_mail):
    job = _mail_job()

    _race(lambda: job_run(job_id=job.pk))

    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 1)
    assert len(mail.outbox) == 1


def test_control_without_the_claim_both_workers_run_the_job(postgresql, slow_mail, monkeypatch):
    """The same race with a claim that ignores the lease (as before issue 7): the task runs twice."""
    job = _mail_job()
    started: list[int] = []

    def naive_claim(*, job_id):
        found = Job.objects.get(pk=job_id)
        started.append(job_id)
        return found if found.state != Job.State.DONE else None

    monkeypatch.setattr(jobs, "job_claim", naive_claim)

    _race(lambda: job_run(job_id=job.pk))

    assert len(started) == 2


def test_one_message_goes_to_a_recipient_once_even_when_two_sends_race(postgresql, slow_mail):
    job = _mail_job()

    _race(lambda: email_send_task.run(**job.kwargs))

    assert len(mail.outbox) == 1


def test_control_without_delivery_records_two_racing_sends_mail_twice(postgresql, slow_mail, monkeypatch):
    job = _mail_job()

    def deliver_without_record(*, key, address, message):
        message.send()
        return True

    monkeypatch.setattr("portal.mail.email_deliver", deliver_without_record)

    _race(lambda: email_send_task.run(**job.kwargs))

    assert len(mail.outbox) == 2


def test_a_rerun_after_a_crash_mails_only_those_not_yet_mailed(postgresql):
    job = _mail_job()
    job.kwargs["to"] = ["een@example.nl", "twee@example.nl"]
    job.save(update_fields=["kwargs"])
    first = mail.EmailMessage("x", "y", to=["een@example.nl"])
    email_deliver(key=job.kwargs["key"], address="een@example.nl", message=first)  # sent before the crash
    mail.outbox.clear()

    job_run(job_id=job.pk)

    assert [message.to for message in mail.outbox] == [["twee@example.nl"]]


@pytest.mark.django_db
def test_the_sweep_leaves_a_running_job_alone_until_its_lease_expires(postgresql, settings):
    job = _mail_job()
    claimed = job_claim(job_id=job.pk)
    assert claimed.lease_until > timezone.now() + datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)

    long_after_the_stale_period = timezone.now() + datetime.timedelta(seconds=settings.PORTAL_JOB_STALE_SECONDS + 5)
    assert not Job.objects.due(stale_before=long_after_the_stale_period).filter(pk=job.pk).exists()
    assert job_claim(job_id=job.pk) is None  # a second worker does not get it either

    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert jobs_sweep() == 1  # the worker died: the job is handed out again (and runs, tasks are eager here)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2

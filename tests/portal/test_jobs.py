"""The Job table keeps pending work through a broker outage; the sweep delivers it; failures back off."""

import datetime
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal import mails
from portal.jobs import job_run, job_run_task, jobs_sweep
from portal.mail import email_enqueue, email_send_task
from portal.models import GriffierRole, Job
from tests.factories import UserFactory

EMAIL_TASK = email_send_task.name


def _broker_down():
    return mock.patch.object(job_run_task, "apply_async", side_effect=OperationalError("Connection refused"))


def _mail_server_down():
    return mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPServerDisconnected("gone"),
    )


def _later(seconds: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


def _enqueue_mail(capture) -> Job:
    member = UserFactory()
    role = GriffierRole.objects.create(user=member, municipality=member.municipality or _any_municipality())
    with capture(execute=True):
        return email_enqueue(kind=mails.griffier_role_requested, to=["griffie@example.nl"], role_id=role.pk)


def _any_municipality():
    from portal.models import Municipality

    return Municipality.objects.get(code="GM0363")


@pytest.mark.django_db
def test_a_griffier_request_survives_a_broker_outage(
    client, member, municipality, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with _broker_down() as apply_async, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:griffier_role_request"), {"municipality": municipality.pk})

    assert response.status_code == 302
    assert GriffierRole.objects.filter(user=member, municipality=municipality).exists()
    job = Job.objects.get(task=EMAIL_TASK)
    assert job.state == Job.State.PENDING
    assert job.attempts == 0
    assert apply_async.called
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_delivers_what_the_outage_left_pending(
    client, member, municipality, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:griffier_role_request"), {"municipality": municipality.pk})
    job = Job.objects.get(task=EMAIL_TASK)

    with _later(121):
        dispatched = jobs_sweep()

    assert dispatched == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 1
    assert job.done_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_pending_work_to_the_fast_path(django_capture_on_commit_callbacks):
    with _broker_down():
        job = _enqueue_mail(django_capture_on_commit_callbacks)

    dispatched = jobs_sweep()

    assert dispatched == 0
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_keeps_work_pending_while_the_broker_is_still_down(django_capture_on_commit_callbacks):
    with _broker_down():
        job = _enqueue_mail(django_capture_on_commit_callbacks)
        with _later(121):
            dispatched = jobs_sweep()

    assert dispatched == 0
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_running_a_finished_job_again_does_nothing(django_capture_on_commit_callbacks):
    job = _enqueue_mail(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == Job.State.DONE

    result = job_run(job_id=job.pk)

    assert result is None
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_job_in_a_rolled_back_transaction_is_never_dispatched():
    member = UserFactory()
    role = GriffierRole.objects.create(user=member, municipality=_any_municipality())
    with _broker_down() as apply_async, pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(kind=mails.griffier_role_requested, to=["griffie@example.nl"], role_id=role.pk)
        raise RuntimeError("the request failed")

    assert not apply_async.called
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_backoff(django_capture_on_commit_callbacks):
    with _mail_server_down():
        job = _enqueue_mail(django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.PENDING, 1)
    assert "SMTPServerDisconnected" in job.last_error
    assert job.available_at - job.updated_at == datetime.timedelta(seconds=60)
    assert jobs_sweep() == 0  # not before the backoff has passed

    with _later((job.available_at - timezone.now()).total_seconds() + 121):
        dispatched = jobs_sweep()

    assert dispatched == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == (Job.State.DONE, 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_wait_between_attempts_grows(django_capture_on_commit_callbacks):
    waits = []
    with _mail_server_down():
        job = _enqueue_mail(django_capture_on_commit_callbacks)
        for _ in range(3):
            job.refresh_from_db()
            waits.append((job.available_at - job.updated_at).total_seconds())
            with _later((job.available_at - timezone.now()).total_seconds() + 121):
                assert jobs_sweep() == 1

    assert waits == [60, 120, 240]
    job.refresh_from_db()
    assert job.attempts == 4


@pytest.mark.django_db
def test_a_job_that_keeps_failing_ends_failed_after_the_maximum_attempts(
    settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_JOB_MAX_ATTEMPTS = 4
    with _mail_server_down():
        job = _enqueue_mail(django_capture_on_commit_callbacks)
        for _ in range(5):
            job.refresh_from_db()
            with _later((job.available_at - timezone.now()).total_seconds() + 3600):
                jobs_sweep()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.attempts == 4
    assert "SMTPServerDisconnected" in job.last_error
    assert mail.outbox == []

"""Pending work lives in the Job table; Celery is only the fast path that carries it out.

A service passes the task *object* and its keyword arguments (ids, never model instances or secrets):

    job_enqueue(task=scan_score_task, scan_id=scan.pk)

The row is written inside the caller's transaction and dispatched after commit. When the broker is down
the dispatch fails quietly: the row stays pending and the sweep picks it up later.

A worker *claims* a job before running it: one conditional update under a row lock that moves it to
RUNNING with a lease longer than Celery's hard time limit. Nobody else runs it while the lease holds; the
sweep only hands a RUNNING job out again once its lease has expired (its worker died).
"""

import datetime
import logging
import traceback

from celery import Task, shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Job, MailDelivery
from .pagecache import data_changed

logger = logging.getLogger(__name__)

# Finished jobs are kept this long for the administrator's eye, then deleted by the sweep.
DONE_JOBS_KEPT = datetime.timedelta(days=14)


def job_enqueue(*, task: Task, **kwargs) -> Job:
    """Record `task(**kwargs)` as pending work and dispatch it once the transaction commits."""
    job = Job.objects.create(task=task.name, kwargs=kwargs)
    transaction.on_commit(lambda: job_dispatch(job_id=job.pk))
    return job


def job_dispatch(*, job_id: int) -> bool:
    """Hand a job to the broker. Returns False (and leaves the job pending) if the broker is unreachable."""
    try:
        job_run_task.apply_async(args=[job_id])
    except Exception:  # any broker/connection failure: the sweep retries later
        logger.warning("Could not dispatch job %s; it stays pending for the sweep.", job_id)
        return False
    return True


def job_lease() -> datetime.timedelta:
    """How long a claim holds: longer than any task may run, so a live worker is never doubled."""
    return datetime.timedelta(seconds=settings.PORTAL_JOB_LEASE_SECONDS)


def job_claim(*, job_id: int) -> Job | None:
    """Take the job for this worker, or None when it is finished or another worker holds it."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id)
            .filter(Q(state=Job.State.PENDING) | Q(state=Job.State.RUNNING, lease_until__lt=now))
            .first()
        )
        if job is None:
            return None
        job.state = Job.State.RUNNING
        job.attempts += 1
        job.updated_at = now
        job.lease_until = now + job_lease()
        job.save(update_fields=["state", "attempts", "updated_at", "lease_until"])
    return job


def job_run(*, job_id: int) -> Job | None:
    """Claim the job and run its task in this process. Safe to call twice: a finished or held job is skipped."""
    from celery import current_app

    job = job_claim(job_id=job_id)
    if job is None:
        return None
    task = current_app.tasks[job.task]
    try:
        task.run(**job.kwargs)
    except Exception:
        job.last_error = traceback.format_exc(limit=20)[-4000:]
        job.updated_at = timezone.now()
        job.lease_until = None
        if job.attempts >= settings.PORTAL_JOB_MAX_ATTEMPTS:
            job.state = Job.State.FAILED
            logger.error("Job %s (%s) failed for good after %s attempts.", job.pk, job.task, job.attempts)
        else:
            job.state = Job.State.PENDING
            job.available_at = job.updated_at + datetime.timedelta(seconds=30 * 2 ** min(job.attempts, 8))
            logger.warning("Job %s (%s) failed; it will be retried.", job.pk, job.task, exc_info=True)
        job.save(update_fields=["state", "last_error", "updated_at", "available_at", "lease_until"])
        return job

    job.state = Job.State.DONE
    job.done_at = job.updated_at = timezone.now()
    job.last_error = ""
    job.lease_until = None
    job.save(update_fields=["state", "done_at", "updated_at", "last_error", "lease_until"])
    data_changed()  # what the job wrote (scores, a PDF, a sent edition) shows on members' next page
    return job


def jobs_sweep(*, limit: int = 500) -> int:
    """Re-dispatch pending work nobody is doing and running work whose lease ran out. Returns how many."""
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.PORTAL_JOB_STALE_SECONDS)
    job_ids = list(Job.objects.due(stale_before=stale_before, now=now).order_by("created_at").values_list("pk", flat=True)[:limit])
    dispatched = 0
    for job_id in job_ids:
        # Mark the hand-out so the next sweep waits another period before trying this job again.
        Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(updated_at=timezone.now())
        if job_dispatch(job_id=job_id):
            dispatched += 1
    Job.objects.filter(state=Job.State.DONE, done_at__lt=now - DONE_JOBS_KEPT).delete()
    MailDelivery.objects.filter(sent_at__lt=now - DONE_JOBS_KEPT).delete()
    return dispatched


@shared_task
def job_run_task(job_id: int) -> None:
    job_run(job_id=job_id)


@shared_task
def jobs_sweep_task() -> int:
    return jobs_sweep()

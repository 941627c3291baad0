"""Pending work lives in the Job table; Celery is only the fast path that carries it out.

`job_enqueue` writes the row inside the caller's transaction and dispatches it after commit. When the
broker is down the dispatch fails quietly: the row stays pending and `jobs_sweep` picks it up later.
"""

import datetime
import logging
import traceback

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)


def job_enqueue(*, task: str, **kwargs) -> Job:
    """Record `task(**kwargs)` as pending work and dispatch it once the transaction commits."""
    job = Job.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: job_dispatch(job_id=job.pk))
    return job


def job_dispatch(*, job_id: int) -> bool:
    """Hand a job to the broker. Returns False (and leaves the job pending) if the broker is unreachable."""
    from .tasks import job_run_task

    try:
        job_run_task.apply_async(args=[job_id])
    except Exception:  # any broker/connection failure: the sweep retries later
        logger.warning("Could not dispatch job %s; it stays pending for the sweep.", job_id, exc_info=True)
        return False
    return True


def job_run(*, job_id: int) -> Job | None:
    """Claim the job and run its task in this process. Safe to call twice: a finished job is skipped."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, state__in=[Job.State.PENDING, Job.State.RUNNING])
            .first()
        )
        if job is None:
            return None
        job.state = Job.State.RUNNING
        job.attempts += 1
        job.updated_at = now
        job.save(update_fields=["state", "attempts", "updated_at"])

    task = current_app.tasks[job.task]
    try:
        task.run(**job.kwargs)
    except Exception:
        job.last_error = traceback.format_exc(limit=20)[-4000:]
        job.updated_at = timezone.now()
        if job.attempts >= settings.PORTAL_JOB_MAX_ATTEMPTS:
            job.state = Job.State.FAILED
            logger.error("Job %s (%s) failed for good after %s attempts.", job.pk, job.task, job.attempts)
        else:
            job.state = Job.State.PENDING
            job.available_at = job.updated_at + datetime.timedelta(seconds=30 * 2 ** min(job.attempts, 8))
            logger.warning("Job %s (%s) failed; it will be retried.", job.pk, job.task, exc_info=True)
        job.save(update_fields=["state", "last_error", "updated_at", "available_at"])
        return job

    job.state = Job.State.DONE
    job.done_at = job.updated_at = timezone.now()
    job.last_error = ""
    job.save(update_fields=["state", "done_at", "updated_at", "last_error"])
    return job


def jobs_sweep(*, limit: int = 500) -> int:
    """Re-dispatch pending or stuck jobs that no worker is known to be handling. Returns how many."""
    stale_before = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_JOB_STALE_SECONDS)
    job_ids = list(Job.objects.due(stale_before=stale_before).order_by("created_at").values_list("pk", flat=True)[:limit])
    dispatched = 0
    for job_id in job_ids:
        Job.objects.filter(pk=job_id).update(updated_at=timezone.now())
        if job_dispatch(job_id=job_id):
            dispatched += 1
    return dispatched

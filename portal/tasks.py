from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from . import jobs


@shared_task(name="portal.tasks.job_run_task")
def job_run_task(job_id: int) -> None:
    jobs.job_run(job_id=job_id)


@shared_task(name="portal.tasks.jobs_sweep_task")
def jobs_sweep_task() -> int:
    return jobs.jobs_sweep()


@shared_task(name="portal.tasks.email_send_task")
def email_send_task(*, to: list[str], subject: str, body: str, html: str = "", reply_to: list[str] | None = None) -> None:
    """Send one prepared message. Runs through a Job, so a lost broker message is sent by the sweep."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

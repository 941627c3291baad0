"""Mail is rendered in the request (templates, language) and sent by a Job in the background."""

from django.template.loader import render_to_string
from django.utils import translation

from .jobs import job_enqueue
from .models import Job


def email_enqueue(*, to: list[str], template: str, context: dict, language: str | None = None) -> Job:
    """Render `templates/emails/<template>_subject.txt` and `_body.txt` and queue the message."""
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    return job_enqueue(task="portal.tasks.email_send_task", to=list(to), subject=subject, body=body)

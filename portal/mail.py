"""Mail goes out through a Job that carries only ids and the name of what to render.

Each app describes its kinds of mail once, in its `mails.py`:

    @mail_kind("workshop_request_received")
    def request_received(*, request_id: int) -> dict:
        request = WorkshopRequest.objects.get(pk=request_id)
        return {"request": request, "url": absolute_url("workshops:staff_request_detail", request.pk)}

and a service sends one with `email_enqueue(kind=request_received, to=[...], request_id=request.pk)`.
The context is built inside the worker, in the language recorded at enqueue time. Anything that grants
access (a reset key, a respondent's token, an evaluation link) is made in that function, so it exists
only in memory and in the mail, never in a stored row or a log.

A context function may return None when its object is gone (the mail is then dropped), and may add
`attachments` (a list of `Attachment`) and `headers` (a dict) to the context; both are taken out before
rendering. Templates: `emails/<name>_subject.txt`, `emails/<name>_body.txt` and optionally
`emails/<name>_body.html`. Subjects are rendered without HTML escaping ("'s-Gravenhage").

Delivery is idempotent per recipient: each message has a key, and a recipient already recorded for that
key is skipped, so a job that runs again after a crash does not mail anyone twice.
"""

import contextlib
import hashlib
import html
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .jobs import job_enqueue
from .models import Job, MailDelivery

logger = logging.getLogger(__name__)

ContextBuilder = Callable[..., Any]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


@dataclass(frozen=True)
class MailKind:
    """A kind of mail: its templates (by name) and the function that builds their context from ids."""

    name: str
    context: ContextBuilder

    def message(self, *, to: str, ids: dict[str, Any]) -> EmailMultiAlternatives | None:
        context = self.context(**ids)
        if context is None:
            return None
        attachments: list[Attachment] = context.pop("attachments", [])
        headers: dict[str, str] = context.pop("headers", {})
        subject = render_subject(f"emails/{self.name}_subject.txt", context)
        body = render_to_string(f"emails/{self.name}_body.txt", context)
        message = EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers
        )
        with contextlib.suppress(TemplateDoesNotExist):
            message.attach_alternative(render_to_string(f"emails/{self.name}_body.html", context), "text/html")
        for attachment in attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        return message


MAIL_KINDS: dict[str, MailKind] = {}


def mail_kind(name: str) -> Callable[[ContextBuilder], MailKind]:
    """Register a context function as the kind of mail `name` (the template prefix under emails/)."""

    def register(builder: ContextBuilder) -> MailKind:
        return mail_kind_register(MailKind(name, builder))

    return register


def mail_kind_register(kind: MailKind) -> MailKind:
    known = MAIL_KINDS.get(kind.name)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"Two kinds of mail are called {kind.name!r}.")
    MAIL_KINDS[kind.name] = kind
    return kind


def render_subject(template_name: str, context: dict[str, Any]) -> str:
    """A subject line is plain text, on one line: what autoescaping made of "'s-Gravenhage" is undone."""
    return " ".join(html.unescape(render_to_string(template_name, context)).split())


def absolute_url(url_name: str, *args: Any, **kwargs: Any) -> str:
    """A link for a mail: mail is read outside the portal, so links carry the portal's address."""
    return settings.PORTAL_BASE_URL + reverse(url_name, args=args or None, kwargs=kwargs or None)


def email_enqueue(*, kind: MailKind, to: list[str], language: str | None = None, **ids: Any) -> Job:
    """Queue `kind` for each address in `to`, rendered in `language` (the current one by default)."""
    if kind.name not in MAIL_KINDS:
        raise ImproperlyConfigured(f"The kind of mail {kind.name!r} is not registered.")
    return job_enqueue(
        task=email_send_task,
        kind=kind.name,
        to=[address for address in dict.fromkeys(to) if address],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        ids=ids,
        key=uuid.uuid4().hex,
    )


def recipient_hash(key: str, address: str) -> str:
    return hashlib.sha256(f"{key}:{address.strip().lower()}".encode()).hexdigest()


def email_deliver(*, key: str, address: str, message: EmailMultiAlternatives) -> bool:
    """Send `message` unless it already went to `address` under `key`. True when it was sent now.

    The delivery row is written in the same transaction as the send: a second worker racing for the same
    recipient waits on the unique row and then finds it; a failed send rolls the row back for a retry.
    """
    try:
        with transaction.atomic():
            MailDelivery.objects.create(key=key, recipient=recipient_hash(key, address))
            message.send()
    except IntegrityError:
        return False
    return True


@shared_task
def email_send_task(*, kind: str, to: list[str], language: str, ids: dict[str, Any], key: str) -> int:
    """Render a kind of mail per recipient and send it once to each. Runs through a Job."""
    mail = MAIL_KINDS[kind]
    sent = 0
    with translation.override(language):
        for address in to:
            if MailDelivery.objects.filter(key=key, recipient=recipient_hash(key, address)).exists():
                continue
            message = mail.message(to=address, ids=ids)
            if message is None:
                logger.info("Mail %s dropped: what it was about no longer exists.", kind)
                return sent
            sent += email_deliver(key=key, address=address, message=message)
    return sent

"""The newsletter's kinds of mail. Links that grant access (confirm, preferences, unsubscribe) are made
here, while the mail is rendered in the worker, and exist only in the mail.

A send mails thousands of subscribers one edition: `EditionMessages` renders the templates of
`newsletter_edition` once per language and set of sections and puts each subscriber's links in, so a mail
costs neither queries nor template rendering of its own.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from portal.mail import absolute_url, mail_kind, render_subject

from .content import content_for
from .models import Edition, EditionItem, Subscriber
from .tokens import CONFIRM_MAX_AGE, confirm_token, manage_token


def _edition(edition_id: int) -> tuple[Edition, list[EditionItem]] | None:
    edition = Edition.objects.filter(pk=edition_id).first()
    return (edition, list(edition.items.all())) if edition else None


def _subscriber(subscriber_id: int) -> tuple[Subscriber, set[str], set[str]] | None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    return (
        subscriber,
        set(subscriber.programmes.values_list("slug", flat=True)),
        set(subscriber.themes.values_list("slug", flat=True)),
    )


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe that POSTs to this URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<nieuwsbrief.{settings.PORTAL_BASE_URL.split('://', 1)[-1].split('/')[0].split(':')[0]}>",
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
    }


def _edition_context(edition: Edition, content, *, manage_url: str, unsubscribe_url: str) -> dict:
    return {
        "edition": edition,
        "content": content,
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
        "web_url": absolute_url("newsletter:archive_detail", slug=edition.slug),
        "base_url": settings.PORTAL_BASE_URL,
        "headers": unsubscribe_headers(unsubscribe_url),
    }


def _links(subscriber: Subscriber) -> tuple[str, str]:
    token = manage_token(subscriber)
    return absolute_url("newsletter:manage", token=token), absolute_url("newsletter:unsubscribe", token=token)


@mail_kind("newsletter_edition")
def edition_mail(*, edition_id: int, subscriber_id: int) -> dict | None:
    """One subscriber's edition: the sections their preferences match, links only they can use."""
    found, person = _edition(edition_id), _subscriber(subscriber_id)
    if found is None or person is None:
        return None
    (edition, items), (subscriber, programmes, themes) = found, person
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return None
    manage_url, unsubscribe_url = _links(subscriber)
    content = content_for(items, all_sections=subscriber.all_sections, programmes=programmes, themes=themes)
    return _edition_context(edition, content, manage_url=manage_url, unsubscribe_url=unsubscribe_url)


class EditionMessages:
    """The mails of one edition for a send: what `edition_mail` makes, rendered once per language and set of
    sections, with only each subscriber's own links put in per mail (thousands of mails, a few renders)."""

    MANAGE, UNSUBSCRIBE = "https://placeholder.invalid/manage", "https://placeholder.invalid/unsubscribe"

    def __init__(self, edition: Edition, items: list[EditionItem]) -> None:
        self.edition, self.items = edition, items
        self._rendered: dict[tuple, tuple[str, str, str]] = {}

    def _render(self, language: str, content) -> tuple[str, str, str]:
        key = (language, content.key)
        if key not in self._rendered:
            with translation.override(language):
                context = _edition_context(self.edition, content, manage_url=self.MANAGE, unsubscribe_url=self.UNSUBSCRIBE)
                context.pop("headers")
                self._rendered[key] = (
                    render_subject("emails/newsletter_edition_subject.txt", context),
                    render_to_string("emails/newsletter_edition_body.txt", context),
                    render_to_string("emails/newsletter_edition_body.html", context),
                )
        return self._rendered[key]

    def message(self, subscriber: Subscriber, programmes: set[str], themes: set[str]) -> EmailMultiAlternatives | None:
        if subscriber.status != Subscriber.Status.CONFIRMED:
            return None
        content = content_for(self.items, all_sections=subscriber.all_sections, programmes=programmes, themes=themes)
        subject, text, html = self._render(subscriber.language, content)
        manage_url, unsubscribe_url = _links(subscriber)
        text = text.replace(self.MANAGE, manage_url).replace(self.UNSUBSCRIBE, unsubscribe_url)
        html = html.replace(self.MANAGE, escape(manage_url)).replace(self.UNSUBSCRIBE, escape(unsubscribe_url))
        message = EmailMultiAlternatives(
            subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[subscriber.email],
            headers=unsubscribe_headers(unsubscribe_url),
        )
        message.attach_alternative(html, "text/html")
        return message


@mail_kind("newsletter_edition_test")
def edition_test_mail(*, edition_id: int) -> dict | None:
    """A staff member's test: everything in the edition, links that lead nowhere personal."""
    found = _edition(edition_id)
    if found is None:
        return None
    edition, items = found
    return {
        "edition": edition,
        "content": content_for(items),
        "manage_url": absolute_url("newsletter:subscribe"),
        "unsubscribe_url": absolute_url("newsletter:subscribe"),
        "web_url": settings.PORTAL_BASE_URL + reverse("newsletter:staff_preview", args=[edition.pk]),
        "base_url": settings.PORTAL_BASE_URL,
        "test": True,
    }


@mail_kind("newsletter_confirm")
def confirm(*, subscriber_id: int) -> dict | None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return None
    return {
        "confirm_url": absolute_url("newsletter:confirm", token=confirm_token(subscriber)),
        "days": CONFIRM_MAX_AGE.days,
    }


@mail_kind("newsletter_already_subscribed")
def already_subscribed(*, subscriber_id: int) -> dict | None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.CONFIRMED).first()
    if subscriber is None:
        return None
    return {"manage_url": absolute_url("newsletter:manage", token=manage_token(subscriber))}

"""The newsletter's kinds of mail. Links that grant access (confirm, preferences, unsubscribe) are made
here, while the mail is rendered in the worker, and exist only in the mail.

A send renders thousands of mails of one edition: `preloaded()` lends the edition, its items and a batch
of subscribers to `edition_mail`, so each mail costs no queries of its own.
"""

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from portal.mail import absolute_url, mail_kind

from .content import content_for
from .models import Edition, EditionItem, Subscriber
from .tokens import CONFIRM_MAX_AGE, confirm_token, manage_token

_editions: dict[int, tuple[Edition, list[EditionItem]]] = {}
_subscribers: dict[int, tuple[Subscriber, set[str], set[str]]] = {}


@contextlib.contextmanager
def preloaded(
    edition: Edition, items: list[EditionItem], subscribers: dict[int, tuple[Subscriber, set[str], set[str]]]
) -> Iterator[None]:
    _editions[edition.pk] = (edition, items)
    _subscribers.update(subscribers)
    try:
        yield
    finally:
        _editions.pop(edition.pk, None)
        for pk in subscribers:
            _subscribers.pop(pk, None)


def _edition(edition_id: int) -> tuple[Edition, list[EditionItem]] | None:
    if edition_id in _editions:
        return _editions[edition_id]
    edition = Edition.objects.filter(pk=edition_id).first()
    return (edition, list(edition.items.all())) if edition else None


def _subscriber(subscriber_id: int) -> tuple[Subscriber, set[str], set[str]] | None:
    if subscriber_id in _subscribers:
        return _subscribers[subscriber_id]
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


@mail_kind("newsletter_edition")
def edition_mail(*, edition_id: int, subscriber_id: int) -> dict | None:
    found, person = _edition(edition_id), _subscriber(subscriber_id)
    if found is None or person is None:
        return None
    (edition, items), (subscriber, programmes, themes) = found, person
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return None
    token = manage_token(subscriber)
    unsubscribe_url = absolute_url("newsletter:unsubscribe", token=token)
    return {
        "edition": edition,
        "content": content_for(items, all_sections=subscriber.all_sections, programmes=programmes, themes=themes),
        "manage_url": absolute_url("newsletter:manage", token=token),
        "unsubscribe_url": unsubscribe_url,
        "web_url": absolute_url("newsletter:archive_detail", slug=edition.slug),
        "base_url": settings.PORTAL_BASE_URL,
        "headers": unsubscribe_headers(unsubscribe_url),
    }


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

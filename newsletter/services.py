"""Subscriptions: double opt-in without an account, preferences, unsubscribing, and the member's own.

No enumeration: whoever asks, the visitor sees the same answer. A new or unsubscribed address gets a
confirmation link (valid for 7 days); an address that is already subscribed gets a mail saying so, with
its preferences link, so only the owner of the mailbox learns anything.
"""

import datetime

from allauth.account.models import EmailAddress
from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import User
from programmes.models import Programme, Theme

from . import mails
from .models import Subscriber

# The consent text the subscriber agreed to, by version; change the version whenever the text changes.
CONSENT_VERSION = "2026-12"
CONSENT_TEXT = _(
    "I want to receive the newsletter of the programmes for local democracy by email, about four times a "
    "year. My address is used for nothing else, and I can unsubscribe at any time through the link in "
    "every newsletter."
)
UNCONFIRMED_KEPT = datetime.timedelta(days=7)

Status = Subscriber.Status


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _set_preferences(
    subscriber: Subscriber, *, all_sections: bool, programmes: list[Programme], themes: list[Theme]
) -> None:
    subscriber.programmes.set([] if all_sections else programmes)
    subscriber.themes.set([] if all_sections else themes)


@transaction.atomic
def subscription_request(
    *,
    email: str,
    language: str,
    all_sections: bool,
    programmes: list[Programme],
    themes: list[Theme],
    consent_version: str = CONSENT_VERSION,
) -> None:
    """Someone asks for the newsletter for `email`. Always mails that address; never tells the visitor more."""
    email = normalise_email(email)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status == Status.CONFIRMED:
        email_enqueue(kind=mails.already_subscribed, to=[email], language=subscriber.language, subscriber_id=subscriber.pk)
        return
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email, language=language)
        except IntegrityError:  # the same address asked twice at once: the other request made the row
            subscriber = Subscriber.objects.select_for_update().get(email=email)
            if subscriber.status == Status.CONFIRMED:
                return
    subscriber.status = Status.PENDING
    subscriber.language = language
    subscriber.all_sections = all_sections
    subscriber.requested_at = timezone.now()
    subscriber.consent_version = consent_version
    subscriber.link_version += 1  # links of an earlier request stop working
    subscriber.save()
    _set_preferences(subscriber, all_sections=all_sections, programmes=programmes, themes=themes)
    email_enqueue(kind=mails.confirm, to=[email], language=language, subscriber_id=subscriber.pk)


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The mailbox's owner followed the link: from now on the address gets the newsletter."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Status.PENDING:
        now = timezone.now()
        subscriber.status = Status.CONFIRMED
        subscriber.confirmed_at = subscriber.consent_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "consent_at", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscription_update(
    *, subscriber: Subscriber, language: str, all_sections: bool, programmes: list[Programme], themes: list[Theme]
) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscriber.language = language
    subscriber.all_sections = all_sections
    subscriber.save(update_fields=["language", "all_sections"])
    _set_preferences(subscriber, all_sections=all_sections, programmes=programmes, themes=themes)
    return subscriber


@transaction.atomic
def subscription_cancel(*, subscriber: Subscriber) -> Subscriber:
    """Unsubscribe. Nothing is kept but the address and the moment it left (so a running send skips it)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Status.UNSUBSCRIBED:
        subscriber.status = Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
    subscriber.all_sections = True
    subscriber.consent_at = subscriber.confirmed_at = None
    subscriber.consent_version = ""
    subscriber.user = None
    subscriber.save()
    subscriber.programmes.clear()
    subscriber.themes.clear()
    return subscriber


def subscriptions_purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Requests nobody confirmed within 7 days are deleted, preferences and all."""
    before = (now or timezone.now()) - UNCONFIRMED_KEPT
    deleted, _by_model = Subscriber.objects.filter(status=Status.PENDING, requested_at__lt=before).delete()
    return deleted


# ---------- a member's own subscription ----------


def subscription_of(user: User) -> Subscriber | None:
    if not user.is_authenticated:
        return None
    return (
        Subscriber.objects.filter(user=user).prefetch_related("programmes", "themes").first()
        or Subscriber.objects.filter(email=normalise_email(user.email)).prefetch_related("programmes", "themes").first()
    )


def _verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def member_subscribe(
    *, user: User, language: str, all_sections: bool, programmes: list[Programme], themes: list[Theme]
) -> Subscriber:
    """A member subscribes from their profile. A verified account address needs no confirmation link."""
    email = normalise_email(user.email)
    if not _verified(user):
        subscription_request(
            email=email, language=language, all_sections=all_sections, programmes=programmes, themes=themes
        )
        return Subscriber.objects.get(email=email)
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(email=email)
    now = timezone.now()
    if subscriber.status != Status.CONFIRMED:
        subscriber.status = Status.CONFIRMED
        subscriber.requested_at = subscriber.confirmed_at = subscriber.consent_at = now
        subscriber.consent_version = CONSENT_VERSION
        subscriber.unsubscribed_at = None
    subscriber.user = user
    subscriber.language = language
    subscriber.all_sections = all_sections
    subscriber.save()
    _set_preferences(subscriber, all_sections=all_sections, programmes=programmes, themes=themes)
    return subscriber


def subscription_erase(*, user: User) -> None:
    """Account deletion: the subscription goes entirely (a member who wants it back subscribes again)."""
    Subscriber.objects.filter(user=user).delete()
    Subscriber.objects.filter(email=normalise_email(user.email)).delete()


@shared_task
def subscriptions_purge_task() -> int:
    return subscriptions_purge_unconfirmed()

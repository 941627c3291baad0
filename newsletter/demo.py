"""Demo content for the newsletter: subscribers with different preferences, an edition sent a month ago
(in the public archive) and a draft for the next one.

Called by `manage.py seed_demo` after the library's demo. Idempotent: nothing happens when the demo
subscribers exist. The sent edition's history is made up: its delivery rows are written as sent, no mail
goes out.
"""

import datetime
from typing import TextIO

from django.utils import timezone

from portal.models import User
from programmes.models import Programme, Theme

from . import editions, services
from .models import Delivery, Edition, Subscriber

DOMAIN = "voorbeeld.example.nl"
# (programmes, themes) per demo subscriber; empty means "everything".
PREFERENCES = [
    ([], []),
    (["democratie-in-actie"], []),
    ([], ["participatie"]),
    ([], ["de-raad", "checks-and-balances"]),
    (["lokale-democratie-in-beweging"], ["samenspel"]),
    (["actieprogramma-lokaal-bestuur"], []),
]
CONFIRMED, PENDING, UNSUBSCRIBED = 36, 3, 2


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _subscribers(programmes: dict, themes: dict) -> None:
    for n in range(1, CONFIRMED + PENDING + UNSUBSCRIBED + 1):
        programme_slugs, theme_slugs = PREFERENCES[n % len(PREFERENCES)]
        everything = not (programme_slugs or theme_slugs)
        subscriber = Subscriber.objects.create(
            email=f"abonnee{n:02d}@{DOMAIN}", language="en" if n % 7 == 0 else "nl", all_sections=everything,
            requested_at=_ago(200 - n), consent_version=services.CONSENT_VERSION,
        )
        if n <= CONFIRMED:
            Subscriber.objects.filter(pk=subscriber.pk).update(
                status=Subscriber.Status.CONFIRMED, confirmed_at=_ago(199 - n), consent_at=_ago(199 - n)
            )
            subscriber.programmes.set([programmes[slug] for slug in programme_slugs])
            subscriber.themes.set([themes[slug] for slug in theme_slugs])
        elif n <= CONFIRMED + PENDING:
            Subscriber.objects.filter(pk=subscriber.pk).update(requested_at=_ago(n - CONFIRMED))
        else:
            Subscriber.objects.filter(pk=subscriber.pk).update(
                status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=_ago(30), consent_version=""
            )


def _sent_edition(manager: User) -> Edition:
    edition = editions.edition_create(
        actor=manager,
        title="Nieuwsbrief Lokale Democratie – herfst",
        title_en="Local Democracy newsletter – autumn",
        intro=(
            "In deze editie: de start van Democratie in Actie, nieuwe handreikingen voor raadsleden en de "
            "ervaringen van Zwolle met een inwonerspanel bij de begroting."
        ),
        intro_en="In this edition: Democracy in Action starts, new guides for councillors, and Zwolle's citizens' panel on the budget.",
    )
    candidates = [item.key for item in editions.candidate_items(edition=edition)]
    editions.edition_items_add(edition=edition, keys=candidates[:8])
    editions.edition_text_add(
        edition=edition,
        title="Van de redactie",
        text="Deze nieuwsbrief verschijnt ook als katern in het VNG-magazine. Heeft u een ervaring die andere gemeenten verder helpt? Deel hem via het portaal.",
        title_en="From the editors",
        text_en="This newsletter also appears as a section in the VNG magazine. Do you have an experience that helps other municipalities? Share it through the portal.",
    )
    sent_at = _ago(30)
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, confirmed_at__lt=sent_at)
    Delivery.objects.bulk_create(
        [Delivery(edition=edition, subscriber=s, status=Delivery.Status.SENT, sent_at=sent_at) for s in subscribers]
    )
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.SENT, started_at=sent_at, sent_at=sent_at, recipients=subscribers.count(),
        created_at=sent_at - datetime.timedelta(days=3),
    )
    return edition


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    if Subscriber.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        stdout.write("Newsletter: demo subscribers already present.")
        return
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    _subscribers(programmes, themes)
    services.member_subscribe(
        user=accounts["inwoner"], language="nl", all_sections=False, programmes=[], themes=[themes["participatie"]]
    )
    edition = _sent_edition(accounts["programmamanager"])
    draft = editions.edition_create(
        actor=accounts["redactie"],
        title="Nieuwsbrief Lokale Democratie – winter",
        intro="De volgende editie, in voorbereiding.",
    )
    stdout.write(
        f"Newsletter: {CONFIRMED + 1} subscribers, {PENDING} waiting for confirmation; “{edition.title}” sent, "
        f"“{draft.title}” in preparation."
    )

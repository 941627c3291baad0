import itertools

from django.utils import timezone

from newsletter.models import Edition, EditionItem, Subscriber
from programmes.models import Programme, Theme

_numbers = itertools.count(1)


def subscriber(
    *, email: str | None = None, status: str = Subscriber.Status.CONFIRMED, programmes=(), themes=(), language="nl", **fields
) -> Subscriber:
    everything = not (programmes or themes)
    item = Subscriber.objects.create(
        email=email or f"abonnee{next(_numbers)}@example.nl", status=status, language=language,
        all_sections=everything, confirmed_at=timezone.now() if status == Subscriber.Status.CONFIRMED else None,
        consent_at=timezone.now() if status == Subscriber.Status.CONFIRMED else None, consent_version="2026-12", **fields,
    )
    item.programmes.set(Programme.objects.filter(slug__in=programmes))
    item.themes.set(Theme.objects.filter(slug__in=themes))
    return item


def subscribers(count: int, **fields) -> list[Subscriber]:
    rows = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"bulk{next(_numbers)}@example.nl", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
            for _ in range(count)
        ]
    )
    return rows


def edition(*, title: str = "Nieuwsbrief herfst", items: bool = True, **fields) -> Edition:
    item = Edition.objects.create(title=title, slug=f"nieuwsbrief-{next(_numbers)}", intro="Welkom bij deze editie.", **fields)
    if items:
        EditionItem.objects.create(edition=item, order=1, kind="text", title="Van de redactie", summary="Een woord vooraf.")
        EditionItem.objects.create(
            edition=item, order=2, kind="news", key="publication:1", kind_label="Nieuws", title="Nieuws over de raad",
            summary="De raad krijgt meer ondersteuning.", url="/nieuws/raad/", theme_slugs=["de-raad"],
            programme_slugs=["democratie-in-actie"],
        )
        EditionItem.objects.create(
            edition=item, order=3, kind="publication", key="publication:2", kind_label="Handreiking",
            title="Handreiking participatie", summary="Inwoners betrekken.", url="/bibliotheek/participatie/",
            theme_slugs=["participatie"], programme_slugs=["lokale-democratie-in-beweging"],
        )
        EditionItem.objects.create(
            edition=item, order=4, kind="event", key="event:7", kind_label="Bijeenkomst", title="Regiobijeenkomst",
            summary="Voor iedereen.", url="/agenda/regio/", detail="12 maart, Zwolle",
        )
    return item

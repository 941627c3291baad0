"""Publications made through the services (so they are sanitised, revised and indexed like real ones)."""

import datetime
import itertools

from django.utils import timezone

from portal.models import StaffRole
from programmes.models import Programme, Theme
from publications import services
from publications.models import Publication
from tests.factories import StaffFactory

_numbers = itertools.count(1)


def publication(
    *,
    title: str | None = None,
    summary: str = "Een korte samenvatting.",
    body: str = "<p>Tekst van de publicatie.</p>",
    type: str = Publication.Type.GUIDE,
    themes: list[str] = (),
    programme: str | None = None,
    published: bool = True,
    days_ago: int = 1,
    author=None,
    publisher=None,
    **fields,
) -> Publication:
    """A publication written by an editor and (unless `published=False`) published by a manager."""
    author = author or StaffFactory(role=StaffRole.EDITOR)
    item = services.publication_create(
        actor=author,
        type=type,
        title=title or f"Publicatie {next(_numbers)}",
        summary=summary,
        body=body,
        programme=Programme.objects.get(slug=programme) if programme else None,
        themes=list(Theme.objects.filter(slug__in=themes)),
        **fields,
    )
    if published:
        services.publication_submit(publication=item, actor=author)
        services.publication_publish(
            publication=item,
            actor=publisher or StaffFactory(role=StaffRole.PROGRAMME_MANAGER),
            publish_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
        item.refresh_from_db()
    return item


def many(count: int, **fields) -> list[Publication]:
    """`count` published publications by one editor and one manager (fast enough for query-count tests)."""
    author = StaffFactory(role=StaffRole.EDITOR)
    publisher = StaffFactory(role=StaffRole.PROGRAMME_MANAGER)
    return [publication(author=author, publisher=publisher, **fields) for _ in range(count)]

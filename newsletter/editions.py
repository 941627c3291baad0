"""Composing an edition: its introduction, items copied from what the apps offer, free text blocks.

Items come from `registry.newsletter_items` (publications and news from the library, upcoming events
from the agenda). The edition keeps a copy of each, so the mail and the archive read the same later.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.models import User
from portal.pdf import render_pdf
from portal.registry import NewsletterItem

from .content import content_for
from .models import Edition, EditionItem

ERROR_NOT_EDITABLE = _("This edition is being sent or was sent; it can no longer change.")
ERROR_NOTHING_CHOSEN = _("Choose at least one item.")
CANDIDATE_LIMIT = 60
KINDS = {"news": EditionItem.Kind.NEWS, "publication": EditionItem.Kind.PUBLICATION, "event": EditionItem.Kind.EVENT}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "nieuwsbrief"
    slug, n = base, 2
    while Edition.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _editable(edition: Edition) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_editable:
        raise ValidationError(ERROR_NOT_EDITABLE, code="not_editable")
    return edition


@transaction.atomic
def edition_create(*, actor: User, title: str, title_en: str = "", intro: str = "", intro_en: str = "") -> Edition:
    return Edition.objects.create(
        title=title.strip(), title_en=title_en.strip(), intro=intro.strip(), intro_en=intro_en.strip(),
        slug=_unique_slug(title), created_by=actor,
    )


@transaction.atomic
def edition_update(*, edition: Edition, title: str, title_en: str, intro: str, intro_en: str) -> Edition:
    edition = _editable(edition)
    edition.title, edition.title_en = title.strip(), title_en.strip()
    edition.intro, edition.intro_en = intro.strip(), intro_en.strip()
    edition.updated_at = timezone.now()
    edition.save()
    return edition


def last_sent_at():
    return Edition.objects.sent().aggregate(last=Max("sent_at"))["last"]


def candidate_items(*, edition: Edition) -> list[NewsletterItem]:
    """What may go into the edition: published since the last edition went out (or all recent), not yet in it."""
    taken = set(edition.items.exclude(key="").values_list("key", flat=True))
    items = registry.collect(registry.newsletter_items, since=last_sent_at(), limit=CANDIDATE_LIMIT)
    return [item for item in items if item.key not in taken]


def _next_order(edition: Edition) -> int:
    return (edition.items.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def edition_items_add(*, edition: Edition, keys: list[str]) -> list[EditionItem]:
    edition = _editable(edition)
    if not keys:
        raise ValidationError(ERROR_NOTHING_CHOSEN, code="nothing_chosen")
    offered = {item.key: item for item in candidate_items(edition=edition)}
    order = _next_order(edition)
    created = []
    for key in keys:
        item = offered.get(key)
        if item is None:
            continue
        labels = {}
        for language in ("nl", "en"):  # the item's label as each language's readers see it
            with translation.override(language):
                labels[language] = str(item.kind_label)[:100]
        created.append(
            EditionItem.objects.create(
                edition=edition, order=order, kind=KINDS.get(item.kind, EditionItem.Kind.PUBLICATION), key=item.key,
                kind_label=labels["nl"], kind_label_en=labels["en"], title=item.title[:200], title_en=item.title_en[:200],
                summary=item.summary, summary_en=item.summary_en, url=item.url[:300], when=item.when,
                detail=item.detail[:300], programme_slugs=list(item.programme_slugs), theme_slugs=list(item.theme_slugs),
            )
        )
        order += 1
    return created


@transaction.atomic
def edition_text_add(*, edition: Edition, title: str, text: str, title_en: str = "", text_en: str = "") -> EditionItem:
    edition = _editable(edition)
    return EditionItem.objects.create(
        edition=edition, order=_next_order(edition), kind=EditionItem.Kind.TEXT, title=title.strip(),
        title_en=title_en.strip(), summary=text.strip(), summary_en=text_en.strip(),
    )


@transaction.atomic
def edition_item_remove(*, edition: Edition, item_id: int) -> None:
    edition = _editable(edition)
    edition.items.filter(pk=item_id).delete()


@transaction.atomic
def edition_item_move(*, edition: Edition, item_id: int, up: bool) -> None:
    """Swap an item with its neighbour above (or below)."""
    edition = _editable(edition)
    items = list(edition.items.order_by("order", "pk"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    other = None if index is None else index - 1 if up else index + 1
    if index is None or other is None or not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items, start=1):
        if item.order != order:
            EditionItem.objects.filter(pk=item.pk).update(order=order)


def edition_katern_pdf(*, edition: Edition, language: str = "nl") -> bytes:
    """The edition as the printed katern for the magazine: A4, tagged PDF (PDF/UA-1), everything in it."""
    with translation.override(language):
        return render_pdf(
            "newsletter/pdf/katern.html",
            {"edition": edition, "content": content_for(edition.items.all()), "language": language},
            pdf_variant="pdf/ua-1",
        )

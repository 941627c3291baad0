"""What an edition holds for one subscriber: the text blocks, and the sections their preferences match."""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import EditionItem

Kind = EditionItem.Kind
SECTION_ORDER = [Kind.NEWS, Kind.PUBLICATION, Kind.EVENT]


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    items: list[EditionItem]


@dataclass(frozen=True)
class EditionContent:
    texts: list[EditionItem]
    sections: list[Section]
    left_out: int  # items this subscriber does not get because of their preferences

    @property
    def key(self) -> tuple:
        """Subscribers with equal keys get the same mail, apart from their personal links."""
        return tuple(item.pk for item in self.texts) + tuple(item.pk for s in self.sections for item in s.items)


def content_for(
    items: Iterable[EditionItem], *, all_sections: bool = True, programmes: set[str] = frozenset(), themes: set[str] = frozenset()
) -> EditionContent:
    items = list(items)
    chosen = items if all_sections else [item for item in items if item.matches(set(programmes), set(themes))]
    texts = [item for item in chosen if item.kind == Kind.TEXT]
    sections = []
    for kind in SECTION_ORDER:
        in_section = [item for item in chosen if item.kind == kind]
        if in_section:
            sections.append(Section(kind, str(Kind(kind).label), in_section))
    return EditionContent(texts, sections, len(items) - len(chosen))

"""Reads across relations for the consultant directory."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from portal.models import Municipality
from portal.registry import OverviewColumn

from .models import Consultant


def consultants_for_municipality(municipality: Municipality) -> QuerySet[Consultant]:
    """The active consultants of the municipality's region."""
    return Consultant.objects.active().for_region(municipality.region_id).prefetch_related("themes", "regions")


def municipality_find(text: str) -> list[Municipality]:
    """Current municipalities matching typed text: an exact name wins; otherwise names, aliases and codes."""
    current = Municipality.objects.current().select_related("region")
    exact = list(current.filter(name__iexact=text.strip()))
    if exact:
        return exact
    return list(current.search(text)[:20])


@dataclass(frozen=True)
class OverviewRow:
    municipality: Municipality
    cells: list[tuple[OverviewColumn, Any]]


def overview_rows(municipalities, *, columns: list[OverviewColumn]) -> list[OverviewRow]:
    """One row per municipality of the page; each column answers for all of them at once."""
    municipalities = list(municipalities)
    ids = [municipality.pk for municipality in municipalities]
    values = [column.values(ids) for column in columns]
    return [
        OverviewRow(
            municipality,
            [(column, found.get(municipality.pk, 0)) for column, found in zip(columns, values, strict=True)],
        )
        for municipality in municipalities
    ]

"""Reads across relations for the consultant directory."""

from django.db.models import QuerySet

from portal.models import Municipality

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

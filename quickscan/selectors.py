"""Reads of the Quick Scan that other apps use."""

from django.db.models import Count

from .models import Scan


def open_scan_counts_by_municipality(municipality_ids: list[int]) -> dict[int, int]:
    """How many scans are open per municipality: a column of the consultants' regional overview."""
    rows = (
        Scan.objects.filter(municipality_id__in=municipality_ids, status=Scan.Status.OPEN)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}

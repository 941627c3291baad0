"""Reads of the Quick Scan: comparisons built on stored scores, and figures other apps show."""

from django.db.models import Avg, Count, QuerySet

from .models import MIN_BENCHMARK_MUNICIPALITIES, Scan, Score


def open_scan_counts_by_municipality(municipality_ids: list[int]) -> dict[int, int]:
    """How many scans are open per municipality: a column of the consultants' regional overview."""
    rows = (
        Scan.objects.filter(municipality_id__in=municipality_ids, status=Scan.Status.OPEN)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def benchmark_for(scan: Scan) -> dict[int, float] | None:
    """Mean theme index of other municipalities' closed scans of the same questionnaire version.

    None when fewer than MIN_BENCHMARK_MUNICIPALITIES other municipalities are in the pool.
    """
    pool = Score.objects.filter(
        level=Score.Level.THEME,
        group="",
        scan__status=Scan.Status.CLOSED,
        scan__questionnaire_id=scan.questionnaire_id,
    ).exclude(scan__municipality_id=scan.municipality_id)
    if pool.values("scan__municipality_id").distinct().count() < MIN_BENCHMARK_MUNICIPALITIES:
        return None
    return {
        row["theme_id"]: round(row["avg"], 1)
        for row in pool.values("theme_id").annotate(avg=Avg("index")).order_by()
    }


def previous_scan_for(scan: Scan) -> Scan | None:
    """The municipality's previous closed scan of the same questionnaire (any version): the nulmeting."""
    return (
        Scan.objects.closed()
        .filter(
            municipality_id=scan.municipality_id,
            questionnaire__slug=scan.questionnaire.slug,
            created_at__lt=scan.created_at,
        )
        .exclude(pk=scan.pk)
        .order_by("-created_at")
        .first()
    )


def theme_index_by_slug(scan: Scan) -> dict[str, float]:
    """Overall theme indexes keyed by theme slug, so different versions of a questionnaire compare."""
    rows = Score.objects.filter(scan=scan, level=Score.Level.THEME, group="").values_list(
        "theme__slug", "index"
    )
    return {slug: index for slug, index in rows if index is not None}


def national_figures() -> QuerySet:
    """Mean theme index per questionnaire version over all closed scans, where enough municipalities took part."""
    return (
        Score.objects.filter(level=Score.Level.THEME, group="", scan__status=Scan.Status.CLOSED)
        .values(
            "theme__questionnaire__name",
            "theme__questionnaire__version",
            "theme__order",
            "theme__name",
            "theme__name_en",
        )
        .annotate(
            index=Avg("index"),
            agree=Avg("agree_share"),
            municipalities=Count("scan__municipality", distinct=True),
        )
        .filter(municipalities__gte=MIN_BENCHMARK_MUNICIPALITIES)
        .order_by("theme__questionnaire__name", "theme__questionnaire__version", "theme__order")
    )

"""Reads of the Quick Scan: what pages show (monitor, saved answers, report state), comparisons built on
stored scores, which questionnaires a municipality may use, and figures other apps show."""

from collections.abc import Iterable

from django.db.models import Avg, Count, Q, QuerySet

from portal import registry
from portal.models import Municipality

from .models import (
    MIN_BENCHMARK_MUNICIPALITIES,
    Answer,
    Group,
    Invitation,
    OpenAnswer,
    PriorityChoice,
    Questionnaire,
    ReportPdf,
    Response,
    Scan,
    ScanResult,
    Score,
)


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


def monitor_rows(scan: Scan) -> list[dict]:
    """Invited, started and completed per group, counted in one query. Never an individual."""
    counts = {
        row["group"]: row
        for row in scan.invitations.values("group")
        .annotate(
            invited=Count("pk"),
            started=Count("pk", filter=Q(started=True)),
            completed=Count("pk", filter=Q(used_at__isnull=False)),
        )
        .order_by()
    }
    labels = dict(Group.choices)
    rows = []
    for group in scan.questionnaire.groups:
        row = counts.get(group, {"invited": 0, "started": 0, "completed": 0})
        invited = row["invited"]
        rate = round(row["completed"] / invited * 100) if invited else 0
        rows.append(
            {
                "group": group,
                "label": labels.get(group, group),
                "invited": invited,
                "started": row["started"],
                "completed": row["completed"],
                "rate": rate,
            }
        )
    return rows


def invitations_to_send(scan: Scan) -> list[dict]:
    """Per group of the questionnaire: how many invitations opening the scan will mail."""
    counts = dict(
        scan.invitations.filter(source=Invitation.Source.MAIL, sent_at__isnull=True)
        .exclude(email="")
        .values_list("group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Group.choices)
    return [{"group": group, "label": labels.get(group, group), "count": counts.get(group, 0)} for group in scan.questionnaire.groups]


def open_link_places_taken(scan: Scan) -> int:
    """Residents who answered (at least one page) through the open link: each holds a place under the cap."""
    return scan.invitations.filter(source=Invitation.Source.OPEN_LINK).count()


def saved_answers(response: Response | None, page) -> dict:
    """What a respondent saved on `page` before, as the initial values of its form."""
    initial: dict = {}
    if response is None:
        return initial
    for statement_id, own_id, value in Answer.objects.filter(response=response).values_list(
        "statement_id", "own_question_id", "value"
    ):
        initial[f"s{statement_id}" if statement_id else f"o{own_id}"] = "0" if value is None else str(value)
    for theme_id, own_id, text in OpenAnswer.objects.filter(response=response).values_list(
        "theme_id", "own_question_id", "text"
    ):
        initial[f"t{theme_id}" if theme_id else f"o{own_id}"] = text
    if page.kind == "priority":
        initial["priorities"] = [
            str(pk) for pk in PriorityChoice.objects.filter(response=response).values_list("theme_id", flat=True)
        ]
    return initial


def report_state(scan: Scan, *, result: ScanResult | None = None) -> str:
    """"open" (no report while answers come in), "scoring" (closed, figures being calculated) or "ready".

    Pass the scan's `result` when it has been read already (None still means: look it up).
    """
    if scan.status != Scan.Status.CLOSED:
        return "open"
    if result is not None:
        return "ready"
    return "ready" if ScanResult.objects.filter(scan=scan).exists() else "scoring"


def current_report_pdf(scan: Scan, language: str) -> QuerySet:
    """The stored PDF of the scan's current scores in `language` (empty when there is none)."""
    return ReportPdf.objects.current().filter(scan=scan, language=language)


def aggregated_export_rows() -> QuerySet:
    """Figures of closed scans for the staff export: themes and statements, overall and per shown group."""
    return (
        Score.objects.filter(scan__status=Scan.Status.CLOSED)
        .exclude(level=Score.Level.OWN)
        .values_list(
            "scan__municipality__code",
            "scan__municipality__name",
            "scan__name",
            "scan__questionnaire__slug",
            "scan__questionnaire__version",
            "scan__closes_on",
            "level",
            "theme__slug",
            "statement__text",
            "group",
            "respondents",
            "mean",
            "index",
            "agree_share",
        )
        .order_by("scan__municipality__code", "scan_id", "level", "theme__order", "statement__order", "group")
    )


def questionnaire_allowed(questionnaire: Questionnaire, municipality: Municipality) -> bool:
    """A restricted questionnaire is for a municipality only when an app's gate grants it (an offer, say)."""
    if not questionnaire.requires_grant:
        return True
    return any(
        gate(municipality=municipality, questionnaire_slug=questionnaire.slug) for gate in registry.questionnaire_gates
    )


def questionnaires_for(municipalities: Iterable[Municipality]) -> QuerySet:
    """The active questionnaires at least one of `municipalities` may use for a new scan."""
    active = Questionnaire.objects.active()
    municipalities = list(municipalities)
    allowed = [
        questionnaire.pk
        for questionnaire in active.filter(requires_grant=True)
        if any(questionnaire_allowed(questionnaire, municipality) for municipality in municipalities)
    ]
    return active.filter(Q(requires_grant=False) | Q(pk__in=allowed))

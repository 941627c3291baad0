"""Scoring a scan in the database: every figure of the report, stored as Score rows.

All counting happens in SQL (values + Count/Avg); Python only shapes a few dozen aggregate rows.
"""

import hashlib
import json

from celery import shared_task
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from portal.jobs import job_enqueue

from .models import (
    GAP_THRESHOLD,
    MIN_GROUP_SIZE,
    Answer,
    PriorityChoice,
    Response,
    Scan,
    ScanResult,
    Score,
)
from .reports import scan_report_pdf_task

STRONG_WEAK_THEMES = 3
STRONG_WEAK_STATEMENTS = 5


def index_from_mean(mean: float | None) -> float | None:
    """The 1-5 mean as an index from 0 to 100."""
    return None if mean is None else round((mean - 1) / 4 * 100, 1)


def _aggregate(answers: QuerySet, *fields: str) -> QuerySet:
    return (
        answers.values(*fields)
        .annotate(
            answered=Count("value"),
            mean=Avg("value"),
            agree=Count("pk", filter=Q(value__gte=4)),
            d1=Count("pk", filter=Q(value=1)),
            d2=Count("pk", filter=Q(value=2)),
            d3=Count("pk", filter=Q(value=3)),
            d4=Count("pk", filter=Q(value=4)),
            d5=Count("pk", filter=Q(value=5)),
            dk=Count("pk", filter=Q(value__isnull=True)),
        )
        .order_by()
    )


def _score(scan: Scan, level: str, row: dict, *, respondents: int, group: str = "", **keys) -> Score:
    answered = row["answered"]
    mean = round(row["mean"], 3) if row["mean"] is not None else None
    return Score(
        scan=scan,
        level=level,
        group=group,
        respondents=respondents,
        answers=answered,
        mean=mean,
        index=index_from_mean(mean),
        agree_share=round(row["agree"] / answered, 3) if answered else None,
        distribution={str(v): row[f"d{v}"] for v in range(1, 6)} | {"dk": row["dk"]},
        **keys,
    )


def _build_scores(scan: Scan, group_counts: dict[str, int], total: int) -> list[Score]:
    if total < MIN_GROUP_SIZE:
        return []
    shown = [group for group, count in group_counts.items() if count >= MIN_GROUP_SIZE]
    answers = Answer.objects.filter(response__scan=scan, response__is_complete=True)
    statements = answers.filter(statement__isnull=False)
    grouped = statements.filter(response__group__in=shown)
    scores: list[Score] = []
    for row in _aggregate(statements, "statement__theme_id"):
        scores.append(
            _score(scan, Score.Level.THEME, row, respondents=total, theme_id=row["statement__theme_id"])
        )
    for row in _aggregate(grouped, "statement__theme_id", "response__group"):
        group = row["response__group"]
        scores.append(
            _score(
                scan,
                Score.Level.THEME,
                row,
                respondents=group_counts[group],
                group=group,
                theme_id=row["statement__theme_id"],
            )
        )
    for row in _aggregate(statements, "statement_id", "statement__theme_id"):
        scores.append(
            _score(
                scan,
                Score.Level.STATEMENT,
                row,
                respondents=total,
                theme_id=row["statement__theme_id"],
                statement_id=row["statement_id"],
            )
        )
    for row in _aggregate(grouped, "statement_id", "statement__theme_id", "response__group"):
        group = row["response__group"]
        scores.append(
            _score(
                scan,
                Score.Level.STATEMENT,
                row,
                respondents=group_counts[group],
                group=group,
                theme_id=row["statement__theme_id"],
                statement_id=row["statement_id"],
            )
        )
    for row in _aggregate(answers.filter(own_question__isnull=False), "own_question_id"):
        scores.append(
            _score(scan, Score.Level.OWN, row, respondents=total, own_question_id=row["own_question_id"])
        )
    return scores


def _ranked(scores: list[Score], level: str) -> list[Score]:
    rows = [s for s in scores if s.level == level and s.group == "" and s.index is not None]
    return sorted(rows, key=lambda s: (-s.index, s.theme_id or 0, s.statement_id or 0))


def _summary(scores: list[Score]) -> dict:
    themes = _ranked(scores, Score.Level.THEME)
    statements = _ranked(scores, Score.Level.STATEMENT)
    gaps = []
    for theme in themes:
        groups = sorted(
            (
                s
                for s in scores
                if s.level == Score.Level.THEME
                and s.group
                and s.theme_id == theme.theme_id
                and s.index is not None
            ),
            key=lambda s: (-s.index, s.group),
        )
        if len(groups) >= 2 and groups[0].index - groups[-1].index >= GAP_THRESHOLD:
            gaps.append(
                {
                    "theme": theme.theme_id,
                    "high": groups[0].group,
                    "low": groups[-1].group,
                    "difference": round(groups[0].index - groups[-1].index, 1),
                }
            )
    gaps.sort(key=lambda gap: (-gap["difference"], gap["theme"]))
    # Strong and weak points never overlap: each side takes at most half of what was scored.
    top_themes = min(STRONG_WEAK_THEMES, len(themes) // 2)
    top_statements = min(STRONG_WEAK_STATEMENTS, len(statements) // 2)
    return {
        "strong_points": {
            "themes": [s.theme_id for s in themes[:top_themes]],
            "statements": [s.statement_id for s in statements[:top_statements]],
        },
        "weak_points": {
            "themes": [s.theme_id for s in reversed(themes[len(themes) - top_themes :])],
            "statements": [s.statement_id for s in reversed(statements[len(statements) - top_statements :])],
        },
        "gaps": gaps,
    }


def _fingerprint(scores: list[Score], summary: dict) -> str:
    rows = sorted(
        [
            s.level,
            s.theme_id,
            s.statement_id,
            s.own_question_id,
            s.group,
            s.respondents,
            s.answers,
            s.mean,
            s.agree_share,
            s.distribution,
        ]
        for s in scores
    )
    return hashlib.sha256(json.dumps([rows, summary], sort_keys=True, default=str).encode()).hexdigest()


def scan_score(*, scan_id: int) -> ScanResult:
    """Compute every figure of the scan and replace the stored ones in one transaction.

    Idempotent: the same answers give the same rows, and an unchanged result keeps its `computed_at`,
    so the PDF made from it stays valid.
    """
    with transaction.atomic():
        scan = Scan.objects.select_for_update().get(pk=scan_id)
        responses = Response.objects.filter(scan=scan, is_complete=True)
        group_counts = dict(responses.values_list("group").annotate(n=Count("pk")).order_by())
        total = sum(group_counts.values())
        scores = _build_scores(scan, group_counts, total)
        summary = _summary(scores)
        summary["priorities"] = []
        if total >= MIN_GROUP_SIZE:
            summary["priorities"] = [
                {"theme": row["theme_id"], "count": row["n"]}
                for row in PriorityChoice.objects.filter(response__in=responses)
                .values("theme_id")
                .annotate(n=Count("pk"))
                .order_by("-n", "theme_id")
            ]
        shown_counts = {
            group: (count if count >= MIN_GROUP_SIZE else None) for group, count in group_counts.items()
        }
        fingerprint = _fingerprint(scores, summary | {"counts": shown_counts, "total": total})
        previous = ScanResult.objects.filter(scan=scan).first()
        Score.objects.filter(scan=scan).delete()
        Score.objects.bulk_create(scores)
        unchanged = previous is not None and previous.fingerprint == fingerprint
        result, _created = ScanResult.objects.update_or_create(
            scan=scan,
            defaults={
                "computed_at": previous.computed_at if unchanged else timezone.now(),
                "respondents": total,
                "group_counts": shown_counts,
                "fingerprint": fingerprint,
                **summary,
            },
        )
        if scan.status == Scan.Status.CLOSED and scan.report_pdf_for != result.computed_at:
            job_enqueue(task=scan_report_pdf_task, scan_id=scan.pk)
    return result


@shared_task
def scan_score_task(scan_id: int) -> int:
    return scan_score(scan_id=scan_id).pk

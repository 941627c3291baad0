"""Scoring a scan in the database: every figure of the report, stored as Score rows.

All counting happens in SQL (values + Count/Avg); Python only shapes a few dozen aggregate rows.
"""

import hashlib
import json

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from .models import (
    GAP_THRESHOLD,
    MIN_GROUP_SIZE,
    Answer,
    PriorityChoice,
    ReportPdf,
    Response,
    Scan,
    ScanResult,
    Score,
)
from .pdf import report_pdfs_request

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


def shown_groups(group_counts: dict[str, int]) -> set[str]:
    """The groups whose figures may be shown on their own.

    A group with fewer than MIN_GROUP_SIZE respondents is hidden. The hidden groups together must then hold
    nobody or at least MIN_GROUP_SIZE people: otherwise the total minus the shown groups would give the
    answers of those few (raad 10, college 1 hidden, MT 5: total minus raad and MT is the one college
    member). So while the hidden groups hold 1 to 4 people, the smallest shown group is hidden too. When no
    group is left, the report shows the total only.
    """
    shown = sorted(
        (group for group, count in group_counts.items() if count >= MIN_GROUP_SIZE),
        key=lambda group: (group_counts[group], group),
    )
    hidden = sum(count for group, count in group_counts.items() if group not in shown)
    while shown and 0 < hidden < MIN_GROUP_SIZE:
        hidden += group_counts[shown.pop(0)]
    return set(shown)


# What is scored: the level, the keys of a Score row with the answer fields they come from, whether the
# figures are also given per group, and which answers count.
LEVELS = [
    (Score.Level.THEME, {"theme_id": "statement__theme_id"}, True, Q(statement__isnull=False)),
    (
        Score.Level.STATEMENT,
        {"theme_id": "statement__theme_id", "statement_id": "statement_id"},
        True,
        Q(statement__isnull=False),
    ),
    # A municipality's own questions are scored for all respondents together only.
    (Score.Level.OWN, {"own_question_id": "own_question_id"}, False, Q(own_question__isnull=False)),
]


def _build_scores(scan: Scan, group_counts: dict[str, int], total: int) -> list[Score]:
    if total < MIN_GROUP_SIZE:
        return []
    shown = shown_groups(group_counts)
    answers = Answer.objects.filter(response__scan=scan, response__is_complete=True)
    scores: list[Score] = []
    for level, keys, per_group, which in LEVELS:
        runs = [(answers.filter(which), [])]
        if per_group and shown:
            runs.append((answers.filter(which, response__group__in=shown), ["response__group"]))
        for source, by_group in runs:
            for row in _aggregate(source, *keys.values(), *by_group):
                group = row.get("response__group", "")
                scores.append(
                    _score(
                        scan,
                        level,
                        row,
                        respondents=group_counts[group] if group else total,
                        group=group,
                        **{key: row[field] for key, field in keys.items()},
                    )
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


def scan_score(*, scan_id: int) -> ScanResult | None:
    """Compute every figure of a closed scan and replace the stored ones in one transaction.

    Only a closed scan is scored (None otherwise): figures of an open scan could be set beside later ones,
    and the difference would be the answers of the people who answered in between. A closed scan takes no
    answers, so scoring it again gives the same rows, and an unchanged result keeps its `computed_at`, so
    the PDF made from it stays valid.
    """
    with transaction.atomic():
        scan = Scan.objects.select_for_update().get(pk=scan_id)
        if scan.status != Scan.Status.CLOSED:
            return None
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
        shown = shown_groups(group_counts)
        shown_counts = {group: (count if group in shown else None) for group, count in group_counts.items()}
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
        made = set(
            ReportPdf.objects.filter(scan=scan, scores_of=result.computed_at).values_list("language", flat=True)
        )
        stale = [code for code, _name in settings.LANGUAGES if code not in made]
        if stale:
            report_pdfs_request(scan=scan, languages=stale)
    return result


@shared_task
def scan_score_task(scan_id: int) -> int | None:
    result = scan_score(scan_id=scan_id)
    return result.pk if result else None

"""The report of a scan: one context for the screen and the PDF, built from stored scores only."""

from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from portal import registry
from portal.pdf import render_pdf
from portal.registry import AdviceItem
from programmes.models import Activity

from .models import (
    MIN_GROUP_SIZE,
    Action,
    Group,
    OpenAnswer,
    OwnQuestion,
    QuestionnaireTheme,
    Scan,
    ScanResult,
    Score,
)
from .selectors import benchmark_for, previous_scan_for, theme_index_by_slug

BAR_SCALE = 3  # px per index point: an index of 100 is a 300px bar
BAR_HEIGHT = 22
BAR_GAP = 8
ADVICE_THEMES = 3
ADVICE_ITEMS = 3


@dataclass
class Bar:
    label: str
    value: float | None
    y: int = 0
    width: int = 0
    text_y: int = 0


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: int = 0

    def __post_init__(self):
        for number, bar in enumerate(self.bars):
            bar.y = number * (BAR_HEIGHT + BAR_GAP)
            bar.text_y = bar.y + 16
            bar.width = round((bar.value or 0) * BAR_SCALE)
        self.height = max(len(self.bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)


@dataclass
class ThemeReport:
    theme: QuestionnaireTheme
    overall: Score | None
    groups: list[tuple[str, Score | None]]
    statements: list[dict]
    open_answers: list[str] = field(default_factory=list)
    benchmark: float | None = None
    previous: float | None = None
    change: float | None = None
    chart: Chart | None = None


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


def advice_for(scan: Scan, themes: list[QuestionnaireTheme]) -> list[dict]:
    """For each weak theme: what the apps offer on it (workshops, consultants of the region, ...).

    The apps answer through `portal.registry.advice`; when none offers anything, the programme activities
    tagged with the theme's portal themes are shown instead.
    """
    advice = []
    for theme in themes:
        portal_themes = list(theme.portal_themes.all())
        portal_theme_ids = [portal_theme.pk for portal_theme in portal_themes]
        items = registry.collect(
            registry.advice,
            municipality=scan.municipality,
            scan_theme_slug=theme.slug,
            portal_theme_ids=portal_theme_ids,
            limit=ADVICE_ITEMS,
        )
        if not items:
            activities = Activity.objects.filter(themes__in=portal_theme_ids).select_related("programme").distinct()
            items = [
                AdviceItem("activity", _("Activity"), activity.name_i18n, activity.programme.get_absolute_url())
                for activity in activities[:ADVICE_ITEMS]
            ]
        advice.append({"theme": theme, "portal_themes": portal_themes, "items": items})
    return advice


def report_build(scan: Scan) -> dict:
    """Everything the report shows. Reads ScanResult and Score rows; never individual answers."""
    result = ScanResult.objects.filter(scan=scan).first()
    themes = list(scan.questionnaire.themes.prefetch_related("statements", "portal_themes"))
    base = {"scan": scan, "result": result, "themes": themes, "min_group_size": MIN_GROUP_SIZE}
    previous_scan = previous_scan_for(scan)
    base["previous_scan"] = previous_scan
    base["previous_actions"] = (
        list(Action.objects.filter(scan=previous_scan).select_related("theme")) if previous_scan else []
    )
    base["actions"] = list(scan.actions.select_related("theme"))
    if result is None or result.respondents < MIN_GROUP_SIZE:
        base["has_figures"] = False
        return base

    labels = dict(Group.choices)
    shown_groups = [g for g in scan.questionnaire.groups if result.group_counts.get(g)]
    scores = list(scan.scores.all())
    theme_scores = {(s.theme_id, s.group): s for s in scores if s.level == Score.Level.THEME}
    statement_scores = {(s.statement_id, s.group): s for s in scores if s.level == Score.Level.STATEMENT}
    benchmark = benchmark_for(scan)
    previous_index = theme_index_by_slug(previous_scan) if previous_scan else {}
    open_answers: dict[int, list[str]] = {}
    for theme_id, text in (
        OpenAnswer.objects.filter(response__scan=scan, response__is_complete=True, theme__isnull=False)
        .order_by("theme_id", "text")
        .values_list("theme_id", "text")
    ):
        open_answers.setdefault(theme_id, []).append(text)

    reports = []
    for theme in themes:
        overall = theme_scores.get((theme.pk, ""))
        groups = [(labels[g], theme_scores.get((theme.pk, g))) for g in shown_groups]
        statements = [
            {
                "statement": st,
                "overall": statement_scores.get((st.pk, "")),
                "groups": [statement_scores.get((st.pk, g)) for g in shown_groups],
            }
            for st in theme.statements.all()
        ]
        report = ThemeReport(theme, overall, groups, statements, open_answers.get(theme.pk, []))
        if benchmark is not None:
            report.benchmark = benchmark.get(theme.pk)
        if overall and overall.index is not None and theme.slug in previous_index:
            report.previous = previous_index[theme.slug]
            report.change = round(overall.index - report.previous, 1)
        bars = [Bar(label, s.index if s else None) for label, s in groups if s]
        if overall:
            bars.insert(0, Bar(_("All respondents"), overall.index))
        report.chart = Chart(theme.name_i18n, bars)
        reports.append(report)

    by_id = {theme.pk: theme for theme in themes}
    statements_by_id = {st.pk: st for theme in themes for st in theme.statements.all()}
    scored = [r for r in reports if r.overall and r.overall.index is not None]
    weak = [by_id[pk] for pk in result.weak_points.get("themes", []) if pk in by_id]
    own_scores = {s.own_question_id: s for s in scores if s.level == Score.Level.OWN}
    own_open = {}
    for question_id, text in (
        OpenAnswer.objects.filter(response__scan=scan, response__is_complete=True, own_question__isnull=False)
        .order_by("own_question_id", "text")
        .values_list("own_question_id", "text")
    ):
        own_open.setdefault(question_id, []).append(text)
    base.update(
        has_figures=True,
        groups=[(g, labels[g], result.group_counts[g]) for g in shown_groups],
        hidden_groups=[labels[g] for g in scan.questionnaire.groups if g not in shown_groups],
        theme_reports=reports,
        overview_chart=Chart("", [Bar(r.theme.name_i18n, r.overall.index) for r in scored]),
        strong_themes=[by_id[pk] for pk in result.strong_points.get("themes", []) if pk in by_id],
        strong_statements=[
            statements_by_id[pk]
            for pk in result.strong_points.get("statements", [])
            if pk in statements_by_id
        ],
        weak_themes=weak,
        weak_statements=[
            statements_by_id[pk] for pk in result.weak_points.get("statements", []) if pk in statements_by_id
        ],
        gaps=[
            {
                "theme": by_id[g["theme"]],
                "high": labels[g["high"]],
                "low": labels[g["low"]],
                "difference": g["difference"],
            }
            for g in result.gaps
            if g["theme"] in by_id
        ],
        priorities=[
            {"theme": by_id[p["theme"]], "count": p["count"]}
            for p in result.priorities
            if p["theme"] in by_id
        ],
        benchmark_available=benchmark is not None,
        advice=advice_for(scan, weak[:ADVICE_THEMES]),
        own_questions=[
            {"question": q, "score": own_scores.get(q.pk), "answers": own_open.get(q.pk, [])}
            for q in OwnQuestion.objects.filter(scan=scan)
        ],
    )
    return base


def report_pdf_store(*, scan_id: int) -> bool:
    """Render the report to PDF and keep it on the scan. Skips work when the PDF already shows these scores."""
    scan = Scan.objects.select_related("municipality", "questionnaire").get(pk=scan_id)
    result = ScanResult.objects.filter(scan=scan).first()
    if result is None or scan.status != Scan.Status.CLOSED:
        return False
    if Scan.objects.filter(pk=scan.pk, report_pdf__isnull=False, report_pdf_for=result.computed_at).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_pdf("quickscan/pdf/report.html", report_build(scan))
    Scan.objects.filter(pk=scan.pk).update(report_pdf=pdf, report_pdf_for=result.computed_at)
    return True


@shared_task
def scan_report_pdf_task(scan_id: int) -> bool:
    return report_pdf_store(scan_id=scan_id)

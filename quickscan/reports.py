"""The report of a closed scan: one context for the screen and the PDF, built from stored scores only.

Both render `templates/quickscan/_report_body.html`, so they hold the same sections in the same order with
the same figures; the PDF adds a cover.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal import registry
from portal.registry import AdviceItem

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
    Statement,
)
from .selectors import benchmark_for, monitor_rows, previous_scan_for, theme_index_by_slug

__all__ = ["monitor_rows", "report_build"]  # monitor_rows: kept importable here for older callers

BAR_WIDTH = 300  # px for an index of 100
BAR_HEIGHT = 14
LABEL_HEIGHT = 16  # the label sits above its bar, so it stays readable on a narrow screen
BAR_GAP = 10
ADVICE_THEMES = 3
ADVICE_ITEMS = 3

# How a group is named inside a sentence: (at the start, further on, plural?).
GROUP_WORDS = {
    Group.RAAD: (pgettext_lazy("group, sentence start", "The council"), pgettext_lazy("group", "the council"), False),
    Group.COLLEGE: (
        pgettext_lazy("group, sentence start", "The executive"),
        pgettext_lazy("group", "the executive"),
        False,
    ),
    Group.MT: (
        pgettext_lazy("group, sentence start", "Senior management"),
        pgettext_lazy("group", "senior management"),
        False,
    ),
    Group.AMBTENAREN: (
        pgettext_lazy("group, sentence start", "Civil servants"),
        pgettext_lazy("group", "civil servants"),
        True,
    ),
    Group.INWONERS: (pgettext_lazy("group, sentence start", "Residents"), pgettext_lazy("group", "residents"), True),
}
PROGRAMME_CONTACT_KIND = gettext_lazy("Programme office")


@dataclass
class Bar:
    label: str
    value: float | None
    y: int = 0
    width: int = 0
    label_y: int = 0
    value_x: int = 0


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: int = 0
    width: int = BAR_WIDTH + 40

    def __post_init__(self):
        step = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
        for number, bar in enumerate(self.bars):
            bar.label_y = number * step + LABEL_HEIGHT - 4
            bar.y = number * step + LABEL_HEIGHT
            bar.width = round((bar.value or 0) * BAR_WIDTH / 100)
            bar.value_x = BAR_WIDTH + 6
        self.height = max(len(self.bars) * step, step)


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


@dataclass(frozen=True)
class Link:
    """Something the report points to, with its full web address for the PDF."""

    item: AdviceItem
    full_url: str


def _link(item: AdviceItem) -> Link:
    url = item.url if item.url.startswith(("http://", "https://")) or not item.url else settings.PORTAL_BASE_URL + item.url
    return Link(item, url)


def gap_sentence(*, high: str, low: str, theme: str, difference: float) -> str:
    """"Civil servants are more positive than the council about …", with the verb agreeing with the group."""
    start, _further, plural = GROUP_WORDS.get(high, (Group(high).label, Group(high).label, False))
    _start, low_words, _plural = GROUP_WORDS.get(low, (Group(low).label, Group(low).label, False))
    values = {"high": start, "low": low_words, "theme": theme, "difference": round(difference)}
    if plural:
        return _("%(high)s are more positive than %(low)s about “%(theme)s” (%(difference)s points).") % values
    return _("%(high)s is more positive than %(low)s about “%(theme)s” (%(difference)s points).") % values


def contacts_for(scan: Scan) -> list[Link]:
    """The municipality's own consultants (from the apps), or the programme's general contact."""
    contacts = registry.collect(registry.contacts, municipality=scan.municipality)
    if not contacts:
        details = " · ".join(
            part for part in (settings.PORTAL_PROGRAMME_CONTACT_EMAIL, settings.PORTAL_PROGRAMME_CONTACT_PHONE) if part
        )
        contacts = [
            AdviceItem("contact", PROGRAMME_CONTACT_KIND, settings.PORTAL_PROGRAMME_CONTACT_NAME, "", details)
        ]
    return [_link(contact) for contact in contacts]


def advice_for(scan: Scan, themes: list[QuestionnaireTheme]) -> list[dict]:
    """For each weak theme: what the apps link to it (workshops, events, publications), best first."""
    advice = []
    for theme in themes:
        items = registry.collect(
            registry.advice,
            municipality=scan.municipality,
            scan_theme_slug=theme.slug,
            portal_theme_ids=[portal_theme.pk for portal_theme in theme.portal_themes.all()],
            limit=ADVICE_ITEMS,
        )
        advice.append({"theme": theme, "items": [_link(item) for item in items]})
    return advice


def _open_answers(scan: Scan, field_name: str) -> dict[int, list[str]]:
    """Open answers per theme or own question, alphabetically: nothing in their order hints at who wrote them."""
    answers: dict[int, list[str]] = {}
    rows = (
        OpenAnswer.objects.filter(response__scan=scan, response__is_complete=True, **{f"{field_name}__isnull": False})
        .order_by(field_name, "text")
        .values_list(field_name, "text")
    )
    for key, text in rows:
        answers.setdefault(key, []).append(text)
    return answers


def _theme_reports(
    scan: Scan, themes: list[QuestionnaireTheme], scores: list[Score], shown: list[str], previous_scan: Scan | None
) -> list[ThemeReport]:
    labels = dict(Group.choices)
    theme_scores = {(s.theme_id, s.group): s for s in scores if s.level == Score.Level.THEME}
    statement_scores = {(s.statement_id, s.group): s for s in scores if s.level == Score.Level.STATEMENT}
    benchmark = benchmark_for(scan)
    previous_index = theme_index_by_slug(previous_scan) if previous_scan else {}
    open_answers = _open_answers(scan, "theme_id")
    reports = []
    for theme in themes:
        overall = theme_scores.get((theme.pk, ""))
        groups = [(labels[g], theme_scores.get((theme.pk, g))) for g in shown]
        statements = [
            {
                "statement": statement,
                "overall": statement_scores.get((statement.pk, "")),
                "groups": [statement_scores.get((statement.pk, g)) for g in shown],
            }
            for statement in theme.statements.all()
        ]
        report = ThemeReport(theme, overall, groups, statements, open_answers.get(theme.pk, []))
        if benchmark is not None:
            report.benchmark = benchmark.get(theme.pk)
        if overall and overall.index is not None and theme.slug in previous_index:
            report.previous = previous_index[theme.slug]
            report.change = round(overall.index - report.previous, 1)
        bars = [Bar(label, score.index) for label, score in groups if score]
        if overall:
            bars.insert(0, Bar(_("All respondents"), overall.index))
        report.chart = Chart(theme.name_i18n, bars)
        reports.append(report)
    return reports


def report_build(scan: Scan) -> dict:
    """Everything the report shows. Reads ScanResult and Score rows and the open answers; nothing else."""
    result = ScanResult.objects.filter(scan=scan).first()
    themes = list(scan.questionnaire.themes.prefetch_related("statements", "portal_themes"))
    previous_scan = previous_scan_for(scan)
    base = {
        "scan": scan,
        "result": result,
        "themes": themes,
        "min_group_size": MIN_GROUP_SIZE,
        "previous_scan": previous_scan,
        "previous_actions": list(Action.objects.filter(scan=previous_scan).select_related("theme"))
        if previous_scan
        else [],
        "actions": list(scan.actions.select_related("theme")),
        "contacts": contacts_for(scan),
    }
    if result is None or result.respondents < MIN_GROUP_SIZE:
        base["has_figures"] = False
        return base

    labels = dict(Group.choices)
    shown = [g for g in scan.questionnaire.groups if result.group_counts.get(g)]
    scores = list(scan.scores.all())
    reports = _theme_reports(scan, themes, scores, shown, previous_scan)
    by_id = {theme.pk: theme for theme in themes}
    statements: dict[int, Statement] = {st.pk: st for theme in themes for st in theme.statements.all()}
    weak = [by_id[pk] for pk in result.weak_points.get("themes", []) if pk in by_id]
    own_scores = {s.own_question_id: s for s in scores if s.level == Score.Level.OWN}
    own_open = _open_answers(scan, "own_question_id")
    base.update(
        has_figures=True,
        groups=[(g, labels[g], result.group_counts[g]) for g in shown],
        hidden_groups=[labels[g] for g in scan.questionnaire.groups if g not in shown and g in result.group_counts],
        theme_reports=reports,
        overview_chart=Chart("", [Bar(r.theme.name_i18n, r.overall.index) for r in reports if r.overall and r.overall.index is not None]),
        strong_themes=[by_id[pk] for pk in result.strong_points.get("themes", []) if pk in by_id],
        strong_statements=[statements[pk] for pk in result.strong_points.get("statements", []) if pk in statements],
        weak_themes=weak,
        weak_statements=[statements[pk] for pk in result.weak_points.get("statements", []) if pk in statements],
        gaps=[
            gap_sentence(high=g["high"], low=g["low"], theme=by_id[g["theme"]].name_i18n, difference=g["difference"])
            for g in result.gaps
            if g["theme"] in by_id
        ],
        priorities=[{"theme": by_id[p["theme"]], "count": p["count"]} for p in result.priorities if p["theme"] in by_id],
        benchmark_available=any(r.benchmark is not None for r in reports),
        advice=advice_for(scan, weak[:ADVICE_THEMES]),
        own_questions=[
            {"question": q, "score": own_scores.get(q.pk), "answers": own_open.get(q.pk, [])}
            for q in OwnQuestion.objects.filter(scan=scan)
        ],
    )
    return base

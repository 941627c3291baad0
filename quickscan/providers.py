"""What the Quick Scan offers the core through `portal.registry`."""

from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.permissions import is_consultant, is_griffier, is_manager
from portal.registry import OverviewColumn, Panel, StaffLink

from .selectors import open_scan_counts_by_municipality

STAFF_LINKS = [
    StaffLink(
        _("Quick Scans"),
        _("All scans with their status and response, national figures per theme and an export of aggregated results."),
        "quickscan:staff_scan_list",
        is_manager,
    ),
    StaffLink(
        _("Quick Scans of my regions"),
        _("Follow the response and read the reports of the scans you guide."),
        "quickscan:scan_list",
        is_consultant,
    ),
]
OPEN_SCANS = OverviewColumn(
    "quick_scans", _("Open Quick Scans"), open_scan_counts_by_municipality, "quickscan:scan_list"
)


def griffier_quickscan_panel(*, user: User) -> list[Panel]:
    return [Panel("quickscan/_dashboard_section.html")] if is_griffier(user) else []


# ---------- the dossier's timeline, staff figures and reach (appended by the offers app's issue) ----------
# Registered from QuickscanConfig.ready() by `register_dossier_and_figures`.

QUESTIONNAIRE_PROGRAMMES = {"lokaal-bestuur": "actieprogramma-lokaal-bestuur", "lokale-democratie": "democratie-in-actie"}


def scan_timeline(*, municipality, user):
    """The municipality's scans. A closed scan with at least MIN_GROUP_SIZE respondents shows its stored theme
    scores and their change since the previous closed scan of the same questionnaire (nulmeting ->
    voortgangsmeting, as `selectors.previous_scan_for` pairs them); two queries whatever the history."""
    from portal.registry import TimelineEntry

    from .models import MIN_GROUP_SIZE, Scan, Score

    scans = list(
        Scan.objects.filter(municipality=municipality).select_related("questionnaire", "result").order_by("created_at")
    )
    scored = [
        scan.pk
        for scan in scans
        if scan.status == Scan.Status.CLOSED and getattr(getattr(scan, "result", None), "respondents", 0) >= MIN_GROUP_SIZE
    ]
    themes: dict[int, dict[str, tuple[str, float]]] = {}
    rows = Score.objects.filter(scan_id__in=scored, level=Score.Level.THEME, group="", index__isnull=False)
    for score in rows.select_related("theme").order_by("theme__order"):
        themes.setdefault(score.scan_id, {})[score.theme.slug] = (score.theme.name_i18n, score.index)
    previous: dict[str, dict[str, tuple[str, float]]] = {}
    for scan in scans:
        detail = ""
        if scan.pk in themes:
            before = previous.get(scan.questionnaire.slug, {})
            parts = []
            for slug, (name, index) in themes[scan.pk].items():
                change = f" ({index - before[slug][1]:+.0f})" if slug in before else ""
                parts.append(f"{name} {index:.0f}{change}")
            respondents = _("%(count)s respondents") % {"count": scan.result.respondents}
            detail = f"{respondents}. " + "; ".join(parts)
            if before:
                detail = str(_("Compared with the previous scan: ")) + detail
            previous[scan.questionnaire.slug] = themes[scan.pk]
        yield TimelineEntry(
            when=scan.closed_at or scan.opened_at or scan.created_at,
            kind="quickscan",
            kind_label=scan.questionnaire.name_i18n,
            title=scan.name,
            url=scan.get_absolute_url(),
            detail=detail,
            status=scan.get_status_display(),
        )


def scan_figures(*, user, municipalities):
    """Scans run (opened or closed) and their response rate, per questionnaire, over `municipalities`."""
    from django.db.models import Count, Q

    from portal.registry import Figure, FigureSection

    from .models import MIN_GROUP_SIZE, Invitation, Scan

    run = Scan.objects.filter(municipality__in=municipalities).exclude(status=Scan.Status.DRAFT)
    per_questionnaire = (
        run.values("questionnaire__name")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(status=Scan.Status.CLOSED)))
        .order_by("questionnaire__name")
    )
    invitations = (
        Invitation.objects.filter(scan__in=run, source=Invitation.Source.MAIL)
        .values("scan__questionnaire__name")
        .annotate(invited=Count("pk"), completed=Count("pk", filter=Q(used_at__isnull=False)))
        .order_by("scan__questionnaire__name")
    )
    return [
        FigureSection(
            "quickscan-scans",
            _("Quick Scans run"),
            [Figure(row["questionnaire__name"], row["n"], _("%(closed)s closed") % {"closed": row["closed"]}) for row in per_questionnaire],
        ),
        FigureSection(
            "quickscan-response",
            _("Response to Quick Scan invitations (%)"),
            [
                Figure(
                    row["scan__questionnaire__name"],
                    round(100 * row["completed"] / row["invited"]),
                    _("%(completed)s of %(invited)s invited") % row,
                )
                for row in invitations
                if row["invited"] >= MIN_GROUP_SIZE
            ],
        ),
    ]


def scan_reach(*, municipalities):
    """A municipality is reached by a Quick Scan once one of its scans was opened."""
    from portal.registry import Reach
    from programmes.models import Programme

    from .models import Scan

    programmes = {p.slug: p for p in Programme.objects.filter(slug__in=QUESTIONNAIRE_PROGRAMMES.values())}
    run = Scan.objects.filter(municipality__in=municipalities).exclude(status=Scan.Status.DRAFT)
    return [
        Reach(slug, programmes[slug].name_i18n, _("Quick Scan"), run.filter(questionnaire__slug=questionnaire).values("municipality_id"))
        for questionnaire, slug in QUESTIONNAIRE_PROGRAMMES.items()
        if slug in programmes
    ]


def register_dossier_and_figures(registry) -> None:
    registry.timeline.register(scan_timeline, order=10)
    registry.figures.register(scan_figures, order=10)
    registry.reach.register(scan_reach, order=10)

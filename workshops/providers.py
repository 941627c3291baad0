"""What workshops offer the core through `portal.registry` (registered in `WorkshopsConfig.ready`)."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_case_staff, is_griffier
from portal.registry import AdviceItem, NavLink, OverviewColumn, Panel, StaffLink
from quickscan.advice import for_scan_theme

from .models import Workshop
from .permissions import griffier_municipalities, requests_of_griffier
from .selectors import open_request_counts_by_municipality, planned_sessions_for_municipalities

NAV = NavLink(_("Workshops"), "workshops:workshop_list", "workshops")
STAFF_LINKS = [
    StaffLink(
        _("Workshop requests"),
        _("Handle the councils' workshop requests: assign, propose sessions, follow up; export as CSV."),
        "workshops:staff_request_queue",
        is_case_staff,
    ),
    StaffLink(
        _("Workshop evaluations"),
        _("How participants rated the workshops, per workshop and per trainer."),
        "workshops:staff_evaluation_results",
        is_case_staff,
    ),
]
OPEN_REQUESTS = OverviewColumn(
    "workshop_requests",
    _("Open workshop requests"),
    open_request_counts_by_municipality,
    "workshops:staff_request_queue",
)


def workshop_advice(
    *, municipality: Municipality, scan_theme_slug: str, portal_theme_ids: Sequence[int], limit: int
) -> list[AdviceItem]:
    """The published workshops linked to the weak Quick Scan theme; only when none is linked, those on the
    theme's portal themes (a wider, looser match)."""
    published = Workshop.objects.published().order_by("order", "title")
    workshops = list(for_scan_theme(published, scan_theme_slug)[:limit])
    if not workshops:
        workshops = list(published.filter(themes__in=portal_theme_ids).distinct()[:limit])
    return [
        AdviceItem("workshop", _("Workshop"), workshop.title_i18n, workshop.get_absolute_url())
        for workshop in workshops
    ]


def griffier_workshops_panel(*, user: User) -> list[Panel]:
    """The griffier's requests and planned sessions on "my portal"."""
    if not is_griffier(user):
        return []
    requests = requests_of_griffier(user).select_related("municipality").prefetch_related("workshops")[:10]
    sessions = planned_sessions_for_municipalities(griffier_municipalities(user).values("pk")).filter(
        ends_at__gte=timezone.now()
    )
    return [Panel("workshops/_dashboard_section.html", {"requests": list(requests), "sessions": list(sessions[:10])})]


def theme_workshops_panel(*, theme_id: int, user: User) -> list[Panel]:
    """Published workshops on a theme, for its theme page."""
    workshops = list(Workshop.objects.published().filter(themes=theme_id).order_by("order", "title"))
    return [Panel("workshops/_theme_workshops.html", {"workshops": workshops})] if workshops else []


# ---------- the dossier's timeline, staff figures and reach (appended by the offers app's issue) ----------
# Registered from WorkshopsConfig.ready() by `register_dossier_and_figures`.

MIN_EVALUATIONS = 5  # no average shown that describes fewer people


def request_timeline(*, municipality, user):
    """The municipality's workshop requests and their planned or held sessions, in three queries."""
    from django.urls import reverse

    from portal.registry import TimelineEntry

    from .models import Session, WorkshopRequest

    requests = WorkshopRequest.objects.filter(municipality=municipality).prefetch_related("workshops")
    as_griffier, as_staff = is_griffier(user, municipality), is_case_staff(user)
    for request in requests:
        url = request.get_absolute_url() if as_griffier else ""
        if as_staff and not as_griffier:
            url = reverse("workshops:staff_request_detail", kwargs={"pk": request.pk})
        yield TimelineEntry(
            when=request.created_at,
            kind="workshop_request",
            kind_label=_("Workshop request"),
            title=", ".join(workshop.title_i18n for workshop in request.workshops.all()),
            url=url,
            status=request.get_status_display(),
        )
    now = timezone.now()
    for session in Session.objects.planned().filter(proposal__request__municipality=municipality).select_related("workshop"):
        yield TimelineEntry(
            when=session.starts_at,
            kind="workshop_session",
            kind_label=_("Workshop"),
            title=session.workshop.title_i18n,
            detail=session.place,
            status=str(_("held") if session.ends_at < now else _("planned")),
        )


def workshop_figures(*, user, municipalities):
    """Requests per status, sessions given and evaluation scores (only with enough evaluations)."""
    from django.db.models import Avg, Count

    from portal.registry import Figure, FigureSection

    from .models import Evaluation, Session, WorkshopRequest

    requests = WorkshopRequest.objects.filter(municipality__in=municipalities)
    counts = dict(requests.values_list("status").annotate(n=Count("pk")).order_by())
    given = Session.objects.planned().filter(proposal__request__in=requests, ends_at__lt=timezone.now())
    scores = (
        Evaluation.objects.filter(session__in=given)
        .values("session__workshop__title")
        .annotate(average=Avg("rating"), n=Count("pk"))
        .order_by("session__workshop__title")
    )
    return [
        FigureSection(
            "workshop-requests",
            _("Workshop requests per status"),
            [Figure(label, counts.get(value, 0)) for value, label in WorkshopRequest.Status.choices],
        ),
        FigureSection(
            "workshop-evaluations",
            _("Workshops given and their evaluation (1-5)"),
            [Figure(_("Sessions given"), given.count())]
            + [
                Figure(row["session__workshop__title"], round(row["average"], 1), _("%(n)s evaluations") % row)
                for row in scores
                if row["n"] >= MIN_EVALUATIONS
            ],
        ),
    ]


def workshop_reach(*, municipalities):
    """A municipality is reached by the Inwerkprogramma once a workshop for its council was planned."""
    from portal.registry import Reach
    from programmes.models import Programme

    from .models import WorkshopRequest

    programme = Programme.objects.filter(slug="actieprogramma-lokaal-bestuur").first()
    if programme is None:
        return []
    reached = WorkshopRequest.objects.filter(
        municipality__in=municipalities,
        status__in=[WorkshopRequest.Status.PLANNED, WorkshopRequest.Status.HELD, WorkshopRequest.Status.EVALUATED],
    )
    return [Reach(programme.slug, programme.name_i18n, _("Inwerkprogramma workshops"), reached.values("municipality_id"))]


def register_dossier_and_figures(registry) -> None:
    registry.timeline.register(request_timeline, order=20)
    registry.figures.register(workshop_figures, order=20)
    registry.reach.register(workshop_reach, order=20)


# ---------- site search (appended by the library; kept together at the end of the file) ----------

from django.db.models import Q  # noqa: E402

from portal.registry import SearchHit  # noqa: E402


def workshop_search(*, query: str, limit: int) -> list[SearchHit]:
    """Published workshops whose title, summary or description holds every word of `query`."""
    words = [word for word in query.split() if len(word) > 1][:8]
    if not words:
        return []
    workshops = Workshop.objects.published().prefetch_related("themes")
    for word in words:
        workshops = workshops.filter(
            Q(title__icontains=word) | Q(title_en__icontains=word) | Q(summary__icontains=word)
            | Q(summary_en__icontains=word) | Q(description__icontains=word) | Q(description_en__icontains=word)
        )
    hits = []
    for workshop in workshops.order_by("order")[:limit]:
        in_title = all(word.lower() in workshop.title_i18n.lower() for word in words)
        hits.append(
            SearchHit(
                kind="workshop", kind_label=_("Workshop"), title=workshop.title_i18n, url=workshop.get_absolute_url(),
                snippet=workshop.summary_i18n, rank=0.6 if in_title else 0.3,
                facets={"type": [str(_("Workshop"))], "theme": [theme.name_i18n for theme in workshop.themes.all()]},
            )
        )
    return hits

"""What workshops offer the core through `portal.registry` (registered in `WorkshopsConfig.ready`)."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_case_staff, is_griffier
from portal.registry import AdviceItem, NavLink, OverviewColumn, Panel, StaffLink

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
    """Published workshops on the weak theme's portal themes."""
    workshops = Workshop.objects.published().filter(themes__in=portal_theme_ids).distinct().order_by("order")
    return [
        AdviceItem("workshop", _("Workshop"), workshop.title_i18n, workshop.get_absolute_url())
        for workshop in workshops[:limit]
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

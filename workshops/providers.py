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

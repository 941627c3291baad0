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

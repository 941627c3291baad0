"""The staff start page: one entry per tool, shown to the roles that may use it. Apps add theirs here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import StaffRole
from .permissions import has_staff_role


@dataclass(frozen=True)
class StaffLink:
    title: str | Promise
    description: str | Promise
    url_name: str
    roles: tuple[StaffRole, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name)


STAFF_LINKS: list[StaffLink] = [
    StaffLink(
        _("Griffier requests"),
        _("Confirm or refuse members who ask to act as griffier of a municipality."),
        "portal:griffier_role_queue",
        (StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR),
    ),
    StaffLink(
        _("Content administration"),
        _("Edit programmes, themes and everything else in the administration screens."),
        "admin:index",
    ),
    StaffLink(
        _("Workshop requests"),
        _("Handle the councils' workshop requests: assign, propose sessions, follow up; export as CSV."),
        "workshops:staff_request_queue",
        (StaffRole.CONSULTANT, StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR),
    ),
    StaffLink(
        _("Workshop evaluations"),
        _("How participants rated the workshops, per workshop and per trainer."),
        "workshops:staff_evaluation_results",
        (StaffRole.CONSULTANT, StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR),
    ),
    StaffLink(
        _("Regional overview"),
        _("The municipalities of your regions and what is going on there."),
        "consultants:regional_overview",
        (StaffRole.CONSULTANT, StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR),
    ),
    StaffLink(
        _("Quick Scans"),
        _("All scans with their status and response, national figures per theme and an export of aggregated results."),
        "quickscan:staff_scan_list",
        (StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR),
    ),
    StaffLink(
        _("Quick Scans of my regions"),
        _("Follow the response and read the reports of the scans you guide."),
        "quickscan:scan_list",
        (StaffRole.CONSULTANT,),
    ),
]


def staff_links_for(user) -> list[StaffLink]:
    return [link for link in STAFF_LINKS if has_staff_role(user, *link.roles)]

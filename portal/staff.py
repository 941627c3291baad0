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
]


def staff_links_for(user) -> list[StaffLink]:
    return [link for link in STAFF_LINKS if has_staff_role(user, *link.roles)]

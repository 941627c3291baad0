"""The staff start page: the core's own entries; apps add theirs to `registry.staff_links`."""

from django.utils.translation import gettext_lazy as _

from . import registry
from .models import User
from .permissions import is_manager, is_staff_member
from .registry import StaffLink

CORE_STAFF_LINKS = [
    StaffLink(
        _("Griffier requests"),
        _("Confirm or refuse members who ask to act as griffier of a municipality."),
        "portal:griffier_role_queue",
        is_manager,
    ),
    StaffLink(
        _("Content administration"),
        _("Edit programmes, themes and everything else in the administration screens."),
        "admin:index",
        is_staff_member,
    ),
]


def staff_links_for(user: User) -> list[StaffLink]:
    return [link for link in registry.staff_links if link.visible_to(user)]

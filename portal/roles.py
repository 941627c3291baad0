"""Staff roles are Django groups; this is the one place that says what each may change.

`sync_staff_groups` runs after every migrate, so a new app's permissions reach the groups by
adding its label here. Patterns are `app_label.codename` or `app_label.*`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import StaffRole

ROLE_PERMISSIONS: dict[StaffRole, list[str]] = {
    StaffRole.EDITOR: ["programmes.*", "events.*", "publications.*"],
    StaffRole.CONSULTANT: ["consultants.view_*", "workshops.view_*", "quickscan.view_*"],
    StaffRole.PROGRAMME_MANAGER: [
        "programmes.*", "workshops.*", "consultants.*", "quickscan.*", "events.*", "publications.*",
        "portal.view_user", "portal.view_municipality", "portal.change_municipality", "portal.view_region",
        "portal.change_region", "portal.view_griffierrole", "portal.change_griffierrole", "portal.view_job",
    ],
    StaffRole.ADMINISTRATOR: [
        "portal.*", "auth.*", "programmes.*", "workshops.*", "consultants.*", "quickscan.*", "events.*",
        "publications.*", "mfa.view_authenticator", "mfa.delete_authenticator",
    ],
}


def _query(patterns: list[str]) -> Q:
    condition = Q(pk__in=[])
    for pattern in patterns:
        app_label, codename = pattern.split(".", 1)
        if codename == "*":
            condition |= Q(content_type__app_label=app_label)
        elif codename.endswith("*"):
            condition |= Q(content_type__app_label=app_label, codename__startswith=codename[:-1])
        else:
            condition |= Q(content_type__app_label=app_label, codename=codename)
    return condition


def sync_staff_groups(**kwargs) -> None:
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(Permission.objects.filter(_query(patterns)))

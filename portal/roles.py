"""Staff roles are Django groups; apps say what each role may change in the admin.

Each app registers its patterns in `AppConfig.ready()` (`registry.staff_permissions.register((role,
"events.*"))`); `sync_staff_groups` runs after every migrate and gives each group exactly the
permissions registered for it. Patterns are `app_label.codename`, `app_label.prefix*` or `app_label.*`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from . import registry
from .models import StaffRole

CORE_PERMISSIONS: list[tuple[StaffRole, str]] = [
    *(
        (StaffRole.PROGRAMME_MANAGER, pattern)
        for pattern in (
            "portal.view_user", "portal.view_municipality", "portal.change_municipality", "portal.view_region",
            "portal.change_region", "portal.view_griffierrole", "portal.change_griffierrole",
        )
    ),
    *((StaffRole.ADMINISTRATOR, pattern) for pattern in ("portal.*", "auth.*", "mfa.view_authenticator", "mfa.delete_authenticator")),
]


def patterns_for(role: StaffRole) -> list[str]:
    return [pattern for holder, pattern in registry.staff_permissions if holder == role]


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
    for role in StaffRole:
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(Permission.objects.filter(_query(patterns_for(role))))

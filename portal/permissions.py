"""Who may do what. The one pattern every app follows.

Each app has its own `permissions.py` built from these parts:

* a decorator on every protected view (`member_required`, `griffier_required`, `staff_required(...)`):
  anonymous visitors go to the login page, a signed-in user without the role gets 403;
* a scoping function that narrows a QuerySet to what the user may see
  (`municipalities_for(user)`), and a `get_<thing>_for_user(request, ...)` helper that looks up
  one object *through* that scope, so another municipality's object answers 404, never 403.

Hiding a button is never the access check.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import GriffierRole, Municipality, StaffRole, User


def has_staff_role(user, *roles: StaffRole | str) -> bool:
    """True if the user holds one of `roles` (any staff role when none are named). Superusers hold all."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = _staff_group_names(user)
    wanted = {str(role) for role in roles} if roles else {str(role) for role in StaffRole}
    return bool(names & wanted)


def _staff_group_names(user) -> set[str]:
    cached = getattr(user, "_portal_staff_groups", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=[str(r) for r in StaffRole]).values_list("name", flat=True))
        user._portal_staff_groups = cached
    return cached


def griffier_municipality_ids(user) -> set[int]:
    """Ids of the municipalities for which the user is a confirmed griffier."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_portal_griffier_ids", None)
    if cached is None:
        cached = set(GriffierRole.objects.confirmed().filter(user=user).values_list("municipality_id", flat=True))
        user._portal_griffier_ids = cached
    return cached


def is_griffier(user, municipality: Municipality | None = None) -> bool:
    ids = griffier_municipality_ids(user)
    return bool(ids) if municipality is None else municipality.pk in ids


def sees_all_municipalities(user) -> bool:
    return has_staff_role(user, StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR)


def municipalities_for(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """The municipalities whose private data (scans, requests, applications) the user may see.

    Programme managers and administrators: all. Consultants: their regions. Griffiers: their own.
    Everyone else: none.
    """
    queryset = Municipality.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_municipalities(user):
        return queryset
    from django.db.models import Q

    condition = Q(pk__in=griffier_municipality_ids(user))
    if has_staff_role(user, StaffRole.CONSULTANT):
        condition |= Q(region__in=user.regions.all())
    return queryset.filter(condition)


def needs_second_factor(user) -> bool:
    """Privileged users (staff, confirmed griffiers) without an authenticator must set one up first."""
    if not user.is_authenticated:
        return False
    privileged = user.is_staff or user.is_superuser or has_staff_role(user) or is_griffier(user)
    if not privileged:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def member_required(view: Callable) -> Callable:
    return login_required(view)


def griffier_required(view: Callable) -> Callable:
    """The user is a confirmed griffier of at least one municipality (which one is checked by scoping)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_griffier(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def staff_required(*roles: StaffRole) -> Callable[[Callable], Callable]:
    """The user holds one of the staff `roles` (any staff role when none are named)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_staff_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def role_names(user: User) -> Iterable[str]:
    """Readable role labels for the profile page."""
    names = [label for value, label in StaffRole.choices if has_staff_role(user, value) and not user.is_superuser]
    if user.is_superuser:
        names.append(StaffRole.ADMINISTRATOR.label)
    return names

"""Who may do what: the portal's one role vocabulary. Every app's `permissions.py` builds on it.

* **Role sets** are named once here (`MANAGERS`, `CASE_STAFF`, `CONTENT_STAFF`, `REVIEWERS`); a test
  forbids typing two or more roles out together anywhere else.
* **Predicates** answer one question about a user (`is_manager(user)`, `is_griffier(user, municipality)`).
* **One decorator factory**, `role_required(predicate)`: an anonymous visitor goes to the login page, a
  signed-in user for whom the predicate is false gets 403.
* **Scopes** narrow a QuerySet to what a user may see (`municipalities_for(user)`), and each app looks up
  one object through its scope with the shape `get_<thing>_for_user(user, pk, *, write=False)`: another
  municipality's object answers 404, never 403, so its existence does not leak.

Hiding a button is never the access check.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast

from .models import GriffierRole, Municipality, StaffRole, User

# Role sets, named once.
MANAGERS = (StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR)
CASE_STAFF = (StaffRole.CONSULTANT, *MANAGERS)  # guide municipalities: scans, requests, applications
CONTENT_STAFF = (StaffRole.EDITOR, *MANAGERS)  # publish events, publications, news and newsletters
REVIEWERS = (StaffRole.EDITOR, StaffRole.PROGRAMME_MANAGER)  # asked to review a publication (administrators may, unasked)

Predicate = Callable[[User], bool]


def is_member(user) -> bool:
    """Signed in with an active account."""
    return bool(user.is_authenticated and user.is_active)


def has_staff_role(user, *roles: StaffRole | str) -> bool:
    """True if the user holds one of `roles` (any staff role when none are named). Superusers hold all."""
    if not is_member(user):
        return False
    if user.is_superuser:
        return True
    names = _staff_group_names(user)
    wanted = {str(role) for role in roles} if roles else {str(role) for role in StaffRole}
    return bool(names & wanted)


def _load_roles(user) -> None:
    """Read the user's staff groups, confirmed griffier municipalities and TOTP authenticator in one query.

    One UNION ALL round trip instead of three, kept on the user object for the rest of the request
    (`_portal_staff_groups`, `_portal_griffier_ids`, `_portal_has_totp`); nothing outlives the request.
    """
    from allauth.mfa.models import Authenticator

    def rows(queryset: QuerySet, kind: str, value) -> QuerySet:
        return queryset.order_by().annotate(kind=Value(kind, CharField()), value=value).values_list("kind", "value")

    groups = rows(user.groups.filter(name__in=[str(r) for r in StaffRole]), "group", F("name"))
    griffier = rows(
        GriffierRole.objects.confirmed().filter(user=user), "griffier", Cast("municipality_id", CharField())
    )
    totp = rows(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP), "totp", Value("", CharField()))
    found = list(groups.union(griffier, totp, all=True))
    user._portal_staff_groups = {value for kind, value in found if kind == "group"}
    user._portal_griffier_ids = {int(value) for kind, value in found if kind == "griffier"}
    user._portal_has_totp = any(kind == "totp" for kind, _value in found)


def _staff_group_names(user) -> set[str]:
    if getattr(user, "_portal_staff_groups", None) is None:
        _load_roles(user)
    return user._portal_staff_groups


def is_staff_member(user) -> bool:
    return has_staff_role(user)


def is_manager(user) -> bool:
    """Programme managers and administrators: every municipality, every figure."""
    return has_staff_role(user, *MANAGERS)


def is_administrator(user) -> bool:
    return has_staff_role(user, StaffRole.ADMINISTRATOR)


def is_consultant(user) -> bool:
    return has_staff_role(user, StaffRole.CONSULTANT)


def is_case_staff(user) -> bool:
    """Staff who guide municipalities: consultants (their regions) and managers (all)."""
    return has_staff_role(user, *CASE_STAFF)


def is_content_staff(user) -> bool:
    """Staff who publish: editors and managers."""
    return has_staff_role(user, *CONTENT_STAFF)


sees_all_municipalities = is_manager


def griffier_municipality_ids(user) -> set[int]:
    """Ids of the municipalities for which the user is a confirmed griffier."""
    if not is_member(user):
        return set()
    if getattr(user, "_portal_griffier_ids", None) is None:
        _load_roles(user)
    return user._portal_griffier_ids


def is_griffier(user, municipality: Municipality | None = None) -> bool:
    """A confirmed griffier (of `municipality`, when one is given)."""
    ids = griffier_municipality_ids(user)
    return bool(ids) if municipality is None else municipality.pk in ids


def is_confirmed_griffier_of(user, municipality: Municipality) -> bool:
    return is_griffier(user, municipality)


def municipalities_for(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """The municipalities whose private data (scans, requests, applications) the user may see.

    Managers: all. Consultants: their regions. Griffiers: their own. Everyone else: none.
    """
    queryset = Municipality.objects.all() if queryset is None else queryset
    if not is_member(user):
        return queryset.none()
    if is_manager(user):
        return queryset
    condition = Q(pk__in=griffier_municipality_ids(user))
    if is_consultant(user):
        condition |= Q(region__in=user.regions.all())
    return queryset.filter(condition)


def needs_second_factor(user) -> bool:
    """Privileged users (staff, confirmed griffiers) without an authenticator must set one up first."""
    if not user.is_authenticated:
        return False
    privileged = user.is_staff or user.is_superuser or is_staff_member(user) or is_griffier(user)
    if not privileged:
        return False
    if getattr(user, "_portal_has_totp", None) is None:
        _load_roles(user)
    return not user._portal_has_totp


def role_required(predicate: Predicate) -> Callable[[Callable], Callable]:
    """Anonymous visitors go to the login page; signed-in users for whom `predicate` is false get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


member_required = role_required(is_member)
griffier_required = role_required(is_griffier)


def role_names(user: User) -> list[str]:
    """Readable role labels for the profile page."""
    if user.is_superuser:
        return [str(StaffRole.ADMINISTRATOR.label)]
    return [str(label) for value, label in StaffRole.choices if has_staff_role(user, value)]


def users_holding(*roles: StaffRole) -> QuerySet:
    """The accounts holding any of `roles`: for "assign to" choices."""
    return User.objects.filter(is_active=True, groups__name__in=[str(role) for role in roles]).distinct()

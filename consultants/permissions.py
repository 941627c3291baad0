"""Who sees which consultants and which regional overview.

The directory is public (active consultants only); staff also see inactive ones. The regional overview
is for staff: consultants see the municipalities of their own regions, managers and administrators all.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.permissions import is_case_staff, is_staff_member, municipalities_for, role_required

from .models import Consultant

overview_required = role_required(is_case_staff)


def consultants_for(user, *, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Consultant.objects.all() if queryset is None else queryset
    if is_staff_member(user):
        return queryset
    return queryset.active()


def get_consultant_for_user(user, slug: str) -> Consultant:
    queryset = consultants_for(user).prefetch_related("regions", "themes")
    return get_object_or_404(queryset, slug=slug)


def overview_municipalities_for(user) -> QuerySet:
    """The municipalities on a user's regional overview: their own regions' (all for managers)."""
    return municipalities_for(user, queryset=Municipality.objects.current())

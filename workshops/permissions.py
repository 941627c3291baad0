"""Who sees which workshop requests.

A griffier sees the requests of the municipalities they are confirmed for; consultants those of their
regions (and any assigned to them); programme managers and administrators all. Lookups go through these
scopes, so another municipality's request answers 404, never 403.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.permissions import (
    griffier_municipality_ids,
    griffier_required,
    is_case_staff,
    is_manager,
    municipalities_for,
    role_required,
)

from .models import Session, WorkshopRequest
from .tokens import token_hash

request_staff_required = role_required(is_case_staff)
__all__ = ["griffier_required", "request_staff_required"]


def griffier_municipalities(user) -> QuerySet:
    return Municipality.objects.filter(pk__in=griffier_municipality_ids(user))


def requests_of_griffier(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """The requests a griffier works on: those of their own municipalities."""
    queryset = WorkshopRequest.objects.all() if queryset is None else queryset
    return queryset.filter(municipality_id__in=griffier_municipality_ids(user))


def requests_for_staff(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """The requests a staff member handles: their regions' and those assigned to them (all for managers)."""
    queryset = WorkshopRequest.objects.all() if queryset is None else queryset
    if not is_case_staff(user):
        return queryset.none()
    if is_manager(user):
        return queryset
    return queryset.filter(Q(municipality__in=municipalities_for(user)) | Q(assigned_to=user))


def get_request_for_griffier(user, pk: int) -> WorkshopRequest:
    return get_object_or_404(requests_of_griffier(user).select_related("municipality", "requested_by"), pk=pk)


def get_request_for_staff(user, pk: int) -> WorkshopRequest:
    queryset = requests_for_staff(user).select_related(
        "municipality__region", "requested_by", "assigned_to"
    )
    return get_object_or_404(queryset, pk=pk)


def sessions_for_staff(user) -> QuerySet:
    return Session.objects.filter(proposal__request__in=requests_for_staff(user))


def get_session_by_token(token: str) -> Session:
    """Evaluation links carry an unguessable token instead of an account; an unknown token is a 404."""
    queryset = Session.objects.select_related("workshop", "trainer", "proposal__request")
    return get_object_or_404(queryset, evaluation_token_hash=token_hash(token))

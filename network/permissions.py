"""Who acts for which network member: a municipality's confirmed griffier, a partner's own account.

Another member answers 404. The member list and coalition pages are public.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.permissions import griffier_municipality_ids, is_manager, is_member, role_required

from .models import Member

manager_required = role_required(is_manager)


def members_for(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """The active members `user` may act for."""
    queryset = Member.objects.all() if queryset is None else queryset
    if not is_member(user):
        return queryset.none()
    return queryset.active().filter(
        Q(kind=Member.Kind.MUNICIPALITY, municipality_id__in=griffier_municipality_ids(user))
        | Q(kind=Member.Kind.PARTNER, contact_user=user)
    )


def get_member_for_user(user, pk) -> Member:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    member = members_for(user).select_related("municipality").filter(pk=pk).first()
    if member is None:
        raise Http404
    return member

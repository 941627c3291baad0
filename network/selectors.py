"""Reads for the network pages, the dossier and the dashboard."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Coalition, CoalitionMembership, Member


def coalitions_with_counts() -> QuerySet[Coalition]:
    return (
        Coalition.objects.active()
        .select_related("theme")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("order", "name")
    )


def public_members() -> QuerySet[Member]:
    current = CoalitionMembership.objects.current().select_related("coalition").order_by("coalition__order")
    return (
        Member.objects.active()
        .select_related("municipality__province")
        .prefetch_related(Prefetch("coalitions", queryset=current, to_attr="current_coalitions"))
    )


def coalition_members(coalition: Coalition) -> QuerySet[CoalitionMembership]:
    return (
        coalition.memberships.current()
        .filter(member__status=Member.Status.ACTIVE)
        .select_related("member__municipality__province")
        .order_by("member__kind", "member__organisation", "member__municipality__name")
    )


def municipality_membership(municipality_id: int) -> Member | None:
    current = CoalitionMembership.objects.current().select_related("coalition")
    return (
        Member.objects.active()
        .filter(municipality_id=municipality_id)
        .prefetch_related(Prefetch("coalitions", queryset=current, to_attr="current_coalitions"))
        .first()
    )

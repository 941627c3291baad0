"""What the network offers the core through `portal.registry`."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_manager, is_member
from portal.registry import Figure, FigureSection, Panel, Reach, StaffLink, TimelineEntry
from programmes.models import Programme

from . import services
from .models import Coalition, CoalitionMembership, Member
from .permissions import members_for
from .selectors import municipality_membership

PROGRAMME_SLUG = "democratie-in-actie"
STAFF_LINKS = [
    StaffLink(
        _("Network partners"),
        _("Admit partner organisations to the network Lokale Digitale Democratie."),
        "network:staff_partner_queue",
        is_manager,
    )
]


def municipality_network_panel(*, municipality: Municipality, user: User | None, dossier: bool) -> list[Panel]:
    """Membership of the network is public: on the municipality's page and in its dossier."""
    member = municipality_membership(municipality.pk)
    if member is None and not dossier:
        return []
    return [Panel("network/_municipality_membership.html", {"network_member": member, "dossier": dossier})]


def my_network_panel(*, user: User) -> list[Panel]:
    if not is_member(user):
        return []
    members = list(members_for(user).select_related("municipality"))
    return [Panel("network/_my_network.html", {"network_members": members})] if members else []


THEME_COALITIONS_TEMPLATE = "network/_theme_coalitions.html"


def theme_coalitions_panel(*, theme_id: int, user: User) -> list[Panel]:
    coalitions = list(Coalition.objects.active().filter(theme_id=theme_id))
    return [Panel(THEME_COALITIONS_TEMPLATE, {"theme_coalitions": coalitions})] if coalitions else []


def timeline(*, municipality: Municipality, user: User) -> Iterable[TimelineEntry]:
    """Joining the network and each coalition joined or left, in two queries."""
    url = reverse("network:network_home")
    for member in Member.objects.filter(municipality=municipality, joined_at__isnull=False):
        yield TimelineEntry(member.joined_at, "network", _("Network"), str(_("Joined the network Lokale Digitale Democratie")), url)
    memberships = CoalitionMembership.objects.filter(member__municipality=municipality).select_related("coalition")
    for membership in memberships:
        coalition_url = membership.coalition.get_absolute_url()
        yield TimelineEntry(
            membership.joined_at, "coalition", _("Coalition"), membership.coalition.name_i18n, coalition_url,
            status=str(_("joined")),
        )
        if membership.left_at:
            yield TimelineEntry(
                membership.left_at, "coalition", _("Coalition"), membership.coalition.name_i18n, coalition_url,
                status=str(_("left")),
            )


def figures(*, user: User, municipalities: QuerySet) -> list[FigureSection]:
    members = Member.objects.active()
    municipal = members.filter(kind=Member.Kind.MUNICIPALITY, municipality__in=municipalities).count()
    partners = members.filter(kind=Member.Kind.PARTNER).count()
    coalitions = Coalition.objects.active().annotate(
        n=Count(
            "memberships",
            filter=Q(memberships__left_at__isnull=True)
            & (Q(memberships__member__municipality__in=municipalities) | Q(memberships__member__kind=Member.Kind.PARTNER)),
        )
    ).order_by("order", "name")
    return [
        FigureSection(
            "network-members",
            _("Network Lokale Digitale Democratie"),
            [Figure(_("Member municipalities"), municipal), Figure(_("Partner organisations"), partners)],
            url=reverse("network:member_list"),
        ),
        FigureSection(
            "network-coalitions",
            _("Members per theme coalition"),
            [Figure(coalition.name_i18n, coalition.n) for coalition in coalitions],
            url=reverse("network:network_home"),
        ),
    ]


def reach(*, municipalities: QuerySet) -> list[Reach]:
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return []
    joined = Member.objects.active().filter(kind=Member.Kind.MUNICIPALITY, municipality__in=municipalities)
    return [Reach(programme.slug, programme.name_i18n, _("Network Lokale Digitale Democratie"), joined.values("municipality_id"))]


def personal_data(*, user: User) -> Mapping[str, Any]:
    return {
        "network_memberships": [
            {
                "member": member.display_name,
                "status": member.status,
                "contact_name": member.contact_name,
                "contact_email": member.contact_email,
                "applied_at": member.applied_at.isoformat(),
            }
            for member in Member.objects.filter(contact_user=user).select_related("municipality")
        ]
    }


def erase_account(*, user: User) -> None:
    services.network_erase_person(user=user)

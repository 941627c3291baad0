"""What the consultant directory offers the core through `portal.registry`."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_case_staff
from portal.registry import AdviceItem, NavLink, Panel, StaffLink

from .selectors import consultants_for_municipality

NAV = NavLink(_("Consultants"), "consultants:consultant_list", "consultants")
STAFF_LINKS = [
    StaffLink(
        _("Regional overview"),
        _("The municipalities of your regions and what is going on there."),
        "consultants:regional_overview",
        is_case_staff,
    )
]


def municipality_consultants_panel(*, municipality: Municipality, user: User | None, dossier: bool) -> list[Panel]:
    """The consultants of the municipality's region, on its public page (the dossier names them as contacts)."""
    if dossier:
        return []
    consultants = list(consultants_for_municipality(municipality))
    return [
        Panel(
            "consultants/_municipality_consultants.html", {"municipality": municipality, "consultants": consultants}
        )
    ]


def municipality_contacts(*, municipality: Municipality) -> list[AdviceItem]:
    """The municipality's own consultants, with how to reach them."""
    return [
        AdviceItem(
            "consultant",
            consultant.get_role_display(),
            consultant.name,
            consultant.get_absolute_url(),
            " · ".join(part for part in (consultant.email, consultant.phone) if part),
        )
        for consultant in consultants_for_municipality(municipality)
    ]


def consultant_advice(
    *, municipality: Municipality, scan_theme_slug: str, portal_theme_ids: Sequence[int], limit: int
) -> list[AdviceItem]:
    """The region's consultants who know the weak theme's subject."""
    consultants = consultants_for_municipality(municipality).with_any_theme(portal_theme_ids)
    return [
        AdviceItem("consultant", _("Consultant"), consultant.name, consultant.get_absolute_url())
        for consultant in consultants[:limit]
    ]


# ---------- site search (appended by the library; kept together at the end of the file) ----------

from django.db.models import Q  # noqa: E402

from portal.registry import SearchHit  # noqa: E402

from .models import Consultant  # noqa: E402


def consultant_search(*, query: str, limit: int) -> list[SearchHit]:
    """Active consultants whose name, biography, themes or regions hold every word of `query`."""
    words = [word for word in query.split() if len(word) > 1][:8]
    if not words:
        return []
    consultants = Consultant.objects.active().prefetch_related("themes")
    for word in words:
        consultants = consultants.filter(
            Q(name__icontains=word) | Q(bio__icontains=word) | Q(bio_en__icontains=word)
            | Q(themes__name__icontains=word) | Q(regions__name__icontains=word)
        )
    hits = []
    for consultant in consultants.distinct().order_by("name")[:limit]:
        in_name = all(word.lower() in consultant.name.lower() for word in words)
        hits.append(
            SearchHit(
                kind="consultant", kind_label=consultant.get_role_display(), title=consultant.name,
                url=consultant.get_absolute_url(), snippet=consultant.bio_i18n[:300], rank=0.7 if in_name else 0.2,
                facets={"type": [str(_("Consultant"))], "theme": [theme.name_i18n for theme in consultant.themes.all()]},
            )
        )
    return hits

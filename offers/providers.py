"""What the offers app gives the core through `portal.registry` (registered in `OffersConfig.ready`)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import griffier_municipality_ids, is_case_staff, is_member
from portal.registry import (
    Figure,
    FigureSection,
    NavLink,
    Panel,
    Reach,
    StaffLink,
    TimelineEntry,
)

from . import services
from .models import Application, Offer
from .permissions import applications_for
from .selectors import status_events_for_municipality

NAV = NavLink(_("Offers"), "offers:offer_list", "offers")
STAFF_LINKS = [
    StaffLink(
        _("Applications for offers"),
        _("Review applications, assign them, decide with a budget, keep the reserve lists; export as CSV."),
        "offers:staff_queue",
        is_case_staff,
    ),
]
Status = Application.Status


def my_applications_panel(*, user: User) -> list[Panel]:
    """The applications of the griffier's municipalities, and a member's own (local initiatives)."""
    if not is_member(user):
        return []
    applications = list(applications_for(user).select_related("offer", "municipality")[:20])
    if not applications and not griffier_municipality_ids(user):
        return []
    return [Panel("offers/_my_applications.html", {"my_applications": applications})]


def dossier_applications_panel(*, municipality: Municipality, user: User | None, dossier: bool) -> list[Panel]:
    """In the dossier: every submitted application of the municipality with its status and places."""
    if not dossier:
        return []
    applications = list(
        Application.objects.submitted()
        .filter(municipality=municipality)
        .select_related("offer", "adviser")
        .order_by("-submitted_at")
    )
    url_name = _detail_url_name(user)
    for application in applications:
        application.dossier_url = reverse(url_name, kwargs={"pk": application.pk})
    return [Panel("offers/_dossier_applications.html", {"dossier_applications": applications})]


def _detail_url_name(user: User | None) -> str:
    """Staff read an application on the review pages; the municipality on its own."""
    return "offers:staff_application_detail" if user is not None and is_case_staff(user) else "offers:application_detail"


def timeline(*, municipality: Municipality, user: User) -> Iterable[TimelineEntry]:
    """Submissions and decisions of the municipality's applications, in one query."""
    url_name = _detail_url_name(user)
    for event in status_events_for_municipality(municipality.pk):
        application = event.application
        detail = ""
        if event.to_status == Status.GRANTED:
            parts = []
            if application.budget_granted:
                parts.append(str(_("budget %(amount)s euros") % {"amount": f"{application.budget_granted:,}".replace(",", ".")}))
            if application.adviser_id:
                parts.append(str(_("adviser %(name)s") % {"name": application.adviser.name}))
            detail = ", ".join(parts)
        yield TimelineEntry(
            when=event.created_at,
            kind="application",
            kind_label=_("Application") if event.action == event.Action.SUBMITTED else _("Decision"),
            title=application.offer.title_i18n,
            url=reverse(url_name, kwargs={"pk": application.pk}),
            detail=detail,
            status=dict(Status.choices)[event.to_status],
        )


def figures(*, user: User, municipalities: QuerySet) -> list[FigureSection]:
    """Applications per offer and status, and places left, counted over `municipalities`."""
    rows = (
        Application.objects.submitted()
        .filter(municipality__in=municipalities)
        .values("offer_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["offer_id"], {})[row["status"]] = row["n"]
    offers = list(Offer.objects.with_counts().order_by("order", "title"))
    places = FigureSection(
        "offer-places",
        _("Places left per offer"),
        [
            Figure(
                offer.title_i18n,
                offer.places_left if offer.places is not None else "–",
                _("%(granted)s of %(places)s granted") % {"granted": offer.granted_count, "places": offer.places}
                if offer.places is not None
                else _("no limit; %(granted)s granted") % {"granted": offer.granted_count},
            )
            for offer in offers
        ],
        url=reverse("offers:staff_queue"),
    )
    sections = [places]
    for offer in offers:
        found = counts.get(offer.pk, {})
        sections.append(
            FigureSection(
                f"offer-{offer.slug}",
                _("Applications: %(offer)s") % {"offer": offer.title_i18n},
                [Figure(label, found.get(value, 0)) for value, label in Status.choices if value != Status.DRAFT],
                url=reverse("offers:staff_queue") + f"?offer={offer.slug}",
            )
        )
    return sections


def reach(*, municipalities: QuerySet) -> list[Reach]:
    """A municipality is reached by a programme once one of its offers was granted to it."""
    granted = Application.objects.filter(status=Status.GRANTED, municipality__in=municipalities)
    programmes = Offer.objects.filter(applications__in=granted).select_related("programme").distinct()
    found: dict[int, Reach] = {}
    for offer in programmes:
        found.setdefault(
            offer.programme_id,
            Reach(
                offer.programme.slug,
                offer.programme.name_i18n,
                _("Programme offers"),
                granted.filter(offer__programme_id=offer.programme_id).values("municipality_id"),
            ),
        )
    return list(found.values())


def quickscan_gate(*, municipality: Municipality, questionnaire_slug: str) -> bool:
    """A restricted questionnaire opens for a municipality granted an offer that unlocks it."""
    return Application.objects.filter(
        municipality=municipality, status=Status.GRANTED, offer__unlocks_questionnaire=questionnaire_slug
    ).exists()


def personal_data(*, user: User) -> Mapping[str, Any]:
    applications = Application.objects.filter(applicant=user).select_related("offer", "municipality")
    return {
        "applications": [
            {
                "offer": application.offer.title,
                "municipality": application.municipality.name,
                "status": application.status,
                "contact_name": application.contact_name,
                "contact_function": application.contact_function,
                "contact_email": application.contact_email,
                "contact_phone": application.contact_phone,
                "plan": application.plan,
                "created_at": application.created_at.isoformat(),
                "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
            }
            for application in applications
        ]
    }


def erase_account(*, user: User) -> None:
    services.applications_erase_person(user=user)

"""What events offer the core through `portal.registry` (registered in `EventsConfig.ready`)."""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_member
from portal.registry import (
    AdviceItem,
    Figure,
    FigureSection,
    NavLink,
    NewsletterItem,
    Panel,
    SearchHit,
    StaffLink,
    TimelineEntry,
)
from quickscan.advice import for_scan_theme

from . import selectors
from .models import Event, Registration
from .permissions import may_manage_events, registrations_of
from .services.housekeeping import registrations_erase_for_user
from .tokens import registration_token

NAV = NavLink(_("Agenda"), "events:event_list", "events")
STAFF_LINKS = [
    StaffLink(
        _("Events"),
        _("Create and publish events; registrations, waiting lists, messages, exports and check-in."),
        "events:staff_event_list",
        may_manage_events,
    ),
    StaffLink(
        _("Event figures"),
        _("Registrations, attendance and no-shows by type, region, programme and function."),
        "events:staff_figures",
        may_manage_events,
    ),
]
HOME_EVENTS = 4
NEWSLETTER_EVENTS = 20
THEME_EVENTS = 6
MY_REGISTRATIONS = 10
SEARCH_FIELDS = ("title", "title_en", "summary", "summary_en", "venue", "address")


def _upcoming() -> QuerySet:
    return Event.objects.published().upcoming().select_related("region").with_counts().order_by("starts_at", "pk")


def home_events_panel(*, user: User) -> list[Panel]:
    """The next events on the home page."""
    events = list(_upcoming()[:HOME_EVENTS])
    return [Panel("events/_home_events.html", {"events": events})]


def theme_events_panel(*, theme_id: int, user: User) -> list[Panel]:
    events = list(_upcoming().filter(themes=theme_id)[:THEME_EVENTS])
    return [Panel("events/_theme_events.html", {"events": events})] if events else []


def programme_events_panel(*, programme_id: int, user: User) -> list[Panel]:
    events = list(_upcoming().filter(programme=programme_id).select_related("programme")[:THEME_EVENTS])
    if not events:
        return []
    return [Panel("events/_programme_events.html", {"events": events, "programme_slug": events[0].programme.slug})]


def newsletter_items(*, since: datetime.datetime | None, limit: int) -> list[NewsletterItem]:
    """Upcoming published events, soonest first, for the editors composing the next edition.

    An edition announces what is coming, so an event qualifies however long ago it was published;
    `since` (the last edition's send) does not narrow it. Cancelled and past events never do.
    """
    events = (
        Event.objects.published()
        .filter(starts_at__gt=timezone.now())
        .select_related("programme")
        .prefetch_related("themes")
        .order_by("starts_at", "pk")[: min(limit, NEWSLETTER_EVENTS)]
    )
    return [
        NewsletterItem(
            key=f"event:{event.pk}",
            kind="event",
            kind_label=Event.Kind(event.kind).label,
            title=event.title,
            title_en=event.title_en,
            summary=event.summary,
            summary_en=event.summary_en,
            url=event.get_absolute_url(),
            when=event.starts_at,
            detail=" · ".join(part for part in (date_format(timezone.localtime(event.starts_at), "H:i"), event.place_text) if part),
            programme_slugs=[event.programme.slug] if event.programme else [],
            theme_slugs=[theme.slug for theme in event.themes.all()],
        )
        for event in events
    ]


def event_advice(
    *, municipality: Municipality, scan_theme_slug: str, portal_theme_ids: Sequence[int], limit: int
) -> list[AdviceItem]:
    """Upcoming events open for registration: those linked to the scan theme first, then those on its
    portal themes; in the municipality's region or national."""
    events = (
        Event.objects.open_for_registration()
        .filter(Q(region__isnull=True) | Q(region=municipality.region_id))
        .order_by("starts_at", "pk")
    )
    chosen = list(for_scan_theme(events, scan_theme_slug)[:limit])
    if len(chosen) < limit and portal_theme_ids:
        more = events.filter(themes__in=portal_theme_ids).exclude(pk__in=[e.pk for e in chosen]).distinct()
        chosen += list(more[: limit - len(chosen)])
    return [
        AdviceItem(
            "event", _("Event"), event.title_i18n, event.get_absolute_url(),
            date_format(timezone.localtime(event.starts_at), "j F Y"),
        )
        for event in chosen
    ]


def my_registrations_panel(*, user: User) -> list[Panel]:
    if not is_member(user):
        return []
    registrations = list(
        registrations_of(user)
        .filter(status__in=Registration.ACTIVE, event__ends_at__gte=timezone.now())
        .select_related("event")
        .order_by("event__starts_at")[:MY_REGISTRATIONS]
    )
    rows = [(registration, registration_token("manage", registration)) for registration in registrations]
    return [Panel("events/_my_registrations_panel.html", {"rows": rows})]


def municipality_timeline(*, municipality: Municipality, user: User) -> list[TimelineEntry]:
    """Attendance of the municipality's people per held event: counts per function, never names, and no
    number under 5."""
    entries = []
    for event, rows, total in selectors.municipality_attendance(municipality.pk):
        if total.registered < selectors.MIN_COUNT:
            detail = gettext("Fewer than 5 people from the municipality registered.")
        else:
            parts = [f"{row.label}: {row.attended_text}" for row in rows]
            detail = gettext("%(registered)s registered, attended: %(attended)s") % {
                "registered": total.registered,
                "attended": total.attended_text,
            }
            if parts:
                detail += " (" + "; ".join(parts) + ")"
        entries.append(
            TimelineEntry(
                when=event.starts_at, kind="event", kind_label=_("Event"), title=event.title_i18n,
                url=event.get_absolute_url(), detail=detail,
            )
        )
    return entries


def event_figures(*, user: User, municipalities: QuerySet) -> list[FigureSection]:
    figures = selectors.event_figures(municipalities)
    total = figures["total"]
    less = _("fewer than 5")
    items = [
        Figure(_("Registrations for coming events"), figures["upcoming"] if figures["upcoming"] is not None else less),
        Figure(_("Registrations for held events"), total.registered if total else less),
        Figure(_("Attendance rate"), total.rate if total else "–"),
        Figure(_("No-shows"), total.no_shows_text if total else less),
    ]
    return [
        FigureSection(
            "events", _("Events"), items, url=reverse("events:staff_figures"),
            panel=Panel("events/_figures_tables.html", {"figures": figures}),
        )
    ]


def event_search(*, query: str, limit: int) -> list[SearchHit]:
    words = query.split()[:8]
    if not words:
        return []
    events = Event.objects.visible().order_by("-starts_at")
    for word in words:
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        events = events.filter(condition)
    now = timezone.now()
    return [
        SearchHit(
            kind="event",
            kind_label=_("Event"),
            title=event.title_i18n,
            url=event.get_absolute_url(),
            snippet="",
            rank=1.0 if event.ends_at >= now else 0.5,
            date=timezone.localtime(event.starts_at).date(),
            facets={"type": [event.get_kind_display()]},
        )
        for event in events[:limit]
    ]


def personal_data(*, user: User) -> Mapping[str, Any]:
    registrations = (
        registrations_of(user).select_related("event", "municipality").prefetch_related("sessions", "transitions")
    )
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "status": registration.status,
                "name": registration.name,
                "email": registration.email,
                "function": registration.function,
                "municipality": registration.municipality.name if registration.municipality else None,
                "language": registration.language,
                "answers": registration.answers,
                "break_out_sessions": [session.title for session in registration.sessions.all()],
                "registered_at": registration.created_at.isoformat(),
                "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
                "history": [
                    {"from": t.from_status, "to": t.to_status, "reason": t.reason, "at": t.at.isoformat()}
                    for t in registration.transitions.all()
                ],
            }
            for registration in registrations
        ]
    }


def erase_account(*, user: User) -> None:
    registrations_erase_for_user(user=user)

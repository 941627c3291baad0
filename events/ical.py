"""Calendars (RFC 5545) with the `icalendar` library: one event, a registrant's invitation, and feeds.

Every event keeps one UID whatever calendar it appears in; `Event.sequence` rises when its time or place
changes, so a calendar program replaces the entry it has instead of adding a second one.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from .models import Event, Registration

PRODID = "-//Lokale Democratie//Agenda//NL"


def event_uid(event: Event) -> str:
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "lokaledemocratie"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, description: str = "", cancelled: bool = False) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("sequence", event.sequence)
    component.add("summary", event.title_i18n)
    if event.place_text:
        component.add("location", event.place_text)
    component.add("description", description or event.summary_i18n)
    component.add("url", settings.PORTAL_BASE_URL + event.get_absolute_url())
    component.add("status", "CANCELLED" if cancelled or event.status == Event.Status.CANCELLED else "CONFIRMED")
    return component


def _calendar(*, name: str, method: str = "PUBLISH") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def events_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """A feed or a single download: public facts only (the join link is for registrants)."""
    calendar = _calendar(name=name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()


def registration_description(registration: Registration) -> str:
    event = registration.event
    parts = [event.summary_i18n]
    if registration.status == Registration.Status.CONFIRMED and event.is_online and event.online_url:
        parts.append(event.online_url)
    sessions = list(registration.sessions.all())
    if sessions and registration.status == Registration.Status.CONFIRMED:
        parts.append("\n".join(f"{s.starts_at:%H:%M} {s.title_i18n}" for s in sessions))
    return "\n\n".join(part for part in parts if part)


def registration_calendar(registration: Registration, *, cancelled: bool = False) -> bytes:
    """The invitation a registrant adds to their calendar; for a confirmed online event it holds the join link."""
    event = registration.event
    calendar = _calendar(name=event.title_i18n, method="CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(_vevent(event, description=registration_description(registration), cancelled=cancelled))
    return calendar.to_ical()


def registrations_calendar(registrations: Iterable[Registration], *, name: str) -> bytes:
    calendar = _calendar(name=name)
    for registration in registrations:
        calendar.add_component(
            _vevent(registration.event, description=registration_description(registration))
        )
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str, download: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

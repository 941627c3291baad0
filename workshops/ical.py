"""Calendar files (iCalendar, RFC 5545) for planned sessions, written with the `icalendar` library.

The library escapes backslash, semicolon, comma and line breaks in every text value and folds long lines,
so no text a user typed (a place, a trainer's name) can end a value or start a property of its own. A
lone carriage return is written as a line break as well. Each session keeps the same UID in every
download, so a calendar that imports the file again updates the event instead of adding a copy.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Session

PRODID = "-//Lokale Democratie//Workshops//NL"


def session_uid(session: Session) -> str:
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "lokaledemocratie"
    return f"workshop-session-{session.pk}@{host}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def sessions_to_ical(sessions: Iterable[Session], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per session."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property has no known type, so the library would write it as it is: say it is text.
    calendar.add("x-wr-calname", icalendar.vText(name))
    stamp = _utc(timezone.now())
    for session in sessions:
        description = session.workshop.summary_i18n
        if session.trainer_display:
            description += f"\n\n{session.trainer_display}"
        event = icalendar.Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(session.starts_at))
        event.add("dtend", _utc(session.ends_at))
        event.add("summary", icalendar.vText(session.workshop.title_i18n))
        event.add("location", icalendar.vText(session.place))
        event.add("description", icalendar.vText(description))
        calendar.add_component(event)
    return calendar.to_ical()

"""A minimal iCalendar (RFC 5545) writer for planned sessions; no dependency needed for a few VEVENTs."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

CRLF = "\r\n"


def ical_escape(text: str) -> str:
    """Escape TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never splitting a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def sessions_to_ical(sessions: Iterable, *, name: str) -> str:
    """A VCALENDAR with one VEVENT per session; each session keeps a stable UID across downloads."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "lokaledemocratie"
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lokale Democratie//Workshops//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
    ]
    for session in sessions:
        description = session.workshop.summary_i18n
        if session.trainer_display:
            description += f"\n\n{session.trainer_display}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:workshop-session-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{ical_escape(session.workshop.title_i18n)}",
            f"LOCATION:{ical_escape(session.place)}",
            f"DESCRIPTION:{ical_escape(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return CRLF.join(ical_fold(line) for line in lines) + CRLF

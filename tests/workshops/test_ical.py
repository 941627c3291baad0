"""The calendar file of a request, read back with the icalendar library as a calendar program would."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse

from tests.workshops.factories import WorkshopRequestFactory, planned_session
from workshops.ical import sessions_to_ical
from workshops.models import Session

pytestmark = pytest.mark.django_db

HOSTILE = "Zaal A; boven,\r\nlinks\\rechts\rEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Gekaapt"


def _unescape_text(raw: str) -> str:
    """RFC 5545 3.3.11, for a property a reader does not know the type of (it hands over the raw value)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _events(body: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


@pytest.fixture
def session(griffier) -> Session:
    return planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier),
        starts_in=datetime.timedelta(days=3),
        place=HOSTILE,
        trainer_name="Trainer, met; tekens\\ en\r\neen regel",
    )


def test_hostile_text_in_every_field_comes_back_as_typed_and_starts_no_property(session):
    session.workshop.title = "Debat; oefenen, \\ samen\r\nSUMMARY:nep"
    session.workshop.summary = "Samenvatting\rmet CR"
    session.workshop.save()

    calendar = icalendar.Calendar.from_ical(sessions_to_ical([session], name="Werkplaats; Zwolle,\r\nnieuw"))

    # An X- property has no type a reader knows, so it is read raw; unescaped as text it is what was written.
    assert _unescape_text(str(calendar["X-WR-CALNAME"])) == "Werkplaats; Zwolle,\nnieuw"
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # the END:VEVENT/BEGIN:VEVENT in the place did not make a second event
    event = events[0]
    # Line breaks come back as LF (RFC 5545 has one kind of line break in text); everything else unchanged.
    assert str(event["LOCATION"]) == HOSTILE.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["SUMMARY"]) == "Debat; oefenen, \\ samen\nSUMMARY:nep"
    assert str(event["DESCRIPTION"]) == "Samenvatting\nmet CR\n\nTrainer, met; tekens\\ en\neen regel"
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION"}


def test_every_line_is_crlf_terminated_and_folded_at_75_octets(session):
    session.place = "é" * 200
    body = sessions_to_ical([session], name="Agenda")

    lines = body.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)


def test_the_uid_of_a_session_is_the_same_in_every_download(session):
    first = _events(sessions_to_ical([session], name="Agenda"))[0]
    second = _events(sessions_to_ical([session], name="Agenda"))[0]

    assert str(first["UID"]) == str(second["UID"]) == f"workshop-session-{session.pk}@127.0.0.1"


def test_times_are_written_in_utc(session):
    event = _events(sessions_to_ical([session], name="Agenda"))[0]

    assert event.decoded("DTSTART") == session.starts_at.replace(microsecond=0)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == session.ends_at.replace(microsecond=0)


def test_the_griffier_downloads_the_planned_sessions_of_the_request(client, griffier, session):
    client.force_login(griffier)

    response = client.get(reverse("workshops:request_ical", args=[session.proposal.request_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).startswith("Workshops voor ")
    assert [str(event["LOCATION"]) for event in calendar.walk("VEVENT")] == [
        HOSTILE.replace("\r\n", "\n").replace("\r", "\n")
    ]

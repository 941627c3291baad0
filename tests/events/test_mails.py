"""The events' mails: HTML and text, the registrant's language, calendar files, one cancel link each."""

import datetime
import re

import icalendar
import pytest
from django.core import mail

from events import mails
from events.models import Event, Registration
from events.services import registration as services
from events.services.staff import event_cancel, event_message_send, event_save
from portal.mail import MAIL_KINDS
from portal.models import Job
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.factories import UserFactory

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _register(event, user, language="nl"):
    registration, _ = services.registration_create(
        event=event, user=user, name=user.get_full_name(), email=user.email, function=user.function,
        municipality=user.municipality, language=language,
    )
    return registration


def _calendar(message) -> icalendar.Calendar:
    (content,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    return icalendar.Calendar.from_ical(content)


def _html(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_every_events_mail_has_a_text_and_an_html_version():
    from django.template.loader import get_template

    kinds = [name for name in MAIL_KINDS if name.startswith("event_")]
    for name in kinds:
        for part in ("subject.txt", "body.txt", "body.html"):
            get_template(f"emails/{name}_{part}")
    assert len(kinds) == 9


def test_the_confirmation_carries_an_invitation_a_qr_code_and_one_cancel_link(member):
    event = EventFactory(title="Regiobijeenkomst Zwolle", is_online=True, online_url="https://meet.example.nl/x")
    SessionFactory(event=event)

    _register(event, member)

    (message,) = mail.outbox
    calendar = _calendar(message)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert int(vevent["SEQUENCE"]) == 0
    assert "meet.example.nl/x" in str(vevent["DESCRIPTION"])  # the join link is for the confirmed registrant
    assert "meet.example.nl/x" in message.body
    assert len(re.findall(r"/agenda/annuleren/", message.body)) == 1
    assert len(re.findall(r"/agenda/annuleren/", _html(message))) == 1
    assert "<svg" in _html(message)
    assert any(name == "aanmeldcode.png" and content.startswith(b"\x89PNG") for name, content, _t in message.attachments)


def test_the_mail_is_in_the_language_of_the_registration(db):
    event = EventFactory(title="Bijeenkomst", title_en="Meeting in English")

    _register(event, UserFactory(), language="en")

    (message,) = mail.outbox
    assert "Meeting in English" in message.subject
    assert "is confirmed" in message.subject
    assert "Dear" in message.body


def test_a_change_of_time_sends_an_updated_invitation_with_the_same_uid_and_a_higher_sequence(member, editor):
    event = EventFactory()
    _register(event, member)
    first_uid = _calendar(mail.outbox[0]).walk("VEVENT")[0]["UID"]
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)
    mail.outbox.clear()

    event.starts_at += datetime.timedelta(hours=1)
    event.ends_at += datetime.timedelta(hours=1)
    event_save(event=event, by=editor)

    event.refresh_from_db()
    assert event.sequence == 1
    by_address = {message.to[0]: message for message in mail.outbox}
    updated = _calendar(by_address[member.email]).walk("VEVENT")[0]
    assert updated["UID"] == first_uid
    assert int(updated["SEQUENCE"]) == 1
    assert updated.decoded("DTSTART") == event.starts_at
    assert "Gewijzigd" in by_address[member.email].subject
    assert not [n for n, _c, _t in by_address[waiting.email].attachments]  # no invitation without a place


def test_a_text_change_sends_nothing(member, editor):
    event = EventFactory()
    _register(event, member)
    mail.outbox.clear()

    event.summary = "Een andere samenvatting."
    event_save(event=event, by=editor)

    assert mail.outbox == []
    assert Event.objects.get(pk=event.pk).sequence == 0


def test_cancelling_the_event_sends_a_cancelling_invitation(member, editor):
    event = EventFactory()
    _register(event, member)
    mail.outbox.clear()

    event_cancel(event=event, by=editor, note="De spreker is ziek.")

    (message,) = mail.outbox
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert "De spreker is ziek." in message.body
    assert Registration.objects.get(event=event).status == Status.CANCELLED


def test_the_offer_mail_links_to_the_claim_page_and_names_the_deadline(db):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)
    mail.outbox.clear()

    services.registration_cancel(registration=holder)

    offer = next(message for message in mail.outbox if message.to == [waiting.email])
    assert "/agenda/plek/" in offer.body
    assert "/agenda/annuleren/" in offer.body


def test_a_message_to_all_registrants_reaches_each_with_their_own_cancel_link(editor):
    event = EventFactory()
    first, second = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Status.WAITLISTED)

    message = event_message_send(event=event, by=editor, subject="Parkeren", body="Parkeren kan achter het stadhuis.", audience="confirmed")

    assert message.recipients == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    links = {re.search(r"/agenda/annuleren/(\S+)", m.body).group(1) for m in mail.outbox}
    assert len(links) == 2
    assert all("Parkeren kan achter het stadhuis." in m.body for m in mail.outbox)


def test_a_mail_for_a_registration_that_moved_on_is_dropped(db):
    registration = RegistrationFactory(event=EventFactory(), status=Status.CANCELLED)

    assert mails.registration_confirmed.context(registration_id=registration.pk) is None
    assert mails.reminder.context(registration_id=registration.pk) is None


def test_no_link_or_token_is_stored_in_the_job(member):
    _register(EventFactory(), member)

    job = Job.objects.get(task="portal.mail.email_send_task")
    assert set(job.kwargs["ids"]) == {"registration_id"}
    assert "agenda" not in str(job.kwargs)

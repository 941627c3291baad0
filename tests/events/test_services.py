"""Registering, the waiting list, break-out sessions, claiming, declining and cancelling (services)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, Registration, RegistrationTransition
from events.services import registration as services
from events.tokens import registration_from_token, registration_token
from portal.models import Function
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory, in_days
from tests.factories import UserFactory

Status = Registration.Status
Reason = RegistrationTransition.Reason
pytestmark = pytest.mark.django_db


def register(event, user, **kwargs):
    defaults = {
        "event": event, "user": user, "name": user.get_full_name(), "email": user.email, "function": user.function,
        "municipality": user.municipality, "language": "nl",
    }
    defaults.update(kwargs)
    return services.registration_create(**defaults)


def apply(event, email="bezoeker@example.nl", **kwargs):
    defaults = {
        "event": event, "user": None, "name": "Bea Bezoeker", "email": email, "function": Function.INWONER,
        "municipality": None, "language": "nl",
    }
    defaults.update(kwargs)
    return services.registration_create(**defaults)


def fill(event, count=None):
    RegistrationFactory.create_batch(count if count is not None else event.capacity, event=event)


def test_a_member_with_a_free_place_is_confirmed_and_mailed_with_a_calendar_file(member):
    event = EventFactory(capacity=2)

    registration, created = register(event, member)

    assert created
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.function == "raadslid"
    assert registration.municipality == member.municipality
    assert list(registration.transitions.values_list("from_status", "to_status", "reason")) == [
        ("", Status.CONFIRMED, Reason.REGISTERED)
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert [name for name, _content, _type in mail.outbox[0].attachments] == ["uitnodiging.ics", "aanmeldcode.png"]


def test_registration_goes_to_waitlist_when_event_is_full(member):
    event = EventFactory(capacity=3)
    fill(event)

    registration, _ = register(event, member)

    registration.refresh_from_db()
    assert registration.status == Status.WAITLISTED
    assert registration.waitlisted_at is not None
    assert Registration.objects.filter(event=event).holding().count() == 3
    assert "wachtlijst" in mail.outbox[0].subject


def test_a_newcomer_joins_the_back_of_the_queue_while_others_wait_even_if_a_place_is_free(member):
    event = EventFactory(capacity=2)
    fill(event, 1)
    RegistrationFactory(event=event, status=Status.WAITLISTED)

    registration, _ = register(event, member)

    assert registration.status == Status.WAITLISTED


def test_an_event_without_capacity_confirms_everyone(member):
    event = EventFactory(capacity=None)
    fill(event, 30)

    registration, _ = register(event, member)

    assert registration.status == Status.CONFIRMED


def test_a_double_submit_returns_the_first_registration_and_sends_one_mail(member):
    event = EventFactory()

    first, created_first = register(event, member)
    second, created_second = register(event, member)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == 1


def test_the_same_address_cannot_register_twice_in_another_case(db):
    event = EventFactory()

    apply(event, email="Bea@Example.nl")
    _registration, created = apply(event, email="bea@example.NL ")

    assert not created
    assert Registration.objects.filter(event=event).count() == 1
    assert Registration.objects.get(event=event).email == "bea@example.nl"


def test_a_visitor_holds_no_place_until_the_address_is_confirmed(db):
    event = EventFactory(capacity=1)

    pending, _ = apply(event)
    member_registration, _ = register(event, UserFactory())

    assert pending.status == Status.PENDING
    assert member_registration.status == Status.CONFIRMED
    assert "Bevestig" in mail.outbox[0].subject
    confirm_link = next(line for line in mail.outbox[0].body.splitlines() if "/agenda/bevestigen/" in line)
    token = confirm_link.rsplit("/agenda/bevestigen/", 1)[1].strip("/")
    assert registration_from_token("confirm", token) == pending


def test_confirming_the_address_asks_for_a_place_then(db):
    event = EventFactory(capacity=1)
    pending, _ = apply(event)
    fill(event, 1)

    confirmed = services.registration_confirm_address(registration=pending)

    assert confirmed.status == Status.WAITLISTED
    assert list(confirmed.transitions.values_list("to_status", "reason")) == [
        (Status.PENDING, Reason.REGISTERED),
        (Status.WAITLISTED, Reason.ADDRESS_CONFIRMED),
    ]


def test_confirming_twice_changes_nothing(db):
    event = EventFactory(capacity=5)
    pending, _ = apply(event)
    services.registration_confirm_address(registration=pending)
    mail.outbox.clear()

    again = services.registration_confirm_address(registration=pending)

    assert again.status == Status.CONFIRMED
    assert again.transitions.count() == 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"status": Event.Status.CANCELLED}, services.ERROR_CANCELLED),
        ({"status": Event.Status.DRAFT}, services.ERROR_DRAFT),
        ({"registration_closes_at": in_days(-1)}, services.ERROR_CLOSED),
        ({"starts_at": in_days(-0.1), "ends_at": in_days(0.1)}, services.ERROR_PAST),
    ],
)
def test_registration_is_refused_with_a_clear_message(member, fields, error):
    event = EventFactory(**fields)

    with pytest.raises(ValidationError) as raised:
        register(event, member)

    assert raised.value.messages == [str(error)]
    assert not Registration.objects.exists()


def test_registration_before_it_opens_names_the_opening_date(member):
    opens = in_days(3)
    event = EventFactory(registration_opens_at=opens)

    with pytest.raises(ValidationError) as raised:
        register(event, member)

    assert raised.value.code == "not_yet"
    assert f"{timezone.localtime(opens):%d-%m-%Y %H:%M}" in raised.value.messages[0]


def test_a_restricted_meeting_refuses_other_functions_server_side(member):
    event = EventFactory(target_functions=["burgemeester", "wethouder", "gemeentesecretaris"])

    with pytest.raises(ValidationError) as raised:
        register(event, member)

    assert raised.value.code == "restricted"
    assert "Mayor" in raised.value.messages[0] or "Burgemeester" in raised.value.messages[0]
    assert not Registration.objects.exists()


def test_a_restricted_meeting_admits_its_target_group(db):
    event = EventFactory(target_functions=["burgemeester", "wethouder"])

    registration, _ = register(event, UserFactory(function="wethouder"))

    assert registration.status == Status.CONFIRMED


# Break-out sessions


def test_a_registrant_picks_sessions_with_room(member):
    event = EventFactory()
    session = SessionFactory(event=event, capacity=2)

    registration, _ = register(event, member, sessions=[session])

    assert list(registration.sessions.all()) == [session]


def test_a_full_session_closes_only_itself(member):
    event = EventFactory(capacity=10)
    full = SessionFactory(event=event, capacity=1)
    other = SessionFactory(event=event, capacity=1, starts_at=full.starts_at, ends_at=full.ends_at)
    RegistrationFactory(event=event).sessions.add(full)

    with pytest.raises(ValidationError) as raised:
        register(event, member, sessions=[full])
    registration, _ = register(event, member, sessions=[other])

    assert raised.value.code == "session_full"
    assert registration.status == Status.CONFIRMED
    assert list(registration.sessions.all()) == [other]


def test_two_sessions_in_the_same_time_slot_are_refused(member):
    event = EventFactory()
    first = SessionFactory(event=event)
    second = SessionFactory(event=event, starts_at=first.starts_at + datetime.timedelta(minutes=30))

    with pytest.raises(ValidationError) as raised:
        register(event, member, sessions=[first, second])

    assert raised.value.code == "session_overlap"


def test_one_session_per_round_is_fine(member):
    event = EventFactory()
    morning = SessionFactory(event=event)
    afternoon = SessionFactory(event=event, starts_at=morning.ends_at + datetime.timedelta(hours=1))

    registration, _ = register(event, member, sessions=[morning, afternoon])

    assert registration.sessions.count() == 2


def test_a_session_of_another_event_is_refused(member):
    event = EventFactory()

    with pytest.raises(ValidationError) as raised:
        register(event, member, sessions=[SessionFactory()])

    assert raised.value.code == "session_other_event"


# The waiting list


def _waiting(event, count=1):
    return [RegistrationFactory(event=event, status=Status.WAITLISTED) for _ in range(count)]


def test_a_cancelled_place_is_offered_to_the_first_in_line_with_a_deadline(member):
    event = EventFactory(capacity=1, starts_at=in_days(10), ends_at=in_days(10.1))
    registration, _ = register(event, member)
    first, second = _waiting(event, 2)
    mail.outbox.clear()

    services.registration_cancel(registration=registration)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert second.status == Status.WAITLISTED
    assert first.offer_expires_at == pytest.approx(timezone.now() + datetime.timedelta(hours=48), abs=datetime.timedelta(seconds=5))
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("geannuleerd" in subject for subject in subjects)
    assert any("plaats" in subject.lower() and message.to == [first.email] for message in mail.outbox for subject in [message.subject])


def test_an_offer_close_to_the_event_ends_before_the_last_hours(member):
    event = EventFactory(capacity=1, starts_at=in_days(1.5), ends_at=in_days(1.6), last_minute_hours=24, claim_hours=48)
    registration, _ = register(event, member)
    (first,) = _waiting(event)

    services.registration_cancel(registration=registration)

    first.refresh_from_db()
    assert first.status == Status.OFFERED
    assert first.offer_expires_at == pytest.approx(event.starts_at - datetime.timedelta(hours=24), abs=datetime.timedelta(seconds=1))


def test_in_the_last_hours_a_freed_place_is_confirmed_directly(member):
    event = EventFactory(capacity=1, starts_at=in_days(0.5), ends_at=in_days(0.6), last_minute_hours=24)
    registration, _ = register(event, member)
    (first,) = _waiting(event)

    services.registration_cancel(registration=registration)

    first.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert first.transitions.last().reason == Reason.LAST_MINUTE


def test_the_offered_person_claims_the_place(member):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    (first,) = _waiting(event)
    services.registration_cancel(registration=holder)
    mail.outbox.clear()

    claimed = services.registration_claim(registration=first)

    assert claimed.status == Status.CONFIRMED
    assert claimed.offer_expires_at is None
    assert [t.reason for t in claimed.transitions.all()][-2:] == [Reason.OFFERED, Reason.CLAIMED]
    assert mail.outbox[0].to == [first.email]
    assert any(name == "uitnodiging.ics" for name, _c, _t in mail.outbox[0].attachments)


def test_a_claim_after_the_deadline_is_refused(member):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    (first,) = _waiting(event)
    services.registration_cancel(registration=holder)
    first.refresh_from_db()

    with time_machine.travel(first.offer_expires_at + datetime.timedelta(minutes=1)), pytest.raises(ValidationError) as raised:
        services.registration_claim(registration=first)

    assert raised.value.messages == [str(services.ERROR_OFFER_EXPIRED)]


def test_declining_an_offer_passes_it_to_the_next_in_line(db):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    first, second = _waiting(event, 2)
    services.registration_cancel(registration=holder)
    first.refresh_from_db()

    services.registration_decline(registration=first)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert first.transitions.last().reason == Reason.DECLINED
    assert second.status == Status.OFFERED


def test_the_sweep_passes_a_lapsed_offer_on(db):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    first, second = _waiting(event, 2)
    services.registration_cancel(registration=holder)
    first.refresh_from_db()

    with time_machine.travel(first.offer_expires_at + datetime.timedelta(minutes=1)):
        promoted = services.waitlist_sweep()

    first.refresh_from_db()
    second.refresh_from_db()
    assert promoted == 1
    assert first.status == Status.EXPIRED
    assert first.transitions.last().reason == Reason.LAPSED
    assert second.status == Status.OFFERED


def test_the_sweep_leaves_offers_that_still_run_alone(db):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    first, second = _waiting(event, 2)
    services.registration_cancel(registration=holder)

    assert services.waitlist_sweep() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.OFFERED, Status.WAITLISTED)


def test_an_offer_keeps_its_place_from_newcomers(member):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    _waiting(event)
    services.registration_cancel(registration=holder)

    newcomer, _ = register(event, member)

    assert newcomer.status == Status.WAITLISTED


def test_promotion_drops_wished_sessions_that_filled_up(db):
    event = EventFactory(capacity=1)
    session = SessionFactory(event=event, capacity=1)
    holder = RegistrationFactory(event=event)
    (first,) = _waiting(event)
    first.sessions.add(session)
    other = RegistrationFactory(event=EventFactory())  # unrelated
    RegistrationFactory(event=event, status=Status.CONFIRMED).sessions.add(session)
    event.capacity = 2
    event.save()

    services.registration_cancel(registration=holder)

    first.refresh_from_db()
    assert first.status == Status.OFFERED
    assert first.sessions.count() == 0
    assert other.sessions.count() == 0


def test_cancelling_twice_is_refused_politely(db):
    registration = RegistrationFactory(event=EventFactory())
    services.registration_cancel(registration=registration)

    with pytest.raises(ValidationError) as raised:
        services.registration_cancel(registration=registration)

    assert raised.value.messages == [str(services.ERROR_NOT_ACTIVE)]


def test_registering_again_after_cancelling_reuses_the_row_and_retires_old_links(member):
    event = EventFactory()
    registration, _ = register(event, member)
    old_token = registration_token("cancel", registration)
    services.registration_cancel(registration=registration)

    again, created = register(event, member)

    assert created
    assert again.pk == registration.pk
    assert again.status == Status.CONFIRMED
    assert registration_from_token("cancel", old_token) is None
    assert registration_from_token("cancel", registration_token("cancel", again)) == again
    assert [t.to_status for t in again.transitions.all()] == [Status.CONFIRMED, Status.CANCELLED, Status.CONFIRMED]

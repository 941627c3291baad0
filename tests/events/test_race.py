"""Registration never overbooks: threads racing for the last places on PostgreSQL.

Each race runs twice: with the row lock (exactly the capacity is confirmed) and, as the control, with the
lock replaced by a plain read (it must overbook, which proves the race really happens in this test and
the first result is the lock's doing). Runs only on PostgreSQL: SQLite serialises every writer anyway.
Skipped elsewhere, unless PORTAL_REQUIRE_SERVICES=1 (CI), where the absence of PostgreSQL is a failure.
"""

import os
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from events.models import Event, Registration, Session
from events.services import registration as services
from portal.models import Function, User
from tests.events.factories import EventFactory, SessionFactory

THREADS = 60
PLACES = 10
SESSION_THREADS = 30
SESSION_PLACES = 5
Status = Registration.Status

# serialized_rollback: the flush after each race must not leave the migrated data (groups, municipalities)
# missing or doubled for the transactional tests that come after it.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        message = "the registration race needs PostgreSQL (DATABASE_URL)"
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)


@pytest.fixture
def without_row_locks(monkeypatch):
    """The control: the same code, but the lock functions only read the rows."""
    monkeypatch.setattr(services, "_lock_event", lambda event_id: Event.objects.get(pk=event_id))
    monkeypatch.setattr(
        services, "_lock_sessions", lambda ids: list(Session.objects.filter(pk__in=sorted(set(ids))).order_by("pk"))
    )


def _members(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"racer{n}@example.nl", first_name="Racer", last_name=str(n), function=Function.RAADSLID)
        for n in range(count)
    )


def _race(event: Event, members: list[User], sessions: list[Session] = ()) -> list[str]:
    """Every member registers at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(members))
    errors: list[str] = []

    def register(member: User) -> None:
        try:
            connection.ensure_connection()  # connect before the start, so all threads start together
            barrier.wait(timeout=60)
            services.registration_create(
                event=event, user=member, name=member.get_full_name(), email=member.email, function=member.function,
                municipality=None, language="nl", sessions=list(sessions),
            )
        except ValidationError as error:
            errors.append(error.code or "invalid")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_sixty_members_racing_for_ten_places_give_ten_confirmed_and_fifty_waiting():
    event = EventFactory(capacity=PLACES)

    errors = _race(event, _members(THREADS))

    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert errors == []
    assert len(statuses) == THREADS
    assert statuses.count(Status.CONFIRMED) == PLACES
    assert statuses.count(Status.WAITLISTED) == THREADS - PLACES


def test_control_without_the_row_lock_the_same_race_overbooks(without_row_locks):
    event = EventFactory(capacity=PLACES)

    _race(event, _members(THREADS))

    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    print(f"control: {confirmed} confirmed for {PLACES} places")
    assert confirmed > PLACES, f"no overbooking without the lock ({confirmed} confirmed): the test cannot fail"


def test_thirty_members_racing_for_a_session_of_five_fill_it_exactly():
    event = EventFactory(capacity=100)
    session = SessionFactory(event=event, capacity=SESSION_PLACES)

    errors = _race(event, _members(SESSION_THREADS), [session])

    assert session.registrations.filter(status=Status.CONFIRMED).count() == SESSION_PLACES
    assert errors.count("session_full") == SESSION_THREADS - SESSION_PLACES


def test_control_without_row_locks_the_session_race_overbooks(without_row_locks):
    event = EventFactory(capacity=100)
    session = SessionFactory(event=event, capacity=SESSION_PLACES)

    _race(event, _members(SESSION_THREADS), [session])

    taken = session.registrations.filter(status=Status.CONFIRMED).count()
    print(f"control: {taken} in a session of {SESSION_PLACES}")
    assert taken > SESSION_PLACES, f"no overbooking without the locks ({taken} taken): the test cannot fail"

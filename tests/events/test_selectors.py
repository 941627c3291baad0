"""Small numbers stay hidden in every figure, including by subtraction."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Registration
from events.selectors import Row, protected_rows, staff_event_list
from tests.events.factories import EventFactory, RegistrationFactory


def test_groups_under_5_are_merged_into_other():
    rows = protected_rows([Row("raadslid", 12, 10), Row("wethouder", 6, 6), Row("burgemeester", 3, 3), Row("griffier", 2, 1)], other_label="overig")

    assert [(row.label, row.registered) for row in rows] == [("raadslid", 12), ("wethouder", 6), ("overig", 5)]


def test_a_small_remainder_takes_the_next_smallest_group_along_so_nothing_can_be_subtracted():
    rows = protected_rows([Row("raadslid", 12, 10), Row("wethouder", 6, 6), Row("burgemeester", 1, 1)], other_label="overig")

    assert [(row.label, row.registered) for row in rows] == [("raadslid", 12), ("overig", 7)]
    assert rows[1].merged == ["burgemeester", "wethouder"]


def test_everything_small_shows_nothing():
    assert protected_rows([Row("raadslid", 2, 1), Row("wethouder", 1, 0)], other_label="overig") == []


def test_attendance_is_hidden_when_either_side_is_small_and_says_which():
    row = Row("burgemeester", 18, 3)

    assert (row.attended_text, row.no_shows_text, row.rate) == ("minder dan 5", "–", "–")
    assert (Row("raadslid", 20, 15).attended_text, Row("raadslid", 20, 15).rate) == ("15", "75%")


@pytest.mark.django_db
def test_the_staff_list_counts_per_event_without_joining_every_registration():
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event, checked_in_at=timezone.now())
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    queryset = staff_event_list(Event.objects.all())

    with CaptureQueriesContext(connection) as queries:
        assert Paginator(queryset, 25).count == 1

    row = queryset.get(pk=event.pk)
    assert (row.held_count, row.waiting_count, row.checked_in) == (5, 1, 3)
    assert "events_registration" not in queries[0]["sql"]  # the paginator counts events, not registrations

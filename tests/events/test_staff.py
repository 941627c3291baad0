"""Staff screens: creating, editing, publishing, cancelling, copying, exports, messages and check-in."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Question, Registration, Session
from events.services.staff import event_save
from events.tokens import registration_token
from portal.models import Region
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, SessionFactory, in_days
from tests.utils import assert_same_query_count

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _management(prefix: str, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "1" if not initial else str(initial),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _event_data(**overrides) -> dict:
    starts = timezone.localtime(in_days(30, hour=17))
    data = {
        "title": "Maaltijdgesprek Kampen",
        "kind": "meal_conversation",
        "summary": "Samen eten en praten.",
        "venue": "Stadhuis",
        "address": "Oudestraat 133, Kampen",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "20",
        "claim_hours": "48",
        "last_minute_hours": "24",
        **_management("sessions"),
        **_management("questions"),
        # The empty extra forms as a browser sends them: only their defaults.
        "sessions-0-order": "0",
        "questions-0-kind": "text",
        "questions-0-order": "0",
    }
    data.update(overrides)
    return data


def test_an_editor_creates_a_draft_maaltijdgesprek_that_asks_for_dietary_wishes(client, editor):
    client.force_login(editor)

    response = client.post(reverse("events:staff_event_create"), _event_data())

    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.DRAFT
    assert event.slug == "maaltijdgesprek-kampen"
    assert event.created_by == editor
    assert list(event.questions.values_list("label", flat=True)) == ["Heeft u dieetwensen of allergieën?"]


def test_an_event_with_break_out_sessions_and_a_question_in_one_form(client, editor):
    client.force_login(editor)
    starts = timezone.localtime(in_days(30, hour=17))
    data = _event_data(**{
        "sessions-0-title": "Ronde 1: jongeren", "sessions-0-capacity": "10",
        "sessions-0-starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "sessions-0-ends_at": (starts + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "sessions-0-order": "0",
        "questions-0-label": "Welk onderwerp?", "questions-0-kind": "choice", "questions-0-choices": "Wonen\nZorg",
        "questions-0-order": "0",
    })

    client.post(reverse("events:staff_event_create"), data)

    event = Event.objects.get()
    assert Session.objects.get(event=event).title == "Ronde 1: jongeren"
    assert Question.objects.get(event=event).choice_list == ["Wonen", "Zorg"]


def test_an_invalid_event_form_keeps_what_was_typed(client, editor):
    client.force_login(editor)

    response = client.post(reverse("events:staff_event_create"), _event_data(ends_at="2020-01-01T10:00"))

    assert response.status_code == 400
    assert "Maaltijdgesprek Kampen" in response.content.decode()
    assert not Event.objects.exists()


def test_a_consultant_cannot_place_an_event_in_another_region(client, consultant):
    client.force_login(consultant)

    response = client.post(reverse("events:staff_event_create"), _event_data(region=str(Region.objects.get(slug="zeeland").pk)))

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_publishing_puts_a_draft_on_the_agenda(client, editor):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(editor)

    client.post(reverse("events:staff_event_publish", args=[event.pk]))

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert client.get(event.get_absolute_url()).status_code == 200


def test_copying_makes_a_draft_with_the_sessions_and_questions(client, editor):
    event = EventFactory()
    SessionFactory(event=event)
    QuestionFactory(event=event)
    client.force_login(editor)

    response = client.post(reverse("events:staff_event_copy", args=[event.pk]))

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.url == reverse("events:staff_event_edit", args=[copy.pk])
    assert copy.status == Event.Status.DRAFT
    assert copy.title.startswith("Kopie van")
    assert (copy.sessions.count(), copy.questions.count()) == (1, 1)
    assert not copy.registrations.exists()


def test_cancelling_the_event_through_the_screen_tells_everyone(client, editor):
    event = EventFactory()
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(editor)

    client.post(reverse("events:staff_event_cancel", args=[event.pk]), {"note": "Te weinig aanmeldingen."})

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert len(mail.outbox) == 2
    assert not Registration.objects.filter(event=event, status=Status.CONFIRMED).exists()


def test_a_larger_capacity_offers_the_new_places_to_the_waiting_list(editor):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first, second, third = [RegistrationFactory(event=event, status=Status.WAITLISTED) for _ in range(3)]

    event.capacity = 3
    event_save(event=event, by=editor)

    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == [Status.OFFERED, Status.OFFERED, Status.WAITLISTED]


def test_staff_cancel_a_registration_and_the_place_moves_on(client, editor):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)
    client.force_login(editor)

    client.post(reverse("events:staff_registration_cancel", args=[event.pk, holder.pk]))

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Status.CANCELLED
    assert holder.transitions.last().by == editor
    assert waiting.status == Status.OFFERED


def test_the_export_is_safe_csv_with_answers_per_question(client, editor):
    event = EventFactory()
    question = QuestionFactory(event=event, label="Dieet")
    RegistrationFactory(event=event, name="=HYPERLINK(\"x\")", answers={str(question.pk): "Vegan"})
    RegistrationFactory(event=event, status=Status.WAITLISTED, name="Wachtende")
    client.force_login(editor)

    response = client.get(reverse("events:staff_export", args=[event.pk]))

    content = response.content.decode("utf-8-sig")
    assert response["Cache-Control"] == "private, no-store"
    assert "Dieet" in content.splitlines()[0]
    assert "'=HYPERLINK" in content
    assert "Vegan" in content


def test_the_waiting_list_export_is_in_order_as_xlsx(client, editor):
    from openpyxl import load_workbook

    event = EventFactory(capacity=0)
    for name in ("Eerste", "Tweede"):
        RegistrationFactory(event=event, status=Status.WAITLISTED, name=name)
    RegistrationFactory(event=event, name="Heeft een plaats")
    client.force_login(editor)

    response = client.get(reverse("events:staff_export", args=[event.pk]), {"list": "waitlist", "format": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [(1, "Eerste"), (2, "Tweede")]


def test_the_registration_list_filters_by_status_and_name(client, editor):
    event = EventFactory()
    RegistrationFactory(event=event, name="Anna de Vries")
    RegistrationFactory(event=event, name="Bert Jansen", status=Status.WAITLISTED)
    client.force_login(editor)

    response = client.get(reverse("events:staff_event_detail", args=[event.pk]), {"status": "waitlisted", "q": "bert"})

    assert [r.name for r in response.context["page_obj"]] == ["Bert Jansen"]


def test_the_staff_event_list_makes_the_same_number_of_queries_for_5_and_100_events(client, editor):
    client.force_login(editor)

    def make(count: int) -> None:
        for event in EventFactory.create_batch(count, region=Region.objects.first()):
            RegistrationFactory(event=event)

    assert_same_query_count(make_rows=make, request=lambda: client.get(reverse("events:staff_event_list")))


def test_the_registration_list_makes_the_same_number_of_queries_for_5_and_100(client, editor):
    event = EventFactory(capacity=None)
    session = SessionFactory(event=event, capacity=500)
    client.force_login(editor)

    def make(count: int) -> None:
        for registration in RegistrationFactory.create_batch(count, event=event):
            registration.sessions.add(session)

    assert_same_query_count(
        make_rows=make, request=lambda: client.get(reverse("events:staff_event_detail", args=[event.pk]))
    )


def test_the_check_in_list_makes_the_same_number_of_queries_for_5_and_100(client, editor):
    event = EventFactory(capacity=None)
    client.force_login(editor)

    assert_same_query_count(
        make_rows=lambda count: RegistrationFactory.create_batch(count, event=event),
        request=lambda: client.get(reverse("events:checkin", args=[event.pk])),
    )


# ---------- check-in ----------


def test_ticking_a_registrant_present_with_htmx_swaps_the_row_and_announces_the_change(client, editor):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Anna de Vries")
    client.force_login(editor)

    response = client.post(
        reverse("events:checkin_toggle", args=[event.pk, registration.pk]), {"present": "1"}, HTTP_HX_REQUEST="true"
    )

    registration.refresh_from_db()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "checkin-changed"
    assert 'id="registration-' in response.content.decode()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == editor


def test_without_javascript_ticking_returns_to_the_list_with_the_search(client, editor):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    client.force_login(editor)

    response = client.post(reverse("events:checkin_toggle", args=[event.pk, registration.pk]), {"present": "1", "q": "anna"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("events:checkin", args=[event.pk]) + "?q=anna")


def test_undo_removes_the_arrival(client, editor):
    event = EventFactory()
    registration = RegistrationFactory(event=event, checked_in_at=timezone.now())
    client.force_login(editor)

    client.post(reverse("events:checkin_toggle", args=[event.pk, registration.pk]), {"present": "0"})

    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_live_count_fragment_counts_arrivals(client, editor):
    event = EventFactory()
    RegistrationFactory(event=event, checked_in_at=timezone.now())
    RegistrationFactory.create_batch(2, event=event)
    client.force_login(editor)

    response = client.get(reverse("events:checkin_count", args=[event.pk]))

    assert response.context["counts"] == {"confirmed": 3, "arrived": 1}
    assert "<html" not in response.content.decode()


def test_search_by_name_on_the_check_in_page(client, editor):
    event = EventFactory()
    RegistrationFactory(event=event, name="Anna de Vries")
    RegistrationFactory(event=event, name="Bert Jansen")
    client.force_login(editor)

    response = client.get(reverse("events:checkin", args=[event.pk]), {"q": "anna"}, HTTP_HX_REQUEST="true")

    assert [r.name for r in response.context["registrations"]] == ["Anna de Vries"]


def test_scanning_the_qr_code_shows_the_person_and_checks_them_in(client, editor):
    registration = RegistrationFactory(event=EventFactory(), name="Anna de Vries")
    url = reverse("events:checkin_scan", args=[registration_token("checkin", registration)])
    client.force_login(editor)

    shown = client.get(url)
    done = client.post(url)

    registration.refresh_from_db()
    assert "Anna de Vries" in shown.content.decode()
    assert done.status_code == 302
    assert registration.checked_in_at is not None


def test_scanning_twice_says_when_the_person_arrived(client, editor):
    registration = RegistrationFactory(event=EventFactory(), checked_in_at=timezone.now())
    client.force_login(editor)

    response = client.get(reverse("events:checkin_scan", args=[registration_token("checkin", registration)]))

    assert 'id="scan-already"' in response.content.decode()


def test_a_waitlisted_code_cannot_be_checked_in(client, editor):
    registration = RegistrationFactory(event=EventFactory(), status=Status.WAITLISTED)
    client.force_login(editor)

    response = client.post(reverse("events:checkin_scan", args=[registration_token("checkin", registration)]))

    registration.refresh_from_db()
    assert response.status_code == 400
    assert registration.checked_in_at is None


def test_the_figures_page_shows_attendance_without_small_groups(client, programme_manager, municipality):
    event = EventFactory(starts_at=in_days(-10), ends_at=in_days(-9.9))
    for index in range(8):
        RegistrationFactory(event=event, municipality=municipality, function="raadslid", checked_in_at=event.starts_at if index < 6 else None)
    RegistrationFactory(event=event, municipality=municipality, function="burgemeester", checked_in_at=event.starts_at)
    client.force_login(programme_manager)

    response = client.get(reverse("events:staff_figures"))

    figures = response.context["figures"]
    assert figures["total"].registered == 9
    by_function = dict(figures["tables"])[next(title for title, _rows in figures["tables"] if "function" in str(title).lower() or "functie" in str(title).lower())]
    assert [row.label for row in by_function] == ["Overig (groepen onder de 5 samen)"]

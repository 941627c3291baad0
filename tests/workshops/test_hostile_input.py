"""Whatever a visitor sends to the workshop, consultant and programme pages: a page or a clear Dutch message,
never a 500, and nothing the user typed is silently cut.

Length limits are enforced by the forms (with the limit and the current length in the message); the pages
carry no `maxlength`, because a browser cuts a pasted text at that length without a word. Filters are read
through forms (django-filter), so `?municipality=²` (a digit to `isdigit()`, not to `int()`) is an invalid
choice, not an exception.
"""

import datetime
import uuid

import pytest
from django.urls import reverse

from tests.workshops.factories import WorkshopRequestFactory, planned_session
from workshops import forms
from workshops.models import RequestMessage, Workshop, WorkshopRequest

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "²",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    "null",
    "\x00",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "a" * 5000,
    "ß" * 300,
    "",
]


def _request_form_data(municipality, **overrides) -> dict:
    data = {
        "municipality": municipality.pk,
        "workshops": [Workshop.objects.get(slug="debatteren").pk],
        "training_need": "De raad wil oefenen met debatteren.",
        "participants": 20,
        "preferred_periods": "Maart",
        "location": "Raadzaal",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("training_need", forms.TRAINING_NEED_MAX),
        ("preferred_periods", forms.PREFERRED_PERIODS_MAX),
        ("location", forms.LOCATION_MAX),
    ],
)
def test_a_request_text_over_its_limit_is_refused_in_dutch_and_kept_whole(
    client, griffier, municipality, field, limit
):
    client.force_login(griffier)
    text = "x" * (limit + 1)

    response = client.post(reverse("workshops:request_create"), _request_form_data(municipality, **{field: text}))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [
        f"Gebruik hoogstens {limit} tekens; deze tekst heeft er {limit + 1}. Maak hem korter: niets is weggelaten."
    ]
    assert form[field].value() == text
    assert 'maxlength="' not in response.content.decode()
    assert WorkshopRequest.objects.count() == 0


def test_a_request_text_of_exactly_the_limit_is_accepted(client, griffier, municipality):
    client.force_login(griffier)

    response = client.post(
        reverse("workshops:request_create"),
        _request_form_data(municipality, training_need="x" * forms.TRAINING_NEED_MAX),
    )

    assert response.status_code == 302
    assert len(WorkshopRequest.objects.get().training_need) == forms.TRAINING_NEED_MAX


def test_a_message_over_its_limit_is_refused_and_kept(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(griffier)
    body = "Lang bericht. " * (forms.MESSAGE_MAX // 10)

    response = client.post(reverse("workshops:request_message", args=[workshop_request.pk]), {"body": body})

    assert response.status_code == 400
    assert "Gebruik hoogstens 5000 tekens" in response.context["message_form"].errors["body"][0]
    assert response.context["message_form"]["body"].value() == body
    assert RequestMessage.objects.count() == 0


def test_a_status_note_over_its_limit_is_refused_and_kept(client, consultant, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(consultant)
    note = "n" * (forms.STATUS_NOTE_MAX + 1)

    response = client.post(
        reverse("workshops:staff_request_status", args=[workshop_request.pk]),
        {"status": "in_consultation", "note": note},
    )

    assert response.status_code == 400
    assert "Gebruik hoogstens 2000 tekens" in response.context["status_form"].errors["note"][0]
    assert response.context["status_form"]["note"].value() == note
    workshop_request.refresh_from_db()
    assert workshop_request.status == WorkshopRequest.Status.RECEIVED


def test_a_status_the_request_cannot_move_to_is_refused_with_a_message(client, consultant, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(consultant)

    response = client.post(
        reverse("workshops:staff_request_status", args=[workshop_request.pk]), {"status": "evaluated"}
    )

    assert response.status_code == 400
    assert response.context["status_form"].errors["status"] == ["Kies een status waarnaar deze aanvraag kan gaan."]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("note", forms.PROPOSAL_NOTE_MAX), ("sessions-0-place", forms.PLACE_MAX), ("sessions-0-trainer_name", forms.TRAINER_NAME_MAX)],
)
def test_proposal_texts_over_their_limit_are_refused_and_kept(client, consultant, griffier, field, limit):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(consultant)
    day = datetime.date.today() + datetime.timedelta(days=20)
    data = {
        "note": "Voorstel",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "10",
        "sessions-0-workshop": Workshop.objects.get(slug="debatteren").pk,
        "sessions-0-date": day.isoformat(),
        "sessions-0-start_time": "19:30",
        "sessions-0-end_time": "21:30",
        "sessions-0-place": "Raadzaal",
        "sessions-0-trainer_name": "Trainer",
    }
    data[field] = "t" * (limit + 1)

    response = client.post(reverse("workshops:staff_proposal_create", args=[workshop_request.pk]), data)

    assert response.status_code == 200
    assert f"Gebruik hoogstens {limit} tekens" in response.content.decode()
    assert "t" * (limit + 1) in response.content.decode()
    assert not workshop_request.proposals.exists()


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_any_workshop_id_in_a_request_link_only_prefills_real_workshops(client, griffier, value):
    client.force_login(griffier)
    debatteren = Workshop.objects.get(slug="debatteren")

    response = client.get(reverse("workshops:request_create"), {"workshop": [value, str(debatteren.pk)]})

    assert response.status_code == 200
    assert response.context["form"]["workshops"].value() in ([], [str(debatteren.pk)])


CATALOGUE_FILTERS = ["q", "theme", "role", "format", "duration", "delivery", "page"]
QUEUE_FILTERS = ["status", "region", "workshop", "assigned_to", "municipality", "page", "format"]
CONSULTANT_FILTERS = ["region", "theme", "role", "page"]
FIND_FILTERS = ["q", "municipality"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_no_value_in_any_filter_of_the_public_pages_gives_an_error_page(client, value):
    pages = [
        (reverse("workshops:workshop_list"), CATALOGUE_FILTERS),
        (reverse("consultants:consultant_list"), CONSULTANT_FILTERS),
        (reverse("consultants:consultant_find"), FIND_FILTERS),
        (reverse("programmes:programme_list"), ["page", "q"]),
    ]
    # Every filter gets the value at once: each is cleaned on its own, so one invalid filter hides no other.
    for url, names in pages:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, dict.fromkeys(names, value), headers=headers)
            assert response.status_code == 200, f"{url} with every filter {value!r}: {response.status_code}"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_no_value_in_any_filter_of_the_staff_pages_gives_an_error_page(client, programme_manager, consultant, value):
    WorkshopRequestFactory()
    for user in (programme_manager, consultant):
        client.force_login(user)
        for url, names in [
            (reverse("workshops:staff_request_queue"), QUEUE_FILTERS),
            (reverse("workshops:staff_request_export"), QUEUE_FILTERS),
            (reverse("workshops:staff_evaluation_export"), ["format"]),
            (reverse("consultants:regional_overview"), ["page"]),
        ]:
            response = client.get(url, dict.fromkeys(names, value))
            assert response.status_code == 200, f"{url} with every filter {value!r}: {response.status_code}"


def test_bytes_that_are_no_utf_8_in_a_query_string_give_a_page(client, programme_manager):
    client.force_login(programme_manager)
    for url in [
        reverse("workshops:workshop_list"),
        reverse("workshops:staff_request_queue"),
        reverse("consultants:consultant_list"),
        reverse("consultants:consultant_find"),
    ]:
        response = client.get(f"{url}?q=%FF%FE%ED%A0%80&theme=%C0%AF&region=%ED%A0%80&municipality=%FF")
        assert response.status_code == 200, url


def test_a_workshop_id_too_large_for_the_database_in_a_posted_request_is_an_invalid_choice(
    client, griffier, municipality
):
    client.force_login(griffier)

    response = client.post(
        reverse("workshops:request_create"), _request_form_data(municipality, workshops=["9" * 30])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["workshops"]
    assert WorkshopRequest.objects.count() == 0


def test_an_invalid_filter_value_is_ignored_and_the_rest_still_filters(client):
    response = client.get(reverse("workshops:workshop_list"), {"theme": "²", "format": "training"})

    assert response.status_code == 200
    assert {w.format for w in response.context["workshops"]} == {"training"}


def test_a_municipality_filter_that_is_a_digit_to_isdigit_but_not_to_int_is_an_invalid_choice(
    client, programme_manager
):
    WorkshopRequestFactory()
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_request_queue"), {"municipality": "²"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["municipality"]
    assert response.context["page_obj"].paginator.count == 1  # the invalid filter is not applied


@pytest.mark.parametrize("value", ["²", "0", "-5", "abc", "9" * 30])
def test_any_request_or_workshop_address_is_a_page_or_a_404(client, griffier, consultant, value):
    planned_session(workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=datetime.timedelta(days=2))
    for user, url in [
        (None, f"/workshops/{value}/"),
        (None, f"/workshops/evaluatie/{value}/"),
        (None, f"/consulenten/{value}/"),
        (None, f"/programmas/{value}/"),
        (None, f"/programmas/themas/{value}/"),
        (griffier, f"/workshops/aanvragen/{value}/"),
        (griffier, f"/workshops/aanvragen/{value}/agenda.ics"),
        (consultant, f"/workshops/beheer/aanvragen/{value}/"),
    ]:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"

import datetime

import pytest
from django.urls import reverse

from tests.consultants.factories import ConsultantFactory
from tests.workshops.factories import EvaluationFactory, WorkshopRequestFactory, planned_session
from workshops import views
from workshops.models import Evaluation, WorkshopRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_session(griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(request=workshop_request, starts_in=-datetime.timedelta(hours=5))
    workshop_request.status = WorkshopRequest.Status.HELD
    workshop_request.save()
    return session


def test_participant_evaluates_a_held_session_without_an_account(client, held_session):
    response = client.post(held_session.get_evaluation_url(), {"rating": "5", "comments": "Heel leerzaam"})

    assert response.status_code == 200
    evaluation = Evaluation.objects.get()
    assert (evaluation.session, evaluation.rating, evaluation.comments) == (held_session, 5, "Heel leerzaam")


def test_the_evaluation_link_carries_a_random_token_not_an_id(held_session, griffier):
    other = planned_session(
        request=WorkshopRequestFactory(requested_by=griffier), starts_in=-datetime.timedelta(hours=1)
    )

    assert len(held_session.evaluation_token) >= 32
    assert held_session.get_evaluation_url() == f"/workshops/evaluatie/{held_session.evaluation_token}/"
    assert held_session.evaluation_token != other.evaluation_token


def test_an_unknown_token_is_not_found(client):
    response = client.get(reverse("workshops:evaluation_form", args=["not-a-real-token"]))

    assert response.status_code == 404


def test_a_session_that_has_not_taken_place_cannot_be_evaluated(client, griffier):
    session = planned_session(
        request=WorkshopRequestFactory(requested_by=griffier), starts_in=datetime.timedelta(days=2)
    )

    response = client.post(session.get_evaluation_url(), {"rating": "5"})

    assert response.status_code == 200
    assert b"not open" in response.content or b"niet open" in response.content
    assert Evaluation.objects.count() == 0


def test_a_rating_outside_one_to_five_is_refused(client, held_session):
    response = client.post(held_session.get_evaluation_url(), {"rating": "9", "comments": "Bewaard"})

    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert b"Bewaard" in response.content
    assert Evaluation.objects.count() == 0


def test_evaluations_are_throttled_per_connection(client, held_session):
    for _ in range(views.EVALUATION_LIMIT):
        client.post(held_session.get_evaluation_url(), {"rating": "4"})

    response = client.post(held_session.get_evaluation_url(), {"rating": "4"})

    assert response.status_code == 429
    assert response["Retry-After"] == str(views.EVALUATION_WINDOW)
    assert Evaluation.objects.count() == views.EVALUATION_LIMIT


def test_staff_see_results_per_workshop_and_per_trainer(client, programme_manager, griffier):
    trainer = ConsultantFactory(name="Trainer Een")
    request_one = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(request=request_one, starts_in=-datetime.timedelta(days=1), trainer=trainer)
    EvaluationFactory(session=session, rating=5)
    EvaluationFactory(session=session, rating=3)
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_evaluation_results"))

    assert response.status_code == 200
    by_workshop = response.context["by_workshop"]
    assert [(row["session__workshop__slug"], row["average"], row["count"]) for row in by_workshop] == [
        (session.workshop.slug, 4.0, 2)
    ]
    assert [(row["session__trainer__name"], row["average"]) for row in response.context["by_trainer"]] == [
        ("Trainer Een", 4.0)
    ]


def test_a_consultant_sees_only_results_from_their_regions(client, consultant, other_griffier):
    session = planned_session(
        request=WorkshopRequestFactory(requested_by=other_griffier), starts_in=-datetime.timedelta(days=1)
    )
    EvaluationFactory(session=session, rating=1)
    client.force_login(consultant)

    response = client.get(reverse("workshops:staff_evaluation_results"))

    assert response.context["by_workshop"] == []

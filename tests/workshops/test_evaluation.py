import datetime
import hashlib
import io
import re
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.consultants.factories import ConsultantFactory
from tests.workshops.factories import (
    EvaluationFactory,
    WorkshopRequestFactory,
    evaluation_link,
    planned_session,
)
from workshops import services, views
from workshops.forms import COMMENTS_MAX
from workshops.models import Evaluation, Session, WorkshopRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_session(griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(workshop_request=workshop_request, starts_in=-datetime.timedelta(hours=5))
    workshop_request.status = WorkshopRequest.Status.HELD
    workshop_request.save()
    return session


@pytest.fixture
def link(held_session) -> str:
    return evaluation_link(held_session)


def _form_key(response) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', response.content.decode()).group(1)


def test_participant_evaluates_a_held_session_without_an_account(client, held_session, link):
    response = client.post(link, {"rating": "5", "comments": "Heel leerzaam", "submission_key": uuid.uuid4()})

    assert response.status_code == 200
    evaluation = Evaluation.objects.get()
    assert (evaluation.session, evaluation.rating, evaluation.comments) == (held_session, 5, "Heel leerzaam")


def test_the_evaluation_link_carries_a_random_token_of_which_only_the_hash_is_stored(held_session, link, griffier):
    token = link.split("/")[-2]

    held_session.refresh_from_db()
    assert len(token) >= 32
    assert link == f"/workshops/evaluatie/{token}/"
    assert held_session.evaluation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(Session.objects.values()))


def test_a_new_link_for_a_session_replaces_the_old_one(client, held_session, link):
    new_link = evaluation_link(held_session)

    assert client.get(link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_an_unknown_token_is_not_found(client):
    response = client.get(reverse("workshops:evaluation_form", args=["not-a-real-token"]))

    assert response.status_code == 404


def test_a_session_that_has_not_taken_place_cannot_be_evaluated(client, griffier):
    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=datetime.timedelta(days=2)
    )

    response = client.post(evaluation_link(session), {"rating": "5"})

    assert response.status_code == 200
    assert b"not open" in response.content or b"niet open" in response.content
    assert Evaluation.objects.count() == 0


def test_a_rating_outside_one_to_five_is_refused(client, link):
    response = client.post(link, {"rating": "9", "comments": "Bewaard", "submission_key": uuid.uuid4()})

    assert response.status_code == 200
    assert response.context["form"].errors["rating"]
    assert b"Bewaard" in response.content
    assert Evaluation.objects.count() == 0


def test_comments_over_the_limit_are_refused_in_dutch_and_kept_whole(client, link):
    comments = "Lang verhaal. " * (COMMENTS_MAX // 10)

    response = client.post(link, {"rating": "4", "comments": comments, "submission_key": uuid.uuid4()})

    assert response.status_code == 200
    error = response.context["form"].errors["comments"][0]
    assert f"Gebruik hoogstens {COMMENTS_MAX} tekens" in error and "niets is weggelaten" in error
    assert response.context["form"]["comments"].value() == comments
    assert 'maxlength="' not in response.content.decode()  # a browser would silently cut a pasted text
    assert Evaluation.objects.count() == 0


def test_the_same_form_posted_twice_gives_one_evaluation(client, link):
    key = _form_key(client.get(link))
    data = {"rating": "4", "comments": "Dubbel geklikt", "submission_key": key}

    first = client.post(link, data)
    second = client.post(link, data)

    assert (first.status_code, second.status_code) == (200, 200)
    assert "workshops/evaluation_thanks.html" in [t.name for t in second.templates]
    assert Evaluation.objects.count() == 1
    assert str(Evaluation.objects.get().submission_key) == key


def test_every_participant_who_opens_the_shared_link_can_send_their_own_evaluation(client, link, held_session):
    for rating in (5, 3, 4):
        key = _form_key(client.get(link))
        client.post(link, {"rating": str(rating), "submission_key": key})

    assert sorted(held_session.evaluations.values_list("rating", flat=True)) == [3, 4, 5]


def test_a_mangled_form_key_still_gives_one_evaluation_without_an_error(client, link):
    response = client.post(link, {"rating": "4", "submission_key": "not-a-uuid"})

    assert "workshops/evaluation_thanks.html" in [t.name for t in response.templates]
    assert Evaluation.objects.count() == 1


def test_a_form_key_used_for_another_session_is_refused(griffier, held_session):
    other = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=-datetime.timedelta(hours=1)
    )
    key = uuid.uuid4()
    services.evaluation_submit(session=held_session, rating=4, submission_key=key)

    with pytest.raises(services.ValidationError):
        services.evaluation_submit(session=other, rating=2, submission_key=key)

    assert Evaluation.objects.count() == 1


def test_the_thank_you_page_says_what_happens_next_and_links_onward(client, link):
    response = client.post(link, {"rating": "5", "submission_key": uuid.uuid4()})

    content = response.content.decode()
    assert "Wat gebeurt er nu?" in content
    assert reverse("workshops:workshop_list") in content


def test_the_evaluation_page_is_never_stored_by_a_browser_or_proxy(client, link):
    response = client.get(link)

    assert response["Cache-Control"] == "private, no-store"


def test_evaluations_are_throttled_per_connection(client, link):
    for _ in range(views.EVALUATION_LIMIT):
        client.post(link, {"rating": "4", "submission_key": uuid.uuid4()})

    response = client.post(link, {"rating": "4", "submission_key": uuid.uuid4()})

    assert response.status_code == 429
    assert response["Retry-After"] == str(views.EVALUATION_WINDOW)
    assert Evaluation.objects.count() == views.EVALUATION_LIMIT


def test_staff_see_results_per_workshop_and_per_trainer_from_five_evaluations(client, programme_manager, griffier):
    trainer = ConsultantFactory(name="Trainer Een")
    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier),
        starts_in=-datetime.timedelta(days=1),
        trainer=trainer,
    )
    for rating in (5, 3, 4, 4, 4):
        EvaluationFactory(session=session, rating=rating)
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_evaluation_results"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert [(row["slug"], row["average"], row["count"]) for row in response.context["by_workshop"]] == [
        (session.workshop.slug, 4.0, 5)
    ]
    assert [(row["name"], row["average"]) for row in response.context["by_trainer"]] == [("Trainer Een", 4.0)]


def test_an_average_of_fewer_than_five_evaluations_is_not_shown(client, programme_manager, griffier):
    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=-datetime.timedelta(days=1)
    )
    for rating in (5, 1, 4, 2):
        EvaluationFactory(session=session, rating=rating)
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_evaluation_results"))

    assert [(row["average"], row["count"]) for row in response.context["by_workshop"]] == [(None, 4)]
    assert "te weinig om te tonen" in response.content.decode()


def test_a_consultant_sees_only_results_from_their_regions(client, consultant, other_griffier):
    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=other_griffier), starts_in=-datetime.timedelta(days=1)
    )
    EvaluationFactory(session=session, rating=1)
    client.force_login(consultant)

    response = client.get(reverse("workshops:staff_evaluation_results"))

    assert response.context["by_workshop"] == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_download_the_results_as_csv_or_xlsx(client, programme_manager, griffier, fmt):
    session = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier),
        starts_in=-datetime.timedelta(days=1),
        trainer_name="=HYPERLINK(1)",
    )
    for rating in (5, 5, 4, 4, 2):
        EvaluationFactory(session=session, rating=rating)
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_evaluation_export"), {"format": fmt})

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[1][1:] == [session.workshop.title, 4, 5, 1]
        assert rows[2][1] == "=HYPERLINK(1)" and sheet.cell(row=3, column=2).data_type == "s"
    else:
        text = response.content.decode("utf-8-sig")
        assert f"{session.workshop.title};4.0;5;1" in text
        assert "'=HYPERLINK(1)" in text

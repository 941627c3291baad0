"""Permission matrix over every URL of the workshops app, for every kind of user.

Anonymous -> login redirect (token URLs: 404 for an unknown token); member -> 403; griffier of another
municipality -> 404 on Amsterdam's request; Amsterdam's griffier and the staff who handle it -> 200.
"""

import datetime

import pytest

from tests.matrix import assert_status, login_as
from tests.workshops.factories import ProposalFactory, SessionFactory, WorkshopRequestFactory, planned_session
from workshops.models import WorkshopRequest
from workshops.tokens import evaluation_token_issue

USERS = [
    "anonymous",
    "member",
    "griffier",
    "other_griffier",
    "editor",
    "consultant",
    "programme_manager",
    "administrator",
]
HANDLERS = {
    "consultant",
    "programme_manager",
    "administrator",
}  # staff who handle requests (region: Noord-Holland)
MANAGERS = {"programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _griffier_of_amsterdam(user: str) -> int:
    """A page of Amsterdam's request: only its griffier; another griffier must not learn that it exists."""
    if user == "anonymous":
        return 302
    return {"griffier": 200, "other_griffier": 404}.get(user, 403)


def _griffiers(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in {"griffier", "other_griffier"} else 403


def _handlers(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in HANDLERS else 403


def _managers_only_object(user: str) -> int:
    """Rotterdam's request: outside the consultant's region, so 404 for them."""
    if user == "consultant":
        return 404
    return _handlers(user)


GET_URLS = {
    "workshop_list": ("/workshops/", _public),
    "workshop_detail": ("/workshops/debatteren/", _public),
    "evaluation_form": ("/workshops/evaluatie/{token}/", _public),
    "evaluation_unknown_token": ("/workshops/evaluatie/unknown-token/", lambda user: 404),
    "request_list": ("/workshops/aanvragen/", _griffiers),
    "request_create": ("/workshops/aanvragen/nieuw/", _griffiers),
    "request_detail": ("/workshops/aanvragen/{pk}/", _griffier_of_amsterdam),
    "request_ical": ("/workshops/aanvragen/{pk}/agenda.ics", _griffier_of_amsterdam),
    "staff_queue": ("/workshops/beheer/", _handlers),
    "staff_export": ("/workshops/beheer/export/", _handlers),
    "staff_evaluations": ("/workshops/beheer/evaluaties/", _handlers),
    "staff_request_detail": ("/workshops/beheer/aanvragen/{pk}/", _handlers),
    "staff_request_detail_rotterdam": ("/workshops/beheer/aanvragen/{rotterdam_pk}/", _managers_only_object),
    "staff_proposal_create": ("/workshops/beheer/aanvragen/{pk}/voorstel/", _handlers),
}


def _post_griffier(user: str) -> int:
    return 302 if _griffier_of_amsterdam(user) == 200 else _griffier_of_amsterdam(user)


def _post_handlers(user: str) -> int:
    return 302 if _handlers(user) == 200 else _handlers(user)


def _post_handlers_rotterdam(user: str) -> int:
    return 302 if _managers_only_object(user) == 200 else _managers_only_object(user)


POST_URLS = {
    "request_message": ("/workshops/aanvragen/{pk}/bericht/", {"body": "Hallo"}, _post_griffier),
    "proposal_accept": ("/workshops/aanvragen/{pk}/accepteren/", {}, _post_griffier),
    "staff_message": ("/workshops/beheer/aanvragen/{pk}/bericht/", {"body": "Hallo"}, _post_handlers),
    "staff_status": (
        "/workshops/beheer/aanvragen/{pk}/status/",
        {"status": "in_consultation"},
        _post_handlers,
    ),
    "staff_assign": ("/workshops/beheer/aanvragen/{pk}/toewijzen/", {"assigned_to": ""}, _post_handlers),
    "staff_status_rotterdam": (
        "/workshops/beheer/aanvragen/{rotterdam_pk}/status/",
        {"status": "in_consultation"},
        _post_handlers_rotterdam,
    ),
}


@pytest.fixture
def objects(db, griffier, other_griffier) -> dict:
    amsterdam = WorkshopRequestFactory(requested_by=griffier, status=WorkshopRequest.Status.PROPOSAL_SENT)
    SessionFactory(proposal=ProposalFactory(request=amsterdam))
    rotterdam = WorkshopRequestFactory(requested_by=other_griffier)
    held = planned_session(
        workshop_request=WorkshopRequestFactory(requested_by=griffier), starts_in=-datetime.timedelta(hours=2)
    )
    return {"pk": amsterdam.pk, "rotterdam_pk": rotterdam.pk, "token": evaluation_token_issue(held)}


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(GET_URLS))
def test_get_permission_matrix(client, request, objects, url_name, user_name):
    template, expected_for = GET_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)

    response = client.get(url)

    assert_status(response, expected_for(user_name), f"{user_name} GET {url}")


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(POST_URLS))
def test_post_permission_matrix(client, request, objects, url_name, user_name):
    template, data, expected_for = POST_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)

    response = client.post(url, data)

    assert_status(response, expected_for(user_name), f"{user_name} POST {url}")
    if expected_for(user_name) == 404:
        assert WorkshopRequest.objects.get(pk=objects["pk"]).messages.count() == 0


@pytest.mark.django_db
def test_other_griffier_cannot_accept_amsterdams_proposal(client, objects, other_griffier):
    client.force_login(other_griffier)

    client.post(f"/workshops/aanvragen/{objects['pk']}/accepteren/")

    assert WorkshopRequest.objects.get(pk=objects["pk"]).status == WorkshopRequest.Status.PROPOSAL_SENT

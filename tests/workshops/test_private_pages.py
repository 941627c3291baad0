"""Pages and downloads about one municipality's requests, the staff pages and token pages are never stored
by a browser or a proxy on the way: a shared computer's Back button or a company cache must not show them."""

import datetime

import pytest
from django.urls import reverse

from tests.workshops.factories import WorkshopRequestFactory, evaluation_link, planned_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_request(griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    planned_session(workshop_request=workshop_request, starts_in=datetime.timedelta(days=3))
    return workshop_request


GRIFFIER_PAGES = [
    ("workshops:request_list", False),
    ("workshops:request_create", False),
    ("workshops:request_detail", True),
    ("workshops:request_ical", True),
]
STAFF_PAGES = [
    ("workshops:staff_request_queue", False, {}),
    ("workshops:staff_request_export", False, {}),
    ("workshops:staff_request_export", False, {"format": "xlsx"}),
    ("workshops:staff_request_detail", True, {}),
    ("workshops:staff_proposal_create", True, {}),
    ("workshops:staff_evaluation_results", False, {}),
    ("workshops:staff_evaluation_export", False, {}),
    ("workshops:staff_evaluation_export", False, {"format": "xlsx"}),
]


def _assert_private(response) -> None:
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.parametrize(("url_name", "with_pk"), GRIFFIER_PAGES)
def test_the_griffiers_pages_and_calendar_file_are_not_stored(client, griffier, workshop_request, url_name, with_pk):
    client.force_login(griffier)

    response = client.get(reverse(url_name, args=[workshop_request.pk] if with_pk else []))

    _assert_private(response)


@pytest.mark.parametrize(("url_name", "with_pk", "query"), STAFF_PAGES)
def test_the_staff_pages_and_downloads_are_not_stored(
    client, programme_manager, workshop_request, url_name, with_pk, query
):
    client.force_login(programme_manager)

    response = client.get(reverse(url_name, args=[workshop_request.pk] if with_pk else []), query)

    _assert_private(response)


def test_the_evaluation_form_behind_its_token_is_not_stored(client, workshop_request):
    session = workshop_request.proposals.get().sessions.get()

    response = client.get(evaluation_link(session))

    assert response["Cache-Control"] == "private, no-store"


def test_the_public_catalogue_may_be_stored(client):
    response = client.get(reverse("workshops:workshop_list"))

    assert "no-store" not in response.get("Cache-Control", "")

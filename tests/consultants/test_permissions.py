"""Permission matrix over every URL of the consultants app, for every kind of user."""

import pytest

from tests.consultants.factories import ConsultantFactory
from tests.matrix import assert_access

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
STAFF = {"editor", "consultant", "programme_manager", "administrator"}
OVERVIEW = {"consultant", "programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _overview(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in OVERVIEW else 403


def _staff_only_object(user: str) -> int:
    """An inactive consultant's page: staff still see it; for everyone else it does not exist."""
    return 200 if user in STAFF else 404


URLS = {
    "consultant_list": ("/consulenten/", _public),
    "consultant_list_filtered": ("/consulenten/?region=groningen&theme=participatie", _public),
    "consultant_find": ("/consulenten/vind/?q=Den+Haag", _public),
    "consultant_detail": ("/consulenten/jorien-dijkhuis/", _public),
    "consultant_detail_inactive": ("/consulenten/{inactive}/", _staff_only_object),
    "consultant_detail_missing": ("/consulenten/bestaat-niet/", lambda user: 404),
    "regional_overview": ("/consulenten/regio/", _overview),
}


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(URLS))
def test_permission_matrix(client, request, url_name, user_name):
    inactive = ConsultantFactory(is_active=False)
    template, expected_for = URLS[url_name]
    url = template.format(inactive=inactive.slug)

    assert_access(client, request, user_name, "GET", url, expected_for(user_name))

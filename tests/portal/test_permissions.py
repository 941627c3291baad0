"""The foundation's permission matrix: every URL of portal/ and programmes/ against every kind of user."""

import pytest
from django.conf import settings
from django.urls import reverse

from portal.models import GriffierRole
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
MANAGERS = {"programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _members(user: str) -> int:
    return 302 if user == "anonymous" else 200


def _any_staff(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in STAFF else 403


def _managers(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in MANAGERS else 403


def _managers_missing_object(user: str) -> int:
    return 404 if user in MANAGERS else _managers(user)


URLS = {
    "home": ("/", _public),
    "programme_list": ("/programmas/", _public),
    "programme_detail": ("/programmas/democratie-in-actie/", _public),
    "theme_detail": ("/programmas/themas/bestuurscultuur/", _public),
    "municipality_list": ("/gemeenten/", _public),
    "municipality_detail": ("/gemeenten/amsterdam/", _public),
    "privacy": ("/privacy/", _public),
    "accessibility": ("/toegankelijkheid/", _public),
    "health": ("/health/", _public),
    "dashboard": ("/mijn/", _members),
    "profile": ("/mijn/profiel/", _members),
    "griffier_request": ("/mijn/griffier/", _members),
    "staff_home": ("/beheer/", _any_staff),
    "griffier_queue": ("/beheer/griffiers/", _managers),
    "griffier_decide": ("/beheer/griffiers/{role_pk}/", _managers),
    "griffier_decide_missing": ("/beheer/griffiers/999999/", _managers_missing_object),
    "personal_data": ("/mijn/gegevens/", _members),
    "account_delete": ("/mijn/account-verwijderen/", _members),
}

# POSTs with empty data: who may try gets the form back with errors (200); others are stopped first.
POSTS = {
    "profile": ("/mijn/profiel/", _members),
    "griffier_request": ("/mijn/griffier/", _members),
    "account_delete": ("/mijn/account-verwijderen/", _members),
    "griffier_decide": ("/beheer/griffiers/{role_pk}/", _managers),
    "griffier_decide_missing": ("/beheer/griffiers/999999/", _managers_missing_object),
}


@pytest.fixture
def pending_role(db, municipality):
    from tests.factories import UserFactory

    return GriffierRole.objects.create(user=UserFactory(municipality=municipality), municipality=municipality)


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(URLS))
def test_permission_matrix(client, request, pending_role, url_name, user_name):
    template, expected_for = URLS[url_name]
    url = template.format(role_pk=pending_role.pk)
    if user_name != "anonymous":
        client.force_login(request.getfixturevalue(user_name))

    response = client.get(url)

    expected = expected_for(user_name)
    assert response.status_code == expected, (
        f"{user_name} GET {url}: {response.status_code}, expected {expected}"
    )
    if expected == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")


@pytest.mark.django_db
def test_an_editor_can_open_the_programme_admin(client, editor):
    client.force_login(editor)

    response = client.get("/admin/programmes/programme/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_member_is_sent_to_the_admin_login(client, member):
    client.force_login(member)

    response = client.get("/admin/programmes/programme/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_an_editor_cannot_open_the_user_admin(client, editor):
    client.force_login(editor)

    response = client.get("/admin/portal/user/")

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(POSTS))
def test_permission_matrix_for_posts(client, request, pending_role, url_name, user_name):
    template, expected_for = POSTS[url_name]

    assert_access(client, request, user_name, "POST", template.format(role_pk=pending_role.pk), expected_for(user_name))

    pending_role.refresh_from_db()
    assert pending_role.status == GriffierRole.Status.REQUESTED  # an empty form decides nothing

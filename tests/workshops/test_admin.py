import pytest

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/workshops/workshop/",
    "/admin/workshops/workshop/1/change/",
    "/admin/workshops/workshoprequest/",
    "/admin/workshops/proposal/",
    "/admin/workshops/evaluation/",
    "/admin/consultants/consultant/",
    "/admin/consultants/consultant/1/change/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_administration_screens_open(admin_client, settings, url):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = False

    response = admin_client.get(url)

    assert response.status_code == 200

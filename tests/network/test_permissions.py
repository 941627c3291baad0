"""Every URL of the network against every kind of visitor."""

import pytest
from django.urls import reverse

from network.models import Member

from .factories import CoalitionFactory, municipality_member, partner

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING = "ok", "login", 403, 404
VISITORS = [
    "anonymous", "member", "griffier", "other_griffier", "consultant", "other_consultant",
    "editor", "programme_manager", "administrator",
]


def _expect(**outcomes):
    return {visitor: outcomes.get(visitor, outcomes.get("default")) for visitor in VISITORS}


PUBLIC = _expect(default=OK)
MEMBERS = _expect(default=OK, anonymous=LOGIN)
GRIFFIERS = _expect(default=FORBIDDEN, anonymous=LOGIN, griffier=OK, other_griffier=OK)
ACT_FOR_AMSTERDAM = _expect(default=MISSING, anonymous=LOGIN, griffier=OK)
MANAGERS = _expect(default=FORBIDDEN, anonymous=LOGIN, programme_manager=OK, administrator=OK)

URLS = [
    ("network_home", "get", PUBLIC),
    ("member_list", "get", PUBLIC),
    ("coalition_detail", "get", PUBLIC),
    ("partner_apply", "get", MEMBERS),
    ("join", "get", GRIFFIERS),
    ("coalition_join", "post", ACT_FOR_AMSTERDAM),
    ("coalition_leave", "post", ACT_FOR_AMSTERDAM),
    ("staff_partner_queue", "get", MANAGERS),
    ("staff_partner_decide", "post", MANAGERS),
]


@pytest.fixture
def objects(municipality):
    return {
        "coalition": CoalitionFactory(),
        "member": municipality_member(municipality),
        "partner": partner(status=Member.Status.PENDING, joined_at=None),
    }


def _url(name: str, objects: dict) -> str:
    if name.startswith("coalition_"):
        return reverse(f"network:{name}", kwargs={"slug": objects["coalition"].slug})
    if name == "staff_partner_decide":
        return reverse(f"network:{name}", kwargs={"pk": objects["partner"].pk})
    return reverse(f"network:{name}")


@pytest.mark.parametrize(
    ("visitor", "name", "method", "expected"),
    [pytest.param(v, name, method, e, id=f"{name}-{v}") for name, method, expectations in URLS for v, e in expectations.items()],
)
def test_permission_matrix(request, client, objects, visitor, name, method, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))

    data = {"member": objects["member"].pk, "decision": "accept"} if method == "post" else None
    response = getattr(client, method)(_url(name, objects), data)

    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == OK:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == expected

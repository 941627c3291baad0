"""Every URL of the network against every kind of visitor."""

import pytest
from django.urls import reverse

from network.models import Member
from tests.matrix import assert_access

from .factories import CoalitionFactory, municipality_member, partner

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING = "ok", 302, 403, 404
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

# (url name, method, expectations, status when allowed)
URLS = [
    ("network_home", "get", PUBLIC, 200),
    ("member_list", "get", PUBLIC, 200),
    ("coalition_detail", "get", PUBLIC, 200),
    ("partner_apply", "get", MEMBERS, 200),
    ("join", "get", GRIFFIERS, 200),
    ("coalition_join", "post", ACT_FOR_AMSTERDAM, 302),
    ("coalition_leave", "post", ACT_FOR_AMSTERDAM, 302),
    ("staff_partner_queue", "get", MANAGERS, 200),
    ("staff_partner_decide", "post", MANAGERS, 302),
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


def _cases():
    for name, method, expectations, allowed in URLS:
        for visitor, outcome in expectations.items():
            expected = allowed if outcome == OK else outcome
            yield pytest.param(visitor, name, method, expected, id=f"{name}-{visitor}")


@pytest.mark.parametrize(("visitor", "name", "method", "expected"), list(_cases()))
def test_permission_matrix(request, client, objects, visitor, name, method, expected):
    data = {"member": objects["member"].pk, "decision": "accept"} if method == "post" else None
    assert_access(client, request, visitor, method, _url(name, objects), expected, data)

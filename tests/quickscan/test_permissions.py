"""Every Quick Scan URL against every kind of visitor.

Anonymous -> login page (token URLs: 404); member and editor -> 403; griffier of another municipality or a
consultant of another region -> 404 on Amsterdam's scan; the consultant of the region and programme managers
read but never configure (403); Amsterdam's griffier does everything; staff pages are for managers only.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Region, StaffRole
from quickscan.models import Action, ReportPdf, Scan, ScanResult
from quickscan.services import open_link_make
from tests.factories import StaffFactory
from tests.matrix import assert_access, assert_status, login_as

from .factories import ClosedScanFactory, ScanFactory, agreement, invite

pytestmark = pytest.mark.django_db

# (url name, method, status when allowed)
READ = [
    ("scan_detail", "get", 200),
    ("scan_preview", "get", 200),
    ("scan_monitor", "get", 200),
    ("scan_report", "get", 200),
    ("scan_report_pdf", "get", 200),
    ("scan_report_status", "get", 200),
    ("scan_report_pdf_status", "get", 200),
    ("action_list", "get", 200),
]
WRITE = [
    ("scan_edit", "get", 302),  # the scan is open: its settings and questions are fixed, back to the scan
    ("scan_questions", "get", 302),
    ("scan_open_link", "get", 200),
    ("scan_open_link", "post", 302),
    ("scan_respondents", "get", 200),
    ("scan_extend", "get", 200),
    ("scan_open", "get", 200),
    ("scan_open", "post", 200),
    ("scan_remind", "post", 302),
    ("scan_close", "get", 200),
    ("scan_close", "post", 200),
    ("action_edit", "get", 200),
    ("action_list", "post", 200),
    ("scan_edit", "post", 302),
    ("scan_respondents", "post", 200),
    ("scan_respondent_remove", "post", 302),
]
STAFF = [("staff_scan_list", "get", 200), ("staff_national", "get", 200), ("staff_export", "get", 200)]

OK, LOGIN, FORBIDDEN, MISSING = "ok", 302, 403, 404
TO_TERMS = 302  # another municipality's griffier starting a scan is sent to accept the terms first

# visitor -> expected outcome for (read, write, scan_list, scan_create, agreement, staff)
EXPECTED = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "member": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "editor": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "other_griffier": (MISSING, MISSING, OK, TO_TERMS, MISSING, FORBIDDEN),
    "other_consultant": (MISSING, MISSING, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "consultant": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "programme_manager": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    "administrator": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    "griffier": (OK, OK, OK, OK, OK, FORBIDDEN),
}


def _cases():
    def case(visitor, name, method, outcome, allowed=200):
        expected = allowed if outcome == OK else outcome
        return pytest.param(visitor, name, method, expected, id=f"{visitor}-{name}-{method}-{expected}")

    for visitor, (read, write, listing, create, terms, staff) in EXPECTED.items():
        for name, method, allowed in READ:
            yield case(visitor, name, method, read, allowed)
        for name, method, allowed in WRITE:
            yield case(visitor, name, method, write, allowed)
        yield case(visitor, "scan_list", "get", listing)
        yield case(visitor, "scan_create", "get", create)
        yield case(visitor, "agreement", "get", terms)
        for name, method, allowed in STAFF:
            yield case(visitor, name, method, staff, allowed)


@pytest.fixture
def other_consultant(db, other_municipality):
    user = StaffFactory(role=StaffRole.CONSULTANT)
    user.regions.add(
        Region.objects.exclude(pk=other_municipality.region_id).exclude(municipalities__code="GM0363").first()
    )
    return user


@pytest.fixture
def amsterdam_scan(municipality, griffier):
    agreement(municipality, griffier)
    scan = ScanFactory(municipality=municipality)
    Action.objects.create(
        scan=scan, theme=scan.questionnaire.themes.first(), action="A", owner="B", due_on=timezone.localdate()
    )
    return scan


def _closed_with_pdf(scan: Scan) -> Scan:
    """A closed scan of the same municipality whose report and PDF exist (the open scan has neither)."""
    closed = ClosedScanFactory(municipality=scan.municipality)
    result = ScanResult.objects.create(scan=closed, computed_at=timezone.now(), respondents=5)
    ReportPdf.objects.create(scan=closed, language="nl", scores_of=result.computed_at, pdf=b"%PDF-1.7 test")
    return closed


def _url(name: str, scan: Scan) -> str:
    if name in {"scan_report_pdf", "scan_report_pdf_status"}:
        scan = _closed_with_pdf(scan)
    if name in {"scan_list", "scan_create", "staff_scan_list", "staff_national", "staff_export"}:
        return reverse(f"quickscan:{name}")
    if name == "agreement":
        return reverse("quickscan:agreement", kwargs={"slug": scan.municipality.slug})
    if name == "scan_respondent_remove":
        invitation, _token = invite(scan)
        return reverse(f"quickscan:{name}", kwargs={"pk": scan.pk, "invitation_pk": invitation.pk})
    if name == "action_edit":
        return reverse("quickscan:action_edit", kwargs={"pk": scan.pk, "action_pk": scan.actions.get().pk})
    return reverse(f"quickscan:{name}", kwargs={"pk": scan.pk})


@pytest.mark.parametrize(("visitor", "name", "method", "expected"), list(_cases()))
def test_permission_matrix(request, client, amsterdam_scan, visitor, name, method, expected):
    assert_access(client, request, visitor, method, _url(name, amsterdam_scan), expected)


def test_a_respondent_token_opens_no_staff_page(client, amsterdam_scan):
    invitation, token = invite(amsterdam_scan)
    client.get(reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token}))

    response = client.get(reverse("quickscan:scan_detail", kwargs={"pk": amsterdam_scan.pk}))

    assert_status(response, 302, "a respondent with a token", to_login=True)


@pytest.mark.parametrize("visitor", ["anonymous", "member", "other_griffier", "griffier"])
def test_a_token_of_another_scan_is_not_found_for_anyone(request, client, amsterdam_scan, visitor):
    other = ScanFactory()
    _invitation, token = invite(other)
    login_as(client, request, visitor)

    response = client.get(
        reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token})
    )
    post = client.post(
        reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token})
    )

    assert (response.status_code, post.status_code) == (404, 404)


def test_an_open_link_with_a_wrong_code_is_not_found(client):
    scan = ScanFactory(open_link_cap=10)
    open_link_make(scan=scan)

    response = client.get(
        reverse("quickscan:open_link", kwargs={"public_id": scan.public_id, "code": "fout"})
    )

    assert response.status_code == 404


def test_a_consultant_lists_only_the_scans_of_their_region(client, consultant, other_municipality):
    mine = ScanFactory()
    ScanFactory(municipality=other_municipality)
    client.force_login(consultant)

    response = client.get(reverse("quickscan:scan_list"))

    assert list(response.context["page_obj"].object_list) == [mine]


@pytest.mark.parametrize(
    ("visitor", "name"),
    [
        ("griffier", "scan_detail"),
        ("griffier", "scan_monitor"),
        ("griffier", "scan_report"),
        ("griffier", "scan_report_pdf"),
        ("griffier", "scan_respondents"),
        ("consultant", "scan_report"),
        ("programme_manager", "staff_export"),
        ("programme_manager", "staff_scan_list"),
    ],
)
def test_private_pages_and_downloads_are_never_cached(request, client, amsterdam_scan, visitor, name):
    login_as(client, request, visitor)

    response = client.get(_url(name, amsterdam_scan))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_respondents_page_is_never_cached(client, amsterdam_scan):
    _invitation, token = invite(amsterdam_scan)

    response = client.get(reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token}))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"

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

from .factories import ClosedScanFactory, ScanFactory, agreement, invite

pytestmark = pytest.mark.django_db

READ = [
    ("scan_detail", "get"),
    ("scan_preview", "get"),
    ("scan_monitor", "get"),
    ("scan_report", "get"),
    ("scan_report_pdf", "get"),
    ("scan_report_status", "get"),
    ("scan_report_pdf_status", "get"),
    ("action_list", "get"),
]
WRITE = [
    ("scan_edit", "get"),
    ("scan_questions", "get"),
    ("scan_open_link", "get"),
    ("scan_open_link", "post"),
    ("scan_respondents", "get"),
    ("scan_extend", "get"),
    ("scan_open", "get"),
    ("scan_open", "post"),
    ("scan_remind", "post"),
    ("scan_close", "get"),
    ("scan_close", "post"),
    ("action_edit", "get"),
    ("action_list", "post"),
    ("scan_edit", "post"),
    ("scan_respondents", "post"),
    ("scan_respondent_remove", "post"),
]
GENERAL = [("scan_list", "get"), ("scan_create", "get"), ("agreement", "get")]
STAFF = [("staff_scan_list", "get"), ("staff_national", "get"), ("staff_export", "get")]

OK, LOGIN, FORBIDDEN, MISSING = "ok", "login", 403, 404

# visitor -> expected outcome for (read, write, scan_list, scan_create, agreement, staff)
EXPECTED = {
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "member": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "editor": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "other_griffier": (MISSING, MISSING, OK, OK, MISSING, FORBIDDEN),
    "other_consultant": (MISSING, MISSING, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "consultant": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "programme_manager": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    "administrator": (OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    "griffier": (OK, OK, OK, OK, OK, FORBIDDEN),
}


def _cases():
    for visitor, (read, write, listing, create, terms, staff) in EXPECTED.items():
        for name, method in READ:
            yield visitor, name, method, read
        for name, method in WRITE:
            yield visitor, name, method, write
        yield visitor, "scan_list", "get", listing
        yield visitor, "scan_create", "get", create
        yield visitor, "agreement", "get", terms
        for name, method in STAFF:
            yield visitor, name, method, staff


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
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    url = _url(name, amsterdam_scan)

    response = getattr(client, method)(url)

    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == OK:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == expected


def test_a_respondent_token_opens_no_staff_page(client, amsterdam_scan):
    invitation, token = invite(amsterdam_scan)
    client.get(reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token}))

    response = client.get(reverse("quickscan:scan_detail", kwargs={"pk": amsterdam_scan.pk}))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("visitor", ["anonymous", "member", "other_griffier", "griffier"])
def test_a_token_of_another_scan_is_not_found_for_anyone(request, client, amsterdam_scan, visitor):
    other = ScanFactory()
    _invitation, token = invite(other)
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))

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
    client.force_login(request.getfixturevalue(visitor))

    response = client.get(_url(name, amsterdam_scan))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_respondents_page_is_never_cached(client, amsterdam_scan):
    _invitation, token = invite(amsterdam_scan)

    response = client.get(reverse("quickscan:answer", kwargs={"public_id": amsterdam_scan.public_id, "token": token}))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"

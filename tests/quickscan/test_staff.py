import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Municipality
from quickscan.models import Invitation, Scan
from quickscan.scoring import scan_score
from tests.utils import assert_same_query_count

from .factories import ScanFactory, add_responses, invite

pytestmark = pytest.mark.django_db


def _make_scans(count, municipality=None):
    municipalities = list(Municipality.objects.order_by("code")[:count]) if municipality is None else None
    for number in range(count):
        scan = ScanFactory(municipality=municipality or municipalities[number])
        invite(scan, "raad")


def test_the_griffiers_scan_list_costs_the_same_queries_at_5_and_100_scans(client, griffier, municipality):
    client.force_login(griffier)
    url = reverse("quickscan:scan_list")

    assert_same_query_count(make_rows=lambda n: _make_scans(n, municipality), request=lambda: client.get(url))


def test_the_staff_scan_list_costs_the_same_queries_at_5_and_100_scans(client, programme_manager):
    client.force_login(programme_manager)
    url = reverse("quickscan:staff_scan_list")

    assert_same_query_count(make_rows=_make_scans, request=lambda: client.get(url))


def test_the_staff_list_shows_municipality_status_response_rate_and_dates(client, programme_manager):
    scan = ScanFactory()
    done, _token = invite(scan)
    invite(scan)
    Invitation.objects.filter(pk=done.pk).update(used_at=timezone.localdate())
    client.force_login(programme_manager)

    response = client.get(reverse("quickscan:staff_scan_list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Amsterdam" in content and "1 / 2 (50%)" in content and scan.name in content


def test_the_staff_list_filters_by_municipality_status_and_questionnaire(
    client, programme_manager, other_municipality
):
    amsterdam = ScanFactory(name="Scan Amsterdam")
    rotterdam = ScanFactory(municipality=other_municipality, name="Scan Rotterdam", status=Scan.Status.CLOSED)
    client.force_login(programme_manager)
    url = reverse("quickscan:staff_scan_list")

    by_name = client.get(url, {"q": "Rotterdam"}).context["page_obj"].object_list
    by_status = client.get(url, {"status": "open"}).context["page_obj"].object_list
    by_questionnaire = client.get(url, {"questionnaire": "lokaal-bestuur"}).context["page_obj"].object_list

    assert list(by_name) == [rotterdam]
    assert list(by_status) == [amsterdam]
    assert list(by_questionnaire) == []


def _closed_scans(count, value=4):
    for municipality in Municipality.objects.order_by("code")[:count]:
        scan = ScanFactory(municipality=municipality, status=Scan.Status.CLOSED)
        add_responses(scan, "raad", 5, value=value)
        scan_score(scan_id=scan.pk)


def test_national_figures_appear_once_five_municipalities_took_part(client, programme_manager):
    _closed_scans(4)
    client.force_login(programme_manager)
    url = reverse("quickscan:staff_national")
    assert client.get(url).context["figures"] == []

    _closed_scans(5)
    response = client.get(url)

    figures = response.context["figures"]
    assert figures and {row["municipalities"] for row in figures} == {5}
    assert {row["index"] for row in figures} == {75.0}


def test_the_export_holds_aggregated_figures_of_closed_scans_only(client, programme_manager):
    _closed_scans(1)
    open_scan = ScanFactory(name="Nog open", status=Scan.Status.CLOSED)
    add_responses(open_scan, "raad", 5)
    scan_score(scan_id=open_scan.pk)
    Scan.objects.filter(pk=open_scan.pk).update(status=Scan.Status.OPEN)  # figures left from interim scoring
    invite(open_scan, email="persoon@example.nl")
    client.force_login(programme_manager)

    response = client.get(reverse("quickscan:staff_export"))

    content = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert response.status_code == 200
    assert rows and {row["index"] for row in rows} == {"75.0"}
    assert {row["level"] for row in rows} == {"theme", "statement"}
    assert "Nog open" not in content and "@" not in content


def test_a_consultants_scan_list_with_its_filters_costs_the_same_queries_at_5_and_100_scans(client, consultant, municipality):
    client.force_login(consultant)
    url = reverse("quickscan:scan_list")

    queries = assert_same_query_count(
        make_rows=lambda n: _make_scans(n, municipality), request=lambda: client.get(url, {"status": "open"})
    )

    assert queries < 15

"""The link for residents (issue 7 points 8 and 9): a place under the cap is taken only when a resident saves
their first answers, and the link's code is kept only as a hash."""

import pytest
from django.urls import reverse

from quickscan.forms import answer_pages
from quickscan.models import Invitation, Response
from quickscan.services import OPEN_LINK_FULL, open_link_make

from .factories import ScanFactory

pytestmark = pytest.mark.django_db


def _page_one(scan) -> dict:
    page = answer_pages(scan)[0]
    return {f"s{statement.pk}": "4" for statement in page.statements}


@pytest.fixture
def scan():
    return ScanFactory(open_link_cap=1)


@pytest.fixture
def open_url(scan):
    code = open_link_make(scan=scan)
    return reverse("quickscan:open_link", kwargs={"public_id": scan.public_id, "code": code})


def test_visiting_the_open_link_and_pressing_start_takes_no_place(client, scan, open_url):
    pages = [client.get(open_url) for _ in range(40)]
    starts = [client.post(open_url) for _ in range(20)]
    personal = [client.get(start["Location"]) for start in starts[:5]]

    assert {page.status_code for page in pages} == {200}
    assert {start.status_code for start in starts} == {302}
    assert len({start["Location"] for start in starts}) == 20  # a personal link each time
    assert {page.status_code for page in personal} == {200}
    assert personal[0].context["number"] == 1
    assert not Invitation.objects.exists() and not Response.objects.exists()


def test_a_place_is_taken_when_a_resident_saves_their_first_answers(client, scan, open_url):
    first = client.post(open_url)["Location"].split("?")[0]
    second = client.post(open_url)["Location"].split("?")[0]

    saved = client.post(f"{first}?pagina=1", _page_one(scan))
    refused = client.post(f"{second}?pagina=1", _page_one(scan))
    resumed = client.get(first)
    full = client.get(open_url)

    assert saved.status_code == 302 and saved["Location"].endswith("?pagina=2")
    invitation = Invitation.objects.get()
    assert (invitation.source, invitation.group, invitation.started) == ("open", "inwoners", True)
    assert Response.objects.get().page == 1
    assert str(OPEN_LINK_FULL) in refused.content.decode()
    assert resumed.context["number"] == 2
    assert str(OPEN_LINK_FULL) in full.content.decode()


def test_saving_the_first_page_twice_takes_one_place(client, scan, open_url):
    link = client.post(open_url)["Location"].split("?")[0]

    client.post(f"{link}?pagina=1", _page_one(scan))
    again = client.post(f"{link}?pagina=1", _page_one(scan))

    assert again.status_code == 302
    assert Invitation.objects.count() == 1 and Response.objects.count() == 1


def test_a_forged_personal_link_gets_the_invalid_link_page(client, scan, open_url):
    link = client.post(open_url)["Location"].split("?")[0]
    forged = link[:-3] + ("aaa" if not link.endswith("aaa/") else "bbb") + "/"

    response = client.post(forged, _page_one(scan))

    assert response.status_code == 404
    assert b'id="invalid-link"' in response.content
    assert not Invitation.objects.exists()


def test_a_new_open_link_ends_the_personal_links_not_yet_used(client, scan, open_url):
    link = client.post(open_url)["Location"].split("?")[0]
    open_link_make(scan=scan)

    response = client.post(f"{link}?pagina=1", _page_one(scan))

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_open_link_is_throttled_per_client_and_scan(client):
    busy = ScanFactory(open_link_cap=1000)
    other = ScanFactory(open_link_cap=1000)
    urls = [
        reverse("quickscan:open_link", kwargs={"public_id": s.public_id, "code": open_link_make(scan=s)})
        for s in (busy, other)
    ]

    statuses = [client.post(urls[0]).status_code for _ in range(31)]
    elsewhere = client.post(urls[1])

    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert elsewhere.status_code == 302


def test_a_mistyped_code_gets_a_friendly_page_that_says_what_to_do(client, scan, open_url):
    response = client.get(open_url[:-4] + "xx/")

    assert response.status_code == 404
    assert b'id="invalid-link"' in response.content

"""Issue 13.2: public pages are kept whole for visitors without an account, and never show what they should not.

Each test switches the cache on (the suite runs with it off so that query counts see the real work).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal import pagecache
from portal.models import Municipality
from programmes.models import Programme
from publications.models import Publication
from publications.services import publication_publish, publication_submit
from tests.publications.factories import publication as make_publication
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

KEPT = "X-Portal-Page"


@pytest.fixture
def cached(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_public_page_is_served_whole_from_the_process_without_a_query(client, cached):
    first = client.get("/")
    client.cookies.clear()  # a new visitor: no session, no CSRF cookie

    second = client.get("/")

    assert KEPT not in first and second[KEPT] == "kept"
    assert second.content == first.content.replace(_token(first).encode(), _token(second).encode())
    assert count_queries(lambda: Client().get("/")) == 0


def test_every_public_page_type_is_kept(client, cached, municipality):
    programme = Programme.objects.published().first()
    paths = [
        "/", "/privacy/", "/toegankelijkheid/", "/gemeenten/", municipality.get_absolute_url(),
        "/programmas/", programme.get_absolute_url(), "/workshops/", "/consulenten/", "/consulenten/vind/",
        "/agenda/", "/agenda/archief/", "/kennisbank/", "/bibliotheek/", "/nieuws/", "/zoeken/?q=raad",
        "/aanbod/", "/netwerk/", "/nieuwsbrief/", "/nieuwsbrief/archief/", "/accounts/login/",
    ]
    for path in paths:
        assert Client().get(path).status_code == 200, path
        assert Client().get(path).get(KEPT) == "kept", path


def test_pages_are_kept_per_language_and_per_query(client, cached):
    dutch = Client(HTTP_ACCEPT_LANGUAGE="nl").get("/gemeenten/")
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/gemeenten/")
    english_again = Client(HTTP_ACCEPT_LANGUAGE="en").get("/gemeenten/")
    searched = Client(HTTP_ACCEPT_LANGUAGE="en").get("/gemeenten/?q=Zwolle")

    assert 'lang="nl"' in dutch.content.decode() and 'lang="en"' in english.content.decode()
    assert english_again[KEPT] == "kept" and 'lang="en"' in english_again.content.decode()
    assert KEPT not in searched and "Zwolle" in searched.content.decode() and "Amsterdam" not in searched.content.decode()


def test_the_partial_page_htmx_asks_for_is_kept_apart_from_the_whole_page(client, cached):
    whole = Client().get("/workshops/")
    part = Client().get("/workshops/", HTTP_HX_REQUEST="true")
    whole_again = Client().get("/workshops/")

    assert "<html" in whole.content.decode() and "<html" not in part.content.decode()
    assert whole_again[KEPT] == "kept" and "<html" in whole_again.content.decode()


def test_a_signed_in_member_never_gets_the_visitors_copy(client, cached, member):
    Client().get("/")
    Client().get("/")
    client.force_login(member)

    response = client.get("/")

    assert KEPT not in response
    assert "Mijn portaal" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_member_page_is_never_kept_for_visitors(client, cached, member):
    client.force_login(member)
    client.get("/")

    visitor = Client().get("/")

    assert KEPT not in visitor and "Mijn portaal" not in visitor.content.decode()


def test_a_visitor_with_a_pending_message_gets_the_page_drawn_for_them(client, cached):
    Client().get("/")
    client.post(reverse("portal:home"))  # 405: nothing; now give the visitor a message the way views do
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    response_with_cookie = Client().get("/")
    storage.add(20, "Uw aanmelding is ontvangen.")
    storage.update(response_with_cookie)
    client.cookies["messages"] = response_with_cookie.cookies["messages"].value

    response = client.get("/")

    assert KEPT not in response
    assert "Uw aanmelding is ontvangen." in response.content.decode()


def test_the_kept_page_carries_each_visitors_own_working_csrf_token(cached):
    Client().get("/accounts/login/")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    page_one, page_two = first.get("/accounts/login/"), second.get("/accounts/login/")

    assert page_one[KEPT] == page_two[KEPT] == "kept"
    assert _token(page_one) != _token(page_two)
    kept = pagecache._pages.get(pagecache._key(page_one.wsgi_request))
    assert pagecache.CSRF_MARK in kept.content and "csrfmiddlewaretoken\" value=\"" + pagecache.CSRF_MARK in kept.content
    switched = first.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": _token(page_one)})
    assert switched.status_code == 302  # the token works: no 403
    refused = second.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": _token(page_one)})
    assert refused.status_code == 403  # one visitor's token is not another's


def test_a_publication_published_through_the_service_shows_at_once(
    client, cached, programme_manager, django_capture_on_commit_callbacks
):
    Client().get("/nieuws/")
    item = make_publication(type=Publication.Type.NEWS, title="Raadsleden leren debatteren", published=False)
    publication_submit(publication=item, actor=item.last_edited_by)
    assert "Raadsleden leren debatteren" not in Client().get("/nieuws/").content.decode()
    assert Client().get("/nieuws/")[KEPT] == "kept"

    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(publication=item, actor=programme_manager)

    page = Client().get("/nieuws/")
    assert KEPT not in page and "Raadsleden leren debatteren" in page.content.decode()


def test_an_edit_in_the_django_admin_shows_at_once(client, cached, administrator, django_capture_on_commit_callbacks):
    municipality = Municipality.objects.get(slug="zwolle")
    Client().get("/gemeenten/zwolle/")
    assert Client().get("/gemeenten/zwolle/")[KEPT] == "kept"
    client.force_login(administrator)
    change = reverse("admin:portal_municipality_change", args=[municipality.pk])
    form = client.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"name": "Zwolle aan de IJssel", "province": municipality.province_id, "region": municipality.region_id})
    data.update({key: "" for key in ("successor", "website") if data.get(key) is None})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Zwolle aan de IJssel" in Client().get("/gemeenten/zwolle/").content.decode()


def test_a_change_outside_the_write_paths_shows_once_the_version_rises_and_not_before(
    cached, django_capture_on_commit_callbacks
):
    Client().get("/programmas/")
    programme = Programme.objects.published().first()
    Programme.objects.filter(pk=programme.pk).update(name="Programma Zeventien")  # the shell, say

    assert "Programma Zeventien" not in Client().get("/programmas/").content.decode()  # stale, within 60 s
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.content_changed()
    pagecache.public_version.forget()  # as another process sees it after at most a second
    assert "Programma Zeventien" in Client().get("/programmas/").content.decode()


def test_pages_without_the_mark_are_never_kept(client, cached, member):
    client.force_login(member)
    client.get("/mijn/")
    client.logout()

    assert KEPT not in Client().get("/health/")
    assert Client().get("/mijn/").status_code == 302  # never someone's copy


def test_with_the_cache_down_every_page_is_drawn_fresh(client, cached, monkeypatch):
    Client().get("/")

    def down(*args, **kwargs):
        raise ConnectionError("Redis is gone")

    pagecache.public_version.forget()
    monkeypatch.setattr(pagecache.cache, "get", lambda *a, **k: None)
    monkeypatch.setattr(pagecache.cache, "add", lambda *a, **k: False)

    first, second = Client().get("/"), Client().get("/")

    assert first.status_code == second.status_code == 200
    assert KEPT not in first  # a version nothing carries: a miss, drawn as usual


# Signed-in members' pages: kept per session, drawn again after any write.


def _member_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_members_page_is_kept_for_their_own_session_only(cached, member, griffier):
    own = _member_client(member)
    first = own.get("/mijn/profiel/")
    again = own.get("/mijn/profiel/")
    other_session_same_member = _member_client(member).get("/mijn/profiel/")
    someone_else = _member_client(griffier).get("/mijn/profiel/")

    assert KEPT not in first and again[KEPT] == "kept"
    assert again.content.replace(_token(again).encode(), b"") == first.content.replace(_token(first).encode(), b"")
    assert KEPT not in other_session_same_member
    assert KEPT not in someone_else and f'value="{griffier.first_name}"' in someone_else.content.decode()
    assert f'value="{member.first_name}"' not in someone_else.content.decode()


def test_after_a_members_own_change_the_page_shows_it(cached, member):
    client = _member_client(member)
    client.get("/mijn/profiel/")
    assert client.get("/mijn/profiel/")[KEPT] == "kept"

    client.post("/mijn/profiel/", {"first_name": "Fenna", "last_name": "Veldkamp", "function": member.function,
                                   "municipality": member.municipality_id})
    client.get("/mijn/")  # shows (and so clears) the confirmation message
    page = client.get("/mijn/profiel/")

    assert KEPT not in page and 'value="Fenna"' in page.content.decode()


def test_a_write_by_anyone_else_in_any_process_is_seen_at_the_next_request(cached, member):
    from django.core.cache import cache

    client = _member_client(member)
    client.get("/mijn/")
    assert client.get("/mijn/")[KEPT] == "kept"

    cache.incr(pagecache.member_version.key)  # another web process or a worker raised it; ours read it just now

    assert KEPT not in client.get("/mijn/")


def test_a_finished_job_makes_members_pages_drawn_again(cached, member, django_capture_on_commit_callbacks):
    from portal.jobs import job_run
    from portal.models import Job

    client = _member_client(member)
    client.get("/mijn/")
    assert client.get("/mijn/")[KEPT] == "kept"

    with django_capture_on_commit_callbacks(execute=True):
        job_run(job_id=Job.objects.create(task="portal.jobs.jobs_sweep_task").pk)

    assert KEPT not in client.get("/mijn/")


def test_a_revoked_role_is_not_hidden_behind_a_kept_page(cached, griffier, programme_manager, municipality):
    from portal.models import GriffierRole

    client = _member_client(griffier)
    dossier = reverse("portal:municipality_dossier", args=[municipality.slug])
    assert client.get(dossier).status_code == 200
    assert client.get(dossier)[KEPT] == "kept"
    role = GriffierRole.objects.get(user=griffier)
    manager = _member_client(programme_manager)

    GriffierRole.objects.filter(pk=role.pk).update(status=GriffierRole.Status.REFUSED)  # as the admin revokes it
    assert client.get(dossier)[KEPT] == "kept"  # without a request that writes, the page is still the kept one
    manager.post(reverse("admin:portal_griffierrole_change", args=[role.pk]), {"status": "refused"})  # the write

    assert client.get(dossier).status_code == 404


def test_htmx_requests_account_pages_and_pages_with_a_message_are_always_drawn(cached, member):
    client = _member_client(member)
    for _ in range(2):
        partial = client.get("/workshops/", HTTP_HX_REQUEST="true")
        account = client.get("/accounts/email/")
    assert KEPT not in partial and KEPT not in account

    client.cookies["messages"] = "something"
    client.get("/mijn/")
    assert KEPT not in client.get("/mijn/")


def test_members_pages_are_not_kept_when_switched_off(cached, settings, member):
    settings.PORTAL_MEMBER_PAGES_KEPT = False
    client = _member_client(member)
    client.get("/mijn/")

    assert KEPT not in client.get("/mijn/")


def test_a_kept_members_page_is_served_before_the_user_is_read_and_keeps_its_protective_headers(cached, member):
    client = _member_client(member)
    client.get("/mijn/")
    client.get("/mijn/")

    queries = count_queries(lambda: client.get("/mijn/"))
    response = client.get("/mijn/")

    assert queries == 0
    assert response[KEPT] == "kept"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_signed_out_session_gets_no_kept_page(cached, member):
    client = _member_client(member)
    client.get("/mijn/")
    session_cookie = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))

    stale = Client()
    stale.cookies["sessionid"] = session_cookie  # someone replays the old cookie

    assert stale.get("/mijn/").status_code == 302  # to sign in: the session is gone, so is the kept page

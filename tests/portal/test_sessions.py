"""Sessions: the database is the record, a short-lived copy in the cache spares a query per signed-in request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _session_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries if "django_session" in query["sql"]]


def _sign_in(client) -> None:
    UserFactory(email="lid@example.nl")
    response = client.post(reverse("account_login"), {"login": "lid@example.nl", "password": PASSWORD})
    assert response.status_code == 302


def test_a_signed_in_page_reads_the_session_from_the_cache(client):
    cache.clear()
    _sign_in(client)

    assert _session_queries(client, "/mijn/") == []


def test_the_cached_copy_lives_no_longer_than_session_cache_seconds(client, settings):
    cache.clear()
    settings.SESSION_CACHE_SECONDS = 0  # expired at once: every request reads the database
    _sign_in(client)

    assert len(_session_queries(client, "/mijn/")) == 1
    assert len(_session_queries(client, "/mijn/")) == 1


def test_signing_out_ends_the_session_in_the_cache_too(client):
    cache.clear()
    _sign_in(client)
    cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = cookie

    response = client.get("/mijn/")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]

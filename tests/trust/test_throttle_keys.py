"""Issue 7.8: one throttle, keyed per client and target; the client address comes from our proxy only."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.throttle import client_address, throttle

pytestmark = pytest.mark.django_db


@throttle("test-target", limit=2, period=60, target=lambda request, kwargs: kwargs["slug"])
def _view(request, slug):
    return HttpResponse("ok")


def _post(slug="een", remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return _view(RequestFactory().post("/", **extra), slug=slug).status_code


def test_the_limit_is_per_target_so_one_visitor_cannot_use_up_another_target():
    assert [_post("een") for _ in range(3)] == [200, 200, 429]
    assert _post("twee") == 200


def test_a_refusal_says_when_to_try_again():
    for _ in range(2):
        _post()
    response = _view(RequestFactory().post("/", REMOTE_ADDR="10.0.0.1"), slug="een")
    assert (response.status_code, response["Retry-After"]) == (429, "60")
    assert b"<html" in response.content  # the styled page, not plain text


def test_without_a_trusted_proxy_a_forwarded_header_cannot_dodge_the_limit(settings):
    settings.PORTAL_BEHIND_TLS_PROXY = False
    statuses = [_post(forwarded=f"192.0.2.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_saw(settings):
    settings.PORTAL_BEHIND_TLS_PROXY = True
    # Everyone arrives from the proxy (127.0.0.1); the proxy appends the client's address last.
    assert [_post(remote="127.0.0.1", forwarded="198.51.100.7") for _ in range(3)] == [200, 200, 429]
    assert _post(remote="127.0.0.1", forwarded="198.51.100.8") == 200


def test_behind_the_proxy_a_client_cannot_pick_its_address_by_sending_its_own_header(settings):
    settings.PORTAL_BEHIND_TLS_PROXY = True
    statuses = [_post(remote="127.0.0.1", forwarded=f"203.0.113.{n}, 198.51.100.7") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_the_address_is_never_kept_readable():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    assert "198.51.100.7" not in client_address(request)

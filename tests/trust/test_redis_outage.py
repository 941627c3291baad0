"""Issue 7.3: with Redis gone (cache and broker) a visitor meets delayed work, never a 500.

The real views run with the cache pointing at a closed port through the portal's cache backend; the
broker is made to refuse as well. Pages answer, forms work, the outage is logged once.
"""

import datetime
import logging
import re
import socket
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.jobs import job_run_task
from portal.models import Job
from tests.factories import PASSWORD, UserFactory
from tests.quickscan.factories import ScanFactory, invite
from tests.workshops.factories import WorkshopRequestFactory, evaluation_link, planned_session
from workshops.models import Evaluation, WorkshopRequest

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def redis_down(settings):
    port = _closed_port()
    settings.PORTAL_PAGE_CACHE_SECONDS = 60  # exercise the cached fragments too
    with (
        override_settings(
            CACHES={
                "default": {
                    "BACKEND": "portal.cache.ResilientRedisCache",
                    "LOCATION": f"redis://127.0.0.1:{port}/1",
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
                }
            }
        ),
        mock.patch.object(job_run_task, "apply_async", side_effect=OperationalError("Connection refused")),
    ):
        import portal.cache

        portal.cache._last_logged = -1e9
        with pytest.raises(RedisConnectionError):  # the cache really is unreachable underneath
            caches["default"]._cache.get_client().ping()
        yield


PUBLIC_PAGES = [
    "/",
    "/programmas/",
    "/programmas/themas/participatie/",
    "/workshops/",
    "/workshops/?thema=participatie",
    "/consulenten/",
    "/consulenten/vind/?q=Zwolle",
    "/gemeenten/",
    "/gemeenten/zwolle/",
    "/privacy/",
    "/agenda/",
    "/agenda/?kind=regional_meeting&region=overijssel",
    "/agenda/archief/",
    "/agenda/feeds/",
    "/bibliotheek/",
    "/bibliotheek/?type=guide&theme=participatie",
    "/nieuws/",
    "/kennisbank/",
    "/zoeken/?q=raadsleden",
    "/nieuwsbrief/",
    "/nieuwsbrief/archief/",
    "/aanbod/",
    "/netwerk/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_normally_without_redis(client, redis_down, path):
    assert client.get(path).status_code == 200


def test_signing_in_works_without_redis(client, redis_down):
    user = UserFactory(email="lid@example.nl")

    response = client.post(reverse("account_login"), {"login": "lid@example.nl", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_signed_in_member_keeps_using_the_portal_without_redis(client, redis_down):
    """Sessions are read from the database when the cache copy cannot be (portal/sessions.py)."""
    UserFactory(email="lid@example.nl")
    client.post(reverse("account_login"), {"login": "lid@example.nl", "password": PASSWORD})

    assert client.get(reverse("portal:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_answering_a_quick_scan_works_without_redis(client, redis_down):
    scan = ScanFactory()
    invitation, token = invite(scan)
    url = reverse("quickscan:answer", kwargs={"public_id": scan.public_id, "token": token})

    assert client.get(url).status_code == 200
    started = client.post(url)
    assert started.status_code == 302
    assert client.get(started["Location"]).status_code == 200


def test_the_evaluation_form_works_without_redis(client, redis_down, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(workshop_request=workshop_request, starts_in=-datetime.timedelta(hours=5))
    WorkshopRequest.objects.filter(pk=workshop_request.pk).update(status=WorkshopRequest.Status.HELD)

    link = evaluation_link(session)
    form = client.get(link)
    key = re.search(r'name="submission_key" value="([^"]+)"', form.content.decode()).group(1)

    response = client.post(link, {"rating": "4", "comments": "Leerzaam.", "submission_key": key})

    assert response.status_code == 200
    assert Evaluation.objects.filter(session=session).count() == 1


def test_a_form_that_sends_mail_keeps_the_mail_for_later_without_redis(
    client, redis_down, member, municipality, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:griffier_role_request"), {"municipality": municipality.pk})

    assert response.status_code == 302
    assert Job.objects.get().state == Job.State.PENDING  # the sweep sends it when the broker is back


def test_the_outage_is_logged_once_not_per_request(client, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(5):
            client.get("/workshops/")

    assert len([r for r in caplog.records if r.name == "portal.cache"]) == 1


def test_an_event_page_and_a_visitors_registration_work_without_redis(client, redis_down, django_capture_on_commit_callbacks):
    from events.models import Registration
    from tests.events.factories import EventFactory

    event = EventFactory(capacity=5)
    assert client.get(event.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:event_apply", args=[event.slug]),
            {"name": "Bea Bezoeker", "email": "bea@example.nl", "function": "inwoner", "municipality": "Zwolle"},
        )

    assert response.status_code == 200
    assert Registration.objects.get(event=event).email == "bea@example.nl"
    assert Job.objects.get().state == Job.State.PENDING  # the confirmation mail waits for the broker


def test_subscribing_to_the_newsletter_works_without_redis(client, redis_down, django_capture_on_commit_callbacks):
    from newsletter.models import Subscriber
    from programmes.models import Theme

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter:subscribe"),
            {"email": "nieuw@example.nl", "all_sections": "0", "themes": [Theme.objects.get(slug="participatie").pk],
             "language": "nl", "consent": "on"},
        )

    assert response.status_code == 302
    assert Subscriber.objects.get().email == "nieuw@example.nl"
    assert Job.objects.get().state == Job.State.PENDING

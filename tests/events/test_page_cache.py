"""Visitors' agenda pages come from the cache while nothing changes, and never show stale places."""

import pytest
from django.urls import reverse

from events.models import Registration
from events.services.registration import registration_create
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60


def _register(event):
    user = UserFactory()
    registration_create(
        event=event, user=user, name="Lid", email=user.email, function="raadslid", municipality=None, language="nl"
    )


def test_a_cached_agenda_makes_no_queries(client, cached):
    EventFactory.create_batch(3)
    client.get("/agenda/")

    assert count_queries(lambda: client.get("/agenda/")) == 0


def test_the_places_left_change_as_soon_as_someone_registers(client, cached):
    event = EventFactory(capacity=14)
    RegistrationFactory.create_batch(2, event=event)
    assert "nog 12 plaatsen" in client.get("/agenda/").content.decode()
    assert "nog 12 plaatsen" in client.get(event.get_absolute_url()).content.decode()

    _register(event)

    assert "nog 11 plaatsen" in client.get("/agenda/").content.decode()
    assert "nog 11 plaatsen" in client.get(event.get_absolute_url()).content.decode()


def test_a_cached_event_page_still_carries_a_fresh_csrf_token_and_keeps_a_sent_form(client, cached):
    event = EventFactory()
    client.get(event.get_absolute_url())

    response = client.post(reverse("events:event_apply", args=[event.slug]), {"name": "Bea Bezoeker"})

    content = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'value="Bea Bezoeker"' in content
    assert not Registration.objects.exists()


def test_members_get_their_own_page_not_the_visitors_cache(client, cached, member):
    event = EventFactory()
    client.get(event.get_absolute_url())
    client.force_login(member)

    content = client.get(event.get_absolute_url()).content.decode()

    assert reverse("events:event_register", args=[event.slug]) in content
    assert reverse("events:event_apply", args=[event.slug]) not in content

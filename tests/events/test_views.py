"""The agenda, the event page, registering through the pages, and a registrant's own pages."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.tokens import registration_token
from portal.models import Region
from programmes.models import Programme, Theme
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, SessionFactory, in_days
from tests.factories import UserFactory
from tests.utils import assert_same_query_count

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _links(body: str, path: str) -> list[str]:
    return re.findall(rf"https?://[^\s\"<>]*{re.escape(path)}[^\s\"<>]*", body)


# ---------- the agenda ----------


def test_the_agenda_lists_coming_published_events_soonest_first(client):
    later = EventFactory(starts_at=in_days(20), ends_at=in_days(20.1))
    sooner = EventFactory(starts_at=in_days(5), ends_at=in_days(5.1))
    EventFactory(status=Event.Status.DRAFT)
    EventFactory(starts_at=in_days(-3), ends_at=in_days(-2.9))

    response = client.get("/agenda/")

    assert response.status_code == 200
    assert [event.pk for event in response.context["page_obj"]] == [sooner.pk, later.pk]


def test_the_agenda_filters_by_region_type_programme_theme_and_month(client):
    overijssel = Region.objects.get(slug="overijssel")
    programme = Programme.objects.get(slug="lokale-democratie-in-beweging")
    theme = Theme.objects.get(slug="participatie")
    starts = in_days(40)
    match = EventFactory(
        region=overijssel, kind=Event.Kind.MEAL_CONVERSATION, programme=programme, themes=[theme], starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    EventFactory(region=overijssel, kind=Event.Kind.WEBINAR, programme=programme, themes=[theme])
    EventFactory(kind=Event.Kind.MEAL_CONVERSATION, programme=programme, themes=[theme])
    month = f"{timezone.localtime(starts):%Y-%m}"

    response = client.get(
        "/agenda/",
        {"region": "overijssel", "kind": "meal_conversation", "programme": programme.slug, "theme": "participatie", "month": month},
    )

    assert [event.pk for event in response.context["page_obj"]] == [match.pk]


def test_the_function_filter_shows_events_open_to_that_function(client):
    open_to_all = EventFactory()
    for_mayors = EventFactory(target_functions=["burgemeester"])
    EventFactory(target_functions=["wethouder"])

    response = client.get("/agenda/", {"function": "burgemeester"})

    assert {event.pk for event in response.context["page_obj"]} == {open_to_all.pk, for_mayors.pk}


def test_for_my_function_uses_the_members_profile(client):
    wethouder = UserFactory(function="wethouder")
    mine = EventFactory(target_functions=["wethouder"])
    EventFactory(target_functions=["burgemeester"])
    client.force_login(wethouder)

    response = client.get("/agenda/", {"for_me": "on"})

    assert [event.pk for event in response.context["page_obj"]] == [mine.pk]


def test_for_my_function_is_not_offered_to_visitors(client):
    response = client.get("/agenda/")

    assert "for_me" not in response.context["filter"].form.fields


def test_htmx_gets_only_the_results_fragment(client):
    EventFactory(title="Regiobijeenkomst Zwolle")

    response = client.get("/agenda/", {"kind": "regional_meeting"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="event-count"' in content
    assert "Regiobijeenkomst Zwolle" in content


def test_the_agenda_filter_form_updates_in_place_and_keeps_the_url(client):
    response = client.get("/agenda/")

    content = response.content.decode()
    assert 'hx-get="/agenda/"' in content
    assert 'hx-push-url="true"' in content
    assert 'method="get" action="/agenda/"' in content  # and without JavaScript, a plain GET form


def test_the_agenda_paginates(client):
    EventFactory.create_batch(15)

    first = client.get("/agenda/")
    second = client.get("/agenda/", {"page": 2})

    assert len(first.context["page_obj"]) == 12
    assert len(second.context["page_obj"]) == 3
    assert 'rel="next"' in first.content.decode()


def test_an_empty_agenda_says_so(client):
    response = client.get("/agenda/")

    assert 'id="event-empty"' in response.content.decode()


def test_a_filter_without_results_offers_to_clear_it(client):
    EventFactory(kind=Event.Kind.WEBINAR)

    response = client.get("/agenda/", {"kind": "conference"})

    content = response.content.decode()
    assert 'id="event-empty"' in content
    assert "Clear all filters" in content or "Alle filters wissen" in content


def test_a_bad_filter_value_is_no_error(client):
    response = client.get("/agenda/", {"month": "13-2026", "region": "nergens", "page": "x"})

    assert response.status_code == 200


def test_the_archive_lists_past_events_latest_first(client):
    old = EventFactory(starts_at=in_days(-60), ends_at=in_days(-59.9))
    recent = EventFactory(starts_at=in_days(-3), ends_at=in_days(-2.9))
    EventFactory()

    response = client.get("/agenda/archief/")

    assert [event.pk for event in response.context["page_obj"]] == [recent.pk, old.pk]


def _events_with_registrations(count: int) -> None:
    theme = Theme.objects.first()
    for event in EventFactory.create_batch(count, themes=[theme], region=Region.objects.first(),
                                           programme=Programme.objects.first()):
        RegistrationFactory(event=event)


def test_the_agenda_makes_the_same_number_of_queries_for_5_and_100_events(client):
    assert_same_query_count(make_rows=_events_with_registrations, request=lambda: client.get("/agenda/"))


def test_the_archive_makes_the_same_number_of_queries_for_5_and_100_events(client):
    def make_past(count: int) -> None:
        EventFactory.create_batch(count, starts_at=in_days(-10), ends_at=in_days(-9.9), themes=[Theme.objects.first()])

    assert_same_query_count(make_rows=make_past, request=lambda: client.get("/agenda/archief/"))


# ---------- the event page ----------


def test_the_event_page_shows_the_places_left(client):
    event = EventFactory(capacity=14)
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "nog 12 plaatsen" in response.content.decode()


def test_a_full_event_page_says_you_join_the_waiting_list(client):
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)

    response = client.get(event.get_absolute_url())

    assert "vol - u komt op de wachtlijst" in response.content.decode().replace("–", "-")


def test_a_restricted_event_explains_who_may_come(client):
    event = EventFactory(target_functions=["burgemeester", "wethouder", "gemeentesecretaris"])

    response = client.get(event.get_absolute_url())

    assert 'id="event-restricted"' in response.content.decode()


def test_a_member_outside_the_target_group_sees_why_instead_of_a_form(client, member):
    event = EventFactory(target_functions=["burgemeester"])
    client.force_login(member)

    response = client.get(event.get_absolute_url())

    content = response.content.decode()
    assert 'id="not-for-you"' in content
    assert 'id="register-form"' not in content


def test_the_join_link_of_an_online_event_is_not_on_the_public_page(client):
    event = EventFactory(is_online=True, online_url="https://meet.example.nl/geheim")

    response = client.get(event.get_absolute_url())

    assert "meet.example.nl/geheim" not in response.content.decode()


def test_a_draft_has_no_public_page(client):
    event = EventFactory(status=Event.Status.DRAFT)

    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_event_can_be_added_to_a_calendar(client):
    event = EventFactory()

    response = client.get(reverse("events:event_ical", args=[event.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert f"event-{event.pk}@".encode() in response.content


# ---------- registering through the pages ----------


def test_a_member_registers_with_one_click_and_lands_on_the_registration_page(client, member):
    event = EventFactory()
    question = QuestionFactory(event=event)
    client.force_login(member)

    response = client.post(reverse("events:event_register", args=[event.slug]), {f"question_{question.pk}": "Vegan"})

    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response.url == reverse("events:registration_detail", args=[registration_token("manage", registration)])
    assert registration.user == member
    assert registration.status == Status.CONFIRMED
    assert registration.answers == {str(question.pk): "Vegan"}


def test_a_too_long_answer_is_refused_and_kept_in_the_form(client, member):
    event = EventFactory()
    question = QuestionFactory(event=event)
    client.force_login(member)
    long_answer = "x" * 501

    response = client.post(reverse("events:event_register", args=[event.slug]), {f"question_{question.pk}": long_answer})

    assert response.status_code == 400
    assert long_answer in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_session_cannot_be_chosen_and_the_message_is_dutch(client, member):
    event = EventFactory()
    session = SessionFactory(event=event, capacity=1)
    RegistrationFactory(event=event).sessions.add(session)
    client.force_login(member)

    response = client.post(reverse("events:event_register", args=[event.slug]), {"slot_1": str(session.pk)})

    assert response.status_code == 400
    assert "is vol" in response.content.decode()
    assert not Registration.objects.filter(user=member).exists()


def test_a_refused_registration_shows_the_reason_on_the_page(client, member):
    event = EventFactory(registration_closes_at=in_days(-1))
    client.force_login(member)

    response = client.post(reverse("events:event_register", args=[event.slug]))

    assert response.status_code == 400
    assert "inschrijftermijn" in response.content.decode()


def test_a_visitor_registers_confirms_by_the_mailed_link_and_gets_the_invitation(client):
    event = EventFactory(capacity=5)

    response = client.post(
        reverse("events:event_apply", args=[event.slug]),
        {"name": "Bea Bezoeker", "email": "bea@example.nl", "function": "inwoner", "municipality": "Den Bosch"},
    )

    assert response.status_code == 200
    registration = Registration.objects.get(event=event)
    assert registration.status == Status.PENDING
    assert registration.municipality.name == "'s-Hertogenbosch"
    (confirm_link,) = _links(mail.outbox[0].body, "/agenda/bevestigen/")
    mail.outbox.clear()

    assert client.get(confirm_link).status_code == 200  # a mail scanner opening the link confirms nothing
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    response = client.post(confirm_link)

    registration.refresh_from_db()
    assert response.status_code == 302
    assert registration.status == Status.CONFIRMED
    assert mail.outbox[0].to == ["bea@example.nl"]
    assert any(name.endswith(".ics") for name, _c, _t in mail.outbox[0].attachments)


def test_a_visitor_with_an_unknown_municipality_keeps_what_was_typed(client):
    event = EventFactory()

    response = client.post(
        reverse("events:event_apply", args=[event.slug]),
        {"name": "Bea Bezoeker", "email": "bea@example.nl", "function": "inwoner", "municipality": "Atlantis"},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'value="Bea Bezoeker"' in content
    assert 'value="Atlantis"' in content
    assert not Registration.objects.exists()


def test_visitor_registrations_are_throttled_per_event(client, settings):
    event = EventFactory(capacity=100)
    url = reverse("events:event_apply", args=[event.slug])
    statuses = [
        client.post(url, {"name": "X", "email": f"x{n}@example.nl", "function": "inwoner"}).status_code
        for n in range(21)
    ]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_a_visitor_registering_twice_gets_one_row(client):
    event = EventFactory()
    data = {"name": "Bea", "email": "bea@example.nl", "function": "inwoner"}

    client.post(reverse("events:event_apply", args=[event.slug]), data)
    client.post(reverse("events:event_apply", args=[event.slug]), data)

    assert Registration.objects.filter(event=event).count() == 1


# ---------- the registrant's own pages ----------


def test_the_registration_page_shows_the_qr_code_and_the_join_link_to_a_confirmed_registrant(client):
    event = EventFactory(is_online=True, online_url="https://meet.example.nl/geheim")
    registration = RegistrationFactory(event=event)

    response = client.get(reverse("events:registration_detail", args=[registration_token("manage", registration)]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img"' in content
    assert 'id="join-link"' in content and "meet.example.nl/geheim" in content


def test_a_waiting_registrant_gets_no_join_link_and_no_qr_code(client):
    event = EventFactory(is_online=True, online_url="https://meet.example.nl/geheim")
    registration = RegistrationFactory(event=event, status=Status.WAITLISTED)

    content = client.get(reverse("events:registration_detail", args=[registration_token("manage", registration)])).content.decode()

    assert "meet.example.nl/geheim" not in content
    assert "<svg" not in content


def test_cancelling_by_link_asks_first_then_cancels(client):
    registration = RegistrationFactory(event=EventFactory())
    url = reverse("events:registration_cancel", args=[registration_token("cancel", registration)])

    client.get(url)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    response = client.post(url)

    registration.refresh_from_db()
    assert response.status_code == 302
    assert registration.status == Status.CANCELLED


def test_an_altered_link_answers_404(client):
    registration = RegistrationFactory(event=EventFactory())
    token = registration_token("cancel", registration)

    assert client.get(reverse("events:registration_cancel", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("events:registration_detail", args=[token])).status_code == 404  # other purpose


def test_claiming_an_offer_through_the_page(client):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)
    from events.services.registration import registration_cancel

    registration_cancel(registration=holder)
    waiting.refresh_from_db()
    token = registration_token("offer", waiting)

    assert client.get(reverse("events:offer", args=[token])).status_code == 200
    response = client.post(reverse("events:offer_claim", args=[token]))

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert waiting.status == Status.CONFIRMED


def test_my_registrations_lists_only_my_own(client, member):
    mine = RegistrationFactory(event=EventFactory(title="Mijn bijeenkomst"), user=member, email=member.email)
    RegistrationFactory(event=EventFactory(title="Andermans bijeenkomst"))
    client.force_login(member)

    response = client.get(reverse("events:my_registrations"))

    content = response.content.decode()
    assert "Mijn bijeenkomst" in content
    assert "Andermans bijeenkomst" not in content
    assert reverse("events:registration_detail", args=[registration_token("manage", mine)]) in content


def test_my_registrations_makes_the_same_number_of_queries_for_5_and_100(client, member):
    client.force_login(member)

    def make(count: int) -> None:
        for event in EventFactory.create_batch(count):
            RegistrationFactory(event=event, user=member, email=member.email)

    assert_same_query_count(make_rows=make, request=lambda: client.get(reverse("events:my_registrations")))


def test_the_personal_feed_shows_confirmed_registrations_and_a_reset_retires_the_address(client, member):
    RegistrationFactory(event=EventFactory(title="Bevestigd"), user=member, email=member.email)
    RegistrationFactory(event=EventFactory(title="Wachtend"), user=member, email=member.email, status=Status.WAITLISTED)
    client.force_login(member)
    feed_url = client.get(reverse("events:my_registrations")).context["feed_url"]
    client.logout()

    feed = client.get(feed_url)
    client.force_login(member)
    client.post(reverse("events:feed_reset"))
    client.logout()

    assert feed.status_code == 200
    assert b"Bevestigd" in feed.content and b"Wachtend" not in feed.content
    assert client.get(feed_url).status_code == 404


def test_public_feeds_per_region_and_programme(client):
    overijssel = Region.objects.get(slug="overijssel")
    programme = Programme.objects.get(slug="democratie-in-actie")
    EventFactory(title="In Overijssel", region=overijssel)
    EventFactory(title="Van het programma", programme=programme)
    EventFactory(title="Concept", status=Event.Status.DRAFT, region=overijssel)

    everything = client.get(reverse("events:feed_all")).content
    region = client.get(reverse("events:feed_region", args=["overijssel"])).content
    per_programme = client.get(reverse("events:feed_programme", args=[programme.slug])).content

    assert b"In Overijssel" in everything and b"Van het programma" in everything and b"Concept" not in everything
    assert b"In Overijssel" in region and b"Van het programma" not in region
    assert b"Van het programma" in per_programme and b"In Overijssel" not in per_programme

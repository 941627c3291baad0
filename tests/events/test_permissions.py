"""Permission matrix over every URL of the events app, for every kind of user.

Public pages: 200 for all. A registrant's links (signed): 200 for whoever holds the link, 404 for an altered
or another purpose's link. "My registrations": members. Staff screens: anonymous -> login redirect; member
and griffier -> 403; editors, managers and administrators -> every event; the consultant (region
Noord-Holland) -> events of that region, and 404 on another region's or a national event.
"""

import pytest

from events.models import Event, Registration
from events.tokens import registration_token
from tests.events.factories import EventFactory, RegistrationFactory
from tests.matrix import assert_status, login_as

USERS = ["anonymous", "member", "griffier", "editor", "consultant", "programme_manager", "administrator"]
CONTENT_STAFF = {"editor", "programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _members(user: str) -> int:
    return 302 if user == "anonymous" else 200


def _staff(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in CONTENT_STAFF | {"consultant"} else 403


def _staff_other_region(user: str) -> int:
    """Rotterdam's (or a national) event: outside the consultant's region, so 404 for them."""
    return 404 if user == "consultant" else _staff(user)


def _posted(expected_for):
    def expected(user: str) -> int:
        status = expected_for(user)
        return 302 if status == 200 else status

    return expected


GET_URLS = {
    "event_list": ("/agenda/", _public),
    "event_archive": ("/agenda/archief/", _public),
    "feed_list": ("/agenda/feeds/", _public),
    "feed_all": ("/agenda/feeds/alle.ics", _public),
    "feed_region": ("/agenda/feeds/regio/noord-holland.ics", _public),
    "feed_programme": ("/agenda/feeds/programma/democratie-in-actie.ics", _public),
    "feed_personal_unknown": ("/agenda/feeds/persoonlijk/onzin.ics", lambda user: 404),
    "event_detail": ("/agenda/{slug}/", _public),
    "event_ical": ("/agenda/{slug}/agenda.ics", _public),
    "draft_detail": ("/agenda/{draft_slug}/", lambda user: 404),
    "registration_detail": ("/agenda/inschrijving/{manage}/", _public),
    "registration_ical": ("/agenda/inschrijving/{manage}/agenda.ics", _public),
    "registration_cancel": ("/agenda/annuleren/{cancel}/", _public),
    "registration_confirm": ("/agenda/bevestigen/{confirm}/", _public),
    "offer": ("/agenda/plek/{offer}/", _public),
    "registration_wrong_purpose": ("/agenda/inschrijving/{cancel}/", lambda user: 404),
    "registration_altered": ("/agenda/annuleren/{altered}/", lambda user: 404),
    "my_registrations": ("/agenda/mijn/", _members),
    "staff_event_list": ("/agenda/beheer/", _staff),
    "staff_event_create": ("/agenda/beheer/nieuw/", _staff),
    "staff_figures": ("/agenda/beheer/cijfers/", _staff),
    "staff_event_detail": ("/agenda/beheer/{pk}/", _staff),
    "staff_event_edit": ("/agenda/beheer/{pk}/bewerken/", _staff),
    "staff_event_cancel": ("/agenda/beheer/{pk}/annuleren/", _staff),
    "staff_export": ("/agenda/beheer/{pk}/export/", _staff),
    "staff_export_waitlist_xlsx": ("/agenda/beheer/{pk}/export/?list=waitlist&format=xlsx", _staff),
    "staff_message": ("/agenda/beheer/{pk}/bericht/", _staff),
    "checkin": ("/agenda/beheer/{pk}/inchecken/", _staff),
    "checkin_count": ("/agenda/beheer/{pk}/inchecken/teller/", _staff),
    "checkin_scan": ("/agenda/beheer/scan/{checkin}/", _staff),
    "staff_event_detail_rotterdam": ("/agenda/beheer/{rotterdam_pk}/", _staff_other_region),
    "staff_event_detail_national": ("/agenda/beheer/{national_pk}/", _staff_other_region),
    "staff_export_rotterdam": ("/agenda/beheer/{rotterdam_pk}/export/", _staff_other_region),
    "checkin_rotterdam": ("/agenda/beheer/{rotterdam_pk}/inchecken/", _staff_other_region),
    "checkin_scan_rotterdam": ("/agenda/beheer/scan/{rotterdam_checkin}/", _staff_other_region),
}

POST_URLS = {
    "event_register": ("/agenda/{slug}/inschrijven/", {}, lambda user: 302),  # members register; anonymous to login
    "event_apply": (
        "/agenda/{slug}/aanmelden/",
        {"name": "Bea", "email": "bea@example.nl", "function": "inwoner"},
        lambda user: 200 if user == "anonymous" else 302,  # members are sent to the one-click form
    ),
    "feed_reset": ("/agenda/mijn/agenda-adres/", {}, lambda user: 302),
    "staff_event_publish": ("/agenda/beheer/{draft_pk}/publiceren/", {}, _posted(_staff)),
    "staff_event_copy": ("/agenda/beheer/{pk}/kopieren/", {}, _posted(_staff)),
    "staff_message": (
        "/agenda/beheer/{pk}/bericht/",
        {"audience": "confirmed", "subject": "Route", "body": "Parkeren kan achter het stadhuis."},
        _posted(_staff),
    ),
    "checkin_toggle": ("/agenda/beheer/{pk}/inchecken/{registration_pk}/", {"present": "1"}, _posted(_staff)),
    "staff_registration_cancel_rotterdam": (
        "/agenda/beheer/{rotterdam_pk}/inschrijvingen/{rotterdam_registration_pk}/annuleren/",
        {},
        _posted(_staff_other_region),
    ),
    "checkin_toggle_rotterdam": (
        "/agenda/beheer/{rotterdam_pk}/inchecken/{rotterdam_registration_pk}/",
        {"present": "1"},
        _posted(_staff_other_region),
    ),
}


@pytest.fixture
def objects(db, municipality, other_municipality) -> dict:
    amsterdam = EventFactory(region=municipality.region)
    registration = RegistrationFactory(event=amsterdam, municipality=municipality)
    pending = RegistrationFactory(event=amsterdam, status=Registration.Status.PENDING)
    offered = RegistrationFactory(event=amsterdam, status=Registration.Status.OFFERED)
    rotterdam = EventFactory(region=other_municipality.region)
    rotterdam_registration = RegistrationFactory(event=rotterdam)
    national = EventFactory()
    draft = EventFactory(region=municipality.region, status=Event.Status.DRAFT)
    cancel = registration_token("cancel", registration)
    return {
        "slug": amsterdam.slug,
        "pk": amsterdam.pk,
        "registration_pk": registration.pk,
        "rotterdam_pk": rotterdam.pk,
        "rotterdam_registration_pk": rotterdam_registration.pk,
        "national_pk": national.pk,
        "draft_pk": draft.pk,
        "draft_slug": draft.slug,
        "manage": registration_token("manage", registration),
        "cancel": cancel,
        "altered": cancel[:-3] + "abc",
        "confirm": registration_token("confirm", pending),
        "offer": registration_token("offer", offered),
        "checkin": registration_token("checkin", registration),
        "rotterdam_checkin": registration_token("checkin", rotterdam_registration),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(GET_URLS))
def test_get_permission_matrix(client, request, objects, url_name, user_name):
    template, expected_for = GET_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)

    response = client.get(url)

    assert_status(response, expected_for(user_name), f"{user_name} GET {url}", to_login=user_name == "anonymous" and "/beheer/" in url)


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(POST_URLS))
def test_post_permission_matrix(client, request, objects, url_name, user_name):
    template, data, expected_for = POST_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)

    response = client.post(url, data)

    assert_status(response, expected_for(user_name), f"{user_name} POST {url}", to_login=user_name == "anonymous" and "/beheer/" in url)


@pytest.mark.django_db
def test_a_consultant_cannot_cancel_or_check_in_another_regions_registration(client, consultant, objects):
    client.force_login(consultant)

    client.post(f"/agenda/beheer/{objects['rotterdam_pk']}/inschrijvingen/{objects['rotterdam_registration_pk']}/annuleren/")
    client.post(f"/agenda/beheer/{objects['rotterdam_pk']}/inchecken/{objects['rotterdam_registration_pk']}/", {"present": "1"})

    registration = Registration.objects.get(pk=objects["rotterdam_registration_pk"])
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.checked_in_at is None


@pytest.mark.django_db
def test_a_registration_of_another_event_is_404_under_this_events_url(client, editor, objects):
    client.force_login(editor)

    response = client.post(f"/agenda/beheer/{objects['pk']}/inchecken/{objects['rotterdam_registration_pk']}/", {"present": "1"})

    assert response.status_code == 404
    assert Registration.objects.get(pk=objects["rotterdam_registration_pk"]).checked_in_at is None


@pytest.mark.django_db
def test_a_consultant_can_only_create_events_in_their_regions(client, consultant, other_municipality):
    client.force_login(consultant)

    response = client.get("/agenda/beheer/nieuw/")

    regions = list(response.context["form"].fields["region"].queryset)
    assert regions == list(consultant.regions.all())
    assert other_municipality.region not in regions


@pytest.mark.django_db
def test_attendee_lists_are_not_on_any_public_page(client, objects):
    registration = Registration.objects.get(pk=objects["registration_pk"])

    pages = [client.get(f"/agenda/{objects['slug']}/").content.decode(), client.get("/agenda/").content.decode()]

    assert all(registration.name not in page and registration.email not in page for page in pages)


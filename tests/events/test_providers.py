"""What events offer the core through the registry: navigation, home, theme pages, advice, the dossier
timeline, figures, search, personal data, account deletion, "my portal", staff links and permissions."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from events import providers
from events.models import Event, Registration
from events.services.housekeeping import event_registrations_remove
from portal import registry
from portal.models import Municipality, StaffRole
from programmes.models import Theme
from tests.events.factories import EventFactory, RegistrationFactory, in_days

Status = Registration.Status
pytestmark = pytest.mark.django_db


def test_the_agenda_is_in_the_main_navigation(client):
    assert providers.NAV in list(registry.nav)

    assert 'href="/agenda/"' in client.get("/").content.decode()


def test_home_shows_the_next_events(client):
    EventFactory(title="Maaltijdgesprek Kampen")
    EventFactory(title="Concept", status=Event.Status.DRAFT)

    content = client.get("/").content.decode()

    assert "Maaltijdgesprek Kampen" in content
    assert "Concept" not in content


def test_a_programme_page_shows_the_programmes_coming_events(client):
    from programmes.models import Programme

    programme = Programme.objects.published().first()
    other = Programme.objects.published().exclude(pk=programme.pk).first()
    EventFactory(title="Van dit programma", programme=programme)
    EventFactory(title="Van een ander programma", programme=other)

    content = client.get(programme.get_absolute_url()).content.decode()

    assert "Van dit programma" in content
    assert "Van een ander programma" not in content
    assert f"?programme={programme.slug}" in content


def test_a_theme_page_shows_coming_events_on_the_theme(client):
    theme = Theme.objects.get(slug="participatie")
    EventFactory(title="Over participatie", themes=[theme])
    EventFactory(title="Over iets anders", themes=[Theme.objects.get(slug="regierol")])

    content = client.get(theme.get_absolute_url()).content.decode()

    assert "Over participatie" in content
    assert "Over iets anders" not in content


def test_advice_puts_events_linked_to_the_scan_theme_first_then_the_portal_themes(municipality):
    theme = Theme.objects.get(slug="participatie")
    by_theme = EventFactory(title="Via portaalthema", themes=[theme], starts_at=in_days(3), ends_at=in_days(3.1))
    linked = EventFactory(title="Expliciet gekoppeld", advice_scan_themes=["invloed"], starts_at=in_days(20), ends_at=in_days(20.1))
    EventFactory(title="Andere regio", advice_scan_themes=["invloed"], region=Municipality.objects.get(code="GM0599").region)
    EventFactory(title="Voorbij", advice_scan_themes=["invloed"], starts_at=in_days(-3), ends_at=in_days(-2.9))
    EventFactory(title="Gesloten", advice_scan_themes=["invloed"], registration_closes_at=in_days(-1))

    items = providers.event_advice(municipality=municipality, scan_theme_slug="invloed", portal_theme_ids=[theme.pk], limit=3)

    assert [item.title for item in items] == [linked.title, by_theme.title]
    assert items[0].url == linked.get_absolute_url()
    assert items[0].kind == "event"


def test_the_dossier_timeline_counts_attendance_per_function_without_names_or_small_numbers(municipality, griffier):
    event = EventFactory(title="Regiobijeenkomst", starts_at=in_days(-20), ends_at=in_days(-19.9))
    for index in range(11):
        RegistrationFactory(event=event, municipality=municipality, function="raadslid", name=f"Raadslid {index}",
                            checked_in_at=event.starts_at if index < 6 else None)
    RegistrationFactory(event=event, municipality=municipality, function="burgemeester", name="De Burgemeester",
                        checked_in_at=event.starts_at)
    small = EventFactory(title="Klein", starts_at=in_days(-40), ends_at=in_days(-39.9))
    RegistrationFactory(event=small, municipality=municipality, checked_in_at=small.starts_at)

    entries = providers.municipality_timeline(municipality=municipality, user=griffier)

    by_title = {entry.title: entry for entry in entries}
    detail = by_title["Regiobijeenkomst"].detail
    assert "Raadslid" not in detail and "Burgemeester" not in detail
    assert "12" in detail and "7" in detail  # 12 registered, 7 attended (5 did not come)
    assert " 1" not in detail and ": 1" not in detail  # the lone burgemeester is not a figure of their own
    assert "5" in by_title["Klein"].detail  # "fewer than 5"
    assert all(entry.kind == "event" for entry in entries)


def test_the_timeline_still_counts_after_the_retention_period(municipality, griffier):
    event = EventFactory(title="Lang geleden", starts_at=in_days(-500), ends_at=in_days(-499.9))
    RegistrationFactory.create_batch(6, event=event, municipality=municipality, checked_in_at=event.starts_at)
    event_registrations_remove(event=event)

    (entry,) = providers.municipality_timeline(municipality=municipality, user=griffier)

    assert not Registration.objects.filter(event=event).exists()
    assert "6" in entry.detail


def test_figures_are_counted_over_the_municipalities_passed(consultant, municipality, other_municipality):
    event = EventFactory(starts_at=in_days(-5), ends_at=in_days(-4.9))
    RegistrationFactory.create_batch(6, event=event, municipality=municipality, checked_in_at=event.starts_at)
    RegistrationFactory.create_batch(9, event=event, municipality=other_municipality)

    (section,) = providers.event_figures(user=consultant, municipalities=Municipality.objects.filter(region=municipality.region))

    values = {str(figure.label): figure.value for figure in section.figures}
    assert values["Inschrijvingen voor gehouden bijeenkomsten"] == 6
    assert values["Opkomst"] == "100%"
    assert section.panel.template == "events/_figures_tables.html"


def test_search_finds_events_by_title_summary_and_place():
    EventFactory(title="Maaltijdgesprek Kampen", venue="Stadhuis")
    EventFactory(title="Webinar", summary="Over de begroting", address="Online")
    EventFactory(title="Concept Kampen", status=Event.Status.DRAFT)

    assert [hit.title for hit in providers.event_search(query="kampen", limit=10)] == ["Maaltijdgesprek Kampen"]
    assert [hit.title for hit in providers.event_search(query="begroting", limit=10)] == ["Webinar"]
    assert providers.event_search(query="stadhuis kampen", limit=10)[0].kind == "event"


def test_personal_data_holds_the_members_registrations(member):
    RegistrationFactory(event=EventFactory(title="Mijn bijeenkomst"), user=member, email=member.email, answers={"1": "Vegan"})
    RegistrationFactory(event=EventFactory(title="Niet de mijne"))

    data = providers.personal_data(user=member)

    (entry,) = data["event_registrations"]
    assert entry["event"] == "Mijn bijeenkomst"
    assert entry["email"] == member.email
    assert entry["answers"] == {"1": "Vegan"}


def test_deleting_an_account_erases_the_name_and_keeps_anonymous_counts(member):
    past = EventFactory(starts_at=in_days(-5), ends_at=in_days(-4.9))
    coming = EventFactory(capacity=1)
    RegistrationFactory(event=past, user=member, email=member.email, checked_in_at=past.starts_at, function="raadslid")
    RegistrationFactory(event=coming, user=member, email=member.email)
    waiting = RegistrationFactory(event=coming, status=Status.WAITLISTED)

    providers.erase_account(user=member)

    kept = Registration.objects.get(event=past)
    assert (kept.name, kept.email, kept.user, kept.answers) == ("", "", None, {})
    assert (kept.function, kept.checked_in_at is not None) == ("raadslid", True)
    assert Registration.objects.get(event=coming, user=None, name="").status == Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED  # the freed place went to the next in line


def test_my_portal_lists_my_coming_registrations_with_links(client, member):
    RegistrationFactory(event=EventFactory(title="Mijn bijeenkomst"), user=member, email=member.email)
    client.force_login(member)

    content = client.get("/mijn/").content.decode()

    assert "Mijn bijeenkomst" in content
    assert "/agenda/inschrijving/" in content


def test_staff_links_are_shown_to_event_staff_only(editor, consultant, member, griffier):
    link = providers.STAFF_LINKS[0]

    assert link.visible_to(editor) and link.visible_to(consultant)
    assert not link.visible_to(member) and not link.visible_to(griffier)


def test_staff_groups_get_the_events_permissions():
    editor_perms = set(Group.objects.get(name=StaffRole.EDITOR).permissions.filter(content_type__app_label="events").values_list("codename", flat=True))
    consultant_perms = set(Group.objects.get(name=StaffRole.CONSULTANT).permissions.filter(content_type__app_label="events").values_list("codename", flat=True))

    assert {"add_event", "change_event", "view_registration"} <= editor_perms
    assert consultant_perms and all(codename.startswith("view_") for codename in consultant_perms)


def test_the_admin_shows_a_consultant_only_their_regions_events(client, consultant, municipality, other_municipality, settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = False
    consultant.is_staff = True
    consultant.save()
    mine = EventFactory(region=municipality.region)
    other = EventFactory(region=other_municipality.region)
    client.force_login(consultant)

    listing = client.get("/admin/events/event/")

    assert listing.status_code == 200
    assert mine.title in listing.content.decode()
    assert other.title not in listing.content.decode()
    assert client.get(f"/admin/events/event/{other.pk}/change/").status_code == 404


def test_events_in_the_past_are_not_advice(municipality):
    EventFactory(advice_scan_themes=["invloed"], starts_at=timezone.now() - timezone.timedelta(days=1),
                 ends_at=timezone.now() - timezone.timedelta(hours=20))

    assert providers.event_advice(municipality=municipality, scan_theme_slug="invloed", portal_theme_ids=[], limit=3) == []

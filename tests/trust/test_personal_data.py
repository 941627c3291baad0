"""Issue 7.11: a member downloads their own data and can delete their account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.models import GriffierRole, User
from tests.factories import PASSWORD, GriffierFactory, UserFactory
from tests.workshops.factories import WorkshopRequestFactory
from workshops.models import RequestMessage, WorkshopRequest

pytestmark = pytest.mark.django_db


def test_a_member_downloads_their_own_data_as_json(client, municipality):
    griffier = GriffierFactory(municipality=municipality, first_name="Gerda", last_name="Griffioen")
    workshop_request = WorkshopRequestFactory(requested_by=griffier, training_need="Begroting lezen")
    RequestMessage.objects.create(request=workshop_request, author=griffier, body="Kan het in maart?")
    client.force_login(griffier)

    response = client.get(reverse("portal:personal_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["profile"]["email"] == griffier.email
    assert data["profile"]["last_name"] == "Griffioen"
    assert data["griffier_roles"][0]["municipality"] == municipality.name
    assert data["workshop_requests"][0]["training_need"] == "Begroting lezen"
    assert data["workshop_messages"][0]["text"] == "Kan het in maart?"


def test_the_download_holds_only_the_members_own_data(client, municipality):
    someone = UserFactory(email="iemand@example.nl")
    WorkshopRequestFactory(training_need="Iets van een ander")
    client.force_login(someone)

    data = json.loads(client.get(reverse("portal:personal_data_download")).content)

    assert data["workshop_requests"] == [] and "Iets van een ander" not in json.dumps(data)


def test_deleting_an_account_needs_the_password_and_a_yes(client, member):
    client.force_login(member)

    response = client.post(reverse("portal:account_delete"), {"password": "fout-wachtwoord-123", "confirm": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    member.refresh_from_db()
    assert member.is_active


def test_deleting_an_account_erases_the_person_and_keeps_the_municipalitys_records(client, municipality):
    griffier = GriffierFactory(municipality=municipality, email="gerda@example.nl", first_name="Gerda", last_name="Griffioen")
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(griffier)

    response = client.post(reverse("portal:account_delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    griffier.refresh_from_db()
    assert not griffier.is_active and not griffier.has_usable_password()
    assert (griffier.first_name, griffier.email) == ("", f"verwijderd-{griffier.pk}@account.invalid")
    assert "Griffioen" not in str(griffier) and "gerda" not in str(griffier)
    assert not EmailAddress.objects.filter(user=griffier).exists()
    assert not GriffierRole.objects.confirmed().filter(user=griffier).exists()
    assert WorkshopRequest.objects.filter(pk=workshop_request.pk, requested_by=griffier).exists()  # stays, nameless
    assert client.get(reverse("portal:dashboard")).status_code == 302  # signed out


def test_a_deleted_account_can_no_longer_sign_in(client, member):
    email = member.email
    client.force_login(member)
    client.post(reverse("portal:account_delete"), {"password": PASSWORD, "confirm": "on"})

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert User.objects.filter(email=email).count() == 0


def test_the_privacy_statement_names_each_retention_period(client, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    settings.PORTAL_EVENT_RETENTION_MONTHS = 12

    body = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "30 dagen na het sluiten van de scan" in body
    assert "12 maanden na afloop" in body
    assert "niet binnen 7 dagen is bevestigd" in body

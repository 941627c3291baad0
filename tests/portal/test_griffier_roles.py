"""A member asks to act as griffier; a programme manager decides; the role scopes what they may see."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.models import GriffierRole, Municipality, User
from portal.permissions import is_griffier, municipalities_for
from portal.services import ERROR_ROLE_ALREADY_OPEN, ERROR_ROLE_NOT_PENDING

REQUEST_URL = reverse("portal:griffier_role_request")


def _decide_url(role: GriffierRole) -> str:
    return reverse("portal:griffier_role_decide", args=[role.pk])


@pytest.fixture
def requested_role(member, municipality):
    return GriffierRole.objects.create(
        user=member, municipality=municipality, motivation="Griffier sinds 2022."
    )


@pytest.mark.django_db
def test_request_goes_to_staff_by_mail(client, member, municipality, django_capture_on_commit_callbacks):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REQUEST_URL, {"municipality": municipality.pk, "motivation": "Griffier sinds 2022."}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    role = GriffierRole.objects.get(user=member)
    assert (role.municipality, role.status, role.motivation) == (
        municipality,
        GriffierRole.Status.REQUESTED,
        "Griffier sinds 2022.",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert _decide_url(role) in mail.outbox[0].body


@pytest.mark.django_db
def test_a_double_submit_creates_one_request_and_explains_the_second(client, member, municipality):
    client.force_login(member)
    data = {"municipality": municipality.pk, "motivation": ""}
    client.post(REQUEST_URL, data)

    response = client.post(REQUEST_URL, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert str(ERROR_ROLE_ALREADY_OPEN) in response.context["form"].non_field_errors()
    assert GriffierRole.objects.filter(user=member).count() == 1


@pytest.mark.django_db
def test_an_overlong_explanation_is_refused_in_dutch_and_the_form_keeps_it(client, member, municipality):
    client.force_login(member)
    text = "Ik werk bij de griffie. " * 200  # 4,600 characters

    response = client.post(REQUEST_URL, {"municipality": municipality.pk, "motivation": text})

    assert response.status_code == 200
    assert "niet meer dan 2000 tekens" in response.content.decode()
    assert "Ik werk bij de griffie." in response.content.decode()
    assert not GriffierRole.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_a_programme_manager_confirms_and_the_member_is_told(
    client, programme_manager, requested_role, django_capture_on_commit_callbacks
):
    client.force_login(programme_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_decide_url(requested_role), {"decision": "confirm", "note": "Welkom."})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:griffier_role_queue")
    requested_role.refresh_from_db()
    assert requested_role.status == GriffierRole.Status.CONFIRMED
    assert requested_role.decided_by == programme_manager
    assert requested_role.decided_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [requested_role.user.email]


@pytest.mark.django_db
def test_a_confirmed_griffier_holds_rights_for_that_municipality_only(
    client, programme_manager, requested_role, municipality, other_municipality
):
    client.force_login(programme_manager)

    client.post(_decide_url(requested_role), {"decision": "confirm", "note": ""})

    user = User.objects.get(pk=requested_role.user_id)  # fresh object: permission caches start empty
    assert is_griffier(user, municipality)
    assert not is_griffier(user, other_municipality)
    assert list(municipalities_for(user)) == [municipality]


@pytest.mark.django_db
def test_refusing_tells_the_member_and_grants_nothing(
    client, programme_manager, requested_role, municipality, django_capture_on_commit_callbacks
):
    client.force_login(programme_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide_url(requested_role), {"decision": "refuse", "note": "Onbekend bij de griffie."}
        )

    assert response.status_code == 302
    requested_role.refresh_from_db()
    assert requested_role.status == GriffierRole.Status.REFUSED
    assert requested_role.decision_note == "Onbekend bij de griffie."
    user = User.objects.get(pk=requested_role.user_id)
    assert not is_griffier(user, municipality)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Onbekend bij de griffie." in mail.outbox[0].body


@pytest.mark.django_db
def test_deciding_twice_is_refused(
    client, programme_manager, requested_role, django_capture_on_commit_callbacks
):
    client.force_login(programme_manager)
    client.post(_decide_url(requested_role), {"decision": "confirm", "note": ""})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide_url(requested_role), {"decision": "refuse", "note": ""}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert str(ERROR_ROLE_NOT_PENDING) in response.context["form"].non_field_errors()
    assert str(ERROR_ROLE_NOT_PENDING) in response.content.decode()
    requested_role.refresh_from_db()
    assert requested_role.status == GriffierRole.Status.CONFIRMED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_consultant_sees_the_municipalities_of_their_regions(consultant, municipality):
    expected = set(Municipality.objects.filter(region=municipality.region).values_list("pk", flat=True))

    scoped = set(municipalities_for(consultant).values_list("pk", flat=True))

    assert scoped == expected
    assert len(scoped) == 44  # Noord-Holland


@pytest.mark.django_db
def test_a_programme_manager_sees_all_342_municipalities(programme_manager):
    assert municipalities_for(programme_manager).count() == 342


@pytest.mark.django_db
def test_a_member_sees_no_municipality(member):
    assert municipalities_for(member).count() == 0


@pytest.mark.django_db
def test_a_requested_role_grants_nothing_yet(member, municipality, requested_role):
    user = User.objects.get(pk=member.pk)

    assert not is_griffier(user, municipality)
    assert municipalities_for(user).count() == 0

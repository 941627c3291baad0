"""Staff and confirmed griffiers must set up TOTP before they use the portal; members never have to."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from portal.models import StaffRole
from tests.factories import PASSWORD, GriffierFactory, StaffFactory, add_totp, totp_code

ACTIVATE_URL = reverse("mfa_activate_totp")


def _setup_redirect(path: str) -> str:
    return f"{ACTIVATE_URL}?{urlencode({'next': path})}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/mijn/", "/beheer/"])
def test_a_staff_member_without_totp_is_sent_to_the_totp_setup(client, path):
    client.force_login(StaffFactory(role=StaffRole.PROGRAMME_MANAGER, with_mfa=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == _setup_redirect(path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/mijn/", "/beheer/"])
def test_a_confirmed_griffier_without_totp_is_sent_to_the_totp_setup(client, municipality, path):
    client.force_login(GriffierFactory(municipality=municipality, with_mfa=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == _setup_redirect(path)


@pytest.mark.django_db
def test_a_staff_member_signing_in_without_totp_can_reach_the_setup_form(client):
    editor = StaffFactory(role=StaffRole.EDITOR, with_mfa=False)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    # allauth asks for the password once more before an authenticator may be added.
    reauthenticate = client.get("/mijn/", follow=True).redirect_chain[-1][0]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))

    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == _setup_redirect("/mijn/")
    assert "code" in response.context["form"].fields


@pytest.mark.django_db
def test_after_activating_totp_the_griffier_reaches_the_page(client, municipality):
    griffier = GriffierFactory(municipality=municipality, with_mfa=False)
    client.force_login(griffier)
    assert client.get("/mijn/").status_code == 302

    add_totp(griffier)
    response = client.get("/mijn/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_after_activating_totp_the_staff_member_reaches_the_staff_pages(client):
    editor = StaffFactory(role=StaffRole.EDITOR, with_mfa=False)
    add_totp(editor)
    client.force_login(editor)

    response = client.get("/beheer/")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/mijn/", "/mijn/profiel/", "/mijn/griffier/", "/"])
def test_a_plain_member_is_never_sent_to_the_totp_setup(client, member, path):
    client.force_login(member)

    response = client.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
def test_signing_in_with_password_and_totp_code_works_end_to_end(client, griffier):
    response = client.post(reverse("account_login"), {"login": griffier.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") is None  # the password alone is not enough

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(griffier)})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(griffier.pk)
    assert client.get("/mijn/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_totp_code_does_not_sign_in(client, griffier):
    client.post(reverse("account_login"), {"login": griffier.email, "password": PASSWORD})
    wrong = f"{(int(totp_code(griffier)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.session.get("_auth_user_id") is None


@pytest.mark.django_db
def test_a_code_from_the_period_just_ended_still_signs_in(client, griffier):
    """Typed in the last seconds of its period, a code arrives in the next one: one step back counts."""
    client.post(reverse("account_login"), {"login": griffier.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(griffier, offset=-1)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(griffier.pk)


@pytest.mark.django_db
def test_a_code_two_periods_old_is_refused(client, griffier):
    client.post(reverse("account_login"), {"login": griffier.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(griffier, offset=-2)})

    assert response.status_code == 200
    assert client.session.get("_auth_user_id") is None


@pytest.mark.django_db
def test_the_admin_login_cannot_bypass_the_second_factor(client, editor):
    response = client.post(
        reverse("admin:login"), {"username": editor.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.session.get("_auth_user_id") is None

"""Accounts through allauth: email-only signup with verification, password rules, reset, logout,
the profile page and the login throttle."""

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.mail import email_send_task
from portal.models import Job, User
from tests.factories import PASSWORD, UserFactory

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")


def _signup(client, *, email="nieuw@example.nl", password="mooie-fietstocht"):  # noqa: S107
    return client.post(SIGNUP_URL, {"email": email, "password1": password, "password2": password})


def _password_errors(response) -> list[str]:
    return response.context["form"].errors.get("password1", [])


def _signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_signup_form_asks_for_email_and_password_only(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    assert set(response.context["form"].fields) == {"email", "password1", "password2"}
    assert b'name="username"' not in response.content


@pytest.mark.django_db
def test_signup_sends_a_verification_mail_through_a_job(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert not EmailAddress.objects.get(user=user).verified
    job = Job.objects.get(task=email_send_task.name)
    assert job.state == Job.State.DONE
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.nl"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_unverified_account_cannot_sign_in(client):
    _signup(client)
    client.logout()

    response = client.post(LOGIN_URL, {"login": "nieuw@example.nl", "password": "mooie-fietstocht"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert _signed_in_user_id(client) is None
    assert client.get(reverse("portal:dashboard")).status_code == 302


@pytest.mark.django_db
def test_after_following_the_verification_link_the_account_can_sign_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)
    client.logout()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body)
    confirm_url = link.group(1)
    assert client.post(confirm_url).status_code == 302

    response = client.post(LOGIN_URL, {"login": "nieuw@example.nl", "password": "mooie-fietstocht"})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    user = User.objects.get(email="nieuw@example.nl")
    assert EmailAddress.objects.get(user=user).verified
    assert _signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_a_password_of_11_characters_is_refused(client):
    response = _signup(client, password="fietstocht1")

    assert response.status_code == 200
    assert _password_errors(response)
    assert not User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.django_db
def test_a_password_of_12_characters_is_accepted(client):
    response = _signup(client, password="fietstochtje")

    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.django_db
def test_a_password_of_65_characters_is_refused(client):
    response = _signup(client, password="lange-zin-" * 6 + "abcde")

    assert response.status_code == 200
    assert any("64" in error for error in _password_errors(response))
    assert not User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.django_db
def test_a_password_of_64_characters_is_accepted(client):
    response = _signup(client, password="lange-zin-" * 6 + "abcd")

    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.django_db
def test_a_common_password_is_refused(client):
    response = _signup(client, password="peanutbutter")

    assert response.status_code == 200
    assert _password_errors(response)
    assert not User.objects.filter(email="nieuw@example.nl").exists()


@pytest.mark.django_db
def test_a_long_lowercase_phrase_is_accepted_without_composition_rules(client):
    response = _signup(client, password="mooiefietstocht")

    assert response.status_code == 302
    assert User.objects.get(email="nieuw@example.nl").check_password("mooiefietstocht")


@pytest.mark.django_db
def test_password_reset_sends_a_mail(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_logout_works_by_post(client, member):
    client.force_login(member)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert _signed_in_user_id(client) is None


@pytest.mark.django_db
def test_logout_by_get_only_asks_for_confirmation(client, member):
    client.force_login(member)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert _signed_in_user_id(client) == str(member.pk)


@pytest.mark.django_db
def test_profile_editing_saves_name_function_and_municipality(client, member, other_municipality):
    client.force_login(member)

    response = client.post(
        reverse("portal:profile_edit"),
        {
            "first_name": "Fatima",
            "last_name": "de Vries",
            "function": "wethouder",
            "municipality": other_municipality.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.function) == ("Fatima", "de Vries", "wethouder")
    assert member.municipality == other_municipality


@pytest.mark.django_db
def test_profile_with_bad_input_rerenders_with_errors_and_what_was_typed(client, member, municipality):
    client.force_login(member)
    first_name = member.first_name

    response = client.post(
        reverse("portal:profile_edit"),
        {
            "first_name": "Typte Dit",
            "last_name": "Zelf",
            "function": "koning",
            "municipality": municipality.pk,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "function" in form.errors
    content = response.content.decode()
    assert 'value="Typte Dit"' in content
    assert 'aria-invalid="true"' in content
    member.refresh_from_db()
    assert member.first_name == first_name


def _login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_after_five_failed_logins_even_the_right_password_is_refused(client):
    user = UserFactory()
    for _ in range(5):
        assert _login(client, user.email, "fout-wachtwoord-123").status_code == 200

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert _signed_in_user_id(client) is None
    assert response.context["form"].has_error("__all__", "too_many_login_attempts")
    assert b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_the_right_password_works_again_after_the_five_minute_window(client):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "fout-wachtwoord-123")
    assert _login(client, user.email, PASSWORD).status_code == 200  # still throttled

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5, seconds=5), tick=False):
        response = _login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_failed_logins_for_one_account_do_not_throttle_another(client):
    user, other = UserFactory(), UserFactory()
    for _ in range(5):
        _login(client, user.email, "fout-wachtwoord-123")

    response = _login(client, other.email, PASSWORD)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(other.pk)

"""Issue 7.1: a job row never holds a key, a token or a link that grants access; the mail still works."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.models import Job, MailDelivery, User
from tests.factories import PASSWORD, UserFactory

RESET_LINK = re.compile(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+")
CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s]+")


def _everything_stored(model) -> str:
    """Every field of every row, as text: what an administrator could read."""
    return json.dumps(list(model.objects.values()), default=str)


@pytest.mark.django_db
def test_a_password_reset_leaves_no_reset_link_in_any_job_row_and_the_mailed_link_works(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="raadslid@example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "raadslid@example.nl"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = RESET_LINK.search(mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    stored = _everything_stored(Job) + _everything_stored(MailDelivery)
    assert "/accounts/password/reset/key/" not in stored
    assert path.rsplit("/", 2)[-2] not in stored  # nor the key on its own
    assert "raadslid@example.nl" not in _everything_stored(MailDelivery)  # deliveries keep a hash only

    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    new_password = "een-heel-nieuw-wachtwoord"
    done = client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password) and not user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_signup_leaves_no_verification_link_in_any_job_row_and_the_mailed_link_works(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "nieuw@example.nl", "password1": "mooie-fietstocht", "password2": "mooie-fietstocht"},
        )

    link = CONFIRM_LINK.search(mail.outbox[0].body).group(0)
    key = link.rstrip("/").rsplit("/", 1)[1]
    assert "/accounts/confirm-email/" not in _everything_stored(Job)
    assert key not in _everything_stored(Job)

    client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert EmailAddress.objects.get(email="nieuw@example.nl").verified


@pytest.mark.django_db
def test_every_mail_job_carries_only_a_kind_recipients_a_language_ids_and_a_key(
    client, member, municipality, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:griffier_role_request"), {"municipality": municipality.pk, "motivation": "Ik ben de griffier."})

    job = Job.objects.get()
    assert set(job.kwargs) == {"kind", "to", "language", "ids", "key"}
    assert all(isinstance(value, int | str | bool) or value is None for value in job.kwargs["ids"].values())
    assert "Ik ben de griffier." not in json.dumps(job.kwargs)  # the text is read in the worker, not copied


@pytest.mark.django_db
def test_allauth_mails_with_keys_cannot_be_sent_through_the_generic_path():
    from portal.adapters import AccountAdapter

    with pytest.raises(ValueError):
        AccountAdapter().send_mail("account/email/password_reset_key", "x@example.nl", {"password_reset_url": "x"})
    assert not Job.objects.exists()
    assert not User.objects.exists()

"""Issue 7.6: bodies over the upload limit get a styled Dutch page, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_gets_a_styled_dutch_413_page(client, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 1000

    response = client.post(reverse("account_signup"), {"email": "x@example.nl", "password1": "a" * 5000}, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 413
    body = response.content.decode()
    assert "<html" in body and "te groot" in body.lower()


def test_too_many_form_fields_get_a_styled_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10

    response = client.post(reverse("account_signup"), {f"veld{n}": "x" for n in range(50)})

    assert response.status_code == 400
    assert "<html" in response.content.decode()


def test_a_length_that_is_not_a_number_is_a_bad_request_not_an_error(client):
    response = client.generic("POST", reverse("account_signup"), b"", CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH="veel")

    assert response.status_code == 400


def test_a_normal_form_is_not_affected(client):
    assert client.post(reverse("account_signup"), {"email": "x@example.nl"}).status_code == 200

"""Issue 7.9: the smaller leaks. Signup timing, private caching, subjects, logs."""

import logging
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from portal import mails
from portal.log_redaction import redact_path
from portal.mail import email_enqueue
from portal.models import GriffierRole, Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email: str):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": "mooie-fietstocht", "password2": "mooie-fietstocht"}
    )


def _hashes_during(action) -> int:
    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode) as encode:
        action()
    return encode.call_count


def test_signing_up_with_a_known_address_hashes_the_password_like_a_new_signup(client):
    UserFactory(email="bekend@example.nl")

    known = _hashes_during(lambda: _signup(client, "bekend@example.nl"))
    client.logout()
    new = _hashes_during(lambda: _signup(client, "nieuw@example.nl"))

    assert known == new >= 1


def test_signing_up_with_a_known_address_answers_as_for_a_new_one(client):
    UserFactory(email="bekend@example.nl")

    known = _signup(client, "bekend@example.nl")
    client.logout()
    new = _signup(client, "nieuw@example.nl")

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])


def test_pages_of_a_signed_in_member_are_never_cached_on_the_way(client, member):
    client.force_login(member)

    for url in ["/mijn/", "/mijn/profiel/", "/"]:
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_mail_subjects_are_plain_text_not_html_escaped(django_capture_on_commit_callbacks):
    municipality = Municipality.objects.get(code="GM0518")  # 's-Gravenhage
    role = GriffierRole.objects.create(user=UserFactory(), municipality=municipality)

    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(kind=mails.griffier_role_requested, to=["griffie@example.nl"], role_id=role.pk)

    assert "'s-Gravenhage" in mail.outbox[0].subject
    assert "&#x27;" not in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/quickscan/invullen/9b2c1f9e-6a55-4f2e-8d6c-1a2b3c4d5e6f/Xk3v_9QmZrT2pL8sWn4bYc7dEf1gHj0KaB5cD6eF7g/", "/quickscan/invullen/"),
        ("/accounts/password/reset/key/1v-ct4b1c-3f2a9e8d7c6b5a49384756ab12cd34ef/", "/accounts/password/reset/key/"),
        ("/accounts/confirm-email/MQ:1vZk3t:Xk3v9QmZrT2pL8sWn4bYc7dEf1gHjK/", "/accounts/confirm-email/"),
        ("/workshops/evaluatie/Ab3dEf5gHi7jKl9mNo1pQr3sTu5v/?x=1", "/workshops/evaluatie/"),
    ],
)
def test_token_parts_of_a_path_never_reach_a_log(path, kept):
    redacted = redact_path(path)

    assert redacted.startswith(kept)
    secret = path[len(kept):].split("/")[-2] if path.endswith("/") else path[len(kept):]
    assert secret not in redacted and "…" in redacted


def test_ordinary_paths_are_logged_as_they_are():
    for path in ["/gemeenten/zwolle/", "/programmas/themas/checks-en-balances/", "/workshops/?page=2", "/quickscan/12/rapport/"]:
        assert redact_path(path) == path


def test_django_request_warnings_carry_a_redacted_path(client, caplog):
    token = "Xk3v_9QmZrT2pL8sWn4bYc7dEf1gHj0KaB5cD6eF7g"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/workshops/evaluatie/{token}/")

    assert caplog.records, "a 404 is logged"
    assert all(token not in record.getMessage() for record in caplog.records)


def test_gunicorns_access_log_never_shows_a_token(tmp_path):
    """The real server with the project's gunicorn.conf.py, asked for a respondent's link."""
    import contextlib
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "access.log"
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--access-logfile", str(log)],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    token = "Xk3v_9QmZrT2pL8sWn4bYc7dEf1gHj0KaB5cD6eF7g"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10)  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        with contextlib.suppress(urllib.error.HTTPError):  # any status: only the log line matters
            urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/quickscan/invullen/9b2c1f9e-6a55-4f2e-8d6c-1a2b3c4d5e6f/{token}/?key={token}", timeout=30
            )
        deadline = time.monotonic() + 20
        while "invullen" not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)

    lines = log.read_text()
    assert "/quickscan/invullen/" in lines
    assert token not in lines

"""Security headers and the production settings guard rails (the real settings module, in subprocesses)."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]


def _csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def _production_env(**overrides: str) -> dict[str, str]:
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a real deployment never has it.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_DEBUG="0", DJANGO_SETTINGS_MODULE="portal.settings")
    env.update(overrides)
    return env


def _random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db
def test_every_response_carries_a_strict_content_security_policy_with_scripts_from_our_files_only(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    header = response.headers["Content-Security-Policy"]
    directives = _csp_directives(response)
    assert directives["script-src"] == "'self'"  # no nonce: the page is the same for every visitor
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] in {"'none'", "'self'"}
    assert directives["form-action"] == "'self'"
    assert directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_every_script_of_a_page_is_a_static_file_so_no_page_needs_a_nonce(client):
    response = client.get(reverse("portal:home"))

    script_tags = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert len(script_tags) >= 2
    for tag in script_tags:
        assert re.search(r'src="/static/[^"]+\.js"', tag), tag
        assert "nonce" not in tag


def test_a_nonce_is_made_and_allowed_only_when_a_template_asks_for_it(rf):
    from django.http import HttpResponse
    from django.template import engines

    from portal.middleware import ContentSecurityPolicyMiddleware

    template = engines["django"].from_string('<script type="importmap" nonce="{{ nonce }}">{}</script>')

    def inline_script_view(request):
        return HttpResponse(template.render({"nonce": request.csp_nonce}))

    response = ContentSecurityPolicyMiddleware(inline_script_view)(rf.get("/"))

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert f"script-src 'self' 'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    other = ContentSecurityPolicyMiddleware(inline_script_view)(rf.get("/"))
    assert re.search(r'nonce="([^"]+)"', other.content.decode()).group(1) != nonce  # one per response


@pytest.mark.django_db
def test_responses_forbid_framing_sniffing_and_cross_origin_referrers(client):
    response = client.get(reverse("portal:home"))

    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env=_production_env(ALLOWED_HOSTS="portal.example.nl"))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", env=_production_env(SECRET_KEY=_random_secret_key()))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    env = _production_env(SECRET_KEY=_random_secret_key(), ALLOWED_HOSTS="portal.example.nl")

    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr


HSTS_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="portal.example.nl").get("/health/", secure=True)
print(response.status_code)
print(response.headers.get("Strict-Transport-Security", ""))
"""


def test_production_sends_hsts_for_at_least_a_year():
    env = _production_env(SECRET_KEY=_random_secret_key(), ALLOWED_HOSTS="portal.example.nl")

    result = subprocess.run(
        [sys.executable, "-c", HSTS_SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    status, hsts = result.stdout.strip().splitlines()[-2:]
    assert status == "200"
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts

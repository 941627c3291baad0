"""The everyday rough edges (issue 9, point 9): the demo's address and banner, a quiet log, a favicon, what a
griffier is offered on their portal, and what the request page says happens next."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.workshops.factories import WorkshopRequestFactory

ROOT = Path(__file__).resolve().parents[2]
ANY_ADDRESS = ".".join(["0"] * 4)  # "listen on every interface", as people pass it to PORT_ADDRESS


def _demo_dry_run(**env) -> dict[str, str]:
    result = subprocess.run(
        ["bash", str(ROOT / "bin" / "demo"), "--dry-run"],
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(ROOT)), **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line and " " not in line)
    values["banner"] = result.stdout
    return values


def test_the_demo_on_another_address_puts_that_address_in_the_links_of_its_mails():
    assert _demo_dry_run()["PORTAL_BASE_URL"] == "http://127.0.0.1:8000"
    assert _demo_dry_run(PORT_ADDRESS="10.1.2.3:8080")["PORTAL_BASE_URL"] == "http://10.1.2.3:8080"
    assert _demo_dry_run(PORT_ADDRESS="9000")["PORTAL_BASE_URL"] == "http://127.0.0.1:9000"
    every_interface = _demo_dry_run(PORT_ADDRESS=f"{ANY_ADDRESS}:8123")
    assert every_interface["PORTAL_BASE_URL"].endswith(":8123")
    assert ANY_ADDRESS not in every_interface["PORTAL_BASE_URL"]  # a link no one else can open
    host = every_interface["PORTAL_BASE_URL"].removeprefix("http://").rsplit(":", 1)[0]
    assert host in every_interface["ALLOWED_HOSTS"].split(",")


def test_an_explicit_portal_base_url_wins_over_the_demo_address():
    values = _demo_dry_run(PORT_ADDRESS=f"{ANY_ADDRESS}:8000", PORTAL_BASE_URL="https://demo.example.nl")

    assert values["PORTAL_BASE_URL"] == "https://demo.example.nl"


def test_the_demo_banner_names_the_accounts_and_the_second_factor_code():
    banner = _demo_dry_run(PORT_ADDRESS="10.1.2.3:8080")["banner"]

    assert "http://10.1.2.3:8080/" in banner
    assert "demo-wachtwoord-2026" in banner and "griffier" in banner
    assert "enter 000000" in banner


QUIET_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from portal.celery import app

    @app.task(name="tests.quiet_noop")
    def noop():
        return None

    for _ in range(3):
        noop.apply_async()
    from weasyprint import HTML
    HTML(string="<h1>Rapport</h1><p>Een korte tekst.</p>").write_pdf()
    print("done")
    """
)


def test_the_log_is_quiet_when_tasks_run_in_process_and_a_pdf_is_made():
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_DEBUG="1", LOG_LEVEL="INFO")

    result = subprocess.run(
        [sys.executable, "-c", QUIET_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.stdout.strip() == "done", result.stderr
    assert result.stderr == ""


def test_the_favicon_is_a_static_file_linked_from_every_page_and_at_the_site_root(client, db):
    page = client.get(reverse("portal:home")).content.decode()
    root = client.get("/favicon.ico")

    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    assert 'rel="icon" href="/static/favicon.ico"' in page
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in page
    assert root.status_code == 301 and root["Location"] == "/static/favicon.ico"
    assert (ROOT / "static" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_a_confirmed_griffier_is_not_asked_to_get_confirmed_as_griffier(client, griffier, member):
    client.force_login(griffier)
    griffier_page = client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(member)
    member_page = client.get(reverse("portal:dashboard")).content.decode()

    link = reverse("portal:griffier_role_request")
    assert link not in griffier_page
    assert link in member_page


@pytest.mark.django_db
def test_after_submitting_a_request_the_griffier_reads_what_happens_next_and_where_to_go(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(griffier)

    response = client.get(workshop_request.get_absolute_url())

    content = response.content.decode()
    assert response.context["next_step"] == 1
    assert "Wat gebeurt er nu?" in content
    assert '<li aria-current="step">Programmamedewerkers lezen uw aanvraag' in content
    assert f'{reverse("consultants:consultant_find")}?municipality={griffier.municipality_id}' in content
    assert reverse("workshops:workshop_list") in content and reverse("portal:dashboard") in content


@pytest.mark.django_db
def test_a_finished_request_shows_no_next_steps(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier, status="evaluated")
    client.force_login(griffier)

    response = client.get(workshop_request.get_absolute_url())

    assert response.context["next_step"] is None
    assert "Wat gebeurt er nu?" not in response.content.decode()

"""The foundation's pages in a real browser: sign-in journeys, and axe (WCAG 2.1 AA) on every page type."""

import re

import pytest

from portal.models import GriffierRole
from tests.browser.conftest import axe_check, login, submit_main_form

pytestmark = pytest.mark.browser


def _goto(page, path: str):
    return page.goto(page.base_url + path)


def test_a_member_signs_in_and_public_pages_pass_axe(page, live_server, member):
    login(page, live_server, member)
    assert page.url.endswith("/mijn/")
    axe_check(page)

    for path, heading in [
        ("/", None),
        ("/programmas/", None),
        ("/programmas/democratie-in-actie/", "Democratie in Actie"),
        ("/programmas/themas/participatie/", "Participatie"),
        ("/gemeenten/", None),
        ("/gemeenten/amsterdam/", "Amsterdam"),
        ("/privacy/", None),
        ("/toegankelijkheid/", None),
    ]:
        response = _goto(page, path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        if heading:
            assert re.search(heading, page.locator("h1").inner_text()), path
        axe_check(page)


def test_the_municipality_search_finds_den_haag_and_passes_axe(page):
    _goto(page, "/gemeenten/")
    page.locator("main input[name=q]").fill("Den Haag")
    submit_main_form(page)

    assert page.locator("main table tbody tr").count() == 1
    assert "'s-Gravenhage" in page.locator("main table").inner_text()
    axe_check(page)


def test_a_member_corrects_the_profile_after_an_error(page, live_server, member):
    login(page, live_server, member)
    _goto(page, "/mijn/profiel/")
    axe_check(page)

    # A browser honours maxlength; a crafted request does not. The server must still answer accessibly.
    page.locator("#id_first_name").evaluate("element => element.removeAttribute('maxlength')")
    page.locator("#id_first_name").fill("x" * 151)
    page.locator("#id_last_name").fill("de Boer")
    submit_main_form(page)

    assert page.url.endswith("/mijn/profiel/")
    first_name = page.locator("#id_first_name")
    assert first_name.get_attribute("aria-invalid") == "true"
    assert "id_first_name_error" in (first_name.get_attribute("aria-describedby") or "")
    assert page.locator("#id_last_name").input_value() == "de Boer"
    axe_check(page)

    first_name.fill("Anouk")
    page.locator("#id_function").select_option("wethouder")
    submit_main_form(page)

    assert page.url.endswith("/mijn/")
    assert "Anouk de Boer" in page.locator("h1").inner_text()
    axe_check(page)
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.function) == ("Anouk", "de Boer", "wethouder")


def test_the_404_page_passes_axe(page):
    response = _goto(page, "/bestaat-niet/")

    assert response.status == 404
    assert page.locator("h1").count() == 1
    axe_check(page)


def test_the_english_home_page_passes_axe(page):
    _goto(page, "/")
    assert page.locator("html").get_attribute("lang") == "nl"

    page.locator("header form.portal-lang-switch button").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert "Democracy in Action" in page.locator("main").inner_text()
    axe_check(page)


def test_the_login_page_passes_axe(page):
    _goto(page, "/accounts/login/")

    assert page.locator("main input[name=login]").count() == 1
    axe_check(page)


def test_a_griffier_signs_in_with_password_and_totp_code(page, live_server, griffier):
    login(page, live_server, griffier)

    assert page.url.endswith("/mijn/")
    assert griffier.get_full_name() in page.locator("h1").inner_text()
    assert "Amsterdam" in page.locator("main table").inner_text()  # the confirmed griffier role
    axe_check(page)


def test_the_totp_step_passes_axe(page, live_server, griffier):
    from tests.factories import PASSWORD

    _goto(page, "/accounts/login/")
    page.locator("main input[name=login]").fill(griffier.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    submit_main_form(page)

    assert "/accounts/2fa/authenticate/" in page.url
    axe_check(page)


def test_a_member_asks_to_be_griffier_after_correcting_an_error(page, live_server, member, municipality):
    login(page, live_server, member)
    _goto(page, "/mijn/griffier/")
    axe_check(page)

    page.locator("#id_municipality").select_option("")
    submit_main_form(page)

    assert page.url.endswith("/mijn/griffier/")
    assert page.locator("#id_municipality").get_attribute("aria-invalid") == "true"
    axe_check(page)

    page.locator("#id_municipality").select_option(str(municipality.pk))
    page.locator("#id_motivation").fill("Griffier sinds 2021.")
    submit_main_form(page)

    assert page.url.endswith("/mijn/")
    assert "Amsterdam" in page.locator("main table").inner_text()
    axe_check(page)
    assert GriffierRole.objects.get(user=member).status == GriffierRole.Status.REQUESTED


def test_a_programme_manager_confirms_a_griffier_request(
    page, live_server, programme_manager, member, municipality
):
    role = GriffierRole.objects.create(
        user=member, municipality=municipality, motivation="Griffier sinds 2021."
    )
    login(page, live_server, programme_manager)
    _goto(page, "/beheer/")
    axe_check(page)

    _goto(page, "/beheer/griffiers/")
    axe_check(page)
    page.locator(f"main a[href='/beheer/griffiers/{role.pk}/']").click()
    page.wait_for_load_state()
    axe_check(page)

    page.locator("input[name=decision][value=confirm]").check()
    submit_main_form(page)

    assert page.url.endswith("/beheer/griffiers/")
    assert page.locator(".utrecht-alert").count() == 1
    axe_check(page)
    role.refresh_from_db()
    assert role.status == GriffierRole.Status.CONFIRMED


def test_pages_run_under_the_real_content_security_policy_without_violations(browser, live_server, member):
    # The `page` fixture bypasses the CSP so axe can be injected; this context keeps it on.
    context = browser.new_context(locale="nl-NL")
    violations = []
    try:
        csp_page = context.new_page()
        csp_page.on(
            "console",
            lambda message: (
                violations.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        for path in [
            "/",
            "/programmas/democratie-in-actie/",
            "/gemeenten/",
            "/accounts/login/",
            "/bestaat-niet/",
        ]:
            csp_page.goto(live_server.url + path)
            assert csp_page.evaluate("() => typeof window.htmx") == "object", path  # the nonce'd script ran
    finally:
        context.close()

    assert violations == []

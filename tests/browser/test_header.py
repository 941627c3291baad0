"""The header: readable on its dark background, a menu button on phones, one row of tools at desktop width.

The navigation will hold more entries soon (agenda, library, offers, search) from other apps through
`registry.nav`; the tests add four such entries so the layout is checked with 8 links in the nav.
"""

import pytest

from portal import registry
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def eight_nav_entries():
    """The apps' own entries and the municipalities: the header is tested with what it really shows."""
    assert len(registry.nav) == 7


def _context_page(browser, live_server, viewport, **options):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=viewport, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def _nav_links(page):
    return page.locator("header nav a")


def test_the_sign_out_and_language_buttons_are_light_on_the_dark_header(page, live_server, member):
    login(page, live_server, member)

    header = page.locator("header")
    background = header.evaluate("element => getComputedStyle(element).backgroundColor")
    for name in ["Uitloggen", "English"]:
        button = header.get_by_role("button", name=name)
        assert button.is_visible()
        colour = button.evaluate("element => getComputedStyle(element).color")
        assert colour == "rgb(255, 255, 255)", f"{name} is drawn in {colour} on {background}"
    assert background != "rgba(0, 0, 0, 0)"


def test_on_a_phone_the_header_is_one_short_row_with_a_menu_button_that_opens_every_link(
    browser, live_server, member, eight_nav_entries
):
    page = _context_page(browser, live_server, PHONE)
    login(page, live_server, member)
    page.goto(live_server.url + "/workshops/")

    header_height = page.locator("header").evaluate("element => element.getBoundingClientRect().height")
    button = page.locator("#portal-menu-button")
    links = _nav_links(page)
    assert header_height <= 72, f"the closed header is {header_height}px high"
    assert links.count() == 8  # 7 apps' entries and the municipalities
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    axe_check(page)

    # Keyboard only: Tab from the brand to the button, Enter opens, Tab walks through every link.
    page.locator(".portal-brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "portal-menu-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    reached = []
    for _link in range(links.count()):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.textContent.trim()"))
    assert reached == [links.nth(i).inner_text().strip() for i in range(links.count())]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44, f"{links.nth(i).inner_text()} is {box['height']}px high"
    assert page.locator("header").get_by_role("button", name="Uitloggen").is_visible()
    axe_check(page)

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.id") == "portal-menu-button"
    assert not links.first.is_visible()
    page.context.close()


def test_on_a_phone_the_folded_menu_does_not_move_the_page_while_it_loads(browser, live_server):
    page = _context_page(browser, live_server, PHONE)
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => { for (const entry of list.getEntries())"
        " { if (!entry.hadRecentInput) window.__shift += entry.value; } })"
        ".observe({type: 'layout-shift', buffered: true});"
    )

    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)

    assert page.evaluate("() => window.__shift") == 0
    page.context.close()


def test_without_javascript_the_phone_header_shows_every_link(browser, live_server, eight_nav_entries):
    page = _context_page(browser, live_server, PHONE, java_script_enabled=False)

    page.goto(live_server.url + "/")

    assert not page.locator("#portal-menu-button").is_visible()
    links = _nav_links(page)
    assert links.count() == 8
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert links.nth(i).is_visible() and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


def test_at_desktop_width_the_signed_in_header_has_its_tools_on_one_row_and_the_nav_on_another(
    browser, live_server, programme_manager, eight_nav_entries
):
    page = _context_page(browser, live_server, DESKTOP)
    login(page, live_server, programme_manager)
    page.goto(live_server.url + "/")

    tops = page.evaluate(
        """() => {
        const top = selector => [...document.querySelectorAll(selector)]
          .map(element => Math.round(element.getBoundingClientRect().top + element.getBoundingClientRect().height / 2));
        return {
          brand: top('.portal-brand'),
          tools: top('.portal-user-menu > a, .portal-user-menu button'),
          nav: top('header nav a'),
          height: document.querySelector('header').getBoundingClientRect().height,
        };
      }"""
    )

    assert not page.locator("#portal-menu-button").is_visible()
    assert len(tops["tools"]) == 4  # my portal, staff, sign out, language
    assert max(tops["tools"]) - min(tops["tools"]) <= 4, f"the tools wrap: {tops['tools']}"
    assert abs(tops["tools"][0] - tops["brand"][0]) <= 6, "the tools are not beside the brand"
    assert len(tops["nav"]) == 8 and max(tops["nav"]) - min(tops["nav"]) <= 4, f"the nav wraps: {tops['nav']}"
    assert tops["height"] <= 130, f"the header is {tops['height']}px high"
    axe_check(page)
    page.context.close()

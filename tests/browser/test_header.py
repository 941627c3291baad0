"""The header's buttons sit on a dark background: axe cannot always judge that contrast, so we do."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


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

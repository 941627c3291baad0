"""Browser tests: Playwright (sync API) driving Debian's chromium against Django's live server.

Fixtures: `browser` (one chromium per session), `page` (a fresh context per test, Dutch locale,
CSP bypassed only so axe can be injected). Helpers: `axe_check(page)` and `login(page, live_server, user)`.

Every test here gets a transactional database restored from the migrated data (342 municipalities,
programmes, themes) through serialized rollback; do not put another `django_db` marker on them.
"""

import os

# The sync API keeps an asyncio loop in the main thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APT_LOG = Path("/tmp/apt.log")  # noqa: S108 (written by the machine set-up, only read here)
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser` and give it the restored transactional database."""
    for item in items:
        if BROWSER_DIR not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def _wait_for_chromium(timeout: float = 600) -> None:
    """chromium may still be installing (apt writes `done` at the end of /tmp/apt.log)."""
    deadline = time.monotonic() + timeout
    while not CHROMIUM.exists() and APT_LOG.exists() and time.monotonic() < deadline:
        if APT_LOG.read_text(errors="replace").rstrip().endswith("done"):
            break
        time.sleep(2)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")


def _ensure_axe() -> Path:
    """axe-core is vendored in tests/browser/vendor; fetch it with npm if a checkout lacks it."""
    if not AXE_JS.exists():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", "axe-core", "--silent"], cwd=tmp, check=True, capture_output=True)
            tarball = next(Path(tmp).glob("axe-core-*.tgz"))
            subprocess.run(["tar", "xzf", tarball.name], cwd=tmp, check=True)
            AXE_JS.parent.mkdir(parents=True, exist_ok=True)
            AXE_JS.write_bytes((Path(tmp) / "package" / "axe.min.js").read_bytes())
    return AXE_JS


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    _wait_for_chromium()
    # Django keeps connections in context-local storage, and starting Playwright's sync API gives the
    # tests a new context: connections made there lack the data serialized when the test database was
    # created, so serialized rollback would silently restore nothing. Carry it over.
    with django_db_blocker.unblock():
        serialized = {
            alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
        }
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def axe_check(page) -> None:
    """Run axe (WCAG 2.1 A and AA rules) on the current page and fail with a readable list of violations."""
    # Contrast is only measured if our stylesheets really loaded.
    unloaded = page.evaluate(
        "() => Array.from(document.querySelectorAll('link[rel=stylesheet]'))"
        ".filter(link => !link.sheet || link.sheet.cssRules.length === 0).map(link => link.href)"
    )
    assert not unloaded, f"stylesheets did not load on {page.url}: {unloaded}"
    page.add_script_tag(path=str(_ensure_axe()))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = result["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    target {json.dumps(node['target'])}: {summary}")
            lines.append(f"      {node['html'][:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def submit_main_form(page) -> None:
    """Press the submit button of the form in <main> (the header holds other forms)."""
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def login(page, live_server, user, *, next_url: str = "") -> None:
    """Sign in through the real login form, then the TOTP step for users made with `add_totp`."""
    from tests.factories import PASSWORD, totp_code

    url = f"{live_server.url}/accounts/login/" + (f"?next={next_url}" if next_url else "")
    page.goto(url)
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    submit_main_form(page)
    if "/accounts/2fa/authenticate/" in page.url:
        secret = getattr(user, "totp_secret", None)
        assert secret, (
            f"{user} has an authenticator but no known secret; create it with tests.factories.add_totp"
        )
        page.locator("main input[name=code]").fill(totp_code(secret))
        submit_main_form(page)
    assert "/accounts/login/" not in page.url, f"login failed for {user.email}: still on {page.url}"
    assert "/accounts/2fa/" not in page.url, f"second step refused for {user.email}: still on {page.url}"


def new_browser_page(browser, live_server, *, signed_in=None, **context_options):
    """A fresh browser context (own cookies) on the live server, holding `signed_in`'s session if given.

    Signing the same account in twice within one TOTP period would be refused (a code is accepted once),
    so a second device or a page sweep gets its session directly.
    """
    context = browser.new_context(bypass_csp=True, **context_options)
    context.set_default_timeout(10_000)
    if signed_in is not None:
        from django.test import Client

        client = Client()
        client.force_login(signed_in)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    return page

"""Issue 3 point 11 in a real browser: a griffier runs a Quick Scan from the terms to the PDF report.

Issue 9: opening and closing ask for confirmation on pages of their own (point 5); after closing, the report
page shows that results are being calculated and updates itself through htmx until the scores are in, and
the PDF link appears only once the PDF exists (point 4); the report fits a phone (point 8).

axe (WCAG 2.1 A and AA) runs on every page state the griffier visits and on every kind of page a
respondent sees (introduction, statements, priorities, thanks).

Five respondents rather than the three of the issue: results of fewer than 5 responses are never shown
(the privacy rule of the report), so with three the report would have no figures to check. Respondent 1
pauses half way and resumes in a new browser; respondents 2 to 5 answer in one go.
"""

import datetime
import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone

from quickscan.models import Invitation, Response, Scan
from tests.browser.conftest import axe_check, login
from tests.quickscan.factories import questionnaire

pytestmark = pytest.mark.browser

SCAN_NAME = "Nulmeting raad en college 2026"
ADDRESSES = [f"raadslid{n}@example.nl" for n in range(1, 6)]
BAD_LINE = "raadslid3 at example.nl"
ANSWER_URL = re.compile(r"/quickscan/invullen/[0-9a-f-]{36}/[A-Za-z0-9_-]+/")
# The value each respondent (row) gives to every statement of each theme page (column).
ANSWERS = [
    [4, 4, 5, 3, 2, 4, 5],
    [5, 3, 4, 3, 2, 4, 4],
    [4, 4, 4, 2, 3, 5, 4],
    [3, 4, 5, 3, 2, 4, 5],
    [4, 2, 4, 2, 1, 3, 4],
]
PAUSE_BEFORE_PAGE = 5  # respondent 1 stops with pages 1 to 4 saved: half of the 8 pages


def _goto(page, path: str) -> None:
    response = page.goto(page.base_url + path)
    assert response.status == 200, f"{path} answered {response.status}"


def _new_page(browser, live_server):
    """An independent browser (own cookies), set up like the conftest's `page` fixture."""
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def _click(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def _monitor_row(page, group: str) -> list[str]:
    """Invited, started, completed and response rate of one group in the response monitor."""
    cells = page.locator(f"#scan-monitor tr[data-group='{group}'] td")
    return [text.strip() for text in cells.all_inner_texts()]


def _griffier_sets_up_the_scan(page, live_server, griffier) -> Scan:
    login(page, live_server, griffier)
    _goto(page, "/mijn/")
    axe_check(page)

    _click(page, "#dashboard-quickscan-link")
    assert page.url.endswith("/quickscan/")
    axe_check(page)

    _click(page, "#scan-create-link")
    assert "/quickscan/voorwaarden/" in page.url, "without accepted terms the griffier is sent to them first"
    axe_check(page)
    agreement_form = page.locator("#agreement-form")
    agreement_form.locator("#id_accept").check()
    agreement_form.locator("button[type=submit]").click()
    page.wait_for_url("**/quickscan/nieuw/")
    axe_check(page)

    today = timezone.localdate()
    lokaal_bestuur = questionnaire("lokaal-bestuur")
    form = page.locator("#scan-create-form")
    form.locator("#id_questionnaire").select_option(str(lokaal_bestuur.pk))
    form.locator("#id_name").fill(SCAN_NAME)
    form.locator("#id_opens_on").fill(today.isoformat())
    form.locator("#id_closes_on").fill((today + datetime.timedelta(days=14)).isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/quickscan/\d+/respondenten/$"))
    axe_check(page)

    scan = Scan.objects.get()
    assert (scan.municipality, scan.questionnaire, scan.name) == (
        griffier.municipality,
        lokaal_bestuur,
        SCAN_NAME,
    )
    assert (scan.opens_on, scan.closes_on) == (today, today + datetime.timedelta(days=14))
    assert scan.status == Scan.Status.DRAFT
    return scan


def _griffier_adds_the_respondents(page, scan: Scan) -> None:
    form = page.locator("#respondents-form")
    pasted = "\n".join(ADDRESSES[:2] + [BAD_LINE] + ADDRESSES[3:])
    form.locator("#id_group").select_option("raad")
    form.locator("#id_addresses").fill(pasted)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    errors = form.locator(".utrecht-alert--error li")
    assert errors.count() == 1
    message = errors.inner_text()
    assert re.search(r"\b3\b", message) and BAD_LINE in message, message
    assert form.locator("#id_addresses").input_value() == pasted
    assert form.locator("#id_group").input_value() == "raad"
    assert not scan.invitations.exists()
    axe_check(page)

    form.locator("#id_addresses").fill(pasted.replace(BAD_LINE, ADDRESSES[2]))
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/quickscan/{scan.pk}/respondenten/$"))
    listed = page.locator("#respondent-list tbody").inner_text()
    assert all(address in listed for address in ADDRESSES)
    assert _monitor_row(page, "raad")[0] == "5"
    axe_check(page)
    assert sorted(scan.invitations.values_list("email", flat=True)) == ADDRESSES
    assert set(scan.invitations.values_list("group", flat=True)) == {"raad"}


def _griffier_previews_and_opens_the_scan(page, scan: Scan) -> dict[str, str]:
    _goto(page, f"/quickscan/{scan.pk}/")
    axe_check(page)
    _click(page, "#scan-preview-link")
    assert page.url.endswith(f"/quickscan/{scan.pk}/voorbeeld/")
    assert page.locator("main fieldset[disabled]").count() == 8  # 7 themes and the priorities
    axe_check(page)

    _goto(page, f"/quickscan/{scan.pk}/")
    _click(page, "#scan-open-button")
    assert page.url.endswith(f"/quickscan/{scan.pk}/openen/"), "opening asks for confirmation on its own page"
    assert page.locator("#open-confirm-table tr[data-group='raad'] td").inner_text().strip() == "5"
    assert page.locator("#open-confirm-total").inner_text().strip() == "5"
    axe_check(page)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT and not mail.outbox
    _click(page, "#scan-open-confirm")
    assert page.url.endswith(f"/quickscan/{scan.pk}/")
    assert page.locator("#scan-close-button").is_visible()
    axe_check(page)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.OPEN

    # The server thread sends the mail through a Job on commit, eagerly, into this process's outbox.
    links = {}
    for message in mail.outbox:
        found = ANSWER_URL.search(message.body)
        if found and message.to[0] in ADDRESSES:
            links[message.to[0]] = found.group(0)
    assert sorted(links) == ADDRESSES, [message.to for message in mail.outbox]
    assert len(set(links.values())) == 5
    assert scan.invitations.filter(sent_at__isnull=False).count() == 5
    return links


def _answer_theme_page(page, value: int) -> None:
    radios = page.locator(f"#answer-form input[type=radio][value='{value}']")
    assert radios.count() == 6
    for index in range(radios.count()):
        radios.nth(index).check()
    page.locator("#answer-next").click()
    page.wait_for_load_state()


def _pick_priorities_and_send(page) -> None:
    boxes = page.locator("#answer-form input[type=checkbox][name=priorities]")
    assert boxes.count() == 7
    for index in range(3):
        boxes.nth(index).check()
    page.locator("#answer-next").click()
    page.wait_for_load_state()
    assert page.locator("#answer-message").is_visible()


def _assert_on_page(page, number: int) -> None:
    assert re.search(rf"\b{number}\b\D+\b8\b", page.locator("#answer-progress-text").inner_text())
    assert page.locator("#answer-progress").get_attribute("value") == str(round((number - 1) / 8 * 100))


def _respondent_starts_and_pauses(browser, live_server, url: str, answers: list[int]) -> None:
    first = _new_page(browser, live_server)
    try:
        _goto(first, url)
        assert first.locator("#answer-start-form").is_visible()
        axe_check(first)
        _click(first, "#answer-start-form button[type=submit]")
        for number in range(1, PAUSE_BEFORE_PAGE):
            _assert_on_page(first, number)
            if number == 1:
                axe_check(first)
            _answer_theme_page(first, answers[number - 1])
        _assert_on_page(first, PAUSE_BEFORE_PAGE)
    finally:
        first.context.close()


def _respondent_resumes_and_sends(browser, live_server, url: str, answers: list[int]) -> None:
    second = _new_page(browser, live_server)
    try:
        _goto(second, url)
        _assert_on_page(second, PAUSE_BEFORE_PAGE)
        axe_check(second)
        for number in range(PAUSE_BEFORE_PAGE, 8):
            _answer_theme_page(second, answers[number - 1])
        _assert_on_page(second, 8)
        axe_check(second)
        _pick_priorities_and_send(second)
        axe_check(second)
    finally:
        second.context.close()


def _respondent_answers_in_one_go(browser, live_server, url: str, answers: list[int]) -> None:
    page = _new_page(browser, live_server)
    try:
        _goto(page, url)
        _click(page, "#answer-start-form button[type=submit]")
        for value in answers:
            _answer_theme_page(page, value)
        _pick_priorities_and_send(page)
    finally:
        page.context.close()


def _run_pending_jobs() -> None:
    from portal.jobs import job_run
    from portal.models import Job

    for job_id in Job.objects.filter(state=Job.State.PENDING).values_list("pk", flat=True):
        job_run(job_id=job_id)


def _report_fits_a_phone(browser, live_server, griffier, scan: Scan) -> None:
    """At 360 px the report does not widen the page: charts shrink, tables scroll in their own box."""
    phone = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True, locale="nl-NL")
    page = phone.new_page()
    page.base_url = live_server.url
    try:
        login(page, live_server, griffier)
        _goto(page, f"/quickscan/{scan.pk}/rapport/")
        # Anything wider than the screen must sit inside a box that scrolls on its own.
        sticking_out = page.evaluate(
            """() => Array.from(document.querySelectorAll('main *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => !e.closest('.portal-table-wrap, .portal-chart'))
                .map(e => e.tagName + '.' + e.className)"""
        )
        assert not sticking_out, sticking_out
        chart = page.locator("#report-themes .portal-chart svg:visible").first.bounding_box()
        assert chart["width"] <= 360
        # The phone chart stacks each label above its bar, at a readable size, inside the screen.
        rows = page.evaluate(
            """() => {
                const svg = document.querySelector('#report-themes svg.portal-chart__narrow');
                const labels = Array.from(svg.querySelectorAll('text[x="0"]'));
                const bars = Array.from(svg.querySelectorAll('rect[fill="#e6eff5"]'));
                return labels.map((label, i) => {
                    const l = label.getBoundingClientRect(), b = bars[i].getBoundingClientRect();
                    return {text: label.textContent, labelBottom: l.bottom, labelRight: l.right, barTop: b.top,
                            size: parseFloat(getComputedStyle(label).fontSize)};
                });
            }"""
        )
        assert len(rows) >= 5
        for row in rows:
            assert row["labelBottom"] <= row["barTop"] + 1, row
            assert row["size"] >= 14 and row["labelRight"] <= 360, row
        axe_check(page)
    finally:
        phone.close()


def test_a_griffier_runs_a_quick_scan_from_terms_to_pdf_report(
    page, browser, live_server, griffier, tmp_path, monkeypatch
):
    scan = _griffier_sets_up_the_scan(page, live_server, griffier)
    _griffier_adds_the_respondents(page, scan)
    links = _griffier_previews_and_opens_the_scan(page, scan)

    _respondent_starts_and_pauses(browser, live_server, links[ADDRESSES[0]], ANSWERS[0])
    page.reload()
    assert _monitor_row(page, "raad") == ["5", "1", "0", "0%"]
    axe_check(page)
    _respondent_resumes_and_sends(browser, live_server, links[ADDRESSES[0]], ANSWERS[0])
    for address, answers in zip(ADDRESSES[1:], ANSWERS[1:], strict=True):
        _respondent_answers_in_one_go(browser, live_server, links[address], answers)
    assert Invitation.objects.filter(scan=scan, used_at__isnull=False).count() == 5
    assert Response.objects.filter(scan=scan, is_complete=True).count() == 5

    page.reload()
    assert _monitor_row(page, "raad") == ["5", "5", "5", "100%"]
    axe_check(page)

    # Closing asks for confirmation; the scoring and the PDFs then wait in the Job table (not dispatched),
    # so the report page shows its progress and polls until the jobs are run below.
    _click(page, "#scan-close-button")
    assert page.url.endswith(f"/quickscan/{scan.pk}/sluiten/")
    assert page.locator("#close-confirm-warning").is_visible()
    axe_check(page)
    monkeypatch.setattr("portal.jobs.job_dispatch", lambda *, job_id: False)
    _click(page, "#scan-close-confirm")
    scan.refresh_from_db()
    assert scan.status == Scan.Status.CLOSED
    assert page.url.endswith(f"/quickscan/{scan.pk}/rapport/")
    assert page.locator("#report-status").is_visible() and page.locator("#overview-table").count() == 0
    axe_check(page)
    _run_pending_jobs()  # the scoring: the polled fragment now tells htmx to reload the page
    page.wait_for_selector("#overview-table", timeout=20_000)
    assert page.locator("#report-pdf-pending").is_visible() and page.locator("#report-pdf-link").count() == 0
    _run_pending_jobs()  # the PDFs, one per language
    page.wait_for_selector("#report-pdf-link", timeout=20_000)
    axe_check(page)

    rows = page.locator("#overview-table tbody tr")
    screen = {
        rows.nth(n).locator("th").inner_text().strip(): rows.nth(n).locator("td").first.inner_text().strip()
        for n in range(rows.count())
    }
    themes = list(scan.questionnaire.themes.order_by("order").values_list("name", flat=True))
    # Every statement of a theme got the same value from a respondent: the index is (mean - 1) / 4 * 100.
    expected = {
        theme: str(round((sum(row[n] for row in ANSWERS) / len(ANSWERS) - 1) * 25))
        for n, theme in enumerate(themes)
    }
    assert screen == expected
    axe_check(page)

    with page.expect_download() as download_info:
        page.locator("#report-pdf-link").click()
    pdf_path = tmp_path / "report.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    missing = [theme for theme in themes if theme not in flat]
    assert not missing, f"theme names missing from the PDF: {missing}"
    # The overview table of the PDF has the same figure as the screen on the theme's row.
    for theme in themes:
        lines = [line for line in text.splitlines() if theme in " ".join(line.split())]
        figure = re.compile(rf"{re.escape(theme)}\s+{screen[theme]}(?![\d,])")
        assert any(figure.search(" ".join(line.split())) for line in lines), (theme, screen[theme], lines)
    _report_fits_a_phone(browser, live_server, griffier, scan)

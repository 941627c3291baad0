"""The report as PDF (issue 9 points 1-3): everything the screen holds in the same order, in the reader's
language, tagged and well made. Read back with pdftotext, pdfinfo and pdftohtml."""

import html
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from quickscan.models import Answer, OwnQuestion, ReportPdf, Response, Scan, ScanResult
from quickscan.pdf import report_pdf_store, scan_report_pdf_task
from quickscan.scoring import scan_score

from .factories import ClosedScanFactory, add_responses

pytestmark = pytest.mark.django_db

HEADING = re.compile(r'<h([234]) class="utrecht-heading-\1"[^>]*>(.*?)</h\1>', re.S)


def _text(pdf: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdfinfo(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _sep, value in (line.partition(":") for line in out.splitlines())}


def _outline(pdf: bytes, tmp_path) -> list[str]:
    """The PDF's bookmarks, read with pdftohtml's XML output."""
    path = tmp_path / "outline.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<item[^>]*>(.*?)</item>", xml)]


@pytest.fixture
def full_scan():
    """A closed scan with own questions (a statement and an open one), priorities and open answers."""
    scan = ClosedScanFactory()
    scale = OwnQuestion.objects.create(scan=scan, order=0, text="De raad vergadert op een goed tijdstip.")
    open_question = OwnQuestion.objects.create(scan=scan, order=1, text="Wat wilt u nog kwijt?", kind="open")
    themes = list(scan.questionnaire.themes.filter(statements__isnull=False).distinct().order_by("order"))
    add_responses(scan, "raad", 6, value=lambda n, s: 4 if s.theme_id == themes[0].pk else 2, priorities=themes[:3],
                  open_text="Vaker de wijk in")
    add_responses(scan, "inwoners", 5, value=lambda n, s: 5 if s.theme_id == themes[0].pk else 3, priorities=themes[1:4])
    responses = list(Response.objects.filter(scan=scan))
    Answer.objects.bulk_create(Answer(response=r, own_question=scale, value=4) for r in responses)
    from quickscan.models import OpenAnswer

    OpenAnswer.objects.create(response=responses[0], own_question=open_question, text="Meer koffie in de pauze")
    scan_score(scan_id=scan.pk)
    return scan


def _pdf(scan: Scan, language: str) -> bytes:
    report_pdf_store(scan_id=scan.pk, language=language)
    return bytes(ReportPdf.objects.get(scan=scan, language=language).pdf)


def test_the_pdf_holds_every_section_of_the_screen_in_the_same_order_with_the_same_figures(client, griffier, full_scan):
    client.force_login(griffier)
    screen = client.get(reverse("quickscan:scan_report", kwargs={"pk": full_scan.pk}), HTTP_ACCEPT_LANGUAGE="nl")
    body = screen.content.decode().split('id="report-how-to-read"')[1]
    headings = [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for _level, text in HEADING.findall(body)]

    text = _flat(_text(_pdf(full_scan, "nl")))

    assert len(headings) > 20
    assert {"Samenvatting", "Eigen vragen", "Advies", "Prioriteiten van de respondenten"} <= set(headings)
    position = 0
    for heading in headings:
        found = text.find(_flat(heading), position)
        assert found >= 0, f"“{heading}” is missing from the PDF, or out of order"
        position = found
    context = screen.context
    for report in context["theme_reports"]:
        if report.overall:
            row = re.compile(rf"{re.escape(report.theme.name_i18n)} {report.overall.index:.0f}(?![\d,])")
            assert row.search(_flat(_text(_pdf(full_scan, "nl"), layout=True))), report.theme.name_i18n
    for item in context["priorities"]:
        assert f"{item['theme'].name_i18n} ({item['count']} stemmen)" in text
    own = context["own_questions"][0]["score"]
    assert f"Index: {own.index:.0f}" in text and "Meer koffie in de pauze" in text
    assert "Vaker de wijk in 0" in text


def test_the_pdf_is_in_the_readers_language_with_the_questionnaires_english_text(client, griffier, full_scan):
    english = _flat(_text(_pdf(full_scan, "en")))
    dutch = _flat(_text(_pdf(full_scan, "nl")))
    theme = full_scan.questionnaire.themes.exclude(name_en="").first()

    assert "How to read this report" in english and "Strong points" in english
    assert theme.name_en in english and theme.name_en != theme.name
    assert "Hoe leest u dit rapport" in dutch and "Sterke punten" in dutch
    assert ReportPdf.objects.filter(scan=full_scan).count() == 2


def test_each_language_gets_its_own_pdf_and_both_are_made_again_when_the_scores_change(
    django_capture_on_commit_callbacks,
):
    scan = ClosedScanFactory()
    add_responses(scan, "raad", 5, value=4)
    with django_capture_on_commit_callbacks(execute=True):
        first = scan_score(scan_id=scan.pk)
    made = dict(ReportPdf.objects.filter(scan=scan).values_list("language", "scores_of"))
    assert made == {"nl": first.computed_at, "en": first.computed_at}
    assert report_pdf_store(scan_id=scan.pk, language="en") is False  # current already: no work

    add_responses(scan, "raad", 5, value=1)
    with django_capture_on_commit_callbacks(execute=True):
        second = scan_score(scan_id=scan.pk)

    assert second.computed_at != first.computed_at
    assert set(ReportPdf.objects.filter(scan=scan).values_list("language", "scores_of")) == {
        ("nl", second.computed_at),
        ("en", second.computed_at),
    }


def test_the_pdf_task_takes_the_language(full_scan):
    ReportPdf.objects.all().delete()

    assert scan_report_pdf_task(full_scan.pk, "en") is True

    assert list(ReportPdf.objects.values_list("language", flat=True)) == ["en"]


def test_the_pdf_is_tagged_titled_bookmarked_with_a_cover_and_no_appendix(full_scan, tmp_path):
    pdf = _pdf(full_scan, "nl")

    info = _pdfinfo(pdf, tmp_path)
    outline = _outline(pdf, tmp_path)
    text = _flat(_text(pdf))

    assert info["Tagged"] == "yes"
    assert full_scan.municipality.name in info["Title"] and full_scan.name in info["Title"]
    assert {"Samenvatting", "Thema's", "Advies", "Hoe leest u dit rapport"} <= set(outline)
    assert full_scan.questionnaire.themes.first().name in outline  # a bookmark per theme, under Thema's
    assert "Bijlage" not in text and "Appendix" not in text
    cover = _flat(_text(pdf).split("\f")[0])
    assert "programma's voor lokale democratie" in cover.lower() and full_scan.municipality.name in cover
    assert int(info["Pages"]) <= 14


def test_the_pdf_lists_advice_and_contacts_with_their_full_web_address(full_scan, settings, monkeypatch):
    from portal import registry
    from portal.registry import AdviceItem

    advice, contacts = registry.Providers("test advice"), registry.Providers("test contacts")
    monkeypatch.setattr(registry, "advice", advice)
    monkeypatch.setattr(registry, "contacts", contacts)
    advice.register(
        lambda **kwargs: [AdviceItem("workshop", "Workshop", f"Werkplaats {kwargs['scan_theme_slug']}", f"/w/{kwargs['scan_theme_slug']}/")]
    )
    contacts.register(
        lambda **kwargs: [AdviceItem("consultant", "Consulent", "Anna de Vries", "/consulenten/anna/", "anna@example.nl")]
    )
    settings.PORTAL_BASE_URL = "https://lokaledemocratie.example.nl"
    weak = ScanResult.objects.get(scan=full_scan).weak_points["themes"][0]
    slug = full_scan.questionnaire.themes.get(pk=weak).slug

    text = _flat(_text(_pdf(full_scan, "nl")))

    assert f"Werkplaats {slug}" in text
    assert f"https://lokaledemocratie.example.nl/w/{slug}/" in text
    assert "Anna de Vries" in text and "anna@example.nl" in text
    assert "https://lokaledemocratie.example.nl/consulenten/anna/" in text


def test_the_pdf_download_is_the_readers_language_and_only_for_the_current_scores(client, griffier, full_scan):
    client.force_login(griffier)
    url = reverse("quickscan:scan_report_pdf", kwargs={"pk": full_scan.pk})
    report_pdf_store(scan_id=full_scan.pk, language="nl")

    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    ScanResult.objects.filter(scan=full_scan).update(computed_at=timezone.now())  # new scores: the PDF is stale
    stale = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")

    assert dutch.status_code == 200 and dutch["Content-Type"] == "application/pdf"
    assert "-nl.pdf" in dutch["Content-Disposition"]
    assert english.status_code == 404
    assert stale.status_code == 404


def test_the_pdf_draws_its_charts_as_blocks_not_svg_and_keeps_their_labels(client, griffier, full_scan):
    """WeasyPrint lays SVG text out letter by letter (most of the PDF's time): the PDF's charts are blocks."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from quickscan.pdf import TEMPLATE
    from quickscan.reports import report_build

    with translation.override("nl"):
        markup = render_to_string(TEMPLATE, report_build(full_scan) | {"base_url": settings.PORTAL_BASE_URL})
    client.force_login(griffier)
    screen = client.get(reverse("quickscan:scan_report", kwargs={"pk": full_scan.pk}), HTTP_ACCEPT_LANGUAGE="nl")
    text = _flat(_text(_pdf(full_scan, "nl")))

    assert "<svg" not in markup and "portal-chart__narrow" not in markup
    assert markup.count('<div class="pdf-chart">') == screen.content.decode().count('class="portal-chart report-chart"') > 1
    assert 'class="portal-chart__narrow"' in screen.content.decode()  # the screen keeps both of its SVGs
    overall = screen.context["theme_reports"][0].overall
    assert f"{overall.index:.0f} Alle respondenten" in text  # a chart line: its index, then its label


def test_pdfs_share_one_font_configuration_per_thread():
    import threading

    from portal.pdf import _font_config

    other = []
    thread = threading.Thread(target=lambda: other.append(_font_config()))
    thread.start()
    thread.join()

    assert _font_config() is _font_config()
    assert other[0] is not _font_config()


def _catalog_language(pdf: bytes) -> str | None:
    """The /Lang entry of the document catalog (WeasyPrint keeps it in a compressed object stream)."""
    import zlib

    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            data = zlib.decompress(pdf[match.end() : end])
        except zlib.error:
            continue
        found = re.search(rb"/Type /Catalog.*?/Lang \(([a-z-]+)\)", data, re.S)
        if found:
            return found.group(1).decode()
    return None


def _pages(pdf: bytes, tmp_path) -> list[list[tuple[int, int, int, str]]]:
    """Per page the text pieces as (top, left, height, markup), read with pdftohtml's XML output."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        pieces = re.findall(r'<text top="(\d+)" left="(\d+)" width="\d+" height="(\d+)"[^>]*>(.*?)</text>', page)
        pages.append(sorted((int(top), int(left), int(height), text) for top, left, height, text in pieces))
    return pages


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_names_its_language_repeats_table_headers_and_leaves_no_heading_alone_at_a_page_end(
    full_scan, tmp_path, language
):
    pdf = _pdf(full_scan, language)
    pages = _pages(pdf, tmp_path)
    header = "Stelling" if language == "nl" else "Statement"
    distribution = re.compile(r"^\d+( / \d+){5}$")  # the answers 1 / 2 / 3 / 4 / 5 / don't know of a statement

    assert _catalog_language(pdf) == language
    pages_with_rows = [page for page in pages if any(distribution.match(text.strip()) for *_p, text in page)]
    assert len(pages_with_rows) >= 2  # the statement tables run over more than one page
    for page in pages_with_rows:  # a page that holds statement rows shows the table's header row above them
        first_row = next(top for top, _l, _h, text in page if distribution.match(text.strip()))
        assert any(text == f"<b>{header}</b>" and top < first_row for top, _l, _h, text in page)
    for number, page in enumerate(pages[1:-1], start=2):  # the cover and the last page end as they like
        footer_top = max(top for top, *_rest in page)
        bottom = max(top for top, *_rest in page if top < footer_top - 5)
        lowest = [(height, text) for top, _l, height, text in page if top == bottom]
        assert not all(text.startswith("<b>") and height >= 17 for height, text in lowest), f"page {number} ends with {lowest}"

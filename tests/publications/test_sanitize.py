"""Rich text is reduced to an allow-list when saved and again when shown: the usual XSS payloads do nothing."""

import pytest

from publications.models import Publication
from publications.sanitize import clean_html, html_to_text, rich_text
from tests.publications.factories import publication

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">klik</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="java&#x09;script:alert(1)">link</a>',
    "<svg onload=alert(1)><circle></circle></svg>",
    '<svg><script>alert(1)</script></svg>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">stijl</p>',
    '<iframe src="https://example.org"></iframe>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="x"></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<p>tekst</p><!-- <script>alert(1)</script> -->',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]
FORBIDDEN = ["<script", "onerror", "onclick", "onload", "javascript:", "data:", "<svg", "<style", "style=", "<iframe",
             "<object", "<embed", "<form", "<input", "<img", "<base", "<meta", "<math", "<!--"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_removes_every_xss_payload(payload):
    cleaned = clean_html(f"<p>voor</p>{payload}<p>na</p>").lower()

    assert not [bad for bad in FORBIDDEN if bad in cleaned], cleaned
    assert "<p>voor</p>" in cleaned


@pytest.mark.parametrize("payload", PAYLOADS)
def test_display_filter_cleans_a_row_written_around_the_services(db, payload):
    item = publication(body="<p>schoon</p>")
    Publication.objects.filter(pk=item.pk).update(body=f"<p>schoon</p>{payload}")  # e.g. a fixture or a restore
    item.refresh_from_db()

    shown = str(rich_text(item.body)).lower()

    assert not [bad for bad in FORBIDDEN if bad in shown]
    assert "<p>schoon</p>" in shown


def test_allowed_markup_survives_and_links_get_safe_rel():
    html = (
        '<h2>Kop</h2><p><strong>vet</strong> <em>schuin</em> <a href="https://vng.nl" target="_blank">VNG</a></p>'
        "<ul><li>een</li></ul><ol start=\"3\"><li>drie</li></ol><blockquote>citaat</blockquote>"
        '<a href="mailto:griffie@zwolle.example.nl">mail</a>'
    )

    cleaned = clean_html(html)

    assert "<h2>Kop</h2>" in cleaned and "<strong>vet</strong>" in cleaned and "<em>schuin</em>" in cleaned
    assert '<a href="https://vng.nl" rel="noopener noreferrer nofollow">VNG</a>' in cleaned
    assert 'target=' not in cleaned
    assert '<ol start="3">' in cleaned and "<blockquote>citaat</blockquote>" in cleaned
    assert 'href="mailto:griffie@zwolle.example.nl"' in cleaned


def test_an_empty_editor_paragraph_is_stored_as_empty_text():
    assert clean_html("<p></p>") == ""
    assert clean_html("<p><br></p>") == ""


def test_the_service_stores_the_cleaned_body_and_its_plain_text(db):
    item = publication(body='<p onclick="x()">Raad &amp; college</p><script>alert(1)</script>', published=False)

    assert item.body == "<p>Raad &amp; college</p>"
    assert item.search_text == "Raad & college"
    assert html_to_text("<h2>Kop</h2><p>een<br>twee</p>") == "Kop een twee"

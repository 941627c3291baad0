"""Render a template to PDF bytes with WeasyPrint.

WeasyPrint is imported only when a PDF is made (it is heavy and needs Pango). Its URL fetcher serves
/static/ from disk and refuses everything else: a report must never reach out to the network or read
arbitrary files through a `file://` URL in user-supplied text.

Each thread keeps one WeasyPrint font configuration (the Fontconfig set-up and Pango's font map with its loaded fonts) for every PDF it
makes: our PDFs use installed fonts only, no @font-face, so nothing in it depends on the document.
"""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_BASE_URL = "https://pdf.portal.invalid/"

_local = threading.local()


def static_file_for(url: str) -> Path | None:
    """The file on disk behind a /static/ URL of the PDF base, or None when the URL is not ours."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        settings.STATIC_URL
    ):
        return None
    relative = parts.path[len(settings.STATIC_URL) :]
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "font_config", None) is None:
        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(template_name: str, context: dict, *, pdf_variant: str | None = None) -> bytes:
    """`pdf_variant="pdf/ua-1"` writes a tagged, accessible PDF (give the template a <title> and a lang)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = static_file_for(url)
            if path is None:
                raise ValueError(f"PDF rendering refuses to fetch {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())
    options = {"font_config": _font_config()}
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    return document.write_pdf(**options)

"""Attachments of publications: which files are accepted, where they are kept, and the text in them.

A file is accepted by its bytes, not its name: `filetype` reads the signature (a PDF header, or the zip
container of an Office Open XML or OpenDocument file and the parts inside it). The stored name is
random; the visitor's download gets a clean name made from the publication's title and the extension of
the detected type. Files live in private storage that no web server serves directly: every download goes
through a view that checks who may have it.

Extraction never raises: a damaged or hostile file gives less text, not an error page. Zip members are
read with a size cap, so a "zip bomb" cannot exhaust memory.
"""

import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 200_000  # enough for any report; keeps the search index and the row small
MAX_PDF_PAGES = 300
MAX_ZIP_MEMBER_BYTES = 50 * 1024 * 1024
MAX_SHEET_CELLS = 100_000


@dataclass(frozen=True)
class AttachmentType:
    extension: str
    mimetype: str
    label: str


ATTACHMENT_TYPES = {
    "pdf": AttachmentType("pdf", "application/pdf", "PDF"),
    "docx": AttachmentType(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    ),
    "odt": AttachmentType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)"),
    "xlsx": AttachmentType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
}

ERROR_TOO_LARGE = _("The file is larger than 20 MB. Make it smaller or split it.")
ERROR_WRONG_TYPE = _("Only PDF, Word (DOCX), OpenDocument text (ODT) and Excel (XLSX) files can be attached.")
ERROR_EMPTY = _("The file is empty.")


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "private"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files kept under MEDIA_ROOT/private (following the setting when it changes); no public URL."""

    @cached_property
    def base_location(self) -> str:
        return str(private_root())

    def url(self, name) -> str:
        return ""  # private files are served by a view that checks who asks, never by URL


private_storage = PrivateStorage()


def attachment_path(instance, filename: str) -> str:
    """A random name: the original name is never used as a path."""
    return f"publications/{uuid.uuid4().hex}"


def detect_type(head: bytes) -> AttachmentType | None:
    """The accepted type of a file whose first bytes are `head`, or None."""
    kind = filetype.guess(head)
    return ATTACHMENT_TYPES.get(kind.extension) if kind is not None else None


def read_head(uploaded) -> bytes:
    """Enough of an upload for `filetype` (zip-based formats name their parts early on)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    return head


def download_name(title: str, extension: str) -> str:
    """What the visitor's browser saves: ascii, no quotes or path separators."""
    return f"{slugify(title)[:80].strip('-') or 'bijlage'}.{extension}"


# ---------- text extraction ----------


def extract_text(data: bytes, extension: str) -> str:
    """The readable text of an attachment, at most MAX_TEXT_CHARS; empty when nothing can be read."""
    extractor = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text, "xlsx": _xlsx_text}.get(extension)
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception:  # a damaged or hostile file must never break saving a publication
        logger.warning("Could not read the text of a %s attachment.", extension, exc_info=True)
        return ""
    return clean_text(text)[:MAX_TEXT_CHARS]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        if info.file_size > MAX_ZIP_MEMBER_BYTES:
            raise ValueError(f"{name} unpacks to {info.file_size} bytes")
        with archive.open(info) as member:
            return member.read(MAX_ZIP_MEMBER_BYTES + 1)[:MAX_ZIP_MEMBER_BYTES]


def _xml_text(xml: bytes, paragraph_tags: set[str]) -> str:
    """All text of an XML part, with a line break after each paragraph-like element. No DTDs or entities:
    ElementTree does not fetch external entities, and the parts of these formats never need them."""
    if b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml:
        raise ValueError("document type declarations are not accepted")
    root = ElementTree.fromstring(xml)  # noqa: S314 (no DTD, checked above; input size capped)
    lines: list[str] = []
    current: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in paragraph_tags and current:
            lines.append("".join(current))
            current = []
        if element.text and local in {"t", "span", "p", "h", "s", "a"}:
            current.append(element.text)
        if local == "tab":
            current.append(" ")
        if element.tail and local in {"span", "s", "tab", "a", "line-break"}:
            current.append(element.tail)
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def _docx_text(data: bytes) -> str:
    return _xml_text(_zip_member(data, "word/document.xml"), {"p"})


def _odt_text(data: bytes) -> str:
    return _xml_text(_zip_member(data, "content.xml"), {"p", "h"})


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts: list[str] = []
    cells = 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    cells += 1
                    if isinstance(value, str) and value.strip():
                        parts.append(value)
                    if cells > MAX_SHEET_CELLS:
                        return "\n".join(parts)
    finally:
        workbook.close()
    return "\n".join(parts)

"""Every table a user downloads (CSV or XLSX) is written here, so that every one is safe to open.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
spreadsheet program (OWASP "CSV injection"). In CSV such text gets a leading apostrophe, which
spreadsheets read as "this is text"; in XLSX every text is stored as a text cell, which is never
calculated. Numbers and dates stay numbers and dates. Downloads are private: never cached on the way.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML (and so XLSX) cannot hold; a user could still type them into a text field.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may hold it: text that could start a formula is made inert."""
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def export_format(value: str | None) -> str:
    """The format asked for in `?format=`; CSV unless XLSX is asked for."""
    return value if value in FORMATS else "csv"


def download_filename(stem: str, extension: str) -> str:
    """A filename every browser and file system accepts: ascii, no quotes or slashes, dated."""
    return f"{slugify(stem) or 'export'}-{timezone.localdate():%Y%m%d}.{extension}"


def private_download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_response(
    *, stem: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str = "csv", sheet: str = ""
) -> HttpResponse:
    """A download of `rows` under `headers`, as CSV (semicolons, UTF-8 with BOM) or XLSX."""
    fmt = export_format(fmt)
    if fmt == "xlsx":
        return private_download(
            HttpResponse(_xlsx_bytes(headers, rows, sheet or stem), content_type=XLSX_TYPE),
            download_filename(stem, "xlsx"),
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in row])
    return private_download(response, download_filename(stem, "csv"))


def _csv_text(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def _xlsx_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """In XLSX, text is stored as a text cell: a leading "=" is then shown, never calculated."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Export")

    def cell(value: Any) -> Any:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            text = WriteOnlyCell(worksheet, value=None)
            text.value = _ILLEGAL_XML.sub("", value)
            text.data_type = "s"
            return text
        return safe_cell(value)

    worksheet.append([cell(header) for header in headers])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

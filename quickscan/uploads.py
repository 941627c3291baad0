"""Reading a list of respondents' addresses from what a griffier pastes or uploads (CSV, TXT or XLSX).

Whatever arrives (a file saved on a Mac with only carriage returns, UTF-16 from Excel with or without its
byte order mark, a spreadsheet, a photo by mistake, one enormous quoted cell) ends in either a list of
addresses or a message that says what to do; never an error page and never lines of garbled characters.
Only addresses are looked for, so the file is read line by line rather than as strict CSV: a stray quote
cannot swallow the rest of the file.
"""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

MAX_UPLOAD_BYTES = 1_000_000
MAX_LINES = 10_000
MAX_LINE_CHARS = 1_000
MAX_ERRORS_SHOWN = 20
MAX_UNZIPPED_BYTES = 50_000_000  # a small .xlsx may unpack to gigabytes (a "zip bomb")
SPLIT = re.compile(r"[\s,;|]+")
# Characters that never occur in a text list of addresses: their presence means the bytes are not text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FILE_TOO_LARGE = gettext_lazy("The file is too large (at most 1 MB). Split the list into smaller files.")
FILE_NOT_TEXT = gettext_lazy(
    "This file cannot be read as a list of addresses. Upload a CSV or text file (saved as UTF-8) or an "
    "Excel file (.xlsx), or paste the addresses into the box."
)
FILE_OLD_EXCEL = gettext_lazy(
    "This is an Excel file in the old .xls format. Save it as .xlsx or as CSV (UTF-8) and upload it again."
)
FILE_BAD_EXCEL = gettext_lazy(
    "This Excel file could not be read. Save it again as .xlsx or as CSV (UTF-8) and upload it again."
)
FILE_BAD_UTF16 = gettext_lazy(
    "This file looks like UTF-16 text but could not be read. Save it as CSV (UTF-8) and upload it again."
)
TOO_MANY_LINES = gettext_lazy("The list has more than 10,000 lines. Split it into smaller parts.")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is zero, as in UTF-16 text of Latin letters."""
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.2 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.2 * len(odd):
        return "utf-16-be"
    return None


def _decode(raw: bytes) -> str:
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(raw)
    if encoding:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise ValidationError(FILE_BAD_UTF16) from error
    for candidate in ("utf-8-sig", "cp1252"):  # UTF-8, else what Excel on Windows writes
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise ValidationError(FILE_NOT_TEXT)


def _xlsx_text(raw: bytes) -> str:
    """Every row of every sheet as one line of cells."""
    from openpyxl import load_workbook

    lines = []
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                lines.append(";".join(str(cell) for cell in row if cell is not None))
                if len(lines) > MAX_LINES:
                    raise ValidationError(TOO_MANY_LINES)
        workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # a damaged or foreign zip can fail anywhere inside openpyxl
        raise ValidationError(FILE_BAD_EXCEL) from error
    return "\n".join(lines)


def read_upload(upload) -> str:
    """The text of an uploaded list of addresses, or a ValidationError that says what to do instead."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(FILE_TOO_LARGE)
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if raw.startswith(OLE_MAGIC):
        raise ValidationError(FILE_OLD_EXCEL)
    if raw.startswith(ZIP_MAGIC):
        try:
            unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(raw)).infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ValidationError(FILE_BAD_EXCEL) from error
        if unpacked > MAX_UNZIPPED_BYTES:
            raise ValidationError(FILE_TOO_LARGE)
        return _xlsx_text(raw)
    text = _decode(raw)
    if CONTROL.search(text):
        raise ValidationError(FILE_NOT_TEXT)
    return text


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """Addresses from pasted text or file lines, and one message per line that holds no valid address.

    Lines end in LF, CRLF or a lone CR (as spreadsheet programs on a Mac save them). Cells may be separated
    by commas, semicolons, tabs or spaces; cells without an "@" (names, functions) are ignored.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        return [], [str(TOO_MANY_LINES)]
    emails, errors = [], []
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            errors.append(
                _("Line %(number)s is too long (%(length)s characters) to hold an email address.")
                % {"number": number, "length": len(line)}
            )
            continue
        cells = [cell for cell in SPLIT.split(line) if cell]
        if not cells:
            continue
        candidates = [cell.strip("<>\"'()[]") for cell in cells if "@" in cell]
        if not candidates:
            if number == 1 and any("mail" in cell.lower() for cell in cells):
                continue  # a header line
            errors.append(
                _("Line %(number)s: no email address found in “%(line)s”.")
                % {"number": number, "line": " ".join(cells)[:80]}
            )
            continue
        for candidate in candidates:
            try:
                validate_email(candidate)
            except ValidationError:
                errors.append(
                    _("Line %(number)s: “%(address)s” is not a valid email address.")
                    % {"number": number, "address": candidate[:80]}
                )
            else:
                emails.append(candidate.lower())
    if len(errors) > MAX_ERRORS_SHOWN:
        more = len(errors) - MAX_ERRORS_SHOWN
        errors = errors[:MAX_ERRORS_SHOWN] + [
            ngettext("… and %(count)s more line with a problem.", "… and %(count)s more lines with a problem.", more)
            % {"count": more}
        ]
    return list(dict.fromkeys(emails)), errors

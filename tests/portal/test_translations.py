"""Dutch first: every msgid in the catalogue has a Dutch translation, and the committed .mo matches it.

CI also re-extracts all msgids (`makemessages`) before the tests, so a string added without a
translation makes this test fail there.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    entries, msgid, msgstr, fuzzy, field = [], None, None, False, None
    blocks = text.split("\n\n")
    for block in blocks:
        msgid, msgstr, fuzzy, field = [], [], "#, fuzzy" in block or ", fuzzy" in block, None
        for line in block.splitlines():
            if line.startswith("msgid "):
                field, value = msgid, line[6:]
            elif line.startswith("msgstr ") or line.startswith("msgstr[0] "):
                field, value = msgstr, line.split(" ", 1)[1]
            elif line.startswith("msgid_plural") or line.startswith("msgstr["):
                field = None
                continue
            elif line.startswith('"') and field is not None:
                value = line
            else:
                continue
            field.append(value.strip().strip('"'))
        if msgid:
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


def test_every_msgid_has_a_dutch_translation():
    entries = [entry for entry in _entries(PO.read_text(encoding="utf-8")) if entry[0]]
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert len(entries) > 100
    assert missing == [], f"{len(missing)} msgids lack a Dutch translation, e.g. {missing[:5]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_committed_mo_file_is_compiled_from_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert _catalog(compiled) == _catalog(PO.with_suffix(".mo")), "run: python manage.py compilemessages"


def _catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header carries dates that change on every extraction
    return catalog


def test_the_portal_speaks_dutch_by_default_and_english_on_request():
    with translation.override("nl"):
        assert translation.gettext("Skip to main content") == "Direct naar de inhoud"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"

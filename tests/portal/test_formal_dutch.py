"""django-allauth speaks formal Dutch (u/uw) through the override catalogue in locale_overrides/.

allauth's own nl catalogue addresses the reader with "je"/"jouw"; our portal uses "u"/"uw" (B1, government
style) and the words "Inloggen", "Uitloggen" and "Account aanmaken".
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale_overrides" / "nl" / "LC_MESSAGES" / "django.po"
INFORMAL = re.compile(r"\b(je|jij|jouw|jezelf|jou)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("msgid", "formal"),
    [
        (
            "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.",
            "Heeft u nog geen account? %(link)sMaak eerst een account aan%(end_link)s.",
        ),
        ("Are you sure you want to sign out?", "Weet u zeker dat u wilt uitloggen?"),
        (
            "Already have an account? Then please %(link)ssign in%(end_link)s.",
            "Heeft u al een account? %(link)sLog dan in%(end_link)s.",
        ),
        ("Sign In", "Inloggen"),
    ],
)
def test_allauth_strings_are_formal_in_dutch(msgid, formal):
    with translation.override("nl"):
        assert translation.gettext(msgid) == formal


def test_allauth_plural_strings_are_formal_in_dutch():
    with translation.override("nl"):
        text = translation.ngettext(
            "You have added %(count)s security key.", "You have added %(count)s security keys.", 2
        )
    assert text == "U heeft %(count)s beveiligingssleutels toegevoegd."


@pytest.mark.django_db
def test_the_login_page_says_inloggen_and_addresses_the_reader_formally(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    content = response.content.decode()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.DOTALL)
    assert h1 and h1.group(1).strip() == "Inloggen"
    assert "Heeft u nog geen account?" in content
    assert " je " not in content
    assert "Als je" not in content
    assert not INFORMAL.search(re.sub(r"<[^>]+>", " ", content))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_override_catalogue_compiles_and_matches_the_committed_mo(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert _catalog(compiled) == _catalog(PO.with_suffix(".mo")), (
        "run: msgfmt --check-format -o locale_overrides/nl/LC_MESSAGES/django.mo "
        "locale_overrides/nl/LC_MESSAGES/django.po"
    )


def test_every_override_is_translated_and_formal():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstrs, fuzzy in entries if fuzzy or not all(msgstrs)]
    informal = [msgstr for _, msgstrs, _ in entries for msgstr in msgstrs if INFORMAL.search(msgstr)]
    assert untranslated == []
    assert informal == []


def _entries(text: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, [msgstr or each msgstr[n]], fuzzy) for every entry but the header."""
    entries = []
    for block in text.split("\n\n"):
        msgid, msgstrs, field = [], [], None
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        for line in block.splitlines():
            if line.startswith("msgid "):
                field = msgid
                line = line[len("msgid ") :]
            elif line.startswith("msgstr"):
                msgstrs.append([])
                field = msgstrs[-1]
                line = line.split(" ", 1)[1]
            elif line.startswith("msgid_plural") or line.startswith("msgctxt"):
                field = None
                continue
            elif not line.startswith('"') or field is None:
                continue
            field.append(line.strip()[1:-1])
        if "".join(msgid):
            entries.append(("".join(msgid), ["".join(parts) for parts in msgstrs], fuzzy))
    return entries


def _catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    return catalog

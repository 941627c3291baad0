"""Keep the Dutch catalogue complete: list what lacks a translation, and fill it in from a JSON file.

    .venv/bin/python -m tools.translations missing > /tmp/todo.json   # {msgid: "", ...} incl. fuzzy ones
    (write the Dutch texts into the JSON; for plurals give a list [singular, plural])
    .venv/bin/python -m tools.translations fill /tmp/todo.json         # sets them, clears fuzzy, compiles

Run `makemessages` first (README, "Updating translations") so that new msgids are in the catalogue.
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def missing() -> dict[str, object]:
    catalogue = polib.pofile(str(PO))
    todo: dict[str, object] = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgid_plural:
            if fuzzy or not all(entry.msgstr_plural.values()):
                todo[entry.msgid] = [entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, "")] if not fuzzy else ["", ""]
        elif fuzzy or not entry.msgstr:
            todo[entry.msgid] = ""
    return todo


def fill(path: str) -> int:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO))
    filled = 0
    for entry in catalogue:
        if entry.msgid not in wanted or not wanted[entry.msgid]:
            continue
        value = wanted[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        filled += 1
    catalogue.save(str(PO))
    subprocess.run(["msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    return filled


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "missing":
        json.dump(missing(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif command == "fill":
        print(f"{fill(sys.argv[2])} translations filled in; {len(missing())} still missing.")
    else:
        sys.exit(__doc__)

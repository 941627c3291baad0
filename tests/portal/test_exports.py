"""Issue 7.7: every download of a table goes through portal/exports.py, and no cell can start a formula."""

import csv
import io
import pathlib
import re

import pytest
from openpyxl import load_workbook

from portal.exports import table_response

ROOT = pathlib.Path(__file__).resolve().parents[2]
HOSTILE = ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("value", HOSTILE)
def test_a_csv_cell_that_could_start_a_formula_is_made_inert(value):
    response = table_response(stem="test", headers=["naam"], rows=[[value]], fmt="csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert rows[1][0] == "'" + value
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("value", HOSTILE)
def test_an_xlsx_cell_is_stored_as_text_never_as_a_formula(value):
    response = table_response(stem="test", headers=["naam"], rows=[[value]], fmt="xlsx")

    cell = load_workbook(io.BytesIO(response.content)).active["A2"]

    assert cell.data_type == "s"  # a text cell: shown, never calculated
    assert cell.value.strip() == value.strip()  # XML reads a carriage return back as a line feed


def test_no_module_but_portal_exports_writes_csv_or_xlsx_itself():
    writers = re.compile(r"csv\.writer|csv\.DictWriter|Workbook\(|xlsxwriter")
    demo_files = {ROOT / "publications" / "samples.py"}  # sample attachments for the demo, not a download
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/**/*.py")
        if not path.is_relative_to(ROOT / ".venv")
        and path.parts[len(ROOT.parts)] not in {"tests", "bench", "tools", ".ci"}
        and "migrations" not in path.parts
        and path != ROOT / "portal" / "exports.py"
        and path not in demo_files
        and writers.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []

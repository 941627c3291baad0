"""Hostile and clumsy input gets a clear message in Dutch, never a 500 and never garbled lines (issue 7 point 6)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from quickscan import forms as quickscan_forms
from quickscan.forms import MAX_PASTED_CHARS, TextField
from quickscan.models import Invitation, Scan
from quickscan.uploads import (
    FILE_BAD_EXCEL,
    FILE_BAD_UTF16,
    FILE_NOT_TEXT,
    FILE_OLD_EXCEL,
    FILE_TOO_LARGE,
)

from .factories import ScanFactory

pytestmark = pytest.mark.django_db

LIST = "naam;email\r\nJan Jansen;jan@example.nl\r\nPiet Pieters;piet@example.nl\r\n"


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def post_file(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)

    def post(content: bytes, name: str = "lijst.csv", **data):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        with translation.override("nl"):
            response = client.post(
                reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}),
                {"group": "raad", "addresses": "", "file": upload, **data},
                HTTP_ACCEPT_LANGUAGE="nl",
            )
        return response, scan

    return post


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (LIST.replace("\r\n", "\r").encode(), "mac.csv"),  # spreadsheet programs on macOS: CR only
        (LIST.encode("utf-16"), "excel-utf16.txt"),  # with a byte order mark
        (LIST.encode("utf-16-le"), "utf16le.csv"),  # without one
        (LIST.encode("utf-16-be"), "utf16be.csv"),
        (LIST.replace("Jan Jansen", "Renée Smit").encode("cp1252"), "windows.csv"),
        ("\ufeff" + LIST.replace("\r\n", "\n"), "utf8-bom.csv"),
        (_xlsx([["naam", "email"], ["Jan Jansen", "jan@example.nl"], ["Piet", "piet@example.nl"]]), "raad.xlsx"),
    ],
    ids=["cr-only", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom", "cp1252", "utf8-bom", "xlsx"],
)
def test_lists_in_every_common_shape_are_read(post_file, content, name):
    content = content.encode() if isinstance(content, str) else content

    response, scan = post_file(content, name)

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert sorted(scan.invitations.values_list("email", flat=True)) == ["jan@example.nl", "piet@example.nl"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "foto.png", FILE_NOT_TEXT),
        (b"\x00\x01\x02\x03jan@example.nl\xff\xfe\x00", "data.bin", FILE_NOT_TEXT),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.xls", FILE_OLD_EXCEL),
        (b"PK\x03\x04" + b"kapot" * 50, "kapot.xlsx", FILE_BAD_EXCEL),
        (_zip("word/document.xml", b"<w:document/>"), "brief.docx", FILE_BAD_EXCEL),
        (b"\xff\xfe" + "jan@example.nl".encode("utf-16-le") + b"\x00", "oneven.csv", FILE_BAD_UTF16),
        (b"jan@example.nl\n" * 70_000, "groot.csv", FILE_TOO_LARGE),
    ],
    ids=["image", "binary", "old-excel", "broken-zip", "word-file", "broken-utf16", "too-large"],
)
def test_a_file_that_is_no_list_gets_a_message_that_says_what_to_do(post_file, content, name, message):
    response, scan = post_file(content, name)

    assert response.status_code == 200
    with translation.override("nl"):
        assert response.context["form"].errors["file"] == [str(message)]
    assert not scan.invitations.exists()


def test_a_quoted_field_over_128_kb_is_reported_by_line_and_nothing_is_lost(post_file):
    content = b'naam;email\n"' + b"x" * 140_000 + b'";jan@example.nl\npiet@example.nl\n'

    response, scan = post_file(content)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "2" in errors[0] and "140" in errors[0]
    assert "piet@example.nl" in response.context["form"]["addresses"].value()
    assert not scan.invitations.exists()


def test_many_bad_lines_give_twenty_messages_and_a_count_of_the_rest(post_file):
    content = "\n".join(f"regel zonder adres {n}" for n in range(50)).encode()

    response, _scan = post_file(content)

    errors = response.context["form"].non_field_errors()
    assert len(errors) == 21 and "30" in errors[-1]


def test_a_pasted_list_over_the_limit_is_refused_with_a_message_and_kept(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    text = "jan@example.nl\n" * (MAX_PASTED_CHARS // 15 + 1)

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}), {"group": "raad", "addresses": text}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["addresses"]
    assert response.context["form"]["addresses"].value() == text
    assert not Invitation.objects.exists()


def test_every_free_text_field_has_a_limit_the_form_checks_and_the_browser_does_not_cut():
    scan = ScanFactory()
    forms = [
        quickscan_forms.ScanSettingsForm(),
        quickscan_forms.OwnQuestionsForm(),
        quickscan_forms.RespondentsForm(scan=scan),
        quickscan_forms.ActionForm(scan=scan),
        *[
            quickscan_forms.AnswerPageForm(page=page, scan=scan)
            for page in quickscan_forms.answer_pages(scan)
        ],
    ]
    from quickscan.filters import StaffScanFilter

    forms.append(StaffScanFilter().form)
    text_fields = [
        (form, name, field)
        for form in forms
        for name, field in form.fields.items()
        if type(field).__name__ in {"CharField", "TextField"}
    ]

    assert len(text_fields) >= 10
    for form, name, field in text_fields:
        assert isinstance(field, TextField), (type(form).__name__, name)
        assert field.max_length, (type(form).__name__, name)
        assert "maxlength" not in str(form[name]), (type(form).__name__, name)


def test_an_own_question_over_400_characters_gets_a_message_and_stays_in_the_box(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    text = "Waarom " * 80

    response = client.post(
        reverse("quickscan:scan_questions", kwargs={"pk": scan.pk}), {"text_1": text, "kind_1": "scale"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["text_1"]
    assert response.context["form"]["text_1"].value() == text


@pytest.mark.parametrize(
    "query",
    [{"municipality": "²"}, {"municipality": "99999999999999999999"}, {"municipality": "x"}, {"status": "weg"}],
)
def test_a_filter_value_that_does_not_fit_is_reported_not_a_500(client, consultant, query):
    mine = ScanFactory()
    client.force_login(consultant)

    response = client.get(reverse("quickscan:scan_list"), query)

    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert list(response.context["page_obj"].object_list) == [mine]


def test_the_overview_link_filters_the_scan_list_by_municipality(client, consultant, municipality):
    from portal.models import Municipality

    mine = ScanFactory()
    neighbour = Municipality.objects.filter(region=municipality.region).exclude(pk=municipality.pk).first()
    ScanFactory(municipality=neighbour)
    client.force_login(consultant)

    response = client.get(reverse("quickscan:scan_list"), {"municipality": municipality.pk})

    assert list(response.context["page_obj"].object_list) == [mine]


def test_a_municipality_outside_the_users_scope_is_not_a_valid_filter(client, griffier, other_municipality):
    ScanFactory(municipality=other_municipality)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_list"), {"municipality": other_municipality.pk})

    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []


@pytest.mark.parametrize(
    "query", [{"status": "weg"}, {"questionnaire": "bestaat-niet"}, {"q": "x" * 101}, {"page": "²"}]
)
def test_the_staff_list_reports_filter_values_that_do_not_fit(client, programme_manager, query):
    ScanFactory()
    client.force_login(programme_manager)

    response = client.get(reverse("quickscan:staff_scan_list"), query)

    assert response.status_code == 200
    assert response.context["form"].errors or "page" in query

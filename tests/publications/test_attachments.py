"""Attachments: accepted by their bytes, text extracted for search, served only as a safe download."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from publications import samples
from publications.attachments import MAX_ATTACHMENT_BYTES, detect_type, download_name, extract_text
from publications.forms import PublicationAdminForm
from publications.models import Publication
from tests.publications.factories import publication

PARAGRAPHS = ["De raad stelt de kaders.", "Inwonersparticipatie bij de omgevingsvisie."]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {
        "pdf": samples.pdf_bytes("Handreiking", PARAGRAPHS),
        "docx": samples.docx_bytes(PARAGRAPHS),
        "odt": samples.odt_bytes(PARAGRAPHS),
        "xlsx": samples.xlsx_bytes([["Onderwerp", "Toelichting"], ["Kaders", PARAGRAPHS[1]]]),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt", "xlsx"])
def test_each_accepted_type_is_recognised_by_its_bytes_and_its_text_is_read(files, kind):
    data = files[kind]

    assert detect_type(data[:8192]).extension == kind
    assert "Inwonersparticipatie bij de omgevingsvisie." in extract_text(data, kind)


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows program
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"%!PS-Adobe-3.0",
        b"",
    ],
)
def test_other_content_is_not_accepted_whatever_its_name(data):
    assert detect_type(data) is None


def test_a_plain_zip_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "geen document")

    assert detect_type(buffer.getvalue()) is None


def test_a_damaged_file_gives_no_text_instead_of_an_error(files):
    assert extract_text(files["pdf"][:200], "pdf") == ""
    assert extract_text(b"PK\x03\x04 kapot", "docx") == ""


def test_a_document_type_declaration_is_refused_so_no_entities_are_expanded():
    buffer = io.BytesIO()
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><w:document xmlns:w="x"><w:t>&a;</w:t></w:document>'
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", bomb)

    assert extract_text(buffer.getvalue(), "docx") == ""


def test_the_download_name_is_clean_ascii_with_the_detected_extension():
    assert download_name('Rapport: "raad" & <college>/../x', "pdf") == "rapport-raad-collegex.pdf"
    assert download_name("???", "docx") == "bijlage.docx"


def _admin_form(upload, **data):
    fields = {"type": "guide", "title": "Handreiking", "slug": "handreiking", "summary": "Kort.", "body": "<p>Tekst</p>"}
    fields.update(data)
    return PublicationAdminForm(fields, {"attachment": upload})


@pytest.mark.django_db
def test_the_admin_form_refuses_a_renamed_file():
    form = _admin_form(SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"))

    assert not form.is_valid()
    assert "attachment" in form.errors


@pytest.mark.django_db
def test_the_admin_form_refuses_a_file_over_20_mb(files):
    big = files["pdf"] + b"\x00" * (MAX_ATTACHMENT_BYTES + 1 - len(files["pdf"]))
    form = _admin_form(SimpleUploadedFile("groot.pdf", big, "application/pdf"))

    assert not form.is_valid()
    assert "20 MB" in str(form.errors["attachment"])


@pytest.mark.django_db
def test_the_admin_form_accepts_a_real_document_with_any_name(files):
    form = _admin_form(SimpleUploadedFile("notulen.bin", files["odt"], "application/octet-stream"))

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_saving_with_an_attachment_records_type_size_and_text(files, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    item = publication(attachment=ContentFile(files["docx"], name="x.docx"))

    assert (item.attachment_type, item.attachment_size) == ("docx", len(files["docx"]))
    assert "omgevingsvisie" in item.attachment_text
    assert not item.attachment.name.endswith(".docx")  # stored under a random name
    assert (tmp_path / "private").is_dir()


@pytest.mark.django_db
def test_a_published_attachment_downloads_with_a_safe_name_and_nosniff(client, files, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = publication(title='Rapport "raad"', attachment=ContentFile(files["pdf"], name="evil.html"))

    response = client.get(item.get_download_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-raad.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == files["pdf"]


@pytest.mark.django_db
def test_a_drafts_attachment_is_only_for_content_staff(client, editor, member, files, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = publication(published=False, attachment=ContentFile(files["pdf"], name="x.pdf"))

    assert client.get(item.get_download_url()).status_code == 404
    client.force_login(member)
    assert client.get(item.get_download_url()).status_code == 404
    client.force_login(editor)
    response = client.get(item.get_download_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_missing_file_is_a_404_not_an_error(client, files, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = publication(attachment=ContentFile(files["pdf"], name="x.pdf"))
    item.attachment.storage.delete(item.attachment.name)

    assert client.get(item.get_download_url()).status_code == 404


@pytest.mark.django_db
def test_a_publication_without_attachment_has_no_download(client):
    item = publication()

    assert client.get(item.get_download_url()).status_code == 404
    assert Publication.objects.get(pk=item.pk).attachment_type == ""

"""Editors write in the admin: the rich-text editor loads under the CSP, and saving goes through the services."""

import re

import pytest
from django.urls import reverse

from publications.models import Publication, PublicationRevision
from tests.publications.factories import publication

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "type": "guide", "title": "Nieuwe handreiking", "slug": "nieuwe-handreiking", "summary": "Kort.",
        "body": '<p>Tekst <script>alert(1)</script><a href="javascript:x()">link</a></p>', "authors": "Redactie",
        "programme": "", "municipality": "", "title_en": "", "summary_en": "", "body_en": "",
        "publicationrevision_set-TOTAL_FORMS": "0", "publicationrevision_set-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_editor_page_loads_the_editor_with_this_responses_nonce(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:publications_publication_add"))

    assert response.status_code == 200
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    importmap = re.search(r'<script type="importmap"([^>]*)>', html)
    assert importmap and f'nonce="{nonce}"' in importmap.group(1)
    modules = re.findall(r'<script[^>]*src="[^"]*django_prose_editor/[^"]*"[^>]*>', html)
    assert modules and all(f'nonce="{nonce}"' in tag for tag in modules)
    assert "data-django-prose-editor-configurable" in html
    assert "style-src 'self';" in response["Content-Security-Policy"]  # not loosened for the editor


def test_saving_in_the_admin_sanitises_records_a_revision_and_starts_as_draft(client, editor):
    client.force_login(editor)

    response = client.post(reverse("admin:publications_publication_add"), _form())

    assert response.status_code == 302, response.content.decode()[:3000]
    item = Publication.objects.get(slug="nieuwe-handreiking")
    assert response.url == reverse("publications:staff_detail", args=[item.pk])
    assert item.status == Publication.Status.DRAFT
    assert "script" not in item.body and "javascript" not in item.body
    assert (item.created_by, item.last_edited_by) == (editor, editor)
    assert list(item.revisions.values_list("action", "created_by")) == [(PublicationRevision.Action.CREATED, editor.pk)]


def test_an_edit_in_the_admin_keeps_the_workflows_status(client, editor, programme_manager):
    item = publication(published=True)
    client.force_login(editor)
    url = reverse("admin:publications_publication_change", args=[item.pk])

    response = client.post(url, _form(title="Verbeterde titel", slug=item.slug))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Verbeterde titel" and item.status == Publication.Status.PUBLISHED
    assert item.revisions.first().action == PublicationRevision.Action.EDITED
    assert item.last_edited_by == editor


def test_a_too_long_summary_is_refused_with_a_message(client, editor):
    client.force_login(editor)

    response = client.post(reverse("admin:publications_publication_add"), _form(summary="x" * 601))

    assert response.status_code == 200
    assert "Gebruik minder dan 600 tekens." in response.content.decode()
    assert not Publication.objects.exists()


def test_a_member_has_no_admin(client, member):
    client.force_login(member)

    response = client.get(reverse("admin:publications_publication_add"))

    assert response.status_code == 302

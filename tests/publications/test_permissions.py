"""Permission matrix over every URL of the library: published pages for everyone, drafts and the workflow
for content staff only (403 for other roles, login for visitors), a draft's public URL 404 for everyone."""

import uuid

import pytest
from django.core.files.base import ContentFile

from publications.models import Experience, Publication
from tests.matrix import assert_status, login_as
from tests.publications.factories import publication

USERS = ["anonymous", "member", "griffier", "other_griffier", "editor", "consultant", "programme_manager", "administrator"]
CONTENT_STAFF = {"editor", "programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _nobody(user: str) -> int:
    return 404


def _members(user: str) -> int:
    return 302 if user == "anonymous" else 200


def _content_staff(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in CONTENT_STAFF else 403


def _content_staff_file(user: str) -> int:
    return 200 if user in CONTENT_STAFF else 404


GET_URLS = {
    "library": ("/bibliotheek/", _public),
    "library_filtered": ("/bibliotheek/?type=guide&theme=de-raad", _public),
    "publication": ("/bibliotheek/{live}/", _public),
    "publication_draft": ("/bibliotheek/{draft}/", _nobody),
    "publication_news_slug": ("/bibliotheek/{news}/", _nobody),
    "download": ("/bibliotheek/{live}/bijlage/", _public),
    "download_draft": ("/bibliotheek/{draft}/bijlage/", _content_staff_file),
    "news": ("/nieuws/", _public),
    "news_item": ("/nieuws/{news}/", _public),
    "knowledge_base": ("/kennisbank/", _public),
    "library_rss": ("/bibliotheek/rss.xml", _public),
    "library_atom": ("/bibliotheek/atom.xml", _public),
    "news_rss": ("/nieuws/rss.xml", _public),
    "news_atom": ("/nieuws/atom.xml", _public),
    "search": ("/zoeken/?q=raad", _public),
    "sitemap": ("/sitemap.xml", _public),
    "sitemap_section": ("/sitemap-library.xml", _public),
    "robots": ("/robots.txt", _public),
    "experience_create": ("/bibliotheek/ervaring-delen/", _members),
    "staff_list": ("/bibliotheek/beheer/", _content_staff),
    "staff_detail": ("/bibliotheek/beheer/{draft_pk}/", _content_staff),
    "staff_preview": ("/bibliotheek/beheer/{draft_pk}/voorbeeld/", _content_staff),
    "staff_revision": ("/bibliotheek/beheer/{draft_pk}/versies/1/", _content_staff),
    "staff_experiences": ("/bibliotheek/beheer/ervaringen/", _content_staff),
    "staff_experience": ("/bibliotheek/beheer/ervaringen/{experience_pk}/", _content_staff),
}


def _post(expected):
    return lambda user: 302 if expected(user) == 200 else expected(user)


POST_URLS = {
    "submit": ("/bibliotheek/beheer/{draft_pk}/indienen/", {}, _post(_content_staff)),
    "publish": ("/bibliotheek/beheer/{review_pk}/publiceren/", {}, _post(_content_staff)),
    "unpublish": ("/bibliotheek/beheer/{live_pk}/offline/", {}, _post(_content_staff)),
    "restore": ("/bibliotheek/beheer/{draft_pk}/versies/1/herstellen/", {}, _post(_content_staff)),
    "accept": ("/bibliotheek/beheer/ervaringen/{experience_pk}/overnemen/", {}, _post(_content_staff)),
    "decline": ("/bibliotheek/beheer/ervaringen/{experience_pk}/afwijzen/", {"note": "Nee"}, _post(_content_staff)),
}


@pytest.fixture
def objects(db, settings, tmp_path, member, municipality) -> dict:
    settings.MEDIA_ROOT = tmp_path
    live = publication(attachment=ContentFile(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", name="x.pdf"))
    draft = publication(published=False, attachment=ContentFile(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", name="x.pdf"))
    review = publication(published=False)
    review.status = Publication.Status.REVIEW
    review.last_edited_by = None
    review.save(update_fields=["status", "last_edited_by"])
    news = publication(type=Publication.Type.NEWS)
    experience = Experience.objects.create(
        municipality=municipality, submitted_by=member, title="Ervaring", what="a", why="b", result="c",
        lessons="d", contact_name="x", contact_email="x@example.nl", submission_key=uuid.uuid4(),
    )
    return {
        "live": live.slug, "live_pk": live.pk, "draft": draft.slug, "draft_pk": draft.pk, "review_pk": review.pk,
        "news": news.slug, "experience_pk": experience.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(GET_URLS))
def test_get_permission_matrix(client, request, objects, url_name, user_name):
    template, expected_for = GET_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)

    response = client.get(url)

    assert_status(response, expected_for(user_name), f"{user_name} GET {url}")


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("url_name", list(POST_URLS))
def test_post_permission_matrix(client, request, objects, url_name, user_name):
    template, data, expected_for = POST_URLS[url_name]
    url = template.format(**objects)
    login_as(client, request, user_name)
    before = dict(Publication.objects.values_list("pk", "status"))

    response = client.post(url, data)

    assert_status(response, expected_for(user_name), f"{user_name} POST {url}")
    if expected_for(user_name) != 302:
        assert dict(Publication.objects.values_list("pk", "status")) == before
        assert Experience.objects.get(pk=objects["experience_pk"]).status == Experience.Status.SUBMITTED


@pytest.mark.django_db
def test_the_staff_pages_post_only_where_they_change_something(client, editor, objects):
    client.force_login(editor)

    assert client.get(f"/bibliotheek/beheer/{objects['draft_pk']}/indienen/").status_code == 405

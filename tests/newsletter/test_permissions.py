"""Permission matrix over every URL of the newsletter: subscribing and the archive for everyone, the links
in mails by their signed token only, editions for content staff, the subscribers for programme managers."""

import pytest

from newsletter.models import Edition, Subscriber
from newsletter.tokens import confirm_token, manage_token
from tests.matrix import assert_status, login_as
from tests.newsletter.factories import edition, subscriber

USERS = ["anonymous", "member", "griffier", "editor", "consultant", "programme_manager", "administrator"]
CONTENT_STAFF = {"editor", "programme_manager", "administrator"}
MANAGERS = {"programme_manager", "administrator"}


def _public(user: str) -> int:
    return 200


def _members(user: str) -> int:
    return 302 if user == "anonymous" else 200


def _content_staff(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in CONTENT_STAFF else 403


def _managers(user: str) -> int:
    if user == "anonymous":
        return 302
    return 200 if user in MANAGERS else 403


GET_URLS = {
    "subscribe": ("/nieuwsbrief/", _public),
    "subscribe_sent": ("/nieuwsbrief/aangemeld/", _public),
    "confirm": ("/nieuwsbrief/bevestigen/{confirm}/", _public),
    "confirm_forged": ("/nieuwsbrief/bevestigen/{confirm}x/", lambda user: 404),
    "manage": ("/nieuwsbrief/instellingen/{manage}/", _public),
    "manage_forged": ("/nieuwsbrief/instellingen/x{manage}/", lambda user: 404),
    "unsubscribe": ("/nieuwsbrief/afmelden/{manage}/", _public),
    "archive": ("/nieuwsbrief/archief/", _public),
    "archive_sent": ("/nieuwsbrief/archief/{sent_slug}/", _public),
    "archive_draft": ("/nieuwsbrief/archief/{draft_slug}/", lambda user: 404),
    "my_subscription": ("/nieuwsbrief/mijn-abonnement/", _members),
    "editions": ("/nieuwsbrief/beheer/", _content_staff),
    "edition_new": ("/nieuwsbrief/beheer/nieuw/", _content_staff),
    "edition": ("/nieuwsbrief/beheer/{draft_pk}/", _content_staff),
    "preview": ("/nieuwsbrief/beheer/{draft_pk}/voorbeeld/", _content_staff),
    "preview_text": ("/nieuwsbrief/beheer/{draft_pk}/voorbeeld.txt", _content_staff),
    "progress": ("/nieuwsbrief/beheer/{draft_pk}/voortgang/", _content_staff),
    "katern": ("/nieuwsbrief/beheer/{sent_pk}/katern.pdf", _content_staff),
    "subscribers": ("/nieuwsbrief/beheer/abonnees/", _managers),
    "subscribers_export": ("/nieuwsbrief/beheer/abonnees/export/", _managers),
    "subscribers_xlsx": ("/nieuwsbrief/beheer/abonnees/export/?format=xlsx", _managers),
}


def _post(expected):
    return lambda user: 302 if expected(user) == 200 else expected(user)


POST_URLS = {
    "edition_new": ("/nieuwsbrief/beheer/nieuw/", {"title": "Nieuw"}, _post(_content_staff)),
    "edition_update": ("/nieuwsbrief/beheer/{draft_pk}/bewerken/", {"title": "Anders"}, _post(_content_staff)),
    "text_add": ("/nieuwsbrief/beheer/{draft_pk}/tekst/", {"title": "Kop", "text": "Tekst"}, _post(_content_staff)),
    "item_change": ("/nieuwsbrief/beheer/{draft_pk}/items/{item_pk}/", {"action": "down"}, _post(_content_staff)),
    "test_send": ("/nieuwsbrief/beheer/{draft_pk}/test/", {}, _post(_content_staff)),
    "send": ("/nieuwsbrief/beheer/{draft_pk}/versturen/", {"when": "now"}, _post(_content_staff)),
    "resume": ("/nieuwsbrief/beheer/{sent_pk}/hervatten/", {}, _post(_content_staff)),
}


@pytest.fixture
def objects(db) -> dict:
    pending = subscriber(status=Subscriber.Status.PENDING)
    confirmed = subscriber()
    draft, sent = edition(), edition(status=Edition.Status.SENT)
    return {
        "confirm": confirm_token(pending), "manage": manage_token(confirmed), "draft_pk": draft.pk,
        "draft_slug": draft.slug, "sent_pk": sent.pk, "sent_slug": sent.slug, "item_pk": draft.items.first().pk,
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

    response = client.post(url, data)

    assert_status(response, expected_for(user_name), f"{user_name} POST {url}")
    if expected_for(user_name) != 302:
        draft = Edition.objects.get(pk=objects["draft_pk"])
        assert (draft.title, draft.status, draft.items.count()) == ("Nieuwsbrief herfst", Edition.Status.DRAFT, 4)


@pytest.mark.django_db
def test_the_export_is_a_safe_table_of_confirmed_subscribers_only(client, programme_manager):
    subscriber(email="=cmd@example.nl")
    subscriber(email="wacht@example.nl", status=Subscriber.Status.PENDING)
    client.force_login(programme_manager)

    response = client.get("/nieuwsbrief/beheer/abonnees/export/")

    text = response.content.decode("utf-8-sig")
    assert response["Cache-Control"] == "private, no-store"
    assert "'=cmd@example.nl" in text and "wacht@example.nl" not in text


@pytest.mark.django_db
def test_subscriber_figures_are_for_managers_and_hide_small_groups(editor, programme_manager):
    from portal import registry
    from portal.models import Municipality

    for _ in range(6):
        subscriber(themes=["participatie"])
    subscriber(themes=["de-raad"])

    for_editor = [s for s in registry.collect(registry.figures, user=editor, municipalities=Municipality.objects.all()) if s.key == "newsletter"]
    for_manager = [s for s in registry.collect(registry.figures, user=programme_manager, municipalities=Municipality.objects.all()) if s.key == "newsletter"]

    assert for_editor == []
    figures = {str(figure.label): figure.value for figure in for_manager[0].figures}
    assert figures["Abonnees"] == 7 and figures["Participatie"] == 6
    assert str(figures["De Raad"]) == "minder dan 5"

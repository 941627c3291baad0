"""Composing an edition, previews as mailed, the test send, the katern PDF and the public archive."""

import datetime
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from newsletter import editions
from newsletter.models import Edition, EditionItem
from publications.models import Publication
from tests.newsletter.factories import edition
from tests.publications.factories import publication

pytestmark = pytest.mark.django_db


def test_an_editor_creates_an_edition_and_adds_published_items_and_a_text(client, editor):
    news = publication(type=Publication.Type.NEWS, title="Nieuws voor de nieuwsbrief", themes=["de-raad"])
    guide = publication(title="Handreiking voor de nieuwsbrief")
    publication(title="Concept", published=False)
    client.force_login(editor)

    created = client.post(reverse("newsletter:staff_edition_create"), {"title": "Nieuwsbrief winter", "intro": "Hallo"})
    item = Edition.objects.get()
    page = client.get(reverse("newsletter:staff_edition", args=[item.pk]))
    keys = [key for key, _label in page.context["items_form"].fields["keys"].choices]
    client.post(reverse("newsletter:staff_items_add", args=[item.pk]), {"keys": [f"publication:{news.pk}", f"publication:{guide.pk}"]})
    client.post(reverse("newsletter:staff_text_add", args=[item.pk]), {"title": "Van de redactie", "text": "Welkom."})

    assert created.status_code == 302
    assert set(keys) == {f"publication:{news.pk}", f"publication:{guide.pk}"}  # drafts are not offered
    rows = list(item.items.values_list("kind", "title", "theme_slugs"))
    assert rows == [("news", news.title, ["de-raad"]), ("publication", guide.title, []), ("text", "Van de redactie", [])]


def test_an_item_is_added_once_and_can_be_moved_and_removed(editor):
    guide = publication(title="Eén keer")
    item = edition(items=False)
    editions.edition_items_add(edition=item, keys=[f"publication:{guide.pk}"])
    editions.edition_items_add(edition=item, keys=[f"publication:{guide.pk}", "publication:999999"])
    text = editions.edition_text_add(edition=item, title="Tekst", text="Inhoud")

    editions.edition_item_move(edition=item, item_id=text.pk, up=True)
    assert list(item.items.values_list("kind", flat=True)) == ["text", "publication"]
    editions.edition_item_remove(edition=item, item_id=text.pk)

    assert list(item.items.values_list("title", flat=True)) == ["Eén keer"]


def test_a_sent_edition_can_no_longer_change(editor):
    item = edition(status=Edition.Status.SENT)

    with pytest.raises(ValidationError):
        editions.edition_text_add(edition=item, title="Te laat", text="Nee")
    with pytest.raises(ValidationError):
        editions.edition_update(edition=item, title="Anders", title_en="", intro="", intro_en="")


def test_a_too_long_introduction_gets_a_message_and_keeps_the_text(client, editor):
    item = edition()
    client.force_login(editor)

    response = client.post(reverse("newsletter:staff_edition_update", args=[item.pk]), {"title": "Titel", "intro": "x" * 3001})

    assert response.status_code == 400
    assert "Gebruik minder dan 3.000 tekens." in str(response.context["edition_form"].errors["intro"])
    assert response.context["edition_form"]["intro"].value() == "x" * 3001


def test_the_html_preview_is_the_mail_in_a_sandboxed_document(client, editor):
    item = edition()
    client.force_login(editor)

    response = client.get(reverse("newsletter:staff_preview", args=[item.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nieuws over de raad" in html and "Handreiking participatie" in html and "Regiobijeenkomst" in html
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp and "script-src" not in csp and "default-src 'none'" in csp


def test_the_plain_text_preview_has_every_section_and_the_links(client, editor):
    item = edition()
    client.force_login(editor)

    response = client.get(reverse("newsletter:staff_preview_text", args=[item.pk]))

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert text.startswith(item.title)
    assert "http://127.0.0.1:8000/nieuws/raad/" in text and "12 maart, Zwolle" in text


def test_a_test_goes_to_the_editor_only(client, editor, django_capture_on_commit_callbacks):
    item = edition()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter:staff_test_send", args=[item.pk]))

    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject.startswith("[Test]")
    assert "Nieuws over de raad" in mail.outbox[0].alternatives[0][0]
    item.refresh_from_db()
    assert item.status == Edition.Status.DRAFT and not item.deliveries.exists()


def test_the_katern_is_a_tagged_a4_pdf_for_staff(client, editor, tmp_path):
    item = edition()
    client.force_login(editor)

    response = client.get(reverse("newsletter:staff_katern", args=[item.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "katern.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "595.276 x 841.89 pts (A4)" in info
    assert item.title in info  # the document title
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Nieuws over de raad" in text and "Regiobijeenkomst" in text


def test_the_archive_shows_sent_editions_only(client):
    sent = edition(title="Verstuurde editie", status=Edition.Status.SENT)
    edition(title="Concept-editie")

    listing = client.get(reverse("newsletter:archive_list"))
    page = client.get(sent.get_absolute_url())

    assert [item.title for item in listing.context["page_obj"]] == ["Verstuurde editie"]
    assert page.status_code == 200 and b"Handreiking participatie" in page.content
    assert client.get(reverse("newsletter:archive_detail", args=[Edition.objects.get(title="Concept-editie").slug])).status_code == 404


def test_the_edition_page_makes_the_same_queries_for_5_and_100_items(client, editor):
    item = edition(items=False)
    client.force_login(editor)
    from tests.utils import assert_same_query_count

    def make(n):
        start = item.items.count()
        EditionItem.objects.bulk_create(
            [EditionItem(edition=item, order=start + i, kind="text", title=f"Blok {start + i}") for i in range(n)]
        )

    assert_same_query_count(make_rows=make, request=lambda: client.get(reverse("newsletter:staff_edition", args=[item.pk])))


def test_upcoming_events_from_the_agenda_are_offered_and_keep_their_date_place_and_themes(client, editor):
    from events.models import Event
    from programmes.models import Programme, Theme
    from tests.events.factories import EventFactory, in_days

    dia = Programme.objects.get(slug="democratie-in-actie")
    coming = EventFactory(title="Maaltijdgesprek Zwolle", programme=dia, themes=[Theme.objects.get(slug="participatie")])
    EventFactory(title="Nog een concept", status=Event.Status.DRAFT)
    EventFactory(title="Gaat niet door", status=Event.Status.CANCELLED)
    EventFactory(title="Al geweest", starts_at=in_days(-3), ends_at=in_days(-3) + datetime.timedelta(hours=2))
    item = edition(items=False)
    client.force_login(editor)

    page = client.get(reverse("newsletter:staff_edition", args=[item.pk]))
    keys = [key for key, _label in page.context["items_form"].fields["keys"].choices]
    client.post(reverse("newsletter:staff_items_add", args=[item.pk]), {"keys": [f"event:{coming.pk}"]})

    assert keys == [f"event:{coming.pk}"]  # no drafts, cancelled or past events
    added = item.items.get()
    assert (added.kind, added.title, added.url) == (EditionItem.Kind.EVENT, "Maaltijdgesprek Zwolle", coming.get_absolute_url())
    assert added.when == coming.starts_at and added.detail == "19:00 · Stadhuis, Markt 1, Zwolle"
    assert (added.programme_slugs, added.theme_slugs) == (["democratie-in-actie"], ["participatie"])
    assert (added.kind_label, added.kind_label_en) == ("Regiobijeenkomst", "Regional meeting")
    with translation.override("en"):
        english = client.get(reverse("newsletter:staff_edition", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Regional meeting" in english.content.decode() and "Regiobijeenkomst" not in english.content.decode()
    katern = subprocess.run(
        ["pdftotext", "-", "-"], input=editions.edition_katern_pdf(edition=item), capture_output=True, check=True
    ).stdout.decode()
    assert "Maaltijdgesprek Zwolle" in katern and "Stadhuis, Markt 1, Zwolle" in katern


def test_with_nothing_to_offer_the_edition_page_says_so_instead_of_an_empty_list(client, editor):
    item = edition(items=False)
    client.force_login(editor)

    page = client.get(reverse("newsletter:staff_edition", args=[item.pk]))

    content = page.content.decode()
    assert page.context["items_form"].fields["keys"].choices == []
    assert "er staan geen bijeenkomsten gepland" in content and 'id="items-form"' in content

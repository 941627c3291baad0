"""The library, news, knowledge base, experiences form, feeds, sitemap and the registry panels."""

import uuid
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse

from portal import registry
from portal.models import StaffRole
from programmes.models import Theme
from publications import services
from publications.forms import TEXT_MAX
from publications.models import Experience, Publication
from tests.factories import StaffFactory
from tests.publications.factories import many, publication
from tests.utils import assert_same_query_count

pytestmark = pytest.mark.django_db


def test_the_library_lists_published_publications_but_no_drafts_news_or_scheduled(client):
    live = publication(title="Handreiking begroting")
    publication(title="Concept", published=False)
    publication(title="Een nieuwsbericht", type=Publication.Type.NEWS)
    publication(title="Straks", days_ago=-3)

    response = client.get(reverse("publications:library_list"))

    assert response.status_code == 200
    assert [item.title for item in response.context["page_obj"]] == [live.title]


def test_the_staff_preview_of_a_draft_shows_the_drafts_own_latest_title_and_text(client):
    editor = StaffFactory(role=StaffRole.EDITOR)
    publication(title="Al gepubliceerde handreiking", body="<p>Tekst die al online staat.</p>")
    draft = publication(title="Eerste titel", body="<p>Eerste versie.</p>", published=False, author=editor)
    Publication.objects.filter(pk=draft.pk).update(
        title="Concept: raadsinformatie vinden", body="<p>Zoek eerst op <strong>agendapunt</strong>.</p>"
    )
    services.publication_edited(publication=draft, actor=editor, created=False)
    client.force_login(StaffFactory(role=StaffRole.PROGRAMME_MANAGER))

    response = client.get(reverse("publications:staff_preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="preview-banner"' in page
    assert '<h1 class="utrecht-heading-1">Concept: raadsinformatie vinden</h1>' in page
    body = page.split('id="publication-body">', 1)[1].split("</div>", 1)[0]
    assert body == "<p>Zoek eerst op <strong>agendapunt</strong>.</p>"
    assert "Eerste titel" not in page and "Eerste versie" not in page
    assert "Al gepubliceerde handreiking" not in page


def test_the_library_filters_by_type_theme_programme_and_year(client):
    wanted = publication(type="report", themes=["participatie"], programme="democratie-in-actie")
    publication(type="report", themes=["de-raad"], programme="democratie-in-actie")
    publication(type="guide", themes=["participatie"], programme="democratie-in-actie")
    publication(type="report", themes=["participatie"], programme="actieprogramma-lokaal-bestuur")

    response = client.get(
        reverse("publications:library_list"),
        {"type": "report", "theme": "participatie", "programme": "democratie-in-actie", "year": wanted.published_at.year},
    )

    assert [item.pk for item in response.context["page_obj"]] == [wanted.pk]


def test_an_unknown_filter_value_shows_an_error_not_a_crash(client):
    response = client.get(reverse("publications:library_list"), {"theme": "bestaat-niet", "year": "abc"})

    assert response.status_code == 200
    assert response.context["filter"].errors


def test_the_library_page_makes_as_many_queries_for_100_publications_as_for_5(client):
    assert_same_query_count(
        make_rows=lambda n: many(n, themes=["de-raad", "participatie"], programme="democratie-in-actie"),
        request=lambda: client.get(reverse("publications:library_list")),
    )


def test_the_news_page_makes_as_many_queries_for_100_items_as_for_5(client):
    assert_same_query_count(
        make_rows=lambda n: many(n, type=Publication.Type.NEWS, themes=["samenspel"]),
        request=lambda: client.get(reverse("publications:news_list")),
    )


def test_a_theme_page_makes_as_many_queries_for_100_publications_as_for_5(client):
    def make(n):
        many(n, themes=["de-raad"])
        many(n, themes=["de-raad"], type=Publication.Type.NEWS)

    assert_same_query_count(make_rows=make, request=lambda: client.get("/programmas/themas/de-raad/"))


def test_the_knowledge_base_makes_as_many_queries_for_100_publications_as_for_5(client):
    assert_same_query_count(
        make_rows=lambda n: many(n, themes=["samenspel"], type=Publication.Type.EXPERIENCE),
        request=lambda: client.get(reverse("publications:knowledge_base")),
    )


def test_a_publication_page_shows_its_sanitised_body_and_related_publications(client):
    item = publication(body='<p>De raad <a href="javascript:alert(1)">klikt</a></p>', themes=["de-raad"])
    other = publication(themes=["de-raad"])

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert b"javascript:" not in response.content
    assert b"<p>De raad <a rel=" in response.content
    assert response.context["related"] == [other]


def test_news_is_under_news_and_a_publication_is_not(client):
    news = publication(type=Publication.Type.NEWS)

    assert client.get(news.get_absolute_url()).status_code == 200
    assert client.get(reverse("publications:publication_detail", args=[news.slug])).status_code == 404


def test_the_knowledge_base_lists_the_four_themes_with_their_counts(client):
    publication(themes=["de-raad"])
    publication(themes=["de-raad"], type=Publication.Type.EXPERIENCE)
    publication(themes=["de-raad"], type=Publication.Type.NEWS)
    publication(themes=["de-raad"], published=False)

    response = client.get(reverse("publications:knowledge_base"))

    counts = {theme.slug: (theme.publication_count, theme.experience_count) for theme in response.context["themes"]}
    assert counts == {"de-raad": (2, 1), "participatie": (0, 0), "samenspel": (0, 0), "checks-and-balances": (0, 0)}


# ---------- feeds, sitemap, robots ----------


@pytest.mark.parametrize("url_name", ["publications:library_rss", "publications:library_atom"])
def test_the_library_feeds_hold_published_publications_only(client, url_name):
    live = publication(title="Gepubliceerde handreiking")
    publication(title="Geheim concept", published=False)
    publication(title="Een nieuwsbericht", type=Publication.Type.NEWS)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # noqa: S314 (our own feed: is it well-formed XML?)
    assert live.title.encode() in response.content
    assert b"Geheim concept" not in response.content and b"Een nieuwsbericht" not in response.content


@pytest.mark.parametrize("url_name", ["publications:news_rss", "publications:news_atom"])
def test_the_news_feeds_hold_news_only(client, url_name):
    publication(title="Een nieuwsbericht", type=Publication.Type.NEWS)
    publication(title="Een handreiking")

    response = client.get(reverse(url_name))

    assert b"Een nieuwsbericht" in response.content and b"Een handreiking" not in response.content


def test_the_sitemap_lists_public_pages_of_every_section(client):
    live = publication()
    draft = publication(published=False)

    index = client.get("/sitemap.xml")
    library = client.get("/sitemap-library.xml")
    pages = client.get("/sitemap-pages.xml")

    assert index.status_code == library.status_code == pages.status_code == 200
    assert b"sitemap-library.xml" in index.content and b"sitemap-municipalities.xml" in index.content
    assert live.get_absolute_url().encode() in library.content
    assert draft.get_absolute_url().encode() not in library.content
    assert b"/bibliotheek/" in pages.content and b"/zoeken/" not in pages.content


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /nieuwsbrief/afmelden/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# ---------- the registry: home, theme page, municipality page, advice ----------


def test_home_shows_recent_publications_and_news(client):
    news = publication(type=Publication.Type.NEWS, title="Nieuw bericht", days_ago=1)
    guide = publication(title="Nieuwe handreiking", days_ago=2)

    response = client.get("/")

    titles = [item.title for item in response.context["recent"]]
    assert titles[:2] == [news.title, guide.title]


def test_a_theme_page_shows_publications_experiences_and_news_of_the_theme(client):
    guide = publication(themes=["samenspel"], title="Handreiking samenspel")
    experience = publication(themes=["samenspel"], type=Publication.Type.EXPERIENCE, title="Ervaring samenspel")
    news = publication(themes=["samenspel"], type=Publication.Type.NEWS, title="Nieuws samenspel")
    publication(themes=["de-raad"], title="Iets anders")

    response = client.get("/programmas/themas/samenspel/")

    content = response.content.decode()
    assert guide.title in content and experience.title in content and news.title in content
    assert "Iets anders" not in content


def test_a_municipality_page_shows_its_published_experiences(client, municipality):
    item = publication(type=Publication.Type.EXPERIENCE, municipality=municipality, title="Amsterdamse ervaring")
    publication(type=Publication.Type.EXPERIENCE, municipality=municipality, title="Nog niet klaar", published=False)

    response = client.get(municipality.get_absolute_url())

    assert item.title.encode() in response.content and b"Nog niet klaar" not in response.content


def test_the_dossier_shows_submitted_experiences_to_staff_of_the_municipality(municipality, consultant, member):
    Experience.objects.create(
        municipality=municipality, submitted_by=member, title="Ingediend", what="a", why="b", result="c",
        lessons="d", contact_name="x", contact_email="x@example.nl", submission_key=uuid.uuid4(),
    )

    panels = registry.collect(registry.municipality_panels, municipality=municipality, user=consultant, dossier=True)
    timeline = registry.collect(registry.timeline, municipality=municipality, user=consultant)

    mine = [panel for panel in panels if panel.template == "publications/_municipality_experiences.html"]
    assert [e.title for e in mine[0].context["submitted_experiences"]] == ["Ingediend"]
    assert [entry.title for entry in timeline if entry.kind == "experience"] == ["Ingediend"]


def test_advice_gives_publications_linked_to_the_weak_scan_theme_first(municipality):
    by_theme = publication(themes=["participatie"], title="Op het portaalthema", days_ago=1)
    linked = publication(title="Expliciet gekoppeld", advice_scan_themes=["participatie"], days_ago=30)
    participatie = Theme.objects.get(slug="participatie")

    from publications.providers import publication_advice

    items = publication_advice(
        municipality=municipality, scan_theme_slug="participatie", portal_theme_ids=[participatie.pk], limit=3
    )

    assert [item.title for item in items] == [linked.title, by_theme.title]


def test_the_newsletter_is_offered_publications_and_news_since_the_last_edition():
    old = publication(days_ago=40)
    new = publication(days_ago=2, type=Publication.Type.NEWS, themes=["de-raad"], programme="democratie-in-actie")
    import datetime

    from django.utils import timezone

    items = registry.collect(registry.newsletter_items, since=timezone.now() - datetime.timedelta(days=10), limit=10)

    assert [item.key for item in items] == [f"publication:{new.pk}"]
    assert (items[0].kind, list(items[0].theme_slugs), list(items[0].programme_slugs)) == (
        "news", ["de-raad"], ["democratie-in-actie"]
    )
    assert old.pk


# ---------- sharing an experience ----------


def _experience_data(municipality, **changes):
    data = {
        "submission_key": str(uuid.uuid4()), "municipality": municipality.pk, "title": "Inwonerspanel",
        "what": "Wat we deden", "why": "Waarom", "result": "Hoe het ging", "lessons": "Wat anderen leren",
        "contact_name": "Griffie", "contact_email": "griffie@example.nl",
    }
    data.update(changes)
    return data


def test_a_member_shares_an_experience_through_the_form(client, member, municipality, django_capture_on_commit_callbacks):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publications:experience_create"), _experience_data(municipality))

    assert response.status_code == 302
    experience = Experience.objects.get()
    assert (experience.municipality, experience.submitted_by) == (municipality, member)
    assert len(mail.outbox) == 1


def test_a_too_long_answer_gets_a_message_and_keeps_what_was_typed(client, member, municipality):
    client.force_login(member)
    too_long = "x" * (TEXT_MAX + 1)

    response = client.post(
        reverse("publications:experience_create"), _experience_data(municipality, what=too_long, why="Mijn reden")
    )

    assert response.status_code == 200
    assert "Gebruik minder dan" in str(response.context["form"].errors["what"])
    assert response.context["form"]["why"].value() == "Mijn reden"
    assert not Experience.objects.exists()


def test_a_member_cannot_pick_another_municipality(client, member, other_municipality):
    client.force_login(member)

    response = client.post(reverse("publications:experience_create"), _experience_data(other_municipality))

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Experience.objects.exists()


def test_a_member_without_municipality_is_asked_to_complete_their_profile(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get(reverse("publications:experience_create"))

    assert response.status_code == 200
    assert response.templates[0].name == "publications/experience_no_municipality.html"


def test_sharing_experiences_is_throttled(client, member, municipality):
    client.force_login(member)
    statuses = [
        client.post(reverse("publications:experience_create"), _experience_data(municipality, title="")).status_code
        for _ in range(12)
    ]

    assert statuses[:10] == [200] * 10
    assert statuses[-1] == 429


def test_the_library_content_is_cached_per_language_and_publishing_shows_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    first = publication(title="Eerste handreiking")
    client.get(reverse("publications:library_list"))
    Publication.objects.filter(pk=first.pk).update(title="Gewijzigde handreiking")  # not through a service

    cached = client.get(reverse("publications:library_list"))
    english = client.get(reverse("publications:library_list"), HTTP_ACCEPT_LANGUAGE="en")
    with django_capture_on_commit_callbacks(execute=True):
        publication(title="Tweede handreiking")  # published through the services
    fresh = client.get(reverse("publications:library_list"))

    assert b"Eerste handreiking" in cached.content  # stale until the version rises (or 60 s pass)
    assert b"Gewijzigde handreiking" in english.content  # kept per language
    assert b"Tweede handreiking" in fresh.content and b"Gewijzigde handreiking" in fresh.content

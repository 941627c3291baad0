"""The site search page: providers merged by rank, facets, filters, "did you mean"; and the library's
full-text search on PostgreSQL (Dutch stemming, weights, trigram suggestions), which falls back to a word
match on SQLite."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal import registry
from portal.registry import SearchHit, SearchTerm
from portal.search import SEARCH_LIMIT
from publications import samples, services
from publications.models import SearchDocument
from publications.search import publication_hits, suggest_terms, vocabulary_rebuild, with_plural_variants
from tests.publications.factories import publication
from tests.publications.pg import needs_postgresql, postgresql  # noqa: F401 (fixture)
from tests.utils import assert_same_query_count

pytestmark = pytest.mark.django_db

# ---------- the page, with providers of our own ----------


def _hit(title, rank, *, kind="workshop", type_="Workshop", themes=(), year="2026", snippet=""):
    return SearchHit(
        kind=kind, kind_label=type_, title=title, url=f"/{title}/", snippet=snippet, rank=rank,
        date=datetime.date(int(year), 1, 1), facets={"type": [type_], "theme": list(themes), "year": [year]},
    )


@pytest.fixture
def fake_search():
    """Replace the registered providers by one that answers with fixed hits."""
    saved = list(registry.search)
    saved_terms = list(registry.search_terms)
    for provider in saved:
        registry.search.unregister(provider)
    for provider in saved_terms:
        registry.search_terms.unregister(provider)
    hits: list[SearchHit] = []
    terms: dict[str, list[SearchTerm]] = {}

    def provider(*, query, limit):
        return hits[:limit]

    def term_provider(*, word, limit):
        return terms.get(word, [])

    registry.search.register(provider)
    registry.search_terms.register(term_provider)
    yield hits, terms
    registry.search.unregister(provider)
    registry.search_terms.unregister(term_provider)
    for provider in saved:
        registry.search.register(provider, order=10)
    for provider in saved_terms:
        registry.search_terms.register(provider, order=10)


def test_hits_of_all_providers_come_best_first(client, fake_search):
    hits, _terms = fake_search
    hits += [_hit("Laag", 0.1), _hit("Hoog", 0.9), _hit("Midden", 0.5)]

    response = client.get(reverse("search:search"), {"q": "raad"})

    assert [hit.title for hit in response.context["page_obj"]] == ["Hoog", "Midden", "Laag"]


def test_facets_count_the_hits_and_a_chosen_facet_narrows_them(client, fake_search):
    hits, _terms = fake_search
    hits += [
        _hit("A", 0.9, type_="Handreiking", themes=["De Raad", "Participatie"]),
        _hit("B", 0.8, type_="Handreiking", themes=["Participatie"], year="2025"),
        _hit("C", 0.7, type_="Workshop", themes=["De Raad"]),
    ]

    response = client.get(reverse("search:search"), {"q": "raad", "theme": "De Raad"})

    assert [hit.title for hit in response.context["page_obj"]] == ["A", "C"]
    facets = {facet.key: {value.value: value.count for value in facet.values} for facet in response.context["facets"]}
    # The theme facet still counts every theme (so another can be picked); the others count within "De Raad".
    assert facets["theme"] == {"De Raad": 2, "Participatie": 2}
    assert facets["type"] == {"Handreiking": 1, "Workshop": 1}
    assert facets["year"] == {"2026": 2}
    selected = [value for facet in response.context["facets"] for value in facet.values if value.selected]
    assert [value.value for value in selected] == ["De Raad"]


def test_the_results_page_through(client, fake_search):
    hits, _terms = fake_search
    hits += [_hit(f"Hit {n:02d}", 1 - n / 100) for n in range(45)]

    response = client.get(reverse("search:search"), {"q": "raad", "page": 3})

    assert [hit.title for hit in response.context["page_obj"]] == [f"Hit {n}" for n in range(40, 45)]
    assert response.context["hits_total"] == 45


def test_a_misspelt_word_gets_a_suggestion_when_nothing_is_found(client, fake_search):
    _hits, terms = fake_search
    terms["particpatie"] = [SearchTerm("participatie", 0.7), SearchTerm("partij", 0.3)]

    response = client.get(reverse("search:search"), {"q": "Particpatie raad"})

    assert response.context["suggestion"] == "participatie raad"
    assert response.context["suggestion_url"] == "?q=participatie+raad"
    assert b"search-suggestion" in response.content


def test_no_suggestion_when_every_word_is_known(client, fake_search):
    _hits, terms = fake_search
    terms["participatie"] = [SearchTerm("participatie", 1.0)]

    response = client.get(reverse("search:search"), {"q": "participatie"})

    assert response.context["suggestion"] == ""


def test_a_snippet_is_shown_as_html_only_when_the_provider_marked_it_safe(client, fake_search):
    hits, _terms = fake_search
    hits += [
        _hit("Veilig", 0.9, snippet=mark_safe("de <mark>raad</mark>")),
        _hit("Tekst", 0.8, snippet="<script>alert(1)</script>"),
    ]

    response = client.get(reverse("search:search"), {"q": "raad"})

    assert b"de <mark>raad</mark>" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_a_too_long_query_gets_a_message_and_searches_nothing(client, fake_search):
    hits, _terms = fake_search
    hits.append(_hit("Iets", 1.0))

    response = client.get(reverse("search:search"), {"q": "raad " * 50})

    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["query"] == ""


def test_an_empty_search_shows_the_form_only(client):
    response = client.get(reverse("search:search"))

    assert response.status_code == 200
    assert response.context["query"] == ""


# ---------- the library's provider, on any database ----------


def test_the_library_finds_title_body_and_attachment_text_of_published_items_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    in_title = publication(title="Grip op gemeenschappelijke regelingen")
    in_body = publication(body="<p>Hoe houdt u grip op regelingen?</p>")
    in_file = publication(attachment=ContentFile(samples.docx_bytes(["Meer grip voor de raad."]), name="x.docx"))
    publication(title="Grip in concept", published=False)

    hits = publication_hits(query="grip", limit=SEARCH_LIMIT)

    assert {hit.url for hit in hits} == {p.get_absolute_url() for p in (in_title, in_body, in_file)}
    snippets = {hit.url: hit.snippet for hit in hits}
    assert "<mark>grip</mark>" in snippets[in_body.get_absolute_url()]
    assert "<mark>grip</mark>" in snippets[in_file.get_absolute_url()]


def test_the_search_page_makes_as_many_queries_for_100_publications_as_for_5(client):
    assert_same_query_count(
        make_rows=lambda n: [publication(title=f"Raad {i}", themes=["de-raad"]) for i in range(n)],
        request=lambda: client.get(reverse("search:search"), {"q": "raad"}),
    )


def test_the_plural_of_lid_and_leden_are_searched_together():
    assert with_plural_variants("raadsleden en commissielid") == "raadslid en commissieleden"
    assert with_plural_variants("lidmaatschap leden") == "lidmaatschap leden"


def test_the_vocabulary_holds_the_words_of_published_texts_only():
    publication(title="Participatie in de wijk")
    draft = publication(title="Geheimzinnig concept", published=False)

    vocabulary_rebuild()

    assert suggest_terms(word="participatie", limit=3)[0].similarity == 1.0
    assert suggest_terms(word="geheimzinnig", limit=3) == [] or suggest_terms(word="geheimzinnig", limit=3)[0].word != "geheimzinnig"
    assert draft.pk


# ---------- PostgreSQL full-text search ----------


@needs_postgresql
def test_raadsleden_finds_raadslid_through_dutch_stemming():
    singular = publication(title="Het raadslid en de begroting")
    stemmed = publication(title="Over gemeenteraden", summary="De gemeenteraad besluit.")

    titles = {hit.title for hit in publication_hits(query="raadsleden", limit=10)}
    stemmed_titles = {hit.title for hit in publication_hits(query="gemeenteraad", limit=10)}

    assert singular.title in titles
    assert stemmed.title in stemmed_titles


@needs_postgresql
def test_title_ranks_above_summary_above_body_above_attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    in_file = publication(title="Vierde", attachment=ContentFile(samples.odt_bytes(["Over ondermijning."]), name="x.odt"))
    in_body = publication(title="Derde", body="<p>Over ondermijning in de gemeente.</p>")
    in_summary = publication(title="Tweede", summary="Over ondermijning.")
    in_title = publication(title="Ondermijning in de raad")

    hits = publication_hits(query="ondermijning", limit=10)

    assert [hit.title for hit in hits] == [in_title.title, in_summary.title, in_body.title, in_file.title]
    assert hits[0].rank > hits[1].rank > hits[2].rank > hits[3].rank


@needs_postgresql
def test_a_typo_gets_the_closest_known_word_by_trigrams(client):
    publication(title="Participatie van inwoners")
    publication(title="Partijpolitiek in de raad")
    vocabulary_rebuild()

    response = client.get(reverse("search:search"), {"q": "particpatie"})

    assert response.context["hits_total"] == 0
    assert response.context["suggestion"] == "participatie"
    follow = client.get(reverse("search:search") + response.context["suggestion_url"])
    assert "Participatie van inwoners" in [hit.title for hit in follow.context["page_obj"]]


@needs_postgresql
def test_the_vector_is_stored_gin_indexed_and_kept_current_by_the_services(editor, programme_manager):
    item = publication(title="Begroting")
    draft = publication(title="Begroting in concept", published=False)
    assert SearchDocument.objects.filter(publication=item).exists()
    assert not SearchDocument.objects.filter(publication=draft).exists()  # only published ones are indexed
    item.title = "Jaarrekening"
    item.save(update_fields=["title"])
    assert not publication_hits(query="jaarrekening", limit=10)  # a bare save() does not index: no signals

    services.publication_edited(publication=item, actor=editor, created=False)
    assert [hit.title for hit in publication_hits(query="jaarrekening", limit=10)] == ["Jaarrekening"]

    services.publication_unpublish(publication=item, actor=programme_manager)
    assert not SearchDocument.objects.filter(publication=item).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'publications_searchdocument' AND indexname = "
            "'searchdocument_vector_gin'"
        )
        assert "USING gin (vector)" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT publication_id FROM publications_searchdocument "
            "WHERE vector @@ websearch_to_tsquery('dutch', 'begroting')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "searchdocument_vector_gin" in plan


@needs_postgresql
def test_highlights_mark_the_stemmed_matches_and_escape_the_rest():
    publication(title="Raad", summary="De <b>raadsleden</b> & het college.", body="<p>Raadsleden stellen kaders.</p>")

    snippet = publication_hits(query="raadslid", limit=1)[0].snippet

    assert "<mark>raadsleden</mark>" in snippet
    assert "&amp; het college" in snippet and "<b>" not in snippet


@needs_postgresql
def test_english_fields_are_searched_with_english_stemming():
    item = publication(title="Handreiking", title_en="Guide for councillors", summary_en="Councils and budgets.")

    assert [hit.title for hit in publication_hits(query="councillor budget", limit=5)] == [item.title]


@needs_postgresql
def test_websearch_syntax_quotes_and_minus_work():
    both = publication(title="Lokale democratie in beweging")
    publication(title="Democratie en lokale media")

    assert [hit.title for hit in publication_hits(query='"lokale democratie"', limit=5)] == [both.title]
    assert [hit.title for hit in publication_hits(query="democratie -media", limit=5)] == [both.title]


# ---------- workshops and consultants ----------


def test_workshops_and_consultants_are_found_too(client):
    from consultants.models import Consultant
    from workshops.models import Workshop

    workshop = Workshop.objects.published().order_by("order").first()
    consultant = Consultant.objects.active().order_by("name").first()

    by_workshop = client.get(reverse("search:search"), {"q": workshop.title})
    by_consultant = client.get(reverse("search:search"), {"q": consultant.name})

    assert workshop.get_absolute_url() in [hit.url for hit in by_workshop.context["page_obj"]]
    assert consultant.get_absolute_url() in [hit.url for hit in by_consultant.context["page_obj"]]
    assert {"Workshop"} <= {value.value for facet in by_workshop.context["facets"] for value in facet.values}


def test_hits_speak_the_visitors_language(client):
    publication(
        title="Piramidebestuur in de regio", title_en="Pyramid government (piramidebestuur)", themes=["participatie"],
        programme="democratie-in-actie",
    )

    dutch = client.get(reverse("search:search"), {"q": "piramidebestuur"})
    english = client.get(reverse("search:search"), {"q": "piramidebestuur"}, HTTP_ACCEPT_LANGUAGE="en")

    assert [hit.title for hit in dutch.context["page_obj"]] == ["Piramidebestuur in de regio"]
    assert [hit.title for hit in english.context["page_obj"]] == ["Pyramid government (piramidebestuur)"]
    english_facets = {facet.key: [value.value for value in facet.values] for facet in english.context["facets"]}
    assert english_facets["theme"] == ["Participation"] and english_facets["type"] == ["Guide (handreiking)"]
    assert english_facets["programme"] == ["Democracy in Action"]

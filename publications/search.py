"""Full-text search over publications and news.

On PostgreSQL a stored `tsvector` per publication (GIN-indexed) holds the Dutch words of the title
(weight A), summary (B), body (C) and attachment (D), plus the English fields under the English
configuration; `websearch_to_tsquery` understands what people type ("raadsleden" finds "raadslid",
quotes for phrases, `-word` to exclude). Snippets come from `ts_headline` with control characters as
markers, so the text can be escaped before the markers become `<mark>`. "Did you mean" compares the
visitor's word with the vocabulary of published texts by trigram similarity (pg_trgm).

On SQLite (the embedded default) the same functions fall back to a word match and `difflib`.

The index is written by `publication_index`, which the services call after every change; no signals.
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat, Left
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.registry import SearchHit, SearchTerm

from .models import Publication, SearchDocument
from .models import SearchTerm as Term

MARK_START, MARK_STOP = "\x02", "\x03"  # never in stored text: clean_text removes control characters
SNIPPET_SOURCE_CHARS = 2000
WORD = re.compile(r"[^\W\d_]{4,40}")
SIMILARITY_MIN = 0.3
HEADLINED = 20  # hits with a ts_headline snippet: the first page of results
NEWS_LABEL = _("News")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    return (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector("search_text", weight="C", config="dutch")
        + SearchVector("attachment_text", weight="D", config="dutch")
        + SearchVector("title_en", weight="A", config="english")
        + SearchVector("summary_en", weight="B", config="english")
    )


def publication_index(*, publication_ids: Iterable[int]) -> None:
    """Bring the index entries of these publications up to date (PostgreSQL only): published ones get
    their weighted vector computed from their columns, in the database; the others lose their entry."""
    ids = list(publication_ids)
    if not ids or not is_postgresql():
        return
    live = (
        Publication.objects.filter(pk__in=ids, status=Publication.Status.PUBLISHED)
        .annotate(document=_vector())
        .values_list("pk", "document", "published_at")
    )
    select, params = live.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchDocument._meta.db_table} (publication_id, vector, published_at) {select} "  # noqa: S608 (our own compiled query)
            "ON CONFLICT (publication_id) DO UPDATE SET vector = EXCLUDED.vector, published_at = EXCLUDED.published_at",
            params,
        )
    SearchDocument.objects.filter(publication_id__in=ids).exclude(publication__status=Publication.Status.PUBLISHED).delete()


def words_of(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text)}


def vocabulary_add(*, texts: Iterable[str]) -> None:
    """Add the words of newly published text to the "did you mean" vocabulary."""
    words: set[str] = set()
    for text in texts:
        words |= words_of(text)
    if words:
        Term.objects.bulk_create([Term(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=2000)


def vocabulary_rebuild() -> int:
    """The vocabulary from scratch, from what is published now (words of withdrawn texts disappear)."""
    words: set[str] = set()
    fields = ("title", "summary", "search_text", "title_en", "summary_en")
    for row in Publication.objects.published().values_list(*fields).iterator(chunk_size=500):
        for text in row:
            words |= words_of(text or "")
    stale = sorted(set(Term.objects.values_list("word", flat=True)) - words)
    for start in range(0, len(stale), 1000):
        Term.objects.filter(word__in=stale[start : start + 1000]).delete()
    Term.objects.bulk_create([Term(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=2000)
    return len(words)


# ---------- searching ----------


# Irregular Dutch plurals the snowball stemmer does not join: "raadsleden" (raadsled) and "raadslid" (raadslid).
_LEDEN = re.compile(r"(\w+?)(leden|lid)\b", re.IGNORECASE)


def with_plural_variants(text: str) -> str:
    """The query with every "-leden" word in the singular and every "-lid" word in the plural."""
    return _LEDEN.sub(lambda match: match.group(1) + ("lid" if match.group(2).lower() == "leden" else "leden"), text)


def _dutch(text: str):
    query = SearchQuery(text, config="dutch", search_type="websearch")
    variant = with_plural_variants(text)
    return query | SearchQuery(variant, config="dutch", search_type="websearch") if variant != text else query


def _query(text: str):
    return _dutch(text) | SearchQuery(text, config="english", search_type="websearch")


def _snippet_source():
    text = Concat(
        F("summary"), Value(" "), F("search_text"), Value(" "), F("attachment_text"), output_field=TextField()
    )
    return Left(text, SNIPPET_SOURCE_CHARS, output_field=TextField())


def ranked(query: str, limit: int) -> list[tuple[int, float]]:
    """(publication id, rank) of the best `limit` published publications matching `query`."""
    if is_postgresql():
        tsquery = _query(query)
        return list(
            SearchDocument.objects.filter(vector=tsquery, published_at__lte=timezone.now())
            .annotate(rank=SearchRank(F("vector"), tsquery))
            .order_by("-rank", "-published_at")
            .values_list("publication_id", "rank")[:limit]
        )
    words = query_words(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(search_text__icontains=word)
            | Q(attachment_text__icontains=word)
            | Q(title_en__icontains=word)
            | Q(summary_en__icontains=word)
        )
    rows = Publication.objects.published().filter(condition).order_by("-published_at").values_list("pk", flat=True)
    return [(pk, 0.0) for pk in rows[:limit]]


def headlines(query: str, ids: list[int]) -> dict[int, str]:
    """Snippets with the matches marked, for the publications `ids` (one query on PostgreSQL)."""
    if not ids:
        return {}
    rows = Publication.objects.filter(pk__in=ids)
    if is_postgresql():
        rows = rows.annotate(
            headline=SearchHeadline(
                _snippet_source(),
                _dutch(query),
                config="dutch",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    else:
        rows = rows.annotate(headline=Coalesce(_snippet_source(), Value(""), output_field=TextField()))
    return dict(rows.values_list("pk", "headline"))


def query_words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1][:10]


def snippet_html(headline: str, query: str) -> str:
    """Safe HTML of a snippet: escaped text, matches in <mark>."""
    if MARK_START not in headline:  # no ts_headline (SQLite, or past the first pages): mark the words ourselves
        headline = _mark_words(headline, query_words(query))
    text = escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 (escaped above; only our own markers become tags)


def _mark_words(text: str, words: list[str], width: int = 30) -> str:
    """The simple search's snippet: a window of words around the first match, matches marked."""
    tokens = text.split()
    lowered = [token.lower() for token in tokens]
    first = next((i for i, token in enumerate(lowered) if any(word in token for word in words)), 0)
    start = max(0, first - width // 3)
    window = tokens[start : start + width]
    marked = [
        f"{MARK_START}{token}{MARK_STOP}" if any(word in token.lower() for word in words) else token for token in window
    ]
    return ("… " if start else "") + " ".join(marked) + (" …" if start + width < len(tokens) else "")


def _i18n(english: bool, dutch: str, translated: str | None) -> str:
    return translated if english and translated else dutch


def publication_hits(*, query: str, limit: int) -> list[SearchHit]:
    """The registry's search provider: published publications and news matching `query`.

    Ranking covers every match; the costlier highlighted snippets (ts_headline) are made for the best
    HEADLINED only, which fill the first pages. Further hits show their summary with the query's words marked.
    Rows are read as plain values: a search builds up to `limit` hits on every request.
    """
    if not query_words(query):
        return []
    best = ranked(query, limit)
    ids = [pk for pk, _rank in best]
    fields = ("pk", "slug", "type", "title", "title_en", "summary", "summary_en", "published_at",
              "programme__name", "programme__name_en")
    found = {row["pk"]: row for row in Publication.objects.published().filter(pk__in=ids).values(*fields)}
    english = (get_language() or "").startswith("en")
    themes: dict[int, list[str]] = defaultdict(list)
    tagged = Publication.themes.through.objects.filter(publication_id__in=ids).order_by("theme__order", "theme__name")
    for publication_id, name, name_en in tagged.values_list("publication_id", "theme__name", "theme__name_en"):
        themes[publication_id].append(_i18n(english, name, name_en))
    labels = {value: str(NEWS_LABEL if value == Publication.Type.NEWS else label) for value, label in Publication.Type.choices}
    detail_url = {"news": "publications:news_detail"}
    snippets = headlines(query, [pk for pk in ids if pk in found][:HEADLINED])
    hits = []
    for pk, rank in best:
        row = found.get(pk)
        if row is None:  # unpublished since it was indexed
            continue
        published = row["published_at"]
        programme = _i18n(english, row["programme__name"], row["programme__name_en"])
        hits.append(
            SearchHit(
                kind="news" if row["type"] == Publication.Type.NEWS else "publication",
                kind_label=labels[row["type"]],
                title=_i18n(english, row["title"], row["title_en"]),
                url=reverse(detail_url.get(row["type"], "publications:publication_detail"), args=[row["slug"]]),
                snippet=snippet_html(snippets.get(pk) or _i18n(english, row["summary"], row["summary_en"]), query),
                rank=float(rank or 0.0),
                date=timezone.localdate(published),
                facets={
                    "type": [labels[row["type"]]],
                    "theme": themes[pk],
                    "programme": [programme] if programme else [],
                    "year": [str(timezone.localtime(published).year)],
                },
            )
        )
    return hits


def suggest_terms(*, word: str, limit: int) -> list[SearchTerm]:
    """Known words like `word`: the exact word first (similarity 1), then the closest by trigrams."""
    word = word.lower()[:64]
    if Term.objects.filter(word=word).exists():
        return [SearchTerm(word, 1.0)]
    if is_postgresql():
        rows = (
            Term.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=SIMILARITY_MIN)
            .order_by("-similarity", "word")
            .values_list("word", "similarity")[:limit]
        )
        return [SearchTerm(term, float(similarity)) for term, similarity in rows]
    vocabulary = list(Term.objects.values_list("word", flat=True)[:50_000])
    close = difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75)
    return [SearchTerm(term, difflib.SequenceMatcher(None, word, term).ratio()) for term in close]

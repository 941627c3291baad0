"""The site search page: one search box over everything the apps register in `registry.search`.

Each app searches its own content its own way (publications: PostgreSQL full-text search) and returns
its best hits with a rank, a safe snippet and facet values. Here they are merged by rank, counted per
facet (type, theme, programme, year), filtered by the facets the visitor picked, and paged. When nothing
matches, `registry.search_terms` offers a correction per word ("did you mean").

Ranks of different apps are not strictly comparable; each app scales its own between 0 and 1.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import registry
from .pagecache import public_page
from .registry import SearchHit

app_name = "search"

SEARCH_LIMIT = 200  # hits per app: the facets count these
PAGE_SIZE = 20
QUERY_MAX = 200
FACETS: list[tuple[str, str]] = [
    ("type", _("Type")),
    ("theme", _("Theme")),
    ("programme", _("Programme")),
    ("year", _("Year")),
]
FACET_VALUE_MAX = 150
SUGGESTION_CANDIDATES = 3


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=QUERY_MAX,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
        widget=forms.SearchInput(attrs={"autocomplete": "off", "maxlength": QUERY_MAX}),
    )


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: list[FacetValue]
    clear_url: str


def gather(query: str) -> list[SearchHit]:
    """Every app's hits for `query`, best first (newest first among equals)."""
    hits = registry.collect(registry.search, query=query, limit=SEARCH_LIMIT)
    hits.sort(key=lambda hit: (hit.date.toordinal() if hit.date else 0))
    hits.sort(key=lambda hit: hit.rank, reverse=True)
    return hits


def _matches(hit: SearchHit, selected: Mapping[str, str], *, skip: str = "") -> bool:
    return all(value in hit.facets.get(key, ()) for key, value in selected.items() if key != skip and value)


def _url(query: str, selected: Mapping[str, str], **changes: str) -> str:
    params = {"q": query, **{key: value for key, value in selected.items() if value}}
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    return "?" + urlencode(params)


def facets_for(hits: Sequence[SearchHit], query: str, selected: Mapping[str, str]) -> list[Facet]:
    """Counts per facet value; each facet counts the hits that match the *other* chosen facets."""
    facets = []
    for key, title in FACETS:
        counts: Counter[str] = Counter()
        for hit in hits:
            if _matches(hit, selected, skip=key):
                counts.update(set(hit.facets.get(key, ())))
        if selected.get(key) and selected[key] not in counts:
            counts[selected[key]] = 0  # a chosen value that matches nothing stays visible, so it can be removed
        if not counts:
            continue
        if key == "year":
            ordered = sorted(counts.items(), key=lambda item: item[0], reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        values = [
            FacetValue(value, count, selected.get(key) == value, _url(query, selected, **{key: value}))
            for value, count in ordered
        ]
        facets.append(Facet(key, str(title), values, _url(query, selected, **{key: ""})))
    return facets


def suggestion_for(query: str) -> str:
    """The query with each unknown word replaced by the closest known one; empty when nothing changes."""
    words = query.split()
    changed = False
    corrected = []
    for word in words[:10]:
        bare = word.strip(".,;:!?\"'()").lower()
        if len(bare) < 4 or not bare.isalpha():
            corrected.append(word)
            continue
        terms = registry.collect(registry.search_terms, word=bare, limit=SUGGESTION_CANDIDATES)
        if not terms or any(term.similarity >= 1.0 for term in terms):
            corrected.append(word)
            continue
        best = max(terms, key=lambda term: term.similarity)
        corrected.append(best.word)
        changed = True
    return " ".join(corrected) if changed else ""


@public_page
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    selected = {key: request.GET.get(key, "")[:FACET_VALUE_MAX] for key, _title in FACETS}
    hits = gather(query) if query else []
    shown = [hit for hit in hits if _matches(hit, selected)]
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    suggestion = suggestion_for(query) if query and not hits else ""
    context = {
        "form": form,
        "query": query,
        "hits_total": len(shown),
        "page_obj": page,
        "facets": facets_for(hits, query, selected),
        "filtered": any(selected.values()),
        "clear_url": _url(query, {}),
        "suggestion": suggestion,
        "suggestion_url": _url(suggestion, {}) if suggestion else "",
        "capped": any(count >= SEARCH_LIMIT for count in Counter(hit.kind for hit in hits).values()),
        "page_query": _url(query, selected),
    }
    return render(request, "portal/search.html", context)


urlpatterns = [path("", search, name="search")]

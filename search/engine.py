"""The search function: candidates, matching, ranking, counting, facets, suggestions.

The result page, the live search, the admin and the benchmarks all call
these. Candidates come from the index's ``visible()`` rule and the filters.
Each search reads one *window* from the backend: the newest matches among
the candidates, at most ``window_size()`` of them. Everything the page shows
comes from it, so no query walks every match of a common word:

- the count, exact up to ``RESULT_CAP`` ("More than 1,000 results" past
  it; the pages offer no more than that anyway);
- the order: by relevance (every word in the title first, then the
  backend's score, then newest) or newest first, among the window's
  matches: the newest ``RANKED`` matches are the ones ranked;
- the facets, counted among the window's matches, with "+" when the window
  is full (see ``facets``).

Every query of a request runs within ``settings.SEARCH_TIMEOUT_MS``; past it
``SearchTimeout`` is raised and the page says the search took too long.
"""

import itertools
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from posts.models import Category

from .backends import BOTH_FIELDS, Match, get_backend
from .documents import SOURCES
from .highlight import Highlighter
from .models import SearchEntry
from .query import parse
from .vocabulary import expand

RESULT_CAP = 1000
RANKED = 1000
MAX_SUGGESTION_WORDS = 8
MAX_CORRECTIONS = 3
PER_PAGE = 20
LIVE_RESULTS = 8
# As-you-type results rank the newest this many matches.
LIVE_WINDOW = 100
RELEVANCE = "relevance"
NEWEST = "newest"
# The post-type checkboxes of the old site, in its words.
KIND_CHOICES = [
    (SearchEntry.Kind.POST, _("Posts")),
    (SearchEntry.Kind.PAGE, _("Pages")),
    (SearchEntry.Kind.MEDIA, _("Media")),
]


@dataclass(frozen=True)
class SearchRequest:
    """The text part of what a visitor asked for, validated (see filters.SearchFilterSet).

    Types and categories narrow the candidates, a SearchEntry queryset that
    every function here takes beside the request.
    """

    text: str = ""
    exact: bool = False
    fields: frozenset = BOTH_FIELDS
    sort: str = RELEVANCE
    filtered: bool = False

    @cached_property
    def query(self):
        return parse(self.text, exact=self.exact)


@dataclass
class SearchResults:
    request: SearchRequest
    entries: list = field(default_factory=list)
    total: int = 0

    @property
    def capped(self):
        return self.total > RESULT_CAP

    @property
    def shown_total(self):
        return min(self.total, RESULT_CAP)


@dataclass
class SearchPage:
    """Everything the result page shows: the results, their page, facets, a suggestion."""

    search: SearchRequest
    results: SearchResults
    page_obj: Page
    facets: dict
    suggestion: str | None


def window_size():
    """How many matches a search reads: enough to rank ``RANKED`` and to count past the cap."""
    return max(RANKED, RESULT_CAP + 1)


def limits():
    """Wrap a request's searches in this: the backend stops them past the time allowed."""
    return get_backend().limits(settings.SEARCH_TIMEOUT_MS)


def search_page(filterset, page_number, *, per_page=PER_PAGE):
    """One page of results for a validated ``filters.SearchFilterSet``.

    The one entry point of a search: the result page, the tests and the
    benchmarks all call it, so what is tested and measured is what is
    served. Any page number is answered: not a number means the first page,
    past the end the last one (``Paginator.get_page``), as visitors expect.
    Raises ``SearchTimeout`` when the search takes too long.
    """
    request = filterset.search_request()
    with limits():
        words = None if request.query.is_empty else expand(request.query)
        found = matches(request, words, filterset.qs)
        results = SearchResults(request, total=min(len(found), RESULT_CAP + 1))
        page = Paginator(range(results.shown_total), per_page).get_page(page_number)
        offset = page.start_index() - 1 if results.total else 0
        ids = [match.id for match in ordered(request, found)][offset : offset + per_page]
        results.entries = load_entries(ids, request.query)
        return SearchPage(
            search=request,
            results=results,
            page_obj=page,
            facets=facets(request, words, found, filterset),
            suggestion=None if results.total else suggestion(request, filterset.qs),
        )


def matches(request, words, candidates):
    """The request's window: its newest matches among ``candidates``, newest first.

    Without words, a filtered request lists its candidates; an unfiltered
    one lists nothing.
    """
    if words is None:
        if not request.filtered:
            return []
        newest = candidates.order_by("-published_at", "-pk")
        rows = list(newest.values_list("pk", "kind", "published_at")[: window_size()])
        filed = {}
        through = SearchEntry.categories.through.objects.filter(
            searchentry_id__in=[pk for pk, _kind, _date in rows]
        )
        for entry_id, category_id in through.values_list("searchentry_id", "category_id"):
            filed.setdefault(entry_id, []).append(category_id)
        return [
            Match(pk, kind, published_at, False, 0.0, tuple(filed.get(pk, ())))
            for pk, kind, published_at in rows
        ]
    return get_backend().window(candidates, words, fields=request.fields, size=window_size())


def ordered(request, found):
    """The window in the order asked for: newest first, or by relevance."""
    newest = sorted(found, key=lambda match: (match.published_at, match.id), reverse=True)
    if request.sort == NEWEST or request.query.is_empty:
        return newest
    return sorted(newest, key=relevance)


def relevance(match):
    """Every word in the title first, then the backend's score (a stable sort: ties newest
    first)."""
    return (not match.in_title, -match.score)


def load_entries(ids, query):
    """The entries, in the given order, with their categories and highlighted text."""
    by_id = SearchEntry.objects.prefetch_related("categories").in_bulk(ids)
    texts = {}
    for source in {entry.source for entry in by_id.values()}:
        objects = [entry.object_id for entry in by_id.values() if entry.source == source]
        texts[source] = SOURCES[source].texts(objects)
    highlighter = Highlighter(query)
    entries = []
    for pk in ids:
        entry = by_id[pk]
        entry.body = texts[entry.source].get(entry.object_id, "")
        entry.title_html = highlighter.title(entry.title)
        entry.snippet = highlighter.snippet(entry.body)
        entries.append(entry)
    return entries


def facets(request, words, found, filterset):
    """Counts per type and per top-level category, among the window's matches.

    Each dimension is counted among candidates filtered by everything but
    itself, so the counts show what choosing another type or category
    gives: when that filter is in use, its dimension reads a window of its
    own. A full window (more than ``RESULT_CAP`` matches) makes every count
    a lower bound, shown with "+".
    """
    if request.query.is_empty and not request.filtered:
        return {"kinds": [], "categories": [], "capped": False, "cap": RESULT_CAP}
    chosen = filterset.form.cleaned_data
    by_kind = found
    if chosen.get("type"):
        by_kind = matches(request, words, filterset.candidates_without("type"))
    by_category = found
    if chosen.get("category"):
        by_category = matches(request, words, filterset.candidates_without("category"))
    kinds = Counter(match.kind for match in by_kind)
    return {
        "kinds": [(value, label, kinds.get(value, 0)) for value, label in KIND_CHOICES],
        "categories": category_counts(by_category),
        "capped": max(len(by_kind), len(by_category)) > RESULT_CAP,
        "cap": RESULT_CAP,
    }


def category_counts(found):
    """[(top-level category, entries filed under it or below)] among ``found``, by name."""
    roots, root_of = top_categories()
    under = Counter(
        itertools.chain.from_iterable(
            {root_of[category] for category in match.categories} for match in found
        )
    )
    return [(root, under[root.pk]) for root in roots if under[root.pk]]


def top_categories():
    """Top-level categories by name, and each category's top-level ancestor id."""
    categories = Category.objects.tree()
    roots = sorted((c for c in categories if c.parent_id is None), key=lambda c: c.name.casefold())
    root_by_slug = {root.slug: root.pk for root in roots}
    root_of = {c.pk: root_by_slug[c.path.split("/", 1)[0]] for c in categories}
    return roots, root_of


def suggestion(request, candidates):
    """A corrected query built from the site's own words, if it finds results.

    Only unknown words are replaced, each by a similar word that visitors can
    find (``occurs`` among the visible candidates), and excluded words are
    never corrected: either could otherwise reveal words that appear only in
    drafts or private posts. Long queries get no suggestion, and at most
    ``MAX_CORRECTIONS`` words are corrected, so the work stays bounded.
    """
    query, backend = request.query, get_backend()
    typed = [word for term in query.exact_terms for word in term.words]
    if query.is_empty or len(typed) > MAX_SUGGESTION_WORDS:
        return None
    replaced, corrections = [], 0
    for term in query.exact_terms:
        words = list(term.words)
        if not term.negated:
            for index, word in enumerate(words):
                if corrections == MAX_CORRECTIONS or not correctable(word, candidates):
                    continue
                similar = (w for w in backend.similar_words(word) if occurs(w, candidates))
                if correction := next(similar, None):
                    words[index] = correction
                    corrections += 1
        text = " ".join(words)
        text = f'"{text}"' if term.is_phrase else text
        replaced.append(f"-{text}" if term.negated else text)
    if not corrections:
        return None
    corrected = replace(request, text=" ".join(replaced))
    found = backend.window(candidates, expand(corrected.query), fields=corrected.fields, size=1)
    return corrected.text if found else None


def correctable(word, candidates):
    return len(word) > 3 and not word.isdigit() and not occurs(word, candidates)


def occurs(word, candidates):
    """Whether ``word``, as typed, is in any of the candidates."""
    words = expand(parse(word, exact=True))
    return bool(get_backend().window(candidates, words, fields=BOTH_FIELDS, size=1))


def live(text):
    """The top results for the header box as you type: no count, no snippets.

    The last word also finds the words it begins ("quok" finds "Quokka"),
    and the newest ``LIVE_WINDOW`` matches are ranked.
    """
    query = parse(text)
    if query.is_empty:
        return []
    with limits():
        found = get_backend().window(
            SearchEntry.objects.visible(),
            expand(query, complete_last=True),
            fields=BOTH_FIELDS,
            size=LIVE_WINDOW,
        )
        ranked = ordered(SearchRequest(text), found)
        ids = [match.id for match in ranked[:LIVE_RESULTS]]
        rows = SearchEntry.objects.in_bulk(ids)
    return [
        {
            "title": rows[pk].title,
            "type": rows[pk].get_kind_display(),
            "date": rows[pk].published_at.date().isoformat() if rows[pk].published_at else None,
            "url": rows[pk].url,
            "thumbnail": rows[pk].thumbnail_url or None,
        }
        for pk in ids
    ]


def admin_matches(text, source):
    """Ids of objects of ``source`` matching ``text``, whatever their status (for the admin)."""
    query = parse(text)
    if query.is_empty:
        return None
    entries = SearchEntry.objects.filter(source=source)
    return get_backend().matching(entries, expand(query), fields=BOTH_FIELDS).values("object_id")

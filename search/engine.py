"""The search function: candidates, matching, ranking, counting, facets, suggestions.

The result page, the live search, the admin and the benchmarks all call
these. Candidates come from the index's ``visible()`` rule and the filters;
the backend matches, ranks and counts; exact counting stops at
``RESULT_CAP`` ("1,000+ results") because nobody reads that far and counting
every match of a common word is what makes naive searches slow.
"""

from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from posts.models import Category

from .backends import BOTH_FIELDS, get_backend
from .highlight import Highlighter
from .models import SearchEntry
from .query import parse

RESULT_CAP = 1000
MAX_SUGGESTION_WORDS = 8
MAX_CORRECTIONS = 3
PER_PAGE = 20
LIVE_RESULTS = 8
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


def planning():
    """Wrap a request's searches in this, so the backend plans them once (see backends)."""
    return get_backend().planning()


def search_page(filterset, page_number, *, per_page=PER_PAGE):
    """One page of results for a validated ``filters.SearchFilterSet``.

    The one entry point of a search: the result page, the tests and the
    benchmarks all call it, so what is tested and measured is what is
    served. Any page number is answered: not a number means the first page,
    past the end the last one (``Paginator.get_page``), as visitors expect.
    The backend's planner settings cover every query of the page.
    """
    request = filterset.search_request()
    candidates = filterset.qs
    with planning():
        found = SearchResults(request, total=count(request, candidates))
        page = Paginator(range(found.shown_total), per_page).get_page(page_number)
        offset = page.start_index() - 1 if found.total else 0
        found.entries = result_page(request, candidates, offset, per_page)
        return SearchPage(
            search=request,
            results=found,
            page_obj=page,
            facets=facets(
                request,
                filterset.candidates_without("type"),
                filterset.candidates_without("category"),
            ),
            suggestion=None if found.total else suggestion(request, candidates),
        )


def count(request, candidates):
    """How many candidates match, counted no further than the cap plus one.

    Without words, a filtered request lists its candidates; an unfiltered
    one lists nothing.
    """
    if request.query.is_empty:
        return candidates.values("pk")[: RESULT_CAP + 1].count() if request.filtered else 0
    return get_backend().count(candidates, request.query, fields=request.fields, cap=RESULT_CAP)


def result_page(request, candidates, offset, limit):
    """The entries from ``offset``, with their categories and highlighted text."""
    return load_entries(ranked_ids(request, candidates, offset, limit), request.query)


def ranked_ids(request, candidates, offset, limit):
    """Ids of the matching entries from ``offset``: by relevance (then date), or newest first."""
    query = request.query
    if query.is_empty:
        if not request.filtered:
            return []
        ordered = candidates.order_by("-published_at", "-pk")
        return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
    return get_backend().search(
        candidates,
        query,
        fields=request.fields,
        newest_first=request.sort == NEWEST,
        offset=offset,
        limit=limit,
    )


def load_entries(ids, query):
    """The entries, in the given order, with their categories and highlighted text."""
    by_id = SearchEntry.objects.prefetch_related("categories").in_bulk(ids)
    highlighter = Highlighter(query)
    entries = []
    for pk in ids:
        entry = by_id[pk]
        entry.title_html = highlighter.title(entry.title)
        entry.snippet = highlighter.snippet(entry.body)
        entries.append(entry)
    return entries


def matching(request, candidates):
    if request.query.is_empty:
        return candidates
    return get_backend().matching(candidates, request.query, fields=request.fields)


def facets(request, kind_candidates, category_candidates):
    """Counts per type and per top-level category for the current query.

    Each dimension is counted among candidates filtered by everything but
    itself, so the counts show what choosing another type or category gives.
    """
    if request.query.is_empty and not request.filtered:
        return {"kinds": [], "categories": []}
    with get_backend().planning():
        return count_facets(request, kind_candidates, category_candidates)


def count_facets(request, kind_candidates, category_candidates):
    kinds = dict(
        matching(request, kind_candidates)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    roots, root_of = top_categories()
    through = SearchEntry.categories.through.objects.filter(
        searchentry__in=matching(request, category_candidates)
    )
    per_root = dict(
        through.annotate(
            root=Case(
                *[When(category_id=pk, then=Value(root)) for pk, root in root_of.items()],
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values_list("root")
        .annotate(n=Count("searchentry_id", distinct=True))
        .values_list("root", "n")
    )
    return {
        "kinds": [(value, label, kinds.get(value, 0)) for value, label in KIND_CHOICES],
        "categories": [(root, per_root[root.pk]) for root in roots if per_root.get(root.pk)],
    }


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
    if get_backend().count(candidates, corrected.query, fields=corrected.fields, cap=0):
        return corrected.text
    return None


def correctable(word, candidates):
    return len(word) > 3 and not word.isdigit() and not occurs(word, candidates)


def occurs(word, candidates):
    """Whether ``word``, as typed, is in any of the candidates."""
    query = parse(word, exact=True)
    return get_backend().count(candidates, query, fields=BOTH_FIELDS, cap=0) > 0


def live(text):
    """The top results for the header box as you type: no count, no snippets."""
    query = parse(text)
    if query.is_empty:
        return []
    with planning():
        ids = get_backend().search(
            SearchEntry.objects.visible(),
            query,
            fields=BOTH_FIELDS,
            newest_first=False,
            offset=0,
            limit=LIVE_RESULTS,
        )
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
    return get_backend().matching(entries, query, fields=BOTH_FIELDS).values("object_id")

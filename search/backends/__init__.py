"""The full-text backends behind one small interface, chosen by the database in use.

Both store the words of search.text as written and receive queries already
expanded into indexed words (search.vocabulary), so they agree on what
matches; each keeps its own index structures (see the migrations) and
scores relevance in its own way.

A search reads one *window* per request: the newest matches among the
candidates, at most a given number, each with what ranking, counting and
facets need. Every candidate is matched, and every exact phrase verified,
once, inside that one query; nothing else scans the matches.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

TITLE = "title"
CONTENT = "content"
BOTH_FIELDS = frozenset({TITLE, CONTENT})


class SearchTimeout(Exception):
    """A search ran past ``settings.SEARCH_TIMEOUT_MS`` and was stopped."""


@dataclass(frozen=True)
class Match:
    """One entry of a window."""

    id: int
    kind: str
    published_at: datetime
    in_title: bool  # every required term is in the title
    score: float  # the backend's relevance: higher is better
    categories: tuple = ()  # ids of the categories the entry is filed under


@dataclass(frozen=True)
class Written:
    """An entry's words to store: ``analysis.Analysed``, rendered by ``render``.

    ``words_changed`` is False when only the entry's other fields changed:
    backends then keep the words they have, unless they order them by date
    and ``date_changed``.
    """

    entry_id: int
    published_at: datetime | None
    analysed: object
    words_changed: bool
    date_changed: bool


# The entry's fields an upsert writes; the first two identify it.
ENTRY_FIELDS = (
    "source",
    "object_id",
    "kind",
    "title",
    "language",
    "is_listed",
    "published_at",
    "url",
    "thumbnail_url",
    "fingerprint",
    "words_fingerprint",
)


class SearchBackend:
    """What the rest of the site may ask of a backend."""

    # Turns a list of words into what the backend stores; runs in worker processes.
    render = None

    def save_entries(self, entries, analysed):
        """Insert or update ``entries`` (unsaved ``SearchEntry`` objects; their ids are set).

        Returns whether their words (``analysed``) were stored with them; if
        not, ``write`` stores them next.
        """
        from ..models import SearchEntry

        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=ENTRY_FIELDS[:2],
            update_fields=ENTRY_FIELDS[2:],
        )
        return False

    def write(self, written):
        """Store the words of ``written`` (``Written`` items), when ``save_entries`` did not."""
        raise NotImplementedError

    def delete(self, entry_ids):
        """Forget the words of these entries (called before the entries are deleted)."""
        raise NotImplementedError

    def start_full_rebuild(self):
        """Before a full rebuild: drop what is cheaper to build once at the end."""

    def finish_rebuild(self):
        """After any rebuild: build what a full rebuild dropped (even one interrupted
        earlier), and let the database take stock of the new contents."""

    def stale_rows(self):
        """How many rows the backend keeps for words no entry holds any more."""
        return 0

    def window(self, candidates, query, *, fields, size):
        """The newest ``size`` candidates matching ``query`` (a ``vocabulary.WordQuery``),
        as ``Match`` items, newest first."""
        raise NotImplementedError

    def matching(self, candidates, query, *, fields):
        """``candidates`` (a SearchEntry queryset) narrowed to those matching ``query``."""
        raise NotImplementedError

    def limits(self, timeout_ms):
        """A context bounding the queries inside to ``timeout_ms``: past it they stop and
        ``SearchTimeout`` is raised. Re-entrant."""
        return nullcontext()

    def completions(self, prefix, *, limit):
        """(word, documents) of the most common indexed words beginning with ``prefix``."""
        raise NotImplementedError

    def similar_words(self, word, *, limit=5):
        """Indexed words spelled like ``word``, most likely first."""
        raise NotImplementedError


def get_backend():
    from .postgres import PostgresBackend
    from .sqlite import SQLiteBackend

    backends = {"postgresql": PostgresBackend, "sqlite": SQLiteBackend}
    try:
        return backends[connection.vendor]()
    except KeyError as error:
        raise RuntimeError(f"No search backend for {connection.vendor}.") from error

"""The full-text backends behind one small interface, chosen by the database in use.

Both receive text already normalised, cut into words and stemmed by
search.text, so they agree on what matches; each keeps its own index
structures (see the 0002 migration) and ranks in its own way.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection

from ..documents import LEAD_WORDS
from ..text import stems, words

TITLE = "title"
CONTENT = "content"
BOTH_FIELDS = frozenset({TITLE, CONTENT})


@dataclass(frozen=True)
class IndexedText:
    """A document's words as the backends store them: as typed and stemmed."""

    title_words: str
    body_words: str
    title_stems: str
    body_stems: str
    lead_stems: str

    @classmethod
    def of(cls, document):
        title = words(document.title)
        body = words(document.searchable_body)
        body_stems = stems(body)
        return cls(
            title_words=" ".join(title),
            body_words=" ".join(body),
            title_stems=" ".join(stems(title)),
            body_stems=" ".join(body_stems),
            lead_stems=" ".join(body_stems[:LEAD_WORDS]),
        )


class SearchBackend:
    """What the rest of the site may ask of a backend."""

    def write(self, entries, *, bulk=False):
        """Store the words of ``entries``: (SearchEntry id, IndexedText) pairs."""
        raise NotImplementedError

    def delete(self, entry_ids):
        raise NotImplementedError

    def matching(self, candidates, query, *, fields):
        """``candidates`` (a SearchEntry queryset) narrowed to those matching ``query``."""
        raise NotImplementedError

    def search(self, candidates, query, *, fields, newest_first, offset, limit):
        """Ids of matching candidates, by relevance (then date) or newest first."""
        raise NotImplementedError

    def count(self, candidates, query, *, fields, cap):
        """How many candidates match, counting no further than ``cap`` + 1."""
        raise NotImplementedError

    def planning(self):
        """A context to run queries built on ``matching()`` in (facets, for instance)."""
        return nullcontext()

    def bulk_writing(self):
        """A context for a rebuild's many writes."""
        return nullcontext()

    def similar_words(self, word, *, limit=5):
        """Indexed words spelled like ``word``, most likely first."""
        raise NotImplementedError

    def refresh_vocabulary(self):
        """Recompute whatever the suggestions read, after a bulk rebuild."""


def get_backend():
    from .postgres import PostgresBackend
    from .sqlite import SQLiteBackend

    backends = {"postgresql": PostgresBackend, "sqlite": SQLiteBackend}
    try:
        return backends[connection.vendor]()
    except KeyError as error:
        raise RuntimeError(f"No search backend for {connection.vendor}.") from error

"""The indexed vocabulary, and queries expanded into the words it holds.

Both backends index words as written (normalised, unstemmed), so an exact
phrase or a prefix is a plain index lookup. The stemmed (default) mode asks
instead for every indexed word sharing the stem: ``protest`` becomes
``protest | protests | protested | protesters``, a phrase becomes the same
alternatives at each place. The expansion is computed once, here, from the
``Word`` table, so PostgreSQL and SQLite match exactly the same entries.

Expansion is bounded, so no query grows without limit: a stem keeps its
``MAX_SPELLINGS`` most common spellings, a phrase its ``MAX_PHRASE_SPELLINGS``
most common combinations, and a prefix its ``MAX_COMPLETIONS`` most common
completions (most common: in most entries, as counted by the last full
rebuild).
"""

import itertools
import math
from dataclasses import dataclass

from django.db import connection, transaction

from .backends import get_backend
from .models import Word
from .text import stem

MAX_SPELLINGS = 64
MAX_PHRASE_SPELLINGS = 64
MAX_COMPLETIONS = 20
BATCH = 500
# A last word shorter than this is not completed: "i" would be every word.
MIN_PREFIX = 2


@dataclass(frozen=True)
class Pattern:
    """One term of a query in indexed words: at each place of the phrase, the words
    that may stand there (one place for a single word).

    ``estimate`` bounds how many entries can match, from the vocabulary's
    counts: backends choose how to look for the matches by it.
    """

    places: tuple[tuple[str, ...], ...]
    negated: bool = False
    estimate: int = 0

    @classmethod
    def of(cls, places, negated, documents):
        places = tuple(tuple(words) for words in places)
        estimate = min(sum(documents.get(word, 0) for word in words) for words in places)
        return cls(places, negated, estimate)

    @property
    def is_phrase(self):
        return len(self.places) > 1

    @property
    def impossible(self):
        """No indexed word can stand at some place: the term matches nothing."""
        return any(not words for words in self.places)

    def spellings(self):
        """Every phrase the pattern stands for, as tuples of words."""
        return itertools.product(*self.places)


@dataclass(frozen=True)
class WordQuery:
    """A parsed query in indexed words, ready for a backend."""

    patterns: tuple[Pattern, ...]

    @property
    def positive(self):
        return [pattern for pattern in self.patterns if not pattern.negated]

    @property
    def negative(self):
        return [p for p in self.patterns if p.negated and not p.impossible]

    @property
    def matches_nothing(self):
        """True when no entry can match: a required term has a place no word fills."""
        positive = self.positive
        return not positive or any(pattern.impossible for pattern in positive)

    @property
    def has_phrase(self):
        return any(pattern.is_phrase for pattern in self.patterns)

    @property
    def estimate(self):
        """At most this many entries match (the rarest required term's count)."""
        return min((pattern.estimate for pattern in self.positive), default=0)


def expand(query, *, complete_last=False):
    """``query`` (a ``query.ParsedQuery``) in indexed words.

    In the exact mode the words are taken as typed (a word the index does
    not hold matches nothing). Otherwise each stem becomes its indexed
    spellings; with ``complete_last`` (as-you-type search) the last word
    typed also stands for the words it begins.
    """
    if query.exact:
        typed = {word for term in query.exact_terms for word in term.words}
        documents = dict(Word.objects.filter(word__in=typed).values_list("word", "documents"))
        return WordQuery(
            tuple(
                Pattern.of(
                    [(word,) if word in documents else () for word in term.words],
                    term.negated,
                    documents,
                )
                for term in query.exact_terms
            )
        )
    spellings, documents = spellings_of({word for term in query.terms for word in term.words})
    places = [[spellings.get(word, ()) for word in term.words] for term in query.terms]
    if complete_last:
        complete(places, query, documents)
    return WordQuery(
        tuple(
            Pattern.of(bounded(term_places, typed.words, documents), term.negated, documents)
            for term_places, term, typed in zip(places, query.terms, query.exact_terms, strict=True)
        )
    )


def spellings_of(stems):
    """{stem: its indexed words, most common first}, and {word: documents}."""
    found, documents = {}, {}
    rows = Word.objects.filter(stem__in=stems).order_by("-documents", "word")
    for word_stem, word, count in rows.values_list("stem", "word", "documents"):
        found.setdefault(word_stem, []).append(word)
        documents[word] = count
    return {key: tuple(words[:MAX_SPELLINGS]) for key, words in found.items()}, documents


def complete(places, query, documents):
    """Let the last word typed also stand for the words it begins (in ``places``)."""
    for index in range(len(places) - 1, -1, -1):
        if query.terms[index].negated:
            continue
        typed = query.exact_terms[index].words[-1]
        if len(typed) >= MIN_PREFIX:
            completions = get_backend().completions(typed, limit=MAX_COMPLETIONS)
            documents.update(completions)
            places[index][-1] = tuple(dict.fromkeys((*places[index][-1], *dict(completions))))
        return


def bounded(places, typed, documents):
    """The places with their least common spellings dropped until a phrase stands for at
    most ``MAX_PHRASE_SPELLINGS`` phrases: from the place with the most alternatives
    first, never the word as typed."""
    places = [list(words) for words in places]
    while len(places) > 1 and math.prod(len(words) for words in places) > MAX_PHRASE_SPELLINGS:
        index = max(range(len(places)), key=lambda i: len(places[i]))
        places[index].sort(
            key=lambda word, i=index: (word != typed[i], -documents.get(word, 0), word)
        )
        places[index].pop()
    return places


def known():
    """Every word of the vocabulary (a rebuild adds only words outside it)."""
    return set(Word.objects.values_list("word", flat=True))


def record(counts, *, known=None):
    """Add the words of freshly written entries that it lacks (``counts``: how many of
    those entries hold each word).

    Only new words are written, with the count of their first entries;
    counts are made exact by a full rebuild (``recount``). ``known``, a set
    of words already in the vocabulary, saves looking them up (a rebuild
    keeps one, and it is added to).
    """
    if known is None:
        known = present(counts.keys())
    new = counts.keys() - known
    known.update(new)
    insert({word: counts[word] for word in new})


def present(words):
    """Which of ``words`` the vocabulary holds."""
    words, found = sorted(words), set()
    for start in range(0, len(words), BATCH):
        batch = words[start : start + BATCH]
        found.update(Word.objects.filter(word__in=batch).values_list("word", flat=True))
    return found


@transaction.atomic
def recount(counts):
    """The vocabulary of a full rebuild: exactly its words, with their counts.

    On PostgreSQL the old rows go with TRUNCATE: deleted rows would stay in
    the table and its four indexes as dead space, doubling their size.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {Word._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {Word._meta.db_table}")
    insert(counts)


def insert(counts):
    rows = sorted(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.execute(
                "INSERT INTO search_word (word, stem, documents) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(batch))
                + " ON CONFLICT (word) DO NOTHING",
                [value for word, count in batch for value in (word, stem(word), count)],
            )

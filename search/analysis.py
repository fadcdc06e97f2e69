"""A document's text as the index stores it.

Normalising and cutting words (search.text) and rendering them for the
database is much of the work of writing an entry. The backends pick the
rendering: PostgreSQL reads a tsvector literal, SQLite's FTS5 the words
themselves.
"""

import hashlib
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from .text import words

# A tsvector holds positions up to 16,383 (later words share the last one, as
# with to_tsvector) and 256 positions of each word.
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 256


@dataclass(frozen=True)
class Analysed:
    """What one entry stores: its title and body rendered for the backend, and a hash
    of its words (unchanged words are not written again)."""

    title: str
    body: str
    fingerprint: str


def analyse(texts, render):
    """[``Analysed``] of ``texts`` ((title, body) pairs), and how many of them hold each word.

    ``render`` turns a list of words into what the backend stores (``spaced``
    or ``tsvector_literal``).
    """
    analysed, distinct = [], []
    for title, body in texts:
        title_words, body_words = words(title), words(body)
        stored_title, stored_body = render(title_words), render(body_words)
        stored = f"{stored_title}\n{stored_body}".encode()
        analysed.append(
            Analysed(
                title=stored_title,
                body=stored_body,
                fingerprint=hashlib.blake2b(stored, digest_size=16).hexdigest(),
            )
        )
        distinct.append(set(title_words).union(body_words))
    return analysed, Counter(itertools.chain.from_iterable(distinct))


def spaced(word_list):
    """The words separated by spaces: FTS5 cuts them back at the spaces."""
    return " ".join(word_list)


def tsvector_literal(word_list):
    """The words as a tsvector literal (``'word':1,5 'other':2``), positions from 1.

    Built here rather than with ``to_tsvector``, whose parser has its own idea
    of a word; the literal stores exactly the words of search.text. Those are
    runs of letters and digits, so nothing in them needs quoting.
    """
    positions = defaultdict(list)
    for position, word in enumerate(word_list, start=1):
        positions[word].append(position)
    if len(word_list) > MAX_POSITION:
        for word, places in positions.items():
            positions[word] = sorted({min(place, MAX_POSITION) for place in places})
    return " ".join(
        f"'{word}':{','.join(map(str, places[:MAX_POSITIONS_PER_WORD]))}"
        for word, places in positions.items()
    )

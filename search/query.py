"""What the visitor typed, parsed into terms the backends can run.

Syntax (both modes are total: every input parses, none raises):
- words: all must match (stemmed, ignoring stop words unless nothing else is left);
- ``"quoted phrases"``: the words in this order, stop words included;
- ``-word`` and ``-"phrase"``: results must not contain them;
- a word joined by punctuation (``PMOI/MEK``, ``Auvers-sur-Oise``) is a phrase
  of its parts; ``NCRI's`` is ``NCRI``;
- operators of either database (``AND OR NOT NEAR & | ! ( ) : * ^``) are just
  words or punctuation, and an unmatched ``"`` is ignored.
In the exact mode the whole input is one phrase, word for word, unstemmed.
"""

import re
from dataclasses import dataclass, field

from .text import STOP_WORDS, stems, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CHUNK_RE = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One thing to match: a word, or words that must stand together in order."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """Terms to match, in two spellings: stemmed (default mode) and as typed (exact)."""

    terms: tuple[Term, ...] = ()
    exact_terms: tuple[Term, ...] = ()
    exact: bool = False
    ignored_stop_words: tuple[str, ...] = field(default=())

    @property
    def matching_terms(self):
        """The terms the backends match with: as typed in the exact mode, else stemmed."""
        return self.exact_terms if self.exact else self.terms

    @property
    def positive(self):
        return [term for term in self.matching_terms if not term.negated]

    @property
    def is_empty(self):
        return not self.positive

    def highlight_words(self):
        """Normalised words whose occurrences deserve a <mark>."""
        return {word for term in self.exact_terms if not term.negated for word in term.words}


def clean(text):
    """The query with control characters (NUL included) removed, trimmed to the limit."""
    return CONTROL_RE.sub(" ", text or "").strip()[:MAX_QUERY_LENGTH]


def parse(text, exact=False):
    """Parse a visitor's query; never raises, whatever the input."""
    text = clean(text)
    if exact:
        typed = tuple(words(text.replace('"', " ")))
        if not typed:
            return ParsedQuery(exact=True)
        term = Term(typed)
        return ParsedQuery(terms=(Term(tuple(stems(typed))),), exact_terms=(term,), exact=True)

    typed_terms = []
    for match in CHUNK_RE.finditer(text):
        quoted_sign, quoted, sign, bare = match.groups()
        negated = (quoted_sign or sign) == "-"
        chunk_words = tuple(words(quoted if quoted is not None else bare))
        if chunk_words:
            typed_terms.append(Term(chunk_words, negated))
    typed_terms = dedupe(typed_terms)[:MAX_TERMS]

    meaningful = [term for term in typed_terms if term.is_phrase or term.words[0] not in STOP_WORDS]
    positive_left = [term for term in meaningful if not term.negated]
    kept = meaningful if positive_left else typed_terms
    ignored = tuple(term.words[0] for term in typed_terms if term not in kept and not term.negated)
    return ParsedQuery(
        terms=tuple(Term(tuple(stems(term.words)), term.negated) for term in kept),
        exact_terms=tuple(kept),
        ignored_stop_words=ignored,
    )


def dedupe(terms):
    seen, unique = set(), []
    for term in terms:
        if term not in seen:
            seen.add(term)
            unique.append(term)
    return unique

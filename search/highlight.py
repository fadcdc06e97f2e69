"""Snippets with the matched words marked, computed the same way for both backends.

The stored text is as the author wrote it (Arabic or Persian letters,
zero-width non-joiners, possessives); the query is normalised. Each query
word becomes a pattern tolerant of those differences, and a candidate is
marked only if it normalises (and, outside the exact mode, stems) to a query
word. Everything else is escaped: a snippet never carries editor HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import normalise, stem

SNIPPET_CHARS = 240
INVISIBLE = "[\u064b-\u065f\u0670\u0640\u200b-\u200f]*"
VARIANTS = {
    "\u06cc": "[\u06cc\u064a\u0649]",  # Persian yeh, Arabic yeh, alef maksura
    "\u06a9": "[\u06a9\u0643]",  # keheh, Arabic kaf
    **{str(d): f"[{d}{chr(0x06F0 + d)}{chr(0x0660 + d)}]" for d in range(10)},
}


def shared_start(word, other):
    """The longest common beginning of two words."""
    length = 0
    while length < min(len(word), len(other)) and word[length] == other[length]:
        length += 1
    return word[:length]


def tolerant(word):
    return INVISIBLE.join(VARIANTS.get(char, re.escape(char)) for char in word)


class Highlighter:
    """Marks the words of a parsed query in titles and bodies."""

    def __init__(self, query):
        self.exact = query.exact
        self.words = query.highlight_words()
        self.stems = {stem(word) for word in self.words}
        # A stem is not always a prefix of its words ("rally" -> "ralli"), so
        # candidates start with what the word and its stem share; each is
        # then checked by stemming it.
        prefixes = sorted(
            {word if self.exact else shared_start(word, stem(word)) for word in self.words},
            key=len,
            reverse=True,
        )
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(tolerant(p) for p in prefixes) + r")[\w\u200c]*",
                re.IGNORECASE,
            )
            if prefixes
            else None
        )

    def matches(self, text):
        """(start, end) of each marked word in ``text``."""
        if self.pattern is None:
            return []
        spans = []
        for match in self.pattern.finditer(text):
            normalised = normalise(match.group())
            if (normalised in self.words) if self.exact else (stem(normalised) in self.stems):
                spans.append(match.span())
        return spans

    def mark(self, text, spans):
        out, position = [], 0
        for start, end in spans:
            out.append(escape(text[position:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            position = end
        out.append(escape(text[position:]))
        return mark_safe("".join(out))

    def title(self, text):
        return self.mark(text, self.matches(text))

    def snippet(self, text, length=SNIPPET_CHARS):
        """About ``length`` characters of ``text`` around its densest run of matches."""
        spans = self.matches(text)
        if not spans:
            cut = cut_at_word(text, 0, length)
            return self.mark(cut + ("…" if len(cut) < len(text) else ""), [])
        best_start, best_count, end_index = spans[0][0], 0, 0
        for index, (start, _end) in enumerate(spans):
            # Two pointers over the sorted matches: linear however many there are.
            end_index = max(end_index, index)
            while end_index < len(spans) and spans[end_index][0] < start + length:
                end_index += 1
            if end_index - index > best_count:
                best_start, best_count = start, end_index - index
        begin = max(0, best_start - length // 4)
        begin = text.rfind(" ", 0, begin) + 1 if begin else 0
        piece = cut_at_word(text, begin, length)
        end = begin + len(piece)
        inside = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
        marked = self.mark(piece, inside)
        prefix = "…" if begin > 0 else ""
        suffix = "…" if end < len(text) else ""
        return mark_safe(f"{prefix}{marked}{suffix}")


def cut_at_word(text, begin, length):
    piece = text[begin : begin + length]
    if begin + length < len(text) and " " in piece:
        piece = piece[: piece.rfind(" ")]
    return piece

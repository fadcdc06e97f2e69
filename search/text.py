"""Text normalisation and tokenising, the same at index time and at query time.

Both backends receive words already cut, normalised and (for the default
mode) stemmed here, so PostgreSQL and SQLite find exactly the same posts:
neither database's own parser decides what a word is. That removes the
differences measured between them ("NCRI's", "PMOI/MEK", "Auvers-sur-Oise",
stop words, Porter vs Snowball stems) and makes Persian text typed on an
Arabic keyboard find Persian text.
"""

import re
import unicodedata

import snowballstemmer

# Arabic letters and digits that Persian text writes differently.
PERSIAN_MAP = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian kaf (keheh)
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Persian digits
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
        "\u2019": "'",  # right single quotation mark, as in NCRI’s
        "\u2018": "'",
        "_": " ",
    }
)

# Removed outright: Arabic diacritics (harakat, superscript alef), tatweel,
# and zero-width characters, so that "می‌شود" and "میشود" are one word.
INVISIBLE_RE = re.compile(
    "[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# The quote first, so the engine can scan for it (a leading look-behind is tried everywhere).
POSSESSIVE_RE = re.compile(r"'(?<=\w')s\b")
# Longer runs are not words anyone types (encoded data, URLs run together):
# they are cut into pieces this long, the same way in texts and queries,
# which keeps every indexed word within the vocabulary's column.
MAX_WORD_LENGTH = 100
WORD_RE = re.compile(rf"\w{{1,{MAX_WORD_LENGTH}}}")

# Words that the default (all-words) mode ignores unless the query has
# nothing else: the index keeps them, so phrases and the exact mode match
# them word for word.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will
    with you your yours yourself yourselves""".split()
)

_stemmer = snowballstemmer.stemmer("english")


def normalise(text):
    """Case-folded text with Persian letters, digits and invisible marks unified."""
    text = text or ""
    if text.isascii():
        # The same result, quicker: NFKC and the invisible marks leave ASCII
        # alone, and "_" is the map's only ASCII letter.
        text = text.replace("_", " ")
    else:
        text = unicodedata.normalize("NFKC", text)
        text = INVISIBLE_RE.sub("", text.translate(PERSIAN_MAP))
    return POSSESSIVE_RE.sub("", text.casefold())


def words(text):
    """The words of ``text``, normalised: every run of letters and digits is one word."""
    return WORD_RE.findall(normalise(text))


_stem_cache = {}
STEM_CACHE_SIZE = 500_000


def stem(word):
    """The English Snowball stem of a Latin-script word; other words are left as they are."""
    stemmed = _stem_cache.get(word)
    if stemmed is None:
        stemmed = _stemmer.stemWord(word) if word.isascii() and word.isalpha() else word
        if len(_stem_cache) < STEM_CACHE_SIZE:
            _stem_cache[word] = stemmed
    return stemmed


def stems(word_list):
    """Stems of many words; the cache makes this a dictionary lookup per word."""
    cache = _stem_cache
    return [cache.get(word) or stem(word) for word in word_list]

"""Normalisation and tokenising: the same words at index and query time."""

import pytest

from search.text import normalise, stem, words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ايران", ["ایران"]),  # Arabic yeh -> Persian yeh
        ("كشور", ["کشور"]),  # Arabic kaf -> Persian kaf
        ("می‌شود", ["میشود"]),  # zero-width non-joiner
        ("میشود", ["میشود"]),
        ("مُحَمَّد", ["محمد"]),  # diacritics
        ("ایـــران", ["ایران"]),  # tatweel
        ("۱۳۶۷ ١٩٨٨", ["1367", "1988"]),  # Persian and Arabic-Indic digits
        ("NCRI's NCRI’s", ["ncri", "ncri"]),  # possessives, straight and curly
        ("PMOI/MEK", ["pmoi", "mek"]),
        ("Auvers-sur-Oise", ["auvers", "sur", "oise"]),
        ("snake_case", ["snake", "case"]),
        ("Ｆｕｌｌ width", ["full", "width"]),
    ],
)
def test_words(typed, expected):
    assert words(typed) == expected


def test_normalise_keeps_text_otherwise():
    assert normalise("Free Iran 2024!") == "free iran 2024!"


def test_stemming_is_english_snowball_and_leaves_other_scripts():
    assert [stem(w) for w in ["protests", "protesters", "massacres", "ایران", "2019"]] == [
        "protest",
        "protest",
        "massacr",
        "ایران",
        "2019",
    ]

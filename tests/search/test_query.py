"""Parsing a visitor's query: every input parses, none raises."""

import pytest

from search.query import MAX_QUERY_LENGTH, MAX_TERMS, clean, parse


def terms(text, exact=False):
    return [(term.words, term.negated) for term in parse(text, exact=exact).matching_terms]


def test_words_are_stemmed_and_stop_words_ignored():
    query = parse("the people of Iran")
    assert terms("the people of Iran") == [(("peopl",), False), (("iran",), False)]
    assert query.ignored_stop_words == ("the", "of")


def test_only_stop_words_are_searched_as_they_are():
    assert terms("the") == [(("the",), False)]


def test_phrases_keep_stop_words_and_order():
    assert terms('"people of Iran" regime') == [
        (("peopl", "of", "iran"), False),
        (("regim",), False),
    ]


def test_exclusions():
    assert terms('iran -regime -"death penalty"') == [
        (("iran",), False),
        (("regim",), True),
        (("death", "penalti"), True),
    ]


def test_punctuated_words_become_phrases():
    assert terms("PMOI/MEK NCRI's") == [(("pmoi", "mek"), False), (("ncri",), False)]


def test_exact_mode_is_one_unstemmed_phrase():
    assert terms('The "Iranian" resistance -x', exact=True) == [
        (("the", "iranian", "resistance", "x"), False)
    ]


@pytest.mark.parametrize(
    "hostile",
    ['"', "\\", "'", "-", '-""', "&|!():*^", "NEAR(a b)", "AND OR NOT", "\x00", "🙂🙂", "   "],
)
def test_syntax_of_either_database_is_harmless(hostile):
    parse(hostile)
    parse(hostile, exact=True)


def test_database_operators_are_plain_words():
    assert terms("iran NEAR regime") == [
        (("iran",), False),
        (("near",), False),
        (("regim",), False),
    ]


def test_unbalanced_quote_is_ignored():
    assert terms('iran "regime') == [(("iran",), False), (("regim",), False)]


def test_only_exclusions_is_empty():
    assert parse("-iran").is_empty


def test_length_and_terms_are_capped():
    query = parse(" ".join(f"word{n}" for n in range(5_000)))
    assert len(query.terms) == MAX_TERMS
    assert query.terms[-1].words == ("word11",)
    assert len(clean("x" * 10_000)) == MAX_QUERY_LENGTH

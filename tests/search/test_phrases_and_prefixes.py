"""Exact phrases, stemmed spellings and as-you-type prefixes, on the words as indexed."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import engine
from search.query import parse
from search.vocabulary import MAX_PHRASE_SPELLINGS, expand
from tests.search.conftest import search_for
from tests.search.test_bounds import reads_words

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def crowd(publish):
    """Many entries with the words of a phrase, two with the phrase itself."""
    for number in range(12):
        publish(
            title=f"Report {number}",
            body="<p>People gathered. Of course Iran answered.</p>",
            published_at=days_ago(number + 10),
        )
    publish(title="Speech", body="<p>Free the people of Iran now.</p>", published_at=days_ago(1))
    publish(title="The people of Iran", body="<p>Rally.</p>", published_at=days_ago(2))
    publish(title="Peoples", body="<p>The peoples of Iran.</p>", published_at=days_ago(3))
    publish(title="Split people", body="<p>of Iran, said the title.</p>", published_at=days_ago(4))


def test_an_exact_phrase_finds_only_the_phrase(crowd):
    page = search_for("people of Iran", exact=True)
    assert [e.title for e in page.results.entries] == ["The people of Iran", "Speech"]
    assert page.results.total == 2
    assert page.facets["kinds"][0] == ("post", "Posts", 2)


def test_a_quoted_phrase_is_stemmed_word_by_word(crowd):
    titles = [e.title for e in search_for('"people of Iran"').results.entries]
    assert titles[0] == "The people of Iran"  # in the title: first
    assert sorted(titles[1:]) == ["Peoples", "Speech"]


def test_the_exact_mode_keeps_case_out_and_order_in(crowd):
    assert search_for("PEOPLE OF IRAN", exact=True).results.total == 2
    assert search_for("Iran of people", exact=True).results.total == 0


def test_a_word_the_index_does_not_hold_matches_nothing_without_a_search(crowd):
    with CaptureQueriesContext(connection) as captured:
        assert search_for("xylophonist", exact=True).results.total == 0
    assert not [q for q in captured.captured_queries if reads_words(q["sql"])]


def test_stemmed_words_are_expanded_into_their_indexed_spellings(publish):
    publish(title="Protesters gather", body="<p>They protested.</p>")
    query = expand(parse("protest"))
    assert set(query.positive[0].places[0]) == {"protesters", "protested"}
    assert query.estimate == 2


def test_a_phrase_stands_for_a_bounded_number_of_spellings(publish):
    words = ["rally", "rallies", "rallied", "rallying"]
    publish(title="Words", body="<p>" + " ".join(words * 2) + "</p>")
    query = expand(parse('"' + " ".join(["rally"] * 4) + '"'))
    spellings = list(query.positive[0].spellings())
    assert len(spellings) <= MAX_PHRASE_SPELLINGS
    assert ("rally", "rally", "rally", "rally") in spellings


def test_live_search_completes_the_last_word(publish):
    publish(title="Quokka sighting near Perth", slug="quokka")
    publish(title="Quiet week", slug="quiet")
    assert [r["title"] for r in engine.live("quok")] == ["Quokka sighting near Perth"]
    assert [r["title"] for r in engine.live("sighting quo")] == ["Quokka sighting near Perth"]
    assert engine.live("q") == []  # one letter completes nothing: it is a word of its own


def test_live_search_puts_title_matches_first(publish):
    publish(title="Background", body="<p>A quokka appears.</p>", published_at=days_ago(1))
    publish(title="Quokka portrait", published_at=days_ago(30))
    assert [r["title"] for r in engine.live("quokk")] == ["Quokka portrait", "Background"]


def test_a_full_rebuild_finds_what_the_saves_found(crowd, django_capture_on_commit_callbacks):
    queries = [("people of Iran", True), ('"people of Iran"', False), ("iran", False)]

    def results():
        return [
            [(e.title, e.url) for e in search_for(text, exact=exact).results.entries]
            for text, exact in queries
        ]

    before = results()
    call_command("rebuild_search_index", "--full", verbosity=0)
    assert results() == before

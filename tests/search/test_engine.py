"""Search semantics, on whichever database the suite runs (CI runs both)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from search import engine
from tests.factories import CategoryFactory, PageFactory
from tests.search.conftest import search_for

pytestmark = pytest.mark.django_db

TITLE_ONLY = frozenset({"title"})
CONTENT_ONLY = frozenset({"content"})


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_every_word_must_match_stemmed(publish, find):
    publish(title="Protesters gather", body="<p>Crowds in Tehran demand change.</p>")
    publish(title="Tehran news", body="<p>Nothing about the gathering.</p>")
    assert find("protest tehran") == ["Protesters gather"]
    assert find("gathered") == ["Protesters gather", "Tehran news"]


def test_phrases_and_exclusions(publish, find):
    publish(title="A", body="<p>the people of Iran rise</p>", published_at=days_ago(1))
    publish(title="B", body="<p>Iran and its people</p>", published_at=days_ago(2))
    publish(title="C", body="<p>people of Iran, the regime falls</p>", published_at=days_ago(3))
    assert find('"people of Iran"') == ["A", "C"]
    assert find('"people of Iran" -regime') == ["A"]
    assert find('people -"people of Iran"') == ["B"]


def test_exact_mode_is_word_for_word_unstemmed(publish, find):
    publish(title="Exact", body="<p>The Iranian resistance held a rally.</p>")
    publish(title="Inflected", body="<p>Iranian resistances held rallies.</p>")
    publish(title="Reversed", body="<p>Iranian style of resistance.</p>")
    assert find("the Iranian resistance", exact=True) == ["Exact"]
    assert find("Iranian resistance", exact=True) == ["Exact"]
    assert find("resistance Iranian", exact=True) == []
    assert sorted(find("Iranian resistance")) == ["Exact", "Inflected", "Reversed"]


def test_title_only_and_content_only(publish, find):
    publish(title="Summit in Paris", body="<p>Speeches.</p>", published_at=days_ago(1))
    publish(title="Speeches", body="<p>Delegates flew to Paris.</p>", published_at=days_ago(2))
    assert find("paris", fields=TITLE_ONLY) == ["Summit in Paris"]
    assert find("paris", fields=CONTENT_ONLY) == ["Speeches"]
    assert find("paris") == ["Summit in Paris", "Speeches"]
    assert find("summit delegates") == []  # words split over two posts never match


def test_words_may_be_split_between_title_and_body(publish, find):
    publish(title="Summit", body="<p>Delegates arrived.</p>")
    assert find("summit delegates") == ["Summit"]
    assert find("summit delegates", fields=TITLE_ONLY) == []


def test_title_matches_rank_above_body_matches_and_ties_go_by_date(publish, find):
    publish(
        title="Old body mention", body="<p>Camp Ashraf residents.</p>", published_at=days_ago(30)
    )
    publish(title="Camp Ashraf today", body="<p>News.</p>", published_at=days_ago(20))
    publish(
        title="New body mention", body="<p>Camp Ashraf residents.</p>", published_at=days_ago(1)
    )
    assert find("ashraf") == ["Camp Ashraf today", "New body mention", "Old body mention"]
    assert find("ashraf", sort="newest") == [
        "New body mention",
        "Camp Ashraf today",
        "Old body mention",
    ]


def test_stop_words_are_ignored_unless_alone(publish, find):
    publish(title="The regime", body="<p>Text.</p>")
    publish(title="Other", body="<p>Nothing here.</p>")
    assert find("the regime") == ["The regime"]
    assert sorted(find("the")) == ["The regime"]


def test_punctuation_is_read_the_same_everywhere(publish, find):
    publish(title="NCRI statement", body="<p>The NCRI’s plan for PMOI/MEK in Auvers-sur-Oise.</p>")
    assert find("NCRI's") == ["NCRI statement"]
    assert find("PMOI/MEK") == ["NCRI statement"]
    assert find("pmoi mek") == ["NCRI statement"]
    assert find("Auvers-sur-Oise") == ["NCRI statement"]
    assert find("oise auvers") == ["NCRI statement"]


def test_persian_typed_on_an_arabic_keyboard(publish, find):
    publish(title="ایران آزاد", body="<p>این کار انجام می‌شود. کشور در سال ۱۳۶۷</p>", language="fa")
    assert find("ايران") == ["ایران آزاد"]  # Arabic yeh
    assert find("كشور") == ["ایران آزاد"]  # Arabic kaf
    assert find("میشود") == ["ایران آزاد"]  # without the zero-width non-joiner
    assert find("می‌شود") == ["ایران آزاد"]
    assert find("1367") == ["ایران آزاد"]


def test_visitors_never_find_what_they_cannot_see(publish, find):
    publish(title="Draft plans", status="draft", published_at=None)
    publish(title="Private plans", status="private")
    publish(
        title="Scheduled plans",
        status="scheduled",
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    publish(title="Public plans")
    assert find("plans") == ["Public plans"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        assert sorted(find("plans")) == ["Public plans", "Scheduled plans"]


def test_types(publish, find, django_capture_on_commit_callbacks):
    publish(title="Rally post")
    with django_capture_on_commit_callbacks(execute=True):
        PageFactory(title="Rally page")
    assert find("rally", types=["page"]) == ["Rally page"]
    assert sorted(find("rally")) == ["Rally page", "Rally post"]


def test_categories_include_their_descendants(publish, find):
    summit = CategoryFactory(slug="summit")
    year = CategoryFactory(slug="y2021", parent=summit)
    other = CategoryFactory(slug="other")
    publish(title="Speech in year", categories=[year], published_at=days_ago(1))
    publish(title="Speech in summit", categories=[summit], published_at=days_ago(2))
    publish(title="Speech elsewhere", categories=[other], published_at=days_ago(3))
    in_summit = find("speech", categories=[summit], sort="newest")
    assert in_summit == ["Speech in year", "Speech in summit"]
    in_year_or_other = find("speech", categories=[year, other], sort="newest")
    assert in_year_or_other == ["Speech in year", "Speech elsewhere"]


def test_count_stops_at_the_cap(publish, monkeypatch):
    monkeypatch.setattr(engine, "RESULT_CAP", 3)
    for number in range(5):
        publish(title=f"Rally {number}")
    results = search_for("rally").results
    assert results.total == 4  # cap + 1: enough to say "more than 3"
    assert results.capped
    assert len(results.entries) == 5


def test_facets_count_each_dimension_without_its_own_filter(publish):
    resistance = CategoryFactory(name="Iranian Resistance", slug="resistance")
    ncri = CategoryFactory(name="NCRI", slug="ncri", parent=resistance)
    rights = CategoryFactory(name="Human Rights", slug="rights")
    publish(title="Summit one", categories=[ncri, resistance])
    publish(title="Summit two", categories=[rights])
    publish(title="Summit three", categories=[ncri, rights])
    facets = search_for("summit").facets
    assert facets["kinds"] == [("post", "Posts", 3), ("page", "Pages", 0), ("media", "Media", 0)]
    assert [(c.name, n) for c, n in facets["categories"]] == [
        ("Human Rights", 2),
        ("Iranian Resistance", 2),
    ]


def test_did_you_mean_uses_the_sites_words_but_never_drafts(publish):
    publish(title="Massacre of 1988", body="<p>Remembering the victims.</p>")
    publish(
        title="Confidential",
        body="<p>Operation zanjireh plans.</p>",
        status="draft",
        published_at=None,
    )
    assert search_for("massacer").suggestion == "massacre"
    assert search_for("zanjirek").suggestion is None
    assert search_for("massacre").suggestion is None


def test_highlighting_marks_matches_and_escapes_the_rest(publish):
    publish(title="Protests <script>", body="<p>Students protested &amp; marched in Tehran.</p>")
    entry = search_for("protest").results.entries[0]
    assert entry.title_html == "<mark>Protests</mark> &lt;script&gt;"
    assert entry.snippet == "Students <mark>protested</mark> &amp; marched in Tehran."


def test_live_results(publish):
    publish(
        title="Free Iran 2024",
        slug="free-iran-2024",
        published_at=datetime.datetime(2024, 6, 29, tzinfo=datetime.UTC),
    )
    assert engine.live("free iran") == [
        {
            "title": "Free Iran 2024",
            "type": "Post",
            "date": "2024-06-29",
            "url": "/free-iran-2024/",
            "thumbnail": None,
        }
    ]


def test_suggestions_never_reveal_words_of_drafts(publish):
    """Reported in review: "irann -kazemzadehfor" once suggested the draft-only name."""
    publish(title="Iran today", body="<p>News from Iran.</p>")
    publish(title="Source", body="<p>Kazemzadehfar told us.</p>", status="draft", published_at=None)
    publish(title="Private", body="<p>Mohammadzadeh said.</p>", status="private")
    assert search_for("irann -kazemzadehfor").suggestion == "iran -kazemzadehfor"
    assert search_for("kazemzadehfor").suggestion is None
    assert search_for("mohammadzadeg iran").suggestion is None


def test_snippet_picks_the_densest_passage_of_a_long_text():
    from search.highlight import Highlighter
    from search.query import parse

    body = (
        "filler " * 5000
        + "rally " * 3
        + "filler " * 200
        + "rally rally rally rally rally. "
        + "filler " * 5000
    )
    snippet = Highlighter(parse("rally")).snippet(body)
    assert snippet.count("<mark>rally</mark>") == 5

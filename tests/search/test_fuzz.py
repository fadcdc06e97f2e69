"""Whatever a visitor types, the search answers with results or a message, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.filters import SearchFilterSet
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

SPECIAL = [
    '"',
    "\\",
    "'",
    "-",
    "&",
    "|",
    "!",
    "(",
    ")",
    ":",
    "*",
    "^",
    "NEAR",
    "AND",
    "OR",
    "NOT",
    "\x00",
    "ي",
    "ك",
    "\u200c",
    "۱",
    "🙂",
    "\u202e",
    "%",
    "_",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    "@@",
    ";",
]

queries = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(SPECIAL) | st.text(max_size=8), max_size=12).map(" ".join),
    st.text(
        alphabet=st.sampled_from([c for c in SPECIAL if len(c) == 1] + list("iran ")), max_size=40
    ),
)
params = st.fixed_dictionaries(
    {"q": queries},
    optional={
        "exact": st.sampled_from(["1", "on", "", "x"]),
        "field": st.lists(st.sampled_from(["title", "content", "bogus", ""]), max_size=3),
        "opts": st.sampled_from(["1", ""]),
        "type": st.lists(st.sampled_from(["post", "page", "media", "x"]), max_size=3),
        "category": st.lists(
            st.sampled_from(["1", "0", "-1", "abc", "99999999999999999999"]), max_size=2
        ),
        "sort": st.sampled_from(["relevance", "newest", "bogus"]),
        "page": st.sampled_from(["1", "2", "0", "abc", "-1", "9" * 30]),
    },
)


@pytest.fixture
def content(publish, settings):
    settings.LIVE_SEARCH_RATE = "100000/m"  # robustness here; the limit has its own test
    publish(title="Free Iran rally", body="<p>Protests in Tehran. ایران آزاد می‌شود</p>")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=params)
def test_result_page_never_fails(content, data):
    """A page of results for valid input, the form with its errors (400) for invalid."""
    response = Client(raise_request_exception=False).get(reverse("search:results"), data)
    form = SearchFilterSet(response.wsgi_request.GET, queryset=SearchEntry.objects.all()).form
    assert response.status_code == (200 if form.is_valid() else 400), (data, form.errors)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_live_endpoint_never_fails(content, text):
    response = Client(raise_request_exception=False).get(reverse("search:live"), {"q": text})
    assert response.status_code == 200, text
    assert isinstance(response.json()["results"], list)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_old_search_addresses_never_fail(content, text):
    response = Client(raise_request_exception=False).get(
        "/", {"s": text, "categoryset[]": ["1", text[:5]]}
    )
    assert response.status_code == 301

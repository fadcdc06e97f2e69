from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from search.engine import search_page
from search.filters import SearchFilterSet
from search.models import SearchEntry
from tests.factories import PostFactory


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Create a post and let its after-commit indexing run, as in production."""

    def create(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return PostFactory(**kwargs)

    return create


def search_for(text, *, exact=False, fields=None, sort=None, types=(), categories=(), page=1):
    """A result page for the form's fields, through the function the result page calls."""
    params = [("q", text)]
    params += [("exact", "1")] if exact else []
    params += [("field", name) for name in sorted(fields)] + [("opts", "1")] if fields else []
    params += [("sort", sort)] if sort else []
    params += [("type", kind) for kind in types]
    params += [("category", category.pk) for category in categories]
    filterset = SearchFilterSet(
        QueryDict(urlencode(params)), queryset=SearchEntry.objects.visible()
    )
    assert filterset.is_valid(), filterset.errors
    return search_page(filterset, page, per_page=50)


@pytest.fixture
def find():
    """Titles found for a query, in result order."""

    def run(text, **options):
        return [entry.title for entry in search_for(text, **options).results.entries]

    return run

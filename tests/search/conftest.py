import pytest

from search.engine import SearchRequest, search
from search.models import SearchEntry
from tests.factories import PostFactory


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Create a post and let its after-commit indexing run, as in production."""

    def create(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return PostFactory(**kwargs)

    return create


@pytest.fixture
def find():
    """Titles found for a query, in result order."""

    def run(text, candidates=None, **options):
        request = SearchRequest(text=text, **options)
        results = search(request, candidates or SearchEntry.objects.visible(), limit=50)
        return [entry.title for entry in results.entries]

    return run

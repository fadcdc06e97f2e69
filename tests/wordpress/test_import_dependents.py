"""What an import unpublishes leaves cached pages and the search index as each batch commits.

Regression: the page cache and the search index were refreshed only at
the end of a successful run, so a post made private in an early batch
stayed in cached pages, /search/ and live search when the file broke later
(and between batches of a run that went well).
"""

import pytest
from django.core.management.base import CommandError

from tests.wordpress.conftest import run_import, write_wxr, wxr_item
from wordpress.importer import import_wordpress
from wordpress.report import ImportStopped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def found(client, title):
    """Whether the result page shows ``title``, and the titles live search offers for it
    (both as a visitor gets them: from the page cache when it has them)."""
    page = client.get("/search/", {"q": title}).text
    live = client.get("/search/live/", {"q": title}).json()["results"]
    return f">{title}<" in page.replace("<mark>", "").replace("</mark>", ""), [
        result["title"] for result in live
    ]


def test_a_post_made_private_leaves_search_and_cached_pages_though_the_file_breaks(
    client, commit, tmp_path, monkeypatch
):
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    first = write_wxr(tmp_path, wxr_item(1, title="Secret meeting"), name="first.xml")
    commit(lambda: run_import(first, verbosity=0))
    assert found(client, "Secret meeting") == (True, ["Secret meeting"])
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"

    second = write_wxr(
        tmp_path,
        wxr_item(1, title="Secret meeting", status="private"),
        wxr_item(2, title="Another post"),
        wxr_item(3, title="Cut short"),
        name="second.xml",
    )
    text = second.read_text()
    second.write_text(text[: text.index("Cut short")])  # the file breaks in the third item

    def import_broken_file():
        with pytest.raises(CommandError, match="Import stopped"):
            run_import(second, verbosity=0)

    commit(import_broken_file)

    assert found(client, "Secret meeting") == (False, [])
    # New posts are indexed together after the last batch; a stop indexes those kept.
    assert found(client, "Another post") == (True, ["Another post"])
    home = client.get("/")
    assert home["X-Cache"] == "miss"
    assert "Secret meeting" not in home.text


def test_new_posts_kept_before_a_stop_are_findable_without_the_command(
    client, commit, tmp_path, monkeypatch
):
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    broken = write_wxr(
        tmp_path, wxr_item(1, title="Kept before the break"), wxr_item(2, title="Cut short")
    )
    text = broken.read_text()
    broken.write_text(text[: text.index("Cut short")])

    def import_broken_file():
        with pytest.raises(ImportStopped):
            import_wordpress(broken)

    commit(import_broken_file)

    assert found(client, "Kept before the break") == (True, ["Kept before the break"])

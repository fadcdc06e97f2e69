"""A page lists its subpages, boundedly; a post, which has none, asks for none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts.views import CHILD_PAGES
from tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_a_post_page_never_asks_for_subpages(client):
    post = PostFactory(slug="news")
    client.get("/news/")  # warm the sidebar
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/news/").status_code == 200
    asking_for_children = f'"posts_post"."parent_id" = {post.pk}'
    assert [q for q in captured.captured_queries if asking_for_children in q["sql"]] == []


def test_a_page_lists_its_first_subpages_in_menu_order(client):
    about = PageFactory(slug="about", title="About")
    for number in range(CHILD_PAGES + 1):
        PageFactory(slug=f"part-{number:02d}", title=f"Part {number:02d}", parent=about)
    listed = client.get("/about/").context["child_pages"]
    assert [page.title for page in listed] == [f"Part {n:02d}" for n in range(CHILD_PAGES)]

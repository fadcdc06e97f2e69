"""Home, category, tag, author and date listings: order, pagination, descendants."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [post.title for post in response.context["posts"]]


def dated_posts(count, **kwargs):
    """``count`` posts, the first one newest, one day apart."""
    now = timezone.now()
    return [
        PostFactory(
            title=f"Post {number:02d}",
            published_at=now - datetime.timedelta(days=number + 1),
            **kwargs,
        )
        for number in range(count)
    ]


def test_home_lists_newest_first_with_sticky_on_top(client):
    dated_posts(3)
    PostFactory(title="Old but sticky", sticky=True, published_at=timezone.now().replace(year=2016))
    response = client.get("/")
    assert titles(response) == ["Old but sticky", "Post 00", "Post 01", "Post 02"]


def test_home_paginates_ten_per_page(client):
    dated_posts(23)
    first, second, third = client.get("/"), client.get("/page/2/"), client.get("/page/3/")
    assert titles(first) == [f"Post {n:02d}" for n in range(10)]
    assert titles(second) == [f"Post {n:02d}" for n in range(10, 20)]
    assert titles(third) == ["Post 20", "Post 21", "Post 22"]
    assert 'href="/page/2/" rel="next"' in first.text
    assert 'href="/" rel="prev"' in second.text
    assert 'rel="next"' not in third.text


@pytest.mark.parametrize(
    "url", ["/page/0/", "/page/abc/", "/page/4/", "/page/999999/", "/page/-1/"]
)
def test_bad_page_numbers_are_404(client, url):
    dated_posts(23)
    assert client.get(url).status_code == 404


def test_page_one_redirects_to_the_listing(client):
    dated_posts(2)
    response = client.get("/page/1/")
    assert response.status_code == 301
    assert response["Location"] == "/"


def test_empty_home_is_friendly(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "There are no posts here yet." in response.text


def test_category_lists_posts_of_its_descendants(client):
    summit = CategoryFactory(name="Free Iran World Summit", slug="free-iran-world-summit")
    year = CategoryFactory(name="Free Iran 2021", slug="free-iran-2021", parent=summit)
    day = CategoryFactory(name="Day one", slug="day-one", parent=year)
    other = CategoryFactory(name="Human Rights", slug="human-rights")
    now = timezone.now()
    PostFactory(title="In summit", categories=[summit], published_at=now - datetime.timedelta(1))
    PostFactory(title="In 2021", categories=[year], published_at=now - datetime.timedelta(2))
    PostFactory(
        title="In day one", categories=[day, year], published_at=now - datetime.timedelta(3)
    )
    PostFactory(title="Elsewhere", categories=[other])

    assert day.path == "free-iran-world-summit/free-iran-2021/day-one"
    assert titles(client.get(summit.get_absolute_url())) == ["In summit", "In 2021", "In day one"]
    response = client.get("/category/free-iran-world-summit/free-iran-2021/")
    assert titles(response) == ["In 2021", "In day one"]
    assert [c.name for c in response.context["subcategories"]] == ["Day one"]
    assert [c.name for c in response.context["ancestors"]] == ["Free Iran World Summit"]
    assert titles(client.get(day.get_absolute_url())) == ["In day one"]


def test_category_short_address_redirects_to_canonical(client):
    parent = CategoryFactory(slug="parent")
    CategoryFactory(slug="child", parent=parent)
    response = client.get("/category/child/")
    assert response.status_code == 301
    assert response["Location"] == "/category/parent/child/"


@pytest.mark.parametrize(
    "url", ["/category/unknown/", "/tag/unknown/", "/author/unknown/", "/unknown-post/"]
)
def test_unknown_addresses_are_404_with_friendly_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_author_without_public_posts_is_404(client):
    """An account is not revealed by its author page until it has published."""
    writer = UserFactory(username="quiet", first_name="Quiet", last_name="Writer")
    PostFactory(author=writer, status="draft", published_at=None)
    assert client.get("/author/quiet-writer/").status_code == 404
    assert client.get("/author/quiet-writer/feed/").status_code == 404


def test_author_and_tag_listings(client):
    writer = UserFactory(username="sara", first_name="Sara", last_name="Ahmadi")
    PostFactory(title="By Sara", author=writer, tags=["Paris"])
    PostFactory(title="By someone else", tags=["Berlin"])
    response = client.get("/author/sara-ahmadi/")
    assert titles(response) == ["By Sara"]
    assert "Posts by Sara Ahmadi" in response.text
    assert titles(client.get("/tag/paris/")) == ["By Sara"]


def test_date_archives(client):
    PostFactory(
        title="July 2017", published_at=datetime.datetime(2017, 7, 1, 12, tzinfo=datetime.UTC)
    )
    PostFactory(
        title="August 2017", published_at=datetime.datetime(2017, 8, 1, 12, tzinfo=datetime.UTC)
    )
    PostFactory(title="2018", published_at=datetime.datetime(2018, 1, 1, 12, tzinfo=datetime.UTC))
    assert titles(client.get("/2017/")) == ["August 2017", "July 2017"]
    assert titles(client.get("/2017/07/")) == ["July 2017"]
    assert client.get("/2017/09/").status_code == 404
    assert client.get("/2017/13/").status_code == 404
    assert client.get("/2017/00/").status_code == 404
    assert client.get("/1999/").status_code == 404


def test_category_page_shows_pagination_links(client):
    category = CategoryFactory(slug="busy")
    dated_posts(12, categories=[category])
    response = client.get("/category/busy/page/2/")
    assert titles(response) == ["Post 10", "Post 11"]
    assert 'href="/category/busy/" rel="prev"' in response.text


def test_page_links_elide_the_middle_but_never_a_single_page(client, monkeypatch):
    from posts.views import PostListView

    monkeypatch.setattr(PostListView, "paginate_by", 1)
    dated_posts(12)

    def links(url):
        nav = client.get(url).text.split('aria-label="Pages"', 1)[1].split("</nav>", 1)[0]
        return [
            "…" if "…" in item else item.rsplit('">', 1)[1].split("<", 1)[0].removeprefix("Page ")
            for item in nav.split("<li")[1:]
            if "rel=" not in item
        ]

    assert links("/page/6/") == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert links("/page/5/") == ["1", "2", "3", "4", "5", "6", "7", "…", "12"]
    assert links("/") == ["1", "2", "3", "…", "12"]


@pytest.mark.parametrize("count", [3, 10])
def test_listing_query_count_does_not_grow_with_posts(client, django_assert_max_num_queries, count):
    """Posts, their authors and categories load in a fixed number of queries."""
    categories = [CategoryFactory() for _ in range(3)]
    for number in range(count):
        PostFactory(author=UserFactory(), categories=categories[: number % 3 + 1])
    client.get("/")  # warm the widget cache, as a real visitor would find it
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert len(response.context["posts"]) == count
    category_url = categories[0].get_absolute_url()
    client.get(category_url)
    with django_assert_max_num_queries(5):
        client.get(category_url)


@pytest.mark.parametrize("url", ["/9999/", "/9999/12/", "/1/", "/1/1/", "/0999/"])
def test_archives_of_impossible_years_are_404(client, url):
    assert client.get(url).status_code == 404


def test_listings_take_their_length_from_the_cached_counts(client, django_assert_max_num_queries):
    """No COUNT over all published posts on each view of the home, a category or a tag page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    category = CategoryFactory(slug="big")
    dated_posts(12, categories=[category], tags=["Tehran"])
    for url in ("/", "/category/big/", "/tag/tehran/"):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert not any("COUNT(" in query["sql"] for query in captured.captured_queries), url
        assert response.context["page_obj"].paginator.num_pages == 2


def test_tag_archive_count_follows_publishing_but_not_drafts(
    client, django_capture_on_commit_callbacks
):
    """The cached count of a tag's posts changes when a tagged post is published or
    unpublished; a draft given the tag leaves it (and every public cache) alone."""
    import pagecache

    dated_posts(10, tags=["Tehran"])
    assert client.get("/tag/tehran/").context["page_obj"].paginator.num_pages == 1
    before = pagecache.versions(["listings"])
    with django_capture_on_commit_callbacks(execute=True):
        draft = PostFactory(title="Draft", status="draft", published_at=None, tags=["Tehran"])
    assert pagecache.versions(["listings"]) == before
    assert client.get("/tag/tehran/page/2/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = "published"
        draft.published_at = timezone.now().replace(year=2000)
        draft.save()
    assert titles(client.get("/tag/tehran/page/2/")) == ["Draft"]
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = "draft"
        draft.save()
    assert client.get("/tag/tehran/page/2/").status_code == 404

"""Post and page pages: addresses, metadata, previews."""

import json
import re

import pytest
from django.urls import reverse

from posts.models import Post
from tests.factories import CategoryFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_post_at_its_slug_with_metadata(client):
    category = CategoryFactory(name="Human Rights", slug="human-rights")
    post = PostFactory(
        title="Justice for 1988",
        slug="justice-for-1988",
        body="<p>The massacre of 1988 must be investigated.</p>",
        categories=[category],
        tags=["testimony"],
    )
    response = client.get("/justice-for-1988/")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Justice for 1988</h1>" in html
    assert '<link rel="canonical" href="http://testserver/justice-for-1988/">' in html
    assert '<meta property="og:title" content="Justice for 1988">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'href="/category/human-rights/"' in html
    assert 'href="/tag/testimony/" rel="tag"' in html
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(json_ld)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Justice for 1988"
    assert data["url"] == "http://testserver/justice-for-1988/"
    assert data["datePublished"] == post.published_at.isoformat()


def test_json_ld_cannot_be_broken_out_of(client):
    PostFactory(title="</script><script>alert(1)</script>", slug="sneaky")
    html = client.get("/sneaky/").text
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_pages_live_under_their_parents(client):
    about = PageFactory(title="About us", slug="about-us")
    history = PageFactory(title="Our history", slug="our-history", parent=about)
    assert history.get_absolute_url() == "/about-us/our-history/"
    response = client.get("/about-us/")
    assert response.status_code == 200
    assert 'href="/about-us/our-history/"' in response.text  # child pages are listed
    assert client.get("/about-us/our-history/").context["post"] == history
    moved = client.get("/our-history/")
    assert moved.status_code == 301
    assert moved["Location"] == "/about-us/our-history/"


def test_moving_a_page_moves_its_children(client):
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    PageFactory(slug="board", parent=team)
    organisation = PageFactory(slug="organisation")
    team.parent = organisation
    team.save()
    assert Post.objects.get(slug="board").path == "organisation/team/board"
    assert client.get("/organisation/team/board/").status_code == 200
    assert client.get("/about/team/board/")["Location"] == "/organisation/team/board/"


def test_page_wins_over_post_with_the_same_slug(client):
    PostFactory(title="A post called about", slug="about")
    PageFactory(title="The about page", slug="about")
    assert client.get("/about/").context["post"].title == "The about page"


def test_unicode_slugs(client):
    PostFactory(title="گردهمایی سالانه", slug=None, language="fa")
    post = Post.objects.get()
    assert post.slug == "گردهمایی-سالانه"
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert 'lang="fa" dir="rtl"' in response.text


def test_staff_preview_a_draft_visitors_cannot(client):
    author = UserFactory(username="author", is_staff=True, is_superuser=True)
    draft = PostFactory(
        title="Work in progress", slug="wip", status="draft", published_at=None, author=author
    )
    preview_url = reverse("posts:preview", kwargs={"pk": draft.pk})
    assert client.get("/wip/").status_code == 404
    anonymous = client.get(preview_url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(author)
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Preview: this post is <strong>draft</strong>" in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_is_denied_to_staff_who_cannot_edit_the_post(client):
    owner = UserFactory(username="owner")
    draft = PostFactory(status="draft", published_at=None, author=owner)
    client.force_login(UserFactory(username="stranger", is_staff=True))
    assert client.get(reverse("posts:preview", kwargs={"pk": draft.pk})).status_code == 403


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_server_error_shows_a_friendly_page_without_details(client, monkeypatch):
    from django.test import Client

    from posts.views import HomeView

    def broken(self):
        raise RuntimeError("database exploded: secret detail")

    monkeypatch.setattr(HomeView, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text

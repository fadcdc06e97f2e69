"""Authors are known by a public slug and name, never by their login."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import update_last_login
from django.utils import timezone

from posts.models import AuthorProfile, Redirect
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "sahmadi77"
ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def rename(profile, **fields):
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


@pytest.fixture
def sara():
    """An author whose login is unlike her name, with one published post and a draft."""
    user = UserFactory(username=LOGIN, first_name="Sara", last_name="Ahmadi")
    PostFactory(title="Rally in Paris", slug="rally-in-paris", author=user)
    PostFactory(title="Unfinished", slug="unfinished", author=user, status="draft")
    return user


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])


# The profile: slug and name


def test_slug_and_name_come_from_the_accounts_name():
    user = UserFactory(username="s.ahmadi", first_name="Sara", last_name="Ahmadi")
    profile = user.author_profile
    assert (profile.slug, profile.name, profile.get_absolute_url()) == (
        "sara-ahmadi",
        "Sara Ahmadi",
        "/author/sara-ahmadi/",
    )


def test_slugs_are_unique():
    first = UserFactory(username="sara1", first_name="Sara", last_name="Ahmadi")
    second = UserFactory(username="sara2", first_name="Sara", last_name="Ahmadi")
    assert [first.author_profile.slug, second.author_profile.slug] == [
        "sara-ahmadi",
        "sara-ahmadi-2",
    ]


def test_an_account_without_a_name_gets_a_placeholder_not_its_login():
    user = UserFactory(username="jdoe", first_name="", last_name="")
    profile = AuthorProfile.objects.get(user=user)
    assert (profile.slug, profile.name) == (f"author-{user.pk}", "Staff writer")


def test_the_placeholder_gives_way_to_the_name_once_the_account_has_one():
    """As when an administrator adds a user (login and password) and then their name."""
    user = UserFactory(username="jdoe", first_name="", last_name="")
    user.first_name, user.last_name = "Sara", "Ahmadi"
    user.save()
    assert AuthorProfile.objects.get(user=user).slug == "sara-ahmadi"


def test_a_named_slug_stays_when_the_account_is_renamed():
    """Addresses stay stable; the byline follows the account's name unless the author chose one."""
    user = UserFactory(username="jdoe", first_name="Sara", last_name="Ahmadi")
    user.last_name = "Rajavi"
    user.save()
    profile = AuthorProfile.objects.get(user=user)
    assert (profile.slug, profile.name) == ("sara-ahmadi", "Sara Rajavi")
    rename(profile, display_name="Pen Name")
    assert (profile.slug, profile.name) == ("sara-ahmadi", "Pen Name")


def test_a_pen_name_on_a_nameless_account_makes_the_slug():
    user = UserFactory(username="jdoe", first_name="", last_name="")
    profile = rename(user.author_profile, display_name="Pen Name")
    assert (profile.slug, profile.name) == ("pen-name", "Pen Name")


def test_persian_names_make_persian_slugs(client):
    user = UserFactory(username="sara", first_name="سارا", last_name="احمدی")
    PostFactory(title="گزارش", author=user)
    assert user.author_profile.slug == "سارا-احمدی"
    response = client.get(user.author_profile.get_absolute_url())
    assert response.status_code == 200
    assert "سارا احمدی" in response.text


def test_a_login_saves_nothing_of_the_profile(django_assert_num_queries):
    user = UserFactory(username="jdoe")
    with django_assert_num_queries(1):  # the UPDATE of last_login
        update_last_login(None, user)


# What visitors see


def test_the_login_appears_on_no_public_page(client, sara):
    for url in [
        "/",
        "/author/sara-ahmadi/",
        "/author/sara-ahmadi/feed/",
        "/rally-in-paris/",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/sitemap-posts.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert LOGIN not in response.content.decode().lower(), url


def test_bylines_name_and_link_the_author(client, sara):
    byline = '· by <a href="/author/sara-ahmadi/">Sara Ahmadi</a>'
    assert byline in client.get("/").text
    assert byline in client.get("/rally-in-paris/").text


def test_json_ld_names_the_author_and_their_archive(client, sara):
    assert json_ld(client.get("/rally-in-paris/").text)["author"] == {
        "@type": "Person",
        "name": "Sara Ahmadi",
        "url": "http://testserver/author/sara-ahmadi/",
    }


def test_a_pages_json_ld_names_its_author_only(client, sara):
    PageFactory(title="About", slug="about", author=sara)
    assert json_ld(client.get("/about/").text)["author"] == {
        "@type": "Person",
        "name": "Sara Ahmadi",
    }


def test_feeds_name_the_author_by_their_public_name(client, sara):
    rss = ET.fromstring(client.get("/author/sara-ahmadi/feed/").content).find("channel")
    assert rss.findtext("title") == "Free Iran: Sara Ahmadi"
    assert rss.findtext("link") == "http://testserver/author/sara-ahmadi/"
    assert [item.findtext(DC_CREATOR) for item in rss.findall("item")] == ["Sara Ahmadi"]
    atom = ET.fromstring(client.get("/feed/atom/").content)
    names = [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in atom.iter(f"{ATOM}entry")]
    assert names == ["Sara Ahmadi"]


def test_an_author_without_a_name_is_shown_as_staff_writer(client):
    user = UserFactory(username="x9k2login", first_name="", last_name="")
    PostFactory(title="Unsigned", slug="unsigned", author=user)
    slug = f"author-{user.pk}"
    page = client.get("/unsigned/").text
    assert f'· by <a href="/author/{slug}/">Staff writer</a>' in page
    assert json_ld(page)["author"]["name"] == "Staff writer"
    rss = ET.fromstring(client.get("/feed/").content)
    assert rss.findtext(f"channel/item/{DC_CREATOR}") == "Staff writer"
    for url in ["/", "/unsigned/", f"/author/{slug}/", f"/author/{slug}/feed/", "/feed/atom/"]:
        assert "x9k2login" not in client.get(url).content.decode(), url


# Archives


def test_the_archive_is_at_the_slug_and_lists_published_posts(client, sara):
    now = timezone.now()
    for number in range(11):
        PostFactory(
            title=f"Speech {number:02d}",
            author=sara,
            published_at=now - datetime.timedelta(hours=number + 1),
        )
    PostFactory(title="Someone else's")
    first, second = client.get("/author/sara-ahmadi/"), client.get("/author/sara-ahmadi/page/2/")
    assert [post.title for post in first.context["posts"]] == [f"Speech {n:02d}" for n in range(10)]
    assert [post.title for post in second.context["posts"]] == ["Speech 10", "Rally in Paris"]
    assert "<h1>Posts by Sara Ahmadi</h1>" in first.text
    assert 'href="/author/sara-ahmadi/page/2/" rel="next"' in first.text
    assert 'href="/author/sara-ahmadi/feed/"' in first.text


@pytest.mark.parametrize(
    "url", [f"/author/{LOGIN}/", f"/author/{LOGIN}/page/2/", f"/author/{LOGIN}/feed/"]
)
def test_the_login_is_not_an_address(client, sara, url):
    assert client.get(url).status_code == 404


def test_a_slug_that_is_the_login_answers_because_the_author_chose_it(client, sara):
    rename(sara.author_profile, slug=LOGIN)
    assert client.get(f"/author/{LOGIN}/").status_code == 200


# Changing the slug


def test_a_changed_slug_leaves_its_old_addresses_redirecting(client, sara):
    profile = rename(sara.author_profile, slug="sara")
    assert client.get("/author/sara/").status_code == 200
    for old, new in [
        ("/author/sara-ahmadi/", "/author/sara/"),
        ("/author/sara-ahmadi/page/2/", "/author/sara/page/2/"),
        ("/author/sara-ahmadi/feed/", "/author/sara/feed/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    redirect = Redirect.objects.get(old_path="/author/sara-ahmadi/")
    assert (redirect.author, redirect.origin) == (profile, Redirect.Origin.MOVED)


def test_old_slugs_lead_to_the_newest_without_a_chain(client, sara):
    profile = rename(sara.author_profile, slug="sara")
    rename(profile, slug="s-ahmadi")
    assert client.get("/author/sara-ahmadi/")["Location"] == "/author/s-ahmadi/"
    assert client.get("/author/sara/")["Location"] == "/author/s-ahmadi/"
    rename(profile, slug="sara-ahmadi")
    assert client.get("/author/sara-ahmadi/").status_code == 200
    assert not Redirect.objects.filter(old_path="/author/sara-ahmadi/").exists()
    assert client.get("/author/s-ahmadi/")["Location"] == "/author/sara-ahmadi/"


def test_an_old_slug_taken_by_another_author_is_theirs(client, sara):
    rename(sara.author_profile, slug="sara")
    omid = UserFactory(username="omid", first_name="Sara", last_name="Ahmadi")
    PostFactory(title="By the other Sara", author=omid)
    assert omid.author_profile.slug == "sara-ahmadi"
    response = client.get("/author/sara-ahmadi/")
    assert [post.title for post in response.context["posts"]] == ["By the other Sara"]


def test_an_old_slug_of_an_author_with_no_public_post_reveals_nothing(client):
    user = UserFactory(username="quiet", first_name="Quiet", last_name="Writer")
    PostFactory(author=user, status="draft")
    rename(user.author_profile, slug="someone")
    assert client.get("/author/quiet-writer/").status_code == 404
    assert client.get("/author/quiet-writer/feed/").status_code == 404

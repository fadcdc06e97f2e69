"""Importing WordPress exports: twice without duplicates, dry runs, authors, bad input.

What one import of the Theme Unit Test export makes is read in test_imported_content.py.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag, TaggedItem

from posts.models import AuthorProfile, Category, Post, Redirect
from tests.factories import CategoryFactory, PostFactory, UserFactory
from tests.wordpress.conftest import run_import, write_wxr, wxr_item
from wordpress.models import WordPressAttachment
from wordpress.terms import wordpress_nicename

pytestmark = pytest.mark.django_db


def summary(output):
    """The summary table: label -> [created, updated, unchanged, skipped, failed]."""
    rows = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) > 5 and all(word.isdigit() for word in words[-5:]):
            rows[" ".join(words[:-5])] = [int(word) for word in words[-5:]]
    return rows


def content_counts():
    return {
        "posts": Post.objects.posts().count(),
        "pages": Post.objects.pages().count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": TaggedItem.objects.count(),
        "filed": Post.categories.through.objects.count(),
        "users": get_user_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "attachments": WordPressAttachment.objects.count(),
    }


def test_the_author_slug_is_wordpress_nicename_of_the_login(tmp_path):
    run_import(write_wxr(tmp_path, wxr_item(1)), verbosity=0)
    profile = AuthorProfile.objects.get(user__username="s.ahmadi")
    assert (profile.slug, profile.name) == ("s-ahmadi", "Sara Ahmadi")


@pytest.mark.parametrize(
    ("login", "nicename"),
    [
        ("s.ahmadi", "s-ahmadi"),
        ("Sara Ahmadi", "sara-ahmadi"),
        ("press@example.org", "pressexample-org"),
        ("under_score", "under_score"),
        ("-.x.-", "x"),
        ("a" * 60, "a" * 50),
    ],
)
def test_wordpress_nicename(login, nicename):
    """WordPress's sanitize_title of the login's first 50 characters."""
    assert wordpress_nicename(login) == nicename


def test_a_display_name_that_is_the_login_is_no_byline(tmp_path, client):
    """WordPress shows the login when an account has no name; here the byline does not."""
    export = write_wxr(tmp_path, wxr_item(1))
    export.write_text(
        export.read_text()
        .replace("<![CDATA[Sara Ahmadi]]>", "<![CDATA[S.Ahmadi]]>")
        .replace("<![CDATA[Sara]]>", "<![CDATA[]]>")
        .replace("<![CDATA[Ahmadi]]>", "<![CDATA[]]>")
    )
    run_import(export, verbosity=0)
    user = get_user_model().objects.get(username="s.ahmadi")
    assert (user.get_full_name(), user.author_profile.name) == ("", "Staff writer")
    assert '· by <a href="/author/s-ahmadi/">Staff writer</a>' in client.get("/post-1/").text


def test_an_existing_account_keeps_its_slug_and_the_wordpress_address_leads_to_it(tmp_path, client):
    user = UserFactory(username="s.ahmadi", first_name="Sara", last_name="Ahmadi")
    run_import(write_wxr(tmp_path, wxr_item(1)), verbosity=0)
    assert AuthorProfile.objects.get(user=user).slug == "sara-ahmadi"
    for old in ("/author/s-ahmadi/", "/?author=7"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/author/sara-ahmadi/")


def test_a_nicename_taken_here_is_made_unique_and_reported(tmp_path, client):
    other = UserFactory(username="other", first_name="Other", last_name="Writer")
    AuthorProfile.objects.filter(user=other).update(slug="s-ahmadi")
    output = run_import(write_wxr(tmp_path, wxr_item(1)))
    assert AuthorProfile.objects.get(user__username="s.ahmadi").slug == "s-ahmadi-2"
    assert "author 's.ahmadi': /author/s-ahmadi/ is another author's here; using 's-ahmadi-2'" in (
        output
    )
    assert client.get("/?author=7")["Location"] == "/author/s-ahmadi-2/"


def test_a_second_run_keeps_the_slug_the_author_chose(tmp_path, client):
    export = write_wxr(tmp_path, wxr_item(1))
    run_import(export, verbosity=0)
    profile = AuthorProfile.objects.get(user__username="s.ahmadi")
    profile.slug = "sara"
    profile.save()
    run_import(export, verbosity=0)
    assert AuthorProfile.objects.get(pk=profile.pk).slug == "sara"
    for old in ("/author/s-ahmadi/", "/author/s-ahmadi/feed/", "/?author=7"):
        assert client.get(old)["Location"].startswith("/author/sara/"), old


def test_block_export_is_cleaned(block_test):
    output = run_import(block_test)
    assert Post.objects.posts().count() == 61
    assert Category.objects.count() == 7
    for post in Post.objects.all():
        assert "wp:" not in post.body.replace("wp-", "")
    assert "Dynamic blocks WordPress drew" in output


def test_second_run_changes_nothing(imported, theme_unit_test):
    before = content_counts()
    updated_at = dict(Post.objects.values_list("pk", "updated_at"))
    output = run_import(theme_unit_test)
    assert content_counts() == before
    assert dict(Post.objects.values_list("pk", "updated_at")) == updated_at
    rows = summary(output)
    assert rows["posts"] == [0, 0, 58, 0, 0]
    assert rows["pages"] == [0, 0, 21, 0, 0]
    assert rows["categories"] == [0, 0, 68, 0, 0]


def test_second_run_updates_what_changed_in_the_file(tmp_path):
    run_import(write_wxr(tmp_path, wxr_item(1, title="First title")), verbosity=0)
    post = Post.objects.get(wp_id=1)
    post.categories.clear()
    run_import(
        write_wxr(tmp_path, wxr_item(1, title="Better title", terms=""), name="again.xml"),
        verbosity=0,
    )
    post.refresh_from_db()
    assert post.title == "Better title"
    assert Post.objects.count() == 1
    assert post.tags.count() == 0


def test_dry_run_writes_nothing(theme_unit_test):
    before = content_counts()
    output = run_import(theme_unit_test, dry_run=True)
    assert content_counts() == before
    assert "Dry run: nothing was written." in output
    assert summary(output)["posts"] == [58, 0, 0, 0, 0]


def test_author_map_assigns_existing_users(tmp_path):
    editor = get_user_model().objects.create_user("editor", password="x")
    authors = tmp_path / "authors.csv"
    authors.write_text("# wordpress login, username\ns.ahmadi,editor\n")
    run_import(write_wxr(tmp_path, wxr_item(1)), author_map=str(authors), verbosity=0)
    assert Post.objects.get(wp_id=1).author == editor
    assert not get_user_model().objects.filter(username="s.ahmadi").exists()
    redirect = Redirect.objects.get(old_path="/author/s-ahmadi/")
    assert redirect.author == editor.author_profile


def test_author_map_naming_unknown_users_stops_before_writing(tmp_path):
    authors = tmp_path / "authors.csv"
    authors.write_text("s.ahmadi,nobody\n")
    with pytest.raises(CommandError, match="do not exist: nobody"):
        run_import(write_wxr(tmp_path, wxr_item(1)), author_map=str(authors), verbosity=0)
    assert Post.objects.count() == 0


def test_slug_taken_by_existing_post_is_renamed_and_old_link_redirects(tmp_path, client):
    PostFactory(slug="post-1", title="Written here")
    run_import(write_wxr(tmp_path, wxr_item(1, title="From WordPress")), verbosity=0)
    imported = Post.objects.get(wp_id=1)
    assert imported.slug == "post-1-2"
    response = client.get("/2017/07/01/post-1/")
    assert (response.status_code, response["Location"]) == (301, "/post-1-2/")


def test_existing_category_with_the_same_slug_is_adopted(tmp_path):
    news = CategoryFactory(slug="news", name="News")
    run_import(write_wxr(tmp_path, wxr_item(1)), verbosity=0)
    news.refresh_from_db()
    assert news.wp_id == 5
    assert Category.objects.count() == 1


def test_item_without_title_or_slug_is_imported_and_reported(tmp_path):
    output = run_import(write_wxr(tmp_path, wxr_item(3, title="", slug="", status="draft")))
    post = Post.objects.get(wp_id=3)
    assert (post.title, post.slug) == ("", "untitled")
    assert "has no slug; using 'untitled'" in output


def test_trash_other_types_and_items_without_id_are_counted(tmp_path):
    broken = wxr_item(9).replace("<wp:post_id>9</wp:post_id>", "")
    output = run_import(
        write_wxr(
            tmp_path,
            wxr_item(1, status="trash"),
            wxr_item(2, post_type="revision"),
            broken,
            wxr_item(4),
        )
    )
    assert list(Post.objects.values_list("wp_id", flat=True)) == [4]
    assert summary(output)["other: revision"] == [0, 0, 0, 1, 0]
    assert summary(output)["posts"] == [1, 0, 0, 1, 1]
    assert "post without a wp:post_id: skipped" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not xml", "not well-formed XML"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>', "declares a DTD"),
    ],
)
def test_bad_files_stop_with_a_clear_error_and_lose_nothing(tmp_path, content, message):
    kept = PostFactory(title="Already here")
    path = tmp_path / "bad.xml"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run_import(path, verbosity=0)
    assert list(Post.objects.all()) == [kept]


def test_unknown_version_stops_before_writing(tmp_path):
    with pytest.raises(CommandError, match=r"WXR version 9\.9 is not supported"):
        run_import(write_wxr(tmp_path, wxr_item(1), version="9.9"), verbosity=0)
    assert Category.objects.count() == 0


def test_truncated_file_keeps_earlier_batches_only(theme_unit_test, tmp_path, monkeypatch):
    """Batches before the break are imported; the one in progress is not."""
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 20)
    path = tmp_path / "truncated.xml"
    path.write_bytes(theme_unit_test.read_bytes()[:400_000])
    with pytest.raises(
        CommandError, match=r"line 9555: .* 257 items from earlier batches were imported and kept"
    ) as raised:
        run_import(path, verbosity=0)
    assert "Fix the file and run the import again" in str(raised.value)
    assert (Post.objects.count(), WordPressAttachment.objects.count()) == (38, 37)
    run_import(theme_unit_test, verbosity=0)
    assert Post.objects.count() == 79


def test_missing_command_arguments_are_reported():
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import_wordpress", "/nonexistent/export.xml", stdout=StringIO())


def test_uploads_dir_lists_missing_files(imported, theme_unit_test, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2008" / "06").mkdir(parents=True)
    (uploads / "2008" / "06" / "canola2.jpg").write_bytes(b"jpeg")
    output = run_import(theme_unit_test, uploads_dir=str(uploads))
    assert WordPressAttachment.objects.get(file_path="2008/06/canola2.jpg").file_found is True
    assert WordPressAttachment.objects.filter(file_found=False).count() == 36
    # The MP3 is recorded but is no media item: its file is not missed.
    assert "Missing media: 35 files" in output
    assert "canola2.jpg is not an image this site accepts" in output


def test_progress_and_summary_are_printed_and_quiet_is_quiet(theme_unit_test):
    output = run_import(theme_unit_test)
    assert "Items [" in output
    assert summary(output)["posts"] == [58, 0, 0, 0, 0]
    assert summary(output)["attachments"] == [37, 0, 0, 0, 0]
    assert "Media files: not imported (no --uploads-dir)" in output
    assert "Unknown shortcodes (left as text): simple (1)" in output
    assert run_import(theme_unit_test, quiet=True) == ""


def test_worker_process_converts_the_same(theme_unit_test):
    """Large exports convert bodies in a worker process; the result is identical."""
    from wordpress.importer import import_wordpress

    import_wordpress(theme_unit_test, worker=False)
    in_process = dict(Post.objects.values_list("wp_id", "body"))
    Post.objects.all().delete()
    report = import_wordpress(theme_unit_test, worker=True)
    assert dict(Post.objects.values_list("wp_id", "body")) == in_process
    assert report.tallies["posts"].created == 58

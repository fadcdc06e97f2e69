"""The index follows every change to content, after commit, and rebuilds safely."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from media_gallery import body_media
from media_gallery.models import MediaStatus
from posts.models import Post
from search.models import SearchEntry
from tests.factories import CategoryFactory, PostFactory, UserFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def entry(post):
    return SearchEntry.objects.get(source="posts.post", object_id=post.pk)


def test_nothing_is_indexed_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PostFactory(title="Uncommitted")
    assert not SearchEntry.objects.exists()
    for callback in callbacks:
        callback()
    assert SearchEntry.objects.get().title == "Uncommitted"


def test_edits_deletes_categories_and_tags_follow(
    publish, find, django_capture_on_commit_callbacks
):
    category = CategoryFactory()
    post = publish(title="Original title", tags=["Paris"])
    assert find("paris") == ["Original title"]
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Edited title"
        post.save()
        post.categories.add(category)
        post.tags.set(["Berlin"])
    assert find("edited") == ["Edited title"]
    assert find("original") == []
    assert find("berlin") == ["Edited title"]
    assert find("paris") == []
    assert list(entry(post).categories.all()) == [category]
    with django_capture_on_commit_callbacks(execute=True):
        category.posts.remove(post)  # from the category's side
    assert list(entry(post).categories.all()) == []
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert not SearchEntry.objects.exists()
    assert find("edited") == []


def test_bulk_status_changes_in_the_admin_follow(
    client, publish, find, django_capture_on_commit_callbacks
):
    call_command("setup_roles", verbosity=0)
    editor = UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    post = publish(title="Rally report")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:posts_post_changelist"),
            {"action": "move_to_draft", "_selected_action": [post.pk]},
        )
    assert find("rally") == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:posts_post_changelist"),
            {"action": "publish", "_selected_action": [post.pk]},
        )
    assert find("rally") == ["Rally report"]


def test_admin_search_box_uses_the_index_and_finds_drafts(client, publish):
    publish(title="Protesters in Tehran", status="draft", published_at=None)
    publish(title="Unrelated")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:posts_post_changelist"), {"q": "protest"})
    assert [p.title for p in response.context["cl"].result_list] == ["Protesters in Tehran"]


def rebuild(*args):
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_writes_what_is_missing_then_nothing(find):
    for number in range(3):
        PostFactory(title=f"Imported {number}")  # no commit callbacks: not indexed yet
    assert find("imported") == []
    first = rebuild()
    assert "posts.post        3      0         0        3          0        0" in first
    assert sorted(find("imported")) == ["Imported 0", "Imported 1", "Imported 2"]
    second = rebuild()
    assert "posts.post        0      0         0        0          3        0" in second


def test_check_reports_drift_without_changing_anything(publish):
    post = publish(title="Indexed")
    Post.objects.filter(pk=post.pk).update(title="Changed behind the index's back")
    PostFactory(title="Never indexed")
    SearchEntry.objects.create(
        source="posts.post",
        object_id=999_999,
        kind="post",
        title="Orphan",
        body="",
        is_listed=True,
        url="/orphan/",
        fingerprint="x",
    )
    with pytest.raises(CommandError, match="The index has drifted: 3 entries differ"):
        rebuild("--check")
    assert entry(post).title == "Indexed"
    assert SearchEntry.objects.count() == 2
    out = rebuild()
    assert "posts.post        1      1         1        2          0        1" in out
    assert rebuild("--check").endswith("The index is up to date.\n")


def test_renaming_a_tag_updates_its_posts_entries(
    publish, find, django_capture_on_commit_callbacks
):
    from taggit.models import Tag

    publish(title="Sanctions news", tags=["sanctions"])
    with django_capture_on_commit_callbacks(execute=True):
        tag = Tag.objects.get(name="sanctions")
        tag.name = "embargo"
        tag.save()
    assert find("embargo") == ["Sanctions news"]


def test_moving_a_page_updates_its_subpages_entries(django_capture_on_commit_callbacks):
    from tests.factories import PageFactory

    with django_capture_on_commit_callbacks(execute=True):
        about = PageFactory(title="About", slug="about-us")
        child = PageFactory(title="History", slug="history", parent=about)
    assert entry(child).url == "/about-us/history/"
    with django_capture_on_commit_callbacks(execute=True):
        about.slug = "who-we-are"
        about.save()
    assert entry(child).url == "/who-we-are/history/"


def test_library_media_placed_in_a_post_are_not_found_through_it(publish, find):
    """A draft image's caption, a draft gallery's title: the page leaves them out, and
    so does the post's search entry (public media are found as themselves)."""
    draft_image = ImageFactory(title="Rooftop", status=MediaStatus.DRAFT)
    draft_gallery = GalleryFactory(title="Safehouse portraits", status=MediaStatus.DRAFT)
    caption = "<figcaption>Rooftop meeting at dawn</figcaption>"
    publish(
        title="Rally report",
        body=f'<figure data-image="{draft_image.pk}" data-size="full" data-align="center">'
        f'<img alt="">{caption}</figure>'
        + body_media.gallery_marker(draft_gallery)
        + body_media.video_marker("https://youtu.be/dQw4w9WgXcQ")
        + "<p>Thousands marched.</p>",
    )
    assert find("marched") == ["Rally report"]
    assert find("rooftop") == []
    assert find("safehouse") == []
    assert find("dQw4w9WgXcQ") == []

"""Content becoming visible (published, scheduled) or hidden, by a save or a status action."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from media_gallery.models import MediaStatus
from posts.models import Post
from posts.publishing import publish_due_scheduled
from posts.signals import content_restored
from tests.factories import PageFactory, PostFactory, UserFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

from .conftest import clear_log, logged

pytestmark = pytest.mark.django_db

POSTS = reverse("admin:posts_post_changelist")
COMMAND = {"via": "command"}


def edit_form(post, **overrides):
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": "",
        "status": post.status,
        "published_at_0": "",
        "published_at_1": "",
        "author": post.author_id,
        "language": "en",
        "password": "",
        "tags": "",
    }
    return {**data, **overrides}


def test_an_editor_publishing_in_the_admin(client, editor):
    draft = PostFactory(title="Statement", status="draft", published_at=None)
    client.force_login(editor)
    clear_log()

    response = client.post(
        reverse("admin:posts_post_change", args=[draft.pk]),
        edit_form(draft, status="published"),
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 302
    assert logged() == [
        ("published", "eddie", "posts.post", "Statement", "203.0.113.5", {"status": "published"})
    ]
    assert AuditEvent.objects.get().user == editor


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("draft", "published", [("published", {"status": "published"})]),
        ("pending", "scheduled", [("published", {"status": "scheduled"})]),
        ("published", "private", [("unpublished", {"status": "private"})]),
        ("scheduled", "draft", [("unpublished", {"status": "draft"})]),
        # Visible before and after, or hidden before and after: nothing to record.
        ("scheduled", "published", []),
        ("draft", "pending", []),
        ("private", "draft", []),
    ],
)
def test_a_save_that_changes_what_visitors_see(before, after, expected):
    post = PostFactory(
        title="Statement", status=before, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    clear_log()

    post.status = after
    post.published_at = timezone.now() - datetime.timedelta(hours=1)
    post.save()

    assert logged() == [
        (action, "", "posts.post", "Statement", None, {**detail, **COMMAND})
        for action, detail in expected
    ]


def test_a_save_that_changes_nothing_visible_is_not_recorded():
    post = PostFactory(title="Statement")
    clear_log()

    post.title = "Statement, corrected"
    post.save()
    post.save(update_fields=["title"])

    assert logged() == []


def test_content_created_public_is_published():
    author = UserFactory()
    clear_log()

    PostFactory(title="Statement", status="published", author=author)
    PostFactory(title="Notes", status="draft", published_at=None, author=author)
    PageFactory(title="About us", status="published", author=author)

    assert logged() == [
        ("published", "", "posts.post", "Statement", None, {"status": "published", **COMMAND}),
        ("published", "", "posts.page", "About us", None, {"status": "published", **COMMAND}),
    ]


def test_a_rolled_back_change_leaves_no_event():
    post = PostFactory(status="draft", published_at=None)
    clear_log()

    @transaction.atomic
    def publish_then_fail():
        post.status = "published"
        post.save()
        raise RuntimeError("the rest of the change failed")

    with pytest.raises(RuntimeError):
        publish_then_fail()

    assert logged() == []


def test_the_status_actions_record_each_post_they_show_or_hide(client, editor):
    drafts = [PostFactory(title=f"Draft {n}", status="draft", published_at=None) for n in range(2)]
    public = PostFactory(title="Already public")
    upcoming = PostFactory(
        title="Upcoming", status="pending", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(editor)
    clear_log()

    client.post(
        POSTS,
        {"action": "publish", "_selected_action": [p.pk for p in [*drafts, public, upcoming]]},
        REMOTE_ADDR="203.0.113.5",
    )

    assert logged() == [
        ("published", "eddie", "posts.post", "Upcoming", "203.0.113.5", {"status": "scheduled"}),
        ("published", "eddie", "posts.post", "Draft 0", "203.0.113.5", {"status": "published"}),
        ("published", "eddie", "posts.post", "Draft 1", "203.0.113.5", {"status": "published"}),
    ]
    clear_log()

    client.post(
        POSTS,
        {"action": "unpublish", "_selected_action": [drafts[0].pk]},
        REMOTE_ADDR="2001:db8::1",
    )
    client.post(
        POSTS,
        {"action": "move_to_draft", "_selected_action": [drafts[0].pk, public.pk]},
        REMOTE_ADDR="2001:db8::1",
    )

    assert logged() == [
        ("unpublished", "eddie", "posts.post", "Draft 0", "2001:db8::1", {"status": "private"}),
        (
            "unpublished",
            "eddie",
            "posts.post",
            "Already public",
            "2001:db8::1",
            {"status": "draft"},
        ),
    ]


def test_scheduled_posts_falling_due_are_not_a_publication():
    """Visitors saw them already: only the stored status catches up."""
    PostFactory(status="scheduled", published_at=timezone.now() - datetime.timedelta(minutes=1))
    clear_log()

    assert publish_due_scheduled() == 1
    assert logged() == []


@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        (ImageFactory, "media_gallery.image"),
        (VideoFactory, "media_gallery.video"),
        (GalleryFactory, "media_gallery.gallery"),
    ],
)
def test_media_published_and_unpublished(factory, kind):
    item = factory(title="Rally", status=MediaStatus.PUBLISHED)
    clear_log()

    item.status = MediaStatus.DRAFT
    item.save()
    item.status = MediaStatus.PUBLISHED
    item.save()

    assert logged() == [
        ("unpublished", "", kind, "Rally", None, {"status": "draft", **COMMAND}),
        ("published", "", kind, "Rally", None, {"status": "published", **COMMAND}),
    ]


def test_a_restore_from_a_revision_is_recorded():
    """The hook for revisions: whoever restores content sends content_restored."""
    post = PostFactory(title="Statement")
    clear_log()

    content_restored.send(sender=Post, instance=post, revision="revision 4 of 2025-03-01")

    assert logged() == [
        (
            "restored",
            "",
            "posts.post",
            "Statement",
            None,
            {"revision": "revision 4 of 2025-03-01", **COMMAND},
        )
    ]

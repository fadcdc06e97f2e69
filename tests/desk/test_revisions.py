"""Revisions: every save kept, listed newest first, compared word by word, restored within roles."""

import json
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Revision, Version

from audit.models import AuditEvent
from desk import revisions
from desk.models import RevisionTags
from posts.models import Post
from tests.factories import CategoryFactory, PostFactory
from tests.media_gallery.factories import ImageFactory
from tests.staff import form_data, member
from tests.wordpress.conftest import run_import, write_wxr, wxr_item

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:posts_post_changelist")


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def history_url(post):
    return reverse("admin:posts_post_history", args=[post.pk])


def versions(post):
    return list(Version.objects.get_for_object(post))


def save(client, post, **fields):
    response = client.post(change_url(post), form_data(slug=post.slug, **fields))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    return response


@pytest.fixture
def edited(client, staff):
    """A post an Author wrote, then edited: two revisions."""
    post = PostFactory(title="First title", slug="speech", author=staff["author"], status="draft")
    client.force_login(staff["author"])
    save(client, post, title="First title", body="<p>The first words.</p>", tags="Tehran")
    save(client, post, title="Second title", body="<p>The second words.</p>", tags="Tehran, Paris")
    return post


def test_every_save_keeps_a_revision_with_its_author_and_what_changed(client, staff, edited):
    first, second = reversed(versions(edited))
    assert (first.revision.user, second.revision.user) == (staff["author"], staff["author"])
    assert second.revision.comment == "Changed Title, Body and Tags."
    assert second.field_dict["title"] == "Second title"
    tags = RevisionTags.objects.get(revision=second.revision)
    assert tags.names == ["Paris", "Tehran"]


def test_history_lists_revisions_newest_first_with_what_changed(client, edited):
    response = client.get(history_url(edited))
    assert response.status_code == 200
    text = response.text
    assert "2 revisions, newest first." in text
    comments = [row["snapshot"].version.revision.comment for row in response.context["rows"]]
    assert comments == ["Changed Title, Body and Tags.", "Changed Body, Publication date and Tags."]
    rows = [row["changes"] for row in response.context["rows"]]
    assert rows[0] == ["title", "text", "tags"]
    assert "Restore this revision" in text


def test_history_names_who_saved_by_public_name_never_login(client, staff, edited):
    """The Author reads their post's History after a nameless Editor account saved it."""
    nameless = member("Editor", "night.desk", first_name="", last_name="")
    client.force_login(nameless)
    save(client, edited, title="Night title", author=staff["author"].pk)
    client.force_login(staff["author"])
    text = client.get(history_url(edited)).text
    assert "Staff writer" in text
    assert "night.desk" not in text


def test_compare_marks_the_words_inserted_and_deleted(client, edited):
    oldest = versions(edited)[-1]
    url = reverse("admin:posts_post_compare", args=[edited.pk, oldest.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "The <del>first</del><ins>second</ins> words." in response.text
    assert "<del>First</del><ins>Second</ins> title" in response.text
    assert "<del>Tehran</del> → <ins>Paris, Tehran</ins>" in response.text


def test_restore_asks_first_then_restores_as_a_new_revision(client, staff, edited):
    oldest = versions(edited)[-1]
    url = reverse("admin:posts_post_restore", args=[edited.pk, oldest.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert '<input type="submit" value="Restore">' in confirm.text
    edited.refresh_from_db()
    assert edited.title == "Second title"  # asking changes nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(change_url(edited), 302)]
    assert "Restored the revision of" in response.text
    edited.refresh_from_db()
    assert (edited.title, edited.body) == ("First title", "<p>The first words.</p>")
    assert sorted(edited.tags.names()) == ["Tehran"]
    newest = versions(edited)
    assert len(newest) == 3
    assert newest[0].revision.comment.startswith("Restored the revision of")
    assert newest[1].field_dict["title"] == "Second title"  # the replaced text is kept
    assert AuditEvent.objects.filter(action="restored", object_id=str(edited.pk)).exists()


def test_a_contributors_restore_cannot_publish(client, staff):
    post = PostFactory(title="Old", slug="old", author=staff["contributor"], status="draft")
    client.force_login(staff["editor"])
    save(
        client,
        post,
        title="Published by the editor",
        status="published",
        author=staff["contributor"].pk,
    )
    client.force_login(staff["contributor"])
    post.refresh_from_db()
    post.status = "draft"
    post.save()
    published = versions(post)[0]
    client.post(reverse("admin:posts_post_restore", args=[post.pk, published.pk]))
    post.refresh_from_db()
    assert (post.title, post.status) == ("Published by the editor", "draft")


def test_an_author_cannot_see_or_restore_another_authors_revisions(client, staff, edited):
    oldest = versions(edited)[-1]
    client.force_login(staff["other_author"])
    for url in (
        history_url(edited),
        reverse("admin:posts_post_compare", args=[edited.pk, oldest.pk]),
        reverse("admin:posts_post_restore", args=[edited.pk, oldest.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    edited.refresh_from_db()
    assert edited.title == "Second title"


def test_a_revision_of_another_post_or_unknown_is_a_404(client, staff, edited):
    other = PostFactory(author=staff["author"], slug="other")
    save(client, other, title="Other")
    foreign = versions(other)[0]
    assert (
        client.get(reverse("admin:posts_post_compare", args=[edited.pk, foreign.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("admin:posts_post_restore", args=[999999, foreign.pk])).status_code
        == 404
    )


def test_restore_keeps_the_rest_when_a_category_or_image_is_gone(client, staff):
    post = PostFactory(title="With media", slug="with-media", author=staff["editor"])
    gone, kept = (
        CategoryFactory(name="Gone", slug="gone"),
        CategoryFactory(name="Kept", slug="kept"),
    )
    image = ImageFactory(renditions=False)
    client.force_login(staff["editor"])
    save(
        client,
        post,
        title="With media",
        status="published",
        author=staff["editor"].pk,
        categories=[gone.pk, kept.pk],
        featured_image=image.pk,
    )
    save(client, post, title="Changed", status="published", author=staff["editor"].pk)
    gone.delete()
    image.delete()
    response = client.post(
        reverse("admin:posts_post_restore", args=[post.pk, versions(post)[-1].pk]), follow=True
    )
    assert (
        "Some categories of that revision no longer exist; the others are restored."
        in response.text
    )
    assert "The image of that revision no longer exists; the current one is kept." in response.text
    post.refresh_from_db()
    assert post.title == "With media"
    assert list(post.categories.values_list("slug", flat=True)) == ["kept"]
    assert post.featured_image is None


def test_status_actions_keep_a_revision_with_their_comment(client, staff):
    posts = [PostFactory(slug=f"p{n}", status="draft", published_at=None) for n in range(2)]
    client.force_login(staff["editor"])
    client.post(
        CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [post.pk for post in posts]}
    )
    for post in posts:
        (version,) = versions(post)
        assert version.revision.comment == "Published with “Publish selected”."
        assert version.field_dict["status"] == "published"


def test_prune_keeps_the_last_revisions_of_each_item(client, staff, settings):
    settings.REVISIONS_KEEP = 2
    post = PostFactory(slug="busy", author=staff["author"])
    quiet = PostFactory(slug="quiet", author=staff["author"])
    client.force_login(staff["author"])
    for number in range(4):
        save(client, post, title=f"Take {number}")
    save(client, quiet, title="Once")

    out = StringIO()
    call_command("prune_revisions", "--dry-run", stdout=out)
    assert (
        "2 old revision(s) of 1 item(s) would be deleted; the last 2 of each are kept."
        in out.getvalue()
    )
    assert len(versions(post)) == 4

    out = StringIO()
    call_command("prune_revisions", stdout=out)
    assert "2 old revision(s) of 1 item(s) deleted" in out.getvalue()
    assert [v.field_dict["title"] for v in versions(post)] == ["Take 3", "Take 2"]
    assert len(versions(quiet)) == 1
    assert Revision.objects.count() == 3
    assert RevisionTags.objects.count() == 3
    call_command("prune_revisions", "-v", "0", stdout=(quiet_out := StringIO()))
    assert quiet_out.getvalue() == ""
    with pytest.raises(CommandError, match="--keep must be at least 1"):
        call_command("prune_revisions", "--keep", "0")
    assert Post.objects.count() == 2


def test_an_import_keeps_a_revision_of_what_it_wrote(tmp_path):
    export = write_wxr(tmp_path, wxr_item(1), wxr_item(2))
    run_import(export, verbosity=0)
    for post in Post.objects.all():
        (version,) = versions(post)
        assert (version.revision.comment, version.revision.user) == (
            "Imported from WordPress.",
            None,
        )
    run_import(export, verbosity=0)  # nothing changed: nothing new to keep
    assert Version.objects.count() == 2


def test_the_imports_bulk_versions_hold_what_django_reversion_writes(staff):
    """``keep_many`` builds versions without the serialiser; they must read back the same."""
    image = ImageFactory(renditions=False)
    post = PostFactory(
        title="Rally",
        slug="rally",
        author=staff["author"],
        tags=["Paris", "Tehran"],
        categories=[CategoryFactory(slug="b"), CategoryFactory(slug="a")],
        featured_image=image,
        excerpt="Short",
    )
    revisions.keep([post], staff["author"], "one at a time")
    revisions.keep_many([post.pk], "in bulk")
    bulk, single = versions(post)

    def stored(version):
        (record,) = json.loads(version.serialized_data)
        record["fields"]["categories"] = sorted(record["fields"]["categories"])
        return record

    assert stored(bulk) == stored(single)
    assert {**bulk.field_dict, "categories": None} == {**single.field_dict, "categories": None}
    assert bulk.object_repr == single.object_repr == "Rally"
    assert revisions.Snapshot.of(bulk).fields == revisions.Snapshot.of(single).fields

"""The editor admin: roles as in WordPress, status actions, tree of categories."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.models import AuthorProfile, Category, Post, Redirect
from tests.factories import CategoryFactory, PageFactory, PostFactory, UserFactory
from tests.staff import form_data, member

pytestmark = pytest.mark.django_db

ADD_POST = reverse("admin:posts_post_add")
POSTS = reverse("admin:posts_post_changelist")


@pytest.fixture
def staff(db):
    call_command("setup_roles", verbosity=0)
    return {
        "editor": member("Editor", "eddie"),
        "author": member("Author", "anna"),
        "other_author": member("Author", "omid"),
        "contributor": member("Contributor", "cyrus"),
    }


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def test_setup_roles_is_idempotent(staff):
    call_command("setup_roles", verbosity=0)
    editor = Group.objects.get(name="Editor")
    assert editor.permissions.filter(codename="publish_post").exists()
    assert (
        not Group.objects.get(name="Contributor")
        .permissions.filter(codename="publish_post")
        .exists()
    )
    assert Group.objects.filter(name__in=["Editor", "Author", "Contributor"]).count() == 3


def test_contributor_writes_drafts_and_cannot_publish(client, staff):
    client.force_login(staff["contributor"])
    form = client.get(ADD_POST)
    statuses = [value for value, _label in form.context["adminform"].form.fields["status"].choices]
    assert statuses == ["draft", "pending"]

    refused = client.post(ADD_POST, form_data(status="published"))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text
    assert not Post.objects.exists()

    client.post(ADD_POST, form_data(status="pending"))
    post = Post.objects.get()
    assert (post.status, post.author) == ("pending", staff["contributor"])


def test_contributor_cannot_change_a_published_post_of_their_own(client, staff):
    post = PostFactory(author=staff["contributor"], title="Already public")
    client.force_login(staff["contributor"])
    client.post(change_url(post), form_data(title="Changed", slug=post.slug, status="draft"))
    post.refresh_from_db()
    assert post.title == "Already public"


def test_author_cannot_open_another_authors_post(client, staff):
    theirs = PostFactory(author=staff["other_author"], title="Omid's post")
    mine = PostFactory(author=staff["author"], title="Anna's post")
    client.force_login(staff["author"])
    listing = client.get(POSTS)
    assert [p.title for p in listing.context["cl"].result_list] == ["Anna's post"]
    response = client.get(change_url(theirs))
    assert response.status_code == 302  # "doesn't exist", back to the admin index
    assert client.post(change_url(theirs), form_data(slug=theirs.slug)).status_code == 302
    theirs.refresh_from_db()
    assert theirs.title == "Omid's post"
    assert client.get(change_url(mine)).status_code == 200


def test_author_publishes_own_post_and_cannot_reassign_it(client, staff):
    client.force_login(staff["author"])
    form = client.get(ADD_POST).context["adminform"].form
    assert "author" not in form.fields
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        client.post(ADD_POST, form_data(status="published", author=staff["editor"].pk))
    post = Post.objects.get()
    assert post.status == "published"
    assert post.author == staff["author"]
    assert post.published_at == moment  # no date given: published now


def test_editor_edits_anyones_post_and_bulk_publishes(client, staff):
    drafts = [
        PostFactory(author=staff["contributor"], status="draft", published_at=None)
        for _ in range(2)
    ]
    client.force_login(staff["editor"])
    assert client.get(change_url(drafts[0])).status_code == 200
    response = client.post(
        POSTS, {"action": "publish", "_selected_action": [p.pk for p in drafts]}, follow=True
    )
    assert "2 items published or scheduled." in response.text
    assert set(Post.objects.values_list("status", flat=True)) == {"published"}


def test_bulk_unpublish_and_move_to_draft(client, staff):
    first, second = PostFactory(), PostFactory()
    client.force_login(staff["editor"])
    client.post(POSTS, {"action": "unpublish", "_selected_action": [first.pk]})
    client.post(POSTS, {"action": "move_to_draft", "_selected_action": [second.pk]})
    assert Post.objects.get(pk=first.pk).status == "private"
    assert Post.objects.get(pk=second.pk).status == "draft"
    assert not Post.objects.published().exists()


def test_status_actions_are_hidden_from_contributors(client, staff):
    PostFactory(author=staff["contributor"], status="draft", published_at=None)
    client.force_login(staff["contributor"])
    actions = [
        name for name, _label in client.get(POSTS).context["action_form"].fields["action"].choices
    ]
    assert "publish" not in actions
    assert "unpublish" not in actions


def test_duplicate_slug_is_a_form_error(client, staff):
    PostFactory(slug="taken")
    client.force_login(staff["editor"])
    response = client.post(ADD_POST, form_data(slug="taken", author=staff["editor"].pk))
    assert response.status_code == 200
    assert "Another post already uses this slug." in response.text
    assert Post.objects.count() == 1


def test_hostile_html_from_the_admin_is_stored_clean(client, staff):
    client.force_login(staff["editor"])
    client.post(
        ADD_POST,
        form_data(
            body='<p onclick="steal()">Hi</p><script>steal()</script>', author=staff["editor"].pk
        ),
    )
    assert Post.objects.get().body == "<p>Hi</p>"


def test_posts_and_pages_are_separate_admin_entries(client, staff):
    PostFactory(title="A post")
    PageFactory(title="A page")
    client.force_login(staff["editor"])
    posts = client.get(POSTS).context["cl"].result_list
    pages = client.get(reverse("admin:posts_page_changelist")).context["cl"].result_list
    assert [p.title for p in posts] == ["A post"]
    assert [p.title for p in pages] == ["A page"]
    client.post(
        reverse("admin:posts_page_add"),
        form_data(
            title="Contact",
            slug="contact",
            status="published",
            author=staff["editor"].pk,
            menu_order=0,
        ),
    )
    assert Post.objects.get(slug="contact").kind == "page"


def test_view_on_site_previews_drafts(client, staff):
    draft = PostFactory(status="draft", published_at=None, author=staff["editor"])
    public = PostFactory(slug="public")
    client.force_login(staff["editor"])
    assert f'href="/preview/{draft.pk}/"' in client.get(change_url(draft)).text
    assert 'href="/public/"' in client.get(change_url(public)).text


def test_category_admin_shows_the_tree_with_published_counts(client, staff):
    root = CategoryFactory(name="Summit", slug="summit")
    year = CategoryFactory(name="2021", slug="y2021", parent=root)
    CategoryFactory(name="Summit-extra", slug="summit-extra")  # sorts between by path
    PostFactory(categories=[year])
    PostFactory(categories=[year], status="draft", published_at=None)
    client.force_login(staff["editor"])
    response = client.get(reverse("admin:posts_category_changelist"))
    rows = [(c.name, c.depth) for c in response.context["cl"].result_list]
    assert rows == [("Summit", 0), ("2021", 1), ("Summit-extra", 0)]
    assert "— 2021" in response.text
    counts = {
        c.name: response.context["cl"].model_admin.published_posts(c)
        for c in response.context["cl"].result_list
    }
    assert counts == {"Summit-extra": 0, "Summit": 1, "2021": 1}


def test_category_cannot_be_its_own_ancestor_in_the_admin(client, staff):
    root = CategoryFactory(name="Root", slug="root")
    child = CategoryFactory(name="Child", slug="child", parent=root)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("admin:posts_category_change", args=[root.pk]),
        {"name": "Root", "slug": "root", "parent": child.pk, "description": ""},
    )
    assert "It cannot be placed under itself" in response.text
    assert Category.objects.get(pk=root.pk).parent is None


def test_tags_field_suggests_existing_tags(client, staff):
    PostFactory(tags=["Paris", "Parliament", "Berlin"])
    client.force_login(staff["author"])
    form_html = client.get(ADD_POST).text
    assert 'data-tag-suggestions-url="/admin/posts/post/tag-suggestions/"' in form_html
    assert "posts/admin/tag-suggestions.js" in form_html
    response = client.get("/admin/posts/post/tag-suggestions/", {"term": "par"})
    assert response.json() == {"results": ["Paris", "Parliament"]}
    assert client.get("/admin/posts/post/tag-suggestions/", {"term": ""}).json() == {"results": []}
    client.logout()
    assert client.get("/admin/posts/post/tag-suggestions/", {"term": "par"}).status_code == 302


def test_editors_choose_authors_and_only_they_make_posts_sticky(client, staff):
    client.force_login(staff["editor"])
    autocomplete = client.get(
        "/admin/autocomplete/",
        {"app_label": "posts", "model_name": "post", "field_name": "author", "term": "an"},
    )
    assert autocomplete.status_code == 200
    assert "anna" in autocomplete.text
    assert "sticky" in client.get(ADD_POST).context["adminform"].form.fields
    client.force_login(staff["author"])
    assert "sticky" not in client.get(ADD_POST).context["adminform"].form.fields


def profile_url(user):
    return reverse("admin:posts_authorprofile_change", args=[user.author_profile.pk])


def test_staff_edit_their_own_public_name_and_address(client, staff):
    anna = staff["author"]
    old_slug = anna.author_profile.slug
    client.force_login(anna)
    listed = client.get(reverse("admin:posts_authorprofile_changelist"))
    assert [profile.user for profile in listed.context["cl"].result_list] == [anna]
    response = client.post(profile_url(anna), {"display_name": "Anna K.", "slug": "anna-k"})
    assert response.status_code == 302
    anna.author_profile.refresh_from_db()
    assert (anna.author_profile.name, anna.author_profile.slug) == ("Anna K.", "anna-k")
    assert Redirect.objects.get(old_path=f"/author/{old_slug}/").author == anna.author_profile


def test_staff_cannot_open_anothers_profile(client, staff):
    omid = staff["other_author"]
    client.force_login(staff["author"])
    response = client.post(profile_url(omid), {"display_name": "Hijacked", "slug": "hijacked"})
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    omid.author_profile.refresh_from_db()
    assert omid.author_profile.display_name == ""
    assert client.get(reverse("admin:posts_authorprofile_add")).status_code == 403


def test_administrators_edit_anyones_profile(client, staff):
    omid = staff["other_author"]
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(profile_url(omid), {"display_name": "Omid Rahimi", "slug": "omid-r"})
    assert response.status_code == 302
    omid.author_profile.refresh_from_db()
    assert (omid.author_profile.name, omid.author_profile.slug) == ("Omid Rahimi", "omid-r")


def test_a_new_name_or_address_that_is_the_login_is_refused(client, staff):
    anna = staff["author"]
    client.force_login(anna)
    response = client.post(profile_url(anna), {"display_name": "ANNA", "slug": "anna"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    message = ["This is the account's login: choose one that does not reveal it."]
    assert (errors["display_name"], errors["slug"]) == (message, message)


def test_an_imported_address_that_is_the_login_may_stay(client, staff):
    """WordPress made it (and published it); the author changes it when they choose."""
    anna = staff["author"]
    AuthorProfile.objects.filter(user=anna).update(slug="anna")
    client.force_login(anna)
    response = client.post(profile_url(anna), {"display_name": "Anna K.", "slug": "anna"})
    assert response.status_code == 302
    assert AuthorProfile.objects.get(user=anna).name == "Anna K."

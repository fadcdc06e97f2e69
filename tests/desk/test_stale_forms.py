"""A save from a change form opened before someone else saved is refused, with a link to
compare the two versions."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from posts.models import Page
from tests.factories import PostFactory
from tests.staff import form_data

pytestmark = pytest.mark.django_db


def change_url(post):
    return reverse(f"admin:posts_{post._meta.model_name}_change", args=[post.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def opened_at(client, post):
    """Open the post's form; the moment it carries."""
    response = client.get(change_url(post))
    assert 'name="opened_at"' in response.text
    return response.context["adminform"].form["opened_at"].value()


def save(client, post, **fields):
    """Post the form as an Editor does (they choose the author; a page has an order)."""
    if post.kind == "page":
        fields.setdefault("menu_order", 0)
    data = form_data(slug=post.slug, author=post.author_id, **fields)
    return client.post(change_url(post), data)


@pytest.fixture
def post(staff):
    """A post the Editor saved once from the admin (its first revision)."""
    post = PostFactory(title="Rally", slug="rally", author=staff["editor"], status="draft")
    response = save(signed_in(staff["editor"]), post, title="Rally", body="<p>First words.</p>")
    assert response.status_code == 302
    return post


def later(minutes):
    """A moment when every lock taken now has expired (the colleague closed their tab)."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=True)


def test_save_after_someone_else_saved_is_refused_with_a_link_to_compare(staff, post):
    mine = signed_in(staff["editor"])
    stale = opened_at(mine, post)
    opened_version = Version.objects.get_for_object(post).get()
    with later(1):
        theirs = save(signed_in(staff["admin"]), post, body="<p>Their words.</p>")
        assert theirs.status_code == 302
    with later(2):
        response = save(mine, post, body="<p>My words.</p>", opened_at=stale)

    assert response.status_code == 200
    assert "Someone else saved this post after you opened it" in response.text
    post.refresh_from_db()
    assert post.body == "<p>Their words.</p>"
    compare = reverse("admin:posts_post_compare", args=[post.pk, opened_version.pk])
    assert f'<a href="{compare}" target="_blank">Compare the version you opened' in response.text
    # The link shows what the colleague changed since the form was opened.
    assert "<del>First</del><ins>Their</ins> words." in mine.get(compare).text
    # The form still holds what was typed.
    assert response.context["adminform"].form["body"].value() == "<p>My words.</p>"


def test_saving_again_after_the_refusal_keeps_my_version(staff, post):
    mine = signed_in(staff["editor"])
    stale = opened_at(mine, post)
    with later(1):
        save(signed_in(staff["admin"]), post, body="<p>Their words.</p>")
    with later(2):
        refused = save(mine, post, body="<p>My words.</p>", opened_at=stale)
        shown = refused.context["adminform"].form["opened_at"].value()
        assert shown != stale
        again = save(mine, post, body="<p>My words.</p>", opened_at=shown)
    assert again.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>My words.</p>"
    assert Version.objects.get_for_object(post).count() == 3


def test_save_from_a_fresh_form_goes_through(staff, post):
    mine = signed_in(staff["editor"])
    response = save(mine, post, body="<p>My words.</p>", opened_at=opened_at(mine, post))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>My words.</p>"


def test_a_page_saved_meanwhile_is_refused_too_with_its_own_compare_link(staff):
    page = Page.objects.get(pk=PostFactory(kind="page", title="About", slug="about").pk)
    assert save(signed_in(staff["editor"]), page, title="About").status_code == 302
    mine = signed_in(staff["editor"])
    stale = opened_at(mine, page)
    with later(1):
        save(signed_in(staff["admin"]), page, title="About us")
    with later(2):
        response = save(mine, page, title="About the campaign", opened_at=stale)
    assert response.status_code == 200
    version = Version.objects.get_for_object(page).order_by("pk").first()
    assert reverse("admin:posts_page_compare", args=[page.pk, version.pk]) in response.text
    page.refresh_from_db()
    assert page.title == "About us"


def test_without_a_revision_to_compare_the_refusal_still_says_why(staff):
    post = PostFactory(author=staff["editor"], body="<p>Imported.</p>")
    mine = signed_in(staff["editor"])
    stale = opened_at(mine, post)
    post.save()  # changed outside the admin, with no revision (a command, a script)
    response = save(mine, post, body="<p>My words.</p>", opened_at=stale)
    assert response.status_code == 200
    assert "Someone else saved this post after you opened it" in response.text
    assert "Compare the version" not in response.text


@pytest.mark.parametrize("damaged", ["yesterday-ish", "2026-12-04T10:00:00"])
def test_a_damaged_opened_at_is_an_error_the_editor_sees(staff, post, damaged):
    mine = signed_in(staff["editor"])
    response = save(mine, post, body="<p>My words.</p>", opened_at=damaged)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["This form does not say when it was opened: reload the post and try again."]
    post.refresh_from_db()
    assert post.body == "<p>First words.</p>"


def test_a_restored_autosave_carries_when_the_form_was_opened_not_when_it_was_kept(staff, post):
    """The autosave holds the old form's opened_at; the restored form is opened now."""
    mine = signed_in(staff["editor"])
    stale = opened_at(mine, post)
    with later(1):
        save(signed_in(staff["admin"]), post, body="<p>Their words.</p>")
    with later(2):
        kept = mine.post(
            reverse("desk:autosave", args=["post", post.pk]),
            form_data(slug="rally", body="<p>My words.</p>", opened_at=stale),
        )
        assert kept.status_code == 200
        restored = mine.get(change_url(post) + "?autosave=restore")
        form = restored.context["adminform"].form
        assert form["body"].value() == "<p>My words.</p>"
        assert form["opened_at"].value() != stale
        post.refresh_from_db()
        assert form["opened_at"].value() == post.updated_at.isoformat()

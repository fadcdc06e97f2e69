"""The tags admin: only those who may change tags merge them."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from tests.factories import PostFactory
from tests.staff import member

pytestmark = pytest.mark.django_db

TAGS = reverse("admin:taggit_tag_changelist")
MERGE = reverse("admin:taggit_tag_merge_tags")


def merge(client, tags, into):
    """Select ``tags`` in the list, run "Merge selected tags", and name the result."""
    chosen = client.post(
        TAGS,
        {"action": "render_tag_form", ACTION_CHECKBOX_NAME: [tag.pk for tag in tags]},
    )
    merged = client.post(MERGE, {"new_tag_name": into})
    return chosen.status_code, merged.status_code


def test_only_those_who_may_change_tags_merge_them(client):
    """taggit's action rewrites every post's tags; viewing tags must not be enough."""
    call_command("setup_roles", verbosity=0)
    post = PostFactory(tags=["Tehran", "Tehran rally"])
    for role in ("Author", "Contributor"):
        client.force_login(member(role, role.lower()))
        assert merge(client, Tag.objects.all(), into="Merged") == (200, 403)
        assert sorted(Tag.objects.values_list("name", flat=True)) == ["Tehran", "Tehran rally"]
    client.force_login(member("Editor", "eddie"))
    assert merge(client, Tag.objects.all(), into="Iran") == (302, 302)
    assert list(post.tags.names()) == ["Iran"]


@pytest.mark.parametrize("chosen", [None, "", "abc", "999999", "1,999999"])
def test_a_merge_without_existing_tags_chosen_changes_nothing_and_says_why(client, chosen):
    """The merge page opened directly, or after a chosen tag was deleted meanwhile."""
    call_command("setup_roles", verbosity=0)
    post = PostFactory(tags=["Tehran", "Tehran rally"])
    client.force_login(member("Editor", "eddie"))
    if chosen is not None:
        session = client.session
        session["selected_tag_ids"] = chosen.replace("1", str(Tag.objects.first().pk), 1)
        session.save()
    response = client.post(MERGE, {"new_tag_name": "Iran"}, follow=True)
    assert response.redirect_chain == [(TAGS, 302)]
    assert "Choose the tags to merge in the list of tags." in response.text
    assert sorted(post.tags.names()) == ["Tehran", "Tehran rally"]
    assert not Tag.objects.filter(name="Iran").exists()

"""Accounts older than author profiles get one, and redirects to a login's archive follow it."""

import pytest

from posts.models import AuthorProfile, Redirect
from tests.wordpress.test_model_move import latest, migrate

BEFORE_PROFILES = [("posts", "0008_move_wordpress_models")]


@pytest.fixture
def old_apps(transactional_db):
    """A database as it was before author profiles; migrated back to the latest after."""
    yield migrate(BEFORE_PROFILES)
    migrate(latest())


def redirects():
    return {
        redirect.old_path: redirect.author.slug if redirect.author else redirect.target_url
        for redirect in Redirect.objects.select_related("author")
    }


def test_accounts_get_slugs_from_their_names_and_redirects_lead_to_them(old_apps):
    User = old_apps.get_model("auth", "User")
    OldRedirect = old_apps.get_model("posts", "Redirect")
    User.objects.create(username="s.ahmadi", first_name="Sara", last_name="Ahmadi")
    nameless = User.objects.create(username="jdoe")
    User.objects.create(username="sara2", first_name="Sara", last_name="Ahmadi")
    # What an import made before: WordPress's addresses leading to the archive by login.
    for old_path in ("/?author=7", "/author/s-ahmadi/"):
        OldRedirect.objects.create(old_path=old_path, target_url="/author/s.ahmadi/")
    OldRedirect.objects.create(old_path="/old-author/", target_url="/author/nobody/")

    migrate(latest())
    profiles = AuthorProfile.objects.order_by("user_id").values_list("user__username", "slug")
    assert list(profiles) == [
        ("s.ahmadi", "sara-ahmadi"),
        ("jdoe", f"author-{nameless.pk}"),
        ("sara2", "sara-ahmadi-2"),
    ]
    assert redirects() == {
        "/?author=7": "sara-ahmadi",
        "/author/s-ahmadi/": "sara-ahmadi",
        "/old-author/": "/author/nobody/",
    }

    migrate(BEFORE_PROFILES)
    assert dict(OldRedirect.objects.values_list("old_path", "target_url")) == {
        "/?author=7": "/author/s.ahmadi/",
        "/author/s-ahmadi/": "/author/s.ahmadi/",
        "/old-author/": "/author/nobody/",
    }

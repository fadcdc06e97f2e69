"""What the desk's tests share: staff in each role, and a post's form as a browser posts it."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import UserFactory


def member(role, username, **fields):
    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def staff_in_roles():
    call_command("setup_roles", verbosity=0)
    return {
        "admin": UserFactory(username="root", is_staff=True, is_superuser=True),
        "editor": member("Editor", "eddie"),
        "author": member("Author", "anna"),
        "other_author": member("Author", "omid"),
        "contributor": member("Contributor", "cyrus"),
    }


def form_data(**overrides):
    """The post form's fields, as the admin's change form posts them."""
    data = {
        "title": "Speech at the summit",
        "slug": "speech-at-the-summit",
        "body": "<p>Text</p>",
        "excerpt": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
    }
    data.update(overrides)
    return data

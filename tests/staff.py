"""Staff in the editorial roles, and a post's form as the admin posts it: what the
admin, desk, audit and media tests share."""

from django.contrib.auth.models import Group

from tests.factories import UserFactory


def member(role, username, **fields):
    """A staff account in ``role`` (run ``setup_roles`` first)."""
    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


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

"""Author profiles for the accounts made before them, and redirects repointed to them.

A profile's slug comes from the account's first and last name, as a new
account's does, or is the placeholder ``author-<id>``: never the login.
Redirects that led to an author archive by login (the WordPress import's
``/?author=ID`` and ``/author/<nicename>/``, or one added by hand) lead to
the author instead, so they follow later changes of slug and no longer give
the login away.
"""

from urllib.parse import quote, unquote

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify

ARCHIVE = "/author/"


def unique(base, taken):
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def make_profiles(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    AuthorProfile = apps.get_model("posts", "AuthorProfile")
    Redirect = apps.get_model("posts", "Redirect")
    taken = set(AuthorProfile.objects.values_list("slug", flat=True))
    profiles = []
    for user in User.objects.filter(author_profile__isnull=True).order_by("pk").iterator(1000):
        name = f"{user.first_name} {user.last_name}".strip()
        base = slugify(name, allow_unicode=True)[:90] or f"author-{user.pk}"
        profiles.append(AuthorProfile(user=user, slug=unique(base, taken)))
    AuthorProfile.objects.bulk_create(profiles, batch_size=1000)
    by_login = dict(AuthorProfile.objects.values_list("user__username", "pk"))
    for redirect in Redirect.objects.filter(target_url__startswith=ARCHIVE):
        login = unquote(redirect.target_url).removeprefix(ARCHIVE).removesuffix("/")
        if login in by_login:
            redirect.author_id, redirect.target_url = by_login[login], ""
            redirect.save(update_fields=["author", "target_url"])


def back_to_logins(apps, schema_editor):
    """Redirects to an author lead to their archive by login again, as before profiles."""
    Redirect = apps.get_model("posts", "Redirect")
    for redirect in Redirect.objects.filter(author__isnull=False).select_related("author__user"):
        login = redirect.author.user.username
        redirect.author, redirect.target_url = None, f"{ARCHIVE}{quote(login, safe='@')}/"
        redirect.save(update_fields=["author", "target_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0009_author_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(make_profiles, back_to_logins)]

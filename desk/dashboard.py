"""The editor's dashboard (the admin's index): the lists an editor's day starts from.

- Drafts: an Editor's or administrator's are everyone's; an Author's or
  Contributor's their own. Last changed first, with their authors.
- Pending review: what waits for an Editor (for others, their own), with
  the author who submitted it and a link to review it.
- Scheduled: what will appear by itself, soonest first, with its time.
- Recently published: what visitors see, newest first.

Each list shows its total and its first ``LIST_LENGTH`` items.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from posts import roles
from posts.models import Post

LIST_LENGTH = 8


@dataclass
class DashboardList:
    key: str
    title: str
    count: int
    items: list
    # (label, changelist address) for the kinds the user may list.
    links: list


def content_for(user):
    """The posts and pages ``user`` may open in the admin, as the admin's lists decide:
    only their own without the right to edit others' content, only the kinds they may see."""
    kinds = [
        kind
        for kind in Post.Kind.values
        if user.has_perm(f"posts.view_{kind}") or user.has_perm(f"posts.change_{kind}")
    ]
    content = Post.objects.filter(kind__in=kinds)
    if not user.has_perm(roles.EDIT_OTHERS):
        content = content.filter(author=user)
    return content


def dashboard(user):
    """The dashboard's lists for ``user``."""
    mine = content_for(user).select_related("author__author_profile")
    return [
        build(
            user,
            "drafts",
            _("Drafts"),
            mine.filter(status=Post.Status.DRAFT).order_by("-updated_at", "-pk"),
            "draft",
        ),
        build(
            user,
            "pending",
            _("Pending review"),
            mine.filter(status=Post.Status.PENDING).order_by("-updated_at", "-pk"),
            "pending",
        ),
        build(
            user,
            "scheduled",
            _("Scheduled"),
            mine.upcoming().order_by("published_at", "pk"),
            "scheduled",
        ),
        build(
            user,
            "published",
            _("Recently published"),
            Post.objects.published()
            .select_related("author__author_profile")
            .order_by("-published_at", "-pk"),
            "published",
        ),
    ]


def build(user, key, title, queryset, status):
    public = status == Post.Status.PUBLISHED
    items = [entry(user, post, public) for post in queryset[:LIST_LENGTH]]
    links = [
        (
            Post.Kind(kind).label,
            reverse(f"admin:posts_{kind}_changelist") + f"?status__exact={status}",
        )
        for kind in Post.Kind.values
        if user.has_perm(f"posts.view_{kind}") or user.has_perm(f"posts.change_{kind}")
    ]
    return DashboardList(key, title, queryset.count(), items, links)


def entry(user, post, public):
    """What a list shows of ``post``: its title, author, and where to edit and see it (its
    page once ``public``, else its preview)."""
    can_edit = roles.can_edit(user, post)
    return {
        "post": post,
        # The public name, as the lock notice shows it: never the login, which every
        # Contributor would otherwise read off the recently published list.
        "author": post.author.author_profile.name,
        "edit_url": reverse(f"admin:posts_{post.kind}_change", args=[post.pk]) if can_edit else "",
        "view_url": post.get_absolute_url()
        if public
        else reverse("posts:preview", kwargs={"pk": post.pk}),
    }

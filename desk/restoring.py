"""Restoring a revision: its content back as a new revision, within the editor's role."""

import reversion
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from posts.models import Category, Post
from posts.signals import content_restored

from . import revisions

RESTORED_TEXT = ("title", "body", "excerpt", "status", "published_at")


def restore(post, snapshot, request, apply_roles):
    """Put ``snapshot``'s content back into ``post`` and save it as a new revision (so
    the replaced text stays in History). ``apply_roles`` is the admin's: a
    Contributor's restore cannot publish. Returns what could not be restored."""
    fields = snapshot.fields
    lost = []
    for name in RESTORED_TEXT:
        setattr(post, name, fields[name])
    for name in ("featured_image_id", "gallery_id"):
        pk = fields.get(name)
        model = Post._meta.get_field(name.removesuffix("_id")).related_model
        if pk is None or model.objects.filter(pk=pk).exists():
            setattr(post, name, pk)
        else:
            lost.append(
                _("The %(what)s of that revision no longer exists; the current one is kept.")
                % {"what": model._meta.verbose_name}
            )
    categories = list(
        Category.objects.filter(pk__in=fields["categories"]).values_list("pk", flat=True)
    )
    if len(categories) < len(fields["categories"]):
        lost.append(_("Some categories of that revision no longer exist; the others are restored."))
    apply_roles(request, post, True)
    when = localize(localtime(snapshot.version.revision.date_created))
    with reversion.create_revision():
        post.save()
        post.categories.set(categories)
        post.tags.set(fields["tags"])
        revisions.add_tags(post)
        reversion.set_user(request.user)
        reversion.set_comment(_("Restored the revision of %(when)s.") % {"when": when})
    content_restored.send(sender=Post, instance=post, revision=snapshot.version.revision)
    return lost

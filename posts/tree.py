"""Rows that form a tree and live at addresses made of their ancestors' slugs."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class SlugPathTree:
    """Rows that form a tree by ``parent`` and store the slugs from the root as ``path``.

    Categories and pages both live at addresses made of their ancestors'
    slugs. Storing the path makes lookups by address, subtree queries and
    URL building single indexed queries; these methods keep it in step.
    """

    def tree(self):
        """The rows this one may be a parent or child of."""
        return type(self)._default_manager.all()

    def save_with_path(self, save, *args, **kwargs):
        """Save, moving the descendants along if the path changed; returns the moved rows."""
        old_path = self.path
        self.path = self.compute_path()
        with transaction.atomic():
            save(*args, **kwargs)
            if old_path and old_path != self.path:
                return self.move_descendants(old_path)
        return []

    def compute_path(self):
        if self.parent_id is None:
            return self.slug
        parent_path = self.tree().filter(pk=self.parent_id).values_list("path", flat=True).get()
        return parent_path + PATH_SEPARATOR + self.slug

    def descendants(self):
        return self.tree().filter(path__startswith=self.path + PATH_SEPARATOR)

    def move_descendants(self, old_path):
        prefix = old_path + PATH_SEPARATOR
        moved = list(self.tree().filter(path__startswith=prefix).only("path"))
        for row in moved:
            row.path = self.path + PATH_SEPARATOR + row.path[len(prefix) :]
        type(self)._base_manager.bulk_update(moved, ["path"])
        return moved

    def delete_keeping_children(self, delete, *args, **kwargs):
        """Move the children up to this row's parent, then delete it, as WordPress does."""
        with transaction.atomic():
            for child in self.tree().filter(parent_id=self.pk):
                child.parent_id = self.parent_id
                child.save()
            return delete(*args, **kwargs)

    def parent_error(self):
        """Why the chosen parent is impossible (itself or a descendant), or None."""
        if self.parent_id is None or self.pk is None:
            return None
        if self.parent_id == self.pk or self.descendants().filter(pk=self.parent_id).exists():
            return _("It cannot be placed under itself or one of its own subitems.")
        return None

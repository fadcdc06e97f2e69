"""The tags each post had in a revision.

django-reversion keeps a post's fields and its categories, but taggit's tags
are not a field it serialises; each revision carries them here instead
(``reversion.add_meta``), one row per post in the revision.
"""

from django.db import models
from reversion.models import Revision


class RevisionTags(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="post_tags")
    post_id = models.BigIntegerField()
    names = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "post_id"], name="one_tag_list_per_revision"
            )
        ]

    def __str__(self):
        return ", ".join(self.names)

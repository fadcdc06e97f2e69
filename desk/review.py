"""The review workflow in the post and page admins: who is emailed when (notifications)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import notifications


class ReviewMixin:
    def save_model(self, request, obj, form, change):
        previous_status = getattr(obj, "_stored_status", None) if change else None
        super().save_model(request, obj, form, change)
        notifications.after_save(request, obj, previous_status)

    @admin.action(description=_("Publish selected"), permissions=["publish"])
    def publish(self, request, queryset):
        previous = dict(queryset.values_list("pk", "status"))
        super().publish(request, queryset)
        notifications.after_bulk_publish(request, previous)

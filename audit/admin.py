from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log, read-only and for superusers only: nobody adds, edits or deletes an event
    here, whatever permissions their groups are given."""

    list_display = ["at", "action", "username", "object", "address"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    date_hierarchy = "at"
    search_fields = ["username", "object_repr"]
    ordering = ["-at", "-pk"]
    actions = None
    list_per_page = 100

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("object"), ordering="object_repr")
    def object(self, event):
        if not event.object_type:
            return ""
        return f"{event.object_repr} ({event.object_type} {event.object_id})"

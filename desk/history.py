"""History on the post and page change forms: every save kept, compared and restored.

django-reversion records the revisions; this mixin wraps the admin's saves and
status actions in revisions, and serves the History list, the comparison of a
revision with the current text, and its restore (after a confirmation).
"""

import reversion
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.text import get_text_list
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from reversion.models import Version

from posts.models import Post

from . import restoring, revisions
from .comparing import compare

STATUS_ACTIONS = {
    "publish": gettext_lazy("Published with “Publish selected”."),
    "unpublish": gettext_lazy("Made private with “Unpublish selected”."),
    "move_to_draft": gettext_lazy("Moved to draft with “Move selected to draft”."),
}


class HistoryMixin:
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{prefix}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{prefix}_restore",
            ),
        ]
        return own + super().get_urls()

    # Recording

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if reversion.is_active():
            revisions.add_tags(form.instance)
            reversion.set_comment(self.revision_comment(form, change))

    def revision_comment(self, form, change):
        if not change:
            return _("Created.")
        changed = [
            str(form.fields[name].label) for name in form.changed_data if name in form.fields
        ]
        if not changed:
            return _("Saved without changes.")
        return _("Changed %s.") % get_text_list(changed, _("and"))

    def response_action(self, request, queryset, **kwargs):
        """The status actions change many posts with one UPDATE; each keeps a revision."""
        action = request.POST.get("action")
        response = super().response_action(request, queryset, **kwargs)
        if action in STATUS_ACTIONS and self.has_publish_permission(request):
            chosen = request.POST.getlist(ACTION_CHECKBOX_NAME)
            if not request.POST.get("select_across"):
                queryset = queryset.filter(pk__in=chosen)
            revisions.keep(queryset.order_by("pk"), request.user, STATUS_ACTIONS[action])
        return response

    # Views

    def post_for(self, request, object_id, allowed):
        """The post or page, if ``request``'s user may ``allowed(request, obj)`` it: 403 for
        a colleague's item they may not see, 404 for what does not exist."""
        obj = self.get_object(request, object_id)
        if obj is None:
            if Post.objects.filter(pk=object_id if str(object_id).isdigit() else None).exists():
                raise PermissionDenied
            raise Http404
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def version_of(self, obj, version_id):
        return get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.post_for(request, object_id, self.has_view_or_change_permission)
        snapshots = revisions.snapshots(obj)
        rows = [
            {"snapshot": snapshot, "changes": snapshot.changed_from(older)}
            for snapshot, older in zip(snapshots, [*snapshots[1:], None], strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "rows": rows,
            "may_restore": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "desk/history/list.html", context)

    def compare_view(self, request, object_id, version_id):
        obj = self.post_for(request, object_id, self.has_view_or_change_permission)
        snapshot = revisions.Snapshot.of(self.version_of(obj, version_id))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare a revision with the current version"),
            "opts": self.opts,
            "object": obj,
            "snapshot": snapshot,
            "differences": compare(snapshot, obj),
            "may_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "desk/history/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        return require_http_methods(["GET", "POST"])(self._restore)(request, object_id, version_id)

    def _restore(self, request, object_id, version_id):
        obj = self.post_for(request, object_id, self.has_change_permission)
        snapshot = revisions.Snapshot.of(self.version_of(obj, version_id))
        if request.method == "POST":
            lost = restoring.restore(obj, snapshot, request, self.apply_roles)
            messages.success(
                request,
                _("Restored the revision of %(when)s. The version it replaced is kept in History.")
                % {"when": localize(localtime(snapshot.version.revision.date_created))},
            )
            for what in lost:
                messages.warning(request, what)
            change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore this revision?"),
            "opts": self.opts,
            "object": obj,
            "snapshot": snapshot,
            "differences": compare(snapshot, obj),
        }
        return TemplateResponse(request, "desk/history/restore.html", context)

"""Post locks in the post and page change forms: the notice, the heartbeat, taking over.

Opening a post's form takes its lock (desk/locks.py) or, when a colleague
holds it, says so on the page itself (no script needed) with "Go back" and
"Take over". The form's script (desk/static/desk/lock.js) beats while it is
open; the answer tells it when the lock has gone to someone else, and the
form then says who took it over. Saving releases the lock; a save while a
colleague holds it is refused (desk/stale.py).
"""

from django import forms
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from .editing import changeable
from .locks import PostLock, heartbeat_seconds


class LockMixin:
    """Locks for the post and page admins (the include desk/lock_notice.html renders)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["desk/lock.js"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only those who may save it hold a post: reading one (a Contributor's published
        # post) neither takes its lock nor keeps it from the people who may change it.
        if obj is not None and self.has_change_permission(request, obj):
            kind = self.model._meta.model_name
            lock = PostLock.objects.beat(request.user, obj)
            context["desk_lock"] = {
                "heartbeat_url": reverse("desk:lock", args=[kind, obj.pk]),
                "take_over_url": reverse("desk:take_over", args=[kind, obj.pk]),
                "back_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                ),
                "seconds": heartbeat_seconds(),
                "held_by": None if lock.user_id == request.user.pk else lock.holder_name,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            PostLock.objects.release(request.user, obj)


@require_POST
def heartbeat(request, kind, pk):
    """Renew the user's lock on the post (taking it if it is free); answer who holds it.
    403 without the right to change the post."""
    _model_admin, post = changeable(request, kind, pk)
    lock = PostLock.objects.beat(request.user, post)
    mine = lock.user_id == request.user.pk
    return JsonResponse({"mine": mine, "held_by": None if mine else lock.holder_name})


@require_POST
def take_over(request, kind, pk):
    """Give the post's lock to the user and open its form again (the colleague's next
    heartbeat tells them). 403 without the right to change the post."""
    model_admin, post = changeable(request, kind, pk)
    PostLock.objects.take_over(request.user, post)
    opts = model_admin.opts
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    )

"""Autosave in the post and page forms: written while typing, offered when reopened.

The form's script (desk/static/desk/autosave.js) posts the whole form here
at most every ``AUTOSAVE_SECONDS`` while it changes, and once more with
``navigator.sendBeacon`` when the tab is hidden or closed. Opening the form
again offers "Restore the autosave from <time>" when the autosave is newer
than the post's last save; restoring fills the form with it (``?autosave=
restore``) and saves nothing until the editor saves. Saving removes it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .autosaves import AUTOSAVE_SECONDS, Autosave
from .editing import editing, form_values

RESTORE_PARAMETER = "autosave"
RESTORE_VALUE = "restore"


class AutosaveMixin:
    """Autosaves for the post and page admins (the include admin/posts/…/change_form.html
    renders, desk/autosave_offer.html)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["desk/autosave.js"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        kind = self.model._meta.model_name
        context["desk_autosave_url"] = reverse(
            "desk:autosave_new" if obj is None else "desk:autosave",
            args=[kind] if obj is None else [kind, obj.pk],
        )
        context["desk_autosave_seconds"] = AUTOSAVE_SECONDS
        if request.method == "GET":
            context["desk_autosave"] = Autosave.objects.offered(request.user, kind, obj)
            context["desk_autosave_restored"] = getattr(request, "desk_autosave_restored", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method != "GET" or request.GET.get(RESTORE_PARAMETER) != RESTORE_VALUE:
            return form
        kind = self.model._meta.model_name
        autosave = Autosave.objects.offered(request.user, kind, obj)
        if autosave is None:
            return form
        initial, dropped = restorable(form, autosave.data)
        request.desk_autosave_restored = autosave
        if dropped:
            messages.warning(
                request,
                _("Not restored (no longer valid): %(fields)s.") % {"fields": ", ".join(dropped)},
            )
        return with_initial(form, initial)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Autosave.objects.superseded_by_save(request.user, obj, added=not change)


def restorable(form_class, data):
    """The autosaved values the form can show, and the labels of those it cannot.

    Text is restored as typed, valid or not: it is what the editor wrote.
    Any other field (a status, a date, a category, an image) only with a value
    its field still accepts: the choice may have been deleted since.
    """
    initial, dropped = {}, []
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        value = data[name]
        if not isinstance(field, forms.CharField):
            try:
                field.clean(value)
            except ValidationError:
                dropped.append(str(field.label or name))
                continue
        initial[name] = value
    return initial, dropped


def with_initial(form_class, initial):
    """``form_class`` showing ``initial`` over the post's saved values."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**(kwargs.get("initial") or {}), **initial}
            super().__init__(*args, **kwargs)

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


@require_POST
def autosave(request, kind, pk=None):
    """Keep the posted form as the user's autosave of the post (or of a new one); 403 without
    the right to change it (or to add one). The post is not touched."""
    subject = editing(request, kind, pk)
    data = form_values(subject.form_class, request.POST)
    saved = Autosave.objects.record(request.user, kind, subject.post, data)
    moment = timezone.localtime(saved.saved_at)
    return JsonResponse(
        {"saved_at": saved.saved_at.isoformat(), "time": formats.time_format(moment, "H:i:s")}
    )

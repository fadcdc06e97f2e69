"""Refusing a save made from a stale change form, or while a colleague holds the post.

Two editors who open the same post and both save would otherwise lose the
first one's work without a word. The change form carries the post's
``updated_at`` as it was when the form was opened; if the row was saved
since, the save is refused, with a link comparing the version the editor
opened with the one saved since (the History's compare view). The form
shown with that refusal counts as opened now: the editor has been told, and
saving it again deliberately keeps their version.

A save is also refused while someone else holds the post's lock
(desk/locks.py): after a colleague took the post over, the first editor's
form must not overwrite what the colleague is doing.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import revisions
from .locks import PostLock


class OpenedAtField(forms.CharField):
    """When the form was opened, as ISO 8601 text (read by ``OpenedAtForm.opened``, so a
    damaged value is an error the editor sees, not one in a hidden row). Never a change
    to the post: not in the revision's "Changed …" note, nor the admin's log."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class OpenedAtForm(forms.ModelForm):
    """Carries when the form was opened; refuses the save if the post changed since, or if
    someone other than ``saving_user`` holds its lock."""

    opened_at = OpenedAtField(required=False)
    # The user saving, set by StaleFormGuard.get_form (a form class per request).
    saving_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Over any initial value (an autosave restored into the form keeps its own).
        self.initial["opened_at"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        lock = PostLock.objects.holder_of(self.instance)
        if (
            lock is not None
            and self.saving_user is not None
            and lock.user_id != self.saving_user.pk
        ):
            raise ValidationError(
                _(
                    "%(name)s is editing this post now, so your changes were not saved. "
                    "Copy what you want to keep, or take the post over."
                )
                % {"name": lock.holder_name},
                code="locked",
            )
        opened = self.opened(cleaned.get("opened_at"))
        saved = self.saved_at()
        if opened is not None and saved is not None and saved > opened:
            self.counts_as_opened_at(saved)
            raise ValidationError(self.stale_message(opened), code="stale")
        return cleaned

    def opened(self, value):
        """When the form was opened; None from a form that does not say (a script's)."""
        if not value:
            return None
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or timezone.is_naive(moment):
            raise ValidationError(
                _("This form does not say when it was opened: reload the post and try again."),
                code="opened_at",
            )
        return moment

    def saved_at(self):
        """When the post was last saved, as the database has it now. Within the admin's save
        transaction the row stays locked, so two saves at the same instant are taken one
        after the other (PostgreSQL; SQLite writes one at a time anyway)."""
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("updated_at", flat=True).first()

    def counts_as_opened_at(self, moment):
        """The form shown again with the refusal carries ``moment``: saving it again is a
        decision taken knowing the other version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_at")] = moment.isoformat()

    def stale_message(self, opened):
        message = _(
            "Someone else saved this post after you opened it, so your changes were not "
            "saved. Your text is still in the form below."
        )
        version = revisions.as_of(self.instance, opened)
        if version is None:
            return message + " " + _("Save again to replace their version with yours.")
        opts = self.instance._meta
        compare = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_compare",
            args=[self.instance.pk, version.pk],
        )
        return format_html(
            '{} <a href="{}" target="_blank">{}</a> {}',
            message,
            compare,
            _("Compare the version you opened with the one saved since"),
            _("(opens in a new tab). Save again to replace their version with yours."),
        )


class StaleFormGuard:
    """Admin mixin: the change form refuses a save from a stale copy, or while a colleague
    holds the post."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (None, {"fields": ["opened_at"], "classes": ["hidden"]})]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                "Stale" + base.__name__, (OpenedAtForm, base), {"saving_user": request.user}
            )
        return super().get_form(request, obj, **kwargs)

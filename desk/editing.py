"""The post or page a desk view works on, and the form the admin shows for it.

The preview and the autosave receive the change form as it is in the
editor's browser. They read it with the very form class the admin would
build for this user and post (its fields, its choices, its roles), and
answer only those the admin would let change that post, or add one.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.http import Http404

from posts.models import Page, Post

MODELS = {Post.Kind.POST: Post, Post.Kind.PAGE: Page}


@dataclass
class Editing:
    model_admin: admin.ModelAdmin
    kind: str
    # None in the "Add" form.
    post: Post | None
    form_class: type


def changeable(request, kind, pk):
    """The post or page ``pk`` and its admin, if ``request``'s user may change it: 404 for
    an unknown post, 403 when the admin would not let them change it."""
    model = MODELS[kind]
    model_admin = admin.site.get_model_admin(model)
    post = model.objects.filter(kind=kind, pk=pk).select_related("author").first()
    if post is None:
        raise Http404("No such post.")
    if not model_admin.has_change_permission(request, post):
        raise PermissionDenied
    return model_admin, post


def editing(request, kind, pk=None):
    """What ``request``'s user is editing: 404 for an unknown post, 403 when the admin would
    not let them change it (or add one)."""
    if pk is not None:
        model_admin, post = changeable(request, kind, pk)
    else:
        model_admin, post = admin.site.get_model_admin(MODELS[kind]), None
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, post))
    form_class = model_admin.get_form(request, post, change=post is not None, fields=fields)
    return Editing(model_admin, kind, post, form_class)


def form_values(form_class, data, files=None):
    """Each field's value as its widget reads it from submitted ``data``: what is typed
    (fields the data leaves out are left out)."""
    files = files or {}
    return {
        name: field.widget.value_from_datadict(data, files, name)
        for name, field in form_class.base_fields.items()
        if not field.widget.value_omitted_from_data(data, files, name)
    }

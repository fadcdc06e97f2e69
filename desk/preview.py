"""Preview: the change form as typed, on the public template, saving nothing.

The form's "Preview" button posts the form to this view in a new tab
(``formaction`` and ``formtarget``: no script). The view validates it with
the admin's own form class and fills a post in memory, never saved: no
post, tag, redirect or revision is written, whether the post is a draft or
published ("preview changes"). The page is answered to a POST with
``Cache-Control: private, no-store``, so neither the page cache (which keeps
only GETs) nor a browser or proxy stores it. Fields with errors are shown as
saved (or empty, for a new post) and listed at the top of the preview.
"""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from posts.views import child_pages, render_post

from .editing import editing


class PreviewMixin:
    """Gives the post and page change forms their "Preview" button (admin/posts/submit_line.html)."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["desk/preview.css"]})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        kind = self.model._meta.model_name
        args = [kind] if obj is None else [kind, obj.pk]
        context["desk_preview_url"] = reverse(
            "desk:preview_new" if obj is None else "desk:preview", args=args
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


@require_POST
def preview(request, kind, pk=None):
    """The post or page as its form says, in the public template; 403 without the right to
    change it (or to add one)."""
    subject = editing(request, kind, pk)
    form = subject.form_class(request.POST, request.FILES, instance=subject.post)
    form.is_valid()  # fills form.instance with every valid field, saving nothing
    post = form.instance
    subject.model_admin.apply_roles(request, post, change=subject.post is not None)
    post.prepare_body()  # sanitised, as saving would
    post.normalise_publication()
    if not post.slug:
        post.slug = slugify(post.title, allow_unicode=True)[:190] or "untitled"
    post.path = post.compute_path()
    shown = {
        "categories": chosen_categories(form, post),
        "tags": chosen_tags(form, post),
        "child_pages": child_pages(post) if post.pk else [],
        "preview_notices": notices(form),
    }
    return render_post(request, post, preview=True, shown=shown)


def chosen_categories(form, post):
    """The categories the form chose, or the saved ones while the field has an error
    (a page's form has none)."""
    if "categories" not in form.fields:
        return []
    if "categories" in form.cleaned_data:
        return list(form.cleaned_data["categories"])
    return list(post.categories.all()) if post.pk else []


def chosen_tags(form, post):
    """The tags the form names: existing ones as they are, new ones unsaved."""
    if "tags" not in form.fields:
        return []
    if "tags" not in form.cleaned_data:
        return list(post.tags.all()) if post.pk else []
    names = form.cleaned_data["tags"]
    named = Q(pk__in=[])
    for name in names:
        named |= Q(name__iexact=name)  # taggit compares names case-insensitively here
    existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(named)}
    return [existing.get(name.casefold()) or unsaved_tag(name) for name in names]


def unsaved_tag(name):
    tag = Tag(name=name)
    tag.slug = tag.slugify(name) or "-"
    return tag


def notices(form):
    """What the preview cannot show as typed: the fields with errors."""
    lines = [_("Unsaved changes: nothing is saved until you save the form.")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("The form")
        lines.append(
            _("Shown as saved until corrected: %(field)s (%(errors)s)")
            % {"field": label, "errors": " ".join(errors)}
        )
    return lines

"""The rich-text editor of the desk: django-prose-editor (ProseMirror) on bodies and descriptions.

The editor's schema decides what an editor can write; ``posts.html`` (nh3)
stays the one authority on what is stored, since a form can be posted
without the editor. ``EXTENSIONS`` is the schema, ``editor_allowlist()``
what it can produce, and a test proves every such tag and attribute
survives the sanitiser. The field does not sanitise a second time: the
model does when it saves (``Post.prepare_body``; images', galleries' and
categories' ``save``).

The assets are loaded as plain ES modules (``desk/editor/editor.js`` imports
``django_prose_editor/editor.js`` by path), without django-prose-editor's
import map, which would be an inline script the site's CSP forbids.
"""

import json
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import EXTENSION_MAPPING, expand_extensions, html_tags

# What a body may weigh; a longer one is refused with a form error, not stored
# and rendered on every visit. WordPress's own longest posts are far smaller.
MAX_BODY_BYTES = 2 * 1024 * 1024

# The toolbar of issue 10, in menu order. Extensions of our own are in
# desk/static/desk/editor/extensions.js and processed by ``PROCESSORS``.
EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Link": {"enableTarget": False},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "ReadMore": True,
    "History": True,
    "PasteFilter": True,
    "TextDirection": True,
}
# Bodies also take media from the library; captions and descriptions do not.
# "Image" and "PlayerFile" keep what imported bodies hold by address
# (WordPress's <img src>, <video src>, <audio src>) where it stands; new
# media come from the library.
BODY_EXTENSIONS = {
    **EXTENSIONS,
    "LibraryImage": True,
    "MediaBlock": True,
    "Image": {"inline": True},
    "PlayerFile": True,
}

MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "media"},
    {"group": "history"},
]


def process_link(config, shared):
    """Links: addresses only. The sanitiser sets every link's ``rel`` itself
    (``posts.html.LINK_REL``), so the editor writes none."""
    html_tags(["a"], {"a": ["href", "title"]})(config, shared)


PROCESSORS = {
    **EXTENSION_MAPPING,
    "Link": process_link,
    # WordPress's <!--more-->, as the importer stores it (posts.models.MORE_MARKER).
    "ReadMore": html_tags(["span"], {"span": ["id"]}),
    "LibraryImage": html_tags(
        ["figure", "img", "figcaption"],
        {"figure": ["data-image", "data-size", "data-align"], "img": ["alt"]},
    ),
    # Videos and galleries, as media_gallery.body_media's markers.
    "MediaBlock": html_tags(["p", "a"], {"p": ["class", "id"], "a": ["href"]}),
    "Image": html_tags(["img"], {"img": ["src", "alt", "title", "width", "height"]}),
    "PlayerFile": html_tags(
        ["video", "audio"],
        {
            "video": ["src", "controls", "poster", "preload"],
            "audio": ["src", "controls", "preload"],
        },
    ),
    "PasteFilter": html_tags([]),
    "TextDirection": html_tags([]),
}


def editor_allowlist(extensions=BODY_EXTENSIONS):
    """The tags and attributes the editor with ``extensions`` can write: {"tags", "attributes"}."""
    shared = {"tags": set(), "attributes": {}}
    for name, config in expand_extensions(extensions).items():
        PROCESSORS[name](config, shared)
    return shared


class EditorWidget(forms.Textarea):
    """A textarea the editor takes over; without JavaScript it stays a textarea.

    The editor writes its HTML back into the textarea on every change and
    fires ``input`` on it, so anything reading the form (autosave, preview)
    sees what the editor shows. ``may_upload``: the picker offers an upload
    only to those the upload view accepts (not Contributors).
    """

    def __init__(self, *, extensions=EXTENSIONS, direction="ltr", may_upload=False, attrs=None):
        self.extensions = extensions
        self.may_upload = may_upload
        super().__init__(attrs={"dir": direction, **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "desk/editor/editor.css",
                ]
            },
            js=[forms.Script("desk/editor/editor.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        config = {
            "extensions": {
                **{
                    name: config
                    for name, config in expand_extensions(self.extensions).items()
                    if name != "Menu"
                },
                "Menu": {"groups": MENU_GROUPS},
            },
            "urls": {
                "images": reverse("desk:editor_images"),
                "upload": reverse("desk:editor_upload") if self.may_upload else None,
                "galleries": reverse("desk:editor_galleries"),
                "preview": reverse("desk:editor_image_preview", args=[0]),
            },
            "rtlLanguages": list(settings.LANGUAGES_BIDI),
        }
        context["widget"]["attrs"]["data-desk-editor"] = json.dumps(config, separators=(",", ":"))
        return context

    def use_required_attribute(self, initial):
        return False  # the textarea is hidden under the editor


# Link addresses the sanitiser would quietly drop: told as an error instead.
UNSAFE_LINK = re.compile(
    r"""<a\b[^>]*\bhref\s*=\s*["']?\s*(?P<scheme>(?:java|vb)script|data)\s*:""", re.IGNORECASE
)


def validate_body(value):
    """Refuse a body over ``MAX_BODY_BYTES`` or with a script link, saying why."""
    if len(value.encode()) > MAX_BODY_BYTES:
        raise ValidationError(
            _(
                "The text is too long (%(size)s MB; at most %(limit)s MB). Split it into "
                "several posts, or remove pasted images and formatting."
            )
            % {
                "size": f"{len(value.encode()) / 1024 / 1024:.1f}",
                "limit": MAX_BODY_BYTES // 1024 // 1024,
            },
            code="too_long",
        )
    if match := UNSAFE_LINK.search(value):
        raise ValidationError(
            _(
                "A link starts with “%(scheme)s:”, which runs code instead of opening a page. "
                "Links must be web (https://…), email (mailto:…) or phone (tel:…) addresses."
            )
            % {"scheme": match["scheme"]},
            code="unsafe_link",
        )


def text_direction_of(obj):
    """The direction of ``obj``'s language (ltr for a new item, until a language is chosen)."""
    return getattr(obj, "text_direction", "ltr") if obj is not None else "ltr"


class EditorAdminMixin:
    """An admin whose rich-text fields (``editor_fields``) use the editor.

    ``editor_body_fields`` also take library media (images, videos, galleries).
    """

    editor_fields = ()
    editor_body_fields = ()

    def get_form(self, request, obj=None, **kwargs):
        direction = text_direction_of(obj)
        may_upload = request.user.has_perm("media_gallery.add_image")
        widgets = kwargs.setdefault("widgets", {})
        for name in self.editor_fields:
            extensions = BODY_EXTENSIONS if name in self.editor_body_fields else EXTENSIONS
            widgets[name] = EditorWidget(
                extensions=extensions, direction=direction, may_upload=may_upload
            )
        form = super().get_form(request, obj, **kwargs)
        for name in self.editor_fields:
            if name in form.base_fields:
                form.base_fields[name].validators.append(validate_body)
        return form

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit import admin as taggit_admin
from taggit.models import Tag

from . import publishing, roles, sidebar
from .models import AuthorProfile, Category, Page, Post, Redirect, tree_position

UNPUBLISHED_STATUSES = [Post.Status.DRAFT, Post.Status.PENDING]
TAG_SUGGESTIONS = 10


def tag_ids_in_sight(user):
    """Ids of the tags that published posts and pages, or ``user``'s own, carry.

    A tag that only colleagues' unpublished posts carry tells what they are
    working on, so it is never suggested, nor listed to those who may not
    edit others' content.
    """
    carriers = Post.objects.published() | Post.objects.filter(author=user)
    return carriers.values("tags")


class KeepChildrenOnDelete:
    """Bulk deletes go through ``delete()``, which moves children up the tree."""

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            obj.delete()


class ContentAdmin(KeepChildrenOnDelete, admin.ModelAdmin):
    """What posts and pages share: roles, status actions, previews."""

    kind = Post.Kind.POST
    list_select_related = ["author"]
    search_fields = ["title", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish", "move_to_draft"]
    list_per_page = 50
    # ``(text, source) -> matching ids or None``, set by the search app.
    full_text_search = None

    class Media:
        js = ["posts/admin/tag-suggestions.js"]

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions),
            name=f"posts_{self.model._meta.model_name}_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def tag_suggestions(self, request):
        """Tag names starting with ``term`` that published content or the user's own carry.

        Editors get the same: they may open any draft, but a tag only a
        colleague's draft carries is still provisional (a typo, a working
        title) and suggesting it would spread it to other posts. The tags
        list shows them every tag.
        """
        term = request.GET.get("term", "").strip()[:100]
        names = []
        if term:
            names = list(
                Tag.objects.filter(pk__in=tag_ids_in_sight(request.user), name__istartswith=term)
                .order_by("name")
                .values_list("name", flat=True)[:TAG_SUGGESTIONS]
            )
        return JsonResponse({"results": names})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            url = reverse(f"admin:posts_{self.model._meta.model_name}_tag_suggestions")
            field.widget.attrs["data-tag-suggestions-url"] = url
            field.help_text = _("Separate tags with commas; existing tags are suggested.")
        return field

    def get_search_results(self, request, queryset, search_term):
        """The site's own full-text search (stemmed, ranked words; drafts included) once the
        search app has plugged it in (search/admin.py), else Django's on ``search_fields``."""
        if self.full_text_search is None:
            return super().get_search_results(request, queryset, search_term)
        matches = self.full_text_search(search_term, "posts.post")
        if matches is None:
            return queryset, False
        return queryset.filter(pk__in=matches), False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).filter(kind=self.kind)
        if not request.user.has_perm(roles.EDIT_OTHERS):
            queryset = queryset.filter(author=request.user)
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_edit(request.user, obj))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (
            obj is None
            or obj.author_id == request.user.pk
            or request.user.has_perm(roles.EDIT_OTHERS)
        )

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        """Only those who may edit others' content choose the author or make a post sticky
        (as in WordPress); a field left out of the form keeps its value."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(roles.EDIT_OTHERS):
            return fieldsets
        editors_only = {"author", "sticky"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in editors_only]})
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not roles.can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Post.Status.choices
                if value in UNPUBLISHED_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # Media a post shows, chosen from the library: only items the user may know exist.
    MEDIA_FIELDS = ("featured_image", "gallery")

    def get_form(self, request, obj=None, **kwargs):
        """A hand-made POST naming a colleague's draft image or gallery is refused like any
        unknown id (the widget would show its title). The media model's own
        ``visible_to()`` decides, and the post's current choice always stays valid."""
        form = super().get_form(request, obj, **kwargs)
        for name in self.MEDIA_FIELDS:
            field = form.base_fields.get(name)
            if field is None:
                continue
            visible = field.queryset.model.objects.visible_to(request.user)
            current = getattr(obj, f"{name}_id", None)
            field.queryset = visible | field.queryset.model.objects.filter(pk=current)
        return form

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        self.apply_roles(request, obj, change)
        super().save_model(request, obj, form, change)

    def apply_roles(self, request, obj, change):
        """What the admin decides whatever the form says: the kind, the author of new content
        by those who may not edit others', and no publishing by those who may not publish.
        Saving applies it, and so does the desk's preview of a form."""
        obj.kind = self.kind
        if not change and not request.user.has_perm(roles.EDIT_OTHERS):
            obj.author = request.user
        if not roles.can_publish(request.user) and obj.status not in UNPUBLISHED_STATUSES:
            obj.status = Post.Status.DRAFT

    def view_on_site(self, obj):
        if Post.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("posts:preview", kwargs={"pk": obj.pk})

    @admin.action(description=_("Publish selected"), permissions=["publish"])
    def publish(self, request, queryset):
        self.report(request, publishing.publish(queryset), _("published or scheduled"))

    @admin.action(description=_("Unpublish selected (make private)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.report(request, publishing.unpublish(queryset), _("unpublished"))

    @admin.action(description=_("Move selected to draft"), permissions=["publish"])
    def move_to_draft(self, request, queryset):
        self.report(request, publishing.move_to_draft(queryset), _("moved to draft"))

    def report(self, request, count, what):
        message = ngettext("%(count)d item %(what)s.", "%(count)d items %(what)s.", count)
        self.message_user(request, message % {"count": count, "what": what}, messages.SUCCESS)


@admin.register(Post)
class PostAdmin(ContentAdmin):
    kind = Post.Kind.POST
    list_display = ["title", "status", "author", "category_list", "published_at", "sticky"]
    # The tags of the posts listed (an Author's: their own), not every tag: a tag only a
    # colleague's draft carries tells what they are working on.
    list_filter = [
        "status",
        "sticky",
        "language",
        "categories",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    autocomplete_fields = ["categories", "author", "featured_image", "gallery"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "author", "sticky", "language", "password"]},
        ),
        (_("Categories and tags"), {"fields": ["categories", "tags"]}),
        (_("Media"), {"fields": ["featured_image", "gallery"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("categories"))
    def category_list(self, obj):
        return ", ".join(category.name for category in obj.categories.all())


@admin.register(Page)
class PageAdmin(ContentAdmin):
    kind = Post.Kind.PAGE
    list_display = ["title", "path", "status", "author", "menu_order", "published_at"]
    list_filter = [
        "status",
        "language",
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    autocomplete_fields = ["author", "featured_image", "gallery"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "author", "language", "password"]},
        ),
        (_("Place in the site"), {"fields": ["parent", "menu_order", "tags"]}),
        (_("Media"), {"fields": ["featured_image", "gallery"]}),
    ]


@admin.register(Category)
class CategoryAdmin(KeepChildrenOnDelete, admin.ModelAdmin):
    list_display = ["indented_name", "slug", "published_posts"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description"]
    list_per_page = 500

    def get_ordering(self, request):
        """Tree order, for this list and for category choices in post forms."""
        return [tree_position()]

    @admin.display(description=_("name"))
    def indented_name(self, obj):
        return "— " * obj.depth + obj.name

    @admin.display(description=_("published posts"))
    def published_posts(self, obj):
        return sidebar.published_counts_by_category().get(obj.pk, 0)


class AuthorProfileForm(forms.ModelForm):
    class Meta:
        model = AuthorProfile
        fields = ["display_name", "slug"]

    def clean_display_name(self):
        return self.not_the_login("display_name")

    def clean_slug(self):
        return self.not_the_login("slug")

    def not_the_login(self, field):
        """A new public name or address must not be the login they are there to hide
        (an imported WordPress address that is may stay until it is changed)."""
        value = self.cleaned_data[field]
        login = self.instance.user.get_username()
        if field in self.changed_data and value.casefold() == login.casefold():
            raise ValidationError(
                _("This is the account's login: choose one that does not reveal it.")
            )
        return value


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Public names and author addresses: made with each account, so none is added or
    deleted here; staff edit their own, administrators anyone's."""

    form = AuthorProfileForm
    list_display = ["public_name", "slug", "user"]
    search_fields = ["slug", "display_name", "user__first_name", "user__last_name"]
    fields = ["user", "display_name", "slug"]
    readonly_fields = ["user"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.has_perm(roles.EDIT_AUTHOR_PROFILES):
            queryset = queryset.filter(user=request.user)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """No delete button of its own; a profile goes with its account, so whoever may
        delete accounts (administrators) may delete profiles along with them."""
        return request.user.has_perm("posts.delete_authorprofile")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return roles.can_edit_author_profile(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    @admin.display(description=_("public name"))
    def public_name(self, obj):
        return obj.name


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses (WordPress links, renamed posts) and where they lead now."""

    list_display = ["old_path", "target", "origin", "created_at"]
    list_filter = ["origin"]
    search_fields = ["old_path", "target_url", "post__title", "category__name", "author__slug"]
    # By id: the post autocomplete lists posts only, and a redirect may lead to a page.
    raw_id_fields = ["post"]
    autocomplete_fields = ["category", "author"]
    fields = ["old_path", "post", "category", "author", "target_url"]
    list_select_related = ["post", "category", "author__user"]
    list_per_page = 100

    @admin.display(description=_("leads to"))
    def target(self, obj):
        return obj.target_description()


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit_admin.TagAdmin):
    """taggit's tags list, restricted like the suggestions for those who may not edit
    others' content (they may view tags, and the list also serves autocompletes)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm(roles.EDIT_OTHERS):
            return queryset
        return queryset.filter(pk__in=tag_ids_in_sight(request.user))

    @admin.action(description=_("Merge selected tags"), permissions=["change"])
    def render_tag_form(self, request, queryset):
        """taggit offers merging to anyone who may view tags; it rewrites every post's tags."""
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        """taggit's merge, of tags that exist: it would fail on a stale or hand-made choice
        (a tag deleted meanwhile, the page opened directly)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        chosen = request.session.get("selected_tag_ids", "").split(",")
        ids = {int(tag_id) for tag_id in chosen if tag_id.isdigit()}
        if not ids or Tag.objects.filter(pk__in=ids).count() != len(ids):
            request.session.pop("selected_tag_ids", None)
            self.message_user(
                request, _("Choose the tags to merge in the list of tags."), messages.WARNING
            )
            return redirect("admin:taggit_tag_changelist")
        return super().merge_tags_view(request)

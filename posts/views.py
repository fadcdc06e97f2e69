import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import ListView
from django.views.generic.dates import DateMixin, MonthMixin, YearMixin
from django_ratelimit.decorators import ratelimit
from taggit.models import Tag

import pagecache
from freeiran.security import address_key

from . import bodies, protection, roles, sidebar
from .models import AuthorProfile, Category, Post, Redirect

PAGE_LINKS_AROUND_CURRENT = 2
# Subpages listed under a page; an imported site may give one page hundreds.
CHILD_PAGES = 50
# OpenGraph names languages with their main country.
OPENGRAPH_LOCALES = {"en": "en_US", "fa": "fa_IR"}


class PostListView(ListView):
    """Published posts, newest first, at ``/…/`` and ``/…/page/N/``.

    Subclasses give ``url_name`` (the paginated route is ``<url_name>_page``)
    and narrow ``get_queryset``. ``/…/page/1/`` redirects to ``/…/`` and any
    page number outside the list is a 404, as WordPress does.
    """

    paginate_by = settings.POSTS_PER_PAGE
    template_name = "posts/post_list.html"
    context_object_name = "posts"
    http_method_names = ["get", "head", "options"]
    url_name = ""
    heading = ""
    feed_url = None
    cache_tags = ("sidebar", "listings")

    def get(self, request, *args, **kwargs):
        page = kwargs.get("page")
        if page is not None and page < 1:
            raise Http404(_("There is no page %(page)s.") % {"page": page})
        if page == 1:
            return redirect(self.page_url(1), permanent=True)
        pagecache.tag(request, *self.cache_tags)
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return Post.objects.published().posts().for_listing()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, **kwargs
        )
        if (known := self.known_count()) is not None:
            paginator.count = known  # no COUNT over tens of thousands of posts per page view
        return paginator

    def known_count(self):
        """The length of the list when the sidebar's cached counts already say it."""
        return None

    def get_queryset(self):
        return self.base_queryset().newest_first()

    def url_kwargs(self):
        return {key: value for key, value in self.kwargs.items() if key != "page"}

    def page_url(self, number):
        if number == 1:
            return reverse(f"posts:{self.url_name}", kwargs=self.url_kwargs())
        return reverse(f"posts:{self.url_name}_page", kwargs={**self.url_kwargs(), "page": number})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["heading"] = self.get_heading()
        context["feed_url"] = self.get_feed_url()
        context["canonical_url"] = self.page_url(page.number)
        context["page_links"] = self.page_links(page)
        if page.has_previous():
            context["previous_page_url"] = self.page_url(page.previous_page_number())
        if page.has_next():
            context["next_page_url"] = self.page_url(page.next_page_number())
        return context

    def get_heading(self):
        return self.heading

    def get_feed_url(self):
        return self.feed_url

    def page_links(self, page):
        """Numbered links around the current page, the first and last always shown
        (Django's elided range: an ellipsis never stands for a single page)."""
        paginator = page.paginator
        return [
            {"gap": True}
            if number == paginator.ELLIPSIS
            else {"number": number, "url": self.page_url(number), "current": number == page.number}
            for number in paginator.get_elided_page_range(
                page.number, on_each_side=PAGE_LINKS_AROUND_CURRENT, on_ends=1
            )
        ]


class HomeView(PostListView):
    url_name = "home"
    template_name = "posts/home.html"

    def get_queryset(self):
        return self.base_queryset().order_by("-sticky", "-published_at", "-pk")

    def known_count(self):
        return sidebar.published_post_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(show_sticky=True, **kwargs)


class CategoryView(PostListView):
    url_name = "category"
    template_name = "posts/category.html"

    def get(self, request, *args, **kwargs):
        self.category = Category.objects.filter(path=kwargs["path"]).first()
        if self.category is None:
            # An old or shortened address (WordPress accepts /category/child/):
            # the slug is unique, so send the visitor to the canonical one.
            slug = kwargs["path"].rsplit("/", 1)[-1]
            category = get_object_or_404(Category, slug=slug)
            self.kwargs["path"] = category.path
            return redirect(self.page_url(kwargs.get("page") or 1), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        subtree = Category.objects.subtree(self.category)
        return self.base_queryset().in_categories(subtree).newest_first()

    def known_count(self):
        return sidebar.published_counts_by_category().get(self.category.pk, 0)

    def get_heading(self):
        return self.category.name

    def get_feed_url(self):
        return reverse("posts:category_feed", kwargs={"path": self.category.path})

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category,
            ancestors=self.category.ancestors(),
            subcategories=self.category.children.order_by("name"),
            **kwargs,
        )


class TagView(PostListView):
    """Posts with a tag; a tag no published post carries is a 404 (drafts may name it)."""

    url_name = "tag"
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.base_queryset().tagged(self.tag).newest_first()

    def known_count(self):
        return sidebar.published_tag_count(self.tag)

    def get_heading(self):
        return _("Tag: %(tag)s") % {"tag": self.tag.name}

    def get_feed_url(self):
        return reverse("posts:tag_feed", kwargs={"slug": self.tag.slug})


class AuthorView(PostListView):
    """An author's published posts at their public slug, never their login.

    Authors with no published post are a 404, so no account is revealed; an
    old slug of theirs (changed, or WordPress's) redirects to the current one.
    """

    url_name = "author"

    def get(self, request, *args, **kwargs):
        authors = AuthorProfile.objects.public().select_related("user")
        self.author = authors.at_address(kwargs["slug"])
        if self.author is None:
            raise Http404(_("No author at this address."))
        if self.author.slug != kwargs["slug"]:
            self.kwargs["slug"] = self.author.slug
            return redirect(self.page_url(kwargs.get("page") or 1), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.base_queryset().filter(author_id=self.author.user_id).newest_first()

    def get_heading(self):
        return _("Posts by %(author)s") % {"author": self.author.name}

    def get_feed_url(self):
        return reverse("posts:author_feed", kwargs={"slug": self.author.slug})


class ArchiveView(YearMixin, MonthMixin, DateMixin, PostListView):
    """Posts of a year or a month, by the site's time zone; an empty period is a 404.

    Django's date mixins read the year and month and turn the period's first
    and next days into aware datetimes, as its own archive views do; the
    listing (sticky-free, paginated like the others) is ours.
    """

    allow_empty = False
    date_field = "published_at"
    uses_datetime_field = True  # (Django finds out from get_queryset(), which needs it)
    year_format = "%Y"
    month_format = "%m"

    def get(self, request, *args, **kwargs):
        year, month = kwargs["year"], kwargs.get("month")
        # Years a post can have, with room for the site's time zone either side.
        if not (1000 <= year <= 9998 and (month is None or 1 <= month <= 12)):
            raise Http404(_("No such date."))
        return super().get(request, *args, **kwargs)

    @property
    def url_name(self):
        return "month" if "month" in self.kwargs else "year"

    def first_day(self):
        return datetime.date(int(self.get_year()), int(self.kwargs.get("month", 1)), 1)

    def get_queryset(self):
        first = self.first_day()
        after = (
            self._get_next_month(first) if "month" in self.kwargs else self._get_next_year(first)
        )
        return (
            self.base_queryset()
            .filter(
                published_at__gte=self._make_date_lookup_arg(first),
                published_at__lt=self._make_date_lookup_arg(after),
            )
            .newest_first()
        )

    def get_heading(self):
        first = self.first_day()
        if "month" in self.kwargs:
            return _("Archive: %(month)s") % {"month": first.strftime("%B %Y")}
        return _("Archive: %(year)s") % {"year": first.year}


@require_safe
def post_detail(request, path):
    """A published post at ``/<slug>/`` or a page at ``/<parent>/<slug>/``.

    Pages win when a page and a post share an address, as in WordPress.
    A page asked for under an old parent path redirects to its current one.
    """
    candidates = list(
        Post.objects.published()
        .filter(path=path)
        .select_related("author__author_profile", "parent", "featured_image", "gallery")
    )
    if not candidates:
        # A recorded old address (renamed slug, WordPress link) wins over the slug guess.
        if destination := Redirect.objects.destination_for(f"/{path}/"):
            return redirect(destination, permanent=True)
        slug = path.rsplit("/", 1)[-1]
        page = Post.objects.published().pages().filter(slug=slug).first()
        if page is None or page.path == path:
            raise Http404(_("No post or page at this address."))
        return redirect(page, permanent=True)
    post = min(candidates, key=lambda candidate: candidate.kind != Post.Kind.PAGE)
    pagecache.tag(request, *post_cache_tags(post))
    response = render_post(request, post)
    response["Last-Modified"] = http_date(post.updated_at.timestamp())
    return response


def post_cache_tags(post):
    """What a post's page shows: the sidebar, the post, its picture and gallery."""
    tags = ["sidebar", "posts", f"post:{post.pk}"]
    if post.featured_image_id:
        tags.append(f"image:{post.featured_image_id}")
    if post.gallery_id:
        tags.append(f"gallery:{post.gallery_id}")
    return tags


@login_required
def preview(request, pk):
    """Staff see any post they may edit on the public template, whatever its status."""
    post = get_object_or_404(
        Post.objects.select_related(
            "author__author_profile", "parent", "featured_image", "gallery"
        ),
        pk=pk,
    )
    if not roles.can_edit(request.user, post):
        raise PermissionDenied
    return render_post(request, post, preview=True)


@require_POST
@ratelimit(key=address_key, rate="10/m", block=False)
def unlock_post(request, pk):
    """The password form of a protected post: right password, back to the post, now readable."""
    if getattr(request, "limited", False):
        response = HttpResponse(
            _("Too many password attempts from your address. Please wait a minute."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    post = get_object_or_404(
        Post.objects.published()
        .exclude(password="")
        .select_related("author__author_profile", "parent"),
        pk=pk,
    )
    if protection.unlock(request, post, request.POST.get("password", "")):
        return redirect(post, permanent=False)
    return render_post(request, post, password_error=True)


def render_post(request, post, preview=False, password_error=False, shown=None):
    """The post's page. ``shown`` replaces what is read from the database (its categories,
    tags and subpages, see ``stored_related``) for a post not saved as shown: the desk's
    preview of an unsaved form (desk/preview.py), which may add ``preview_notices``."""
    locked = not preview and protection.is_locked(request, post)
    # Videos and galleries placed in the body are shown where their markers are.
    body = None if locked else bodies.show(post)
    if body is not None:
        pagecache.tag(request, *body.cache_tags)
    context = {
        "post": post,
        "body": body,
        "preview": preview,
        "locked": locked,
        "password_error": password_error,
        "og_type": "article" if post.kind == Post.Kind.POST else "website",
        "og_locale": OPENGRAPH_LOCALES.get(post.language, ""),
        **(shown if shown is not None else stored_related(post)),
    }
    response = render(request, "posts/post_detail.html", context)
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    elif post.password:
        # Locked or unlocked, this page depends on the visitor: never in a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    return response


def stored_related(post):
    """What a saved post's page shows beside its own fields."""
    return {
        "categories": list(post.categories.all()) if post.kind == Post.Kind.POST else [],
        "tags": list(post.tags.all()),
        "child_pages": child_pages(post),
    }


def child_pages(post):
    """A page's published subpages, in menu order; a post has none (no query at all), and
    a page lists at most CHILD_PAGES, as a menu would."""
    if post.kind != Post.Kind.PAGE:
        return []
    children = post.children.published().order_by("menu_order", "title")
    return list(children.only("title", "path", "kind")[:CHILD_PAGES])


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

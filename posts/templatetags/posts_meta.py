"""Structured metadata for posts: JSON-LD NewsArticle for search engines."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Search engines ask for article images at least 1200 px wide.
IMAGE_WIDTH = 1200

# Characters that could end the script element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def post_json_ld(context, post):
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if post.kind == "post" else "WebPage",
        "headline": post.title[:110],
        "description": post.summary,
        "url": request.build_absolute_uri(post.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(post.get_absolute_url()),
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat() if post.updated_at else None,
        "inLanguage": post.language,
        "author": author_json_ld(request, post),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if post.featured_image is not None and post.featured_image.is_public:
        image = post.featured_image.nearest_file(IMAGE_WIDTH)
        data["image"] = request.build_absolute_uri(image.url)
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def author_json_ld(request, post):
    """The author by their public name; a post's author also by their archive, which
    exists since the post is published (a page's author may have none)."""
    profile = post.author.author_profile
    author = {"@type": "Person", "name": profile.name}
    if post.kind == "post":
        author["url"] = request.build_absolute_uri(profile.get_absolute_url())
    return author

"""WordPress's permalinks: how an old link reads as a path, and when it needs a stored redirect.

The import stores a ``Redirect`` only for an old link the generic rules of
``legacy`` would not lead to its post; both read date permalinks with the
one pattern here.
"""

import re
from urllib.parse import unquote, urlsplit

from posts.models import Post

# /2013/01/11/slug/ or /2013/01/slug/, with or without the trailing slash: the legacy
# middleware answers both, so the import stores no redirect for either.
DATE_PERMALINK = re.compile(r"^/\d{4}/\d{1,2}/(?:\d{1,2}/)?(?P<slug>[^/]+)/?$")


def legacy_path(link):
    """The path (and query) a visitor used for ``link``, decoded as Django sees it."""
    parts = urlsplit(link or "")
    path = re.sub(r"/{2,}", "/", unquote(parts.path or "/"))
    return f"{path}?{parts.query}" if parts.query else path


def answered_without_redirect_row(old_path, post):
    """Whether the generic legacy rules already lead ``old_path`` to ``post``."""
    if not old_path or "?" in old_path or old_path == f"/{post.path}/":
        return True
    match = DATE_PERMALINK.match(old_path)
    return bool(match and post.kind == Post.Kind.POST and match.group("slug") == post.slug)

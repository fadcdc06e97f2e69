from django import template

from posts import sidebar

register = template.Library()


@register.inclusion_tag("posts/widgets/recent_posts.html")
def recent_posts_widget():
    return {"posts": sidebar.recent_posts()}


@register.inclusion_tag("posts/widgets/categories.html")
def categories_widget():
    return {"branches": nest(sidebar.category_counts())}


@register.inclusion_tag("posts/widgets/menu.html")
def menu_pages_nav():
    return {"pages": sidebar.menu_pages()}


def nest(entries):
    """Turn entries in tree order, each with a depth, into nested branches.

    Counts include descendants, so a shown category's parent is always shown.
    """
    roots, stack = [], []
    for entry in entries:
        branch = {"entry": entry, "children": []}
        while stack and stack[-1]["entry"].depth >= entry.depth:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(branch)
        stack.append(branch)
    return roots

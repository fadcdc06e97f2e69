"""Pages under their parents, placed once every page is in.

A page's parent may come later in the file, so pages are written at the
top level (see ``batches``) and this places them after the last item,
top-down, with the redirect of an old link that needs one: only then is
the page's path final.
"""

from posts.models import Post, Redirect
from posts.tree import PATH_SEPARATOR

from .permalinks import answered_without_redirect_row, legacy_path


class PageParents:
    """The parent and old link of each page with a parent, as they are read."""

    def __init__(self, report):
        self.report = report
        self.parents = {}  # page's WordPress id: (its parent's WordPress id, its old path)

    def __contains__(self, wp_id):
        return wp_id in self.parents

    def remember(self, entry):
        """Note the parent of ``entry`` (an ``Incoming``) if it is a page that has one."""
        item = entry.item
        if entry.post.kind == Post.Kind.PAGE and item.parent_wp_id:
            self.parents[item.wp_id] = (item.parent_wp_id, legacy_path(item.link))

    def place(self):
        """Put pages under their parents (which may come later in the file), top-down."""
        if not self.parents:
            return
        wp_ids = set(self.parents) | {parent for parent, _link in self.parents.values()}
        pages = {
            page.wp_id: page
            for page in Post.objects.filter(wp_id__in=wp_ids).only(
                "pk", "wp_id", "kind", "slug", "path", "parent_id", "status", "published_at"
            )
        }
        targets = {}

        def target(wp_id, chain=frozenset()):
            if wp_id in targets:
                return targets[wp_id]
            page = pages[wp_id]
            parent_wp_id = self.parents.get(wp_id, (None, ""))[0]
            parent = pages.get(parent_wp_id)
            if wp_id not in self.parents:
                result = (page.path, page.parent_id)
            elif parent is None or parent.kind != Post.Kind.PAGE or parent_wp_id in chain:
                self.report.note(
                    f"page {wp_id}: parent {parent_wp_id} is not an imported page; kept at the top level"
                )
                result = (page.slug, None)
            else:
                parent_path, _ = target(parent_wp_id, chain | {wp_id})
                result = (f"{parent_path}{PATH_SEPARATOR}{page.slug}", parent.pk)
            targets[wp_id] = result
            return result

        placed = sorted(
            (wp_id for wp_id in self.parents if wp_id in pages),
            key=lambda wp_id: target(wp_id)[0].count(PATH_SEPARATOR),
        )
        redirects = []
        for wp_id in placed:
            page = pages[wp_id]
            path, parent_id = target(wp_id)
            if (page.path, page.parent_id) != (path, parent_id):
                old_path = page.path
                page.path, page.parent_id = path, parent_id
                Post.objects.filter(pk=page.pk).update(path=path, parent_id=parent_id)
                page.move_descendants(old_path)
            old_link = legacy_path(self.parents[wp_id][1])
            if not answered_without_redirect_row(old_link, page):
                redirects.append(
                    Redirect(old_path=old_link, post_id=page.pk, origin=Redirect.Origin.IMPORT)
                )
        Redirect.objects.record(redirects)

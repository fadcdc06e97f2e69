"""Authors, categories and tags of an import: matched to what exists, or created.

They are declared in the channel before any item, and items may use more;
both paths go through this writer, which remembers the database id of each
WordPress login and slug for the posts that follow.
"""

import html
import re
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from taggit.models import Tag

from posts.models import AuthorProfile, Category, Redirect
from posts.querysets import author_path

from .content import rich_text
from .report import ImportStopped

FALLBACK_AUTHOR = "wordpress"


def decode_slug(value, limit=200):
    """A WordPress slug as the text it stands for (WordPress stores UTF-8 percent-encoded)."""
    return unquote(value or "").strip()[:limit]


def item_terms(item):
    """``(categories, tags, other taxonomies)`` an item is filed under: lists of
    ``(slug, name)`` for the first two, taxonomy names for the rest."""
    categories, tags, others = [], [], []
    for term in item.terms:
        slug = decode_slug(term.slug) or slugify(html.unescape(term.name), allow_unicode=True)
        if term.domain == "category" and slug:
            categories.append((slug, term.name))
        elif term.domain == "post_tag" and slug:
            tags.append((slug[:100], html.unescape(term.name)))
        elif term.domain not in ("category", "post_tag"):
            others.append(term.domain or "(none)")
    return categories, tags, others


def sanitize_login(login):
    """A login with only the characters WordPress allows in one (its sanitize_user)."""
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 _.\-@]", "", login or "")).strip()


def wordpress_nicename(login):
    """The author slug WordPress makes from a login, its ``user_nicename`` (the
    ``/author/<nicename>/`` address): the first 50 characters through ``sanitize_title``.
    Exports do not carry it, so the import derives it the same way."""
    nicename = re.sub(r"[^a-z0-9 _-]", "", login[:50].lower().replace(".", "-"))
    return re.sub(r"-+", "-", nicename.replace(" ", "-")).strip("-")


def public_name(author):
    """The author's WordPress display name, unless it is their login: WordPress's default
    for an account without a name, which must not become a byline here."""
    name = author.display_name.strip()
    logins = {author.login.casefold(), sanitize_login(author.login).casefold()}
    return "" if name.casefold() in logins else name


class TermWriter:
    def __init__(self, report, *, dry_run=False, author_map=None):
        self.report = report
        self.dry_run = dry_run
        self.author_map = author_map or {}
        self.user_ids = {}
        self.category_ids = {}
        self.tag_ids = {}

    def write(self, authors, terms):
        """The channel's authors, categories (parents first) and tags, in one transaction."""
        with transaction.atomic():
            self.write_authors(authors)
            categories, tags = self.split_terms(terms)
            self.write_categories(categories)
            self.write_tags(tags)

    def login_of(self, creator):
        """The author login for an item's ``dc:creator``, cleaned as WordPress's importer does."""
        if creator in self.user_ids:
            return creator
        return sanitize_login(creator) or FALLBACK_AUTHOR

    def write_authors(self, authors):
        User = get_user_model()
        mapped = dict(
            User.objects.filter(username__in=set(self.author_map.values())).values_list(
                "username", "pk"
            )
        )
        missing = sorted(set(self.author_map.values()) - set(mapped))
        if missing:
            raise ImportStopped(
                f"The author map names users that do not exist: {', '.join(missing)}. "
                "Create them first or fix the map; nothing was imported.",
                self.report,
            )
        for login, username in self.author_map.items():
            self.user_ids[login] = mapped[username]
        self.ensure_users([a for a in authors if sanitize_login(a.login) not in self.user_ids])
        if not self.dry_run:
            for author in authors:
                if sanitize_login(author.login) in self.user_ids:
                    self.remember_author_addresses(author)

    def ensure_users(self, authors):
        """Users for these authors: existing accounts by username, else inactive new ones.

        New accounts cannot sign in (no usable password, inactive) until an
        administrator activates them; they keep the byline and the author page
        (see ``add_author_profile``).
        """
        User = get_user_model()
        wanted = {
            sanitize_login(author.login)[:150]: author
            for author in authors
            if sanitize_login(author.login)
        }
        existing = dict(
            User.objects.filter(username__in=list(wanted)).values_list("username", "pk")
        )
        for login in wanted:
            if login in existing:
                self.user_ids[login] = existing[login]
                self.report.count("authors", "unchanged")
        new = [login for login in wanted if login not in existing]
        if not new:
            return
        self.report.count("authors", "created", len(new))
        if self.dry_run:
            for login in new:
                self.user_ids[login] = None
            return
        users = []
        for login in new:
            author = wanted[login]
            user = User(username=login, email=author.email[:254], is_active=False)
            names = f"{author.first_name} {author.last_name}".strip()
            if public_name(author) and names != public_name(author):
                # The byline visitors knew is the display name; keep it whole.
                user.first_name, user.last_name = public_name(author)[:150], ""
            else:
                user.first_name, user.last_name = author.first_name[:150], author.last_name[:150]
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        for user in User.objects.filter(username__in=new):
            self.user_ids[user.username] = user.pk
            self.add_author_profile(user, wanted[user.username].line)

    def add_author_profile(self, user, line):
        """A new account's author address is WordPress's (its nicename), so that old links
        to ``/author/<nicename>/`` keep working: WordPress published that address already.
        The author may change it; the old one then redirects."""
        profile = AuthorProfile(user=user)
        nicename = wordpress_nicename(user.username)
        if nicename:
            profile.slug = profile.unique_slug(nicename)
            if profile.slug != nicename:
                self.report.note(
                    f"author {user.username!r}: /author/{nicename}/ is another author's here; "
                    f"using {profile.slug!r}",
                    line,
                )
        profile.save()

    def remember_author_addresses(self, author):
        """WordPress's addresses of an author, ``/?author=ID`` and ``/author/<nicename>/``
        where that is not their address here, lead to their archive, whatever its slug
        becomes."""
        profile = AuthorProfile.objects.get(user_id=self.user_ids[sanitize_login(author.login)])
        old_paths = [f"/?author={author.wp_id}"] if author.wp_id else []
        nicename = wordpress_nicename(sanitize_login(author.login))
        if nicename and nicename != profile.slug:
            old_paths.append(author_path(nicename))
        Redirect.objects.record(
            [
                Redirect(old_path=path, author=profile, origin=Redirect.Origin.IMPORT)
                for path in old_paths
            ]
        )

    def split_terms(self, terms):
        """Categories and tags by slug; the dedicated elements win over generic ``wp:term``."""
        categories, tags = {}, {}
        for term in terms:
            if term.taxonomy == "category":
                target = categories
            elif term.taxonomy == "post_tag":
                target = tags
            else:
                self.report.ignored_taxonomies[term.taxonomy or "(none)"] += 1
                continue
            slug = decode_slug(term.slug) or slugify(html.unescape(term.name), allow_unicode=True)
            if slug and (slug not in target or term.primary):
                target[slug] = term
        return categories, tags

    def write_categories(self, terms):
        """Categories parents first (parents are given by slug), updated or created."""
        known = {c.slug: c for c in Category.objects.filter(slug__in=list(terms))}
        by_wp_id = {
            c.wp_id: c
            for c in Category.objects.filter(wp_id__in=[t.wp_id for t in terms.values() if t.wp_id])
        }
        for slug in self.categories_parents_first(terms):
            term = terms[slug]
            parent_slug = decode_slug(term.parent_slug)
            category = by_wp_id.get(term.wp_id) if term.wp_id else None
            if category is None:
                candidate = known.get(slug)
                if candidate is not None and candidate.wp_id in (None, term.wp_id):
                    category = candidate
            self.write_category(
                category,
                slug=slug,
                name=html.unescape(term.name)[:200] or slug,
                description=rich_text(term.description),
                parent_id=self.category_ids.get(parent_slug),
                wp_id=term.wp_id,
                line=term.line,
            )

    def categories_parents_first(self, terms):
        ordered, state = [], {}

        def visit(slug, chain):
            if state.get(slug) == "done":
                return
            if slug in chain:
                self.report.note(
                    f"category {slug!r} is its own ancestor; made top-level", terms[slug].line
                )
                terms[slug].parent_slug = ""
                return
            parent = decode_slug(terms[slug].parent_slug)
            if parent and parent not in terms:
                if not Category.objects.filter(slug=parent).exists():
                    self.report.note(
                        f"category {slug!r}: parent {parent!r} is not in the file; made top-level",
                        terms[slug].line,
                    )
                    terms[slug].parent_slug = ""
                else:
                    self.category_ids[parent] = Category.objects.get(slug=parent).pk
            elif parent:
                visit(parent, chain | {slug})
            state[slug] = "done"
            ordered.append(slug)

        for slug in terms:
            visit(slug, frozenset())
        return ordered

    def write_category(self, category, *, slug, name, description, parent_id, wp_id, line):
        if category is None:
            self.report.count("categories", "created")
            if self.dry_run:
                self.category_ids[slug] = None
                return
            category = Category(wp_id=wp_id)
            if Category.objects.filter(slug=slug).exists():
                new_slug = self.free_category_slug(slug)
                self.report.note(f"category slug {slug!r} is taken here; using {new_slug!r}", line)
                category.slug = new_slug
            else:
                category.slug = slug
        else:
            changed = (category.name, category.description, category.parent_id, category.wp_id) != (
                name,
                description,
                parent_id,
                wp_id or category.wp_id,
            )
            self.report.count("categories", "updated" if changed else "unchanged")
            if not changed or self.dry_run:
                self.category_ids[slug] = category.pk
                return
        category.name, category.description, category.parent_id = name, description, parent_id
        category.wp_id = wp_id or category.wp_id
        category.save()
        self.category_ids[slug] = category.pk

    def free_category_slug(self, slug):
        number = 2
        while Category.objects.filter(slug=f"{slug[:190]}-{number}").exists():
            number += 1
        return f"{slug[:190]}-{number}"

    def write_tags(self, terms):
        self.ensure_tags(
            {slug[:100]: html.unescape(term.name) for slug, term in terms.items()}, declared=True
        )

    def ensure_tags(self, names_by_slug, declared=False):
        """Tags by (decoded) slug, matched to existing ones by slug or case-insensitive name."""
        wanted = {
            slug: (name or slug)[:100]
            for slug, name in names_by_slug.items()
            if slug not in self.tag_ids
        }
        if not wanted:
            return
        by_slug = dict(Tag.objects.filter(slug__in=list(wanted)).values_list("slug", "pk"))
        by_name = {
            name.casefold(): (pk, slug)
            for pk, name, slug in Tag.objects.filter(name__in=list(wanted.values())).values_list(
                "pk", "name", "slug"
            )
        }
        new, seen_names, redirects = [], set(), []
        for slug, name in wanted.items():
            if slug in by_slug:
                self.tag_ids[slug] = by_slug[slug]
                if declared:
                    self.report.count("tags", "unchanged")
            elif name.casefold() in by_name or name.casefold() in seen_names:
                # Same name under another slug: one tag, and the old tag page leads to it.
                pk, existing_slug = by_name.get(name.casefold(), (None, None))
                if pk is None:
                    existing_slug = next(
                        tag.slug for tag in new if tag.name.casefold() == name.casefold()
                    )
                self.tag_ids[slug] = pk
                redirects.append((slug, existing_slug))
                if declared:
                    self.report.count("tags", "unchanged")
            else:
                new.append(Tag(name=name, slug=slug))
                seen_names.add(name.casefold())
        self.report.count("tags", "created", len(new))
        if self.dry_run:
            return
        Tag.objects.bulk_create(new)
        for tag in Tag.objects.filter(slug__in=[tag.slug for tag in new]):
            self.tag_ids[tag.slug] = tag.pk
        for old_slug, slug in redirects:
            self.tag_ids[old_slug] = self.tag_ids.get(old_slug) or self.tag_ids.get(slug)
        Redirect.objects.record(
            [
                Redirect(
                    old_path=reverse("posts:tag", kwargs={"slug": old_slug}),
                    target_url=reverse("posts:tag", kwargs={"slug": slug}),
                    origin=Redirect.Origin.IMPORT,
                )
                for old_slug, slug in redirects
            ]
        )

    def remember(self):
        """The term ids known now, for ``restore`` after a transaction that may add some."""
        return dict(self.category_ids), dict(self.tag_ids)

    def restore(self, remembered):
        """Back to the ids ``remember`` returned: terms a rolled-back transaction made are
        gone, and a later item must not point at them."""
        self.category_ids, self.tag_ids = (dict(ids) for ids in remembered)

    def ensure_categories(self, names_by_slug, line):
        """Categories for slugs that items use but the channel did not declare:
        an existing one with that slug, else a new top-level one."""
        for slug, name in names_by_slug.items():
            if slug in self.category_ids:
                continue
            existing = Category.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if existing is not None:
                self.category_ids[slug] = existing
                continue
            self.report.note(f"category {slug!r} is used but not declared; created", line)
            self.write_category(
                None,
                slug=slug,
                name=(html.unescape(name) or slug)[:200],
                description="",
                parent_id=None,
                wp_id=None,
                line=line,
            )

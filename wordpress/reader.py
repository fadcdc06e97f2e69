"""Streaming, safe reading of WordPress eXtended RSS (WXR) exports.

The file is parsed incrementally (lxml's iterparse) and every element is
dropped once read, so memory stays flat whatever the size of the export.
Parsing is safe: documents with a DTD are refused (WordPress never writes
one, and a DTD is where XML bombs and external entities live), entities are
never resolved and nothing is fetched from the network.

Namespaces are taken from the document, since both ``http://`` and
``https://wordpress.org/export/1.x/`` occur in real exports.
"""

import re
from dataclasses import dataclass, field

from lxml import etree

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/(excerpt/)?$")
KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# Elements the reader acts on: the channel's records and header fields.
RECORD_TAGS = (
    "item",
    "title",
    "link",
    "language",
    "{*}wxr_version",
    "{*}base_site_url",
    "{*}base_blog_url",
    "{*}author",
    "{*}category",
    "{*}tag",
    "{*}term",
)
CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "language": "language",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


class WXRError(Exception):
    """The file cannot be read as a WordPress export; ``line`` says where, when known."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None
    line: int | None = None


@dataclass
class Term:
    """A category, tag or other taxonomy term declared in the channel."""

    taxonomy: str
    wp_id: int | None
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""
    line: int | None = None
    # wp:category and wp:tag elements; generic wp:term ones repeat them less fully.
    primary: bool = False


@dataclass
class ItemTerm:
    """A term an item is filed under (``<category domain=… nicename=…>``)."""

    domain: str
    slug: str
    name: str


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item or other post type."""

    line: int
    wp_id: int | None = None
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    slug: str = ""
    parent_wp_id: int = 0
    menu_order: int = 0
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0
    problems: list[str] = field(default_factory=list)


ITEM_TEXT_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_type": "post_type",
    "wp:status": "status",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:post_name": "slug",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
ITEM_INT_FIELDS = {
    "wp:post_id": "wp_id",
    "wp:post_parent": "parent_wp_id",
    "wp:menu_order": "menu_order",
}
AUTHOR_FIELDS = {
    "wp:author_login": "login",
    "wp:author_email": "email",
    "wp:author_display_name": "display_name",
    "wp:author_first_name": "first_name",
    "wp:author_last_name": "last_name",
}


def count_items(path):
    """Roughly how many items the file holds (for a progress bar), by scanning its bytes."""
    count, tail = 0, b""
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<item>") + data.count(b"<item ")
            tail = data[-6:]
            count -= tail.count(b"<item>") + tail.count(b"<item ")
    return count


def text(element):
    return (element.text or "").strip() if element is not None else ""


def to_int(value):
    """An id or number from the file; None when absent or malformed."""
    value = (value or "").strip()
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


def syntax_problem(error):
    """What libxml found wrong, and on which line: its last logged error when it has
    one (an undefined entity such as ``&nbsp;`` is told only there, the exception
    itself then saying "no element found" at line 0), else the exception's own."""
    logged = [entry for entry in error.error_log if entry.line]
    if not logged:
        return error.msg, (error.position[0] or None) if error.position else None
    last = logged[-1]
    message = last.message
    if message == "Unregistered error message":  # libxml has no words for some (ERR_…)
        message = last.type_name.removeprefix("ERR_").replace("_", " ").lower()
    return message, last.line


class WXRReader:
    """Yields a ``Channel``, then ``Author``, ``Term`` and ``Item`` records in file order."""

    def __init__(self, path):
        self.path = path
        self.names = {}
        self.roles = dict(KNOWN_NAMESPACES)
        self.channel = Channel()
        self.channel_sent = False

    def __iter__(self):
        try:
            yield from self.records()
        except etree.XMLSyntaxError as error:
            message, line = syntax_problem(error)
            raise WXRError(f"the file is not well-formed XML ({message})", line) from None
        except OSError as error:
            raise WXRError(f"cannot read the file: {error}") from None

    def records(self):
        context = etree.iterparse(
            self.path,
            events=("start-ns", "end"),
            # Only these reach Python (the rest is read with their item): far fewer events.
            tag=RECORD_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        checked = False
        for event, element in context:
            if event == "start-ns":
                self.learn_namespace(*element)
                continue
            if not checked:
                self.check_document(element)
                checked = True
            parent = element.getparent()
            if parent is None or parent.tag != "channel":
                continue
            name = self.name(element.tag)
            record = self.channel_record(name, element)
            if record is not None:
                if not self.channel_sent:
                    yield self.checked_channel(element.sourceline)
                yield record
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
        if not checked:
            if context.root is None:
                raise WXRError("the file is empty")
            self.check_document(context.root)
        if not self.channel_sent:
            yield self.checked_channel(None)

    def learn_namespace(self, prefix, uri):
        if WXR_NAMESPACE.match(uri):
            self.roles[uri] = "excerpt" if uri.endswith("excerpt/") else "wp"

    def name(self, tag):
        """``{uri}local`` as ``wp:local`` (whichever URI the file used), cached."""
        name = self.names.get(tag)
        if name is None:
            if isinstance(tag, str) and tag.startswith("{"):
                uri, local = tag[1:].split("}", 1)
                role = self.roles.get(uri)
                name = f"{role}:{local}" if role else tag
            else:
                name = tag if isinstance(tag, str) else ""
            self.names[tag] = name
        return name

    def check_document(self, element):
        root = element.getroottree()
        docinfo = root.docinfo
        if docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
            raise WXRError(
                "the file declares a DTD; WordPress exports never do, and a DTD can hide "
                "entity bombs or external entities, so it is refused",
                element.sourceline,
            )
        if root.getroot().tag != "rss" or "wp" not in self.roles.values():
            raise WXRError(
                "this is XML but not a WordPress export (WXR): expected an <rss> document "
                "using the wordpress.org/export/ namespace",
                element.sourceline,
            )

    def checked_channel(self, line):
        self.channel_sent = True
        version = self.channel.wxr_version
        if not version:
            raise WXRError("the channel has no <wp:wxr_version>: not a WordPress export", line)
        if version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"WXR version {version} is not supported (this importer reads "
                f"{', '.join(SUPPORTED_VERSIONS)}); export again from WordPress",
                line,
            )
        return self.channel

    def channel_record(self, name, element):
        if name == "item":
            return self.item(element)
        if name == "wp:author":
            return self.author(element)
        if name == "wp:category":
            return Term(
                taxonomy="category",
                wp_id=to_int(self.child_text(element, "wp:term_id")),
                slug=self.child_text(element, "wp:category_nicename"),
                name=self.child_text(element, "wp:cat_name"),
                parent_slug=self.child_text(element, "wp:category_parent"),
                description=self.child_text(element, "wp:category_description"),
                line=element.sourceline,
                primary=True,
            )
        if name == "wp:tag":
            return Term(
                taxonomy="post_tag",
                wp_id=to_int(self.child_text(element, "wp:term_id")),
                slug=self.child_text(element, "wp:tag_slug"),
                name=self.child_text(element, "wp:tag_name"),
                description=self.child_text(element, "wp:tag_description"),
                line=element.sourceline,
                primary=True,
            )
        if name == "wp:term":
            return Term(
                taxonomy=self.child_text(element, "wp:term_taxonomy"),
                wp_id=to_int(self.child_text(element, "wp:term_id")),
                slug=self.child_text(element, "wp:term_slug"),
                name=self.child_text(element, "wp:term_name"),
                parent_slug=self.child_text(element, "wp:term_parent"),
                description=self.child_text(element, "wp:term_description"),
                line=element.sourceline,
            )
        attribute = CHANNEL_FIELDS.get(name)
        if attribute and not self.channel_sent:
            setattr(self.channel, attribute, text(element))
        return None

    def child_text(self, element, name):
        for child in element:
            if self.name(child.tag) == name:
                return text(child)
        return ""

    def author(self, element):
        author = Author(login="", line=element.sourceline)
        for child in element:
            name = self.name(child.tag)
            if name in AUTHOR_FIELDS:
                setattr(author, AUTHOR_FIELDS[name], text(child))
            elif name == "wp:author_id":
                author.wp_id = to_int(child.text)
        return author

    def item(self, element):
        item = Item(line=element.sourceline)
        for child in element:
            name = self.name(child.tag)
            if name in ITEM_TEXT_FIELDS:
                value = child.text or ""
                # Bodies keep their whitespace (it means paragraphs); the rest is trimmed.
                if name not in ("content:encoded", "excerpt:encoded"):
                    value = value.strip()
                setattr(item, ITEM_TEXT_FIELDS[name], value)
            elif name in ITEM_INT_FIELDS:
                number = to_int(child.text)
                if number is None and text(child):
                    item.problems.append(f"{name} is not a number: {text(child)[:40]!r}")
                setattr(item, ITEM_INT_FIELDS[name], number if number is not None else 0)
            elif name == "category":
                item.terms.append(
                    ItemTerm(
                        domain=child.get("domain", ""),
                        slug=(child.get("nicename") or "").strip(),
                        name=text(child),
                    )
                )
            elif name == "wp:is_sticky":
                item.is_sticky = text(child) == "1"
            elif name == "wp:postmeta":
                key = self.child_text(child, "wp:meta_key")
                if key:
                    item.meta[key] = self.child_text(child, "wp:meta_value")
            elif name == "wp:comment":
                item.comments += 1
        if item.wp_id == 0:
            item.wp_id = None
        return item

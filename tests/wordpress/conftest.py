"""Real WordPress exports (from ../shared/fixtures) and small hand-written ones, and
copies of wp-content/uploads made with Pillow for them (their hosts are never fetched)."""

import textwrap
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from lxml import etree

from tests.media_gallery import samples
from tests.media_gallery.conftest import stored_files
from tests.shared_data import built_once, use_shared

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / ".." / "shared" / "fixtures"
THEME_UNIT_TEST = "themeunittestdata.wordpress.xml"
BLOCK_TEST = "64-block-test-data.xml"


def fixture_file(name):
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(
            f"../shared/fixtures/{name} is absent: these tests need the shared WordPress "
            "fixtures; clone the repository next to the shared folder (../shared) to run them"
        )
    return path


@pytest.fixture
def theme_unit_test():
    return fixture_file(THEME_UNIT_TEST)


@pytest.fixture
def block_test():
    return fixture_file(BLOCK_TEST)


def run_import(path, *args, **options):
    """Run import_wordpress; returns its output."""
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def imported(theme_unit_test, db):
    """The Theme Unit Test export, imported."""
    run_import(theme_unit_test, verbosity=0)
    return theme_unit_test


def attachments_of(path):
    """``{wp id: path under wp-content/uploads}`` of the attachments of a WXR file."""
    found = {}
    for _, item in etree.iterparse(str(path), tag="item"):
        fields = {child.tag.rpartition("}")[2]: child.text or "" for child in item}
        if fields.get("post_type") == "attachment":
            address = unquote(urlsplit(fields["attachment_url"]).path)
            found[int(fields["post_id"])] = "/".join(address.split("/")[-3:])
        item.clear()
    return found


def sample_file(relative, seed):
    """A real file for an upload named ``relative``: a photo, an animated GIF, an MP4 (also
    for .mov, as QuickTime files that are MP4 inside are), or bytes for anything else."""
    extension = relative.rpartition(".")[2].lower()
    if extension in ("jpg", "jpeg"):
        return samples.jpeg(320, 240, seed=seed)
    if extension == "gif":
        return samples.gif(64, 48, seed=seed, frames=2)
    if extension == "png":
        return samples.png(320, 240, seed=seed)
    if extension in ("mp4", "mov"):
        return samples.mp4()
    return b"ID3" + bytes(200)  # the start of an MP3, as far as anyone here looks


def make_uploads(export, directory, leave_out=()):
    """A copy of wp-content/uploads for ``export``: a distinct file at every attachment's
    path, except the attachments ``leave_out`` names (by WordPress id)."""
    directory = Path(directory)
    # Pictures differ by their seed's remainder modulo 256: number them, not by id.
    for seed, (wp_id, relative) in enumerate(sorted(attachments_of(export).items()), start=1):
        if wp_id in leave_out:
            continue
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sample_file(relative, seed=seed))
    return directory


@pytest.fixture
def storage_files():
    """Lists every file in media storage (through the storage API)."""
    return stored_files


@pytest.fixture(scope="session")
def theme_uploads(tmp_path_factory):
    """wp-content/uploads of the Theme Unit Test export, every file there (read only)."""
    return make_uploads(fixture_file(THEME_UNIT_TEST), tmp_path_factory.mktemp("uploads"))


@pytest.fixture
def imported_with_media(theme_unit_test, theme_uploads, db):
    """The Theme Unit Test export imported with its uploads; returns the command's output."""
    return run_import(theme_unit_test, uploads_dir=str(theme_uploads))


# The same imports done once per module, for modules whose tests only read the site
# (tests that import again or change it use the fixtures above).


@pytest.fixture(scope="module")
def imported_once(django_db_setup, django_db_blocker, tmp_path_factory):
    path = fixture_file(THEME_UNIT_TEST)
    media_root = tmp_path_factory.mktemp("imported-media")
    with built_once(django_db_blocker, media_root, lambda: run_import(path, verbosity=0)) as site:
        yield site


@pytest.fixture
def imported_site(imported_once, request, settings):
    """``imported``, shared by the module's tests (read only); returns the export's path."""
    use_shared(imported_once, request, settings)
    return fixture_file(THEME_UNIT_TEST)


@pytest.fixture(scope="module")
def imported_with_media_once(django_db_setup, django_db_blocker, tmp_path_factory, theme_uploads):
    path = fixture_file(THEME_UNIT_TEST)
    media_root = tmp_path_factory.mktemp("imported-media")
    with built_once(
        django_db_blocker, media_root, lambda: run_import(path, uploads_dir=str(theme_uploads))
    ) as site:
        yield site


@pytest.fixture
def imported_site_with_media(imported_with_media_once, request, settings):
    """``imported_with_media``, shared by the module's tests (read only): the command's
    output; the files are in a MEDIA_ROOT of their own, the tests' for as long."""
    return use_shared(imported_with_media_once, request, settings)


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Small site</title>
<link>https://old.example.org</link>
<language>en-US</language>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<wp:author><wp:author_id>7</wp:author_id><wp:author_login>s.ahmadi</wp:author_login>
  <wp:author_email>sara@example.org</wp:author_email>
  <wp:author_display_name><![CDATA[Sara Ahmadi]]></wp:author_display_name>
  <wp:author_first_name><![CDATA[Sara]]></wp:author_first_name>
  <wp:author_last_name><![CDATA[Ahmadi]]></wp:author_last_name></wp:author>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>news</wp:category_nicename>
  <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>iran</wp:tag_slug><wp:tag_name>Iran</wp:tag_name></wp:tag>
"""


def wxr_item(post_id, title="A title", slug=None, status="publish", post_type="post", **extra):
    slug = f"post-{post_id}" if slug is None else slug
    content = extra.get("content", "First paragraph.\n\nSecond paragraph.")
    terms = extra.get(
        "terms",
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="post_tag" nicename="iran"><![CDATA[Iran]]></category>',
    )
    return textwrap.dedent(f"""
        <item>
        <title><![CDATA[{title}]]></title>
        <link>{extra.get("link", f"https://old.example.org/2017/07/01/{slug}/")}</link>
        <dc:creator><![CDATA[{extra.get("creator", "s.ahmadi")}]]></dc:creator>
        <content:encoded><![CDATA[{content}]]></content:encoded>
        <excerpt:encoded><![CDATA[{extra.get("excerpt", "")}]]></excerpt:encoded>
        <wp:post_id>{post_id}</wp:post_id>
        <wp:post_date><![CDATA[2017-07-01 10:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[{extra.get("date_gmt", "2017-07-01 08:00:00")}]]></wp:post_date_gmt>
        <wp:post_name><![CDATA[{slug}]]></wp:post_name>
        <wp:status><![CDATA[{status}]]></wp:status>
        <wp:post_parent>{extra.get("parent", 0)}</wp:post_parent>
        <wp:menu_order>{extra.get("menu_order", 0)}</wp:menu_order>
        <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
        <wp:post_password><![CDATA[{extra.get("password", "")}]]></wp:post_password>
        <wp:is_sticky>0</wp:is_sticky>
        {terms}
        {extra.get("more", "")}
        </item>
        """)


def wxr_attachment(post_id, file, parent=0, title="A photo", status="inherit", **extra):
    """An attachment item whose file is ``file`` (a path under wp-content/uploads)."""
    meta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in extra.get("meta", {"_wp_attachment_image_alt": "What it shows"}).items()
    )
    return wxr_item(
        post_id,
        title=title,
        slug=extra.get("slug", f"attachment-{post_id}"),
        status=status,
        post_type="attachment",
        content=extra.get("description", ""),
        excerpt=extra.get("caption", ""),
        parent=parent,
        link=extra.get("link", f"https://old.example.org/?attachment_id={post_id}"),
        terms=extra.get("terms", ""),
        menu_order=extra.get("menu_order", 0),
        date_gmt=extra.get("date_gmt", "2017-07-01 08:00:00"),
        more=f"<wp:attachment_url>https://old.example.org/wp-content/uploads/{file}"
        f"</wp:attachment_url>{meta}",
    )


def write_wxr(directory, *items, version="1.2", name="export.xml"):
    path = Path(directory) / name
    path.write_text(WXR_HEAD.format(version=version) + "".join(items) + "</channel>\n</rss>\n")
    return path

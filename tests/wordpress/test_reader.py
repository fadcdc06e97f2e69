"""Streaming WXR reading: records from real exports, safety against hostile files."""

from collections import Counter

import pytest

from tests.wordpress.conftest import write_wxr, wxr_item
from wordpress.reader import Author, Channel, Item, Term, WXRError, WXRReader, count_items

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version><item><title>&secret;</title></item></channel></rss>
"""


def read_all(path):
    return list(WXRReader(path))


def kinds(records):
    return Counter(
        f"item:{record.post_type}" if isinstance(record, Item) else type(record).__name__
        for record in records
    )


def test_theme_unit_test_records(theme_unit_test):
    """Every item, author and term of the file, with the https:// namespace it uses."""
    records = read_all(theme_unit_test)
    assert isinstance(records[0], Channel)
    assert records[0].wxr_version == "1.2"
    assert kinds(records) == {
        "Channel": 1,
        "Author": 2,
        "Term": 68 + 110 + 7,
        "item:post": 58,
        "item:page": 21,
        "item:attachment": 37,
        "item:nav_menu_item": 70,
    }
    items = [record for record in records if isinstance(record, Item)]
    assert sum(item.comments for item in items) == 33
    assert [item.wp_id for item in items if item.is_sticky] == [1241]
    protected = next(item for item in items if item.password)
    assert (protected.wp_id, protected.password) == (1168, "enter")
    featured = {
        item.wp_id: item.meta["_thumbnail_id"] for item in items if "_thumbnail_id" in item.meta
    }
    assert len(featured) == 6
    assert count_items(theme_unit_test) == 186


def test_block_export_uses_the_http_namespace(block_test):
    records = read_all(block_test)
    assert kinds(records)["item:post"] == 61
    categories = [r for r in records if isinstance(r, Term) and r.taxonomy == "category"]
    assert {c.slug for c in categories if c.primary} == {
        "design",
        "embeds",
        "media",
        "text",
        "theme",
        "uncategorized",
        "widgets",
    }
    assert "<!-- wp:paragraph -->" in next(r for r in records if isinstance(r, Item)).content


def test_small_file_fields(tmp_path):
    path = write_wxr(tmp_path, wxr_item(12, title="Hello", slug="hello", password="pw"))
    channel, author, category, tag, item = read_all(path)
    assert channel.base_blog_url == "https://old.example.org"
    assert (author.login, author.wp_id, author.display_name) == ("s.ahmadi", 7, "Sara Ahmadi")
    assert (category.taxonomy, category.slug, category.wp_id) == ("category", "news", 5)
    assert (tag.taxonomy, tag.slug, tag.name) == ("post_tag", "iran", "Iran")
    assert (item.wp_id, item.title, item.slug, item.password) == (12, "Hello", "hello", "pw")
    assert item.content == "First paragraph.\n\nSecond paragraph."
    assert [(t.domain, t.slug) for t in item.terms] == [("category", "news"), ("post_tag", "iran")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "declares a DTD"),
        (EXTERNAL_ENTITY, "declares a DTD"),
        ("this is not XML at all\n", "not well-formed XML"),
        ("<html><body>a web page</body></html>", "not a WordPress export"),
        ("", "not well-formed XML"),
    ],
)
def test_hostile_or_wrong_files_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content)
    with pytest.raises(WXRError, match=message) as raised:
        read_all(path)
    assert "secret" not in str(raised.value)


def test_truncated_file_names_the_line(theme_unit_test, tmp_path):
    path = tmp_path / "truncated.xml"
    path.write_bytes(theme_unit_test.read_bytes()[:300_000])
    records = []
    with pytest.raises(WXRError, match="not well-formed XML") as raised:
        records.extend(WXRReader(path))
    assert raised.value.line == 7373
    # The records before the break were read and handed on.
    assert kinds(records) == {
        "Channel": 1,
        "Author": 2,
        "Term": 68 + 110 + 7,
        "item:post": 8,
        "item:page": 10,
        "item:attachment": 32,
        "item:nav_menu_item": 63,
    }


def test_unknown_version_is_refused(tmp_path):
    path = write_wxr(tmp_path, wxr_item(1), version="2.0")
    with pytest.raises(WXRError, match=r"WXR version 2\.0 is not supported"):
        read_all(path)


def test_memory_is_released_as_items_are_read(theme_unit_test):
    """Each item is dropped from the tree once read, so the document never grows."""
    reader = WXRReader(theme_unit_test)
    for record in reader:
        if isinstance(record, Item) and record.wp_id == 1241:
            break
    assert isinstance(record, Author | Term | Item)


def test_image_credit_is_read_from_wordpress_serialised_metadata():
    from wordpress.attachments import image_credit, php_serialised_credit

    metadata = (
        'a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:18:"2017/07/rally.jpg";'
        's:10:"image_meta";a:3:{s:8:"aperture";s:1:"0";s:6:"credit";s:21:"Photo: Rasht ✊ NCRI";'
        's:7:"caption";s:0:"";}}'
    )
    assert image_credit(metadata) == "Photo: Rasht ✊ NCRI"
    assert image_credit('a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:0:"";}}') == ""
    assert image_credit('s:6:"credit";s:99:"cut short";}') == ""  # a length that lies
    assert image_credit("") == ""
    for credit in ('Photo: "Auvers" & “Ashraf” ]]>', "عکس: سیمین"):
        assert image_credit(php_serialised_credit(credit)) == credit
    # What XML would change is settled before the length is counted.
    assert image_credit(php_serialised_credit(" Line one\r\nline\x07 two\r")) == (
        "Line one\nline two"
    )

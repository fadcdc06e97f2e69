"""Benchmark: importing WordPress attachments with their files, and what renditions cost.

    .venv/bin/python bench/import_media.py [--images 200] [--width 1920] [--height 1280]

Makes photo-like JPEGs (fine grain, so they compress like photos) in a copy of
wp-content/uploads under bench/data/ (not committed) and a WXR file with one
attachment per file, half of them featured images of posts, then in a fresh
SQLite database and media folder times, each in its own process:

1. ``import_wordpress --uploads-dir`` (files checked, cleaned and stored by the
   media library; renditions left for afterwards, as the import does);
2. the same import again (every file unchanged: read and hashed, nothing stored);
3. ``regenerate_renditions --missing-only`` (the renditions the first run left).

The import with renditions made one by one as each image is stored (what an
import would do through the media library's normal save) costs 1 + 3. The
last output is committed beside this file.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "import_media.txt"

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://old.example.org</link><language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
"""
ITEM = """<item><title><![CDATA[{title}]]></title><link>{link}</link>
<dc:creator><![CDATA[editor]]></dc:creator><content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>2019-06-01 10:00:00</wp:post_date><wp:post_date_gmt>2019-06-01 08:00:00</wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>{post_type}</wp:post_type>{extra}</item>
"""


def photo(path, width, height, seed):
    from PIL import Image, ImageDraw

    scene = Image.new("RGB", (width, height), (40 + seed % 200, 70, 120))
    draw = ImageDraw.Draw(scene)
    for n in range(120):
        x, y = (n * 7919 + seed * 104729) % width, (n * 6151 + seed) % height
        radius = 20 + n % 90
        draw.ellipse([x, y, x + radius, y + radius * 2], fill=(n % 256, (n * 3) % 256, seed % 256))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    Image.blend(scene, grain, 0.12).save(path, "JPEG", quality=90)


def make_input(images, width, height):
    """The uploads folder and export for ``images`` photos (reused when already made)."""
    directory = DATA / f"media-{images}-{width}x{height}"
    export = directory / "export.xml"
    if export.exists():
        return directory / "uploads", export
    print(f"Making {images} photos of {width}x{height}…", flush=True)
    uploads = directory / "uploads" / "2019" / "06"
    uploads.mkdir(parents=True, exist_ok=True)
    items = []
    for number in range(1, images + 1):
        photo(uploads / f"photo-{number}.jpg", width, height, number)
        attachment_id, post_id = 100_000 + number, number
        items.append(
            ITEM.format(
                title=f"Photo {number}",
                link=f"https://old.example.org/?attachment_id={attachment_id}",
                content="",
                caption=f"Caption of photo {number}",
                wp_id=attachment_id,
                slug=f"photo-{number}",
                status="inherit",
                parent=post_id if number % 2 else 0,
                post_type="attachment",
                extra="<wp:attachment_url>https://old.example.org/wp-content/uploads/2019/06/"
                f"photo-{number}.jpg</wp:attachment_url>",
            )
        )
        if number % 2:
            items.append(
                ITEM.format(
                    title=f"Post {number}",
                    link=f"https://old.example.org/2019/06/01/post-{number}/",
                    content="<p>Text.</p>",
                    caption="",
                    wp_id=post_id,
                    slug=f"post-{number}",
                    status="publish",
                    parent=0,
                    post_type="post",
                    extra="<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                    f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>",
                )
            )
    export.write_text(HEAD + "".join(items) + "</channel></rss>\n")
    return directory / "uploads", export


def timed(env, *args):
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1280)
    parser.add_argument("--no-save", action="store_true", help=f"Do not write {RESULTS.name}.")
    args = parser.parse_args()
    uploads, export = make_input(args.images, args.width, args.height)
    work = DATA / "media-run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    load_before = os.getloadavg()[0]
    timed(env, "migrate", "--no-input", "-v", "0")
    command = ["import_wordpress", "--quiet", str(export), "--uploads-dir", str(uploads)]
    first = timed(env, *command)
    second = timed(env, *command)
    renditions = timed(env, "regenerate_renditions", "--missing-only", "-v", "0")
    shutil.rmtree(work, ignore_errors=True)
    count = args.images
    lines = [
        f"import_wordpress with media files, {time.strftime('%Y-%m-%d')}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs (shared), SQLite",
        f"load average (1 min) before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}",
        f"input: {count} photo-like JPEGs of {args.width}x{args.height} "
        f"({sum(f.stat().st_size for f in uploads.rglob('*.jpg')) / count / 1024:.0f} KiB each), "
        f"one attachment each, half of them featured images of {count // 2 + count % 2} posts",
        "each step is one process, wall time, start-up included",
        "",
        f"{'step':<52} {'seconds':>8} {'images/s':>9}",
    ]
    for label, seconds in [
        ("import (renditions left for afterwards)", first),
        ("import again (files unchanged: hashed, not stored)", second),
        ("regenerate_renditions --missing-only", renditions),
        ("import making renditions as it goes (1 + 3)", first + renditions),
    ]:
        lines.append(f"{label:<52} {seconds:>8.1f} {count / seconds:>9.1f}")
    lines += [
        "",
        f"renditions cost {renditions / first:.1f}x the import's own work; leaving them for "
        f"afterwards makes the import {(first + renditions) / first:.1f}x faster",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if not args.no_save:
        RESULTS.write_text(text)


if __name__ == "__main__":
    main()

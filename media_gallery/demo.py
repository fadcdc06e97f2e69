"""Demo media: photos drawn with Pillow (nothing is downloaded), videos, galleries.

Part of ``manage.py seed_demo``. The photos go through the real upload path
(checks, cleaning, renditions); everything is looked up before it is
created, so running it twice changes nothing.
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from posts.models import Category, Post

from . import library, video_urls
from .models import Gallery, GalleryItem, Image, MediaStatus, Video

# (title, width, height, sky colours, category slug, caption)
PHOTOS = [
    (
        "Rally in Berlin, July 2023",
        2400,
        1600,
        ((38, 70, 125), (240, 170, 90)),
        "free-iran-2023",
        "Supporters of a free Iran march through the centre of Berlin.",
    ),
    (
        "Crowd at the Free Iran World Summit",
        3200,
        2000,
        ((20, 40, 90), (120, 170, 220)),
        "free-iran-world-summit-2023",
        "Thousands filled the hall for the opening session.",
    ),
    (
        "Speakers on stage in Paris",
        1800,
        1200,
        ((60, 30, 60), (200, 120, 90)),
        "grand-gathering-2018",
        "Parliamentarians from Europe and the United States spoke.",
    ),
    (
        "Candlelight vigil for the victims of 1988",
        1600,
        1067,
        ((10, 10, 30), (60, 50, 90)),
        "1988-massacre",
        "Families held pictures of political prisoners executed in 1988.",
    ),
    (
        "Women lead the march",
        1200,
        1600,
        ((90, 130, 190), (250, 220, 160)),
        "iran-protests",
        "Women have been at the forefront of every uprising since 2017.",
    ),
    (
        "Banner of political prisoners",
        2000,
        1000,
        ((40, 40, 50), (160, 160, 170)),
        "human-rights",
        "A banner with the names of prisoners at risk of execution.",
    ),
    (
        "Supporters in Washington",
        1600,
        1200,
        ((70, 110, 170), (230, 230, 240)),
        "activities-outside-iran",
        "A rally near the Capitol in support of the Iranian people.",
    ),
    (
        "Young people with flags in London",
        1400,
        1400,
        ((30, 90, 140), (250, 200, 120)),
        "iranian-assemblies",
        "Young members of the diaspora at Trafalgar Square.",
    ),
    (
        "Summit broadcast studio",
        1280,
        720,
        ((25, 25, 35), (90, 60, 40)),
        "free-iran-world-summit",
        "The studio from which the summit was broadcast.",
    ),
]

# (title, address, poster photo index or None, category slug, description)
VIDEOS = [
    (
        "Opening of the Free Iran World Summit",
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        8,
        "free-iran-world-summit",
        "The opening session of the summit, with speakers from five continents.",
    ),
    (
        "Grand Gathering 2018: highlights",
        "https://vimeo.com/76979871",
        None,
        "grand-gathering-2018-videos",
        "Highlights of the gathering in Villepinte, near Paris.",
    ),
    (
        "Message to the Iranian diaspora",
        "https://youtu.be/aqz-KE-bpKQ",
        1,
        "grand-gathering-2018-videos",
        "A message to Iranians around the world.",
    ),
]

# (title, status, photo indexes, video indexes, category slugs, description)
GALLERIES = [
    (
        "Free Iran 2023: Berlin rally",
        MediaStatus.PUBLISHED,
        [0, 2, 4, 6, 7],
        [0],
        ["free-iran-2023", "media-gallery"],
        "Photos and video of the rally in Berlin in July 2023.",
    ),
    (
        "Grand Gathering 2018 – Videos",
        MediaStatus.PUBLISHED,
        [],
        [1, 2, 0],
        ["grand-gathering-2018-videos", "media-gallery"],
        "Videos of the 2018 gathering near Paris.",
    ),
    (
        "Remembering 1988",
        MediaStatus.PUBLISHED,
        [3, 5, 1],
        [],
        ["1988-massacre", "media-gallery"],
        "A vigil for the victims of the 1988 massacre of political prisoners.",
    ),
    (
        "Free Iran 2024 (in preparation)",
        MediaStatus.DRAFT,
        [8, 1],
        [],
        ["free-iran-2024"],
        "Not published yet: shows that drafts stay hidden.",
    ),
]

FEATURED_POSTS = 40
GALLERY_POSTS = 6
DEMO_MEDIA = len(PHOTOS) + len(VIDEOS) + len(GALLERIES)


def build_demo_media(report, progress=None):
    """Create the demo photos, videos and galleries and attach some to posts (idempotent)."""
    categories = {category.slug: category for category in Category.objects.all()}
    photos = []
    for index, spec in enumerate(PHOTOS):
        photos.append(demo_photo(index, spec, categories, report))
        if progress:
            progress()
    videos = []
    for spec in VIDEOS:
        videos.append(demo_video(spec, photos, categories, report))
        if progress:
            progress()
    galleries = []
    for spec in GALLERIES:
        galleries.append(demo_gallery(spec, photos, videos, categories, report))
        if progress:
            progress()
    attach_to_posts(photos, [g for g in galleries if g.status == MediaStatus.PUBLISHED], report)


def demo_photo(index, spec, categories, report):
    title, width, height, sky, category_slug, caption = spec
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        report.count("images", False)
        return existing
    upload = SimpleUploadedFile(f"{slugify(title)}.jpg", draw_photo(index, width, height, sky))
    image = library.add_image(
        upload,
        title=title,
        alt_text=caption.rstrip("."),
        caption=caption,
        credit="Free Iran photo desk",
        categories=[categories[category_slug]] if category_slug in categories else [],
    )
    report.count("images", True)
    return image


def demo_video(spec, photos, categories, report):
    title, url, poster_index, category_slug, description = spec
    ref = video_urls.parse(url)
    existing = Video.objects.filter(provider=ref.provider, video_id=ref.video_id).first()
    if existing is not None:
        report.count("videos", False)
        return existing
    video = Video(
        title=title,
        description=description,
        poster=photos[poster_index] if poster_index is not None else None,
    )
    library.set_embed(video, ref, url)
    video.save()
    if category_slug in categories:
        video.categories.set([categories[category_slug]])
    report.count("videos", True)
    return video


@transaction.atomic
def demo_gallery(spec, photos, videos, categories, report):
    title, status, photo_indexes, video_indexes, category_slugs, description = spec
    slug = slugify(title)
    existing = Gallery.objects.filter(slug=slug).first()
    if existing is not None:
        report.count("galleries", False)
        return existing
    gallery = Gallery.objects.create(title=title, slug=slug, status=status, description=description)
    gallery.categories.set([categories[s] for s in category_slugs if s in categories])
    media = [{"image": photos[i]} for i in photo_indexes] + [
        {"video": videos[i]} for i in video_indexes
    ]
    GalleryItem.objects.bulk_create(
        GalleryItem(gallery=gallery, sort_order=10 * (position + 1), **item)
        for position, item in enumerate(media)
    )
    report.count("galleries", True)
    return gallery


def attach_to_posts(photos, galleries, report):
    """Featured images on the newest published posts, and galleries below a few of them."""
    newest = list(Post.objects.published().posts().newest_first()[:FEATURED_POSTS])
    for index, post in enumerate(newest):
        changed = []
        if post.featured_image_id is None:
            post.featured_image = photos[index % len(photos)]
            changed.append("featured_image")
        if index < GALLERY_POSTS and post.gallery_id is None and galleries:
            post.gallery = galleries[index % len(galleries)]
            changed.append("gallery")
        if changed:
            Post.objects.filter(pk=post.pk).update(
                **{name: getattr(post, name) for name in changed}
            )
        report.count("posts with media", bool(changed))


def draw_photo(seed, width, height, sky):
    """A JPEG of a crowd under a sky, with flags: recognisably a rally, drawn from ``seed``."""
    rng = random.Random(seed)
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = sky
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    ground = int(height * 0.62)
    draw.rectangle([0, ground, width, height], fill=(40, 38, 45))
    unit = max(width, height) / 100
    for _ in range(int(width / unit * 3)):
        x = rng.uniform(0, width)
        y = rng.uniform(ground - 6 * unit, height)
        radius = unit * rng.uniform(1.2, 2.2) * (0.6 + y / height)
        shade = rng.randint(15, 70)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius], fill=(shade, shade, shade + 8)
        )
        draw.rectangle(
            [x - radius, y + radius * 0.8, x + radius, y + radius * 4],
            fill=(shade, shade, shade + 8),
        )
    for _ in range(rng.randint(3, 7)):
        x, y = rng.uniform(0.05, 0.9) * width, rng.uniform(0.25, 0.55) * height
        flag_width, flag_height = 9 * unit, 6 * unit
        draw.line([(x, y), (x, ground)], fill=(200, 200, 200), width=max(2, int(unit / 3)))
        for stripe, colour in enumerate([(35, 159, 64), (255, 255, 255), (218, 0, 0)]):
            band = flag_height / 3
            draw.rectangle(
                [x, y + stripe * band, x + flag_width, y + (stripe + 1) * band], fill=colour
            )
    font = ImageFont.load_default(size=max(16, int(unit * 2.5)))
    draw.text((unit * 3, height - unit * 6), "FREE IRAN", font=font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()

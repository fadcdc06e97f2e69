"""The demo site: the old site's 32 categories, a few hundred posts, some pages.

Everything is derived from a fixed random seed and fixed dates, and looked
up by slug before it is created, so running it twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from .models import Category, Post
from .slugs import TITLE_SLUG_LENGTH, title_slug, unique_slug

# (name, parent name); the 32 category names of the site we replace, with
# the event categories under the series they belong to.
CATEGORIES = [
    ("Annual Grand Gathering", None),
    ("Grand Gathering 2016", "Annual Grand Gathering"),
    ("Grand Gathering 2017", "Annual Grand Gathering"),
    ("Grand Gathering 2018", "Annual Grand Gathering"),
    ("Grand Gathering 2018- Videos", "Grand Gathering 2018"),
    ("Grand Gathering 2019", "Annual Grand Gathering"),
    ("Grand Gathering 2020", "Annual Grand Gathering"),
    ("Free Iran World Summit", None),
    ("The Free Iran World Summit 2019", "Free Iran World Summit"),
    ("Free Iran 2020 Global Summit", "Free Iran World Summit"),
    ("Free Iran World Summit 2021", "Free Iran World Summit"),
    ("Free Iran 2021", "Free Iran World Summit"),
    ("Free Iran 2022", "Free Iran World Summit"),
    ("Free Iran World Summit 2023", "Free Iran World Summit"),
    ("Free Iran 2023", "Free Iran World Summit"),
    ("Free Iran 2024 World Summit", "Free Iran World Summit"),
    ("Free Iran 2024", "Free Iran World Summit"),
    ("Human Rights", None),
    ("1988 Massacre", "Human Rights"),
    ("Death Commissions", "1988 Massacre"),
    ("Iranian Resistance", None),
    ("National Council of Resistance of Iran (NCRI)", "Iranian Resistance"),
    ("People's Mojahedin Organization of Iran(PMOI/MEK)", "Iranian Resistance"),
    ("Maryam Rajavi", "Iranian Resistance"),
    ("Resistance Activities Inside Iran", "Iranian Resistance"),
    ("Activities Outside Iran", "Iranian Resistance"),
    ("Iranian Assemblies", "Activities Outside Iran"),
    ("International Supports", "Iranian Resistance"),
    ("Iran Protests", None),
    ("Iran Revolution", None),
    ("Socio - Economic Crisis", None),
    ("Media Gallery", None),
]

# Event categories and the year their posts are dated in.
EVENT_YEARS = {
    "Grand Gathering 2016": 2016,
    "Grand Gathering 2017": 2017,
    "Grand Gathering 2018": 2018,
    "Grand Gathering 2018- Videos": 2018,
    "Grand Gathering 2019": 2019,
    "The Free Iran World Summit 2019": 2019,
    "Grand Gathering 2020": 2020,
    "Free Iran 2020 Global Summit": 2020,
    "Free Iran World Summit 2021": 2021,
    "Free Iran 2021": 2021,
    "Free Iran 2022": 2022,
    "Free Iran World Summit 2023": 2023,
    "Free Iran 2023": 2023,
    "Free Iran 2024 World Summit": 2024,
    "Free Iran 2024": 2024,
}

SPEAKERS = [
    "Rudy Giuliani",
    "John Bolton",
    "Tom Ridge",
    "Newt Gingrich",
    "Ed Rendell",
    "Joseph Lieberman",
    "Maryam Rajavi",
    "Linda Chavez",
    "Ingrid Betancourt",
    "Struan Stevenson",
    "Bob Torricelli",
    "Michael Mukasey",
]

THEMES = [
    "the regime must go",
    "a democratic alternative is ready",
    "stop the appeasement policy",
    "justice for the victims of 1988",
    "women lead the uprising",
    "the people of Iran will be free",
    "recognise the right to resist",
    "end the executions in Iran",
    "support the resistance units",
    "a free Iran is within reach",
    "accountability for the death commissions",
    "solidarity with the protesters",
]

HEADLINE_FORMS = [
    "{speaker}: {theme}",
    "{speaker} at {event}: {theme}",
    "{event}: {speaker} says {theme}",
]

SENTENCES = [
    "Thousands of Iranians from across the world gathered to call for freedom and democracy in Iran.",
    "Speakers from Europe, the United States and the Middle East addressed the gathering.",
    "The regime in Tehran tried to pressure foreign governments to prevent the event.",
    "Participants held pictures of political prisoners executed in the summer of 1988.",
    "The National Council of Resistance of Iran (NCRI) presented its ten-point plan for a free Iran.",
    "Protests over the economic crisis have spread to dozens of cities across the country.",
    "Human rights organisations have documented a sharp rise in executions this year.",
    "The speaker urged Western governments to end the policy of appeasement.",
    "Young people inside Iran are demanding accountability for decades of repression.",
    "Women have been at the forefront of every uprising since 2017.",
    "Resistance units have carried out activities in Tehran and other cities.",
    "The people of Iran have shown the courage to rise up against the dictatorship.",
    "The MEK/PMOI has been a decisive force in exposing the regime's nuclear programme.",
    "Parliamentarians from many countries signed a statement in support of the Iranian people.",
    "The regime's media reported on the gathering more than a thousand times.",
    "Inflation and unemployment have pushed millions of families into poverty.",
    "The death commissions sent thousands of prisoners to the gallows within weeks.",
    "Survivors of the massacre gave testimony about what they witnessed in Evin and Gohardasht.",
    "Supporters in Paris, Berlin, London and Washington held rallies on the same day.",
    "The international community must recognise the Iranian people's right to resist.",
    "Organisers said the event was followed online by viewers in more than a hundred countries.",
    "The regime's leaders fear a population that no longer believes their promises.",
    "Witnesses described security forces firing on peaceful demonstrators.",
    "A free Iran will be a non-nuclear republic with equal rights for women and men.",
]

QUOTES = [
    "The regime is evil and it must go. Free Iran.",
    "You can never suppress a people, you can never enslave a people forever.",
    "The only practical goal is to support a movement that could free Iran.",
    "We want a free Iran, and we will not stop until it is free.",
    "Change is near, and the people of Iran will bring it about themselves.",
]

TAGS = [
    "Paris",
    "Berlin",
    "Washington",
    "Ashraf",
    "Albania",
    "executions",
    "women's rights",
    "political prisoners",
    "uprising",
    "sanctions",
    "JCPOA",
    "Ebrahim Raisi",
    "Khamenei",
    "resistance units",
    "diaspora",
    "Europe",
    "United Nations",
    "testimony",
    "youth",
    "economy",
]

PERSIAN_TITLES = [
    "گردهمایی سالانه ایرانیان آزاده",
    "قتل عام زندانیان سیاسی در سال ۱۳۶۷",
    "زنان ایران در صف مقدم قیام",
    "کانون‌های شورشی در شهرهای ایران",
    "حمایت بین‌المللی از مقاومت ایران",
    "بحران اقتصادی و اعتراضات سراسری",
    "پیام مریم رجوی به گردهمایی ایران آزاد",
    "دادخواهی برای قربانیان کمیسیون‌های مرگ",
    "تظاهرات ایرانیان در پاریس و برلین",
    "نقض سیستماتیک حقوق بشر در ایران",
    "جوانان ایران خواستار تغییر هستند",
    "اعدام‌ها در ایران باید متوقف شود",
]

PERSIAN_SENTENCES = [
    "مقاومت ایران برای آزادی و دموکراسی مبارزه می‌کند.",
    "هزاران ایرانی از سراسر جهان در این گردهمایی شرکت کردند.",
    "مردم ایران خواهان تغییر رژیم و برقراری یک جمهوری دموکراتیک هستند.",
    "قتل عام زندانیان سیاسی در تابستان ۱۳۶۷ هرگز فراموش نمی‌شود.",
    "زنان ایران در صف مقدم قیام‌ها قرار دارند.",
    "کانون‌های شورشی در شهرهای مختلف کشور فعال هستند.",
    "حقوق بشر در ایران به طور سیستماتیک نقض می‌شود.",
    "جامعه بین‌المللی باید از خواست مردم ایران حمایت کند.",
    "گرانی و بیکاری میلیون‌ها خانواده را به فقر کشانده است.",
    "سخنرانان از کشورهای مختلف از برنامه ده ماده‌ای حمایت کردند.",
]

# (title, parent slug, slug, menu order, body)
PAGES = [
    (
        "About us",
        None,
        "about-us",
        1,
        "<p>We report on the Iranian people's struggle for freedom, democracy and equality, "
        "and on the events of the Iranian Resistance around the world.</p>"
        "<p>This site publishes news, speeches, photos and videos from gatherings such as "
        "the Free Iran World Summit.</p>",
    ),
    (
        "Our history",
        "about-us",
        "our-history",
        1,
        "<p>The site began in 2016 to cover the Annual Grand Gathering in Paris and has "
        "grown into an archive of thousands of posts.</p>",
    ),
    (
        "Contact",
        None,
        "contact",
        2,
        '<p>Write to the editors at <a href="mailto:editors@example.org">editors@example.org</a>.</p>',
    ),
    (
        "Privacy policy",
        None,
        "privacy-policy",
        3,
        "<p>We do not track visitors. Videos load from their hosts only when you press play, "
        "and photos are published without location data.</p>",
    ),
]

POSTS = 300
PERSIAN_POSTS = 24
DEMO_POSTS = POSTS + PERSIAN_POSTS
FIRST_DAY = datetime.datetime(2016, 1, 5, 9, 0, tzinfo=datetime.UTC)
LAST_DAY = datetime.datetime(2026, 10, 30, 18, 0, tzinfo=datetime.UTC)
SCHEDULED_AT = datetime.datetime(2030, 7, 1, 10, 0, tzinfo=datetime.UTC)


@dataclass
class DemoReport:
    created: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)

    def count(self, what, created):
        bucket = self.created if created else self.existing
        bucket[what] = bucket.get(what, 0) + 1


@transaction.atomic
def build_demo_site(admin, progress=None):
    """Create the demo content (idempotent) and return what was created and what existed."""
    report = DemoReport()
    rng = random.Random(2017)
    users = demo_authors(admin, report)
    categories = demo_categories(report)
    for spec in post_specs(rng, categories, users):
        create_post(spec, report)
        if progress:
            progress()
    for title, parent_slug, slug, order, body in PAGES:
        create_page(title, parent_slug, slug, order, body, admin, report)
    return report


def demo_authors(admin, report):
    User = get_user_model()
    authors = [admin]
    for username, first, last in [("newsroom", "News", "Desk"), ("reporter", "Sara", "Ahmadi")]:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save()
        report.count("users", created)
        authors.append(user)
    return authors


def demo_categories(report):
    by_name = {}
    for name, parent in CATEGORIES:
        category, created = Category.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "parent": by_name.get(parent)},
        )
        report.count("categories", created)
        by_name[name] = category
    return by_name


def post_specs(rng, categories, users):
    """Deterministic post data: headline, dates, categories, tags, status."""
    events = list(EVENT_YEARS)
    topical = [name for name in categories if name not in EVENT_YEARS]
    seen = set()
    for index in range(POSTS):
        # Most posts report on an event; some are news between events, filed
        # under topics only and dated any time.
        between_events = rng.random() < 0.3
        while True:
            event = rng.choice(events)
            form = HEADLINE_FORMS[0] if between_events else rng.choice(HEADLINE_FORMS)
            title = form.format(speaker=rng.choice(SPEAKERS), theme=rng.choice(THEMES), event=event)
            title = title[0].upper() + title[1:]
            if title not in seen:
                seen.add(title)
                break
        chosen = [categories[rng.choice(topical)] for _ in range(rng.randint(0, 2))]
        if between_events:
            published_at = random_day(rng)
            chosen = chosen or [categories[rng.choice(topical)]]
        else:
            published_at = datetime.datetime(
                EVENT_YEARS[event],
                rng.randint(1, 12),
                rng.randint(1, 28),
                rng.randint(7, 20),
                rng.randint(0, 59),
                tzinfo=datetime.UTC,
            )
            chosen.append(categories[event])
        yield {
            "title": title,
            "body": english_body(rng, title),
            "published_at": published_at,
            "status": demo_status(index),
            "sticky": index == 0,
            "author": users[index % len(users)],
            "categories": set(chosen),
            "tags": rng.sample(TAGS, rng.randint(1, 4)),
            "language": "en",
        }
    for index in range(PERSIAN_POSTS):
        title = PERSIAN_TITLES[index % len(PERSIAN_TITLES)]
        if index >= len(PERSIAN_TITLES):
            title = f"{title} ({index // len(PERSIAN_TITLES) + 1})"
        yield {
            "title": title,
            "body": "".join(
                f"<p>{' '.join(rng.sample(PERSIAN_SENTENCES, 3))}</p>"
                for _ in range(rng.randint(3, 5))
            ),
            "published_at": random_day(rng),
            "status": Post.Status.PUBLISHED,
            "sticky": False,
            "author": users[2],
            "categories": {categories[rng.choice(topical)]},
            "tags": [],
            "language": "fa",
        }


def random_day(rng):
    span = int((LAST_DAY - FIRST_DAY).total_seconds())
    return FIRST_DAY + datetime.timedelta(seconds=rng.randrange(0, span, 60))


def english_body(rng, title):
    paragraphs = [
        " ".join(rng.sample(SENTENCES, rng.randint(3, 5))) for _ in range(rng.randint(3, 6))
    ]
    paragraphs.insert(
        rng.randint(1, len(paragraphs)), f"<blockquote>{rng.choice(QUOTES)}</blockquote>"
    )
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


def demo_status(index):
    """Most posts are published; a few of each other status show the workflow."""
    if index in range(290, 296):
        return Post.Status.DRAFT
    if index in range(296, 298):
        return Post.Status.PENDING
    if index == 298:
        return Post.Status.PRIVATE
    if index == 299:
        return Post.Status.SCHEDULED
    return Post.Status.PUBLISHED


def create_post(spec, report):
    # By title: long titles sharing their first words share a slug's stem.
    if Post.objects.posts().filter(title=spec["title"]).exists():
        report.count("posts", False)
        return
    slug = unique_slug(title_slug(spec["title"], TITLE_SLUG_LENGTH), Post.objects.posts())
    status = spec["status"]
    published_at = SCHEDULED_AT if status == Post.Status.SCHEDULED else spec["published_at"]
    if status in (Post.Status.DRAFT, Post.Status.PENDING):
        published_at = None
    post = Post.objects.create(
        kind=Post.Kind.POST,
        title=spec["title"],
        slug=slug,
        body=spec["body"],
        status=status,
        published_at=published_at,
        sticky=spec["sticky"],
        author=spec["author"],
        language=spec["language"],
    )
    post.categories.set(spec["categories"])
    if spec["tags"]:
        post.tags.set(spec["tags"])
    report.count("posts", True)


def create_page(title, parent_slug, slug, order, body, author, report):
    if Post.objects.pages().filter(slug=slug).exists():
        report.count("pages", False)
        return
    parent = Post.objects.pages().filter(slug=parent_slug).first() if parent_slug else None
    Post.objects.create(
        kind=Post.Kind.PAGE,
        title=title,
        slug=slug,
        parent=parent,
        menu_order=order,
        body=body,
        status=Post.Status.PUBLISHED,
        published_at=FIRST_DAY,
        author=author,
    )
    report.count("pages", True)

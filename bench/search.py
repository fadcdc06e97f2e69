#!/usr/bin/env python
"""Search benchmark: the site's search against two floors, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --sizes 10000 100000 --backends sqlite postgres

For each database and corpus size (made by ../shared/bench/make_corpus.py
under bench/data/, reused when present) it loads the corpus through the
project's models and indexing code into a fresh database, then runs every
query of queries.tsv

- through the site's search function (ranked top 20 plus the count, as the
  result page needs them: the ranked top 20 and the count, and separately
  with the 20 entries loaded and their snippets highlighted),
- through the naive hand-written full-text query with the same semantics
  (PostgreSQL: one stored ``setweight(title,'A') || setweight(body,'B')``
  tsvector with a GIN index, ``ORDER BY ts_rank_cd`` over every match and an
  exact ``count(*)``; SQLite: the (title, body) FTS5 table with ``bm25``
  over every match and an exact count). Both floors are built from the same
  normalised words as the site, so they must find the same posts,
- through a WordPress-style ``LIKE '%word%'`` scan (the first --like queries),
- and over HTTP against a running server (``manage.py runserver``), beside
  the home page of the same site (without a page cache).

It reports medians and p95 (of each query's median over --reps runs), index
build time and size, and whether the site and the FTS floor agree on each
query's matches (the same count, or both above the display threshold).
Results go to stdout and to --out (bench/search.txt by default).
"""

import argparse
import csv
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
CORPUS_SCRIPT = ROOT.parent / "shared" / "bench" / "make_corpus.py"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://freeiran:freeiran@127.0.0.1:5432")
TYPES = {"post": "post", "page": "page", "attachment": "media"}


# ---------------------------------------------------------------- orchestration


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--reps", type=int, default=3, help="runs of each query (median taken)")
    parser.add_argument("--like", type=int, default=8, help="queries also run as a LIKE scan")
    parser.add_argument("--http-reps", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "search.txt")
    parser.add_argument("--reuse", action="store_true", help="reuse a loaded database if present")
    args = parser.parse_args()

    report = [f"# Search benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    report.append(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for size in args.sizes:
        corpus = ensure_corpus(size)
        for backend in args.backends:
            url = database_url(backend, size, fresh=not args.reuse)
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "bench-" + "x9" * 30,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            }
            print(f"== {backend}, {size:,} posts", flush=True)
            prepared = run_inside(env, "prepare", corpus)
            measured = run_inside(
                env, "queries", corpus, "--reps", str(args.reps), "--like", str(args.like)
            )
            http = measure_http(env, measured["http_paths"], args.http_reps)
            report += format_section(backend, size, prepared, measured, http)
            print("\n".join(report[-40:]), flush=True)
    args.out.write_text("\n".join(report) + "\n")
    print(f"\nWritten to {args.out}")


def ensure_corpus(size):
    corpus = DATA / f"corpus-{size // 1000}k"
    if not (corpus / "posts.jsonl").exists():
        if not CORPUS_SCRIPT.exists():
            sys.exit(
                f"../shared/bench/make_corpus.py is absent ({CORPUS_SCRIPT}): the benchmark "
                "makes its corpus with it; clone the repository next to the shared folder "
                "(../shared) to run it"
            )
        subprocess.run(
            [
                sys.executable,
                str(CORPUS_SCRIPT),
                "--posts",
                str(size),
                "--seed",
                "0",
                "--out",
                str(corpus),
            ],
            check=True,
        )
    return corpus


def database_url(backend, size, fresh):
    name = f"freeiran_bench_search_{size // 1000}k"
    if backend == "sqlite":
        path = DATA / f"{name}.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if fresh and exists:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ADMIN_URL}/{name}"


def run_inside(env, step, corpus, *extra):
    """Run a step in a Django process for the database in ``env``; it prints JSON last."""
    result = subprocess.run(
        [sys.executable, __file__, f"_{step}", str(corpus), *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr[-3000:])
    if result.returncode:
        raise SystemExit(f"step {step} failed:\n{result.stdout[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_http(env, paths, reps):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--nothreading",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/robots.txt")
        for _ in range(2):
            timed_get(base + "/")  # warm
        home = [timed_get(base + "/") for _ in range(reps * 10)]
        search_times = []
        for path in paths:
            timed_get(base + path)  # warm
            search_times.append(statistics.median(timed_get(base + path) for _ in range(reps)))
        return {"home": home, "search": search_times}
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def timed_get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return time.perf_counter() - start


def stats(seconds):
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def format_section(backend, size, prepared, measured, http):
    lines = ["", f"## {backend}, {size:,} items in the corpus", ""]
    lines.append(
        f"loaded {prepared['posts']:,} posts and pages in {prepared['load_seconds']:.1f} s; "
        f"search index built in {prepared['index_seconds']:.1f} s "
        f"({prepared['posts'] / prepared['index_seconds']:,.0f} entries/s); "
        f"index size {prepared['index_mb']:.0f} MB (the naive floor's: {prepared['floor_index_mb']:.0f} MB)"
    )
    lines.append("")
    lines.append(f"{'':28}{'median ms':>11}{'p95 ms':>10}")
    rows = [
        ("site search_page (results, count, facets)", measured["site"]),
        ("naive FTS floor", measured["floor"]),
        (f"LIKE scan ({len(measured['like'])} queries)", measured["like"]),
        ("site, same queries as LIKE", measured["site"][: len(measured["like"])]),
        ("HTTP search page", http["search"]),
        ("HTTP home page", http["home"]),
    ]
    for label, values in rows:
        median, p95 = stats(values)
        lines.append(f"{label:28}{median:11.1f}{p95:10.1f}")
    _site_median, site_p95 = stats(measured["site"])
    _, floor_p95 = stats(measured["floor"])
    like_site_median, _ = stats(measured["site"][: len(measured["like"])])
    like_median, _ = stats(measured["like"])
    http_median, _ = stats(http["search"])
    home_median, _ = stats(http["home"])
    lines.append("")
    lines.append(f"site p95 / floor p95: {site_p95 / floor_p95:.2f}")
    lines.append(
        f"LIKE median / site median (same queries): {like_median / like_site_median:,.0f}x"
    )
    lines.append(f"HTTP search median / home median: {http_median / home_median:.2f}")
    lines.append(f"result page queries: {measured['page_queries']}")
    disagreements = [q for q in measured["per_query"] if not q["agree"]]
    lines.append(
        f"site and floor agree on {len(measured['per_query']) - len(disagreements)} of "
        f"{len(measured['per_query'])} queries"
    )
    lines.append("")
    lines.append(
        f"{'query':36}{'mode':6}{'fields':8}{'site ms':>9}{'floor ms':>10}{'site n':>8}{'floor n':>9}"
    )
    for q in measured["per_query"]:
        mark = "" if q["agree"] else "  <- differs"
        lines.append(
            f"{q['query'][:35]:36}{q['mode']:6}{q['fields']:8}{q['site_ms']:9.1f}{q['floor_ms']:10.1f}"
            f"{q['site_count']:>8}{q['floor_count']:>9}{mark}"
        )
    if measured.get("plans"):
        lines.append("")
        lines.append("PostgreSQL plans of the matching step (no filters), as the site runs them:")
        for name, plan in measured["plans"].items():
            lines.append(f"  {name}: {plan}")
    return lines


# ---------------------------------------------------------------- inside Django


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freeiran.settings")
    import django

    django.setup()


def prepare(corpus):
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from django.db import connection

    from posts.models import Post
    from search import indexing

    started = time.perf_counter()
    if not Post.objects.exists():
        load_corpus(corpus)
    loaded = time.perf_counter()
    log(f"loaded in {loaded - started:.1f} s")
    size_before = index_size_mb(connection)
    indexing.rebuild(full=False)
    indexed = time.perf_counter()
    log(f"indexed in {indexed - loaded:.1f} s")
    index_mb = index_size_mb(connection) - size_before
    floor_mb = build_floor(connection)
    log(f"floor built in {time.perf_counter() - indexed:.1f} s")
    return {
        "posts": Post.objects.count(),
        "load_seconds": loaded - started,
        "index_seconds": indexed - loaded,
        "index_mb": index_mb,
        "floor_index_mb": floor_mb,
    }


def log(message):
    print(message, file=sys.stderr, flush=True)


def load_corpus(corpus):
    """Categories, authors, posts, pages and tags from posts.jsonl, in batches."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils.dateparse import parse_datetime
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from posts.html import excerpt_from_html, html_to_text, sanitize_html
    from posts.models import Category, Post

    categories = {}
    for line in (corpus / "categories.jsonl").open():
        row = json.loads(line)
        category = Category(
            name=row["name"], slug=row["slug"], description=row.get("description", "")
        )
        category.parent = categories.get(row["parent"])
        category.save()
        categories[row["slug"]] = category
    User = get_user_model()
    users, tags = {}, {}
    statuses = {
        "publish": "published",
        "future": "scheduled",
        "draft": "draft",
        "private": "private",
    }
    post_type = Post.categories.through
    content_type_id = None
    batch = []

    def flush(batch):
        nonlocal content_type_id
        with transaction.atomic():
            created = Post.objects.bulk_create([post for post, _row in batch])
            post_type.objects.bulk_create(
                [
                    post_type(post_id=post.pk, category_id=categories[slug].pk)
                    for post, row in zip(created, (r for _p, r in batch), strict=True)
                    for slug in row["categories"]
                    if slug in categories and post.kind == "post"
                ]
            )
            names = {name for _p, row in batch for name in row.get("tag_names", [])}
            missing = [n for n in names if n.lower() not in tags]
            Tag.objects.bulk_create(
                [
                    Tag(name=n, slug=slugify(n, allow_unicode=True) or f"tag-{len(tags)}-{i}")
                    for i, n in enumerate(missing)
                ],
                ignore_conflicts=True,
            )
            tags.update({t.name.lower(): t.pk for t in Tag.objects.filter(name__in=missing)})
            if content_type_id is None:
                from django.contrib.contenttypes.models import ContentType

                content_type_id = ContentType.objects.get_for_model(Post).pk
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(
                        tag_id=tags[name.lower()],
                        content_type_id=content_type_id,
                        object_id=post.pk,
                    )
                    for post, row in zip(created, (r for _p, r in batch), strict=True)
                    for name in dict.fromkeys(row.get("tag_names", []))
                    if name.lower() in tags
                ],
                ignore_conflicts=True,
            )

    for line in (corpus / "posts.jsonl").open():
        row = json.loads(line)
        if row["post_type"] not in ("post", "page"):
            continue
        author = users.get(row["author"])
        if author is None:
            author = users[row["author"]] = User.objects.create(username=row["author"])
        body = sanitize_html(row["content_html"])
        slug = urllib.parse.unquote(row["slug"])[:200]
        post = Post(
            wp_id=row["id"],
            kind=row["post_type"],
            title=row["title"],
            slug=slug,
            path=slug,
            body=body,
            excerpt=row.get("excerpt", ""),
            summary=html_to_text(row["excerpt"]) if row.get("excerpt") else excerpt_from_html(body),
            author=author,
            status=statuses.get(row["status"], "draft"),
            published_at=parse_datetime(row["published_at"]),
            language=row.get("lang", "en"),
        )
        batch.append((post, row))
        if len(batch) >= 1000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)


def index_size_mb(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchentry') "
                "+ pg_total_relation_size('search_searchentry_categories') "
                "+ pg_total_relation_size('search_word')"
            )
            return cursor.fetchone()[0] / 2**20
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0] / 2**20


def build_floor(connection):
    """The naive floor's structures, from the same words (so the same matches)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            return 0.0  # the floor queries the FTS5 table itself
        cursor.execute("DROP TABLE IF EXISTS bench_naive")
        cursor.execute(
            """CREATE TABLE bench_naive AS SELECT id,
                setweight(title_vector, 'A') || setweight(body_vector, 'B') AS stemmed,
                setweight(title_exact, 'A') || setweight(body_exact, 'B') AS exact
            FROM search_searchentry"""
        )
        cursor.execute("ALTER TABLE bench_naive ADD PRIMARY KEY (id)")
        cursor.execute("CREATE INDEX bench_naive_stemmed ON bench_naive USING gin (stemmed)")
        cursor.execute("CREATE INDEX bench_naive_exact ON bench_naive USING gin (exact)")
        cursor.execute("VACUUM ANALYZE bench_naive")
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("SELECT pg_total_relation_size('bench_naive')")
        return cursor.fetchone()[0] / 2**20


def queries(corpus, reps, like_count):
    setup_django()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from posts.models import Category
    from search import engine
    from search.engine import SearchRequest
    from search.filters import SearchFilterSet
    from search.models import SearchEntry

    categories = {c.slug: c for c in Category.objects.all()}
    rows = list(csv.DictReader((corpus / "queries.tsv").open(), delimiter="\t"))
    site_times, floor_times, like_times, per_query, http_paths = [], [], [], [], []
    for number, row in enumerate(rows):
        fields = frozenset({"title", "content"} if row["fields"] == "both" else {row["fields"]})
        kinds = [] if row["post_types"] == "*" else [TYPES[t] for t in row["post_types"].split(",")]
        chosen = [] if row["category"] == "*" else [categories[row["category"]]]
        request = SearchRequest(
            text=row["query"],
            exact=row["mode"] == "exact",
            fields=fields,
            filtered=bool(kinds or chosen),
        )
        candidates = SearchEntry.objects.visible()
        if kinds:
            candidates = candidates.filter(kind__in=kinds)
        candidates = candidates.in_categories(chosen)
        params = [("q", row["query"]), ("opts", "1")]
        params += [("exact", "1")] if request.exact else []
        params += [("field", f) for f in sorted(fields)]
        params += [("type", k) for k in kinds] + [("category", c.pk) for c in chosen]
        filterset = SearchFilterSet(
            QueryDict(urllib.parse.urlencode(params)), queryset=SearchEntry.objects.visible()
        )
        assert filterset.is_valid(), filterset.errors

        site_count, site_seconds = repeat(
            lambda f=filterset: engine.search_page(f, 1).results.total, reps
        )
        floor_count, floor_seconds = repeat(
            lambda r=request, c=candidates: floor_search(connection, r, c), reps
        )
        site_times.append(site_seconds)
        floor_times.append(floor_seconds)
        if number < like_count:
            _count, like_seconds = repeat(
                lambda r=request, c=candidates: like_search(connection, r, c), 1
            )
            like_times.append(like_seconds)
        agree = site_count == floor_count or (
            site_count > engine.RESULT_CAP and floor_count > engine.RESULT_CAP
        )
        per_query.append(
            {
                "query": row["query"],
                "mode": row["mode"],
                "fields": row["fields"],
                "site_ms": site_seconds * 1000,
                "floor_ms": floor_seconds * 1000,
                "site_count": site_count,
                "floor_count": floor_count,
                "agree": agree,
            }
        )
        http_paths.append("/search/?" + urllib.parse.urlencode(params))

    from django.test import Client

    client = Client()
    client.get(http_paths[0])
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/?q=iran")
    return {
        "site": site_times,
        "floor": floor_times,
        "like": like_times,
        "per_query": per_query,
        "http_paths": http_paths,
        "page_queries": len(captured.captured_queries),
        "plans": plans(connection) if connection.vendor == "postgresql" else {},
    }


def repeat(function, reps):
    results, seconds = None, []
    for _ in range(reps):
        start = time.perf_counter()
        results = function()
        seconds.append(time.perf_counter() - start)
    return results, statistics.median(seconds)


def floor_search(connection, request, candidates):
    """The naive query: every match ranked, an exact count."""
    query = request.query
    candidate_sql, params = candidates.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = naive_tsquery(query, request.fields)
            column = "exact" if request.exact else "stemmed"
            where = f"n.{column} @@ to_tsquery('simple', %s) AND n.id IN ({candidate_sql})"
            cursor.execute(
                f"SELECT n.id FROM bench_naive n WHERE {where} "
                f"ORDER BY ts_rank_cd(n.{column}, to_tsquery('simple', %s)) DESC LIMIT 20",
                [tsquery, *params, tsquery],
            )
            cursor.fetchall()
            cursor.execute(f"SELECT count(*) FROM bench_naive n WHERE {where}", [tsquery, *params])
            return cursor.fetchone()[0]
        from search.backends.sqlite import COLUMN_WEIGHTS, fts_query, table

        match, name = fts_query(query, request.fields), table(query)
        joined = (
            f"{name} CROSS JOIN search_searchentry e ON e.id = {name}.rowid "
            f"WHERE {name} MATCH %s AND e.id IN ({candidate_sql})"
        )
        cursor.execute(
            f"SELECT e.id FROM {joined} ORDER BY bm25({name}, {COLUMN_WEIGHTS}) LIMIT 20",
            [match, *params],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM {joined}", [match, *params])
        return cursor.fetchone()[0]


def naive_tsquery(query, fields):
    """One tsquery over the combined vector, fields chosen by weight labels."""
    weight = "" if len(fields) == 2 else (":A" if "title" in fields else ":B")

    def term_sql(term):
        inner = " <-> ".join(f"'{word}'{weight}" for word in term.words)
        return f"!({inner})" if term.negated else f"({inner})"

    return " & ".join(term_sql(term) for term in query.matching_terms)


def like_search(connection, request, candidates):
    """WordPress's search: LIKE '%word%' on title and body for every word, newest first."""
    candidate_sql, params = candidates.values("id").query.sql_with_params()
    words = [word for term in request.query.exact_terms if not term.negated for word in term.words]
    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    columns = [c for f, c in (("title", "p.title"), ("content", "p.body")) if f in request.fields]
    clauses = [
        "(" + " OR ".join(f"{column} {operator} %s" for column in columns) + ")" for _word in words
    ]
    like_params = [f"%{word}%" for word in words for _column in columns]
    where = " AND ".join(clauses) or "TRUE"
    sql = (
        f"FROM posts_post p JOIN search_searchentry e ON e.source = 'posts.post' AND e.object_id = p.id "
        f"WHERE {where} AND e.id IN ({candidate_sql})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id {sql} ORDER BY p.published_at DESC LIMIT 20", [*like_params, *params]
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) {sql}", [*like_params, *params])
        return cursor.fetchone()[0]


def plans(connection):
    """EXPLAIN of the matching step as the site runs it (inside the backend's planning)."""
    from search.backends import get_backend
    from search.models import SearchEntry
    from search.query import parse

    backend, explained = get_backend(), {}
    for word in ("iran", "tehran"):
        for name, fields in [
            ("title", {"title"}),
            ("content", {"content"}),
            ("both", {"title", "content"}),
        ]:
            matching = backend.matching(
                SearchEntry.objects.visible(), parse(word), fields=frozenset(fields)
            )
            sql, params = matching.values("pk").query.sql_with_params()
            with backend.planning(), connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
                lines = [row[0].strip() for row in cursor.fetchall()]
            explained[f"{word}, {name}"] = " | ".join(line for line in lines if "Scan" in line)
    return explained


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        step, corpus = sys.argv[1], Path(sys.argv[2])
        if step == "_prepare":
            print(json.dumps(prepare(corpus)))
        elif step == "_queries":
            options = dict(zip(sys.argv[3::2], sys.argv[4::2], strict=True))
            print(json.dumps(queries(corpus, int(options["--reps"]), int(options["--like"]))))
    else:
        main()

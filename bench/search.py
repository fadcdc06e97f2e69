#!/usr/bin/env python
"""Search benchmark: the site's search over HTTP against the shared floor, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --corpus /work/corpus-100k --label 100k

For each database it

1. loads the corpus through the project's own import path into a database
   of its own (``import_wordpress export.wxr``), then times
   ``rebuild_search_index --full`` (entries per second) and measures the
   search index's size (--reuse skips both for a database already loaded);
2. loads the floor with ``../shared/bench/floor_sql.py`` (its own database,
   reused when present) and reads its index size;
3. serves the site with gunicorn (``freeiran/gunicorn.py``, 2 workers, no
   REDIS_URL: no page cache) and runs the 70 queries of queries.tsv through
   the result page, interleaved query by query with the same query on the
   floor (``floor_sql.make_pg_fts``/``make_sqlite_fts``), a warm-up pass then
   --rounds timed passes; medians and p95 of the per-query medians
   (``common.summarize``, as the floor reports them);
4. times live search (``/search/live/``) on the queries typed as far as 3
   and 5 characters and in full;
5. runs ``wrk -c16`` on ``/search/?q=iran`` for --wrk-seconds.

The load average (/proc/loadavg) is recorded before and after each series:
the machine is shared, so figures taken under load say so. The report goes
to --out (bench/search.txt).
"""

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SHARED = ROOT.parent / "shared" / "bench"
if not (SHARED / "floor_sql.py").exists():
    sys.exit(
        f"../shared/bench/floor_sql.py is absent ({SHARED}): the benchmark measures against "
        "its floor; clone the repository next to the shared folder (../shared) to run it"
    )
sys.path.insert(0, str(SHARED))
import floor_sql  # noqa: E402  (the shared floor: ../shared/bench/floor_sql.py)
from common import read_categories, read_queries, summarize  # noqa: E402

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://freeiran:freeiran@127.0.0.1:5432")
TYPES = {"post": "post", "page": "page", "attachment": "media"}
COUNT_RE = re.compile(r'<p class="result-count" role="status">\s*(.*?)\s*(?:<span|</p>)', re.S)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, required=True, help="made by make_corpus.py --wxr")
    parser.add_argument("--label", required=True, help="names the databases, e.g. 10k, 100k")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the queries")
    parser.add_argument("--live-rounds", type=int, default=3)
    parser.add_argument("--wrk-seconds", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep a site database already loaded")
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="load, time the rebuild and compare sizes; serve and time no search",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "search.txt")
    args = parser.parse_args()

    DATA.mkdir(parents=True, exist_ok=True)
    os.environ.update(pg_environment())
    floor_info = load_floor(args.corpus, args.label)
    report = [
        f"# Search benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"machine: {os.cpu_count()} CPUs (shared with other work), Python {sys.version.split()[0]}",
        f"corpus: {args.corpus} ({args.label}); {args.rounds} timed rounds after a warm-up round",
        "site: gunicorn, freeiran/gunicorn.py, GUNICORN_WORKERS=2, no REDIS_URL (no page cache)",
        "load average: 1, 5 and 15 minutes, before -> after each series",
    ]
    for database in args.databases:
        site = Site(database, args.label)
        print(f"== {database}", flush=True)
        build = site.load(args.corpus) if not (args.reuse and site.exists()) else None
        if args.index_only:
            report += format_index(database, args.label, build, site.index_bytes(), floor_info)
        else:
            section = measure(site, database, args, floor_info)
            report += format_section(database, args.label, build, site.index_bytes(), section)
        args.out.write_text("\n".join(report) + "\n")
        print("\n".join(report), flush=True)
    print(f"\nWritten to {args.out}")


def pg_environment():
    """libpq's variables for BENCH_PG_URL: floor_sql.py connects with them."""
    url = urllib.parse.urlsplit(PG_URL)
    return {
        "PGHOST": url.hostname or "127.0.0.1",
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username or "",
        "PGPASSWORD": url.password or "",
    }


def load_floor(corpus, label):
    """Load the floor's databases with floor_sql.py unless present; its build info."""
    out = DATA / f"floor-{label}.json"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "floor_sql.py"),
                "--corpus",
                str(corpus),
                "--label",
                label,
                "--systems",
                "pg-fts,sqlite-fts",
                "--sqlite-dir",
                str(DATA),
                "--rounds",
                "1",
                "--out",
                str(out),
            ],
            check=True,
        )
    return json.loads(out.read_text())["build"]


def children_cpu():
    """CPU seconds of the child processes ended so far (a command and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Site:
    """The site on one database: loading, serving, sizes."""

    def __init__(self, database, label):
        self.database = database
        self.name = f"bench_search_{label}".replace("-", "_")
        self.sqlite_path = DATA / f"{self.name}.sqlite3"
        self.url = (
            f"sqlite:///{self.sqlite_path}" if database == "sqlite" else f"{PG_URL}/{self.name}"
        )
        self.port = free_port()
        self.server = None

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "k3y-" * 15,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "OTP_WEBAUTHN_ALLOWED_ORIGINS": "http://localhost",
            "DJANGO_STATIC_ROOT": str(DATA / "static"),
            "LIVE_SEARCH_RATE": "1000000/m",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_ERROR_LOG": str(DATA / f"gunicorn-{self.database}.log"),
        }

    def manage(self, *args, capture=False):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=capture,
            text=True,
        )

    def exists(self):
        if self.database == "sqlite":
            return self.sqlite_path.exists()
        return self.pg_admin("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])

    def pg_admin(self, sql, params=()):
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            return connection.execute(sql, params).fetchone() if "SELECT" in sql else None

    def load(self, corpus):
        """A fresh database, the corpus imported, then the index rebuilt in full (timed)."""
        if self.database == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)
        else:
            self.pg_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.pg_admin(f'CREATE DATABASE "{self.name}"')
        self.manage("migrate", "-v0")
        started = time.perf_counter()
        self.manage("import_wordpress", str(corpus / "export.wxr"), "-v0")
        imported = time.perf_counter()
        before = loadavg()
        cpu = children_cpu()
        output = self.manage("rebuild_search_index", "--full", capture=True).stdout
        rebuilt = time.perf_counter()
        cpu = children_cpu() - cpu
        entries = sum(int(n) for n in re.findall(r"^\S+\s+\d+\s+\d+\s+\d+\s+(\d+)", output, re.M))
        return {
            "import_seconds": imported - started,
            "rebuild_seconds": rebuilt - imported,
            "rebuild_cpu_seconds": cpu,
            "entries": entries,
            "load": f"{before} -> {loadavg()}",
        }

    def index_bytes(self):
        """What the search app stores: its tables and indexes (FTS5's shadow tables included)."""
        if self.database == "sqlite":
            import sqlite3

            with sqlite3.connect(self.sqlite_path) as connection:
                return connection.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%' "
                    "OR name LIKE 'sqlite_autoindex_search%'"
                ).fetchone()[0]
        import psycopg

        with psycopg.connect(f"{PG_URL}/{self.name}") as connection:
            return connection.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "WHERE c.relkind = 'r' AND c.relname LIKE 'search%'"
            ).fetchone()[0]

    def __enter__(self):
        self.manage("collectstatic", "--noinput", "-v0")
        self.server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                "freeiran/gunicorn.py",
                "freeiran.wsgi",
            ],
            cwd=ROOT,
            env=self.env(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc_info):
        self.server.terminate()
        self.server.wait(timeout=30)

    def get(self, path):
        """(seconds, status, body) of one request, as a visitor's browser makes it."""
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=60) as r:
                body, status = r.read(), r.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        return time.perf_counter() - started, status, body


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def result_path(query, categories):
    """The result page's address for a row of queries.tsv, as the form sends it."""
    params = [("q", query["query"]), ("opts", "1")]
    if query["mode"] == "exact":
        params.append(("exact", "1"))
    fields = ["title", "content"] if query["fields"] == "both" else [query["fields"]]
    params += [("field", field) for field in fields]
    params += [("type", TYPES[kind]) for kind in query["post_types"] or []]
    if query["category"]:
        params.append(("category", categories[query["category"]]))
    return "/search/?" + urllib.parse.urlencode(params)


def measure(site, database, args, floor_info):
    queries = read_queries(str(args.corpus))
    floor_system = "pg-fts" if database == "postgres" else "sqlite-fts"
    floor_run, floor_close = floor_runner(floor_system, args.corpus, args.label)
    section = {"floor_system": floor_system, "floor_info": floor_info}
    with site:
        categories = dict(site_categories(site))
        paths = [result_path(query, categories) for query in queries]
        section["search_load"] = loadavg()
        site_runs = [[] for _ in queries]
        floor_runs = [[] for _ in queries]
        statuses, shown, floor_counts = {}, {}, {}
        for round_number in range(args.rounds + 1):
            for index, (query, path) in enumerate(zip(queries, paths, strict=True)):
                seconds, status, body = site.get(path)
                _ids, count, top, counting = floor_run(query)
                if round_number:  # the first round warms both up
                    site_runs[index].append(seconds)
                    floor_runs[index].append(top + counting)
                statuses[index], floor_counts[index] = status, count
                shown[index] = shown_count(body)
        section["search_load"] += f" -> {loadavg()}"
        section["site"] = summarize(site_runs)
        section["floor"] = summarize(floor_runs)
        section["per_query"] = [
            {
                "query": query["query"],
                "mode": query["mode"],
                "fields": query["fields"],
                "filters": filters_of(query),
                "site_ms": 1000 * statistics.median(site_runs[index]),
                "floor_ms": 1000 * statistics.median(floor_runs[index]),
                "status": statuses[index],
                "site_count": shown[index],
                "floor_count": floor_counts[index],
            }
            for index, query in enumerate(queries)
        ]
        section["live_load"] = loadavg()
        live_runs = [[] for _ in live_texts(queries)]
        for round_number in range(args.live_rounds + 1):
            for index, text in enumerate(live_texts(queries)):
                seconds, _status, _body = site.get(
                    "/search/live/?" + urllib.parse.urlencode({"q": text})
                )
                if round_number:
                    live_runs[index].append(seconds)
        section["live_load"] += f" -> {loadavg()}"
        section["live"] = summarize(live_runs)
        section["live_count"] = len(live_runs)
        section["wrk_load"] = loadavg()
        section["wrk"] = wrk(site, "/search/?q=iran", args.wrk_seconds)
        section["wrk_load"] += f" -> {loadavg()}"
    floor_close()
    return section


def floor_runner(system, corpus, label):
    """floor_sql.py's query function for ``system`` on its loaded database."""
    categories = read_categories(str(corpus))
    ids = {c["slug"]: c["id"] for c in categories}
    cat_ids = {
        slug: [ids[d] for d in descendants]
        for slug, descendants in floor_sql.descendants(categories).items()
    }
    dbname = f"floor_{label}".replace("-", "_")
    if system == "pg-fts":
        connection = floor_sql.pg_connect(dbname)
        return floor_sql.make_pg_fts(connection, cat_ids), connection.close
    connection = floor_sql.sqlite_connect(str(DATA / f"{dbname}.sqlite3"))
    return floor_sql.make_sqlite_fts(connection, cat_ids), connection.close


def site_categories(site):
    """(slug, pk) of the site's categories, as the form's checkboxes name them."""
    code = (
        "from posts.models import Category; import json; "
        "print(json.dumps(list(Category.objects.values_list('slug', 'pk'))))"
    )
    output = site.manage("shell", "-c", code, capture=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def filters_of(query):
    parts = []
    if query["post_types"]:
        parts.append(",".join(query["post_types"]))
    if query["category"]:
        parts.append(query["category"])
    return "; ".join(parts) or "-"


def shown_count(body):
    match = COUNT_RE.search(body.decode("utf-8", "replace"))
    if not match:
        return "?"
    text = re.sub(r"\s+", " ", match.group(1))
    if text.startswith("More than"):
        return "1000+"
    number = re.match(r"([\d,]+) result", text)
    return number.group(1).replace(",", "") if number else "0"


def live_texts(queries):
    """The queries as typed: cut at 3 and 5 characters, and whole (each text once)."""
    texts = {}
    for query in queries:
        for length in (3, 5, len(query["query"])):
            text = query["query"][:length].strip()
            if text:
                texts.setdefault(text, None)
    return list(texts)


def wrk(site, path, seconds):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            f"http://127.0.0.1:{site.port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = re.search(r"50%\s+(\S+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": rate,
        "median_latency": latency.group(1) if latency else "?",
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def floor_index_bytes(database, floor_info):
    if database == "postgres":
        return floor_info["pg"]["tsvector_column_bytes"] + floor_info["pg"]["gin_index_bytes"]
    return floor_info["sqlite"]["fts_index_bytes"]


def build_line(build):
    return (
        f"import_wordpress: {build['import_seconds']:.0f} s; rebuild_search_index --full: "
        f"{build['entries']:,} entries in {build['rebuild_seconds']:.1f} s = "
        f"{build['entries'] / build['rebuild_seconds']:,.0f} entries/s, "
        f"{build['rebuild_cpu_seconds']:.1f} CPU s (load {build['load']})"
    )


def format_index(database, label, build, index_bytes, floor_info):
    """The loading and size part of a section (--index-only)."""
    floor_bytes = floor_index_bytes(database, floor_info)
    ratio = index_bytes / floor_bytes
    lines = ["", f"## {database}, {label} (index only)", ""]
    if build:
        rate = build["entries"] / build["rebuild_seconds"]
        lines.append(build_line(build))
        lines.append(f"rebuild {rate:,.0f} entries/s (target >= 2,000: {verdict(rate >= 2000)})")
    lines.append(
        f"index size: {index_bytes / 2**20:,.1f} MB; floor "
        f"({'pg-fts' if database == 'postgres' else 'sqlite-fts'}) {floor_bytes / 2**20:,.1f} MB; "
        f"ratio {ratio:.2f} (target <= 1.5: {verdict(ratio <= 1.5)})"
    )
    return lines


def verdict(met):
    return "met" if met else "MISSED"


def format_section(database, label, build, index_bytes, section):
    floor_bytes = floor_index_bytes(database, section["floor_info"])
    site, floor = section["site"], section["floor"]
    lines = ["", f"## {database}, {label}", ""]
    if build:
        lines.append(build_line(build))
    lines.append(
        f"index size: {index_bytes / 2**20:,.0f} MB; floor ({section['floor_system']}) "
        f"{floor_bytes / 2**20:,.0f} MB; ratio {index_bytes / floor_bytes:.2f}"
    )
    lines.append("")
    lines.append(f"{'':44}{'median ms':>11}{'p95 ms':>10}   load")
    lines.append(
        f"{'site, result page over HTTP (70 queries)':44}{site['median_ms']:11.1f}"
        f"{site['p95_ms']:10.1f}   {section['search_load']}"
    )
    lines.append(
        f"{'floor ' + section['floor_system'] + ' (same rounds, interleaved)':44}"
        f"{floor['median_ms']:11.1f}{floor['p95_ms']:10.1f}"
    )
    live = section["live"]
    lines.append(
        f"{f'live search over HTTP ({section["live_count"]} texts)':44}{live['median_ms']:11.1f}"
        f"{live['p95_ms']:10.1f}   {section['live_load']}"
    )
    lines.append("")
    p95_ratio = site["p95_ms"] / floor["p95_ms"]
    median_ratio = site["median_ms"] / floor["median_ms"]
    p95_target, median_target = (0.5, 1.0) if database == "postgres" else (1.0, 3.0)
    lines.append(
        f"site/floor: p95 {p95_ratio:.2f} (target <= {p95_target}: "
        f"{'met' if p95_ratio <= p95_target else 'MISSED'}), median {median_ratio:.2f} "
        f"(target <= {median_target}: {'met' if median_ratio <= median_target else 'MISSED'})"
    )
    lines.append(
        f"live search p95 {live['p95_ms']:.1f} ms (target <= 50: "
        f"{'met' if live['p95_ms'] <= 50 else 'MISSED'})"
    )
    result = section["wrk"]
    lines.append(
        f"wrk -c16 /search/?q=iran: {result['requests_per_second']:.1f} req/s, median "
        f"{result['median_latency']}, non-2xx {result['non_2xx']} (target >= 40: "
        f"{'met' if result['requests_per_second'] >= 40 else 'MISSED'}; load {section['wrk_load']})"
    )
    lines.append(
        f"index size ratio {index_bytes / floor_bytes:.2f} (target <= 1.5: "
        f"{'met' if index_bytes / floor_bytes <= 1.5 else 'MISSED'})"
    )
    lines.append("")
    lines.append(
        f"{'query':32}{'mode':6}{'fields':8}{'filters':24}{'site ms':>9}{'floor ms':>10}"
        f"{'site n':>8}{'floor n':>9}"
    )
    for row in section["per_query"]:
        status = "" if row["status"] == 200 else f"  status {row['status']}"
        lines.append(
            f"{row['query'][:31]:32}{row['mode']:6}{row['fields']:8}{row['filters'][:23]:24}"
            f"{row['site_ms']:9.1f}{row['floor_ms']:10.1f}{row['site_count']:>8}"
            f"{row['floor_count']:>9}{status}"
        )
    return lines


if __name__ == "__main__":
    main()

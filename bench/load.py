#!/usr/bin/env python
"""Load and fault tests against gunicorn + PostgreSQL + Redis on 127.0.0.1.

    .venv/bin/python bench/load.py                 # demo data and the 100k corpus
    .venv/bin/python bench/load.py --datasets demo --seconds 20

For each dataset it starts Redis and gunicorn (production settings, static
files collected), makes a mix of URLs (home, posts, categories, tags, feeds,
searches) and drives it with wrk at concurrency 16, with the page cache on
and off: requests per second, median / p95 / p99 latency and every answer
that was not a 2xx or 3xx. Then two faults, with the cache on:
PostgreSQL stopped for a few seconds in the middle of a run (the site must
answer 503 meanwhile, or serve cached pages, and recover without a restart
of the app servers), and Redis stopped in the middle (pages keep coming,
uncached). Every run is bounded by --seconds; the script stops what it
started. Output: stdout and bench/load.txt.

Needs: wrk and redis-server (apt-get install wrk redis-server), the local
PostgreSQL 15 cluster (pg_ctlcluster, run as root), and for the 100k
dataset the database bench/search.py loads (freeiran_bench_search_100k).
"""

import argparse
import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://freeiran:freeiran@127.0.0.1:5432")
CONCURRENCY = 16
DATASETS = {"demo": "freeiran_load_demo", "100k": "freeiran_bench_search_100k"}

WRK_SCRIPT = """
local urls = {}
for line in io.lines(os.getenv("URLS_FILE")) do urls[#urls + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function request() return wrk.format("GET", urls[math.random(#urls)]) end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      statuses[tostring(status)] = (statuses[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(statuses) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, ' ..
    '"socket_errors": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", nargs="+", default=["demo", "100k"], choices=list(DATASETS))
    parser.add_argument("--seconds", type=int, default=60, help="length of each load run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load.txt")
    args = parser.parse_args()
    for tool in ("wrk", "redis-server", "pg_ctlcluster"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install wrk redis-server postgresql-15)")

    lines = [f"# Load and fault tests, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    lines.append(
        f"machine: {os.cpu_count()} CPUs (wrk shares them with the servers); "
        f"concurrency {CONCURRENCY}; {args.seconds} s per run"
    )
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "load.lua").write_text(WRK_SCRIPT)
        for dataset in args.datasets:
            database = prepare_database(dataset)
            with Stack(scratch, database) as stack:
                urls = stack.write_urls(dataset)
                lines += ["", f"## {dataset} ({urls} distinct URLs)", ""]
                lines.append(
                    f"{'run':34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  answers"
                )
                rates = {}
                for cache in (True, False):
                    stack.restart_app(page_cache=cache)
                    stack.warm()
                    result = stack.load(args.seconds)
                    rates[cache] = result["requests"] / result["seconds"]
                    lines.append(format_row(f"page cache {'on' if cache else 'off'}", result))
                lines.append(
                    f"cache on / off: {rates[True] / rates[False]:.1f}x the requests per second"
                )
                if dataset == args.datasets[0]:
                    lines += ["", "faults:"]
                    for cache in (False, True):
                        stack.restart_app(page_cache=cache)
                        stack.warm()
                        label = f"PostgreSQL down 6 s, cache {'on' if cache else 'off'}"
                        result = stack.load(args.seconds, fault=stack.database_outage)
                        lines.append(format_row(label, result))
                        lines.append(f"  recovered by itself: {stack.healthy()}")
                    result = stack.load(args.seconds, fault=stack.redis_outage)
                    lines.append(format_row("Redis stopped mid-run, cache on", result))
                    lines.append(f"  healthz with Redis gone: {stack.health_body()}")
            print("\n".join(lines), flush=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"\nWritten to {args.out}")


def format_row(label, result):
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(result["statuses"].items()))
    if result["socket_errors"]:
        answers += f", socket errors: {result['socket_errors']}"
    rate = result["requests"] / result["seconds"]
    return f"{label:34}{rate:9.0f}{result['p50']:9.1f}{result['p95']:9.1f}{result['p99']:9.1f}  {answers}"


def prepare_database(dataset):
    import psycopg

    name = DATASETS[dataset]
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if dataset == "100k" and not exists:
            sys.exit(
                f"{name} is missing: run bench/search.py --sizes 100000 --backends postgres first"
            )
        if dataset == "demo" and not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_URL}/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "1",
        "DEMO_ADMIN_PASSWORD": "load-test-only-1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    if dataset == "demo":
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "-v0"], cwd=ROOT, env=env, check=True
        )
    return url


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """Redis and gunicorn for one database, stopped on exit whatever happens."""

    def __init__(self, scratch, database):
        self.scratch, self.database = scratch, database
        self.redis_port, self.app_port = free_port(), free_port()
        self.redis = self.app = None
        self.base = f"http://127.0.0.1:{self.app_port}"

    def __enter__(self):
        self.start_redis()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env(True),
            check=True,
        )
        return self

    def __exit__(self, *exc):
        for process in (self.app, self.redis):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        ensure_postgres_running()

    def env(self, page_cache):
        return {
            **os.environ,
            "DATABASE_URL": self.database,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "load-" + "k3y-" * 15,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(self.scratch / "static"),
            "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
            "LIVE_SEARCH_RATE": "100000/m",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "GUNICORN_ACCESS_LOG": str(self.scratch / "access.log"),
            "GUNICORN_ERROR_LOG": str(self.scratch / "error.log"),
        }

    def start_redis(self):
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        self.wait(
            lambda: socket.create_connection(("127.0.0.1", self.redis_port), 1).close() is None
        )

    def restart_app(self, page_cache):
        if self.app and self.app.poll() is None:
            self.app.terminate()
            self.app.wait(timeout=30)
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "flushall"], stdout=subprocess.DEVNULL
        )
        self.app = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "freeiran/gunicorn.py", "freeiran.wsgi"],
            cwd=ROOT,
            env=self.env(page_cache),
        )
        self.wait(lambda: self.healthy())

    def wait(self, check, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if check():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("a server did not start")

    def healthy(self):
        try:
            with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def health_body(self):
        try:
            with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                return f"{response.status} {response.read().decode()}"
        except urllib.error.HTTPError as error:
            return f"{error.code} {error.read().decode()}"

    def write_urls(self, dataset):
        """The mix: home pages, posts, categories, tags, feeds and searches, from the data."""
        env = {**self.env(True), "DJANGO_SETTINGS_MODULE": "freeiran.settings"}
        listing = (
            subprocess.run(
                [sys.executable, __file__, "_urls"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()
        )
        (self.scratch / "urls.txt").write_text("\n".join(listing) + "\n")
        return len(listing)

    def warm(self):
        """Visit every URL once, so the cache-on run measures a warm cache."""
        for line in (self.scratch / "urls.txt").read_text().splitlines():
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.base + line, timeout=60).read()

    def load(self, seconds, fault=None):
        command = [
            "wrk",
            "-t2",
            f"-c{CONCURRENCY}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(self.scratch / "load.lua"),
            self.base,
        ]
        env = {**os.environ, "URLS_FILE": str(self.scratch / "urls.txt")}
        run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        if fault:
            time.sleep(seconds / 3)
            fault()
        output, _ = run.communicate(timeout=seconds + 120)
        line = next(line for line in output.splitlines() if line.startswith("RESULT "))
        return json.loads(line.removeprefix("RESULT "))

    def database_outage(self):
        subprocess.run(["pg_ctlcluster", "15", "main", "stop", "-m", "fast"], check=True)
        time.sleep(6)
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)

    def redis_outage(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.redis.wait(timeout=10)


def ensure_postgres_running():
    subprocess.run(["pg_ctlcluster", "15", "main", "start"], stderr=subprocess.DEVNULL)


def urls():
    """Print the URL mix for the database in DATABASE_URL (run inside Django)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from taggit.models import Tag

    from posts.models import Category, Post

    rng = random.Random(0)
    posts = list(
        Post.objects.published().posts().order_by("?").values_list("path", flat=True)[:300]
    )
    categories = list(Category.objects.values_list("path", flat=True))
    tags = list(Tag.objects.order_by("?").values_list("slug", flat=True)[:100])
    words = [
        "iran",
        "resistance",
        "massacre",
        "summit",
        "rajavi",
        "protest",
        "women",
        "tehran",
        "ashraf",
        "free iran",
        "human rights",
        "executions",
        "paris",
        "ncri",
    ]
    mix = ["/", "/page/2/", "/page/3/", "/feed/"]
    mix += [f"/{path}/" for path in posts]
    mix += [f"/category/{path}/" for path in categories]
    mix += [f"/tag/{slug}/" for slug in tags]
    mix += [f"/search/?q={word.replace(' ', '+')}" for word in words]
    rng.shuffle(mix)
    print("\n".join(urllib.parse.quote(url, safe="/?=&+") for url in mix))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_urls":
        urls()
    else:
        main()

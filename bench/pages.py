"""Uncached medians of the public pages through HTTP, on SQLite and PostgreSQL (a script, not a test).

Imports a corpus made by ``../shared/bench/make_corpus.py --posts N --seed 1
--wxr`` into a SQLite file and a PostgreSQL database (``--skip-load`` reuses
them), starts one gunicorn (2 workers, page cache off, no Redis) per
database, and times the pages issue 12 names: home, ``/page/2/``,
``/page/400/``, a top category with children, a child category, a post, a
tag, a year and ``/feed/``. Rounds interleave the databases and the pages,
so machine noise spreads over all of them; the 1-minute load average is
recorded with every round. The last output is committed beside this file.

    .venv/bin/python bench/pages.py --corpus /work/corpus-10k --label 10k

PostgreSQL: BENCH_POSTGRES_URL (default postgres://freeiran:freeiran@127.0.0.1:5432);
the script creates ``freeiran_pages_bench_<label>``.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / "data"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://freeiran:freeiran@127.0.0.1:5432")
# WordPress 6.1 medians at 100k from the side-by-side run (ms).
WORDPRESS_100K = {
    "home": 87.5,
    "page 2": 93.9,
    "page 400": 87.7,
    "top category": 241.6,
    "child category": 99.3,
    "post": 50.5,
    "tag": 74.1,
    "year": 82.3,
    "feed": 360.0,
}
# Prints the addresses of one top category with children, one child, one post.
URLS_SCRIPT = """
from posts.models import Category, Post
top = next(c for c in Category.objects.filter(parent=None).order_by("path") if c.children.exists())
child = top.children.order_by("path").first()
post = Post.objects.published().posts().newest_first().only("path")[500]
print(top.get_absolute_url()); print(child.get_absolute_url()); print(post.get_absolute_url())
"""


def environment(database, port, scratch):
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "pages-bench-" + "k3y-" * 15,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": "https://localhost",  # plain-HTTP origins fail checks
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "DJANGO_PAGE_CACHE": "0",
        "REDIS_URL": "",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(scratch / f"access-{port}.log"),
        "PYTHONUNBUFFERED": "1",
        # Each gunicorn its own control socket: the default path is shared by every gunicorn.
        "GUNICORN_CMD_ARGS": f"--control-socket {scratch / f'gunicorn-{port}.ctl'}",
    }


def postgres(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def databases(label):
    return {
        "sqlite": f"sqlite:///{DATA / f'pages-{label}.sqlite3'}",
        "postgres": f"{POSTGRES}/freeiran_pages_bench_{label}",
    }


def load(kind, url, wxr, label, scratch):
    if kind == "sqlite":
        path = DATA / f"pages-{label}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        postgres(f"DROP DATABASE IF EXISTS freeiran_pages_bench_{label}")
        postgres(f"CREATE DATABASE freeiran_pages_bench_{label}")
    env = environment(url, 0, scratch)
    uploads = scratch / "uploads"
    uploads.mkdir(exist_ok=True)
    for args in (["migrate", "-v0"], ["import_wordpress", str(wxr), "--uploads-dir", str(uploads)]):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    """Milliseconds for one GET, which must answer 200 itself (redirects are not followed)."""
    parts = urllib.parse.urlsplit(url)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def start(url, scratch):
    port = free_port()
    env = environment(url, port, scratch)
    app = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "freeiran/gunicorn.py", "freeiran.wsgi"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            get(base + "/healthz")
            break
        except (OSError, SystemExit):
            time.sleep(0.3)
    found = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", URLS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    found = [word for word in found if word.startswith("/")]  # the shell's banner aside
    pages = {
        "home": "/",
        "page 2": "/page/2/",
        "page 400": "/page/400/",
        "top category": found[0],
        "child category": found[1],
        "post": found[2],
        "tag": "/tag/tehran/",
        "year": "/2015/",
        "feed": "/feed/",
    }
    return app, base, pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "pages.txt")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    lines = []

    def say(line):
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment("sqlite:///:memory:", 0, scratch),
            check=True,
        )
        urls = databases(args.label)
        if not args.skip_load:
            for kind, url in urls.items():
                started = time.monotonic()
                load(kind, url, args.corpus / "export.wxr", args.label, scratch)
                say(f"loaded {kind} in {time.monotonic() - started:.0f} s")
        servers = {kind: start(url, scratch) for kind, url in urls.items()}
        try:
            timings = {(kind, page): [] for kind in urls for page in WORDPRESS_100K}
            loads = []
            for number in range(args.rounds + 1):  # the first round warms up, untimed
                loads.append(os.getloadavg()[0])
                for page in WORDPRESS_100K:
                    for kind, (_app, base, pages) in servers.items():
                        ms = get(base + pages[page])
                        if number:
                            timings[kind, page].append(ms)
        finally:
            for app, _base, _pages in servers.values():
                app.terminate()
                app.wait(timeout=30)
    say(
        f"{args.label}: {args.rounds} interleaved rounds, uncached (page cache off), "
        f"2 gunicorn workers per database, {os.cpu_count()} CPUs"
    )
    say(
        f"load average (1 min) per round: min {min(loads):.2f}, median "
        f"{statistics.median(loads):.2f}, max {max(loads):.2f}"
    )
    say(f"{'page':<16}{'sqlite ms':>11}{'postgres ms':>13}{'WordPress 100k':>16}  path (sqlite)")
    for page, wordpress in WORDPRESS_100K.items():
        sqlite, pg = (statistics.median(timings[kind, page]) for kind in urls)
        say(f"{page:<16}{sqlite:>11.1f}{pg:>13.1f}{wordpress:>16.1f}  {servers['sqlite'][2][page]}")
    args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

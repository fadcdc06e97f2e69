"""Benchmark of `manage.py import_wordpress` on the synthetic corpus (a script, not a test).

For each corpus size it makes (or reuses) ``bench/data/corpus-N/export.wxr`` with
``../shared/bench/make_corpus.py --posts N --seed 0 --wxr``, then imports it into
a fresh SQLite database and a fresh PostgreSQL database, each import in its own
process, and reports posts per second (posts and pages written, over the import
process's whole wall time, start-up included) and that process's peak resident
memory. The import is given an empty ``--uploads-dir``: the corpus's
attachments (~5%) have no files, so every one is looked for, recorded and
reported missing, and the report shows how compactly. The last output is
committed beside this file.

    .venv/bin/python bench/import_wordpress.py [--sizes 10000 100000] [--databases sqlite postgres]
    .venv/bin/python bench/import_wordpress.py --corpus /work/corpus-10k /work/corpus-100k

PostgreSQL: BENCH_POSTGRES_URL (default postgres://freeiran:freeiran@127.0.0.1:5432)
names a server where the role may create databases; the script creates and
drops ``freeiran_import_bench_N``.
"""

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
MAKE_CORPUS = ROOT / ".." / "shared" / "bench" / "make_corpus.py"
RESULTS = ROOT / "bench" / "import_wordpress.txt"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://freeiran:freeiran@127.0.0.1:5432")
TARGET_POSTS_PER_SECOND = 1000
COUNT_SCRIPT = (
    "from posts.models import Post; "
    "print(Post.objects.posts().count() + Post.objects.pages().count())"
)


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def corpus(size, directory=None):
    """The WXR file of a corpus (made here unless ``directory`` holds one) and its posts
    and pages."""
    directory = directory or DATA / f"corpus-{size}"
    wxr = directory / "export.wxr"
    if not wxr.exists():
        if not MAKE_CORPUS.is_file():
            sys.exit(
                f"../shared/bench/make_corpus.py is absent ({MAKE_CORPUS}): the benchmark "
                "makes its corpus with it; clone the repository next to the shared folder "
                "(../shared) to run it"
            )
        print(f"Generating the {size:,}-post corpus…", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(MAKE_CORPUS),
                "--posts",
                str(size),
                "--seed",
                "0",
                "--wxr",
                "--jobs",
                "1",
                "--out",
                str(directory),
            ],
            check=True,
        )
    manifest = json.loads((directory / "manifest.json").read_text())
    return wxr, manifest["counts"]["post"] + manifest["counts"]["page"]


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "PYTHONUNBUFFERED": "1",  # "Import finished." timed when printed
    }


def manage(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=capture,
        text=True,
    )


def postgres(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def fresh_database(kind, size):
    """A new empty database; returns its URL and a function that removes it."""
    if kind == "sqlite":
        path = DATA / f"bench-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    name = f"freeiran_import_bench_{size}"
    postgres(f"DROP DATABASE IF EXISTS {name}")
    postgres(f"CREATE DATABASE {name}")
    return f"{POSTGRES}/{name}", lambda: postgres(f"DROP DATABASE IF EXISTS {name}")


def timed_import(env, wxr, uploads):
    """Wall time (whole process, and up to "Import finished." before the search index
    refresh), peak RSS (MiB) and summary lines on missing media of one import process."""
    started = time.monotonic()
    imported_at = None
    lines = []
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_wordpress",
            str(wxr),
            "--uploads-dir",
            str(uploads),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:
        line = line.rstrip("\n")
        if line == "Import finished.":
            imported_at = time.monotonic()
        if not line.startswith(("Items [", "Search index [")):
            lines.append(line)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    # The command's own CPU time (its worker processes' included, the database server's not).
    cpu = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0 or imported_at is None:
        raise SystemExit(f"import of {wxr} failed")
    start = next(i for i, line in enumerate(lines) if line.startswith("Missing media"))
    listed = list(itertools.takewhile(lambda line: line.startswith("  "), lines[start + 1 :]))
    return (
        elapsed,
        imported_at - started,
        cpu,
        usage.ru_maxrss / 1024,
        lines[start].split(";")[0],
        listed,
    )


def run(kind, size, directory=None):
    wxr, expected = corpus(size, directory)
    url, drop = fresh_database(kind, size)
    try:
        env = environment(url)
        manage(env, "migrate", "--no-input", "-v", "0")
        load_before = loadavg()
        with tempfile.TemporaryDirectory() as uploads:
            elapsed, importing, cpu, peak, missing, listed = timed_import(env, wxr, uploads)
        load = f"{load_before} -> {loadavg()}"
        written = int(
            manage(env, "shell", "-v", "0", "-c", COUNT_SCRIPT, capture=True).stdout.split()[-1]
        )
    finally:
        drop()
    if written != expected:
        raise SystemExit(f"{kind} {size}: expected {expected} posts and pages, found {written}")
    return {
        "database": kind,
        "size": size,
        "posts": written,
        "seconds": elapsed,
        "rate": written / elapsed,
        "import_seconds": importing,
        "import_rate": written / importing,
        "index_seconds": elapsed - importing,
        "cpu_seconds": cpu,
        "load": load,
        "peak_mib": peak,
        "missing": missing,
        "listed": listed,
    }


def report(results, load_before, load_after):
    lines = [
        f"import_wordpress benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared)",
        f"load average (1 min) before and after: {load_before:.2f}, {load_after:.2f} "
        "(other work on the machine slows the figures; each run's load is in its row)",
        "corpus: make_corpus.py --posts N --seed S --wxr (N items: ~93% posts, ~2% pages, ~5% attachments)",
        "posts/s = posts and pages written / wall time of the whole import process (start-up and",
        "  the closing search index refresh included); import posts/s = the same up to",
        '  "Import finished.", before the refresh of the search index; index s = the refresh',
        "--uploads-dir is an empty folder: every attachment's file is missing",
        "",
        f"{'database':<10} {'corpus':>8} {'posts+pages':>12} {'seconds':>8} {'posts/s':>8} "
        f"{'import posts/s':>15} {'index s':>8} {'CPU s':>6} {'peak RSS MiB':>13}  load 1/5/15 min",
    ]
    for r in results:
        lines.append(
            f"{r['database']:<10} {r['size']:>8,} {r['posts']:>12,} {r['seconds']:>8.1f} "
            f"{r['rate']:>8,.0f} {r['import_rate']:>15,.0f} {r['index_seconds']:>8.1f} "
            f"{r['cpu_seconds']:>6.1f} {r['peak_mib']:>13.0f}  {r['load']}"
        )
    lines += [
        "",
        "CPU s: the import process's CPU time (worker processes included, the database",
        "  server's not): a load-independent measure; posts / CPU s is what one idle core gives.",
        "",
    ]
    for r in results:
        lines.append(
            f"{r['database']} {r['size']:,}: {r['missing']}; {len(r['listed'])} paths "
            f"listed, e.g. {r['listed'][0].strip()}"
        )
    lines.append("")
    for kind in sorted({r["database"] for r in results}):
        rows = sorted((r for r in results if r["database"] == kind), key=lambda r: r["size"])
        for label, key in (("import", "import_rate"), ("whole command", "rate")):
            slowest = min(r[key] for r in rows)
            verdict = "meets" if slowest >= TARGET_POSTS_PER_SECOND else "MISSES"
            lines.append(
                f"{kind}: {label}: slowest {slowest:,.0f} posts/s "
                f"({verdict} the {TARGET_POSTS_PER_SECOND:,}/s target)"
            )
        if len(rows) > 1:
            growth = rows[-1]["peak_mib"] / rows[0]["peak_mib"] - 1
            verdict = "within" if abs(growth) <= 0.20 else "OUTSIDE"
            lines.append(
                f"{kind}: peak memory {rows[0]['size']:,} -> {rows[-1]['size']:,}: "
                f"{growth:+.0%} ({verdict} the 20% bound)"
            )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        help="Corpora made by make_corpus.py --wxr (any seed), instead of making them: "
        "their sizes replace --sizes.",
    )
    parser.add_argument("--no-save", action="store_true", help=f"Do not write {RESULTS.name}.")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    results = []
    load_before = os.getloadavg()[0]
    corpora = [
        (json.loads((directory / "manifest.json").read_text())["posts"], directory)
        for directory in args.corpus or []
    ] or [(size, None) for size in args.sizes]
    for size, directory in corpora:
        for kind in args.databases:
            print(f"{kind}, {size:,} items…", flush=True)
            results.append(run(kind, size, directory))
    text = report(results, load_before, os.getloadavg()[0])
    print(text, end="")
    if not args.no_save:
        RESULTS.write_text(text)


if __name__ == "__main__":
    main()

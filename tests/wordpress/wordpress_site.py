"""A throwaway WordPress for the round-trip test: Debian's package, a private MariaDB,
the official importer from ../shared, driven by the PHP scripts in ``wp_php/``."""

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

WORDPRESS_ROOT = Path("/usr/share/wordpress")
IMPORTER = settings.BASE_DIR.parent / "shared" / "wordpress-importer"
SCRIPTS = Path(__file__).parent / "wp_php"


def missing():
    """What this machine lacks to run WordPress (empty when it has everything)."""
    needs = {
        "php (Debian's php-cli, php-mysql)": shutil.which("php"),
        "mariadbd (Debian's mariadb-server)": shutil.which("mariadbd", path="/usr/sbin:/usr/bin"),
        f"{WORDPRESS_ROOT}/wp-settings.php (Debian's wordpress)": (
            WORDPRESS_ROOT / "wp-settings.php"
        ).is_file(),
        f"{IMPORTER}/wordpress-importer.php": (IMPORTER / "wordpress-importer.php").is_file(),
    }
    return [name for name, found in needs.items() if not found]


def skip_without_wordpress():
    """Skip naming what is missing; where FREEIRAN_REQUIRE_WORDPRESS is set (CI), fail."""
    if absent := missing():
        reason = "the WordPress round trip needs " + ", ".join(absent)
        if os.environ.get("FREEIRAN_REQUIRE_WORDPRESS"):
            pytest.fail(reason)
        pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


@contextmanager
def mariadb(directory):
    """A private MariaDB on a socket in ``directory``, without grants, stopped afterwards."""
    data, sock = directory / "data", directory / "mysql.sock"
    subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
         "--skip-test-db", "--auth-root-authentication-method=normal"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [shutil.which("mariadbd", path="/usr/sbin:/usr/bin"), "--no-defaults",
         f"--datadir={data}", f"--socket={sock}", "--skip-networking", "--user=root",
         "--skip-grant-tables", f"--pid-file={directory / 'pid'}",
         f"--log-error={directory / 'error.log'}", "--innodb-buffer-pool-size=16M"],
    )  # fmt: skip
    try:
        wait_for(sock.exists, "MariaDB")
        yield sock
    finally:
        server.terminate()
        server.wait(30)


class WordPress:
    """One WordPress site, installed with its default content, in ``directory``."""

    def __init__(self, directory, socket_path):
        self.content = directory / "wp-content"
        self.content.mkdir(parents=True)
        (self.content / "themes").symlink_to(WORDPRESS_ROOT / "wp-content" / "themes")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Its own database: the SQLite and PostgreSQL runs, and their workers, may share a server.
        database = f"wordpress_{os.getpid()}_{self.port}"
        self.env = {
            **os.environ,
            "WP_DB_NAME": database,
            "WP_DB_SOCKET": str(socket_path),
            "WP_URL": self.url,
            "WP_CONTENT_DIR": str(self.content),
            "WP_ROOT": str(WORDPRESS_ROOT),
            "WP_IMPORTER": str(IMPORTER),
        }
        self.sql(f"CREATE DATABASE {database}")
        self.php("install.php")

    def sql(self, statement):
        subprocess.run(
            ["mariadb", "--no-defaults", "-S", self.env["WP_DB_SOCKET"], "-e", statement],
            check=True,
        )

    def drop(self):
        self.sql(f"DROP DATABASE {self.env['WP_DB_NAME']}")

    def php(self, script, *args):
        done = subprocess.run(
            ["php", str(SCRIPTS / script), *map(str, args)],
            env=self.env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def import_file(self, path):
        return self.php("import.php", path)

    def dump(self):
        site = json.loads(self.php("dump.php"))
        for row in site["items"]:
            row["meta"] = row["meta"] or {}  # PHP's empty array is JSON's []
        return site

    @contextmanager
    def front_end(self):
        """WordPress's pages served by PHP's built-in server."""
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", str(SCRIPTS / "router.php")],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(lambda: port_open(self.port), "PHP's server")
            yield self.url
        finally:
            server.terminate()
            server.wait(30)


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def media_server(media_root):
    """``media_root`` served on loopback under /media/, as the exported addresses say."""
    root = Path(media_root).parent / "served"
    root.mkdir(exist_ok=True)
    (root / "media").symlink_to(media_root)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()

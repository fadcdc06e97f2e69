"""deploy/'s nginx site in front of two gunicorns, as a site with a web server runs.

nginx (Debian's package, run as the current user) gets deploy/nginx-freeiran.conf
with its "site:" values replaced: its port, the two app servers, and the
static and media folders, which the app servers share on local disk. The app
servers run with DJANGO_SERVE_MEDIA=0, so every media file that answers came
from nginx.
"""

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.redis_server import redis_url  # noqa: F401 (a fixture)

from .test_multiserver import BIN, PROJECT, free_port, start, stop, upload_photo, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("app-servers"),  # one set of servers at a time
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share PostgreSQL (run with DATABASE_URL=postgres://…)",
    ),
]

SITE = PROJECT / "deploy" / "nginx-freeiran.conf"
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def nginx_binary():
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


def replace_once(text, old, new):
    """``text`` with ``old`` replaced, which must occur exactly once (the file changed?)."""
    assert text.count(old) == 1, f"{old!r} is not once in {SITE.name}"
    return text.replace(old, new)


def render_site(port, app_servers, static_root, media_root):
    """deploy/nginx-freeiran.conf with its "site:" values for this test."""
    text = SITE.read_text()
    servers = "\n".join(f"    server {address};" for address in app_servers)
    text = replace_once(text, "    server 127.0.0.1:8000;", servers)
    text = replace_once(text, "listen 80;", f"listen 127.0.0.1:{port};")
    text = replace_once(text, "listen [::]:80;  # site: port\n", "")
    text = replace_once(text, "/srv/freeiran/var/static/", f"{static_root}/")
    return replace_once(text, "/srv/freeiran/var/media/", f"{media_root}/")


def main_config(folder, site):
    """What Debian's /etc/nginx/nginx.conf provides, with every path in ``folder``."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Workers run as the user running the test (the directive is ignored unless root).
    return f"""
daemon off;
worker_processes 1;
user {pwd.getpwuid(os.getuid()).pw_name};
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
{temp}
    include {site};
}}
"""


@pytest.fixture
def site(tmp_path, redis_url):  # noqa: F811 (the fixture imported above)
    """nginx's address, in front of two gunicorns sharing static and media folders."""
    nginx = nginx_binary()
    static_root, media_root = tmp_path / "static", tmp_path / "media"
    media_root.mkdir()
    db = connection.settings_dict
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "nginx-" + "k3y-" * 15,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SERVE_MEDIA": "0",
        "DJANGO_PROXY_COUNT": "1",
        "GUNICORN_WORKERS": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env={**os.environ, **env},
        check=True,
    )
    servers, addresses = [], []
    for name in ("a", "b"):
        address = f"127.0.0.1:{free_port()}"
        with (tmp_path / f"gunicorn-{name}.log").open("w") as log:
            servers.append(
                start(
                    [str(BIN / "gunicorn"), "-c", "freeiran/gunicorn.py", "freeiran.wsgi"],
                    log,
                    GUNICORN_BIND=address,
                    **env,
                )
            )
        addresses.append(address)
    folder = tmp_path / "nginx"
    folder.mkdir()
    port = free_port()
    (folder / "freeiran.conf").write_text(render_site(port, addresses, static_root, media_root))
    (folder / "nginx.conf").write_text(main_config(folder, folder / "freeiran.conf"))
    command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with (tmp_path / "nginx.log").open("w") as log:
        servers.append(start(command, log))
    base = f"http://127.0.0.1:{port}"
    for address in addresses:
        wait_until(
            lambda address=address: requests.get(f"http://{address}/healthz", timeout=2).ok,
            f"gunicorn at {address}",
        )
    wait_until(lambda: requests.get(f"{base}/healthz", timeout=2).ok, "nginx")
    yield base, static_root, media_root
    stop(*servers)


def test_health_static_files_and_media_work_through_nginx(site):
    base, static_root, media_root = site
    health = requests.get(f"{base}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "cache": "ok"}

    # Static files: the hashed name for a year, compressed for browsers that take it.
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["admin/css/base.css"]
    response = requests.get(f"{base}/static/{hashed}", timeout=10)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == YEAR_IMMUTABLE
    assert response.headers["Content-Type"] == "text/css"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.content == (static_root / hashed).read_bytes()  # as requests unzipped it
    plain = requests.get(f"{base}/static/admin/css/base.css", timeout=10)
    assert plain.headers["Cache-Control"] == "public, max-age=60"
    folder = requests.get(f"{base}/static/admin/css/", timeout=10)
    assert folder.status_code == 403  # nginx's answer for a folder it may not list
    assert "base.css" not in folder.text

    # Media: uploaded through nginx and one app server, shown on the page of either,
    # served by nginx from the shared folder.
    image = upload_photo(base)
    page = requests.get(f"{base}{image.get_absolute_url()}", timeout=10)
    sources = re.findall(r'src="(/media/[^"]+)"', page.text)
    assert sources == [image.renditions.get(spec="width-1024", format="jpeg").file.url]
    picture = requests.get(f"{base}{sources[0]}", timeout=10)
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/jpeg"
    assert picture.headers["Cache-Control"] == YEAR_IMMUTABLE
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    assert picture.content[:3] == b"\xff\xd8\xff"

    # One range, as the app serves it; several ranges: the whole file.
    part = requests.get(f"{base}{sources[0]}", headers={"Range": "bytes=0-99"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(picture.content)}"
    assert part.content == picture.content[:100]
    several = requests.get(f"{base}{sources[0]}", headers={"Range": "bytes=0-1,5-6"}, timeout=10)
    assert several.status_code == 200
    assert several.content == picture.content
    past = requests.get(f"{base}{sources[0]}", headers={"Range": "bytes=99999999-"}, timeout=10)
    assert past.status_code == 416

    # Nothing else: folders, other types, hidden files, the way out.
    folder = image.file.name.rsplit("/", 1)[0]
    (media_root / "page.html").write_text("<script>alert(1)</script>")
    (media_root / ".hidden.jpg").write_bytes(picture.content)
    for path in [
        "/media/",
        f"/media/{folder}/",
        "/media/page.html",
        "/media/.hidden.jpg",
        "/media/../manage.py",
        "/media/%2e%2e/nginx/nginx.conf",
    ]:
        assert requests.get(f"{base}{path}", timeout=10).status_code in (400, 404), path

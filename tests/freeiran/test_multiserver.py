"""Two gunicorn app servers on loopback share PostgreSQL, Redis and S3-compatible storage.

An editor's change through one server shows on the other at once (the page
cache's tags live in the shared Redis), and an image uploaded through one is
stored on the S3 endpoint (moto in server mode) and served to visitors of
the other. A task worker (``manage.py db_worker``) beside them makes the
renditions and search entries the servers queue, even those queued while
it was down.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult

from media_gallery.models import Image
from tests.factories import PostFactory, UserFactory
from tests.media_gallery import samples

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("app-servers"),  # one set of servers at a time
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share PostgreSQL (run with DATABASE_URL=postgres://…)",
    ),
]

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "freeiran-media"
PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start")


def start(command, log, **env):
    return subprocess.Popen(
        command,
        cwd=PROJECT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(*processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def redis_url(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    with (tmp_path / "redis.log").open("w") as log:
        server = start(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            log,
        )
    url = f"redis://127.0.0.1:{port}/0"
    wait_until(lambda: socket.create_connection(("127.0.0.1", port), 1).close() is None, "Redis")
    yield url
    stop(server)


@pytest.fixture
def s3_endpoint(tmp_path):
    moto = BIN / "moto_server"
    if not moto.exists():
        pytest.skip(f"{moto} is missing (pip install 'moto[server]')")
    port = free_port()
    with (tmp_path / "moto.log").open("w") as log:
        server = start([str(moto), "-H", "127.0.0.1", "-p", str(port)], log)
    endpoint = f"http://127.0.0.1:{port}"
    wait_until(lambda: requests.get(endpoint, timeout=1).status_code < 500, "moto")
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
        f'"Action":"s3:GetObject","Resource":"arn:aws:s3:::{BUCKET}/*"}}]}}',
    )
    yield endpoint, s3
    stop(server)


@pytest.fixture
def server_env(tmp_path, redis_url, s3_endpoint):
    """What the app servers and the task worker run with: the same site."""
    endpoint, _s3 = s3_endpoint
    db = connection.settings_dict
    return {
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "multiserver-" + "k3y-" * 15,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_WORKERS": "2",
        "DJANGO_TASKS_BACKEND": "database",
    }


@pytest.fixture
def app_servers(tmp_path, server_env):
    env = server_env
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env={**os.environ, **env},
        check=True,
    )
    servers, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        with (tmp_path / f"gunicorn-{name}.log").open("w") as log:
            servers.append(
                start(
                    [str(BIN / "gunicorn"), "-c", "freeiran/gunicorn.py", "freeiran.wsgi"],
                    log,
                    GUNICORN_BIND=f"127.0.0.1:{port}",
                    **env,
                )
            )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        wait_until(
            lambda url=url: (
                requests.get(f"{url}/healthz", timeout=2).json()
                == {"database": "ok", "cache": "ok"}
            ),
            f"gunicorn at {url}",
        )
    yield urls
    stop(*servers)


class TaskWorker:
    """``manage.py db_worker`` beside the app servers, under a fixed id as the systemd unit runs it."""

    def __init__(self, env, log_path):
        self.env, self.log_path, self.process = env, log_path, None

    def start(self):
        # Checks skipped as gunicorn skips them: passkeys' check wants the https origin of
        # production, where these servers answer on http://127.0.0.1.
        command = [sys.executable, "manage.py", "db_worker", "--worker-id", "worker-a"]
        options = ["--interval", "0.2", "--no-startup-delay", "--skip-checks"]
        with self.log_path.open("a") as log:
            self.process = start([*command, *options], log, **self.env)

    def kill(self):
        """As the machine's out-of-memory killer or a power cut would: no time to finish."""
        self.process.kill()
        self.process.wait()


@pytest.fixture
def task_worker(tmp_path, server_env):
    worker = TaskWorker(server_env, tmp_path / "worker.log")
    worker.start()
    yield worker
    stop(worker.process)


def renditions_made(image, count, seconds=60):
    """Wait for the worker to make ``count`` renditions of ``image`` and to record its task
    as ended (each rendition commits as it is made, before the task's result)."""
    tasks = DBTaskResult.objects.filter(task_path="media_gallery.tasks.make_renditions")

    def made():
        ended = not tasks.filter(status__in=["READY", "RUNNING"]).exists()
        return ended and image.renditions.count() == count

    wait_until(made, "the renditions", seconds)


def chief():
    """A superuser whose password the app servers can check (they use the real hasher)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user = UserFactory(username="chief", is_staff=True, is_superuser=True)
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()
    return user


def sign_in(base):
    session = requests.Session()
    session.get(f"{base}/admin/login/", timeout=10)
    response = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "username": "chief",
            "password": PASSWORD,
            "next": "/admin/",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/admin/login/"},
        timeout=10,
    )
    assert "sessionid" in session.cookies, response.text[:500]
    return session


def admin_action(session, base, action, pks):
    changelist = f"{base}/admin/posts/post/"
    response = session.post(
        changelist,
        data={
            "action": action,
            "_selected_action": pks,
            "index": "0",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": changelist},
        timeout=10,
    )
    assert response.status_code == 200, response.text[:500]


def test_an_edit_on_one_server_shows_on_the_other_at_once(app_servers):
    a, b = app_servers
    chief()
    public = PostFactory(title="Original headline", slug="original")
    draft = PostFactory(
        title="Embargoed statement", slug="embargoed", status="draft", published_at=None
    )

    assert requests.get(f"{b}/original/").headers["X-Cache"] == "miss"
    cached = requests.get(f"{b}/original/")
    assert cached.headers["X-Cache"] == "hit"
    assert "Original headline" in cached.text
    assert "Embargoed statement" not in requests.get(f"{b}/").text
    assert requests.get(f"{b}/embargoed/").status_code == 404

    editor = sign_in(a)
    admin_action(editor, a, "publish", [draft.pk])
    admin_action(editor, a, "unpublish", [public.pk])

    assert requests.get(f"{b}/embargoed/").status_code == 200
    home = requests.get(f"{b}/")
    assert "Embargoed statement" in home.text
    assert "Original headline" not in home.text
    assert requests.get(f"{b}/original/").status_code == 404


def upload_photo(base):
    """Upload a 1200-pixel photo through the admin of the server at ``base``; return it."""
    chief()
    editor = sign_in(base)
    upload = f"{base}/admin/media_gallery/image/upload/"
    response = editor.post(
        upload,
        data={
            "status": "published",
            "language": "en",
            "credit": "",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
        files={"files": ("rally.jpg", samples.jpeg(1200, 800, seed=3), "image/jpeg")},
        headers={"Referer": upload},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    return Image.objects.get()


def test_an_image_uploaded_through_one_server_is_served_by_the_other(
    app_servers, s3_endpoint, task_worker
):
    a, b = app_servers
    endpoint, s3 = s3_endpoint
    image = upload_photo(a)
    renditions_made(image, 10)  # five sizes of a 1200-pixel photo, in JPEG and WebP
    task = DBTaskResult.objects.get(task_path="media_gallery.tasks.make_renditions")
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["worker-a"])
    stored = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    renditions = {(r.spec, r.format): r.file.name for r in image.renditions.all()}
    assert sorted(stored) == sorted([*renditions.values(), image.file.name])

    page = requests.get(f"{b}{image.get_absolute_url()}")
    assert page.status_code == 200
    sources = re.findall(r'src="([^"]+)"', page.text)
    on_s3 = [source for source in sources if source.startswith(f"{endpoint}/{BUCKET}/")]
    # The <img> fallback: the 1024-pixel JPEG (the WebP sizes are in srcset).
    assert on_s3 == [f"{endpoint}/{BUCKET}/{renditions[('width-1024', 'jpeg')]}"], sources
    picture = requests.get(on_s3[0])
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/jpeg"
    assert picture.content[:3] == b"\xff\xd8\xff"


def test_a_dead_worker_delays_renditions_and_its_restart_makes_them(
    app_servers, s3_endpoint, task_worker
):
    a, b = app_servers
    endpoint, _s3 = s3_endpoint
    task_worker.kill()
    image = upload_photo(a)
    search = f"{b}/search/?q=rally"
    assert image.get_absolute_url() not in requests.get(search).text  # and now cached

    # Queued, not lost; meanwhile visitors see the original.
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # renditions, index
    page = requests.get(f"{b}{image.get_absolute_url()}")
    assert page.status_code == 200
    assert f'src="{endpoint}/{BUCKET}/{image.file.name}"' in page.text

    task_worker.start()
    renditions_made(image, 10)
    wait_until(lambda: image.get_absolute_url() in requests.get(search).text, "the search entry")
    jpeg = image.renditions.get(spec="width-1024", format="jpeg")
    page = requests.get(f"{b}{image.get_absolute_url()}")
    assert f'src="{endpoint}/{BUCKET}/{jpeg.file.name}"' in page.text

"""The task queue: saves queue their renditions and index refreshes in the database, and
``manage.py db_worker`` runs them, retrying a bounded number of times and taking back
what a stopped worker left running.

The worker runs in this process, so these tests commit (``transaction=True``):
it closes and reopens database connections as it goes, as in production.
"""

import datetime
import io
import logging
import signal

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from media_gallery import library, tasks
from media_gallery.models import MediaStatus
from posts.models import Post
from search import indexing
from tests.factories import PostFactory, UserFactory
from tests.media_gallery import samples
from tests.staff import member

pytestmark = pytest.mark.django_db(transaction=True)

RENDITIONS = "media_gallery.tasks.make_renditions"
REFRESH = "search.indexing.refresh"


@pytest.fixture
def queue(settings):
    """The site's production queue: tasks are rows until a worker runs them.

    Objects that earlier tests in this process left pending (their
    transactions were rolled back, so no commit flushed them) are refreshed
    first, with the immediate backend, so that only this test's are queued.
    """
    indexing.flush()
    settings.TASKS = {
        "default": {
            "BACKEND": "freeiran.tasks.RetryingDatabaseBackend",
            "OPTIONS": {"max_attempts": 3, "retry_seconds": 0, "stalled_seconds": 600},
        }
    }
    return settings.TASKS["default"]["OPTIONS"]


@pytest.fixture
def run_worker(queue):
    """``manage.py db_worker --batch``: runs what is queued and ready, then returns its output.

    The command installs its own signal handlers and log levels, as a worker
    process would; they are put back afterwards.
    """
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    levels = [each.level for each in loggers]

    def run(worker_id="worker-1"):
        output = io.StringIO()
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            worker_id=worker_id,
            verbosity=0,
            stdout=output,
        )
        return output.getvalue()

    yield run
    for number, handler in handlers.items():
        signal.signal(number, handler)
    for each, level in zip(loggers, levels, strict=True):
        each.setLevel(level)


def upload(title="Quokka rally", seed=7):
    data = samples.jpeg(640, 480, seed=seed, identifying=False)
    return library.add_image(
        samples.upload(data, "rally.jpg"), title=title, status=MediaStatus.PUBLISHED
    )


def queued(path):
    return DBTaskResult.objects.filter(task_path=path)


def refreshes(label):
    """The objects of each queued index refresh of source ``label``, oldest first."""
    tasks = queued(REFRESH).order_by("enqueued_at")
    return [args[1] for args in (task.args_kwargs["args"] for task in tasks) if args[0] == label]


def found(client, words):
    """The titles of the result page's hits."""
    response = client.get(reverse("search:results"), {"q": words})
    return [entry.title for entry in response.context["results"].entries]


def test_an_upload_is_shown_at_once_and_its_renditions_made_by_the_worker(client, run_worker):
    image = upload()

    assert queued(RENDITIONS).get().args_kwargs == {"args": [image.pk], "kwargs": {}}
    assert image.renditions.count() == 0
    page = client.get(image.get_absolute_url())
    assert page.status_code == 200
    # No rendition yet: the page shows the original itself.
    assert f'src="{image.file.url}"' in page.text
    assert found(client, "quokka") == []

    run_worker()

    assert image.renditions.count() == 6  # three sizes of a 640-pixel photo, JPEG and WebP
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    # The upload's refresh, then one for the six renditions (the thumbnail) together.
    assert refreshes("media_gallery.image") == [[image.pk]] * 2
    page = client.get(image.get_absolute_url())
    assert image.renditions.get(spec="width-300", format="webp").file.url in page.text
    assert found(client, "quokka") == ["Quokka rally"]


def test_a_published_post_is_found_once_the_worker_has_indexed_it(client, run_worker):
    post = PostFactory(title="Quokkas of Tehran", slug="quokkas")

    assert refreshes("posts.post") == [[post.pk]]
    assert client.get("/quokkas/").status_code == 200
    assert found(client, "quokkas") == []

    run_worker()

    assert found(client, "quokkas") == ["Quokkas of Tehran"]


def test_a_task_for_an_object_deleted_since_does_nothing(client, run_worker):
    image = upload()
    post = PostFactory(title="Wombats of Tehran")
    run_worker()
    assert found(client, "wombats") == ["Wombats of Tehran"]
    image_id = image.pk

    post.delete()  # queues the removal of its entry
    image.delete()
    tasks.make_renditions.enqueue(image_id)
    run_worker()

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert list(
        queued(RENDITIONS).order_by("enqueued_at").values_list("return_value", flat=True)
    ) == [
        {"created": 6, "replaced": 0, "removed": 0},
        None,  # the image was gone: nothing done
    ]
    assert found(client, "wombats") == []
    assert not Post.objects.exists()


def test_bulk_work_hands_its_images_over_to_the_worker_at_the_end(run_worker):
    """As the WordPress import does: no task per save, then one per image, in one go."""
    with tasks.renditions_deferred():
        images = [upload(f"Photo {seed}", seed=seed) for seed in range(3)]
    assert not queued(RENDITIONS).exists()
    assert not tasks.runs_in_process()

    tasks.queue_all([image.pk for image in images])

    assert sorted(
        args["args"][0] for args in queued(RENDITIONS).values_list("args_kwargs", flat=True)
    ) == sorted(image.pk for image in images)
    run_worker()
    assert [image.renditions.count() for image in images] == [6, 6, 6]


def test_a_failing_task_is_tried_three_times_then_reported_failed(run_worker):
    image = upload()
    image.file.storage.delete(image.file.name)  # the renditions cannot be made

    run_worker()

    task = queued(RENDITIONS).get()
    assert task.status == TaskResultStatus.FAILED
    assert task.worker_ids == ["worker-1"] * 3
    assert task.exception_class_path == "builtins.FileNotFoundError"
    assert "FileNotFoundError" in task.traceback


def test_a_failed_task_waits_longer_before_each_new_attempt(run_worker, queue):
    queue["retry_seconds"] = 30
    image = upload()
    image.file.storage.delete(image.file.name)
    start = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False):
        run_worker()
        task = queued(RENDITIONS).get()
        # Queued again, with its error kept for the admin; not run again yet.
        assert (task.status, task.run_after, task.worker_ids) == (
            TaskResultStatus.READY,
            start + datetime.timedelta(seconds=30),
            ["worker-1"],
        )
        assert task.exception_class_path == "builtins.FileNotFoundError"
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        run_worker()
        task.refresh_from_db()
        assert task.run_after == start + datetime.timedelta(seconds=90)
        assert len(task.worker_ids) == 2


def left_running(worker_id, started_at=None):
    """The renditions task of a new image, as a worker killed while making them leaves it."""
    image = upload()
    queued(RENDITIONS).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker_id],
        started_at=started_at or timezone.now(),
    )
    return image, queued(RENDITIONS).get()


def test_a_restarted_worker_takes_back_the_task_it_was_running(run_worker):
    image, task = left_running("worker-1")

    run_worker("worker-1")

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-1", "worker-1"]
    assert image.renditions.count() == 6


def test_another_worker_leaves_a_running_task_alone_until_it_has_stalled(run_worker):
    image, task = left_running("worker-1")

    run_worker("worker-2")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert image.renditions.count() == 0

    DBTaskResult.objects.update(started_at=timezone.now() - datetime.timedelta(seconds=601))
    run_worker("worker-2")
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["worker-1", "worker-2"])


def test_a_task_that_kills_its_worker_each_time_ends_failed(run_worker):
    image, task = left_running("worker-1")
    queued(RENDITIONS).update(worker_ids=["worker-1"] * 3)

    output = io.StringIO()
    call_command("db_worker", batch=True, startup_delay=False, worker_id="worker-1", stdout=output)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "freeiran.tasks.WorkerLost"
    assert "Took back 1 tasks a stopped worker left running: 0 queued again, 1 failed" in (
        output.getvalue()
    )
    assert image.renditions.count() == 0


def test_failed_tasks_are_listed_in_the_admin_for_superusers_only(client, run_worker):
    image = upload()
    image.file.storage.delete(image.file.name)
    run_worker()
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")

    call_command("setup_roles", verbosity=0)
    client.force_login(member("Editor", "editor"))
    assert client.get(changelist).status_code == 403

    client.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    response = client.get(changelist, {"status__exact": "FAILED"})
    assert response.status_code == 200
    assert "make_renditions" in response.text
    assert "1 Task Result" in response.text

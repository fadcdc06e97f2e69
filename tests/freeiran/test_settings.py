"""Production settings fail fast when unsafe and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
STRONG_KEY = "prod-" + "k3y-" * 15


def manage(*args, **env):
    """Run manage.py in a fresh interpreter with exactly these DJANGO_* variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 1  # the ImproperlyConfigured traceback
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_refuses_a_weak_secret_key():
    result = manage("check", DJANGO_SECRET_KEY="secret", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 1  # the ImproperlyConfigured traceback
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 1  # the ImproperlyConfigured traceback
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_HTTPS", "maybe", "DJANGO_HTTPS must be 1 or 0"),
        ("DJANGO_CONN_MAX_AGE", "1m", "DJANGO_CONN_MAX_AGE must be a whole number, not '1m'"),
        ("GUNICORN_WORKERS", "four", "GUNICORN_WORKERS must be a whole number, not 'four'"),
        (
            "DJANGO_TASKS_BACKEND",
            "celery",
            "DJANGO_TASKS_BACKEND must be one of database, immediate, not 'celery'",
        ),
    ],
)
def test_a_bad_value_is_refused_with_the_name_of_its_variable(variable, value, message, tmp_path):
    command = ["check"]
    if variable.startswith("GUNICORN_"):
        command = ["shell", "-c", "import freeiran.gunicorn"]
    result = manage(*command, DJANGO_DEBUG="1", DJANGO_VAR_DIR=str(tmp_path), **{variable: value})
    assert result.returncode == 1  # the ImproperlyConfigured traceback
    assert f"ImproperlyConfigured: {message}" in result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"DJANGO_DEBUG": "1"}, "ImmediateBackend"),
        (
            {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "example.org"},
            "RetryingDatabaseBackend",
        ),
        ({"DJANGO_DEBUG": "1", "DJANGO_TASKS_BACKEND": "database"}, "RetryingDatabaseBackend"),
    ],
)
def test_production_queues_tasks_for_the_worker_and_debugging_runs_them_at_once(
    env, backend, tmp_path
):
    show = "from django.tasks import task_backends; print(type(task_backends['default']).__name__)"
    result = manage("shell", "--no-imports", "-c", show, DJANGO_VAR_DIR=str(tmp_path), **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.mark.parametrize("debug", ["1", "true"])
def test_debug_runs_without_configuration(debug, tmp_path):
    result = manage("check", DJANGO_DEBUG=debug, DJANGO_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "development-secret-key").exists()


def test_deploy_check_passes_with_production_values(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="freeiran.example.org",
        DJANGO_HTTPS="1",
        DJANGO_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("redis_url", "expected"), [("", "False"), ("redis://127.0.0.1:6379/0", "True")]
)
def test_the_page_cache_needs_a_shared_cache(tmp_path, redis_url, expected):
    """Local memory is per process: a change in one would not reach the others."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PAGE_CACHE)",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(tmp_path),
        REDIS_URL=redis_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected

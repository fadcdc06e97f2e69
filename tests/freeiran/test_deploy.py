"""deploy/'s files are valid for the programs that read them, on any database.

The whole stack runs in test_nginx.py (PostgreSQL only); these check the
files alone, so a broken edit fails on SQLite too.
"""

import shutil
import subprocess

import pytest

from .test_multiserver import PROJECT
from .test_nginx import main_config, nginx_binary, render_site


def test_the_nginx_site_is_valid(tmp_path):
    nginx = nginx_binary()
    (tmp_path / "static").mkdir()
    (tmp_path / "media").mkdir()
    site = tmp_path / "freeiran.conf"
    site.write_text(
        render_site(
            8080, ["127.0.0.1:8001", "127.0.0.1:8002"], tmp_path / "static", tmp_path / "media"
        )
    )
    (tmp_path / "nginx.conf").write_text(main_config(tmp_path, site))
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


@pytest.mark.parametrize("name", ["freeiran-gunicorn.service", "freeiran-worker.service"])
def test_the_units_are_valid(tmp_path, name):
    """systemd's own check, with the checkout where the unit expects it."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    unit = tmp_path / name
    text = (PROJECT / "deploy" / name).read_text()
    unit.write_text(text.replace("/srv/freeiran", str(PROJECT)))
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert name not in checked.stderr, checked.stderr

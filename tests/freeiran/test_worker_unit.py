"""deploy/freeiran-worker.service is a unit systemd accepts, on any database."""

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def test_the_worker_unit_is_valid(tmp_path):
    """systemd's own check, with the checkout where the unit expects it."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    unit = tmp_path / "freeiran-worker.service"
    text = (PROJECT / "deploy" / "freeiran-worker.service").read_text()
    unit.write_text(text.replace("/srv/freeiran", str(PROJECT)))
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert "freeiran-worker.service" not in checked.stderr, checked.stderr

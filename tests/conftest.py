"""Shared by every test: keep the player's real settings and results out of reach."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini-demo.yaml"


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # it comes before XDG_DATA_HOME: set in the tester's shell, the games and servers the
    # tests start would write into the tester's own results
    monkeypatch.delenv("EQTRAINER_DATA", raising=False)


@pytest.fixture
def read_only_dir():
    """Make a folder read-only for real: by its mode, or (as root, whom modes do not stop)
    by a read-only bind mount; skipped where neither is possible."""
    mounted: list[Path] = []
    changed: list[Path] = []

    def make(path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            path.chmod(0o555)
            changed.append(path)
            return path
        mount = shutil.which("mount")
        done = mount and subprocess.run(
            [mount, "--bind", str(path), str(path)], capture_output=True
        )
        if not done or done.returncode != 0:
            pytest.skip("running as root without a way to make a folder read-only")
        mounted.append(path)
        remount = subprocess.run([mount, "-o", "remount,ro,bind", str(path)], capture_output=True)
        if remount.returncode != 0:
            pytest.skip("running as root without a way to make a folder read-only")
        return path

    yield make
    for path in mounted:
        subprocess.run(["umount", str(path)], capture_output=True)
    for path in changed:
        path.chmod(0o755)


def pytest_addoption(parser):
    parser.addoption(
        "--monkey-all",
        action="store_true",
        help="run every monkey seed (tests/tui/test_monkey.py), not just the first; "
        "EQTRAINER_MONKEY_ALL=1 does the same",
    )

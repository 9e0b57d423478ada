"""Odd things in a scenario folder: no command may hang on them or fall over them.

A FIFO named like a scenario used to hang `validate`, `list`, `replay` and `play` forever in
open(). Each case runs the real command in a subprocess with a time limit."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from eqtrainer.domain.loader import check_library, load_file, load_library

from .conftest import eqtrainer_command

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "mini-demo.yaml"


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*eqtrainer_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang fails the test instead of stalling the suite
        cwd=ROOT,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(GOOD, tmp_path / "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


def test_a_fifo_in_a_folder_is_skipped_with_a_warning_naming_it(folder: Path) -> None:
    result = run("validate", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert (
        f"{folder / 'pipe.yaml'}:1:1: warning EQ120: a named pipe (FIFO), not a file; skipped"
        in out
    )
    strict = run("validate", "--strict", str(folder))
    assert strict.returncode == 1


def test_list_and_library_loading_skip_a_fifo(folder: Path) -> None:
    library = load_library([str(folder)])
    assert [s.id for s in library.scenarios] == ["mini-demo"]
    assert [d.code for d in library.diagnostics] == ["EQ120"]
    result = run("list", str(folder))
    assert result.returncode == 0 and "mini" in result.stdout.lower()


def test_a_fifo_named_directly_is_an_error_not_a_hang(folder: Path) -> None:
    result = run("validate", str(folder / "pipe.yaml"))
    assert result.returncode == 1
    assert "error EQ100: cannot read the file: it is a named pipe (FIFO), not a file" in (
        result.stdout + result.stderr
    )
    replay = run("replay", str(folder / "pipe.yaml"), "--choices", "1")
    assert replay.returncode != 0 and "named pipe" in replay.stdout + replay.stderr


def test_a_symlink_to_a_fifo_a_socket_and_a_device_are_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "real-pipe")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real-pipe")
    (tmp_path / "zero.yml").symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.yaml"))
        results = check_library([str(tmp_path)], jobs=1)
    finally:
        server.close()
    found = {Path(r.path).name: r.diagnostics[0].message for r in results}
    assert found == {
        "link.yaml": "a named pipe (FIFO), not a file; skipped",
        "sock.yaml": "a socket, not a file; skipped",
        "zero.yml": "a character device, not a file; skipped",
    }


def test_a_symlink_loop_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = load_file(str(tmp_path / "a.yaml"))
    assert [str(d) for d in result.diagnostics] == [
        f"{tmp_path / 'a.yaml'}:1:1: error EQ100: cannot read the file: "
        "the symlink points back to itself (a symlink loop)"
    ]


def test_an_unreadable_file_is_a_clear_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.yaml"
    shutil.copy(GOOD, locked)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make open() answer as it does for a user
        real_open = os.open

        def denied(path: str, flags: int, *args: int) -> int:
            if str(path) == str(locked):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args)

        monkeypatch.setattr(os, "open", denied)
    assert [str(d) for d in load_file(str(locked)).diagnostics] == [
        f"{locked}:1:1: error EQ100: cannot read the file: Permission denied"
    ]

"""The installed `eqtrainer` in a real terminal (tmux), driven by keystrokes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
TMUX = shutil.which("tmux")
EQTRAINER = Path(sys.executable).parent / "eqtrainer"

pytestmark = pytest.mark.skipif(
    not TMUX and not os.environ.get("CI"), reason="tmux is not installed"
)


class Terminal:
    def __init__(self, command: list[str], tmp_path: Path, width: int = 80, height: int = 24):
        self.socket = f"eqtrainer-e2e-{uuid.uuid4().hex[:8]}"
        env = dict(
            os.environ,
            TERM="xterm-256color",
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            XDG_CONFIG_HOME=str(tmp_path / "config"),
            XDG_DATA_HOME=str(tmp_path / "data"),
        )
        env.pop("COLORTERM", None)  # as over SSH: 256 colours
        env.pop("TMUX", None)
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            str(width),
            "-y",
            str(height),
            " ".join(command),
            env=env,
        )

    def tmux(self, *args: str, env=None) -> str:
        return subprocess.run(
            [TMUX, "-L", self.socket, *args],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "e2e", key)
            time.sleep(0.15)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [TMUX, "-L", self.socket, "has-session", "-t", "e2e"], capture_output=True
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    opened = []

    def start(*args: str) -> Terminal:
        assert EQTRAINER.exists(), f"eqtrainer is not installed next to {sys.executable}"
        term = Terminal([str(EQTRAINER), *args], tmp_path)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_play_a_scenario_to_the_debrief_by_keystrokes(terminal):
    term = terminal("play", str(FIXTURES / "mini-demo.yaml"))
    shown = term.wait_for("Read the room: What is Dana mostly feeling?")
    assert "Dana Whitfield · VP Sales, sponsor" in shown
    assert "The [b]Mini[/b] Demo" in shown  # markup in the title is shown as typed
    term.press("1")
    term.wait_for("You read it right.")
    term.press("3")
    shown = term.wait_for("Risky")
    assert "Communication" in shown and "Business value" in shown and "EQ" in shown
    term.press("Enter")
    term.wait_for("We cannot build that by Friday.")
    term.press("1")
    term.wait_for("Best")
    term.press("Enter")
    shown = term.wait_for("Debrief")
    assert "ending: Launched on time (good)" in shown
    lines = {line.split()[0]: line for line in shown.splitlines() if line.strip()}
    assert lines["Communication"].rstrip().endswith("60%")
    assert lines["Strategy"].rstrip().endswith("86%")
    assert lines["EQ"].rstrip().endswith("57%")
    assert (
        next(ln for ln in shown.splitlines() if ln.strip().startswith("Business value"))
        .rstrip()
        .endswith("33%")
    )
    term.press("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive(), "q on the debrief should quit the game"


def test_opens_on_the_bundled_library_with_no_arguments(terminal):
    term = terminal()
    shown = term.wait_for("The Friday Demo")
    assert "Filter: all areas" in shown
    from eqtrainer.domain.loader import load_library
    from eqtrainer.library import bundled_scenarios

    bundled = len(load_library([str(bundled_scenarios())]).scenarios)
    assert f"{bundled} scenarios" in shown, shown  # every bundled scenario is listed
    assert "enter play" in shown
    term.press("a")
    shown = term.wait_for("Filter: integration")
    term.press("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive(), "q on the list should quit the game"

"""The installed `eqtrainer` in a real terminal (tmux), driven by keystrokes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from eqtrainer.domain.loader import load_library
from eqtrainer.library import bundled_scenarios
from eqtrainer.tui.text import reflow

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

    def wait_for(self, *texts: str, timeout: float = 20) -> str:
        """The screen once it shows every one of `texts`. A frame reaches tmux in pieces, so
        what a test reads from the screen after this must be among what it waited for."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} never all appeared; the screen shows:\n{self.screen()}")

    def settled(self, condition, timeout: float = 20) -> str:
        """The screen once `condition(screen)` holds, or as it is when the time is up (the
        test's own assertions then say what is wrong)."""
        deadline = time.monotonic() + timeout
        shown = self.screen()
        while not condition(shown) and time.monotonic() < deadline:
            time.sleep(0.2)
            shown = self.screen()
        return shown

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

    def gone(self, timeout: float = 20) -> bool:
        """Wait for the game to end (the session closes with it)."""
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        return not self.alive()

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
    shown = term.wait_for(
        "Read the room: What is Dana mostly feeling?",
        "Dana Whitfield · VP Sales, sponsor",
        "The [b]Mini[/b] Demo",  # markup in the title is shown as typed
    )
    term.press("1")
    term.wait_for("You read it right.")
    term.press("3")
    shown = term.wait_for("Risky", "Communication", "Business value", "EQ")
    term.press("Enter")
    term.wait_for("We cannot build that by Friday.")
    term.press("1")
    term.wait_for("Best")
    term.press("Enter")
    shown = term.wait_for(
        "Debrief", "ending: Launched on time (good)", "Communication", "Strategy", "EQ", "Business"
    )
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
    assert term.gone(), "q on the debrief should quit the game"


def test_opens_on_the_bundled_library_with_no_arguments(terminal):
    term = terminal()
    shown = term.wait_for("The Friday Demo", "Filter: all areas", "enter play")
    shown = term.settled(lambda s: re.search(r"\b\d+ scenarios\b", s) is not None)
    count = re.search(r"\b(\d+) scenarios\b", shown)
    assert count, shown
    assert int(count[1]) == len(load_library([str(bundled_scenarios())]).scenarios)
    term.press("a")
    shown = term.wait_for("Filter: integration")
    term.press("q")
    assert term.gone(), "q on the list should quit the game"


def story_text(shown: str) -> str:
    """The words inside the story's box (the left one), as one line."""
    rows = [ln.split("│")[1] for ln in shown.splitlines() if ln.startswith("│")]
    return " ".join(" ".join(row.rstrip(" ▁▂▃▄▅▆▇█") for row in rows).split())


def test_a_long_scene_reads_to_its_last_line_while_the_choices_show(terminal):
    """Issue 16: in `three-projects` Sofia's closing line was cut off while choosing."""
    scenario = next(
        s for s in load_library([str(bundled_scenarios())]).scenarios if s.id == "three-projects"
    )
    scene = scenario.scenes[scenario.start]
    last = reflow(scene.text).split()[-2:]  # the scene's last words: `You are."`
    right = next(i for i, o in enumerate(scene.read.options, 1) if o.correct)
    term = terminal("play", "three-projects")  # a bundled scenario by its id
    term.wait_for("Read the room")
    term.press(str(right))
    term.wait_for("What do you do?", "PgUp/PgDn story")  # the footer says the story scrolls
    term.press("PageUp", "PageUp", "PageUp")  # back to the start: the end is out of view
    first = reflow(scene.text).split()[:3]
    shown = term.settled(lambda s: "more: PgDn" in s and " ".join(first) in story_text(s))
    assert " ".join(first) in story_text(shown) and " ".join(last) not in story_text(shown)
    term.press("PageDown", "PageDown", "PageDown")
    choices = [f"{n} {choice.text.split()[0]}" for n, choice in enumerate(scene.choices, 1)]
    shown = term.settled(lambda s: " ".join(last) in story_text(s) and all(c in s for c in choices))
    assert " ".join(last) in story_text(shown), shown
    for choice in choices:
        assert choice in shown, shown  # every choice still shows
    term.press("q")
    term.wait_for("Leave this scenario?")  # the question is up before it is answered
    term.press("y")
    term.wait_for("Filter: all areas")

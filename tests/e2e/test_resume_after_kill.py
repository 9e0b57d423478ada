"""A game killed mid-scenario (`kill -9`) loses nothing: the next start offers to resume, and
the rest plays exactly as it would have."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

from .test_tmux import EQTRAINER, FIXTURES, Terminal, pytestmark  # noqa: F401  (skip without tmux)


def game_pid(term: Terminal) -> int:
    """The eqtrainer process in the pane (the pane's shell may have exec'd it or started it)."""
    pane = int(term.tmux("list-panes", "-t", "e2e", "-F", "#{pane_pid}").split()[0])
    candidates = [pane]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pane:
                candidates.append(int(entry.name))
    for pid in reversed(candidates):
        try:
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"eqtrainer" in command:
            return pid
    raise AssertionError(f"no eqtrainer process under pane {pane}")


def test_kill_9_mid_scenario_then_resume_plays_on_exactly(tmp_path):
    data = tmp_path / "data"
    command = [str(EQTRAINER), "play", str(FIXTURES / "mini-demo.yaml"), "--data", str(data)]
    first = Terminal(command, tmp_path)
    try:
        first.wait_for("Read the room: What is Dana mostly feeling?")
        first.press("1")
        first.wait_for("You read it right.")
        first.press("3")
        first.wait_for("Risky")
        first.press("Enter")
        first.wait_for("We cannot build that by Friday.")
        os.kill(game_pid(first), signal.SIGKILL)
        assert first.gone(), "the game should be gone after kill -9"
    finally:
        first.close()

    second = Terminal(command, tmp_path)
    try:
        second.wait_for(
            "unfinished at decision 2", "You left “The [b]Mini[/b] Demo”", "(scene pushback)"
        )
        second.press("r")
        second.wait_for("We cannot build that by Friday.")

        def danas_meter(shown: str) -> str:
            return next((ln for ln in shown.splitlines() if "Dana" in ln and "█" in ln), "")

        shown = second.settled(lambda s: "40" in danas_meter(s))  # a frame arrives in pieces
        assert "40" in danas_meter(shown), shown
        second.press("1")
        second.wait_for("Best")
        second.press("Enter")
        # the same figures as one uninterrupted playthrough of 1, 3, 1 (see test_tmux.py)
        shown = second.wait_for(
            "Debrief", "ending: Launched on time (good)", "Communication", "Strategy", "EQ"
        )
        lines = {line.split()[0]: line for line in shown.splitlines() if line.strip()}
        assert lines["Communication"].rstrip().endswith("60%")
        assert lines["Strategy"].rstrip().endswith("86%")
        assert lines["EQ"].rstrip().endswith("57%")
        second.press("q")
    finally:
        second.close()

    db = sqlite3.connect(data / "results.sqlite3")
    try:
        assert db.execute(
            "SELECT status, ending, decisions, keys FROM playthroughs"
        ).fetchall() == [("finished", "shipped", 2, "1,3,1")]
        assert db.execute(
            "SELECT number, scene, choice FROM decisions ORDER BY number"
        ).fetchall() == [
            (1, "hallway", 3),
            (2, "pushback", 1),
        ]
    finally:
        db.close()

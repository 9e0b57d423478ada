"""Time from process start to the home screen's first frame, against a bare Textual app.

Both run as fresh processes on a real pseudo-terminal (80x24) and exit right after their
first frame is drawn; the baseline is an app with a header, a list of 12 rows and a footer.
The figure is the median of N runs each, alternated so both see the same machine noise.

    python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = {
    "bare": """
from textual.app import App
from textual.widgets import Footer, Header, OptionList

class Bare(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"Scenario {n}" for n in range(12)])
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run()
""",
    "eqtrainer": """
from eqtrainer.library import bundled_scenarios
from eqtrainer.tui import app as game

import os

class FirstFrame(game.EqTrainerApp):
    # leave after the first frame, or (EQ_BENCH_LIST=1) after the frame that shows the list
    def on_mount(self):
        super().on_mount()
        if not os.environ.get("EQ_BENCH_LIST"):
            self.call_after_refresh(self.exit)

    def _loaded(self, library, best):
        super()._loaded(library, best)
        self.call_after_refresh(self.exit)

game.EqTrainerApp = FirstFrame  # make_app builds the real app, which leaves after one frame
game.make_app([str(bundled_scenarios())]).run()
""",
}


def run_once(kind: str, home: str) -> float:
    env = dict(
        os.environ,
        EQ_BENCH_LIST="1" if kind == "eqtrainer-list" else "",
        TERM="xterm-256color",
        XDG_CONFIG_HOME=home,
        XDG_DATA_HOME=home,
        PYTHONPATH=str(ROOT),
        COLUMNS="80",
        LINES="24",
    )
    main, child = pty.openpty()
    os.set_blocking(main, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD[kind.split("-")[0]]],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    deadline = start + 30
    while process.poll() is None:
        if time.perf_counter() > deadline:
            process.kill()
            raise SystemExit(f"{kind} did not exit within 30 s")
        ready, _, _ = select.select([main], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(main, 65536)
    elapsed = time.perf_counter() - start
    os.close(main)
    if process.returncode != 0:
        raise SystemExit(f"{kind} exited with {process.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        run_once("bare", home), run_once("eqtrainer", home)  # warm the file cache
        times = {"bare": [], "eqtrainer": [], "eqtrainer-list": []}
        for _ in range(args.runs):
            for kind in times:
                times[kind].append(run_once(kind, home))
    bare = statistics.median(times["bare"])
    ours = statistics.median(times["eqtrainer"])
    listed = statistics.median(times["eqtrainer-list"])
    print(
        f"bare Textual app (header, list, footer)   median {bare * 1000:5.0f} ms  min {min(times['bare']) * 1000:5.0f} ms"
    )
    print(
        f"eqtrainer home, first frame               median {ours * 1000:5.0f} ms  min {min(times['eqtrainer']) * 1000:5.0f} ms"
    )
    print(
        f"eqtrainer home, 12 scenarios listed       median {listed * 1000:5.0f} ms  min {min(times['eqtrainer-list']) * 1000:5.0f} ms"
    )
    print(
        f"ratio first frame / bare: {ours / bare:.2f} (goal: at most 1.30); list shown / bare: {listed / bare:.2f}"
    )


if __name__ == "__main__":
    main()

"""The progress store: decisions written per second, and `history`/`export` on 100,000 decisions.

Prints, all measured in the same run:
- decisions/s through the store (each decision its own `BEGIN IMMEDIATE` transaction: the
  decision row, and the playthrough's row with its snapshot, WAL, synchronous=NORMAL), as the
  game writes them;
- the baseline: a plain INSERT loop of the same decision rows into a plain SQLite file
  (rollback journal, synchronous=FULL, one commit per row, no snapshot), as the first results
  store wrote; and the same loop in one transaction, the most SQLite can do;
- `eqtrainer history` and `eqtrainer export --format csv|json` on a file of 100,000 decisions
  (20,000 playthroughs of 5 decisions, 50 players), as whole commands (a fresh process, as a
  trainer runs them) and in-process, against the bare read of the same rows.

    python bench/bench_store.py [--decisions 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eqtrainer.domain.engine import Playthrough
from eqtrainer.domain.loader import load_file
from eqtrainer.store.export import write_csv, write_json
from eqtrainer.store.progress import FILE_NAME, Progress

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "friday-demo.yaml"
EQTRAINER = Path(sys.executable).parent / "eqtrainer"


def best(rounds: int, run) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


# -- writing --------------------------------------------------------------------------------
def store_writes(folder: Path, count: int) -> float:
    """Seconds to write `count` decisions through the store, playthrough after playthrough."""
    scenario = load_file(SCENARIO).scenario
    store = Progress.open(folder, player="bench")
    written, seed = 0, 0
    started = time.perf_counter()
    while written < count:
        play = Playthrough(scenario, seed=seed)
        seed += 1
        ident = store.begin(play, "bench")
        while not play.finished and not play.stuck and written < count:
            if play.awaiting_read:
                play.answer_read(0)
            decision = play.choose(random.randrange(len(play.choices)))
            store.decided(ident, play, decision, 1.0)
            written += 1
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


PLAIN = """CREATE TABLE decisions (playthrough INTEGER, number INTEGER, scene TEXT,
    read_answer INTEGER, read_correct INTEGER, choice INTEGER, choice_text TEXT, band TEXT,
    communication REAL, strategy REAL, business_value REAL, eq REAL, seconds REAL,
    decided_at REAL)"""
ROW = (1, 1, "hallway", 1, 1, 2, "Ask what the demo must prove.", "Best", 2.0, 2.0, 1.0, 2.0)


def plain_inserts(folder: Path, count: int, one_transaction: bool = False) -> float:
    path = folder / ("plain-one.sqlite3" if one_transaction else "plain.sqlite3")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(PLAIN)
    started = time.perf_counter()
    if one_transaction:
        db.execute("BEGIN")
    for n in range(count):
        db.execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*ROW[:1], n, *ROW[2:], 1.0, time.time()),
        )
    if one_transaction:
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


# -- a large file ----------------------------------------------------------------------------
def fill(folder: Path, playthroughs: int = 20_000, per: int = 5, players: int = 50) -> None:
    """A results file of playthroughs * per decisions, written in bulk (not timed)."""
    store = Progress.open(folder)
    store.close()
    db = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    rng = random.Random(7)
    now = time.time() - 86400 * 90
    db.execute("BEGIN")
    rows, decisions = [], []
    for ident in range(1, playthroughs + 1):
        started = now + ident * 300
        finished = rng.random() < 0.9
        scores = [round(rng.uniform(0, 100), 1) for _ in range(4)]
        rows.append(
            (ident, f"player-{ident % players}", "bench-ws", "friday-demo", "The Friday Demo",
             "0123456789abcdef", ident, started, started + 400, started + 400 if finished else None,
             "finished" if finished else "playing", "wrap-up", per, "launched" if finished else None,
             "good" if finished else None, *scores, round(sum(scores) / 4, 1), "1,2,3,1,2", "{}")
        )  # fmt: skip
        for number in range(1, per + 1):
            decisions.append(
                (ident, number, f"scene-{number}", rng.randrange(1, 4), rng.randrange(2),
                 rng.randrange(1, 4), "Ask what the demo must prove, and promise an estimate.",
                 rng.choice(("Best", "Sound", "Risky")), *(float(rng.randrange(-2, 3)) for _ in range(4)),
                 round(rng.uniform(2, 60), 3), started + number * 60)
            )  # fmt: skip
    db.executemany(
        "INSERT INTO playthroughs (id, player, workshop, scenario, title, content_hash, seed,"
        " started_at, updated_at, ended_at, status, scene, decisions, ending, outcome,"
        " communication, strategy, business_value, eq, overall, keys, snapshot)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.executemany(
        "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", decisions
    )
    db.execute("COMMIT")
    db.close()


def command(*args: str) -> None:
    with open(os.devnull, "w") as sink:
        subprocess.run([str(EQTRAINER), *args], stdout=sink, check=True)


def bare_read(folder: Path) -> None:
    db = sqlite3.connect(folder / FILE_NAME)
    db.execute(
        "SELECT * FROM playthroughs p LEFT JOIN decisions d ON d.playthrough = p.id"
    ).fetchall()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    count, rounds = args.decisions, args.rounds

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        store_times, plain_times, one_times = [], [], []
        for n in range(rounds):  # alternated, so a busy moment hits all three
            store_times.append(store_writes(base / f"store-{n}", count))
            (base / f"plain-{n}").mkdir()
            plain_times.append(plain_inserts(base / f"plain-{n}", count))
            one_times.append(plain_inserts(base / f"plain-{n}", count, one_transaction=True))
        s, p, o = min(store_times), min(plain_times), min(one_times)
        print(f"writing {count} decisions (best of {rounds}):")
        print(f"  store (WAL, a transaction per decision, snapshot): {count / s:9.0f} decisions/s")
        print(f"  baseline: plain INSERT loop, a commit per row:     {count / p:9.0f} rows/s")
        print(f"  plain INSERT loop in one transaction:              {count / o:9.0f} rows/s")
        print(f"  store / baseline: {p / s:.2f}x the rate")

        big = base / "big"
        fill(big)
        store = Progress.open(big, read_only=True)
        print(
            f"\nfile of {store.counts()[1]:,} decisions, {store.counts()[0]:,} playthroughs, "
            f"{(big / FILE_NAME).stat().st_size / 2**20:.1f} MiB (best of {rounds}):"
        )
        bare = best(rounds, lambda: bare_read(big))
        figures = {
            "history (command)": best(rounds, lambda: command("history", "--data", str(big))),
            "export csv (command)": best(rounds, lambda: command("export", "--data", str(big))),
            "export json (command)": best(
                rounds, lambda: command("export", "--format", "json", "--data", str(big))
            ),
            "history (in-process)": best(rounds, lambda: store.history()),
            "export csv (in-process)": best(
                rounds, lambda: write_csv(store, io.StringIO(), None, None)
            ),
            "export json (in-process)": best(
                rounds, lambda: write_json(store, io.StringIO(), None, None)
            ),
        }
        startup = best(rounds, lambda: command("--version"))
        print(f"  bare read of the joined rows (baseline): {bare:6.3f} s")
        print(f"  `eqtrainer --version` (interpreter start): {startup:6.3f} s")
        for name, seconds in figures.items():
            print(f"  {name:<26} {seconds:6.3f} s   {seconds / bare:5.2f}x the bare read")
        store.close()
        print(
            json.dumps(
                {"decisions_per_s": round(count / s), "baseline_rows_per_s": round(count / p)}
            )
        )


if __name__ == "__main__":
    main()

"""The progress store: every decision kept as it is made, safe under load and faults."""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from eqtrainer.domain.engine import Playthrough
from eqtrainer.domain.loader import load_file
from eqtrainer.store.progress import (
    FILE_NAME,
    SCHEMA_VERSION,
    Progress,
    StoreUnavailable,
    StoreWriteError,
    content_hash,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini-demo.yaml"
V0 = FIXTURES / "results-0.1.0.sqlite3"  # written by eqtrainer 0.1.0's Results.record


@pytest.fixture
def mini():
    return load_file(MINI).scenario


def rows(folder: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(folder / FILE_NAME)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_each_decision_is_in_the_file_the_moment_it_is_made(tmp_path, mini):
    store = Progress.open(tmp_path, player="ann")
    play = Playthrough(mini, seed=3)
    ident = store.begin(play, "ann", "ws-1", content_hash(MINI))
    assert rows(
        tmp_path, "SELECT player, workshop, scenario, seed, status, scene FROM playthroughs"
    ) == [("ann", "ws-1", "mini-demo", 3, "playing", "hallway")]
    play.answer_read(0)
    store.save_state(ident, play)
    decision = play.choose(2)
    store.decided(ident, play, decision, 4.25)
    # another connection (as another process would) sees it at once
    assert rows(
        tmp_path,
        "SELECT number, scene, read_answer, read_correct, choice, choice_text, band,"
        " communication, strategy, business_value, eq, seconds FROM decisions",
    ) == [
        (
            1,
            "hallway",
            1,
            1,
            3,
            "Remind her the scope is frozen.",
            "Risky",
            0.0,
            1.0,
            -1.0,
            -1.0,
            4.25,
        )
    ]
    assert rows(tmp_path, "SELECT status, scene, decisions FROM playthroughs") == [
        ("playing", "pushback", 1)
    ]
    store.decided(ident, play, play.choose(0), 2.0)
    assert rows(
        tmp_path,
        "SELECT status, ending, outcome, communication, strategy, business_value, eq, ended_at IS NOT NULL FROM playthroughs",
    ) == [("finished", "shipped", "good", 60.0, 85.7, 33.3, 57.1, 1)]
    assert rows(tmp_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(tmp_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_timed_out_decision_scores_the_worst_on_offer(tmp_path, mini):
    store = Progress.open(tmp_path)
    play = Playthrough(mini, seed=1)
    ident = store.begin(play, "ann")
    play.answer_read(1)
    store.decided(ident, play, play.choose(0), 1.0)
    store.decided(ident, play, play.time_out(), 30.0)
    assert rows(
        tmp_path,
        "SELECT choice, band, communication, strategy, business_value, eq FROM decisions WHERE number = 2",
    ) == [(None, "Risky", -1.0, -1.0, 1.0, -2.0)]


def test_the_snapshot_kept_with_each_decision_resumes_exactly(tmp_path, mini):
    store = Progress.open(tmp_path)
    play = Playthrough(mini, seed=5)
    ident = store.begin(play, "ann", None, content_hash(MINI))
    play.answer_read(0)
    store.decided(ident, play, play.choose(0), 1.0)
    store.close()
    [saved] = Progress.open(tmp_path).unfinished("ann")
    assert (saved.id, saved.scene, saved.decisions) == (ident, "pushback", 1)
    assert saved.content_hash == content_hash(MINI)
    resumed = Playthrough.restore(mini, saved.snapshot)
    assert resumed.state == play.state
    assert Progress.open(tmp_path).unfinished("bob") == []


def test_a_stuck_playthrough_is_recorded_as_stuck(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "if: raj.trust >= 60 and estimate_done", "if: raj.trust >= 60 and estimate_done"
    )
    path = tmp_path / "stuck.yaml"
    # every choice of `pushback` hidden: the scenario is stuck there
    path.write_text(
        text.replace(
            "      - text: Ask Raj for the smallest slice that could be shown.\n",
            "      - text: Ask Raj for the smallest slice that could be shown.\n        if: estimate_done\n",
        ).replace(
            "      - text: Tell Raj the team will have to work the weekend.\n",
            "      - text: Tell Raj the team will have to work the weekend.\n        if: estimate_done\n",
        ),
        encoding="utf-8",
    )
    scenario = load_file(path).scenario
    assert scenario is not None
    store = Progress.open(tmp_path / "data")
    play = Playthrough(scenario, seed=1)
    ident = store.begin(play, "ann")
    play.answer_read(0)
    store.decided(ident, play, play.choose(0), 1.0)
    assert play.stuck
    assert rows(tmp_path / "data", "SELECT status, ended_at IS NOT NULL FROM playthroughs") == [
        ("stuck", 1)
    ]


def test_todays_results_file_is_brought_forward_with_a_copy_kept_beside_it(tmp_path):
    path = tmp_path / FILE_NAME
    shutil.copy(V0, path)
    before = V0.read_bytes()
    store = Progress.open(tmp_path, player="ann")
    assert store.migrated_copy is not None and store.migrated_copy.parent == tmp_path
    assert store.migrated_copy.read_bytes() == before
    history = store.history()
    assert [(r.scenario, r.ending, r.outcome, r.player) for r in history] == [
        ("mini-demo", "shipped", "good", "ann"),
        ("mini-demo", "slipped", "bad", "ann"),
        ("friday-demo", "launched", "good", "ann"),
    ]
    assert history[0].scores == {
        "communication": 60.0,
        "strategy": 85.7,
        "business_value": 33.3,
        "eq": 57.1,
    }
    assert history[1].scores["eq"] is None
    assert store.best() == {"mini-demo": 59.0, "friday-demo": 88.5}
    assert rows(tmp_path, "SELECT keys, decisions FROM playthroughs ORDER BY id") == [
        ("1,3,1", 3),
        ("2,1,t", 3),
        ("2,1,2,1", 4),
    ]
    assert rows(tmp_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    store.close()
    again = Progress.open(tmp_path)  # a second start migrates nothing
    assert again.migrated_copy is None and len(again.history()) == 3


def _damaged(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / FILE_NAME
    if kind == "not sqlite":
        path.write_bytes(b"this is not a database\n" * 200)
    else:
        store = Progress.open(tmp_path)
        play = Playthrough(load_file(MINI).scenario, seed=1)
        store.begin(play, "ann")
        store.close()
        data = path.read_bytes()
        if kind == "truncated":
            path.write_bytes(data[: len(data) // 2 + 100])
        elif kind == "corrupt":
            page = int.from_bytes(data[16:18], "big")
            path.write_bytes(data[:page] + b"\xde\xad" * (page // 2) + data[2 * page :])
        elif kind == "newer":
            db = sqlite3.connect(path)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
            db.close()
    return path


@pytest.mark.parametrize("kind", ["not sqlite", "truncated", "corrupt", "newer"])
def test_an_unusable_file_is_named_in_one_line_and_left_byte_for_byte(tmp_path, kind):
    path = _damaged(tmp_path, kind)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreUnavailable) as caught:
        store = Progress.open(tmp_path)
        # a damage the header does not show is found on first use, and still not written over
        store.best()
        store.unfinished("ann")
        store.history()
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    if kind == "newer":
        assert "newer eqtrainer" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert (
        sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
        == listing
    )


def test_a_failed_write_is_raised_not_swallowed(tmp_path, mini):
    store = Progress.open(tmp_path)
    play = Playthrough(mini, seed=1)
    ident = store.begin(play, "ann")
    blocker = sqlite3.connect(tmp_path / FILE_NAME, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    store._db.execute("PRAGMA busy_timeout = 50")
    play.answer_read(0)
    with pytest.raises(StoreWriteError, match=re.escape(str(tmp_path / FILE_NAME))):
        store.decided(ident, play, play.choose(0), 1.0)
    blocker.rollback()
    blocker.close()


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from eqtrainer.domain.engine import Playthrough
    from eqtrainer.domain.loader import load_file
    from eqtrainer.store.progress import Progress
    folder, player, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    scenario = load_file(sys.argv[4]).scenario
    store = Progress.open(folder, player=player)
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # all start writing together
    for n in range(rounds):
        play = Playthrough(scenario, seed=n)
        ident = store.begin(play, player)
        play.answer_read(0)
        store.save_state(ident, play)
        while not play.finished:
            store.decided(ident, play, play.choose(0), 0.5)
    print("done")
""")


def test_twenty_processes_finishing_at_once_lose_nothing(tmp_path):
    folder, rounds, writers = tmp_path / "data", 5, 20  # a new folder: they race to make it
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), f"p{i}", str(rounds), str(MINI)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(writers)
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done", err
    store = Progress.open(folder)
    # choosing 1 every time in mini-demo: hallway -> pushback -> shipped, two decisions
    assert store.counts() == (writers * rounds, writers * rounds * 2)
    assert len(store.history()) == writers * rounds
    for i in range(writers):
        assert len(store.history(f"p{i}")) == rounds


def test_a_read_only_data_folder_is_said_not_a_traceback(tmp_path, read_only_dir):
    folder = read_only_dir(tmp_path / "ro")
    with pytest.raises(StoreUnavailable, match=r"(?i)read-only"):
        Progress.open(folder / "eqtrainer")
    with pytest.raises(StoreUnavailable, match=r"(?i)read-only"):
        Progress.open(folder)


def test_results_in_a_folder_made_read_only_are_off_for_the_game_but_still_read(
    tmp_path, read_only_dir, mini
):
    folder = tmp_path / "data"
    store = Progress.open(folder)
    play = Playthrough(mini, seed=1)
    ident = store.begin(play, "ann")
    play.answer_read(0)
    store.decided(ident, play, play.choose(1), 1.0)
    store.close()
    before = (folder / FILE_NAME).read_bytes()
    read_only_dir(folder)
    with pytest.raises(StoreUnavailable, match=r"(?i)read-only"):
        Progress.open(folder)
    reader = Progress.open(folder, read_only=True)
    assert reader.counts() == (1, 1) and reader.unfinished("ann")[0].decisions == 1
    reader.close()
    assert (folder / FILE_NAME).read_bytes() == before


def test_an_empty_file_is_one_another_game_has_just_made_and_becomes_the_store(tmp_path, mini):
    (tmp_path / FILE_NAME).write_bytes(b"")
    store = Progress.open(tmp_path)
    store.begin(Playthrough(mini, seed=1), "ann")
    assert store.counts() == (1, 0)


def _open_at_the_barrier(folder: str, barrier: Any, answers: Any) -> None:
    barrier.wait()
    try:
        Progress.open(Path(folder), player="p").close()
        answers.put("opened")
    except Exception as exc:  # the answer is the test's to judge
        answers.put(f"{type(exc).__name__}: {exc}")


def test_sessions_opening_a_new_results_file_at_the_same_moment_all_keep_results(tmp_path):
    # a workshop's participants start together: each session opens the file the first time
    # at once. SQLite answers "locked" at once to a mode change while another holds the file,
    # and a file being checkpointed looks short for a moment; none of this may turn off
    # anyone's results (it did: one participant in four, with four at once).
    forking = multiprocessing.get_context("fork")
    sessions = 6
    for trial in range(30):
        folder = tmp_path / f"data{trial}"
        barrier, answers = forking.Barrier(sessions), forking.Queue()
        procs = [
            forking.Process(target=_open_at_the_barrier, args=(str(folder), barrier, answers))
            for _ in range(sessions)
        ]
        for proc in procs:
            proc.start()
        said = [answers.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
        assert said == ["opened"] * sessions, f"fresh folder {trial}: {said}"

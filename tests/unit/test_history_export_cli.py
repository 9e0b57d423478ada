"""`eqtrainer history` and `eqtrainer export`: what a trainer reads and opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from eqtrainer.domain.engine import Playthrough
from eqtrainer.domain.loader import load_file
from eqtrainer.store.progress import FILE_NAME, Progress, content_hash

from .conftest import run_cli

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini-demo.yaml"


@pytest.fixture
def data(tmp_path) -> Path:
    """Two players: ann finished mini-demo; =evil() left one unfinished after one decision."""
    folder = tmp_path / "data"
    store = Progress.open(folder)
    mini = load_file(MINI).scenario
    play = Playthrough(mini, seed=3)
    ident = store.begin(play, "ann", "ws-7", content_hash(MINI), now=1_700_000_000.0)
    play.answer_read(0)
    store.decided(ident, play, play.choose(2), 4.5, now=1_700_000_010.0)
    store.decided(ident, play, play.choose(0), 2.0, now=1_700_000_020.0)
    other = Playthrough(mini, seed=4)
    ident = store.begin(other, "=evil()", None, content_hash(MINI), now=1_800_000_000.0)
    other.answer_read(1)
    store.decided(ident, other, other.choose(1), 3.0, now=1_800_000_005.0)
    store.close()
    return folder


def test_history_lists_finished_playthroughs_with_the_four_scores(data):
    result = run_cli("history", "--data", data)
    assert result.returncode == 0, result.stderr
    header, row, *rest = result.stdout.splitlines()
    assert rest == []  # the unfinished one is not a result
    assert header.split() == [
        "id",
        "player",
        "scenario",
        "ending",
        "outcome",
        "comm",
        "strat",
        "value",
        "eq",
        "when",
    ]
    assert row.split()[:9] == [
        "1",
        "ann",
        "mini-demo",
        "shipped",
        "good",
        "60.0",
        "85.7",
        "33.3",
        "57.1",
    ]


def test_history_as_json_and_for_one_player(data):
    result = run_cli("history", "--data", data, "--json", "--player", "ann")
    [entry] = json.loads(result.stdout)
    assert entry["player"] == "ann" and entry["workshop"] == "ws-7"
    assert {k: entry[k] for k in ("communication", "strategy", "business_value", "eq")} == {
        "communication": 60.0,
        "strategy": 85.7,
        "business_value": 33.3,
        "eq": 57.1,
    }
    assert entry["ending"] == "shipped" and entry["outcome"] == "good"
    assert entry["ended"].startswith("2023-11-14T")
    assert json.loads(run_cli("history", "--data", data, "--json", "--player", "bob").stdout) == []


def test_export_csv_has_a_row_per_decision_with_a_header_and_marks_unfinished(data):
    result = run_cli("export", "--format", "csv", "--data", data)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    assert {"communication", "strategy", "business_value", "eq"} <= set(rows[0])
    first, second, unfinished = rows
    assert (first["player"], first["decision"], first["scene"], first["choice"], first["band"]) == (
        "ann",
        "1",
        "hallway",
        "3",
        "Risky",
    )
    assert (first["communication"], first["strategy"], first["business_value"], first["eq"]) == (
        "0.0",
        "1.0",
        "-1.0",
        "-1.0",
    )
    assert (
        first["read_answer"] == "1" and first["read_correct"] == "yes" and first["seconds"] == "4.5"
    )
    assert first["choice_text"] == "Remind her the scope is frozen."
    assert second["finished"] == "yes" and second["ending"] == "shipped"
    assert unfinished["finished"] == "no" and unfinished["status"] == "playing"
    assert unfinished["ending"] == "" and unfinished["outcome"] == ""
    assert unfinished["communication_pct"] == "100.0"  # the scores so far: one best choice
    # a name a spreadsheet would run as a formula is made inert
    assert unfinished["player"] == "'=evil()"


def test_export_json_holds_every_playthrough_with_its_decisions(data, tmp_path):
    out = tmp_path / "export.json"
    result = run_cli("export", "--format", "json", "--data", data, "--output", out)
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))["playthroughs"]
    assert [(p["player"], p["finished"], len(p["decisions"])) for p in exported] == [
        ("ann", True, 2),
        ("=evil()", False, 1),
    ]
    assert exported[0]["scores"]["eq"] == 57.1
    assert exported[0]["decisions"][1]["choice_text"].startswith("Ask Raj for the smallest slice")


def test_export_since_and_player_filter(data):
    since = run_cli("export", "--data", data, "--since", "2025-01-01")
    assert [r["player"] for r in csv.DictReader(io.StringIO(since.stdout))] == ["'=evil()"]
    mine = run_cli("export", "--data", data, "--player", "ann", "--format", "json")
    assert len(json.loads(mine.stdout)["playthroughs"]) == 1
    workshop = run_cli("export", "--data", data, "--workshop", "ws-7", "--format", "json")
    assert [p["player"] for p in json.loads(workshop.stdout)["playthroughs"]] == ["ann"]
    listed = run_cli("history", "--data", data, "--workshop", "ws-8", "--json")
    assert json.loads(listed.stdout) == []
    bad = run_cli("export", "--data", data, "--since", "last tuesday")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "YYYY-MM-DD" in bad.stderr


def test_a_damaged_file_is_one_line_naming_it(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"garbage" * 100)
    for command in ("history", "export"):
        result = run_cli(command, "--data", folder)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and str(folder / FILE_NAME) in result.stderr
        assert "Traceback" not in result.stderr


def test_history_of_todays_file_brings_it_forward(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "results-0.1.0.sqlite3", folder / FILE_NAME)
    result = run_cli("history", "--data", folder, "--json")
    assert [e["scenario"] for e in json.loads(result.stdout)] == [
        "mini-demo",
        "mini-demo",
        "friday-demo",
    ]


def test_eqtrainer_data_names_the_folder_too(data, monkeypatch):
    monkeypatch.setenv("EQTRAINER_DATA", str(data))
    result = run_cli("history", "--json")
    assert len(json.loads(result.stdout)) == 1


def test_a_read_only_data_folder_still_lists(data, read_only_dir):
    read_only_dir(data)
    result = run_cli("history", "--data", data, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_play_hands_the_player_workshop_and_data_folder_to_the_game(monkeypatch, tmp_path):
    import eqtrainer.tui.app as game
    from eqtrainer.cli import main

    seen: list[dict] = []
    monkeypatch.setattr(game, "run", lambda paths, **options: seen.append(options) or 0)
    args = ["--player", "Ana", "--workshop", "ws-3", "--data", str(tmp_path)]
    assert main(["play", str(MINI), *args]) == 0
    assert main([str(MINI), *args]) == 0  # `eqtrainer FILE` takes them too
    assert main(["--data", str(tmp_path)]) == 0  # and so does the bare game
    for options in seen[:2]:
        assert (options["player"], options["workshop"], options["data"]) == (
            "Ana",
            "ws-3",
            str(tmp_path),
        )
    assert seen[2]["data"] == str(tmp_path) and seen[2]["player"] is None


def test_export_says_when_a_filter_matches_nothing_and_where_it_wrote(data, tmp_path):
    result = run_cli("export", "--data", data, "--workshop", "nosuch")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:] == []  # the header only, for a script
    assert "nothing to export for workshop nosuch" in result.stderr
    out = tmp_path / "kept.csv"
    result = run_cli("export", "--data", data, "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"eqtrainer export: wrote 3 rows to {out}"
    assert len(out.read_text().splitlines()) == 4


def test_export_into_a_closed_pipe_ends_quietly(data):
    import subprocess

    from .conftest import eqtrainer_command

    for form in ("csv", "json"):
        reader = subprocess.Popen(
            [*eqtrainer_command(), "export", "--format", form, "--data", str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert reader.stdout is not None
        reader.stdout.close()  # as `| head -0` would, before anything is written
        _, errors = reader.communicate(timeout=60)
        assert reader.returncode == 0
        assert errors.decode() == ""

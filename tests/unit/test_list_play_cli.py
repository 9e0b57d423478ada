"""`eqtrainer list`, `eqtrainer play ID` and what the command says when something is wrong."""

from __future__ import annotations

import json

from eqtrainer.library import bundled_path

from .conftest import run_cli, write_scenario


def test_list_json_gives_id_title_areas_difficulty_minutes_and_file(tmp_path):
    path = write_scenario(tmp_path)
    done = run_cli("list", "--json", tmp_path)
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert list(row) == ["id", "title", "areas", "difficulty", "minutes", "file"]
    assert row["file"] == str(path)


def test_list_text_has_a_header_and_the_id_and_file_of_each_scenario(tmp_path):
    path = write_scenario(tmp_path)
    done = run_cli("list", tmp_path)
    header, row = done.stdout.splitlines()
    assert header.split() == ["id", "title", "areas", "level", "time", "file"]
    assert row.endswith(str(path))
    assert row.split()[0] == json.loads(run_cli("list", "--json", tmp_path).stdout)[0]["id"]


def test_list_names_each_broken_file_with_its_first_problem(tmp_path):
    write_scenario(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    done = run_cli("list", tmp_path)
    assert done.returncode == 0  # the good one is listed
    first, summary = done.stderr.splitlines()
    assert first.startswith(f"{broken}:2:") and "error EQ" in first
    assert summary.startswith("eqtrainer list: 1 file could not be loaded")


def test_list_on_an_empty_folder_says_so(tmp_path):
    done = run_cli("list", tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"eqtrainer list: no scenario files (.yaml or .yml) found in {tmp_path}\n"


def test_a_missing_file_is_one_line_not_a_list_of_commands(tmp_path):
    done = run_cli(tmp_path / "missing.yaml")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"eqtrainer: no such file, folder or bundled scenario: {tmp_path / 'missing.yaml'}"
    ]
    assert "did you mean `eqtrainer list`" in run_cli("lst").stderr
    typo = run_cli("play", "ship-it-anyhow")
    assert typo.returncode == 2
    assert typo.stderr.splitlines() == [
        "eqtrainer: no such file, folder or bundled scenario: ship-it-anyhow; "
        "did you mean `ship-it-anyway`? (`eqtrainer list` shows every id)"
    ]


def test_an_unknown_flag_gets_its_commands_usage_and_the_closest_flag(tmp_path):
    done = run_cli("validate", "--stritc", tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: eqtrainer validate")
    assert done.stderr.splitlines()[-1] == (
        "eqtrainer validate: error: unrecognized argument: --stritc; did you mean --strict?"
    )


def test_a_bundled_scenario_is_found_by_its_id():
    found = bundled_path("friday-demo")
    assert found is not None and found.endswith("friday-demo.yaml")
    assert bundled_path("no-such-scenario") is None

"""`eqtrainer replay FILE --choices ... [--seed N] --json`, run as the real command.

The expected numbers come from fixtures/replay-small.yaml, computed by hand below. In `hallway`
the options are (communication, strategy, business_value, eq):
    1 Ask      ( 2,  2,  1, 1)  total 6      (sets asked: true)
    2 Say yes  (-1, -2,  1, 0)  total -2
    3 Board    ( 1,  1, -1, 0)  total 1
and a read question (1 is right). In `estimate` (a timer; `t` lets it run out, to bad-end):
    Present options ( 1,  2, 2, 0)  total 5   only shown if asked
    One number      ( 1,  0, 0, 0)  total 1   -> mixed-end
    Promise & hope  ( 0, -1, 1, 0)  total 0   -> good-end or bad-end at random, 50/50
"""

from __future__ import annotations

import json

import pytest

from eqtrainer.cli import main

from .conftest import FIXTURES, MINIMAL, run_cli, write_scenario

SMALL = FIXTURES / "replay-small.yaml"
KEYS = ["scenario", "ending", "ending_title", "outcome", "seed", "scores", "decisions"]
RIGHT = {"answer": 1, "answer_text": "Anxious about the client", "correct": True}
WRONG = {"answer": 2, "answer_text": "Angry at the team", "correct": False}


def replay_json(*args):
    done = run_cli("replay", *args, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1  # one JSON object on one line
    report = json.loads(done.stdout)
    assert list(report) == KEYS
    assert list(report["scores"]) == ["communication", "strategy", "business_value", "eq"]
    for value in report["scores"].values():
        assert value is None or isinstance(value, float)  # printed with a decimal point
    return report


def test_a_path_through_a_hidden_choice():
    # keys: read answer 2 (wrong), choice 3 (Board); asked stays false, so `estimate` shows only
    # One number and Promise & hope, and key 1 is One number.
    # communication: hallway best 2, worst -1, chosen 1 -> 2 of 3; estimate [1, 0] chosen 1 -> 1 of 1
    #                => 3 / 4 = 75.0
    # strategy:      hallway best 2, worst -2, chosen 1 -> 3 of 4; estimate [0, -1] chosen 0 -> 1 of 1
    #                => 4 / 5 = 80.0
    # business_value: hallway [1, 1, -1] chosen -1 -> 0 of 2; estimate [0, 1] chosen 0 -> 0 of 1 => 0.0
    # eq: hallway [1, 0, 0] chosen 0 -> 0 of 1; the wrong read 0 of 1; estimate ties at 0 => 0 / 2 = 0.0
    # bands: Board's total 1 is positive but not the top 6 -> Sound; One number's 1 is the top of [1, 0] -> Best
    assert replay_json(SMALL, "--choices", "2,3,1", "--seed", "7") == {
        "scenario": "replay-small",
        "ending": "mixed-end",
        "ending_title": "Mixed end",
        "outcome": "mixed",
        "seed": 7,
        "scores": {"communication": 75.0, "strategy": 80.0, "business_value": 0.0, "eq": 0.0},
        "decisions": [
            {
                "scene": "hallway",
                "choice": 3,
                "choice_text": "Point her to the change board.",
                "band": "Sound",
                "read": WRONG,
            },
            {
                "scene": "estimate",
                "choice": 1,
                "choice_text": "Present one number.",
                "band": "Best",
                "read": None,
            },
        ],
    }


def test_a_path_with_every_choice_shown():
    # keys: read answer 1 (right), choice 1 (Ask: asked is now true), then choice 2 of the three shown
    # communication: hallway chosen 2 -> 3 of 3; estimate [1, 1, 0] chosen 1 -> 1 of 1   => 4 / 4 = 100.0
    # strategy:      hallway chosen 2 -> 4 of 4; estimate [2, 0, -1] chosen 0 -> 1 of 3  => 5 / 7 = 71.4
    # business_value: hallway [1, 1, -1] chosen 1 -> 2 of 2; estimate [2, 0, 1] chosen 0 -> 0 of 2 => 2 / 4 = 50.0
    # eq: hallway chosen 1 -> 1 of 1; the right read 1 of 1; estimate ties        => 2 / 2 = 100.0
    # bands: Ask is the top -> Best; One number's 1 is positive, below the top 5 -> Sound
    assert replay_json(SMALL, "--choices", "1,1,2", "--seed", "3") == {
        "scenario": "replay-small",
        "ending": "mixed-end",
        "ending_title": "Mixed end",
        "outcome": "mixed",
        "seed": 3,
        "scores": {"communication": 100.0, "strategy": 71.4, "business_value": 50.0, "eq": 100.0},
        "decisions": [
            {
                "scene": "hallway",
                "choice": 1,
                "choice_text": "Ask what the demo must prove.",
                "band": "Best",
                "read": RIGHT,
            },
            {
                "scene": "estimate",
                "choice": 2,
                "choice_text": "Present one number.",
                "band": "Sound",
                "read": None,
            },
        ],
    }


def test_letting_the_timer_run_out():
    # keys: read 1 (right), choice 2 (Say yes), then `t` in `estimate` (shows One number, Promise & hope)
    # communication: hallway chosen -1 -> 0 of 3; timeout = worst of [1, 0] -> 0 of 1  => 0.0
    # strategy:      hallway chosen -2 -> 0 of 4; timeout worst of [0, -1] -> 0 of 1   => 0.0
    # business_value: hallway chosen 1 -> 2 of 2; timeout worst of [0, 1] -> 0 of 1   => 2 / 3 = 66.7
    # eq: hallway chosen 0 -> 0 of 1; the right read 1 of 1; estimate ties            => 1 / 2 = 50.0
    # bands: Say yes totals -2 -> Risky; a timeout is always Risky, and is reported as "t"
    assert replay_json(SMALL, "--choices", "1,2,t", "--seed", "3") == {
        "scenario": "replay-small",
        "ending": "bad-end",
        "ending_title": "Bad end",
        "outcome": "bad",
        "seed": 3,
        "scores": {"communication": 0.0, "strategy": 0.0, "business_value": 66.7, "eq": 50.0},
        "decisions": [
            {
                "scene": "hallway",
                "choice": 2,
                "choice_text": "Say yes at once.",
                "band": "Risky",
                "read": RIGHT,
            },
            {
                "scene": "estimate",
                "choice": "t",
                "choice_text": None,
                "band": "Risky",
                "read": None,
            },
        ],
    }


def test_a_dimension_no_decision_put_at_stake_is_null(tmp_path):
    # MINIMAL: one decision, communication [2, -1] and strategy [1, -2]; business_value and eq are 0
    # for both options. Choice 1: 3 of 3 and 3 of 3 => 100.0, 100.0, null, null.
    path = write_scenario(tmp_path, MINIMAL)
    done = run_cli("replay", path, "--choices", "1", "--seed", "0", "--json")
    assert done.returncode == 0
    assert '"business_value": null, "eq": null' in done.stdout
    assert json.loads(done.stdout)["scores"] == {
        "communication": 100.0,
        "strategy": 100.0,
        "business_value": None,
        "eq": None,
    }


def test_same_seed_same_playthrough_and_chance_really_varies(capsys):
    # "Promise & hope" is a 50/50 chance: with a seed the result repeats exactly
    first = replay_json(SMALL, "--choices", "2,3,2", "--seed", "11")
    assert replay_json(SMALL, "--choices", "2,3,2", "--seed", "11") == first
    # ...and across seeds both outcomes occur (in-process, to keep the suite fast)
    endings = set()
    for seed in range(30):
        assert (
            main(["replay", str(SMALL), "--choices", "2,3,2", "--seed", str(seed), "--json"]) == 0
        )
        endings.add(json.loads(capsys.readouterr().out)["ending"])
    assert endings == {"good-end", "bad-end"}


def test_without_a_seed_a_random_seed_is_reported_and_replays_exactly():
    report = replay_json(SMALL, "--choices", "2,3,2")
    assert isinstance(report["seed"], int)
    assert replay_json(SMALL, "--choices", "2,3,2", "--seed", str(report["seed"])) == report


@pytest.mark.parametrize(
    "keys, message",
    [
        # a number not on offer names the scene and what was on offer
        (
            "1,4",
            "eqtrainer replay: key 2 is 4, but scene `hallway` offers 1-3 "
            "(1: Ask what the demo must prove.; 2: Say yes at once.; 3: Point her to the change board.)",
        ),
        # the choice hidden by `if: asked` is not on offer, and the timer's `t` is
        (
            "2,3,3",
            "eqtrainer replay: key 3 is 3, but scene `estimate` offers 1-2 or t "
            "(1: Present one number.; 2: Promise it and hope.)",
        ),
        ("2,0", "eqtrainer replay: key 2 is 0, but scene `hallway` offers 1-3"),
        (
            "5",
            "eqtrainer replay: key 1 answers the read question of scene `hallway` with 5, but it offers 1-2",
        ),
        ("t", "eqtrainer replay: key 1 is `t`, but scene `hallway` has no timer"),
        ("x", "eqtrainer replay: key 1 is `x`; use numbers, or `t` for a timer running out"),
        ("-1", "eqtrainer replay: key 1 is `-1`; use numbers, or `t` for a timer running out"),
        ("²", "eqtrainer replay: key 1 is `²`; use numbers, or `t` for a timer running out"),
        ("1,1", "eqtrainer replay: the keys ran out at scene `estimate`, which needs a choice"),
        (
            "",
            "eqtrainer replay: the keys ran out at scene `hallway`, which needs the read question",
        ),
        ("1,1,2,1", "eqtrainer replay: key 4 (`1`) comes after the scenario ended at `mixed-end`"),
    ],
)
def test_keys_that_do_not_fit_exit_2_with_a_message(keys, message):
    done = run_cli("replay", SMALL, "--choices", keys, "--seed", "1", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_stuck_scene_exits_2_naming_it(tmp_path):
    # choice 2 of MINIMAL now leads to `locked`, whose only choice needs `frozen`, which is false
    text = MINIMAL.replace("        goto: bad-end\n", "        goto: locked\n")
    text = text.replace(
        "endings:\n",
        (
            "  locked:\n"
            "    text: Every door needs the scope frozen.\n"
            "    choices:\n"
            "      - {text: Open it., if: frozen, scores: {strategy: 1}, why: It is frozen., goto: bad-end}\n"
            "endings:\n"
        ),
    )
    path = write_scenario(tmp_path, text)
    done = run_cli("replay", path, "--choices", "2,1", "--json")
    assert done.returncode == 2
    assert (
        done.stderr
        == "eqtrainer replay: scene `locked` shows no choice: every condition there is false\n"
    )


def test_a_file_with_errors_prints_its_diagnostics_and_exits_1(tmp_path):
    path = write_scenario(tmp_path, MINIMAL.replace("goto: good-end", "goto: good-ending"))
    done = run_cli("replay", path, "--choices", "1", "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"{path}:22:15: error EQ300: goto `good-ending`")


def test_without_json_a_short_summary_is_printed():
    done = run_cli("replay", SMALL, "--choices", "2,3,1", "--seed", "7")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "Replay Small: ending `mixed-end` (mixed), seed 7"
    assert [line.split() for line in lines[1:5]] == [
        ["Communication", "75.0%"],
        ["Strategy", "80.0%"],
        ["Business", "value", "0.0%"],
        ["EQ", "0.0%"],
    ]
    assert [line.split() for line in lines[5:]] == [
        ["1.", "hallway", "3", "Sound"],
        ["2.", "estimate", "1", "Best"],
    ]


def test_a_bundled_scenario_is_replayed_by_its_id_like_play_and_a_typo_gets_a_close_id():
    from eqtrainer.library import bundled_path

    keys = ["--choices", "1,1,1,1,1", "--seed", "3", "--json"]
    by_id = run_cli("replay", "friday-demo", *keys)
    by_file = run_cli("replay", bundled_path("friday-demo"), *keys)
    assert by_id.returncode == 0, by_id.stderr
    assert json.loads(by_id.stdout)["ending"] == "quiet-launch"
    assert by_id.stdout == by_file.stdout
    typo = run_cli("replay", "friday-dmo", "--choices", "1")
    assert typo.returncode == 2
    assert typo.stderr.strip().splitlines() == [
        "eqtrainer replay: no such file or bundled scenario: friday-dmo; did you mean "
        "`friday-demo`? (`eqtrainer list` shows every id)"
    ]
    folder = run_cli("replay", str(FIXTURES), "--choices", "1")
    assert folder.returncode == 2
    assert len(folder.stderr.strip().splitlines()) == 1
    assert f"{FIXTURES} is a folder; name one scenario file in it" in folder.stderr

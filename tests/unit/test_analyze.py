"""`eqtrainer analyze` on small scenarios whose figures are worked out by hand below."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from eqtrainer.domain.analyze import analyze

from .conftest import load_valid, write_scenario

HEAD = """\
format: 1
id: hand-made
title: Hand made
summary: Figures worked out by hand.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
"""

# s1 offers two tied Best options (totals 2 and 2); s2 and s3 each one Best option.
#            communication  strategy   total  band
#   s1  A         2            0         2    Best  -> s2
#       B         0            2         2    Best  -> s3
#   s2  C         1            1         2    Best  -> good
#       D        -1            0        -1    Risky -> bad
#   s3  E         0            1         1    Best  -> good
#       F         2           -2         0    Risky -> bad
TRADE_OFFS = (
    HEAD
    + """\
start: s1
scenes:
  s1:
    text: One.
    read:
      prompt: What is Dana feeling?
      options: [{text: Worried, correct: true}, {text: Bored}]
      why: She keeps checking the date.
    choices:
      - {text: A, scores: {communication: 2, strategy: 0}, why: a, goto: s2}
      - {text: Bb, scores: {communication: 0, strategy: 2}, why: b, goto: s3}
  s2:
    text: Two.
    choices:
      - {text: C, scores: {communication: 1, strategy: 1}, why: c, goto: good}
      - {text: D, scores: {communication: -1, strategy: 0}, why: d, goto: bad}
  s3:
    text: Three.
    choices:
      - {text: E, scores: {communication: 0, strategy: 1}, why: e, goto: good}
      - {text: F, scores: {communication: 2, strategy: -2}, why: f, goto: bad}
endings:
  good: {outcome: good, text: Good.}
  bad: {outcome: bad, text: Bad.}
"""
)


@pytest.fixture
def report(tmp_path):
    return analyze(load_valid(tmp_path, TRADE_OFFS), runs=40)


def test_endings_and_their_paths(report):
    # A-C and B-E end well, A-D and B-F badly: two paths each, four in all.
    assert report["endings"] == {
        "good": {"outcome": "good", "reachable": True, "paths": 2},
        "bad": {"outcome": "bad", "reachable": True, "paths": 2},
    }
    assert report["paths"] == 4
    assert report["complete"] and report["bound"] is None


def test_best_and_worst_per_dimension_with_their_paths(report):
    communication = report["dimensions"]["communication"]
    # A then C: (2 + 2) / (2 + 2); B then E: (0 + 0) / (2 + 2).
    assert (communication["best"], communication["worst"]) == (100.0, 0.0)
    assert communication["best_path"] == ["s1:1", "s2:1"]
    assert communication["best_ending"] == "good"
    assert communication["worst_path"] == ["s1:2", "s3:1"]
    strategy = report["dimensions"]["strategy"]
    # B then E: (2 + 3) / (2 + 3); A then D: (0 + 0) / (2 + 1).
    assert (strategy["best"], strategy["worst"]) == (100.0, 0.0)
    assert strategy["best_path"] == ["s1:2", "s3:1"]
    assert strategy["worst_path"] == ["s1:1", "s2:2"]
    # Nothing ever puts business value at stake.
    assert report["dimensions"]["business_value"]["best"] is None


def test_a_player_who_always_takes_a_best_option(report):
    # The Best options lead along A-C or B-E. Communication: 4/4 or 0/4. Strategy: A-C is
    # (0 + 1) / (2 + 1) = 33.3%, B-E is 5/5. EQ: only the read counts, right or wrong.
    assert report["dimensions"]["communication"]["best_player"] == [0.0, 100.0]
    assert report["dimensions"]["strategy"]["best_player"] == [33.3, 100.0]
    assert report["dimensions"]["eq"]["best_player"] == [0.0, 100.0]


def test_the_answer_key_figures(report):
    # Only s2's C is top on every dimension at once; s1's two options tie on their total.
    assert report["decisions"] == 3
    assert report["no_trade_off"] == ["s2"]
    assert report["no_trade_off_share"] == 0.333
    assert report["ties"] == ["s1"]
    # Best minus runner-up: s1 2 - 2, s2 2 - (-1), s3 1 - 0.
    assert report["margin"]["smallest"] == 0
    assert report["margin"]["mean"] == 1.33
    # The key's figures are the library's (key_figures.py): the best option is the first of
    # the top options in the author's order, so s1 counts for position 1, as s2 and s3 do.
    bias = report["key_bias"]
    assert bias["best_by_position"] == {1: 3}
    # Longest: s1's best "A" is shorter than "Bb"; s2's and s3's tie, and a tie counts.
    assert bias["longest_is_best"] == 2
    # Always the top communication: A (Best), C (Best), F (not Best).
    assert bias["greedy_on_one_dimension_hits_best"]["communication"] == 2
    assert bias["right_read_by_position"] == {1: 1}
    assert bias["reads_on_best_path"] == 1  # s1's read is met on every path


def test_coverage_of_seeded_random_playthroughs(report, tmp_path):
    cover = report["coverage"]
    assert cover["runs"] == 40
    assert sum(cover["endings"].values()) == 40
    assert cover["scenes"]["s1"] == 40
    assert cover["scenes"]["s2"] + cover["scenes"]["s3"] == 40
    assert cover["never_hit"] == {"scenes": [], "choices": [], "endings": []}
    # Seeded: the same runs give the same counts.
    assert analyze(load_valid(tmp_path, TRADE_OFFS), runs=40)["coverage"] == cover


LOOP = (
    HEAD
    + """\
vars:
  rounds: 0
  limit: -1
start: lobby
scenes:
  lobby:
    text: The lobby.
    choices:
      - {text: Wait, scores: {eq: 0}, why: w, goto: lobby}
      - text: Count
        if: rounds != limit
        scores: {eq: 0}
        why: c
        effects: {rounds: +1}
        goto: lobby
      - {text: Leave, scores: {eq: 1}, why: l, goto: out}
  never:
    text: Never shown.
    choices:
      - {text: X, scores: {eq: 1}, why: x, goto: out}
endings:
  out: {outcome: good, text: Out.}
"""
)


def test_unreachable_scenes_loops_and_the_bound(tmp_path):
    scenario = load_valid(tmp_path, LOOP)
    report = analyze(scenario, most_states=50)
    assert report["unreachable_scenes"] == ["never"]
    # `Count` makes a new state each time (a condition compares the count with another
    # variable, so every value matters): the bound stops the search and says so.
    assert not report["complete"]
    assert report["bound"].startswith("stopped after 50 play states")
    assert report["loops"] >= 1  # `Wait` returns to the state it left


def test_cli_prints_the_figures_and_json(tmp_path):
    path = write_scenario(tmp_path, TRADE_OFFS)
    text = subprocess.run(
        [sys.executable, "-m", "eqtrainer.cli", "analyze", str(path), "--runs", "10"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "good                         good   2 paths" in text
    assert "decisions where one option is best on all four dimensions (no trade-off): 1/3" in text
    assert "coverage of 10 random playthroughs" in text
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "eqtrainer.cli", "analyze", str(path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert data["paths"] == 4


def test_cli_refuses_a_file_with_errors_in_one_clear_line(tmp_path):
    path = write_scenario(
        tmp_path, textwrap.dedent(TRADE_OFFS).replace("goto: good", "goto: nowhere")
    )
    done = subprocess.run(
        [sys.executable, "-m", "eqtrainer.cli", "analyze", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"eqtrainer analyze: {path} has errors" in done.stderr


def test_a_counter_that_only_falls_past_every_threshold_is_one_state(tmp_path):
    # The budget falls by 5 on every round and is compared only with 20: below 20 every value
    # behaves alike, so the endless loop is a handful of states and the search completes.
    text = (
        LOOP.replace("  rounds: 0\n  limit: -1\n", "  budget: 100\n")
        .replace("        if: rounds != limit\n", "        if: budget > 20\n")
        .replace("effects: {rounds: +1}", "effects: {budget: -5}")
    )
    report = analyze(load_valid(tmp_path, text))
    assert report["complete"]
    assert report["states"] < 40
    assert report["endings"]["out"]["reachable"]


def test_random_playthroughs_let_timers_run_out_too(tmp_path):
    text = TRADE_OFFS.replace(
        "  s2:\n    text: Two.\n", "  s2:\n    text: Two.\n    timer: 30\n    timeout: bad\n"
    )
    report = analyze(load_valid(tmp_path, text), runs=60)
    cover = report["coverage"]
    assert cover["choices"]["s2:t"] > 0  # one of three things to do at s2
    assert (
        cover["choices"]["s2:1"] + cover["choices"]["s2:2"] + cover["choices"]["s2:t"]
        == (cover["scenes"]["s2"])
    )
    # the timeout is a path of its own to `bad`: A-C, A-D, A-timeout, B-E, B-F
    assert report["paths"] == 5


def test_options_that_conditions_never_show_together_do_not_tie(tmp_path):
    # s1's two options total 2 each, but only one of them is ever shown.
    text = TRADE_OFFS.replace(
        "      - {text: A, scores:",
        "      - {text: A, if: not dana.trust > 90, scores:",
    ).replace("      - {text: Bb, scores:", "      - {text: Bb, if: dana.trust > 90, scores:")
    report = analyze(load_valid(tmp_path, text))
    assert report["ties"] == []
    assert report["decisions"] == 3
    assert report["margin"]["smallest"] == 1  # s3: E 1 against F 0; s1 shows one option

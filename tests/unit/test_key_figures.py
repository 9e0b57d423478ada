"""The key figures of issue 15 on small scenarios whose figures were worked out by hand."""

from __future__ import annotations

import pytest

from eqtrainer.domain.key_figures import (
    Figures,
    best_path_reads,
    breaches,
    library_figures,
    main,
    scenario_figures,
)

from .conftest import load_valid, write_scenario

# Scene `a`: best is choice 1 (total 6); choice 2 (total 5) beats it on business value and
# EQ, so it does not dominate, and is a Sound runner-up 1 point behind. Greedy on
# communication and strategy picks choice 1 (Best); on business value and EQ choice 2.
# Its read's right answer ("Relieved") is the shortest.
# Scene `b`: best is choice 2 (total 5), the longest text, at least as good as the others on
# every dimension (dominant). Strategy ties between choices 1 and 2: a strategy-greedy player
# cannot tell them apart, so the decision counts 1/2. No Sound option within 2 points.
# Scene `c`: choices 1 and 2 tie at 4: the best option is the first; a tie at the top is no
# runner-up, and any dimension's top is Best (counts 1). Its read's right answer is longest.
# Best path: a (read) -> choice 1 -> chance: b (no read) or c (read): fewest reads is 1.
HAND = """\
format: 1
id: hand
title: Hand made
summary: Figures counted by hand.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
start: a
scenes:
  a:
    text: First decision.
    read:
      prompt: What is Dana feeling?
      options:
        - {text: Relieved, correct: true}
        - {text: Angry at the whole team today}
        - {text: Bored by it}
      why: She smiles for the first time this week.
    choices:
      - text: Short
        scores: {communication: 2, strategy: 2, business_value: 1, eq: 1}
        why: The best here, and a rationale long enough to pass.
        goto: [{to: b, chance: 0.5}, {to: c, chance: 0.5}]
      - text: A much longer option text
        scores: {communication: 1, strategy: 0, business_value: 2, eq: 2}
        why: A close runner-up, and a rationale long enough to pass.
        effects: {dana.trust: +5}
        goto: b
      - text: Mid length
        scores: {communication: -1, strategy: -1, business_value: 0, eq: 0}
        why: The risky one, with a rationale long enough to pass.
        goto: bad-end
  b:
    text: Second decision.
    choices:
      - text: Option one here
        scores: {communication: 0, strategy: 1, business_value: 0, eq: -1}
        why: Ties on strategy, with a rationale long enough to pass.
        goto: bad-end
      - text: Best and the longest text of all
        scores: {communication: 2, strategy: 1, business_value: 1, eq: 1}
        why: Dominates every other option here, and says so at length.
        goto: good-end
      - text: Third one
        scores: {communication: 1, strategy: 0, business_value: 0, eq: 0}
        why: Sound but 4 points behind, with a long enough rationale.
        goto: mixed-end
  c:
    text: Third decision.
    read:
      prompt: What is Dana feeling?
      options:
        - {text: Suspicious of the new numbers, correct: true}
        - {text: Calm}
        - {text: Bored}
      why: She asks twice where the figures came from.
    choices:
      - text: Go
        if: dana.trust >= 0
        scores: {communication: 1, strategy: 1, business_value: 1, eq: 1}
        why: Ties at the top, with a rationale long enough to pass.
        goto: good-end
      - text: Stay
        scores: {communication: 1, strategy: 1, business_value: 1, eq: 1}
        why: Ties at the top too, with a rationale long enough to pass.
        goto: mixed-end
endings:
  good-end: {outcome: good, text: Good.}
  mixed-end: {outcome: mixed, text: Mixed.}
  bad-end: {outcome: bad, text: Bad.}
"""

# The read sits only off the best path: the best option (choice 1) goes straight on.
OFF_PATH = """\
format: 1
id: off-path
title: Off path
summary: The read is on a branch the best path never takes.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
start: a
scenes:
  a:
    text: First decision.
    choices:
      - text: Take the best road
        scores: {communication: 2, strategy: 2}
        why: The best here, and a rationale long enough to pass.
        goto: good-end
      - text: Take the side road
        scores: {communication: 1, eq: 2}
        why: Wins on EQ, the one dimension choice 1 does not lead.
        goto: side
  side:
    text: A side scene.
    read:
      prompt: What is Dana feeling?
      options:
        - {text: Proud, correct: true}
        - {text: Worried}
      why: She tells everyone whose idea it was.
    choices:
      - text: Finish well
        scores: {communication: 1}
        why: The better of two, with a rationale long enough to pass.
        goto: good-end
      - text: Finish badly
        scores: {communication: -1}
        why: The worse of two, with a rationale long enough to pass.
        goto: bad-end
endings:
  good-end: {outcome: good, text: Good.}
  bad-end: {outcome: bad, text: Bad.}
"""


@pytest.fixture
def hand(tmp_path):
    return load_valid(tmp_path, HAND, "hand.yaml")


@pytest.fixture
def off_path(tmp_path):
    return load_valid(tmp_path, OFF_PATH, "off.yaml")


def test_hand_made_scenario_figures(hand):
    figures = scenario_figures(hand)
    assert figures.decisions == 3
    assert figures.dominant == 2  # b and c
    assert figures.greedy_best == {
        "communication": 3,
        "strategy": 2.5,
        "business_value": 2,
        "eq": 2,
    }
    assert figures.close_runner_up == 1  # only a
    assert figures.best_positions == {1: 2, 2: 1}
    assert figures.best_in_one_position == (1, 2)
    assert figures.best_longest == 1  # only b
    assert figures.reads == 2
    assert figures.right_read_longest == 1  # only c
    assert figures.read_counts == {"hand": (2, 1)}


def test_best_path_follows_every_chance_branch_and_keeps_the_fewest_reads(hand, off_path):
    assert best_path_reads(hand) == 1  # a's read; the b branch meets no other
    assert best_path_reads(off_path) == 0


def test_shares_and_breaches_name_the_limits_crossed(hand):
    figures = scenario_figures(hand)
    assert figures.share(figures.dominant) == pytest.approx(2 / 3)
    crossed = breaches(figures)
    assert any("dominates in 2 of 3" in line for line in crossed)
    assert any("top communication lands on Best in 3 of 3" in line for line in crossed)
    assert any("top strategy lands on Best in 2.5 of 3 (83%)" in line for line in crossed)
    # two of three is exactly the limit, not over it
    assert not any("top eq" in line for line in crossed)
    assert any("runner-up within 2 points in only 1 of 3" in line for line in crossed)
    assert any("choice 1 in 2 of 3" in line for line in crossed)
    # one longest of three is exactly a third: allowed
    assert not any("best option is the longest" in line for line in crossed)
    assert any("right read answer is the longest in 1 of 2" in line for line in crossed)
    assert not any(line.startswith("hand:") for line in crossed)


def test_library_figures_add_up_scenarios(hand, off_path):
    library = library_figures([hand, off_path])
    assert library.scenarios == 2
    assert library.decisions == 5
    assert library.dominant == 3  # off-path's `a` loses on EQ; its `side` dominates
    assert library.best_positions == {1: 4, 2: 1}
    assert library.reads == 3
    assert library.scenarios_with_read_on_best_path == 1
    assert "off-path: 1 read question(s); at least 2" in breaches(library)
    assert "off-path: no read question on the best path" in breaches(library)
    assert library_figures([]) == Figures()


def test_command_line_prints_each_scenario_and_the_library(tmp_path, capsys):
    write_scenario(tmp_path, HAND, "hand.yaml")
    write_scenario(tmp_path, OFF_PATH, "off.yaml")
    assert main([str(tmp_path)]) == 1  # limits crossed
    out = capsys.readouterr().out
    assert "hand: 3 decisions, 2 read questions" in out
    assert "off-path: 2 decisions, 1 read questions" in out
    assert "library of 2 scenarios: 5 decisions, 3 read questions" in out
    assert "limit crossed: off-path: no read question on the best path" in out


def test_command_line_reports_a_broken_file_in_one_line(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    assert main([str(tmp_path / "broken.yaml")]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err
    assert "Traceback" not in err


TIE = """\
format: 1
id: tie
title: Tie
summary: Three options tie on strategy; one of them is Best.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
start: a
scenes:
  a:
    text: One decision.
    choices:
OPTIONS
endings:
  good-end: {outcome: good, text: Good.}
  bad-end: {outcome: bad, text: Bad.}
"""
BEST = """\
      - text: The best one
        scores: {strategy: 2, communication: 2}
        why: Best on the total, and a rationale long enough to pass.
        goto: good-end
"""
OTHERS = """\
      - text: A strategic distractor
        scores: {strategy: 2, communication: -1}
        why: Ties on strategy, with a rationale long enough to pass.
        goto: bad-end
      - text: Another strategic distractor
        scores: {strategy: 2, eq: -1}
        why: Ties on strategy too, with a rationale long enough to pass.
        goto: bad-end
"""


def test_a_tie_on_a_dimension_counts_the_share_of_best_options_whatever_the_order(tmp_path):
    best_first = load_valid(tmp_path, TIE.replace("OPTIONS\n", BEST + OTHERS), "first.yaml")
    best_last = load_valid(tmp_path, TIE.replace("OPTIONS\n", OTHERS + BEST), "last.yaml")
    for scenario in (best_first, best_last):
        greedy = scenario_figures(scenario).greedy_best
        assert greedy["strategy"] == pytest.approx(1 / 3)
        assert greedy["communication"] == 1

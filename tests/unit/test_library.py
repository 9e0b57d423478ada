"""The bundled library: what issue 4 promises a trainer, checked on every scenario."""

from __future__ import annotations

from collections import Counter

import pytest

from eqtrainer.domain.analysis import explore
from eqtrainer.domain.loader import load_library
from eqtrainer.domain.model import AREAS, DIMENSIONS
from eqtrainer.domain.scoring import best_options
from eqtrainer.library import bundled_scenarios

LIBRARY = load_library([str(bundled_scenarios())])
SCENARIOS = {s.id: s for s in LIBRARY.scenarios}


def decision_scenes(scenario):
    return [s for s in scenario.scenes.values() if len(s.choices) >= 2]


def test_the_library_validates_strictly_clean():
    assert [str(d) for d in LIBRARY.diagnostics] == []
    assert len(LIBRARY.results) == len(SCENARIOS)


def test_at_least_twelve_scenarios_covering_all_ten_areas():
    assert len(SCENARIOS) >= 12
    covered = {area for s in SCENARIOS.values() for area in s.areas}
    assert covered == set(AREAS)


def test_at_least_half_ask_a_read_question():
    asking = [s.id for s in SCENARIOS.values() if any(scene.read for scene in s.scenes.values())]
    assert len(asking) * 2 >= len(SCENARIOS)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_scene_and_ending_is_reached_by_some_playthrough(scenario_id):
    scenario = SCENARIOS[scenario_id]
    reached, complete = explore(scenario)
    assert complete
    assert set(scenario.endings) <= reached, f"never reached: {set(scenario.endings) - reached}"
    assert set(scenario.scenes) <= reached, f"never reached: {set(scenario.scenes) - reached}"


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_shape_of_each_scenario(scenario_id):
    scenario = SCENARIOS[scenario_id]
    branching = [
        s for s in decision_scenes(scenario) if len({b.to for c in s.choices for b in c.goto}) > 1
    ]
    assert len(branching) >= 5, "at least 5 decision scenes whose choices lead to different places"
    outcomes = Counter(e.outcome for e in scenario.endings.values())
    assert len(scenario.endings) >= 3 and outcomes["good"] >= 1 and outcomes["bad"] >= 1
    conditions = [
        c.condition.source for s in scenario.scenes.values() for c in s.choices if c.condition
    ]
    assert any(".trust" in source for source in conditions), (
        "trust must matter: some `if:` tests it"
    )
    changed = {
        target
        for s in scenario.scenes.values()
        for c in s.choices
        for target in (*c.effects, *c.set)
        if target.endswith(".trust")
    }
    assert changed, "some choice must change a cast member's trust"


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_rationale_is_concrete(scenario_id):
    scenario = SCENARIOS[scenario_id]
    short = [
        c.why
        for s in scenario.scenes.values()
        for c in s.choices
        if len(" ".join(c.why.split())) < 40
    ]
    assert short == []


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_dimension_is_both_rewarded_and_penalised(scenario_id):
    choices = [c for s in SCENARIOS[scenario_id].scenes.values() for c in s.choices]
    for dimension in DIMENSIONS:
        values = [c.scores[dimension] for c in choices]
        assert max(values) > 0 and min(values) < 0, dimension


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_four_dimensions_do_not_move_together(scenario_id):
    choices = [c for s in SCENARIOS[scenario_id].scenes.values() for c in s.choices]
    split = [c for c in choices if max(c.scores.values()) > 0 and min(c.scores.values()) < 0]
    assert split, "some choice must be strong on one dimension and weak on another"
    for first in DIMENSIONS:
        for second in DIMENSIONS:
            if first < second:
                assert any(c.scores[first] != c.scores[second] for c in choices)


def test_the_best_option_is_not_given_away_by_position_or_length():
    positions, longest, decisions = Counter(), 0, 0
    for scenario in SCENARIOS.values():
        for scene in decision_scenes(scenario):
            best = best_options(scene.choices)
            if len(best) != 1:
                continue
            decisions += 1
            positions[best[0]] += 1
            lengths = [len(c.text) for c in scene.choices]
            if lengths[best[0]] == max(lengths):
                longest += 1
    assert decisions >= 60
    assert max(positions.values()) <= 0.4 * decisions, positions
    assert longest <= 0.5 * decisions


def test_explore_follows_every_chance_outcome_and_timer(tmp_path):
    from eqtrainer.domain.loader import load_file

    path = tmp_path / "chance.yaml"
    path.write_text(
        """format: 1
id: chance
title: Chance
summary: A coin decides.
areas: [risk]
difficulty: 1
minutes: 1
start: toss
scenes:
  toss:
    text: The vendor may or may not deliver.
    timer: 30
    timeout: froze
    choices:
      - text: Wait and see what happens this week.
        scores: {strategy: 1}
        why: Waiting costs nothing if the vendor delivers, and a week if not.
        goto: [{to: delivered, chance: 0.9}, {to: slipped, chance: 0.1}]
      - text: Escalate at once.
        if: false
        scores: {strategy: -1}
        why: Never offered here; its ending must stay unreached by the search.
        goto: escalated
endings:
  delivered: {outcome: good, text: It arrives.}
  slipped: {outcome: bad, text: It does not.}
  froze: {outcome: bad, text: Nobody decided.}
  escalated: {outcome: mixed, text: Never seen.}
""",
        encoding="utf-8",
    )
    scenario = load_file(str(path)).scenario
    reached, complete = explore(scenario)
    assert complete
    assert reached == {"toss", "delivered", "slipped", "froze"}

"""The play state as a value: phases, snapshot and restore, the timer, and models that can be
hashed, compared and pickled (the store, resume and the SSH server stand on these)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eqtrainer.domain.engine import (
    AwaitingChoice,
    AwaitingRead,
    Ended,
    Playthrough,
    RestoreError,
    Stuck,
)
from eqtrainer.domain.loader import load_file, load_library

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = {s.id: s for s in load_library([str(ROOT / "scenarios")]).scenarios}
ENGINE = load_file(str(ROOT / "tests" / "fixtures" / "mini-demo.yaml")).scenario


def step(play: Playthrough, pick: int, time_out: bool) -> bool:
    """One move a player could make; False once there is none."""
    phase = play.phase
    if isinstance(phase, Ended | Stuck):
        return False
    if time_out and phase.scene.timer is not None:
        play.time_out()
    elif isinstance(phase, AwaitingRead):
        play.answer_read(pick % len(phase.question.options))
    else:
        play.choose(pick % len(phase.choices))
    return True


MOVES = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 5).map(lambda n: n == 0)), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario_id=st.sampled_from(sorted(LIBRARY)),
    seed=st.integers(0, 2**31 - 1),
    prefix=MOVES,
    rest=MOVES,
    waited=st.floats(0, 120),
)
def test_a_restored_playthrough_plays_on_exactly_as_the_original(
    scenario_id, seed, prefix, rest, waited
):
    scenario = LIBRARY[scenario_id]
    original = Playthrough(scenario, seed=seed)
    for pick, time_out in prefix:
        if not step(original, pick, time_out):
            break
    original.tick(waited)  # part of a timer may have run before the game was cut off
    saved = json.loads(json.dumps(original.snapshot()))  # as the store keeps it
    restored = Playthrough.restore(scenario, saved)
    assert restored.state == original.state
    assert restored.snapshot() == original.snapshot()
    for pick, time_out in rest:
        went_on = step(original, pick, time_out)
        assert step(restored, pick, time_out) == went_on
        assert restored.state == original.state
        if not went_on:
            break
    assert restored.phase == original.phase
    assert restored.scores() == original.scores()
    assert restored.keys() == original.keys()


def test_phases_say_where_the_playthrough_stands():
    play = Playthrough(ENGINE, seed=1)
    phase = play.phase
    assert isinstance(phase, AwaitingRead)
    assert phase.scene.id == "hallway" and phase.question is phase.scene.read
    play.answer_read(0)
    phase = play.phase
    assert isinstance(phase, AwaitingChoice) and phase.read is not None and phase.read.correct
    while not isinstance(play.phase, Ended):
        current = play.phase
        assert isinstance(current, AwaitingChoice | AwaitingRead)
        step(play, 0, False)
    ended = play.phase
    assert isinstance(ended, Ended) and ended.ending is play.ending


def test_the_timer_runs_down_in_the_engine_and_times_out():
    play = Playthrough(ENGINE, seed=1)
    play.answer_read(0)
    play.choose(0)  # to Raj's scene, which has a 30 s timer
    assert play.scene is not None and play.scene.timer == 30
    assert play.time_left == 30
    assert play.tick(29.5) is None and play.time_left == 0.5
    decision = play.tick(1)
    assert decision is not None and decision.timed_out and decision.band == "Risky"
    assert play.decisions[-1] is decision
    assert play.scene is None or play.scene.id == decision.to


def test_a_scene_without_a_timer_has_no_time_left_and_ticks_change_nothing():
    play = Playthrough(ENGINE, seed=1)
    before = play.state
    assert play.time_left is None and play.tick(1000) is None and play.state == before


def test_restoring_into_another_or_a_changed_scenario_is_refused():
    play = Playthrough(ENGINE, seed=3)
    play.answer_read(1)
    play.choose(1)
    saved = play.snapshot()
    other = LIBRARY["friday-demo"]
    with pytest.raises(RestoreError, match="friday-demo"):
        Playthrough.restore(other, saved)
    tampered = json.loads(json.dumps(saved))
    tampered["decisions"][0]["chosen"] = 7
    with pytest.raises(RestoreError):
        Playthrough.restore(ENGINE, tampered)
    tampered = json.loads(json.dumps(saved))
    tampered["at"] = "no-such-scene"
    with pytest.raises(RestoreError):
        Playthrough.restore(ENGINE, tampered)
    tampered = json.loads(json.dumps(saved))
    tampered["version"] = 99
    with pytest.raises(RestoreError):
        Playthrough.restore(ENGINE, tampered)


def test_a_chance_goto_draws_the_same_after_a_restore_as_without_one():
    """A recorded seed replays exactly, whether or not the game was saved in between."""
    scenario = LIBRARY["vendor-slip"]
    for seed in range(40):
        straight = Playthrough(scenario, seed=seed)
        stepped = Playthrough(scenario, seed=seed)
        while step(straight, seed, False):
            stepped = Playthrough.restore(scenario, json.loads(json.dumps(stepped.snapshot())))
            step(stepped, seed, False)
            assert stepped.state == straight.state


def test_scenarios_and_states_can_be_hashed_compared_and_pickled():
    for scenario in LIBRARY.values():
        copy = pickle.loads(pickle.dumps(scenario))
        assert copy == scenario and hash(copy) == hash(scenario)
    play = Playthrough(LIBRARY["friday-demo"], seed=5)
    step(play, 1, False)
    state = pickle.loads(pickle.dumps(play.state))
    assert state == play.state and hash(state) == hash(play.state)
    assert len({play.state, state}) == 1


def test_a_loaded_model_cannot_be_changed():
    scenario = LIBRARY["friday-demo"]
    choice = next(iter(scenario.scenes.values())).choices[0]
    with pytest.raises(TypeError):
        choice.scores["eq"] = 2  # type: ignore[index]
    with pytest.raises(AttributeError):
        choice.why = "changed"  # type: ignore[misc]


def test_a_condition_tells_which_names_it_reads():
    conditions = {
        c.condition.source: c.condition.names()
        for s in LIBRARY.values()
        for scene in s.scenes.values()
        for c in scene.choices
        if c.condition is not None
    }
    assert conditions, "the library uses conditions"
    for source, names in conditions.items():
        assert names, source
        for name in names:
            bare = name.removeprefix("visited(").removesuffix(")").removesuffix(".trust")
            assert bare in source, (source, name)

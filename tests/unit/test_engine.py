"""The engine: a playthrough's state, what is on offer, and where each choice leads."""

from __future__ import annotations

from collections import Counter

import pytest

from eqtrainer.domain.engine import PlayError, Playthrough
from eqtrainer.domain.loader import load_file

from .conftest import FIXTURES

# hallway choices: 0 promise everything, 1 cut the budget, 2 detour, 3 the locked room
PROMISE, CUT, DETOUR, LOCKED = range(4)
CAUTIOUS, BORED = 0, 1  # the review scene's read answers


@pytest.fixture(scope="module")
def scenario():
    result = load_file(str(FIXTURES / "engine.yaml"))
    assert result.errors == [] and result.scenario is not None
    # the fixture is meant to carry exactly these two warnings, and nothing else
    assert sorted(d.code for d in result.diagnostics) == ["EQ502", "EQ504"]
    return result.scenario


def offered(play):
    return [c.text for c in play.choices]


def test_a_playthrough_starts_at_start_with_the_authors_values(scenario):
    play = Playthrough(scenario, seed=1)
    assert play.scene.id == "hallway"
    assert play.vars == {"budget": 10, "frozen": False}
    assert play.trust == {"dana": 50, "raj": 90}
    assert play.visited == {"hallway"}
    assert not play.finished and not play.stuck and not play.awaiting_read
    assert offered(play) == [
        "Promise everything.",
        "Cut the budget.",
        "Take the long way round.",
        "Walk into the locked room.",
    ]


def test_effects_add_to_numbers_set_booleans_and_clamp_trust_at_100(scenario):
    play = Playthrough(scenario, seed=1)
    decision = play.choose(PROMISE)
    # effects: dana +80 (50 -> 130, kept at 100), raj +30 (90 -> 120, kept at 100),
    # budget -15 (10 -> -5), frozen: true
    assert play.vars == {"budget": -5, "frozen": True}
    assert play.trust == {"dana": 100, "raj": 100}
    assert decision.trust_changes == {
        "dana": 50,
        "raj": 10,
    }  # what actually changed, after clamping
    assert (decision.scene, decision.number, decision.to) == ("hallway", 1, "review")


def test_trust_is_clamped_at_0_and_set_assigns_outright(scenario):
    play = Playthrough(scenario, seed=1)
    decision = play.choose(CUT)
    # effects: dana -80 (50 -> -30, kept at 0), budget +2.5 (10 -> 12.5); set: raj.trust 95 (90 -> 95,
    # not 90 + 95)
    assert play.trust == {"dana": 0, "raj": 95}
    assert play.vars == {"budget": 12.5, "frozen": False}
    assert decision.trust_changes == {"dana": -50, "raj": 5}


def test_set_replaces_a_number_rather_than_adding_to_it(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(DETOUR)
    assert play.vars["budget"] == 100
    assert play.scene.id == "detour" and play.visited == {"hallway", "detour"}


def test_conditions_hide_choices_and_numbers_count_only_what_is_shown(scenario):
    # after promising: frozen is true, budget is -5, the detour was never visited
    play = Playthrough(scenario, seed=1)
    play.choose(PROMISE)
    play.answer_read(CAUTIOUS)
    assert offered(play) == ["Point to the frozen scope.", "Take a gamble."]
    decision = play.choose(0)  # the first choice *shown*
    assert decision.choice.text == "Point to the frozen scope." and decision.number == 1
    assert [c.text for c in decision.offered] == ["Point to the frozen scope.", "Take a gamble."]

    # after cutting the budget: not frozen, budget 12.5
    play = Playthrough(scenario, seed=1)
    play.choose(CUT)
    play.answer_read(CAUTIOUS)
    assert offered(play) == ["Show the budget.", "Take a gamble."]


def test_visited_shows_a_choice_only_after_the_scene_was_seen(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(DETOUR)
    play.choose(0)
    play.answer_read(CAUTIOUS)
    assert offered(play) == ["Show the budget.", "Tell them about the detour.", "Take a gamble."]
    assert play.visited == {"hallway", "detour", "review"}


def test_a_scene_whose_choices_are_all_hidden_is_reported_as_stuck_not_a_crash(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(LOCKED)  # `locked` needs frozen, which is false
    assert play.stuck and not play.finished
    assert play.scene.id == "locked"
    assert play.choices == ()
    with pytest.raises(PlayError, match="no choice is on offer in scene `locked`"):
        play.choose(0)
    with pytest.raises(PlayError, match="no choice is on offer in scene `locked`"):
        play.time_out()
    # the decisions made so far still score
    assert play.scores()["communication"] == 0.0


def test_choosing_what_is_not_on_offer_is_a_play_error(scenario):
    play = Playthrough(scenario, seed=1)
    with pytest.raises(PlayError, match=r"choice 5 is not on offer; there are 4"):
        play.choose(4)
    with pytest.raises(PlayError):
        play.choose(-1)
    assert play.decisions == () and play.scene.id == "hallway"


def test_read_question_comes_first_and_counts(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(CUT)
    assert play.awaiting_read
    with pytest.raises(PlayError, match="answer the read question first"):
        play.choose(0)
    with pytest.raises(
        PlayError, match="answer 4 is not on offer; the read question has 3 answers"
    ):
        play.answer_read(3)
    answer = play.answer_read(BORED)
    assert not answer.correct and not play.awaiting_read
    with pytest.raises(PlayError, match="already answered"):
        play.answer_read(CAUTIOUS)
    decision = play.choose(0)
    assert decision.read is answer
    assert play.read_answer is None  # a new scene (here, an ending) has no answer yet
    with pytest.raises(PlayError, match="this scene has no read question"):
        Playthrough(scenario, seed=1).answer_read(0)


def test_timer_running_out_goes_to_timeout_and_counts_as_a_decision(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(CUT)
    play.answer_read(CAUTIOUS)
    decision = play.time_out()
    assert decision.timed_out and decision.chosen is None and decision.number is None
    assert decision.band == "Risky" and decision.to == "froze"
    assert decision.read.correct  # the answer given before the time ran out still counts
    assert play.finished and play.ending.id == "froze" and play.ending.outcome == "bad"


def test_timer_running_out_before_the_read_answer_counts_the_read_as_missed(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(CUT)
    decision = play.time_out()
    assert decision.read is not None and decision.read.chosen is None and not decision.read.correct
    assert play.ending.id == "froze"


def test_time_out_without_a_timer_is_a_play_error(scenario):
    play = Playthrough(scenario, seed=1)
    with pytest.raises(PlayError, match="scene `hallway` has no timer"):
        play.time_out()


def test_nothing_can_be_done_after_the_end(scenario):
    play = Playthrough(scenario, seed=1)
    play.choose(PROMISE)
    play.answer_read(CAUTIOUS)
    play.choose(0)
    assert play.finished and play.scene is None and play.choices == () and not play.stuck
    assert play.ending.id == "calm-end"
    with pytest.raises(PlayError, match="the scenario has ended"):
        play.choose(0)
    with pytest.raises(PlayError, match="the scenario has ended"):
        play.time_out()


def gamble(scenario, seed):
    play = Playthrough(scenario, seed=seed)
    play.choose(PROMISE)
    play.answer_read(CAUTIOUS)
    play.choose(1)  # "Take a gamble.": lucky-end 0.6, unlucky-end 0.2 (weights, so 3 to 1)
    return play


def test_chance_goto_is_reproducible_by_seed(scenario):
    first = [gamble(scenario, seed).ending.id for seed in range(400)]
    again = [gamble(scenario, seed).ending.id for seed in range(400)]
    assert first == again
    counts = Counter(first)
    assert set(counts) == {"lucky-end", "unlucky-end"}
    # weights 0.6 : 0.2 are 3 : 1, so about 300 of 400 are lucky (the standard deviation is 8.7)
    assert 260 <= counts["lucky-end"] <= 340


def test_without_a_seed_a_random_one_is_chosen_and_replays_the_same(scenario):
    seeds = set()
    for _ in range(5):
        play = gamble(scenario, None)
        assert isinstance(play.seed, int) and 0 <= play.seed < 2**31
        assert gamble(scenario, play.seed).ending.id == play.ending.id
        seeds.add(play.seed)
    assert len(seeds) > 1

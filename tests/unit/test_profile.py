"""The profile's judgements: strongest and weakest dimension, areas, and what to play next."""

from __future__ import annotations

from pathlib import Path

from eqtrainer.domain.loader import load_file
from eqtrainer.store.profile import build_profile, stake
from eqtrainer.store.progress import Result

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = load_file(FIXTURES / "mini-demo.yaml").scenario
SECOND = load_file(FIXTURES / "second.yaml").scenario


def result(n, scenario, communication, strategy, value, eq):
    scores = {
        "communication": communication,
        "strategy": strategy,
        "business_value": value,
        "eq": eq,
    }
    shown = [v for v in scores.values() if v is not None]
    return Result(n, "ann", None, scenario, "end", "good", scores, sum(shown) / len(shown), n, n)


def test_stake_is_the_spread_a_scenario_puts_on_a_dimension():
    # mini-demo: hallway strategy 2 - -2 = 4, pushback 2 - -1 = 3, estimate 1 - 1 = 0
    assert stake(MINI, "strategy") == 7
    assert stake(SECOND, "eq") == 0 and stake(SECOND, "strategy") == 4


def test_the_weakest_dimension_picks_a_scenario_not_played_lately_that_trains_it():
    history = [result(1, "second-fixture", 80, 20, 70, None)]
    profile = build_profile(history, [MINI, SECOND])
    assert (profile.strongest, profile.weakest) == ("communication", "strategy")
    assert profile.suggestion is MINI
    assert profile.reason == (
        "It trains strategy, your weakest dimension, and you have not played it lately."
    )
    areas = {a.area: (a.played, a.mean) for a in profile.areas}
    assert areas == {"scope": (0, None), "risk": (1, 56.7), "stakeholders": (0, None)}


def test_only_the_last_ten_count_and_a_scenario_played_lately_is_not_suggested_again():
    old = [result(n, "mini-demo", 10, 10, 10, 10) for n in range(1, 6)]
    recent = [result(n, "mini-demo", 90, 90, 20, 90) for n in range(6, 16)]
    profile = build_profile(old + recent, [MINI, SECOND])
    assert len(profile.recent) == 10 and profile.means["communication"] == 90
    assert profile.weakest == "business_value"
    assert profile.suggestion is SECOND  # mini-demo trains it more, but was played lately


def test_with_nothing_finished_a_gentle_start_is_suggested():
    profile = build_profile([], [MINI, SECOND])
    assert profile.recent == () and profile.weakest is None and profile.strongest is None
    assert profile.suggestion is SECOND  # difficulty 1 before 2

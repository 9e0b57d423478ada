"""The scoring formula of the format contract, on examples computed by hand.

For each dimension: score = sum(chosen - worst) / sum(best - worst) over the decisions faced,
judged against the options actually on offer; a decision whose options tie on a dimension does
not count for it; a dimension nothing put at stake has no score (None). Read answers count for
eq as 1 or 0. A timeout scores as the worst option on every dimension and is Risky. Bands:
Best = top total on offer (ties included), Sound = positive but not top, Risky = zero or below.
"""

from __future__ import annotations

from eqtrainer.domain.model import Branch, Choice, ReadOption, ReadQuestion
from eqtrainer.domain.scoring import (
    BEST,
    RISKY,
    SOUND,
    Decision,
    ReadAnswer,
    band,
    best_options,
    dimension_fractions,
    percentages,
)


def option(communication=0, strategy=0, business_value=0, eq=0, text="an option"):
    scores = {
        "communication": communication,
        "strategy": strategy,
        "business_value": business_value,
        "eq": eq,
    }
    return Choice(text=text, scores=scores, why="because", goto=(Branch("end"),))


def decide(offered, chosen, read=None):
    return Decision("scene", tuple(offered), chosen, read)


QUESTION = ReadQuestion(
    "How does she feel?", (ReadOption("Anxious", True), ReadOption("Angry", False)), "why"
)


def test_two_decisions_sum_chosen_minus_worst_over_best_minus_worst():
    first = [
        option(communication=2, strategy=-1),
        option(communication=-1, strategy=2),
        option(communication=0, strategy=1),
    ]
    second = [option(communication=1, strategy=0), option(communication=-2, strategy=2)]
    decisions = [decide(first, 0), decide(second, 1)]
    # communication: first  best 2, worst -1, chosen 2  -> gained 3 of 3
    #                second best 1, worst -2, chosen -2 -> gained 0 of 3      => 3 / 6 = 50.0 %
    # strategy:      first  best 2, worst -1, chosen -1 -> gained 0 of 3
    #                second best 2, worst 0,  chosen 2  -> gained 2 of 2      => 2 / 5 = 40.0 %
    # business_value and eq: every option is 0, nothing at stake             => None
    assert percentages(decisions) == {
        "communication": 50.0,
        "strategy": 40.0,
        "business_value": None,
        "eq": None,
    }
    assert dimension_fractions(decisions) == {
        "communication": 0.5,
        "strategy": 0.4,
        "business_value": None,
        "eq": None,
    }


def test_it_is_the_sum_of_gains_over_the_sum_of_ranges_not_the_mean_of_ratios():
    wide = [option(communication=-2), option(communication=2)]  # range 4
    narrow = [option(communication=0), option(communication=1)]  # range 1
    decisions = [decide(wide, 1), decide(narrow, 0)]
    # (4 + 0) / (4 + 1) = 80.0 %   (a mean of ratios would give (1 + 0) / 2 = 50 %)
    assert percentages(decisions)["communication"] == 80.0


def test_a_decision_where_every_option_ties_on_a_dimension_does_not_count_for_it():
    tie = [option(communication=1, strategy=2), option(communication=1, strategy=-2)]
    # communication: both options score 1, so nothing was at stake there: no score, not 0 % or 100 %
    # strategy: chosen -2, worst -2, best 2 -> 0 of 4 => 0.0 %
    assert percentages([decide(tie, 1)]) == {
        "communication": None,
        "strategy": 0.0,
        "business_value": None,
        "eq": None,
    }
    other = [option(communication=2), option(communication=-2)]
    # communication: the tie adds nothing; the second decision gains 4 of 4          => 100.0 %
    # strategy: the second decision ties at 0 and adds nothing                     => still 0.0 %
    assert percentages([decide(tie, 1), decide(other, 0)]) == {
        "communication": 100.0,
        "strategy": 0.0,
        "business_value": None,
        "eq": None,
    }


def test_only_the_options_on_offer_count():
    # a condition hid the option that scored 2; of what was shown, 1 was the best
    shown = [option(strategy=1), option(strategy=-1)]
    assert percentages([decide(shown, 0)])["strategy"] == 100.0  # (1 - -1) / (1 - -1)


def test_no_decisions_means_no_score_at_all():
    assert percentages([]) == {
        "communication": None,
        "strategy": None,
        "business_value": None,
        "eq": None,
    }


def test_read_answers_count_for_eq_as_one_or_zero():
    choices = [option(eq=2), option(eq=-2)]
    right, wrong = ReadAnswer(QUESTION, 0), ReadAnswer(QUESTION, 1)
    decisions = [decide(choices, 0, read=wrong), decide(choices, 1, read=right)]
    # eq: choices gain 4 of 4 and 0 of 4; reads gain 0 of 1 and 1 of 1 => (4 + 0 + 0 + 1) / (4 + 4 + 1 + 1) = 50.0 %
    assert percentages(decisions)["eq"] == 50.0
    # reads count even where the choices tie on eq, and only for eq
    flat = [option(communication=1), option(communication=0)]
    assert percentages([decide(flat, 0, read=right)]) == {
        "communication": 100.0,
        "strategy": None,
        "business_value": None,
        "eq": 100.0,
    }
    assert percentages([decide(flat, 0, read=wrong)])["eq"] == 0.0


def test_a_timeout_scores_as_the_worst_option_on_every_dimension():
    offered = [
        option(communication=2, strategy=1, business_value=-1, eq=1),
        option(communication=-1, strategy=2, business_value=1, eq=0),
    ]
    good = decide(offered, 0)
    late = decide(offered, None, read=ReadAnswer(QUESTION, None))
    # communication: good gains 2 - -1 = 3 of 3; the timeout gains 0 of 3          => 3 / 6 = 50.0 %
    # strategy:      good gains 1 - 1 = 0 of 1; timeout 0 of 1                     => 0.0 %
    # business_value: good gains -1 - -1 = 0 of 2; timeout 0 of 2                  => 0.0 %
    # eq: good gains 1 of 1; timeout 0 of 1; the unanswered read 0 of 1            => 1 / 3 = 33.3 %
    assert percentages([good, late]) == {
        "communication": 50.0,
        "strategy": 0.0,
        "business_value": 0.0,
        "eq": 33.3,
    }
    assert late.timed_out and late.band == RISKY and late.choice is None


def test_percentages_have_one_decimal():
    offered = [option(strategy=2), option(strategy=1), option(strategy=-1)]
    # 2/3 = 66.666...% -> 66.7; 1/3 = 33.3
    assert percentages([decide(offered, 1)])["strategy"] == 66.7
    assert (
        percentages([decide(offered, 1), decide(offered, 2)])["strategy"] == 33.3
    )  # (2 + 0) / (3 + 3)


def test_decimal_scores_from_an_expert_panel():
    offered = [option(communication=1.5, strategy=0.5), option(communication=-0.5, strategy=-1.25)]
    # communication: (-0.5 - -0.5) / (1.5 - -0.5) = 0 / 2 = 0.0 %;  strategy: 0 / 1.75 = 0.0 %
    # choosing the first: 2 / 2 = 100.0 % and 1.75 / 1.75 = 100.0 %
    assert percentages([decide(offered, 1)])["communication"] == 0.0
    assert percentages([decide(offered, 0)])["strategy"] == 100.0
    offered = [option(communication=0.25), option(communication=1.0), option(communication=-0.75)]
    # (0.25 - -0.75) / (1.0 - -0.75) = 1 / 1.75 = 57.142...% -> 57.1
    assert percentages([decide(offered, 0)])["communication"] == 57.1


# -- bands -------------------------------------------------------------------------------------


def test_bands_best_sound_risky():
    offered = [
        option(2, 2, 1, 1),  # total 6: the top
        option(1, 1, 0, 0),  # total 2: positive, not top
        option(1, -1, 0, 0),  # total 0: zero is Risky
        option(-1, -2, 1, 0),
    ]  # total -2
    assert [band(offered, i) for i in range(4)] == [BEST, SOUND, RISKY, RISKY]
    assert [decide(offered, i).band for i in range(4)] == [BEST, SOUND, RISKY, RISKY]
    assert best_options(offered) == [0]


def test_best_includes_ties():
    offered = [
        option(communication=2, strategy=0),
        option(communication=0, strategy=2),
        option(communication=1),
    ]
    # totals 2, 2, 1: both 2s are Best, the 1 is Sound
    assert [band(offered, i) for i in range(3)] == [BEST, BEST, SOUND]
    assert best_options(offered) == [0, 1]


def test_the_top_total_is_best_even_when_it_is_not_positive():
    offered = [option(communication=-1), option(communication=-2, strategy=-1)]
    # totals -1 and -3: the least bad option is still the best one on offer
    assert [band(offered, i) for i in range(2)] == [BEST, RISKY]


def test_a_timeout_is_risky_even_when_every_option_is_good():
    offered = [option(communication=2), option(communication=1)]
    assert band(offered, None) == RISKY


def test_decimal_totals_that_are_equal_as_written_tie():
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point; as written, it equals 0.3
    offered = [option(communication=0.1, strategy=0.2), option(communication=0.3)]
    assert [band(offered, i) for i in range(2)] == [BEST, BEST]
    assert best_options(offered) == [0, 1]
    # 0.1 + 0.2 - 0.3 is zero as written (5.5e-17 in floating point): Risky, not Sound
    offered = [
        option(communication=1),
        option(communication=0.1, strategy=0.2, business_value=-0.3),
    ]
    assert band(offered, 1) == RISKY


def test_decision_reports_what_was_pressed():
    offered = [option(communication=1), option(communication=2)]
    decision = decide(offered, 1)
    assert (decision.number, decision.choice, decision.best, decision.timed_out) == (
        2,
        offered[1],
        [1],
        False,
    )


def test_percentages_round_halves_up_as_a_player_would():
    from eqtrainer.domain.scoring import percentages

    class OneDecision:  # a decision where the choice gained 1 of 16 possible points on strategy
        def __init__(self, offered, chosen):
            self.offered, self.chosen, self.read = offered, chosen, None

    from eqtrainer.domain.model import Branch, Choice

    def choice(strategy):
        return Choice(
            text="x",
            scores={"communication": 0, "strategy": strategy, "business_value": 0, "eq": 0},
            why="y",
            goto=(Branch("end"),),
        )

    # 1/16 = 6.25% and 3/16 = 18.75%: both halves go up
    offered = (choice(0), choice(0.125), choice(2))
    assert percentages([OneDecision(offered, 1)])["strategy"] == 6.3
    offered = (choice(0), choice(0.375), choice(2))
    assert percentages([OneDecision(offered, 1)])["strategy"] == 18.8

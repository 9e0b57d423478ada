"""Scoring a playthrough, exactly as the format contract defines it.

Each decision is judged against the options the player actually had: for every dimension,
score = sum(chosen - worst) / sum(best - worst) over the decisions where the options differ.
A dimension no decision put at stake has no score (None). `read` answers count for EQ as 1
or 0. A timer that runs out scores as the worst option on offer, band Risky.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .model import DIMENSIONS, Choice, FrozenDict, ReadQuestion

BEST, SOUND, RISKY = "Best", "Sound", "Risky"


@dataclass(frozen=True, slots=True)
class ReadAnswer:
    question: ReadQuestion
    chosen: int | None  # None: the timer ran out before an answer

    @property
    def correct(self) -> bool:
        return self.chosen is not None and self.question.options[self.chosen].correct


@dataclass(frozen=True, slots=True)
class Decision:
    """One choice faced: what was on offer, what was taken, and what it changed."""

    scene: str
    offered: tuple[Choice, ...]
    chosen: int | None  # index into offered; None when the timer ran out
    read: ReadAnswer | None = None
    trust_changes: Mapping[str, float] = field(default_factory=FrozenDict)
    to: str = ""

    @property
    def timed_out(self) -> bool:
        return self.chosen is None

    @property
    def choice(self) -> Choice | None:
        return None if self.chosen is None else self.offered[self.chosen]

    @property
    def number(self) -> int | None:
        """What the player pressed: the choice's 1-based position among those shown."""
        return None if self.chosen is None else self.chosen + 1

    @property
    def best(self) -> list[int]:
        return best_options(self.offered)

    @property
    def band(self) -> str:
        return band(self.offered, self.chosen)


def _total(choice: Choice) -> float:
    """A choice's total across the dimensions, rounded so that decimal scores tie as written:
    0.1 + 0.2 must tie with 0.3, and 0.1 + 0.2 - 0.3 is zero, not a positive sliver."""
    return round(choice.total, 9)


def best_options(offered: tuple[Choice, ...]) -> list[int]:
    top = max(_total(c) for c in offered)
    return [i for i, c in enumerate(offered) if _total(c) == top]


def band(offered: tuple[Choice, ...], chosen: int | None) -> str:
    """Best: the top total on offer (ties included); Sound: positive, not top; Risky: the rest."""
    if chosen is None:
        return RISKY
    total = _total(offered[chosen])
    if total == max(_total(c) for c in offered):
        return BEST
    return SOUND if total > 0 else RISKY


def dimension_fractions(decisions: Iterable[Decision]) -> dict[str, float | None]:
    """Each dimension's score as a fraction 0..1, or None when nothing put it at stake."""
    gained = dict.fromkeys(DIMENSIONS, 0.0)
    possible = dict.fromkeys(DIMENSIONS, 0.0)
    for decision in decisions:
        offered = decision.offered
        for dimension in DIMENSIONS:
            values = [c.scores[dimension] for c in offered]
            best, worst = max(values), min(values)
            if best == worst:
                continue
            chosen = worst if decision.chosen is None else values[decision.chosen]
            gained[dimension] += chosen - worst
            possible[dimension] += best - worst
        if decision.read is not None:
            possible["eq"] += 1
            gained["eq"] += 1 if decision.read.correct else 0
    return {d: (gained[d] / possible[d] if possible[d] else None) for d in DIMENSIONS}


def percentages(decisions: Iterable[Decision]) -> dict[str, float | None]:
    """Scores as percentages with one decimal, as shown to players and printed by replay.

    Halves round up (1/16 is 6.3%, as a player would round it), not to even as round() does.
    """
    return {
        d: (None if f is None else math.floor(1000 * f + 0.5 + 1e-9) / 10)
        for d, f in dimension_fractions(decisions).items()
    }

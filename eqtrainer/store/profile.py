"""Where a player stands: the four dimensions over their last playthroughs, their results per
knowledge area, their strongest and weakest dimension, and what to play next.

Pure: it reads finished playthroughs (`Progress.history`) and the library's scenarios.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.model import Scenario
from ..domain.vocabulary import AREAS, DIMENSION_LABELS, DIMENSIONS
from .progress import Result

RECENT = 10  # playthroughs the chart shows and the strengths are judged on
LATELY = 5  # a scenario among the player's last LATELY playthroughs was "played lately"


@dataclass(frozen=True, slots=True)
class AreaResult:
    area: str
    played: int
    mean: float | None  # the mean overall score of those playthroughs


@dataclass(frozen=True, slots=True)
class Profile:
    recent: tuple[Result, ...]  # oldest first
    means: dict[str, float | None]  # each dimension over `recent`
    strongest: str | None
    weakest: str | None
    areas: tuple[AreaResult, ...]
    suggestion: Scenario | None
    reason: str  # why the suggestion, in a sentence

    def series(self, dimension: str) -> list[tuple[int, float]]:
        """(playthrough number among `recent`, score) where the dimension was at stake."""
        return [
            (n, score)
            for n, result in enumerate(self.recent, 1)
            if (score := result.scores.get(dimension)) is not None
        ]


def stake(scenario: Scenario, dimension: str) -> float:
    """How much a scenario trains a dimension: the spread between its best and worst option
    on that dimension, summed over its decisions."""
    total = 0.0
    for scene in scenario.scenes.values():
        values = [c.scores[dimension] for c in scene.choices]
        if values:
            total += max(values) - min(values)
    return total


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_profile(
    history: Sequence[Result], scenarios: Sequence[Scenario], recent: int = RECENT
) -> Profile:
    """The profile from a player's finished playthroughs (oldest first) and the library."""
    last = tuple(history[-recent:])
    means = {d: _mean([s for r in last if (s := r.scores.get(d)) is not None]) for d in DIMENSIONS}
    judged = [(m, d) for d, m in means.items() if m is not None]
    strongest = max(judged, key=lambda md: (md[0], -DIMENSIONS.index(md[1])))[1] if judged else None
    # the weakest: lowest mean; ties go to the dimension listed first
    weakest = min(judged, key=lambda md: (md[0], DIMENSIONS.index(md[1])))[1] if judged else None
    if strongest == weakest:
        strongest = None if len(judged) < 2 else strongest

    areas_of = {s.id: s.areas for s in scenarios}
    areas = []
    for area in AREAS:
        played = [r for r in history if area in areas_of.get(r.scenario, ())]
        if played or any(area in s.areas for s in scenarios):
            scores = [r.overall for r in played if r.overall is not None]
            areas.append(AreaResult(area, len(played), _mean(scores)))

    suggestion, reason = _suggest(history, scenarios, weakest)
    return Profile(last, means, strongest, weakest, tuple(areas), suggestion, reason)


def _suggest(
    history: Sequence[Result], scenarios: Sequence[Scenario], weakest: str | None
) -> tuple[Scenario | None, str]:
    if not scenarios:
        return None, "No scenarios to suggest."
    if weakest is None:
        first = min(scenarios, key=lambda s: (s.difficulty, s.title.lower()))
        return first, "Finish a scenario to see where you stand; this one is a gentle start."
    lately = {r.scenario for r in history[-LATELY:]}
    fresh = [s for s in scenarios if s.id not in lately]
    label = DIMENSION_LABELS[weakest].lower() if weakest != "eq" else "EQ"
    if fresh:
        best = max(fresh, key=lambda s: (stake(s, weakest), -s.difficulty, s.title.lower()))
        return (
            best,
            f"It trains {label}, your weakest dimension, and you have not played it lately.",
        )
    # everything was played lately: the one played longest ago
    last_played = {r.scenario: i for i, r in enumerate(history)}
    oldest = min(scenarios, key=lambda s: (last_played.get(s.id, -1), -stake(s, weakest)))
    return oldest, f"It trains {label}, your weakest dimension; you played it longest ago."

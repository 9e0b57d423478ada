"""How hard a scenario's key is to guess: the figures of issue 15 (items 1 and 3).

A decision is a scene with two or more choices. Its options are all the choices the author
wrote there, conditions ignored (a condition hides an option on some paths, but the key is
the author's whole list). "The best option" is the first, in the author's order, of the
options with the top total of the four scores (the game's Best band).

Figures per decision:
- dominant: the best option scores at least as much as every other option on each of the
  four dimensions at once (the player can spot it without weighing anything);
- greedy on a dimension: a player who always takes the highest score on that one
  dimension "lands on Best" when that option's total is the top total. When several
  options tie for the highest score on the dimension, the player cannot tell them apart,
  so the decision counts as the share of them that are Best (a tie between the Best
  option and one other counts 1/2). The author's order never decides: a key cannot pass
  this limit by writing the tied distractor first;
- close runner-up: some Sound option (positive total, below the top) is within 2 points of
  the best option's total;
- position: the best option's 1-based position in the author's order;
- best is longest: no other option's text is longer than the best option's (ties count as
  longest: a tie still gives the key away to a player who compares lengths).
  Lengths are in characters, with runs of white space counted as one.

Figures per read question: whether the (first) right answer is the longest option, by the
same rule. A scenario's best path is the way the engine goes when the player always answers
the read question right and picks the best option among those on offer; at a chance goto
every branch is followed, and `reads_on_best_path` is the fewest reads met on any of them.

`python -m eqtrainer.domain.key_figures FILE_OR_DIR...` prints the figures per scenario and
for the library, and the limits of issue 15 the library crosses.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .engine import AwaitingChoice, AwaitingRead, PlayState, Playthrough
from .model import DIMENSIONS, Choice, ReadQuestion, Scenario, Scene
from .scoring import best_options

__all__ = [
    "LIMITS",
    "DecisionFigures",
    "Figures",
    "best_path_reads",
    "breaches",
    "decision_figures",
    "library_figures",
    "main",
    "read_right_is_longest",
    "scenario_figures",
]

CLOSE = 2.0  # a Sound runner-up within this many points of the best counts as close
MOST_PATHS = 10_000  # best paths followed through chance gotos before giving up
MOST_STEPS = 500  # decisions on one best path before it counts as a loop

# The limits of issue 15, as fractions of decisions (or of read questions).
LIMITS: Mapping[str, float] = {
    "dominant": 0.25,  # at most
    "greedy": 2 / 3,  # at most, on every dimension
    "close_runner_up": 0.50,  # at least
    "best_in_one_position": 0.40,  # at most
    "best_longest": 1 / 3,  # at most
    "right_read_longest": 1 / 3,  # at most
    "reads_per_scenario": 2,  # at least
    "reads_on_best_path": 1,  # at least
}


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def _is_longest(texts: Sequence[str], index: int) -> bool:
    lengths = [_length(t) for t in texts]
    return lengths[index] == max(lengths)


@dataclass(frozen=True, slots=True)
class DecisionFigures:
    scene: str
    options: int
    best: int  # 0-based position of the best option
    dominant: bool
    greedy_best: Mapping[str, float]  # per dimension: the share of its top options that are Best
    close_runner_up: bool
    best_is_longest: bool


def _greedy_lands_on_best(choices: Sequence[Choice], dimension: str, tops: list[int]) -> float:
    """The share of the options with the highest score on `dimension` that are Best."""
    values = [c.scores.get(dimension, 0.0) for c in choices]
    highest = [i for i, v in enumerate(values) if v == max(values)]
    return sum(1 for i in highest if i in tops) / len(highest)


def decision_figures(scene: Scene) -> DecisionFigures:
    """The figures of one decision scene (two or more choices)."""
    choices = scene.choices
    if len(choices) < 2:
        raise ValueError(f"scene `{scene.id}` is not a decision: it has {len(choices)} choice(s)")
    tops = best_options(choices)
    best = tops[0]
    top = round(choices[best].total, 9)
    dominant = all(
        choices[best].scores.get(d, 0.0) >= other.scores.get(d, 0.0)
        for other in choices
        for d in DIMENSIONS
    )
    greedy = {d: _greedy_lands_on_best(choices, d, tops) for d in DIMENSIONS}
    close = any(0 < round(c.total, 9) < top and top - round(c.total, 9) <= CLOSE for c in choices)
    return DecisionFigures(
        scene=scene.id,
        options=len(choices),
        best=best,
        dominant=dominant,
        greedy_best=greedy,
        close_runner_up=close,
        best_is_longest=_is_longest([c.text for c in choices], best),
    )


def read_right_is_longest(question: ReadQuestion) -> bool:
    texts = [o.text for o in question.options]
    right = next(i for i, o in enumerate(question.options) if o.correct)
    return _is_longest(texts, right)


def best_path_reads(scenario: Scenario) -> int:
    """The fewest read questions met on any best path (see the module's docstring)."""
    start = Playthrough(scenario, seed=0).state
    fewest: int | None = None
    paths = 0
    stack: list[tuple[PlayState, int, int]] = [(start, 0, 0)]
    while stack and paths < MOST_PATHS:
        state, reads, steps = stack.pop()
        play = Playthrough.at(scenario, state)
        phase = play.phase
        if isinstance(phase, AwaitingRead):
            reads += 1
            play.answer_read(next(i for i, o in enumerate(phase.question.options) if o.correct))
            phase = play.phase
        if not isinstance(phase, AwaitingChoice) or steps >= MOST_STEPS:
            paths += 1
            fewest = reads if fewest is None else min(fewest, reads)
            continue
        index = best_options(phase.choices)[0]
        here = play.state
        for outcome in range(len(phase.choices[index].goto)):
            branch = Playthrough.at(scenario, here)
            branch.choose(index, outcome)
            stack.append((branch.state, reads, steps + 1))
    return 0 if fewest is None else fewest


@dataclass(frozen=True)
class Figures:
    """Counts over one scenario or a library; the shares are computed from them."""

    scenarios: int = 0
    decisions: int = 0
    dominant: int = 0
    # per dimension: decisions where greedy on it lands on Best (ties count their share)
    greedy_best: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS, 0.0))
    close_runner_up: int = 0
    best_positions: Mapping[int, int] = field(default_factory=dict)  # 1-based position: count
    best_longest: int = 0
    reads: int = 0
    right_read_longest: int = 0
    # scenario id: (read questions, fewest reads on a best path)
    read_counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def share(self, count: float, of_reads: bool = False) -> float:
        whole = self.reads if of_reads else self.decisions
        return count / whole if whole else 0.0

    @property
    def best_in_one_position(self) -> tuple[int, int]:
        """The position most often best (1-based) and how often; (0, 0) with no decisions."""
        if not self.best_positions:
            return (0, 0)
        position = max(sorted(self.best_positions), key=lambda p: self.best_positions[p])
        return (position, self.best_positions[position])

    @property
    def scenarios_with_read_on_best_path(self) -> int:
        return sum(1 for _, on_path in self.read_counts.values() if on_path >= 1)

    def __add__(self, other: Figures) -> Figures:
        positions = Counter(self.best_positions)
        positions.update(other.best_positions)
        return Figures(
            scenarios=self.scenarios + other.scenarios,
            decisions=self.decisions + other.decisions,
            dominant=self.dominant + other.dominant,
            greedy_best={d: self.greedy_best[d] + other.greedy_best[d] for d in DIMENSIONS},
            close_runner_up=self.close_runner_up + other.close_runner_up,
            best_positions=dict(positions),
            best_longest=self.best_longest + other.best_longest,
            reads=self.reads + other.reads,
            right_read_longest=self.right_read_longest + other.right_read_longest,
            read_counts={**self.read_counts, **other.read_counts},
        )


def scenario_figures(scenario: Scenario) -> Figures:
    decisions = [decision_figures(s) for s in scenario.scenes.values() if len(s.choices) >= 2]
    reads = [s.read for s in scenario.scenes.values() if s.read is not None]
    positions = Counter(d.best + 1 for d in decisions)
    return Figures(
        scenarios=1,
        decisions=len(decisions),
        dominant=sum(d.dominant for d in decisions),
        greedy_best={dim: sum(d.greedy_best[dim] for d in decisions) for dim in DIMENSIONS},
        close_runner_up=sum(d.close_runner_up for d in decisions),
        best_positions=dict(positions),
        best_longest=sum(d.best_is_longest for d in decisions),
        reads=len(reads),
        right_read_longest=sum(read_right_is_longest(r) for r in reads),
        read_counts={scenario.id: (len(reads), best_path_reads(scenario))},
    )


def library_figures(scenarios: Iterable[Scenario]) -> Figures:
    total = Figures()
    for scenario in scenarios:
        total = total + scenario_figures(scenario)
    return total


EPSILON = 1e-9  # shares of ties add up in floating point: 1/3 + 1/3 + 1/3 is not quite 1


def breaches(figures: Figures) -> list[str]:
    """Every limit of issue 15 the figures cross, as one plain sentence each."""
    found: list[str] = []
    n = figures.decisions

    def over(count: float, limit: str, of_reads: bool = False) -> bool:
        return figures.share(count, of_reads) > LIMITS[limit] + EPSILON

    def pct(count: float, of_reads: bool = False) -> str:
        whole = figures.reads if of_reads else n
        return f"{_count(count)} of {whole} ({100 * figures.share(count, of_reads):.0f}%)"

    if over(figures.dominant, "dominant"):
        found.append(f"the best option dominates in {pct(figures.dominant)}; at most 25%")
    for dim in DIMENSIONS:
        if over(figures.greedy_best[dim], "greedy"):
            found.append(
                f"always picking the top {dim} lands on Best in {pct(figures.greedy_best[dim])};"
                " at most two thirds"
            )
    if n and figures.share(figures.close_runner_up) < LIMITS["close_runner_up"] - EPSILON:
        found.append(
            f"a Sound runner-up within 2 points in only {pct(figures.close_runner_up)};"
            " at least half"
        )
    position, count = figures.best_in_one_position
    if over(count, "best_in_one_position"):
        found.append(f"the best option is choice {position} in {pct(count)}; at most 40%")
    if over(figures.best_longest, "best_longest"):
        found.append(
            f"the best option is the longest in {pct(figures.best_longest)}; at most a third"
        )
    if over(figures.right_read_longest, "right_read_longest", of_reads=True):
        found.append(
            f"the right read answer is the longest in {pct(figures.right_read_longest, True)};"
            " at most a third"
        )
    for scenario_id, (reads, on_path) in sorted(figures.read_counts.items()):
        if reads < LIMITS["reads_per_scenario"]:
            found.append(f"{scenario_id}: {reads} read question(s); at least 2")
        if on_path < LIMITS["reads_on_best_path"]:
            found.append(f"{scenario_id}: no read question on the best path")
    return found


def _count(count: float) -> str:
    """A count as written: whole numbers plain, shares of ties with one decimal."""
    return f"{count:.0f}" if abs(count - round(count)) < 1e-9 else f"{count:.1f}"


def report(figures: Figures, name: str) -> list[str]:
    """The figures as lines of text, for the command line and the catalogue."""

    def pct(count: float, of_reads: bool = False) -> str:
        whole = figures.reads if of_reads else figures.decisions
        return f"{_count(count)}/{whole} ({100 * figures.share(count, of_reads):.0f}%)"

    position, count = figures.best_in_one_position
    greedy = ", ".join(f"{d} {pct(figures.greedy_best[d])}" for d in DIMENSIONS)
    positions = " ".join(f"{p}:{c}" for p, c in sorted(figures.best_positions.items()))
    on_path = figures.scenarios_with_read_on_best_path
    return [
        f"{name}: {figures.decisions} decisions, {figures.reads} read questions",
        f"  best dominates on all four:      {pct(figures.dominant)}",
        f"  greedy on one dimension -> Best: {greedy}",
        f"  Sound runner-up within 2 points: {pct(figures.close_runner_up)}",
        f"  best option's positions:         {positions} (most: choice {position}, {pct(count)})",
        f"  best option is the longest:      {pct(figures.best_longest)}",
        f"  right read answer is longest:    {pct(figures.right_read_longest, True)}",
        f"  scenarios with a read on the best path: {on_path}/{figures.scenarios}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    from .loader import load_library

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print("usage: python -m eqtrainer.domain.key_figures FILE_OR_DIR...")
        return 0 if args else 2
    library = load_library(args)
    errors = [d for d in library.diagnostics if d.severity == "error"]
    for diagnostic in errors:
        print(diagnostic, file=sys.stderr)
    if not library.scenarios:
        print("no scenario loaded", file=sys.stderr)
        return 1
    total = Figures()
    for scenario in library.scenarios:
        figures = scenario_figures(scenario)
        total = total + figures
        reads, on_path = figures.read_counts[scenario.id]
        print("\n".join(report(figures, scenario.id)))
        print(f"  reads on the best path (fewest): {on_path} of {reads}")
    print()
    print("\n".join(report(total, f"library of {total.scenarios} scenarios")))
    crossed = breaches(total)
    for line in crossed:
        print(f"  limit crossed: {line}")
    if not crossed:
        print("  every limit of issue 15 is met")
    return 1 if errors or crossed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head` closed the pipe: the reader has what it wanted
        sys.stderr.close()
        sys.exit(0)

"""`eqtrainer analyze`: the story as a whole, for its author.

The play states a scenario can reach are explored once, following the engine's own rules
(conditions, effects, every chance outcome, timers). States that differ only in their
history are one state (memoised on `PlayState.where()`), so the search stays small; a bound
stops it with a clear message. A step that leads back to a state already on the current
path (a loop) is not followed again: paths are counted and scored without repeating a state.

Scores over a path are the contract's ratios (sum gained / sum possible), which do not add
up along a path, so the best and worst per dimension are found by Dinkelbach's method: a
longest-path pass over the state graph for `gained - λ·possible`, repeated with λ set to the
ratio found until it stops improving (a handful of passes).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .engine import AwaitingRead, Ended, Playthrough, Stuck
from .key_figures import Figures, breaches, decision_figures, read_right_is_longest
from .model import DIMENSIONS, Scenario
from .scoring import BEST, best_options
from .state_graph import (
    _EPSILON,
    MOST_STATES,
    Key,
    StateGraph,
    Step,
    leaves_first,
    state_graph,
)


@dataclass(frozen=True, slots=True)
class Extreme:
    score: float | None  # percentage, None when no path puts the dimension at stake
    path: tuple[str, ...]  # "scene:choice" steps
    ending: str | None


Lists = tuple[list[bool], list[list[tuple[int, Step]]]]


def _lists(graph: StateGraph, order: list[Key]) -> Lists:
    """The graph as plain lists, built once: whether each state of `order` is an ending, and
    its steps as (the target's position in `order`, step); targets come earlier."""
    position = {node: index for index, node in enumerate(order)}
    return (
        [node in graph.endings for node in order],
        [[(position[s.target], s) for s in graph.steps.get(node, [])] for node in order],
    )


def _best_ratio(
    graph: StateGraph,
    order: list[Key],
    lists: Lists,
    dim: int,
    worst: bool,
    only_best: bool = False,
) -> Extreme:
    """The highest (or, with `worst`, lowest) ratio over paths from start to an ending;
    with `only_best`, over the paths that take a Best option at every decision."""

    def gain(step: Step) -> tuple[float, float]:
        g, p = step.gained[dim], step.possible[dim]
        if step.read and DIMENSIONS[dim] == "eq":
            # One point at stake: the best path answers right, the worst answers wrong.
            g, p = (g if worst else g + 1), p + 1
        return ((p - g) if worst else g), p

    # For each state in `order`, its usable steps as (target's position, gain, stake, step).
    is_ending, plain = lists
    edges = [
        [
            (target, *gain(step), step)
            for target, step in steps
            if not only_best or step.band == BEST
        ]
        for steps in plain
    ]
    start = order.index(graph.start)

    # Start at 100%: when a path reaches it (the usual case for one dimension on its own) the
    # first pass finds it; otherwise that pass's path gives a ratio to improve on.
    lam = 1.0
    chosen: tuple[float, float, list[Step], str | None] = (0.0, 0.0, [], None)
    for rounds in range(50):
        value: list[tuple[float, float] | None] = [None] * len(order)
        pick: list[int] = [-1] * len(order)
        for index in range(len(order)):
            if is_ending[index]:
                value[index] = (0.0, 0.0)
                continue
            top: tuple[float, float] | None = None
            for number, (target, g, p, _step) in enumerate(edges[index]):
                reached = value[target]
                if reached is None:
                    continue  # a stuck state or a dead branch: no ending that way
                here = (reached[0] + g - lam * p, reached[1] + p)
                if top is None or here > top:
                    top, pick[index] = here, number
            value[index] = top
        best_value = value[start]
        if best_value is None:
            return Extreme(None, (), None)
        path: list[Step] = []
        index = start
        total_g = total_p = 0.0
        while pick[index] >= 0:
            target, g, p, taken = edges[index][pick[index]]
            path.append(taken)
            total_g, total_p = total_g + g, total_p + p
            index = target
        node = order[index]
        ending = graph.endings.get(node)
        if total_p <= 0:
            break
        ratio = total_g / total_p
        if chosen[1] <= 0 or ratio > chosen[0] / chosen[1]:
            chosen = (total_g, total_p, path, ending)
        if ratio >= 1 - _EPSILON or (rounds > 0 and best_value[0] <= _EPSILON):
            break
        lam = ratio
    total_g, total_p, path, ending = chosen
    if total_p <= 0:
        return Extreme(None, (), None)
    ratio = total_g / total_p
    score = 100 * (1 - ratio if worst else ratio)
    return Extreme(round(score, 1), tuple(s.label() for s in path), ending)


def _path_counts(graph: StateGraph, order: list[Key]) -> dict[str, int]:
    """Distinct paths from start to each ending (each choice and chance outcome a step)."""
    counts: dict[Key, Counter[str]] = {}
    for node in order:
        if node in graph.endings:
            counts[node] = Counter({graph.endings[node]: 1})
            continue
        total: Counter[str] = Counter()
        for step in graph.steps.get(node, []):
            total.update(counts.get(step.target, Counter()))
        counts[node] = total
    return dict(counts.get(graph.start, Counter()))


# -- the answer key, decision by decision -------------------------------------------------------
def _decision_figures(scenario: Scenario, graph: StateGraph) -> dict[str, Any]:
    """No-trade-off decisions (the author's whole list, as key_figures counts them), and ties
    and margins among the options a player can see together (conditions that exclude each
    other do not make a tie); a scene never reached counts with all its choices."""
    dominated: list[str] = []
    ties: list[str] = []
    margins: list[tuple[str, float]] = []
    for scene in scenario.scenes.values():
        choices = scene.choices
        if len(choices) < 2:
            continue
        if decision_figures(scene).dominant:
            dominated.append(scene.id)
        seen = graph.offered.get(scene.id) or {tuple(range(len(choices)))}
        sets = [tuple(choices[i] for i in shown) for shown in seen if len(shown) >= 2]
        if not sets:
            continue
        if any(len(best_options(shown)) > 1 for shown in sets):
            ties.append(scene.id)
        gaps = []
        for shown in sets:
            totals = sorted((round(c.total, 9) for c in shown), reverse=True)
            gaps.append(totals[0] - totals[1])
        margins.append((scene.id, round(min(gaps), 2)))
    decisions = sum(1 for scene in scenario.scenes.values() if len(scene.choices) >= 2)
    margin_values = [m for _, m in margins]
    return {
        "decisions": decisions,
        "no_trade_off": dominated,
        "no_trade_off_share": round(len(dominated) / decisions, 3) if decisions else None,
        "ties": ties,
        "margin": {
            "smallest": min(margin_values) if margin_values else None,
            "mean": round(sum(margin_values) / len(margin_values), 2) if margin_values else None,
            "thin": [s for s, m in margins if 0 < m < 1],
        },
    }


def fewest_reads_on_best_path(graph: StateGraph, order: list[Key]) -> int | None:
    """The fewest read questions met on a path that takes a Best option at every decision
    (every chance outcome followed); None when no such path reaches an ending."""
    fewest: dict[Key, int] = {}
    for node in order:
        if node in graph.endings:
            fewest[node] = 0
            continue
        found = [
            int(step.read) + fewest[step.target]
            for step in graph.steps.get(node, [])
            if step.band == BEST and step.target in fewest
        ]
        if found:
            fewest[node] = min(found)
    return fewest.get(graph.start)


def key_bias(scenario: Scenario, reads_on_best_path: int | None) -> dict[str, Any]:
    """Whether the answer key gives itself away, by the library's own measures
    (key_figures.py: the figures and limits of issue 15), plus the right read answers'
    positions. The reads on the best path come from the state graph (memoised), not from
    key_figures' path-by-path walk, which takes seconds on a 200-scene scenario."""
    decisions = [decision_figures(s) for s in scenario.scenes.values() if len(s.choices) >= 2]
    reads = [s.read for s in scenario.scenes.values() if s.read is not None]
    figures = Figures(
        scenarios=1,
        decisions=len(decisions),
        dominant=sum(d.dominant for d in decisions),
        greedy_best={dim: sum(d.greedy_best[dim] for d in decisions) for dim in DIMENSIONS},
        close_runner_up=sum(d.close_runner_up for d in decisions),
        best_positions=dict(Counter(d.best + 1 for d in decisions)),
        best_longest=sum(d.best_is_longest for d in decisions),
        reads=len(reads),
        right_read_longest=sum(read_right_is_longest(r) for r in reads),
        read_counts={scenario.id: (len(reads), reads_on_best_path or 0)},
    )
    read_position: Counter[int] = Counter()
    for read in reads:
        for index, option in enumerate(read.options):
            if option.correct:
                read_position[index + 1] += 1
    return {
        "decisions": figures.decisions,
        "best_by_position": dict(sorted(figures.best_positions.items())),
        "longest_is_best": figures.best_longest,
        "greedy_on_one_dimension_hits_best": dict(figures.greedy_best),
        "close_runner_up": figures.close_runner_up,
        "reads": figures.reads,
        "right_read_by_position": dict(sorted(read_position.items())),
        "longest_read_is_right": figures.right_read_longest,
        "reads_on_best_path": reads_on_best_path,
        "limits_crossed": breaches(figures),
    }


# -- random playthroughs ------------------------------------------------------------------------
def coverage(scenario: Scenario, runs: int, most_steps: int = 1000) -> dict[str, Any]:
    """How often each scene, choice (`scene:t` for a timeout) and ending is hit by `runs`
    seeded random playthroughs; each picks uniformly among what the player can do."""
    scenes: Counter[str] = Counter()
    choices: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    stuck = unfinished = 0
    for seed in range(runs):
        rng = random.Random(seed)
        play = Playthrough(scenario, seed=seed)
        for _ in range(most_steps):
            phase = play.phase
            if isinstance(phase, Ended):
                endings[phase.ending.id] += 1
                break
            if isinstance(phase, Stuck):
                scenes[phase.scene.id] += 1
                stuck += 1
                break
            if isinstance(phase, AwaitingRead):
                play.answer_read(rng.randrange(len(phase.question.options)))
                continue
            scenes[phase.scene.id] += 1
            # Letting a timer run out is one more thing a player can do there.
            timed = phase.scene.timer is not None and phase.scene.timeout is not None
            index = rng.randrange(len(phase.choices) + timed)
            if index == len(phase.choices):
                choices[f"{phase.scene.id}:t"] += 1
                play.time_out()
                continue
            picked = phase.choices[index]
            position = phase.scene.choices.index(picked) + 1
            choices[f"{phase.scene.id}:{position}"] += 1
            play.choose(index)
        else:
            unfinished += 1
    all_choices = [
        f"{s.id}:{i}"
        for s in scenario.scenes.values()
        for i in [*range(1, len(s.choices) + 1), *(["t"] if s.timer and s.timeout else [])]
    ]
    return {
        "runs": runs,
        "scenes": {s: scenes[s] for s in scenario.scenes},
        "choices": {c: choices[c] for c in all_choices},
        "endings": {e: endings[e] for e in scenario.endings},
        "never_hit": {
            "scenes": [s for s in scenario.scenes if not scenes[s]],
            "choices": [c for c in all_choices if not choices[c]],
            "endings": [e for e in scenario.endings if not endings[e]],
        },
        "stuck": stuck,
        "unfinished": unfinished,
    }


# -- the whole report ---------------------------------------------------------------------------
def analyze(scenario: Scenario, runs: int = 0, most_states: int = MOST_STATES) -> dict[str, Any]:
    graph = state_graph(scenario, most_states)
    order = leaves_first(graph)
    paths = _path_counts(graph, order)
    lists = _lists(graph, order)
    dimensions: dict[str, Any] = {}
    for index, dimension in enumerate(DIMENSIONS):
        best = _best_ratio(graph, order, lists, index, worst=False)
        worst = _best_ratio(graph, order, lists, index, worst=True)
        top = _best_ratio(graph, order, lists, index, worst=False, only_best=True)
        low = _best_ratio(graph, order, lists, index, worst=True, only_best=True)
        dimensions[dimension] = {
            "best_player": [low.score, top.score],
            "best": best.score,
            "best_path": list(best.path),
            "best_ending": best.ending,
            "worst": worst.score,
            "worst_path": list(worst.path),
            "worst_ending": worst.ending,
        }
    report: dict[str, Any] = {
        "scenario": scenario.id,
        "title": scenario.title,
        "complete": graph.complete,
        "states": len(graph.steps) + len(graph.endings),
        "bound": None
        if graph.complete
        else (
            f"stopped after {most_states} play states: the variables make too many "
            "combinations; the figures below cover only the states explored"
        ),
        "loops": graph.loops,
        "endings": {
            e.id: {
                "outcome": e.outcome,
                "reachable": e.id in graph.reached,
                "paths": paths.get(e.id, 0),
            }
            for e in scenario.endings.values()
        },
        "paths": sum(paths.values()),
        "unreachable_scenes": [s for s in scenario.scenes if s not in graph.reached],
        "stuck_scenes": sorted(graph.stuck),
        "dimensions": dimensions,
        **_decision_figures(scenario, graph),
        "key_bias": key_bias(scenario, fewest_reads_on_best_path(graph, order)),
    }
    if runs:
        report["coverage"] = coverage(scenario, runs)
    return report

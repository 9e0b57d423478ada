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
from dataclasses import dataclass, field, replace
from typing import Any

from .engine import AwaitingRead, Ended, PlayState, Playthrough, Stuck
from .model import DIMENSIONS, Choice, Scenario
from .scoring import BEST, best_options

MOST_STATES = 200_000
_EPSILON = 1e-9

Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of the state graph: a choice (or the timer running out) and where it leads."""

    scene: str
    number: int | None  # the choice's position among those shown, from 1; None: timed out
    to: str  # the scene or ending the step leads to
    target: Key
    gained: tuple[float, ...]  # per dimension, chosen - worst on offer
    possible: tuple[float, ...]  # per dimension, best - worst on offer
    read: bool  # the scene asked a read question (1 point of eq at stake)
    band: str

    def label(self) -> str:
        shown = "t" if self.number is None else str(self.number)
        return f"{self.scene}:{shown}"


@dataclass
class StateGraph:
    start: Key
    steps: dict[Key, list[Step]] = field(default_factory=dict)
    endings: dict[Key, str] = field(default_factory=dict)  # ending states -> ending id
    stuck: set[str] = field(default_factory=set)  # scenes where some state hides every choice
    reached: set[str] = field(default_factory=set)
    complete: bool = True
    loops: int = 0  # steps not followed because they return to a state on the path


def _key(state: PlayState) -> Key:
    if state.ended:
        return ("ending", state.at)
    return state.where()


def _step(
    scene: str, number: int | None, offered: tuple[Choice, ...], to: str, target: Key, read: bool
) -> Step:
    from .scoring import band

    gained, possible = [], []
    for dimension in DIMENSIONS:
        values = [c.scores.get(dimension, 0.0) for c in offered]
        best, worst = max(values), min(values)
        chosen = worst if number is None else values[number - 1]
        gained.append(chosen - worst)
        possible.append(best - worst)
    index = None if number is None else number - 1
    return Step(
        scene, number, to, target, tuple(gained), tuple(possible), read, band(offered, index)
    )


def state_graph(scenario: Scenario, most_states: int = MOST_STATES) -> StateGraph:
    first = Playthrough(scenario, seed=0).state
    graph = StateGraph(start=_key(first))
    todo = [first]
    seen: set[Key] = set()
    while todo:
        state = replace(todo.pop(), decisions=(), read=None)
        key = _key(state)
        if key in seen:
            continue
        seen.add(key)
        graph.reached.add(state.at)
        if len(seen) > most_states:
            graph.complete = False
            break
        play = Playthrough.at(scenario, state)
        phase = play.phase
        if isinstance(phase, Ended):
            graph.endings[key] = state.at
            continue
        if isinstance(phase, Stuck):
            graph.stuck.add(state.at)
            graph.steps[key] = []
            continue
        steps: list[Step] = []
        has_read = isinstance(phase, AwaitingRead)
        for index, choice in enumerate(phase.choices):
            outcomes: list[int | None] = (
                list(range(len(choice.goto))) if len(choice.goto) > 1 else [None]
            )
            for outcome in outcomes:
                branch = Playthrough.at(scenario, state)
                if has_read:
                    branch.answer_read(0)
                decision = branch.choose(index, outcome)
                after = branch.state
                steps.append(
                    _step(state.at, index + 1, phase.choices, decision.to, _key(after), has_read)
                )
                todo.append(after)
        if phase.scene.timer is not None and phase.scene.timeout is not None:
            branch = Playthrough.at(scenario, state)
            decision = branch.time_out()
            steps.append(
                _step(state.at, None, phase.choices, decision.to, _key(branch.state), has_read)
            )
            todo.append(branch.state)
        graph.steps[key] = steps
    _drop_loops(graph)
    return graph


def _drop_loops(graph: StateGraph) -> None:
    """Remove the steps that return to a state on the current path (iterative DFS)."""
    colour: dict[Key, int] = {}  # 1 on the path, 2 done
    stack: list[tuple[Key, int]] = [(graph.start, 0)]
    colour[graph.start] = 1
    while stack:
        node, index = stack.pop()
        steps = graph.steps.get(node, [])
        if index < len(steps):
            stack.append((node, index + 1))
            target = steps[index].target
            state = colour.get(target, 0)
            if state == 1:
                steps[index] = replace(steps[index], target=("loop",))
                graph.loops += 1
            elif state == 0:
                colour[target] = 1
                stack.append((target, 0))
        else:
            colour[node] = 2
    for node, steps in graph.steps.items():
        graph.steps[node] = [s for s in steps if s.target != ("loop",)]


def _order(graph: StateGraph) -> list[Key]:
    """States so that every step leads to a state earlier in the list (loops dropped)."""
    order: list[Key] = []
    done: set[Key] = set()
    stack: list[tuple[Key, int]] = [(graph.start, 0)]
    done.add(graph.start)
    while stack:
        node, index = stack.pop()
        steps = graph.steps.get(node, [])
        if index < len(steps):
            stack.append((node, index + 1))
            target = steps[index].target
            if target not in done:
                done.add(target)
                stack.append((target, 0))
        else:
            order.append(node)
    return order


@dataclass(frozen=True, slots=True)
class Extreme:
    score: float | None  # percentage, None when no path puts the dimension at stake
    path: tuple[str, ...]  # "scene:choice" steps
    ending: str | None


def _best_ratio(
    graph: StateGraph, order: list[Key], dim: int, worst: bool, only_best: bool = False
) -> Extreme:
    """The highest (or, with `worst`, lowest) ratio over paths from start to an ending;
    with `only_best`, over the paths that take a Best option at every decision."""

    def gain(step: Step) -> tuple[float, float]:
        g, p = step.gained[dim], step.possible[dim]
        if step.read and DIMENSIONS[dim] == "eq":
            # One point at stake: the best path answers right, the worst answers wrong.
            g, p = (g if worst else g + 1), p + 1
        return ((p - g) if worst else g), p

    lam = 0.0
    chosen: tuple[float, float, list[Step], str | None] = (0.0, 0.0, [], None)
    for rounds in range(50):
        value: dict[Key, tuple[float, float]] = {}
        pick: dict[Key, Step | None] = {}
        for node in order:
            if node in graph.endings:
                value[node] = (0.0, 0.0)
                pick[node] = None
                continue
            top: tuple[float, float] | None = None
            for step in graph.steps.get(node, []):
                if step.target not in value or (only_best and step.band != BEST):
                    continue  # a stuck state or a dead branch: no ending that way
                g, p = gain(step)
                v, q = value[step.target]
                here = (v + g - lam * p, q + p)
                if top is None or here > top:
                    top, pick[node] = here, step
            if top is not None:
                value[node] = top
        if graph.start not in value:
            return Extreme(None, (), None)
        path: list[Step] = []
        node = graph.start
        total_g = total_p = 0.0
        while (taken := pick.get(node)) is not None:
            path.append(taken)
            g, p = gain(taken)
            total_g, total_p = total_g + g, total_p + p
            node = taken.target
        ending = graph.endings.get(node)
        if total_p <= 0:
            break
        chosen = (total_g, total_p, path, ending)
        ratio = total_g / total_p
        if rounds > 0 and value[graph.start][0] <= _EPSILON:
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
def _decision_figures(scenario: Scenario) -> dict[str, Any]:
    dominated: list[str] = []
    ties: list[str] = []
    margins: list[tuple[str, float]] = []
    decisions = 0
    for scene in scenario.scenes.values():
        choices = scene.choices
        if len(choices) < 2:
            continue
        decisions += 1
        best = best_options(choices)
        if len(best) > 1:
            ties.append(scene.id)
        for index in best:
            if all(
                choices[index].scores.get(d, 0.0) >= max(c.scores.get(d, 0.0) for c in choices)
                for d in DIMENSIONS
            ) and any(c.scores != choices[index].scores for c in choices):
                dominated.append(scene.id)
                break
        totals = sorted((round(c.total, 9) for c in choices), reverse=True)
        margins.append((scene.id, round(totals[0] - totals[1], 2)))
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


def key_bias(scenario: Scenario) -> dict[str, Any]:
    """Whether the answer key gives itself away by position or length."""
    best_position: Counter[int] = Counter()
    longest_is_best = 0
    decisions = 0
    greedy_hits: dict[str, int] = dict.fromkeys(DIMENSIONS, 0)
    for scene in scenario.scenes.values():
        choices = scene.choices
        if len(choices) < 2:
            continue
        decisions += 1
        best = best_options(choices)
        for index in best:
            best_position[index + 1] += 1
        lengths = [len(c.text) for c in choices]
        if lengths.index(max(lengths)) in best:
            longest_is_best += 1
        for dimension in DIMENSIONS:
            top = max(c.scores.get(dimension, 0.0) for c in choices)
            first_top = next(
                i for i, c in enumerate(choices) if c.scores.get(dimension, 0.0) == top
            )
            greedy_hits[dimension] += first_top in best
    read_position: Counter[int] = Counter()
    read_longest = reads = 0
    for scene in scenario.scenes.values():
        if scene.read is None:
            continue
        reads += 1
        options = scene.read.options
        for index, option in enumerate(options):
            if option.correct:
                read_position[index + 1] += 1
        lengths = [len(o.text) for o in options]
        if options[lengths.index(max(lengths))].correct:
            read_longest += 1
    return {
        "decisions": decisions,
        "best_by_position": dict(sorted(best_position.items())),
        "longest_is_best": longest_is_best,
        "greedy_on_one_dimension_hits_best": greedy_hits,
        "reads": reads,
        "right_read_by_position": dict(sorted(read_position.items())),
        "longest_read_is_right": read_longest,
    }


# -- random playthroughs ------------------------------------------------------------------------
def coverage(scenario: Scenario, runs: int, most_steps: int = 1000) -> dict[str, Any]:
    """How often each scene, choice and ending is hit by `runs` seeded random playthroughs."""
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
            index = rng.randrange(len(phase.choices))
            picked = phase.choices[index]
            position = phase.scene.choices.index(picked) + 1
            choices[f"{phase.scene.id}:{position}"] += 1
            play.choose(index)
        else:
            unfinished += 1
    all_choices = [
        f"{s.id}:{i}" for s in scenario.scenes.values() for i in range(1, len(s.choices) + 1)
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
    order = _order(graph)
    paths = _path_counts(graph, order)
    dimensions: dict[str, Any] = {}
    for index, dimension in enumerate(DIMENSIONS):
        best = _best_ratio(graph, order, index, worst=False)
        worst = _best_ratio(graph, order, index, worst=True)
        top = _best_ratio(graph, order, index, worst=False, only_best=True)
        low = _best_ratio(graph, order, index, worst=True, only_best=True)
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
        **_decision_figures(scenario),
        "key_bias": key_bias(scenario),
    }
    if runs:
        report["coverage"] = coverage(scenario, runs)
    return report

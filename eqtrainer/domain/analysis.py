"""Checks on a scenario as a whole story: what no single key or value shows."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .conditions import Compare, Trust, Var, Visited, walk
from .engine import AwaitingRead, Ended, Playthrough, Stuck
from .model import Condition, Scenario


def reachable(scenario: Scenario) -> set[str]:
    """Scene and ending ids some path from `start` can lead to (conditions ignored)."""
    seen = {scenario.start}
    todo = [scenario.start]
    while todo:
        scene = scenario.scenes.get(todo.pop())
        if scene is None:
            continue
        targets = [branch.to for choice in scene.choices for branch in choice.goto]
        if scene.timeout:
            targets.append(scene.timeout)
        for target in targets:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


_MOST_STATES = 20000


@dataclass(frozen=True, slots=True)
class _State:
    """A made-up state to test conditions in, as the engine's state offers it to them."""

    vars: Mapping[str, float | bool]
    trust: Mapping[str, float]
    visited: frozenset[str]


def _initial(scenario: Scenario) -> _State:
    trust = {cid: float(m.trust) for cid, m in scenario.cast.items()}
    return _State(scenario.vars, trust, frozenset({scenario.start}))


def _state_hiding_all(scenario: Scenario, conditions: list[Condition]) -> str | None:
    """A state in which every condition is false, described for the author; None if there is none.

    Each value a condition reads is tried at the numbers the conditions compare with, one
    either side, and the ends of its range; true and false for the rest. When that is too
    many states to try, the answer is a cautious "it may happen".
    """
    nodes = [node for condition in conditions for node in walk(condition.tree)]
    limits = {n for node in nodes if isinstance(node, Compare) for n in node.numbers()}
    around = sorted({v for n in limits for v in (n - 1, n, n + 1)} | {0.0})
    trust_names = sorted({n.cast_id for n in nodes if isinstance(n, Trust)})
    var_names = sorted({n.name for n in nodes if isinstance(n, Var)})
    scene_names = sorted({n.scene for n in nodes if isinstance(n, Visited)})
    axes: list[tuple[str, str, list[float] | list[bool]]] = []
    for cid in trust_names:
        axes.append(("trust", cid, sorted({min(100.0, max(0.0, v)) for v in around} | {100.0})))
    for name in var_names:
        initial = scenario.vars[name]
        values: list[float] | list[bool] = (
            [False, True] if isinstance(initial, bool) else sorted(set(around) | {float(initial)})
        )
        axes.append(("var", name, values))
    for sid in scene_names:
        axes.append(("visited", sid, [False, True]))
    total = 1
    for axis in axes:
        total *= len(axis[2])
    if total > _MOST_STATES:
        return "some combinations of the values they test"
    for combination in itertools.product(*(axis[2] for axis in axes)):
        vars_: dict[str, float | bool] = dict(scenario.vars)
        trust = {cid: float(m.trust) for cid, m in scenario.cast.items()}
        visited = set()
        described = []
        for (kind, name, _), value in zip(axes, combination, strict=True):
            if kind == "trust":
                trust[name] = value
                described.append(f"{name}.trust is {value:g}")
            elif kind == "var":
                vars_[name] = value
                shown = str(value).lower() if isinstance(value, bool) else format(value, "g")
                described.append(f"{name} is {shown}")
            elif value:
                visited.add(name)
                described.append(f"{name} was visited")
            else:
                described.append(f"{name} was not visited")
        state = _State(vars_, trust, frozenset(visited))
        if not any(c.test(state) for c in conditions):
            return " and ".join(described) or "the scene is reached"
    return None


def check(scenario: Scenario) -> list[tuple[tuple[int, int], str, str]]:
    """((line, column), code, message) for each story-level problem, at the key it concerns."""
    found = []
    seen = reachable(scenario)
    for scene in scenario.scenes.values():
        if scene.id not in seen:
            found.append(
                (
                    scene.at,
                    "EQ501",
                    f"scene `{scene.id}` cannot be reached from `{scenario.start}`; no goto leads "
                    "to it",
                )
            )
    for ending in scenario.endings.values():
        if ending.id not in seen:
            found.append(
                (
                    ending.at,
                    "EQ501",
                    f"ending `{ending.id}` cannot be reached from `{scenario.start}`; no goto "
                    "leads to it",
                )
            )
    initial = _initial(scenario)
    for scene in scenario.scenes.values():
        choices = scene.choices
        conditions = [c.condition for c in choices if c.condition is not None]
        if choices and len(conditions) == len(choices):
            if scene.id == scenario.start and not any(c.test(initial) for c in conditions):
                found.append(
                    (
                        scene.choices_at,
                        "EQ507",
                        f"in the start scene `{scene.id}` no condition holds, so the player has "
                        "no choice at all",
                    )
                )
            else:
                example = _state_hiding_all(scenario, conditions)
                if example is not None:
                    found.append(
                        (
                            scene.choices_at,
                            "EQ502",
                            f"every choice in scene `{scene.id}` has an `if:`, and none holds "
                            f"when {example}; "
                            "leave one choice without a condition",
                        )
                    )
        if len(choices) >= 2 and all(c.scores == choices[0].scores for c in choices):
            found.append(
                (
                    scene.choices_at,
                    "EQ505",
                    f"all choices in scene `{scene.id}` score the same on every dimension; the "
                    "decision teaches nothing",
                )
            )
    return found


def explore(scenario: Scenario, most_states: int = 200_000) -> tuple[set[str], bool]:
    """Every scene and ending some playthrough reaches, following the engine's rules
    (conditions, effects, every chance outcome, timers), and whether the search was complete.

    States that differ only in their history are merged, so the search stays small.
    """
    reached: set[str] = set()
    todo = [Playthrough(scenario, seed=0).state]
    seen = set()
    while todo:
        state = replace(todo.pop(), decisions=())  # the history does not change where paths go
        play = Playthrough.at(scenario, state)
        phase = play.phase
        reached.add(state.at)
        if isinstance(phase, Ended):
            continue
        if state.where() in seen:
            continue
        seen.add(state.where())
        if len(seen) > most_states:
            return reached, False
        if isinstance(phase, Stuck):
            continue
        for index, choice in enumerate(phase.choices):
            outcomes: list[int | None] = (
                list(range(len(choice.goto))) if len(choice.goto) > 1 else [None]
            )
            for outcome in outcomes:
                branch = Playthrough.at(scenario, state)
                if isinstance(phase, AwaitingRead):
                    branch.answer_read(0)
                branch.choose(index, outcome)
                todo.append(branch.state)
        if phase.scene.timer is not None:
            branch = Playthrough.at(scenario, state)
            branch.time_out()
            todo.append(branch.state)
    return reached, True

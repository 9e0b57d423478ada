"""Checks on a scenario as a whole story: what no single key or value shows."""

from __future__ import annotations

import itertools
import re

from .model import Scenario


class _InitialState:
    def __init__(self, scenario: Scenario):
        self.vars = dict(scenario.vars)
        self.trust = {cid: member.trust for cid, member in scenario.cast.items()}
        self.visited = {scenario.start}


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


_TRUST = re.compile(r"\b([A-Za-z_]\w*)\s*\.\s*trust\b")
_VISITED = re.compile(r"\bvisited\s*\(\s*([\w-]+)\s*\)")
_NAME = re.compile(r"(?<![\w.-])([A-Za-z_]\w*)\b(?!\s*[.(])")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_KEYWORDS = {"and", "or", "not", "true", "false", "visited", "trust"}
_MOST_STATES = 20000


class _State:
    def __init__(self, vars, trust, visited):
        self.vars, self.trust, self.visited = vars, trust, visited


def _state_hiding_all(scenario: Scenario, choices) -> str | None:
    """A state in which every condition is false, described for the author; None if there is none.

    Each value a condition reads is tried at the numbers the conditions compare with, one
    either side, and the ends of its range; true and false for the rest. When that is too
    many states to try, the answer is a cautious "it may happen".
    """
    sources = [c.condition.source for c in choices]
    text = " ".join(sources)
    limits = {float(n) for n in _NUMBER.findall(text)}
    around = sorted({v for n in limits for v in (n - 1, n, n + 1)} | {0.0})
    trust_names = sorted({m for m in _TRUST.findall(text) if m in scenario.cast})
    scene_names = sorted({m for m in _VISITED.findall(text) if m in scenario.scenes})
    var_names = sorted(
        {
            m
            for m in _NAME.findall(_VISITED.sub(" ", _TRUST.sub(" ", text)))
            if m in scenario.vars and m not in _KEYWORDS
        }
    )
    axes = []
    for cid in trust_names:
        axes.append(("trust", cid, sorted({min(100.0, max(0.0, v)) for v in around} | {100.0})))
    for name in var_names:
        initial = scenario.vars[name]
        values = (
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
        vars_ = dict(scenario.vars)
        trust = {cid: m.trust for cid, m in scenario.cast.items()}
        visited = set()
        described = []
        for (kind, name, _), value in zip(axes, combination):
            if kind == "trust":
                trust[name] = value
                described.append(f"{name}.trust is {value:g}")
            elif kind == "var":
                vars_[name] = value
                described.append(
                    f"{name} is {str(value).lower() if isinstance(value, bool) else format(value, 'g')}"
                )
            elif value:
                visited.add(name)
                described.append(f"{name} was visited")
            else:
                described.append(f"{name} was not visited")
        state = _State(vars_, trust, visited)
        if not any(c.condition.test(state) for c in choices):
            return " and ".join(described) or "the scene is reached"
    return None


def check(scenario: Scenario) -> list[tuple[int, str, str]]:
    """(line, code, message) for each story-level problem."""
    found = []
    seen = reachable(scenario)
    for scene in scenario.scenes.values():
        if scene.id not in seen:
            found.append(
                (
                    scene.line,
                    "EQ501",
                    f"scene `{scene.id}` cannot be reached from `{scenario.start}`; no goto leads to it",
                )
            )
    for ending in scenario.endings.values():
        if ending.id not in seen:
            found.append(
                (
                    ending.line,
                    "EQ501",
                    f"ending `{ending.id}` cannot be reached from `{scenario.start}`; no goto leads to it",
                )
            )
    initial = _InitialState(scenario)
    for scene in scenario.scenes.values():
        choices = scene.choices
        if choices and all(c.condition is not None for c in choices):
            if scene.id == scenario.start and not any(c.condition.test(initial) for c in choices):
                found.append(
                    (
                        scene.line,
                        "EQ507",
                        f"in the start scene `{scene.id}` no condition holds, so the player has no choice at all",
                    )
                )
            else:
                example = _state_hiding_all(scenario, choices)
                if example is not None:
                    found.append(
                        (
                            scene.line,
                            "EQ502",
                            f"every choice in scene `{scene.id}` has an `if:`, and none holds when {example}; "
                            "leave one choice without a condition",
                        )
                    )
        if len(choices) >= 2 and all(c.scores == choices[0].scores for c in choices):
            found.append(
                (
                    scene.line,
                    "EQ505",
                    f"all choices in scene `{scene.id}` score the same on every dimension; the decision teaches nothing",
                )
            )
    return found


def explore(scenario: Scenario, most_states: int = 200_000) -> tuple[set[str], bool]:
    """Every scene and ending some playthrough reaches, following the engine's rules
    (conditions, effects, every chance outcome, timers), and whether the search was complete.

    States that differ only in their history are merged, so the search stays small.
    """
    import copy

    from .engine import Playthrough

    reached: set[str] = set()
    start = Playthrough(scenario, seed=0)
    todo = [start]
    seen = set()
    while todo:
        play = todo.pop()
        if play.finished:
            reached.add(play.ending.id)
            continue
        scene = play.scene
        reached.add(scene.id)
        key = (
            scene.id,
            tuple(sorted(play.vars.items())),
            tuple(sorted(play.trust.items())),
            frozenset(play.visited),
        )
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > most_states:
            return reached, False
        moves = [
            (index, outcome)
            for index, choice in enumerate(play.choices)
            for outcome in (range(len(choice.goto)) if len(choice.goto) > 1 else [None])
        ]
        for index, outcome in moves:
            branch = copy.copy(play)
            branch.vars, branch.trust, branch.visited = (
                dict(play.vars),
                dict(play.trust),
                set(play.visited),
            )
            branch.decisions = []  # the history does not change where a path can go
            if scene.read is not None:
                branch.answer_read(0)
            branch.choose(index, outcome)
            todo.append(branch)
        if scene.timer is not None and play.choices:
            branch = copy.copy(play)
            branch.vars, branch.trust, branch.visited = (
                dict(play.vars),
                dict(play.trust),
                set(play.visited),
            )
            branch.decisions = []
            branch.time_out()
            todo.append(branch)
    return reached, True

"""Checks on a scenario as a whole story: what no single key or value shows."""

from __future__ import annotations

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


def check(scenario: Scenario) -> list[tuple[int, str, str]]:
    """(line, code, message) for each story-level problem."""
    found = []
    seen = reachable(scenario)
    for scene in scenario.scenes.values():
        if scene.id not in seen:
            found.append((scene.line, "EQ501", f"scene `{scene.id}` cannot be reached from `{scenario.start}`; no goto leads to it"))
    for ending in scenario.endings.values():
        if ending.id not in seen:
            found.append((ending.line, "EQ501", f"ending `{ending.id}` cannot be reached from `{scenario.start}`; no goto leads to it"))
    initial = _InitialState(scenario)
    for scene in scenario.scenes.values():
        choices = scene.choices
        if choices and all(c.condition is not None for c in choices):
            if scene.id == scenario.start and not any(c.condition.test(initial) for c in choices):
                found.append((scene.line, "EQ507",
                              f"in the start scene `{scene.id}` no condition holds, so the player has no choice at all"))
            else:
                found.append((scene.line, "EQ502",
                              f"every choice in scene `{scene.id}` has an `if:`; when none holds the player is stuck"))
        if len(choices) >= 2 and all(c.scores == choices[0].scores for c in choices):
            found.append((scene.line, "EQ505",
                          f"all choices in scene `{scene.id}` score the same on every dimension; the decision teaches nothing"))
    return found

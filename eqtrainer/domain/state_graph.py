"""The play states a scenario can reach, as a graph: explored once by the engine's own rules.

States that differ only in their history are one state (memoised on what conditions read),
so the search stays small; a bound stops it with a clear message. A step back to a state on
the current path (a loop) is not followed again. `analyze.py` reads its figures off it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .conditions import Compare, Const, Var, walk
from .engine import AwaitingRead, Ended, PlayState, Playthrough, Stuck
from .model import DIMENSIONS, Choice, FrozenDict, Scenario

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
    # scene -> the sets of its choices (by position) that conditions let a player see together
    offered: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)


class _Abstraction:
    """Which parts of a play state can change where a path goes, so that states differing
    only in the rest are explored once. Exact: two states with the same key offer the same
    choices now and lead to states with the same keys.

    - Only the variables, trust meters and `visited(...)` scenes that some condition reads
      matter (`Condition.names()`); the others never change which choices are shown.
    - A number compared only with constants that never rises (only `-N` effects, no `set:`)
      behaves the same at every value below the smallest constant: it is kept there, at the
      constant minus one. Likewise above the largest constant for one that never falls.
      (Without this, a budget counted down on every choice makes each depth its own state.)
    """

    def __init__(self, scenario: Scenario) -> None:
        conditions = [
            choice.condition
            for scene in scenario.scenes.values()
            for choice in scene.choices
            if choice.condition is not None
        ]
        read = frozenset().union(*(c.names() for c in conditions)) if conditions else frozenset()
        self.vars = tuple(sorted(n for n in read if n in scenario.vars))
        self.trust = tuple(sorted(n[:-6] for n in read if n.endswith(".trust")))
        self.visited = frozenset(n[8:-1] for n in read if n.startswith("visited("))
        self.floor: dict[str, float] = {}
        self.ceiling: dict[str, float] = {}
        thresholds: dict[str, list[float]] = {name: [] for name in self.vars}
        free: set[str] = set()  # compared with something other than a constant
        for condition in conditions:
            for node in walk(condition.tree):
                if not isinstance(node, Compare):
                    continue
                sides = (node.left, node.right)
                names = [side.name for side in sides if isinstance(side, Var)]
                if len(names) == 1 and any(isinstance(side, Const) for side in sides):
                    thresholds[names[0]].extend(node.numbers())
                else:
                    free.update(names)
        changes: dict[str, set[str]] = {name: set() for name in self.vars}
        for scene in scenario.scenes.values():
            for choice in scene.choices:
                for name, value in choice.effects.items():
                    if name in changes and not isinstance(value, bool):
                        changes[name].add("up" if value > 0 else "down" if value < 0 else "")
                for name in choice.set:
                    if name in changes:
                        changes[name].add("set")
        for name in self.vars:
            if isinstance(scenario.vars[name], bool) or name in free or not thresholds[name]:
                continue
            if changes[name] <= {"down", ""}:
                self.floor[name] = min(thresholds[name]) - 1
            elif changes[name] <= {"up", ""}:
                self.ceiling[name] = max(thresholds[name]) + 1

    def normalise(self, state: PlayState) -> PlayState:
        if not (self.floor or self.ceiling):
            return state
        values = dict(state.vars)
        changed = False
        for name, floor in self.floor.items():
            if float(values[name]) < floor:
                values[name], changed = floor, True
        for name, ceiling in self.ceiling.items():
            if float(values[name]) > ceiling:
                values[name], changed = ceiling, True
        return replace(state, vars=FrozenDict(values)) if changed else state

    def key(self, state: PlayState) -> Key:
        if state.ended:
            return ("ending", state.at)
        return (
            state.at,
            tuple(state.vars[name] for name in self.vars),
            tuple(state.trust[cid] for cid in self.trust),
            state.visited & self.visited,
        )


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
    abstraction = _Abstraction(scenario)
    # The figures of a choice depend only on the options on offer: worked out once per set.
    figures: dict[tuple[str, int | None, tuple[int, ...]], Step] = {}

    def step_for(
        scene: str,
        number: int | None,
        offered: tuple[Choice, ...],
        to: str,
        target: Key,
        read: bool,
    ) -> Step:
        memo = (scene, number, tuple(id(c) for c in offered))
        known = figures.get(memo)
        if known is None:
            known = figures[memo] = _step(scene, number, offered, to, target, read)
        return replace(known, to=to, target=target)

    def _key(state: PlayState) -> Key:
        return abstraction.key(abstraction.normalise(state))

    first = Playthrough(scenario, seed=0).state
    graph = StateGraph(start=_key(first))
    todo = [first]
    seen: set[Key] = set()
    while todo:
        state = abstraction.normalise(replace(todo.pop(), decisions=(), read=None))
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
        positions = {id(c): i for i, c in enumerate(phase.scene.choices)}
        graph.offered.setdefault(state.at, set()).add(
            tuple(positions[id(c)] for c in phase.choices)
        )
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
                    step_for(state.at, index + 1, phase.choices, decision.to, _key(after), has_read)
                )
                todo.append(after)
        if phase.scene.timer is not None and phase.scene.timeout is not None:
            branch = Playthrough.at(scenario, state)
            decision = branch.time_out()
            steps.append(
                step_for(state.at, None, phase.choices, decision.to, _key(branch.state), has_read)
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


def leaves_first(graph: StateGraph) -> list[Key]:
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

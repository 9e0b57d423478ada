"""A playthrough of one scenario: a small state machine the screens, `replay` and the store drive.

Everything a playthrough is lives in one immutable `PlayState`: the scene (or ending), the
author's variables, the cast's trust, the scenes visited, the decisions so far, the read
answer given in this scene, the seed with the number of random draws taken, and the time
left on the scene's timer. `Playthrough` holds the current state and replaces it on each
action, so a state can be kept, compared, hashed, written as JSON (`snapshot`) and played
on from (`restore`) exactly as the original would.

Where a playthrough stands is a type (`phase`): awaiting a read answer, awaiting a choice,
stuck (the conditions hide every choice) or ended, so no caller can forget a check.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .model import Choice, Ending, FrozenDict, ReadQuestion, Scenario, Scene
from .scoring import Decision, ReadAnswer, percentages

SNAPSHOT_VERSION = 1


class PlayError(Exception):
    """An action not possible in the current state (a bug in the caller or bad replay input)."""


class RestoreError(ValueError):
    """A snapshot that does not fit the scenario it is restored into."""


# -- where a playthrough stands --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AwaitingRead:
    """At a scene with a read-the-room question not yet answered."""

    scene: Scene
    question: ReadQuestion
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class AwaitingChoice:
    scene: Scene
    choices: tuple[Choice, ...]
    read: ReadAnswer | None


@dataclass(frozen=True, slots=True)
class Stuck:
    """Every choice of the scene is hidden by its condition: an authoring mistake."""

    scene: Scene


@dataclass(frozen=True, slots=True)
class Ended:
    ending: Ending


Phase = AwaitingRead | AwaitingChoice | Stuck | Ended


# -- the state as a value ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlayState:
    at: str  # the current scene's id, or the ending's once ended
    ended: bool
    vars: FrozenDict[str, float | bool]
    trust: FrozenDict[str, float]
    visited: frozenset[str]
    seed: int
    draws: int = 0  # random numbers taken so far from the generator seeded with `seed`
    decisions: tuple[Decision, ...] = ()
    read: ReadAnswer | None = None  # this scene's read answer, once given
    time_left: float | None = None  # seconds left on this scene's timer; None: no timer

    def where(
        self,
    ) -> tuple[str, FrozenDict[str, float | bool], FrozenDict[str, float], frozenset[str]]:
        """What decides where a path can go from here (the history does not)."""
        return (self.at, self.vars, self.trust, self.visited)


def _offered(scene: Scene, state: PlayState) -> tuple[Choice, ...]:
    return tuple(c for c in scene.choices if c.condition is None or c.condition.test(state))


class Playthrough:
    """One player's way through a scenario; `state` is replaced, never changed, by each action."""

    scenario: Scenario
    state: PlayState
    _choices: tuple[Choice, ...]

    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        chosen_seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        initial = PlayState(
            at=scenario.start,
            ended=False,
            vars=FrozenDict(scenario.vars),
            trust=FrozenDict({cid: m.trust for cid, m in scenario.cast.items()}),
            visited=frozenset(),
            seed=chosen_seed,
        )
        self._set(self._enter(initial, scenario.start))

    def _set(self, state: PlayState) -> None:
        self.state = state
        self._choices = () if state.ended else _offered(self.scenario.scenes[state.at], state)

    # -- where it stands ---------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        state = self.state
        if state.ended:
            return Ended(self.scenario.endings[state.at])
        scene = self.scenario.scenes[state.at]
        if not self._choices:
            return Stuck(scene)
        if scene.read is not None and state.read is None:
            return AwaitingRead(scene, scene.read, self._choices)
        return AwaitingChoice(scene, self._choices, state.read)

    # Shorthands for screens and reports; `phase` is the one to match on.
    @property
    def seed(self) -> int:
        return self.state.seed

    @property
    def vars(self) -> Mapping[str, float | bool]:
        return self.state.vars

    @property
    def trust(self) -> Mapping[str, float]:
        return self.state.trust

    @property
    def visited(self) -> frozenset[str]:
        return self.state.visited

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return self.state.decisions

    @property
    def scene(self) -> Scene | None:
        return None if self.state.ended else self.scenario.scenes[self.state.at]

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings[self.state.at] if self.state.ended else None

    @property
    def finished(self) -> bool:
        return self.state.ended

    @property
    def stuck(self) -> bool:
        return isinstance(self.phase, Stuck)

    @property
    def awaiting_read(self) -> bool:
        return isinstance(self.phase, AwaitingRead)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices on offer in the current scene, conditions applied, in the author's order."""
        return self._choices

    @property
    def read_answer(self) -> ReadAnswer | None:
        return self.state.read

    @property
    def time_left(self) -> float | None:
        return self.state.time_left

    def scores(self) -> dict[str, float | None]:
        return percentages(self.decisions)

    def keys(self) -> list[str]:
        """The keys a player pressed so far, as `eqtrainer replay --choices` takes them."""
        keys = []
        for decision in self.decisions:
            if decision.read is not None and decision.read.chosen is not None:
                keys.append(str(decision.read.chosen + 1))
            keys.append("t" if decision.chosen is None else str(decision.chosen + 1))
        return keys

    # -- what the player does ------------------------------------------------------------
    def answer_read(self, index: int) -> ReadAnswer:
        phase = self.phase
        if not isinstance(phase, AwaitingRead):
            raise PlayError(
                "the read question is already answered"
                if isinstance(phase, AwaitingChoice) and phase.read is not None
                else "this scene has no read question"
            )
        options = phase.question.options
        if not 0 <= index < len(options):
            raise PlayError(
                f"answer {index + 1} is not on offer; the read question has {len(options)} answers"
            )
        answer = ReadAnswer(phase.question, index)
        self._set(replace(self.state, read=answer))
        return answer

    def choose(self, index: int, outcome: int | None = None) -> Decision:
        """Take choice `index` of those on offer. `outcome` picks which branch of a chance goto
        follows instead of drawing it, for tools that explore every path; players never set it."""
        phase = self.phase
        if isinstance(phase, AwaitingRead):
            raise PlayError("answer the read question first")
        if not isinstance(phase, AwaitingChoice):
            raise PlayError(self._cannot("choose"))
        if not 0 <= index < len(phase.choices):
            raise PlayError(f"choice {index + 1} is not on offer; there are {len(phase.choices)}")
        choice = phase.choices[index]
        state = self.state
        vars_, trust = _apply(choice, state.vars, state.trust)
        draws = state.draws
        if outcome is not None:
            target = choice.goto[outcome].to
        elif len(choice.goto) == 1:
            target = choice.goto[0].to
        else:
            target = _draw(choice, state.seed, draws)
            draws += 1
        changes = {
            cid: trust[cid] - state.trust[cid] for cid in trust if trust[cid] != state.trust[cid]
        }
        decision = Decision(
            phase.scene.id, phase.choices, index, phase.read, FrozenDict(changes), target
        )
        after = replace(
            state, vars=vars_, trust=trust, draws=draws, decisions=(*state.decisions, decision)
        )
        self._set(self._enter(after, target))
        return decision

    def time_out(self) -> Decision:
        """The scene's timer ran out: the worst option on every dimension, then `timeout`."""
        phase = self.phase
        if not isinstance(phase, AwaitingRead | AwaitingChoice):
            raise PlayError(self._cannot("time out"))
        scene = phase.scene
        if scene.timer is None or scene.timeout is None:
            raise PlayError(f"scene `{scene.id}` has no timer")
        read = phase.read if isinstance(phase, AwaitingChoice) else ReadAnswer(phase.question, None)
        decision = Decision(scene.id, phase.choices, None, read, FrozenDict(), scene.timeout)
        after = replace(self.state, decisions=(*self.state.decisions, decision))
        self._set(self._enter(after, scene.timeout))
        return decision

    def tick(self, seconds: float) -> Decision | None:
        """Let `seconds` pass on the scene's timer; when it runs out, time out and return that
        decision. The caller decides when time passes (not while a dialog is open)."""
        left = self.state.time_left
        if left is None or self.state.ended or not self._choices:
            return None
        left = max(0.0, left - seconds)
        if left > 0:
            self._set(replace(self.state, time_left=left))
            return None
        return self.time_out()

    # -- kept and brought back -------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-safe data; `Playthrough.restore` plays on from it exactly."""
        state = self.state
        return {
            "version": SNAPSHOT_VERSION,
            "scenario": self.scenario.id,
            "at": state.at,
            "ended": state.ended,
            "vars": dict(state.vars),
            "trust": dict(state.trust),
            "visited": sorted(state.visited),
            "seed": state.seed,
            "draws": state.draws,
            "read": None if state.read is None else state.read.chosen,
            "time_left": state.time_left,
            "decisions": [self._decision_data(d) for d in state.decisions],
        }

    def _decision_data(self, decision: Decision) -> dict[str, Any]:
        scene = self.scenario.scenes[decision.scene]
        positions = {id(c): i for i, c in enumerate(scene.choices)}
        return {
            "scene": decision.scene,
            "offered": [positions[id(c)] for c in decision.offered],
            "chosen": decision.chosen,
            "read": None if decision.read is None else {"chosen": decision.read.chosen},
            "trust_changes": dict(decision.trust_changes),
            "to": decision.to,
        }

    @classmethod
    def restore(cls, scenario: Scenario, data: Mapping[str, Any]) -> Playthrough:
        """A playthrough at exactly the state of `snapshot()`; RestoreError if it does not fit."""
        try:
            state = _state_from(scenario, data)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise RestoreError(
                f"the saved game does not fit scenario `{scenario.id}`: {exc!r}"
            ) from None
        return cls.at(scenario, state)

    @classmethod
    def landing(cls, scenario: Scenario, scene_id: str, seed: int | None = None) -> Playthrough:
        """A fresh playthrough that starts at `scene_id` instead of the start (a workshop's
        late joiner lands where the room is), with the scenario's initial values."""
        play = cls(scenario, seed)
        if scene_id in scenario.scenes and scene_id != scenario.start:
            start = replace(play.state, visited=frozenset())
            play._set(play._enter(start, scene_id))
        return play

    @classmethod
    def at(cls, scenario: Scenario, state: PlayState) -> Playthrough:
        """A playthrough standing at `state` (for tools that explore or branch from a state)."""
        play = cls.__new__(cls)
        play.scenario = scenario
        play._set(state)
        return play

    # -- inside ------------------------------------------------------------------------------
    def _cannot(self, action: str) -> str:
        if self.state.ended:
            return f"cannot {action}: the scenario has ended"
        return f"cannot {action}: no choice is on offer in scene `{self.state.at}`"

    def _enter(self, state: PlayState, target: str) -> PlayState:
        if target in self.scenario.endings:
            return replace(state, at=target, ended=True, read=None, time_left=None)
        scene = self.scenario.scenes[target]
        timer = float(scene.timer) if scene.timer is not None and scene.timeout else None
        return replace(
            state, at=target, read=None, time_left=timer, visited=state.visited | {target}
        )


def _apply(
    choice: Choice, vars_: FrozenDict[str, float | bool], trust: FrozenDict[str, float]
) -> tuple[FrozenDict[str, float | bool], FrozenDict[str, float]]:
    new_vars, new_trust = dict(vars_), dict(trust)
    for assignments, adding in ((choice.effects, True), (choice.set, False)):
        for target, value in assignments.items():
            if target.endswith(".trust") and target[:-6] in new_trust:
                cid = target[:-6]
                new = new_trust[cid] + value if adding else value
                new_trust[cid] = min(100, max(0, new))
            elif isinstance(value, bool) or not adding:
                new_vars[target] = value
            else:
                current = new_vars[target]
                new_vars[target] = current + value
    return FrozenDict(new_vars), FrozenDict(new_trust)


def _draw(choice: Choice, seed: int, draws: int) -> str:
    """The branch a chance goto takes: the generator seeded with `seed`, `draws` numbers on."""
    generator = random.Random(seed)
    for _ in range(draws):
        generator.random()
    point = generator.random() * sum(b.chance for b in choice.goto)
    for branch in choice.goto:
        point -= branch.chance
        if point < 0:
            return branch.to
    return choice.goto[-1].to


def _state_from(scenario: Scenario, data: Mapping[str, Any]) -> PlayState:
    if data.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"snapshot version {data.get('version')!r}")
    if data["scenario"] != scenario.id:
        raise ValueError(f"the snapshot is of scenario `{data['scenario']}`")
    at, ended = str(data["at"]), bool(data["ended"])
    if at not in (scenario.endings if ended else scenario.scenes):
        raise KeyError(at)
    vars_ = {str(k): v for k, v in data["vars"].items()}
    if set(vars_) != set(scenario.vars) or any(
        isinstance(v, bool) != isinstance(scenario.vars[k], bool) for k, v in vars_.items()
    ):
        raise ValueError("the variables differ from the scenario's")
    trust = {str(k): _number(v) for k, v in data["trust"].items()}
    if set(trust) != set(scenario.cast):
        raise ValueError("the cast differs from the scenario's")
    visited = frozenset(str(s) for s in data["visited"])
    if not visited <= set(scenario.scenes):
        raise KeyError(sorted(visited - set(scenario.scenes)))
    decisions = tuple(_decision_from(scenario, d) for d in data["decisions"])
    read = None
    if data["read"] is not None:
        question = scenario.scenes[at].read
        if question is None:
            raise ValueError(f"scene `{at}` has no read question")
        read = ReadAnswer(question, _index(data["read"], question.options))
    time_left = data["time_left"]
    return PlayState(
        at=at,
        ended=ended,
        vars=FrozenDict(vars_),
        trust=FrozenDict(trust),
        visited=visited,
        seed=int(data["seed"]),
        draws=int(data["draws"]),
        decisions=decisions,
        read=read,
        time_left=None if time_left is None else float(time_left),
    )


def _decision_from(scenario: Scenario, data: Mapping[str, Any]) -> Decision:
    scene = scenario.scenes[data["scene"]]
    offered = tuple(scene.choices[int(i)] for i in data["offered"])
    chosen = None if data["chosen"] is None else _index(data["chosen"], offered)
    read = None
    if data["read"] is not None:
        if scene.read is None:
            raise ValueError(f"scene `{scene.id}` has no read question")
        answer = data["read"]["chosen"]
        read = ReadAnswer(
            scene.read, None if answer is None else _index(answer, scene.read.options)
        )
    to = str(data["to"])
    if to not in scenario.scenes and to not in scenario.endings:
        raise KeyError(to)
    changes = FrozenDict({str(k): _number(v) for k, v in data["trust_changes"].items()})
    return Decision(scene.id, offered, chosen, read, changes, to)


def _index(value: object, options: tuple[object, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(options):
        raise IndexError(f"{value!r} is not one of {len(options)} options")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    return value

"""A playthrough of one scenario: a small state machine the screens and `replay` drive.

The state is the current scene, the author's variables, the cast's trust and the scenes
visited. Random gotos draw from a generator seeded per playthrough, so a recorded seed
and the same choices replay exactly.
"""

from __future__ import annotations

import random

from .model import Choice, Ending, Scenario, Scene
from .scoring import Decision, ReadAnswer, percentages


class PlayError(Exception):
    """An action that is not possible in the current state (a bug in the caller or bad replay input)."""


class Playthrough:
    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self.seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        self._random = random.Random(self.seed)
        self.vars: dict[str, float | bool] = dict(scenario.vars)
        self.trust: dict[str, float] = {cid: member.trust for cid, member in scenario.cast.items()}
        self.visited: set[str] = set()
        self.decisions: list[Decision] = []
        self.ending: Ending | None = None
        self._read: ReadAnswer | None = None
        self._offered: tuple[Choice, ...] = ()
        self._enter(scenario.start)

    # -- what the player sees ----------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        return None if self.ending is not None else self.scenario.scenes[self._scene_id]

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def stuck(self) -> bool:
        """The scene's conditions hide every choice: an authoring mistake, shown to the player."""
        return self.ending is None and not self._offered

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices on offer in the current scene, conditions applied, in the author's order."""
        return self._offered

    @property
    def awaiting_read(self) -> bool:
        scene = self.scene
        return scene is not None and scene.read is not None and self._read is None

    @property
    def read_answer(self) -> ReadAnswer | None:
        return self._read

    def scores(self) -> dict[str, float | None]:
        return percentages(self.decisions)

    def keys(self) -> list[str]:
        """The keys a player pressed so far, as `eqtrainer replay --choices` takes them."""
        keys = []
        for decision in self.decisions:
            if decision.read is not None and decision.read.chosen is not None:
                keys.append(str(decision.read.chosen + 1))
            keys.append("t" if decision.timed_out else str(decision.number))
        return keys

    # -- what the player does ----------------------------------------------------
    def answer_read(self, index: int) -> ReadAnswer:
        scene = self.scene
        if scene is None or scene.read is None:
            raise PlayError("this scene has no read question")
        if self._read is not None:
            raise PlayError("the read question is already answered")
        if not 0 <= index < len(scene.read.options):
            raise PlayError(
                f"answer {index + 1} is not on offer; the read question has {len(scene.read.options)} answers"
            )
        self._read = ReadAnswer(scene.read, index)
        return self._read

    def choose(self, index: int, outcome: int | None = None) -> Decision:
        """Take choice `index` of those on offer. `outcome` picks which branch of a chance goto
        follows instead of drawing it, for tools that explore every path; players never set it."""
        scene = self._current("choose")
        if self.awaiting_read:
            raise PlayError("answer the read question first")
        if not 0 <= index < len(self._offered):
            raise PlayError(f"choice {index + 1} is not on offer; there are {len(self._offered)}")
        choice = self._offered[index]
        before = dict(self.trust)
        self._apply(choice)
        target = self._destination(choice) if outcome is None else choice.goto[outcome].to
        changes = {
            cid: self.trust[cid] - before[cid]
            for cid in self.trust
            if self.trust[cid] != before[cid]
        }
        decision = Decision(scene.id, self._offered, index, self._read, changes, target)
        self.decisions.append(decision)
        self._enter(target)
        return decision

    def time_out(self) -> Decision:
        """The scene's timer ran out: the worst option on every dimension, then `timeout`."""
        scene = self._current("time out")
        if scene.timer is None or scene.timeout is None:
            raise PlayError(f"scene `{scene.id}` has no timer")
        read = self._read
        if scene.read is not None and read is None:
            read = ReadAnswer(scene.read, None)
        decision = Decision(scene.id, self._offered, None, read, {}, scene.timeout)
        self.decisions.append(decision)
        self._enter(scene.timeout)
        return decision

    # -- inside ------------------------------------------------------------------
    def _current(self, action: str) -> Scene:
        if self.ending is not None:
            raise PlayError(f"cannot {action}: the scenario has ended")
        if not self._offered:
            raise PlayError(f"cannot {action}: no choice is on offer in scene `{self._scene_id}`")
        return self.scenario.scenes[self._scene_id]

    def _enter(self, target: str) -> None:
        self._read = None
        ending = self.scenario.endings.get(target)
        if ending is not None:
            self.ending = ending
            self._offered = ()
            return
        self._scene_id = target
        self.visited.add(target)
        scene = self.scenario.scenes[target]
        self._offered = tuple(
            c for c in scene.choices if c.condition is None or c.condition.test(self)
        )

    def _apply(self, choice: Choice) -> None:
        for assignments, adding in ((choice.effects, True), (choice.set, False)):
            for target, value in assignments.items():
                if target.endswith(".trust") and target[:-6] in self.trust:
                    cid = target[:-6]
                    new = self.trust[cid] + value if adding else value
                    self.trust[cid] = min(100, max(0, new))
                elif isinstance(value, bool) or not adding:
                    self.vars[target] = value
                else:
                    self.vars[target] = self.vars[target] + value

    def _destination(self, choice: Choice) -> str:
        branches = choice.goto
        if len(branches) == 1:
            return branches[0].to
        point = self._random.random() * sum(b.chance for b in branches)
        for branch in branches:
            point -= branch.chance
            if point < 0:
                return branch.to
        return branches[-1].to

"""The workshop room: who is in, where each participant is, and how the room chose.

Pure state with no I/O, so the SSH server keeps it, the facilitator's screen shows it and
tests drive it alike. The server feeds it what happens (a participant joins, reaches a
scene, chooses, leaves) and the facilitator's actions (start a paced scenario, close the
vote, open the next decision, back to free play); it answers with the room as JSON.

Paced mode holds everyone at each decision until the facilitator closes the vote; then each
participant sees how the group at their scene chose, with the expert key. Branching is
honoured: the room counts votes per scene, so a participant whose choices led elsewhere
waits at their own next decision and is counted with whoever else is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["free", "paced"]
# Where one participant stands. Free play: playing or ended. Paced: choosing (the vote on
# their decision is open), chosen (held until the vote closes), revealed (seeing how the
# room chose), waiting (reached a decision while no vote is open), ended.
Stage = Literal["playing", "choosing", "chosen", "revealed", "waiting", "ended"]

FREE: Mode = "free"
PACED: Mode = "paced"


@dataclass
class Participant:
    name: str
    scenario: str | None = None
    scene: str | None = None  # the decision in front of them, or None between scenarios
    ending: str | None = None
    connected: bool = True
    stage: Stage = "playing"
    pending: int | None = None  # chosen while waiting: counted once the decision opens
    options: int = 0  # how many choices their decision's scene has
    offered: tuple[int, ...] = ()  # which of them were shown to this participant
    voted_in: int = -1  # the last paced round their vote counted in: one decision a round

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scenario": self.scenario,
            "scene": self.scene,
            "ending": self.ending,
            "connected": self.connected,
            "stage": self.stage,
        }


@dataclass
class Tally:
    """How the participants at one scene chose in one round: choice index -> names.

    A choice index counts the scene's choices as written (from 0), not as one player saw
    them: a condition can hide an earlier choice from some players and not others."""

    scenario: str
    scene: str
    round: int
    options: int = 0  # how many choices the scene has
    votes: dict[str, int] = field(default_factory=dict)  # name -> choice index (0-based)
    offered: set[int] = field(default_factory=set)  # the choices shown to anyone here

    def reached(self, options: int, offered: tuple[int, ...]) -> None:
        """Someone faces this decision with these choices shown."""
        self.options = max(self.options, options)
        self.offered.update(offered or range(options))

    def counts(self) -> list[int]:
        counts = [0] * self.options
        for index in self.votes.values():
            if 0 <= index < len(counts):
                counts[index] += 1
        return counts

    def as_json(self, names: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scenario": self.scenario,
            "scene": self.scene,
            "round": self.round,
            "counts": self.counts(),
            "offered": sorted(
                i for i in self.offered | set(self.votes.values()) if i < self.options
            ),
            "voted": len(self.votes),
        }
        if names:
            data["votes"] = dict(sorted(self.votes.items()))
        return data


class RoomError(ValueError):
    """A facilitator's action that does not fit the room now; the message says why."""


@dataclass
class Room:
    mode: Mode = FREE
    scenario: str | None = None  # the paced scenario
    round: int = 0  # paced: the decision the room is at, from 1
    vote_open: bool = False
    participants: dict[str, Participant] = field(default_factory=dict)
    tallies: list[Tally] = field(default_factory=list)  # every decision's votes, in order

    # -- what happens to participants ---------------------------------------------------
    def join(self, name: str) -> Participant:
        person = self.participants.get(name)
        if person is None:
            person = self.participants[name] = Participant(name)
        person.connected = True
        return person

    def leave(self, name: str) -> None:
        person = self.participants.get(name)
        if person is not None:
            person.connected = False

    def at_scene(
        self,
        name: str,
        scenario: str,
        scene: str,
        options: int,
        offered: tuple[int, ...] | None = None,
    ) -> Stage:
        """A participant faces a decision (`options` choices in the scene, `offered` the
        ones shown to them; all if not given); in paced mode they wait there until it is
        their round's turn. Returns where they stand."""
        person = self.join(name)
        person.scenario, person.scene, person.ending = scenario, scene, None
        person.options = options
        person.offered = tuple(range(options)) if offered is None else tuple(offered)
        if self.mode == PACED and scenario == self.scenario:
            revealed = self._find(scenario, scene, self.round)
            if (
                self.vote_open
                and person.voted_in == self.round
                and name not in self._votes_at(scenario, scene)
            ):
                person.stage = "waiting"  # ahead of the room: chose this round elsewhere
            elif self.vote_open:
                tally = self._tally(scenario, scene, self.round)
                tally.reached(options, person.offered)
                person.stage = "chosen" if name in tally.votes else "choosing"
            elif revealed is not None:  # this decision's result is on show: see it too
                revealed.reached(options, person.offered)
                person.stage = "revealed"
            else:  # a decision the room has not reached: wait for the next vote
                person.stage = "waiting"
        else:
            person.stage = "playing"
        return person.stage

    def chose(self, name: str, scenario: str, scene: str, index: int, options: int) -> bool:
        """A participant's choice. In paced mode only the first choice of a round counts and
        only while the vote is open; returns whether it was counted."""
        person = self.join(name)
        if self.mode == PACED and scenario == self.scenario:
            late = self._find(scenario, scene, self.round)
            if (
                not self.vote_open
                and person.stage == "revealed"
                and late is not None
                and name not in late.votes
            ):
                # chosen after the vote closed, while its result is on show: the choice is
                # kept in their results, so the room counts it too (its bars move for all)
                late.votes[name] = index
                late.reached(options, person.offered)
                person.voted_in = self.round
                return True
            ahead = not self.vote_open or person.voted_in == self.round
            if ahead and name not in self._votes_at(scenario, scene):
                # reached a decision the room has not opened for them: counts when it does
                if person.stage == "waiting" and person.pending is None:
                    person.pending = index
                    return True
                return False
            tally = self._tally(scenario, scene, self.round)
            tally.reached(options, person.offered)
            if name in tally.votes:
                return False
            tally.votes[name] = index
            person.voted_in = self.round
            person.stage = "chosen"
            return True
        tally = self._tally(scenario, scene, 0)  # free play: every choice is one round 0 vote
        tally.reached(options, person.offered if person.scene == scene else ())
        tally.votes[name] = index
        return True

    def ended(self, name: str, scenario: str, ending: str) -> None:
        person = self.join(name)
        person.scenario, person.scene, person.ending, person.stage = (
            scenario,
            None,
            ending,
            "ended",
        )

    # -- what the facilitator does ------------------------------------------------------
    def start(self, scenario: str, paced: bool) -> None:
        self.mode = PACED if paced else FREE
        self.scenario = scenario
        self.round = 1 if paced else 0
        self.vote_open = paced
        for person in self.participants.values():
            person.scenario, person.scene, person.ending = scenario, None, None
            person.stage = "choosing" if paced else "playing"

    def close_vote(self) -> list[Tally]:
        """Close the round's vote; the tallies to reveal, one per scene the room is at."""
        if self.mode != PACED:
            raise RoomError("the room plays freely; start a paced scenario first")
        if not self.vote_open:
            raise RoomError(f"the vote on decision {self.round} is already closed; open the next")
        self.vote_open = False
        for person in self.participants.values():
            if person.stage in ("choosing", "chosen"):
                person.stage = "revealed"
        return self.current_tallies()

    def next(self) -> int:
        """Open the next decision; returns its number."""
        if self.mode != PACED:
            raise RoomError("the room plays freely; start a paced scenario first")
        if self.vote_open:
            raise RoomError(f"close the vote on decision {self.round} first")
        if self.finished():
            raise RoomError(
                f"everyone has finished {self.scenario}: start another scenario "
                "(`eqtrainer room start ID`) or go back to free play (`eqtrainer room free`)"
            )
        self.round += 1
        self.vote_open = True
        for person in self.participants.values():
            if person.stage == "revealed":
                person.stage = "playing"  # on their way to their next decision
                person.scene = None
            elif person.stage == "waiting":
                person.stage = "choosing"  # already at a decision: this vote is theirs
                if person.scenario is not None and person.scene is not None:
                    tally = self._tally(person.scenario, person.scene, self.round)
                    tally.reached(person.options, person.offered)
                    if person.pending is not None:
                        tally.votes[person.name] = person.pending
                        person.voted_in = self.round
                        person.stage = "chosen"
                person.pending = None
        return self.round

    def free(self) -> None:
        self.mode, self.vote_open = FREE, False
        for person in self.participants.values():
            if person.stage != "ended":
                person.stage = "playing"

    # -- what the room shows -------------------------------------------------------------
    def finished(self) -> bool:
        """Paced, and everyone here in the room's scenario has reached an ending."""
        here = [
            p for p in self.participants.values() if p.connected and p.scenario == self.scenario
        ]
        return self.mode == PACED and bool(here) and all(p.stage == "ended" for p in here)

    def current_scene(self) -> str | None:
        """The decision most of the room is at: where a late joiner lands in paced mode."""
        at: dict[str, int] = {}
        for person in self.participants.values():
            if person.connected and person.scene is not None and person.scenario == self.scenario:
                at[person.scene] = at.get(person.scene, 0) + 1
        return max(at, key=lambda scene: at[scene]) if at else None

    def waiting_count(self, scenario: str, scene: str) -> tuple[int, int]:
        """(how many have chosen, how many are at this decision) in the current round."""
        tally = self._find(scenario, scene, self.round)
        chosen = 0 if tally is None else len(tally.votes)
        here = sum(
            1
            for p in self.participants.values()
            if p.connected and p.scenario == scenario and p.scene == scene
        )
        return chosen, max(here, chosen)

    def current_tallies(self) -> list[Tally]:
        return [t for t in self.tallies if t.round == self.round and t.scenario == self.scenario]

    def tally_for(self, scenario: str, scene: str) -> Tally | None:
        """The latest tally of one scene (the one a participant there sees revealed)."""
        for tally in reversed(self.tallies):
            if tally.scenario == scenario and tally.scene == scene:
                return tally
        return None

    def split_most(self, limit: int = 3) -> list[Tally]:
        """The decisions where the room split most: the best discussion starters."""

        def spread(tally: Tally) -> float:
            counts = tally.counts()
            total = sum(counts)
            return 0.0 if total < 2 else 1 - max(counts) / total

        voted = [t for t in self.tallies if len(t.votes) >= 2]
        return sorted(voted, key=spread, reverse=True)[:limit]

    def as_json(self, names: bool = True) -> dict[str, Any]:
        present = [p for p in self.participants.values() if p.connected]
        return {
            "mode": self.mode,
            "scenario": self.scenario,
            "round": self.round,
            "vote_open": self.vote_open,
            "participants": [p.as_json() for p in self.participants.values()],
            "present": len(present),
            "finished": self.finished(),
            "tallies": [t.as_json(names) for t in self.tallies],
        }

    def _votes_at(self, scenario: str, scene: str) -> dict[str, int]:
        tally = self._find(scenario, scene, self.round)
        return {} if tally is None else tally.votes

    def _find(self, scenario: str, scene: str, round_: int) -> Tally | None:
        for tally in self.tallies:
            if (tally.scenario, tally.scene, tally.round) == (scenario, scene, round_):
                return tally
        return None

    def _tally(self, scenario: str, scene: str, round_: int) -> Tally:
        found = self._find(scenario, scene, round_)
        if found is not None:
            return found
        tally = Tally(scenario, scene, round_)
        self.tallies.append(tally)
        return tally

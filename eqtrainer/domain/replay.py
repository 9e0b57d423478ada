"""Replay a playthrough from the keys a player would press, without any screen."""

from __future__ import annotations

from typing import Any

from .engine import AwaitingRead, Ended, Playthrough, Stuck
from .model import Scenario
from .scoring import Decision


class ReplayError(Exception):
    """The keys do not fit the scenario; the message names the scene and what was on offer."""


def _on_offer(count: int, timer: bool) -> str:
    keys = "1" if count == 1 else f"1-{count}"
    return keys + (" or t" if timer else "")


def replay_choices(scenario: Scenario, keys: str, seed: int | None = None) -> dict[str, Any]:
    """Play `keys` ("1,2,t,...") and return the result as the replay JSON object."""
    tokens = [k.strip() for k in keys.split(",") if k.strip()]
    play = Playthrough(scenario, seed)
    for position, token in enumerate(tokens, 1):
        phase = play.phase
        if isinstance(phase, Ended):
            raise ReplayError(
                f"key {position} (`{token}`) comes after the scenario ended at `{phase.ending.id}`"
            )
        scene = phase.scene
        if isinstance(phase, Stuck):
            raise ReplayError(f"scene `{scene.id}` shows no choice: every condition there is false")
        timer = scene.timer is not None
        if token.lower() == "t":
            if not timer:
                raise ReplayError(f"key {position} is `t`, but scene `{scene.id}` has no timer")
            play.time_out()
            continue
        if not (token.isascii() and token.isdigit()):  # "²".isdigit() is true, but int() refuses it
            raise ReplayError(
                f"key {position} is `{token}`; use numbers, or `t` for a timer running out"
            )
        number = int(token)
        if isinstance(phase, AwaitingRead):
            count = len(phase.question.options)
            if not 1 <= number <= count:
                raise ReplayError(
                    f"key {position} answers the read question of scene `{scene.id}` with "
                    f"{number}, but it offers {_on_offer(count, timer)}"
                )
            play.answer_read(number - 1)
            continue
        count = len(phase.choices)
        if not 1 <= number <= count:
            texts = "; ".join(
                f"{i}: {' '.join(c.text.split())}" for i, c in enumerate(phase.choices, 1)
            )
            raise ReplayError(
                f"key {position} is {number}, but scene `{scene.id}` offers "
                f"{_on_offer(count, timer)} ({texts})"
            )
        play.choose(number - 1)
    phase = play.phase
    if not isinstance(phase, Ended):
        what = "the read question" if isinstance(phase, AwaitingRead) else "a choice"
        raise ReplayError(f"the keys ran out at scene `{phase.scene.id}`, which needs {what}")
    return {
        "scenario": scenario.id,
        "ending": phase.ending.id,
        "ending_title": phase.ending.label,
        "outcome": phase.ending.outcome,
        "seed": play.seed,
        "scores": play.scores(),
        "decisions": [_decision_json(d) for d in play.decisions],
    }


def _decision_json(decision: Decision) -> dict[str, Any]:
    """A decision as the replay JSON shows it: the key, what it said, the read answer."""
    choice = decision.choice
    data: dict[str, Any] = {
        "scene": decision.scene,
        "choice": "t" if decision.timed_out else decision.number,
        "choice_text": None if choice is None else " ".join(choice.text.split()),
        "band": decision.band,
    }
    read = decision.read
    data["read"] = None  # the scene asked no read-the-room question
    if read is not None:
        data["read"] = {
            "answer": "t" if read.chosen is None else read.chosen + 1,
            "answer_text": None
            if read.chosen is None
            else " ".join(read.question.options[read.chosen].text.split()),
            "correct": read.correct,
        }
    return data

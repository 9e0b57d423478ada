"""A participant's game hears the room: the link between one game and the workshop server.

When `eqtrainer serve` starts a participant's game it gives it a Unix socket and a token
(`EQTRAINER_PACE=PATH` and `EQTRAINER_PACE_TOKEN`). The game tells the server where its
player is and what they chose; the server answers with the room's pace for this player.
One JSON object per line:

    game -> server  {"op": "hello", "token": T}
                    {"op": "at", "scenario": S, "scene": X, "options": N, "offered": [I...]}
                    {"op": "chose", "scenario": S, "scene": X, "index": I, "options": N}
                    {"op": "ended", "scenario": S, "ending": E}
                    (N: the scene's choices as written; I, [I...]: positions among them,
                    from 0, whatever a condition hid from this player)
    server -> game  {"op": "pace", "mode": "free"|"paced", "scenario": S, "round": R,
                     "vote_open": B, "stage": ..., "chosen": K, "here": N, "tally": {...}|null}
                    {"op": "start", "scenario": S, "scene": X|null}   (play this now;
                     "joining": true when the game has just joined: resume if kept)
                    {"op": "bye", "message": "..."}                    (the workshop ends)

Without a link (a game on a player's own terminal) nothing here runs. If the server goes
away the game plays on freely: a workshop problem never takes a player's game down.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("eqtrainer")

PACE_ENV, TOKEN_ENV = "EQTRAINER_PACE", "EQTRAINER_PACE_TOKEN"


@dataclass
class Pace:
    """The room as it concerns this player."""

    mode: str = "free"
    scenario: str | None = None
    round: int = 0
    vote_open: bool = False
    stage: str = "playing"
    chosen: int = 0  # how many at this player's decision have chosen
    here: int = 0  # how many are at it
    tally: dict[str, Any] | None = None  # the room's counts at this decision, once revealed
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def paced(self) -> bool:
        return self.mode == "paced"

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Pace:
        known = {k: message[k] for k in cls.__dataclass_fields__ if k in message and k != "extra"}
        return cls(**known)


Listener = Callable[[dict[str, Any]], None]


class PaceLink:
    """The game's side of the link; `listener` gets every message from the server."""

    def __init__(self, path: str, token: str, listener: Listener):
        self.path = path
        self.token = token
        self.listener = listener
        self.pace = Pace()
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_environment(cls, listener: Listener) -> PaceLink | None:
        path = os.environ.get(PACE_ENV)
        return None if not path else cls(path, os.environ.get(TOKEN_ENV, ""), listener)

    async def connect(self) -> bool:
        try:
            reader, writer = await asyncio.open_unix_connection(self.path)
        except OSError as exc:
            log.warning("no pacing link at %s: %s; playing freely", self.path, exc)
            return False
        self._writer = writer
        await self._send({"op": "hello", "token": self.token})
        self._task = asyncio.create_task(self._listen(reader))
        return True

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    async def at(self, scenario: str, scene: str, options: int, offered: list[int]) -> None:
        await self._send(
            {
                "op": "at",
                "scenario": scenario,
                "scene": scene,
                "options": options,
                "offered": offered,
            }
        )

    async def chose(self, scenario: str, scene: str, index: int, options: int) -> None:
        await self._send(
            {
                "op": "chose",
                "scenario": scenario,
                "scene": scene,
                "index": index,
                "options": options,
            }
        )

    async def ended(self, scenario: str, ending: str) -> None:
        await self._send({"op": "ended", "scenario": scenario, "ending": ending})

    async def _send(self, message: dict[str, Any]) -> None:
        writer = self._writer
        if writer is None:
            return
        try:
            writer.write(json.dumps(message).encode() + b"\n")
            await writer.drain()
        except OSError as exc:  # the server is gone: play on freely
            log.warning("pacing link lost: %s", exc)
            self._writer = None
            self._free()

    async def _listen(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    break
                with contextlib.suppress(ValueError):
                    message = json.loads(raw)
                    if isinstance(message, dict):
                        if message.get("op") == "pace":
                            self.pace = Pace.from_message(message)
                        self.listener(message)
        except (OSError, asyncio.IncompleteReadError):
            pass
        self._writer = None
        self._free()

    def _free(self) -> None:
        if self.pace.paced:
            self.pace = Pace()
            self.listener({"op": "pace", "mode": "free"})

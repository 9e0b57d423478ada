"""The running workshop: its settings, its participants' sessions, the room they play in,
and the sockets around it (the room's control socket, the games' pacing socket).
`server.py` is the SSH side: who gets in, and the bytes between each channel and its game.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.room import Room
from .control import ControlServer, socket_path
from .launcher import Launcher
from .names import distinct
from .strikes import Strikes

if TYPE_CHECKING:
    from .server import GameSession

log = logging.getLogger("eqtrainer.serve")

# The server's variables a game keeps; everything else is left behind.
GAME_ENV = frozenset({"PATH", "HOME", "USER", "LOGNAME", "TZ", "TMPDIR", "VIRTUAL_ENV"})


@dataclass
class Settings:
    paths: list[str]
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    passcode: str | None = None
    facilitator_passcode: str | None = None  # the user `facilitator` gets the room screen
    authorized_keys: str | None = None
    open: bool = False
    max_sessions: int = 100
    idle_timeout: float = 30 * 60
    spawn: bool = False  # a fresh Python per game instead of the forking parent (debugging)
    workshop: str = field(default_factory=lambda: time.strftime("%Y%m%d-%H%M%S"))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Workshop:
    """The running workshop: its sessions, its room and the sockets around them."""

    def __init__(self, settings: Settings, launcher: Launcher):
        self.settings = settings
        self.launcher = launcher
        self.room = Room()
        self.sessions: dict[str, GameSession] = {}  # by display name
        self.facilitators: set[GameSession] = set()  # room screens over SSH
        self.tokens: dict[str, GameSession] = {}
        self.strikes = Strikes()  # wrong passcodes per address
        self.logging_in = 0  # connections not yet through authentication
        self.scenario_ids: set[str] = set()
        self.control = ControlServer(
            self.room,
            socket_path(settings.data_dir),
            lambda: self.scenario_ids,
            self.on_action,
            settings.paths,
            {"workshop": settings.workshop, "address": f"{settings.host}:{settings.port}"},
        )
        self.pace_path = settings.data_dir / f"pace-{os.getpid()}.sock"
        self._pace_server: asyncio.AbstractServer | None = None
        self._idle_task: asyncio.Task[None] | None = None

    # -- starting and stopping -----------------------------------------------------------
    async def start(self) -> None:
        from ..domain.loader import load_library

        library = await asyncio.to_thread(load_library, self.settings.paths)
        self.scenario_ids = {s.id for s in library.scenarios}
        await self.control.start()
        old = os.umask(0o177)
        try:
            with contextlib.suppress(FileNotFoundError):
                self.pace_path.unlink()
            self._pace_server = await asyncio.start_unix_server(
                self._pace_client, path=str(self.pace_path)
            )
        finally:
            os.umask(old)
        self._idle_task = asyncio.create_task(self._watch_idle())

    async def stop(self, message: str) -> None:
        for facilitator in list(self.facilitators):
            facilitator.end("The workshop has ended.")
        for session in list(self.sessions.values()):
            session.end(message)
            if session.pace_writer is not None:
                session.pace_writer.close()  # its reader sees the end and finishes
        if self._idle_task is not None:
            self._idle_task.cancel()
        if self._pace_server is not None:
            self._pace_server.close()
        with contextlib.suppress(FileNotFoundError):
            self.pace_path.unlink()
        await self.control.stop()

    # -- names ---------------------------------------------------------------------------
    def claim(self, wanted: str, session: GameSession) -> str:
        """`wanted` (a sanitised name), or `wanted (2)`... if someone has it."""
        name = distinct(wanted, set(self.sessions))
        self.sessions[name] = session
        return name

    def release(self, session: GameSession) -> None:
        if session.name is not None and self.sessions.get(session.name) is session:
            del self.sessions[session.name]
            self.room.leave(session.name)
            self.control.changed()
        self.tokens.pop(session.token, None)

    def game_env(self, term: str, token: str) -> dict[str, str]:
        """The game's whole environment, built here: a few of the server's own variables (where
        files go, the time zone), the client's terminal type, UTF-8. Nothing else the client
        sent reaches it (no LD_PRELOAD, no PATH of theirs), and none of the facilitator's other
        variables either (an agent socket, a cloud token)."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k in GAME_ENV or k.startswith(("XDG_", "PYTHON", "TEXTUAL_"))
        }
        env.update(
            TERM=term or "xterm-256color",
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            EQTRAINER_PACE=str(self.pace_path),
            EQTRAINER_DATA=str(self.settings.data_dir),  # every game records where the server does
            EQTRAINER_PACE_TOKEN=token,
        )
        return env

    # -- idle sessions -------------------------------------------------------------------
    async def _watch_idle(self) -> None:
        timeout = self.settings.idle_timeout
        while True:
            await asyncio.sleep(max(0.5, min(30.0, timeout / 4)))
            now = time.monotonic()
            for session in list(self.sessions.values()):
                if now - session.last_input > timeout:
                    session.end(
                        f"No key for {in_words(timeout)}, so this session has ended. "
                        "Connect again with the same name to resume."
                    )

    # -- the room and pacing -------------------------------------------------------------
    async def on_action(self, op: str, request: dict[str, Any]) -> None:
        """A facilitator's action: what it means for every participant's game."""
        if op == "start":
            for session in self.sessions.values():
                session.tell({"op": "start", "scenario": request["scenario"], "scene": None})
        self.push_pace()

    def pace_for(self, name: str) -> dict[str, Any]:
        room = self.room
        person = room.participants.get(name)
        message: dict[str, Any] = {
            "op": "pace",
            "mode": room.mode,
            "scenario": room.scenario,
            "round": room.round,
            "vote_open": room.vote_open,
            "stage": "playing" if person is None else person.stage,
            "chosen": 0,
            "here": 0,
            "tally": None,
        }
        if person is not None and person.scenario is not None and person.scene is not None:
            message["chosen"], message["here"] = room.waiting_count(person.scenario, person.scene)
            tally = room.tally_for(person.scenario, person.scene)
            if person.stage == "revealed" and tally is not None:
                message["tally"] = tally.as_json(names=False)
        return message

    def push_pace(self) -> None:
        for name, session in self.sessions.items():
            session.tell(self.pace_for(name))

    async def _pace_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        session: GameSession | None = None
        try:
            hello = json.loads(await reader.readline())
            session = self.tokens.get(str(hello.get("token")))
            if session is None or session.name is None:
                return
            session.pace_writer = writer
            name = session.name
            room = self.room
            if room.mode == "paced" and room.scenario is not None:
                # a late joiner (or one back after a drop) lands where the room is
                session.tell(
                    {
                        "op": "start",
                        "scenario": room.scenario,
                        "scene": room.current_scene(),
                        "joining": True,  # back after a drop: their own path, if kept
                    }
                )
            session.tell(self.pace_for(name))
            while True:
                raw = await reader.readline()
                if not raw:
                    return
                try:
                    event = json.loads(raw)
                    self._game_event(name, event)
                except (ValueError, KeyError, TypeError):
                    continue
                self.control.changed()
                self.push_pace()
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return  # a game gone, or the workshop ending: nothing to keep
        finally:
            if session is not None:
                session.pace_writer = None
            writer.close()

    def _game_event(self, name: str, event: dict[str, Any]) -> None:
        op, room = event["op"], self.room
        if op == "at":
            offered = event.get("offered")
            room.at_scene(
                name,
                str(event["scenario"]),
                str(event["scene"]),
                int(event["options"]),
                None if offered is None else tuple(int(i) for i in offered),
            )
        elif op == "chose":
            room.chose(
                name,
                str(event["scenario"]),
                str(event["scene"]),
                int(event["index"]),
                int(event["options"]),
            )
        elif op == "ended":
            room.ended(name, str(event["scenario"]), str(event["ending"]))


def in_words(seconds: float) -> str:
    """`30 minutes`, `1 hour`, `90 seconds`: a duration as a participant reads it."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' * (count != 1)}"
    count = round(seconds)
    return f"{count} second{'s' * (count != 1)}"

"""The room's control socket: how `eqtrainer room` talks to a running `eqtrainer serve`.

A Unix socket in the data directory, mode 0600, so only the facilitator's own account on
the server host can reach it. The protocol is one JSON object per line:

    -> {"op": "state"}                          <- {"room": {...}}
    -> {"op": "watch"}                          <- {"room": {...}} now and on every change
    -> {"op": "library"}                        <- {"paths": [...], "about": {...}} the
                                                   scenarios it serves; its workshop and address
    -> {"op": "start", "scenario": ID, "paced": true}
    -> {"op": "close-vote"} | {"op": "next"} | {"op": "free"}
                                                <- {"ok": true, "room": {...}} or {"error": "..."}

The server keeps the `Room`; what a facilitator's action means for the participants' games
(switch scenario, hold, reveal) is the server's `on_action` callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ..domain.room import Room, RoomError
from ..roomlink import MAX_LINE, SOCKET_NAME, ControlError, act, line, request, socket_path, watch

__all__ = [
    "SOCKET_NAME",
    "ControlError",
    "ControlServer",
    "act",
    "request",
    "socket_path",
    "watch",
]

Action = Callable[[str, dict[str, Any]], Awaitable[None]]


class ControlServer:
    """Serves the room over the control socket; `changed()` pushes the room to watchers."""

    def __init__(
        self,
        room: Room,
        path: Path,
        scenarios: Callable[[], set[str]],
        on_action: Action | None = None,
        library: list[str] | None = None,
        about: dict[str, Any] | None = None,
    ):
        self.room = room
        self.about = about or {}  # the workshop's id and address, for a second server's refusal
        self.library = library or []  # the paths the server plays, for the room's screen
        self.path = path
        self.scenarios = scenarios  # the ids a facilitator may start
        self.on_action = on_action
        self._watchers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a socket left by a server that did not stop cleanly
        old = os.umask(0o177)  # created 0600: no window in which others could connect
        try:
            self._server = await asyncio.start_unix_server(
                self._client, path=str(self.path), limit=MAX_LINE
            )
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._watchers):
                writer.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def changed(self) -> None:
        """Tell every watching room screen what the room looks like now."""
        data = line({"room": self.room.as_json()})
        for writer in list(self._watchers):
            if writer.is_closing():
                self._watchers.discard(writer)
                continue
            writer.write(data)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    raw = await reader.readline()
                except ValueError:  # a line over the limit: not a room client
                    break
                if not raw:
                    break
                answer = await self._answer(raw, writer)
                if answer is not None:
                    writer.write(line(answer))
                    await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the room closed, or the server is stopping
        finally:
            self._watchers.discard(writer)
            writer.close()

    async def _answer(self, raw: bytes, writer: asyncio.StreamWriter) -> dict[str, Any] | None:
        try:
            request = json.loads(raw)
            op = request["op"]
        except (ValueError, KeyError, TypeError):
            return {"error": "not a room request; expected a JSON object with `op`"}
        room = self.room
        try:
            if op == "state":
                return {"room": room.as_json()}
            if op == "library":
                return {"paths": self.library, "about": self.about}
            if op == "watch":
                self._watchers.add(writer)
                return {"room": room.as_json()}
            if op == "start":
                scenario = str(request.get("scenario", ""))
                if scenario not in self.scenarios():
                    return {"error": unknown_scenario(scenario, self.scenarios())}
                room.start(scenario, paced=bool(request.get("paced", False)))
            elif op == "close-vote":
                room.close_vote()
            elif op == "next":
                room.next()
            elif op == "free":
                room.free()
            else:
                return {"error": f"unknown room action `{op}`"}
        except RoomError as exc:
            return {"error": str(exc)}
        if self.on_action is not None:
            await self.on_action(op, request)
        self.changed()
        return {"ok": True, "room": room.as_json()}


def unknown_scenario(name: str, ids: set[str]) -> str:
    """`no scenario ...; did you mean ...?` for an id typed wrong, else the ids there are."""
    import difflib

    lowered = {i.lower(): i for i in ids}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.7)
    if close:
        return f"no scenario `{name}` on this server; did you mean `{lowered[close[0]]}`?"
    return f"no scenario `{name}` on this server; there are {', '.join(sorted(ids))}"

"""The client side of the room's control socket (`serve/control.py` is the server side):
one request answered, or the room watched live. Used by `eqtrainer room` and by the room
screen a facilitator gets over SSH, so it sits beside both front ends, importing neither.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

SOCKET_NAME = "room.sock"
MAX_LINE = 64 * 1024


def socket_path(data_dir: Path) -> Path:
    return data_dir / SOCKET_NAME


def line(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode() + b"\n"


class ControlError(Exception):
    """No server to talk to, or the server refused the action; the message says which."""


def request(path: Path, op: str, timeout: float = 10.0, **fields: Any) -> dict[str, Any]:
    """One request to the running server, answered (for `eqtrainer room --json` and actions)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            raise ControlError(
                f"no workshop server is running here (nothing answers at {path}); "
                "start one with `eqtrainer serve`, or, if it was started with --data DIR, "
                "give `room` the same --data DIR"
            ) from None
        except PermissionError:
            raise ControlError(
                f"{path} belongs to another account; run `eqtrainer room` as the user who "
                "started `eqtrainer serve`"
            ) from None
        sock.sendall(line({"op": op, **fields}))
        buffer = b""
        while not buffer.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise ControlError("the workshop server closed the connection")
            buffer += chunk
    except TimeoutError:
        raise ControlError(f"the workshop server did not answer within {timeout:g} s") from None
    finally:
        sock.close()
    answer: dict[str, Any] = json.loads(buffer)
    if "error" in answer:
        raise ControlError(str(answer["error"]))
    return answer


async def watch(path: Path) -> AsyncIterator[dict[str, Any]]:
    """The room now and after every change, for the facilitator's screen."""
    reader, writer = await asyncio.open_unix_connection(str(path), limit=MAX_LINE * 16)
    try:
        writer.write(line({"op": "watch"}))
        await writer.drain()
        while True:
            raw = await reader.readline()
            if not raw:
                return
            message = json.loads(raw)
            if "room" in message:
                yield message["room"]
    finally:
        writer.close()


async def act(path: Path, op: str, **fields: Any) -> dict[str, Any]:
    """A facilitator's action from the screen, without blocking its event loop."""
    return await asyncio.to_thread(request, path, op, **fields)

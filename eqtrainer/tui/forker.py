"""The forking parent: starts each participant's game on its own pseudo-terminal, cheaply.

A process of its own (`python -m eqtrainer.tui.forker FD`), started by `eqtrainer serve`
and never the SSH server itself, so the server's event loop, sockets and keys never reach
a participant's game. It lives with the game it starts; the server only talks to it.

It imports textual and the game once, freezes what it imported (`gc.freeze()`, so forked
children share those pages instead of copying them), then forks one child per session:
the child becomes the session leader on a new pty and runs the game; the parent hands the
pty's master side back to the server over a Unix socket (`socket.send_fds`) and forgets it.

Requests (one datagram each, JSON): {"id", "game", "env", "cols", "rows"}, where `game`
holds what `eqtrainer.tui.app.run` takes: {"paths", "player", "workshop", "data"}.
Answers: {"id", "pid"} with the master fd attached, or {"id", "error"}.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import json
import logging
import os
import pty
import signal
import socket
import struct
import sys
import termios
from pathlib import Path
from typing import Any

MAX_REQUEST = 64 * 1024


def set_size(fd: int, cols: int, rows: int) -> None:
    """Tell the terminal on `fd` its size in characters; the game redraws to fit."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def warm_up() -> None:
    """Import what every game needs once, here, so each child starts with it in memory."""
    for name in (
        "sqlite3",
        "yaml",
        "textual.app",
        "textual.widgets",
        "eqtrainer.domain.loader",
        "eqtrainer.tui.app",
        "eqtrainer.tui.screens.scene",
        "eqtrainer.tui.screens.feedback",
        "eqtrainer.tui.screens.debrief",
    ):
        importlib.import_module(name)
    gc.collect()
    gc.freeze()  # what is imported now stays shared between all the children


def play(game: dict[str, Any]) -> int:
    """What a session's terminal runs: a participant's game, or the facilitator's room."""
    if game.get("room"):
        from .room_app import run_room

        return run_room(Path(game["room"]), [str(p) for p in game["paths"]])
    from .app import run

    return run(
        [str(p) for p in game["paths"]],
        player=game.get("player"),
        workshop=game.get("workshop"),
        data=game.get("data"),
    )


def start_child(game: dict[str, Any], env: dict[str, str], cols: int, rows: int) -> tuple[int, int]:
    """Fork one game on a new pty; returns (pid, master fd) in the parent."""
    master, slave = pty.openpty()
    set_size(slave, cols, rows)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.closerange(3, 65536)  # the server's socket and anything else: not the game's
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.environ.clear()
            os.environ.update(env)
            # The imported modules stay frozen: a collection never walks (and so never
            # copies) the pages this child shares with the forking parent.
            code = play(game)
        except BaseException:
            code = 70  # a bug: kept in the log (once the game has set it up), said on screen
            with contextlib.suppress(BaseException):
                logging.getLogger("eqtrainer").exception("the game stopped on an error")
                os.write(
                    2, b"\r\nSorry, the game stopped on an error. Please tell the facilitator.\r\n"
                )
        os._exit(code)
    os.close(slave)
    return pid, master


def serve(channel: socket.socket) -> None:
    """Answer the server's requests until it goes away."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when we stop
    while True:
        try:
            data = channel.recv(MAX_REQUEST)
        except InterruptedError:
            continue
        if not data:
            return  # the server has gone: so do we (games end as their ptys close)
        reply: dict[str, Any]
        fds: list[int] = []
        request: Any = None
        try:
            request = json.loads(data)
            pid, master = start_child(
                dict(request["game"]),
                {str(k): str(v) for k, v in request["env"].items()},
                int(request["cols"]),
                int(request["rows"]),
            )
            reply, fds = {"id": request["id"], "pid": pid}, [master]
        except (ValueError, KeyError, TypeError, OSError) as exc:
            ident = request.get("id") if isinstance(request, dict) else None
            reply = {"id": ident, "error": str(exc)}
        try:
            socket.send_fds(channel, [json.dumps(reply).encode()], fds)
        except OSError:
            return
        finally:
            for fd in fds:
                os.close(fd)


def main() -> None:
    fd = int(sys.argv[1])
    channel = socket.socket(fileno=fd)
    warm_up()
    channel.send(b'{"ready": true}')
    serve(channel)


if __name__ == "__main__":
    main()

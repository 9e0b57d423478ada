"""Starting a participant's game on its own pty: through the forking parent, or (to debug)
as a fresh Python process. Either way the server gets back the pid and the pty's master."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import socket
import struct
import subprocess
import sys
import termios
import threading
from typing import Any, Protocol


class LaunchError(Exception):
    """A game could not be started; the message says why."""


def set_size(fd: int, cols: int, rows: int) -> None:
    """Tell the pty its size in characters (the game gets SIGWINCH and redraws)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _take_terminal() -> None:
    """In the spawned child: make the pty its controlling terminal, so resizes reach it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Launcher(Protocol):
    async def launch(
        self, game: dict[str, Any], env: dict[str, str], cols: int, rows: int
    ) -> tuple[int, int]: ...

    def close(self) -> None: ...


class ForkLauncher:
    """Asks the forking parent (a process of its own) for each game."""

    def __init__(self, env: dict[str, str]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._channel = ours
        self._lock = threading.Lock()
        self._next = 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eqtrainer.tui.forker", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            # The games inherit its standard streams: UTF-8, whatever the facilitator's locale.
            env={**env, "PYTHONIOENCODING": "utf-8"},
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # ctrl+c in the facilitator's terminal is the server's
        )
        theirs.close()
        ready = self._channel.recv(1024)
        if not ready:
            raise LaunchError("the forking parent did not start; see the log")

    async def launch(
        self, game: dict[str, Any], env: dict[str, str], cols: int, rows: int
    ) -> tuple[int, int]:
        return await asyncio.to_thread(self._launch, game, env, cols, rows)

    def _launch(
        self, game: dict[str, Any], env: dict[str, str], cols: int, rows: int
    ) -> tuple[int, int]:
        with self._lock:  # one request at a time on the one channel
            self._next += 1
            request = {"id": self._next, "game": game, "env": env, "cols": cols, "rows": rows}
            try:
                self._channel.send(json.dumps(request).encode())
                data, fds, _flags, _addr = socket.recv_fds(self._channel, 65536, 1)
            except OSError as exc:
                raise LaunchError(f"the forking parent is gone: {exc}") from None
        if not data:
            raise LaunchError("the forking parent is gone")
        reply = json.loads(data)
        if "error" in reply or not fds:
            for fd in fds:
                os.close(fd)
            raise LaunchError(str(reply.get("error", "no pty came back")))
        return int(reply["pid"]), fds[0]

    def close(self) -> None:
        self._channel.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class SpawnLauncher:
    """A fresh Python for each game: slower and heavier; for debugging the forking parent."""

    def __init__(self, env: dict[str, str]):
        self.base_env = env
        self.children: list[subprocess.Popen[bytes]] = []

    async def launch(
        self, game: dict[str, Any], env: dict[str, str], cols: int, rows: int
    ) -> tuple[int, int]:
        # games that have ended are reaped here, so none lingers as a zombie
        self.children = [child for child in self.children if child.poll() is None]
        master, slave = pty.openpty()
        set_size(slave, cols, rows)
        code = (
            "import json, sys; from eqtrainer.tui.forker import play; "
            "sys.exit(play(json.loads(sys.argv[1])))"
        )
        try:
            child = subprocess.Popen(
                [sys.executable, "-c", code, json.dumps(game)],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except OSError as exc:
            os.close(master)
            raise LaunchError(str(exc)) from None
        finally:
            os.close(slave)
        self.children.append(child)
        return child.pid, master

    def close(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.terminate()

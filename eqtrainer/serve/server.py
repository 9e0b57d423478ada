"""`eqtrainer serve`: a workshop over SSH. Each participant gets the game and nothing else.

One asyncssh server. A participant's session asks the launcher for a game on its own pty
(`launcher.py`, through the forking parent) and then only moves bytes: keys from the SSH
channel into the pty, the screen from the pty back to the channel, resizes as TIOCSWINSZ.
Exec requests, subsystems (sftp, scp), port, agent and X11 forwarding are refused; the
client's environment never reaches the game, whose environment the server builds itself.

The server also keeps the workshop's room (`domain/room.py`): each game reports where its
player is over a private pacing socket, and the facilitator's `eqtrainer room` talks to
the room over the control socket (`control.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import signal
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

from ..domain.room import Room
from .control import ControlServer, socket_path
from .hostkey import fingerprint, load_or_create
from .launcher import ForkLauncher, Launcher, LaunchError, SpawnLauncher, set_size
from .names import BadName, distinct, sanitise

log = logging.getLogger("eqtrainer.serve")

# The server's variables a game keeps; everything else is left behind.
GAME_ENV = frozenset({"PATH", "HOME", "USER", "LOGNAME", "TZ", "TMPDIR", "VIRTUAL_ENV"})

# A connection that stops answering (a laptop's lid closed, Wi-Fi gone) is dropped after
# this many keepalives unanswered, this many seconds apart: its game ends within seconds.
KEEPALIVE_SECONDS, KEEPALIVE_MISSED = 5, 3

# Keys held for a game whose terminal is full, at most.
MAX_PENDING = 64 * 1024

# What a terminal needs to be itself again after a game that did not end on its own.
RESET = b"\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?25h\x1b[0m"


@dataclass
class Settings:
    paths: list[str]
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    passcode: str | None = None
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
        self.tokens: dict[str, GameSession] = {}
        self.failures: dict[str, int] = {}  # wrong passcodes per address
        self.scenario_ids: set[str] = set()
        self.control = ControlServer(
            self.room,
            socket_path(settings.data_dir),
            lambda: self.scenario_ids,
            self.on_action,
            settings.paths,
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
    def claim(self, raw: str, session: GameSession) -> str:
        name = distinct(sanitise(raw), set(self.sessions))
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
                    {"op": "start", "scenario": room.scenario, "scene": room.current_scene()}
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
            room.at_scene(name, str(event["scenario"]), str(event["scene"]), int(event["options"]))
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


class GameSession(asyncssh.SSHServerSession[bytes]):
    """One participant: their SSH channel bridged to their game's pty."""

    def __init__(self, workshop: Workshop, username: str):
        self.workshop = workshop
        self.username = username
        self.name: str | None = None
        self.token = secrets.token_hex(16)
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term = "xterm-256color"
        self.cols, self.rows = 80, 24
        self.master: int | None = None
        self.pid: int | None = None
        self.pace_writer: asyncio.StreamWriter | None = None
        self.last_input = time.monotonic()
        self.has_pty = False
        self._ended = False
        self._pending = bytearray()  # keys not yet taken by the game's terminal
        self._reading = False  # the game's screen is being read (not paused for a slow client)
        self._writing = False  # waiting for the game's terminal to take more keys

    # -- asyncssh's calls ----------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self.has_pty = True
        self.term = term_type or self.term
        self.cols, self.rows = term_size[0] or 80, term_size[1] or 24
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False  # `ssh host cmd`: the game only

    def subsystem_requested(self, subsystem: str) -> bool:
        return False  # sftp, scp and the rest

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._start())

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.cols, self.rows = width or self.cols, height or self.rows
        if self.master is not None:
            with contextlib.suppress(OSError):
                set_size(self.master, self.cols, self.rows)

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_input = time.monotonic()
        if self.master is None:
            return
        # Keys wait here while the game's terminal is full (a paste into a busy game);
        # past MAX_PENDING they are dropped rather than held without end.
        self._pending += data[: MAX_PENDING - len(self._pending)]
        self._to_game()

    def _to_game(self) -> None:
        master = self.master
        if master is None:
            return
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                written = os.write(master, self._pending)
                del self._pending[:written]
        except BlockingIOError:
            pass
        except OSError:
            self._pending.clear()
        if self._pending and not self._writing:
            loop.add_writer(master, self._to_game)
            self._writing = True
        elif not self._pending and self._writing:
            loop.remove_writer(master)
            self._writing = False

    def pause_writing(self) -> None:
        # The participant's connection is slow: stop reading the game's screen, so its
        # output waits in its own terminal instead of piling up in the server.
        if self.master is not None and self._reading:
            asyncio.get_running_loop().remove_reader(self.master)
            self._reading = False

    def resume_writing(self) -> None:
        if self.master is not None and not self._reading:
            asyncio.get_running_loop().add_reader(self.master, self._from_game)
            self._reading = True

    def eof_received(self) -> bool:
        self.end(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        # A dropped connection (lid closed, Wi-Fi gone): end the game now; its decisions are
        # already in the store, and connecting again with the same name offers Resume.
        self._stop_game()
        self.workshop.release(self)

    # -- the game ------------------------------------------------------------------------
    async def _start(self) -> None:
        workshop, chan = self.workshop, self.chan
        assert chan is not None
        if not self.has_pty:
            self.say("eqtrainer needs a terminal: connect with `ssh -t`.")
            chan.exit(1)
            return
        if len(workshop.sessions) >= workshop.settings.max_sessions:
            self.say(
                f"Sorry, the workshop is full ({workshop.settings.max_sessions} participants). "
                "Please tell the facilitator."
            )
            chan.exit(1)
            return
        try:
            self.name = workshop.claim(self.username, self)
        except BadName as exc:
            self.say(f"Please {exc}.")
            chan.exit(1)
            return
        workshop.tokens[self.token] = self
        workshop.room.join(self.name)
        workshop.control.changed()
        game = {
            "paths": workshop.settings.paths,
            "player": self.name,
            "workshop": workshop.settings.workshop,
            "data": str(workshop.settings.data_dir),
        }
        try:
            self.pid, self.master = await workshop.launcher.launch(
                game, workshop.game_env(self.term, self.token), self.cols, self.rows
            )
        except LaunchError as exc:
            log.error("could not start a game for %s: %s", self.name, exc)
            self.say("Sorry, your game could not be started. Please tell the facilitator.")
            chan.exit(1)
            workshop.release(self)
            return
        log.info("%s joined (pid %s)", self.name, self.pid)
        if self._ended:  # the connection dropped while the game was starting
            self._stop_game()
            return
        os.set_blocking(self.master, False)
        asyncio.get_running_loop().add_reader(self.master, self._from_game)
        self._reading = True

    def _from_game(self) -> None:
        master = self.master
        if master is None:
            return
        try:
            data = os.read(master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the game has ended and closed its side
            data = b""
        if data and self.chan is not None:
            self.chan.write(data)
            return
        self._stop_game()
        if self.chan is not None:
            self.chan.exit(0)

    def tell(self, message: dict[str, Any]) -> None:
        """A pacing message to this participant's game."""
        writer = self.pace_writer
        if writer is not None and not writer.is_closing():
            writer.write(json.dumps(message).encode() + b"\n")

    def say(self, text: str) -> None:
        if self.chan is not None:
            self.chan.write(RESET + b"\r\n" + text.encode() + b"\r\n")

    def end(self, message: str | None) -> None:
        """End this session, with a last line to the participant."""
        self._stop_game()
        if self.chan is not None:
            if message:
                self.say(message)
            with contextlib.suppress(Exception):
                self.chan.exit(0)

    def _stop_game(self) -> None:
        self._ended = True
        master, self.master = self.master, None
        if master is not None:
            with contextlib.suppress(Exception):
                loop = asyncio.get_running_loop()
                loop.remove_reader(master)
                loop.remove_writer(master)
            self._reading = self._writing = False
            self._pending.clear()
            with contextlib.suppress(OSError):
                os.close(master)  # the game's terminal is gone: it gets SIGHUP
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(self.pid, signal.SIGHUP)
            self.pid = None


class Gate(asyncssh.SSHServer):
    """One connection: who may in, and the refusal of everything but a session."""

    def __init__(self, workshop: Workshop):
        self.workshop = workshop
        self.address = "?"
        self.username = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"

    def begin_auth(self, username: str) -> bool:
        self.username = username
        return not self.workshop.settings.open  # --open: no authentication at all

    def password_auth_supported(self) -> bool:
        return self.workshop.settings.passcode is not None

    async def validate_password(self, username: str, password: str) -> bool:
        expected = self.workshop.settings.passcode or ""
        if hmac.compare_digest(password.encode(), expected.encode()):
            self.workshop.failures.pop(self.address, None)
            return True
        failures = self.workshop.failures.get(self.address, 0) + 1
        self.workshop.failures[self.address] = failures
        # Each wrong passcode from one address waits longer: guessing gets slow.
        await asyncio.sleep(min(10.0, 0.25 * 2 ** (failures - 1)))
        return False

    def session_requested(self) -> GameSession:
        return GameSession(self.workshop, self.username)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        return False  # ssh -L

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False  # ssh -R

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


def in_words(seconds: float) -> str:
    """`30 minutes`, `1 hour`, `90 seconds`: a duration as a participant reads it."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' * (count != 1)}"
    count = round(seconds)
    return f"{count} second{'s' * (count != 1)}"


def join_host(host: str) -> str:
    if is_loopback(host):
        return "localhost"
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return host


async def serve(settings: Settings, ready: asyncio.Event | None = None) -> int:
    """Run the workshop until ctrl+c (or SIGTERM); every participant gets a last line."""
    key = load_or_create(settings.data_dir)
    env = dict(os.environ)
    launcher: Launcher = SpawnLauncher(env) if settings.spawn else ForkLauncher(env)
    workshop = Workshop(settings, launcher)
    await workshop.start()
    options: dict[str, Any] = {}
    if settings.authorized_keys:
        options["authorized_client_keys"] = settings.authorized_keys
    server = await asyncssh.create_server(
        lambda: Gate(workshop),
        settings.host,
        settings.port,
        server_host_keys=[key],
        encoding=None,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        line_editor=False,
        login_timeout=60,
        keepalive_interval=KEEPALIVE_SECONDS,
        keepalive_count_max=KEEPALIVE_MISSED,
        **options,
    )
    print(banner(settings, fingerprint(key)), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        print("\nEnding the workshop…", flush=True)
        await workshop.stop("The facilitator has ended the workshop. Thank you for taking part!")
        server.close()
        await server.wait_closed()
        launcher.close()
    return 0


def banner(settings: Settings, print_: str) -> str:
    host = join_host(settings.host)
    port = "" if settings.port == 22 else f"-p {settings.port} "
    if settings.open:
        access = "no passcode: anyone who can reach this address can join"
    elif settings.passcode:
        access = "passcode: as you chose it (participants type it when ssh asks for a password)"
    else:
        access = f"keys listed in {settings.authorized_keys}"
    return "\n".join(
        [
            f"eqtrainer workshop {settings.workshop} on {settings.host}:{settings.port}",
            f"  Share this line:   ssh {port}yourname@{host}",
            f"  Host fingerprint:  {print_}",
            "                     (participants check it when ssh asks to trust the host)",
            f"  Access:            {access}",
            "  The room:          `eqtrainer room` in another terminal on this machine",
            "  Ctrl+C ends the workshop for everyone.",
        ]
    )

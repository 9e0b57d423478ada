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
import json
import logging
import os
import secrets
import shlex
import signal
import socket
import time
from typing import Any

import asyncssh

from ..store.paths import data_dir
from ..store.progress import Progress, StoreUnavailable
from .control import ControlError, request, socket_path
from .hostkey import fingerprint, load_or_create
from .launcher import ForkLauncher, Launcher, LaunchError, SpawnLauncher, set_size
from .names import BadName, sanitise
from .workshop import Settings, Workshop, is_loopback

__all__ = [
    "AlreadyServing",
    "GameSession",
    "Gate",
    "Settings",
    "Workshop",
    "banner",
    "is_loopback",
    "serve",
]

log = logging.getLogger("eqtrainer.serve")

# A connection that stops answering (a laptop's lid closed, Wi-Fi gone) is dropped after
# this many keepalives unanswered, this many seconds apart: its game ends within seconds.
KEEPALIVE_SECONDS, KEEPALIVE_MISSED = 5, 3

# Seconds someone waits for a name already in the room: a dead connection is let go by then.
NAME_WAIT = KEEPALIVE_SECONDS * (KEEPALIVE_MISSED + 1) + 2

# The user name that opens the room screen over SSH (with --facilitator-passcode).
FACILITATOR = "facilitator"

# Seconds a connection turned away (too many logging in) has to ask to log in and be told.
REFUSED_GRACE = 5.0

# Keys held for a game whose terminal is full, at most.
MAX_PENDING = 64 * 1024

# What a terminal needs to be itself again after a game that did not end on its own
# (lines wrap again, the main screen, no mouse reporting, the cursor shown, plain colours).
RESET = (
    b"\x1b[?7h\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?25h\x1b[0m"
)


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
        self.command: str | None = None  # what `ssh host cmd` asked to run: never run
        self._turned_away = False  # told why at the start (a command, no terminal): ending
        self._ended = False
        self._pending = bytearray()  # keys not yet taken by the game's terminal
        self._reading = False  # the game's screen is being read (not paused for a slow client)
        self._writing = False  # waiting for the game's terminal to take more keys
        self._keys_while_waiting: asyncio.Event | None = None  # set by a key: stop waiting

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
        # `ssh host cmd`: nothing is run; the session only says so (on stderr) and ends,
        # which reads better than ssh's own "exec request failed on channel 0".
        self.command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False  # sftp, scp and the rest

    def session_started(self) -> None:
        if self.command is not None:  # said at once: the client's EOF may come next
            self._turned_away = True
            self._refuse_command()
            return
        if not self.has_pty:  # the same: `ssh -T host </dev/null` sends EOF straight away
            self._turned_away = True
            self.say(f"{self.what_needs_a_terminal()} needs a terminal: connect with `ssh -t`.")
            if self.chan is not None:
                self.chan.exit(1)
            return
        asyncio.get_running_loop().create_task(self._start())

    def what_needs_a_terminal(self) -> str:
        return "eqtrainer"

    def _refuse_command(self) -> None:
        settings, chan = self.workshop.settings, self.chan
        assert chan is not None
        port = "" if settings.port == 22 else f"-p {settings.port} "
        chan.write_stderr(
            "This server runs the eqtrainer game only, not commands: connect without one, "
            f"e.g. `ssh {port}yourname@{join_host(settings.host)}`.\r\n".encode()
        )
        chan.exit(1)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.cols, self.rows = width or self.cols, height or self.rows
        if self.master is not None:
            with contextlib.suppress(OSError):
                set_size(self.master, self.cols, self.rows)

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_input = time.monotonic()
        if self._keys_while_waiting is not None:  # waiting for their name to be free
            if b"\x03" in data or b"\x04" in data:
                self.end("Goodbye.")
            else:
                self._keys_while_waiting.set()
            return
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
        if self._turned_away:
            return False  # its line is said and the session is ending already
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
        if len(workshop.sessions) >= workshop.settings.max_sessions:
            self.say(
                f"Sorry, the workshop is full ({participants(workshop.settings.max_sessions)}). "
                "Please tell the facilitator."
            )
            chan.exit(1)
            return
        try:
            wanted = sanitise(self.username)
        except BadName as exc:
            self.say(f"Please {exc}.")
            chan.exit(1)
            return
        if wanted in workshop.sessions and not await self._wait_for_name(wanted):
            return  # they left while waiting
        self.name = workshop.claim(wanted, self)
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
        self._bridge()

    def _bridge(self) -> None:
        """The game (or the room) has started on its pty: from now on, only move bytes."""
        if self._ended or self.master is None:  # the connection dropped while it started
            self._stop_game()
            return
        os.set_blocking(self.master, False)
        asyncio.get_running_loop().add_reader(self.master, self._from_game)
        self._reading = True

    async def _wait_for_name(self, name: str) -> bool:
        """Someone called `name` is already here: most often this participant, back on a new
        connection before the server has noticed the old one is dead. Wait for it to drop, so
        they get their name (and Resume) back; a key joins at once under a new name, Ctrl+C
        leaves. False if they left."""
        self.say(
            f"Someone named {name} is already in the workshop.\r\n"
            "If that was you a moment ago, your old connection is being let go:\r\n"
            f"waiting up to {NAME_WAIT} seconds for it.\r\n"
            "Press Enter to join now under another name, or Ctrl+C to leave."
        )
        self._keys_while_waiting = asyncio.Event()
        deadline = time.monotonic() + NAME_WAIT
        while name in self.workshop.sessions and time.monotonic() < deadline:
            if self._ended:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._keys_while_waiting.wait(), 0.25)
            if self._keys_while_waiting.is_set():
                break
        self._keys_while_waiting = None
        return not self._ended

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
        """A line to the participant (after resetting a terminal the game may have left
        changed); nothing if the connection is already closing."""
        if self.chan is not None:
            line = (
                RESET + b"\r\n" + text.encode() + b"\r\n" if self.has_pty else text.encode() + b"\n"
            )
            with contextlib.suppress(OSError):  # BrokenPipeError: the client has gone
                self.chan.write(line)

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


class RoomSession(GameSession):
    """The facilitator over SSH: the room screen on their terminal, as `eqtrainer room`
    shows it on the server's machine. Not a participant: no name in the room, no game."""

    def __init__(self, workshop: Workshop, username: str, allowed: bool):
        super().__init__(workshop, username)
        self.allowed = allowed

    def what_needs_a_terminal(self) -> str:
        return "The room"

    async def _start(self) -> None:
        workshop, chan = self.workshop, self.chan
        assert chan is not None
        if not self.allowed:
            self.say(
                f"The name {FACILITATOR} is kept for the facilitator's room, which opens with "
                "the facilitator's passcode. To play, connect under your own name."
            )
            chan.exit(1)
            return
        settings = workshop.settings
        room = {"room": str(socket_path(settings.data_dir)), "paths": settings.paths}
        workshop.facilitators.add(self)
        try:
            self.pid, self.master = await workshop.launcher.launch(
                room, workshop.game_env(self.term, ""), self.cols, self.rows
            )
        except LaunchError as exc:
            log.error("could not start the room for the facilitator: %s", exc)
            self.say("Sorry, the room could not be started; see the server's log.")
            chan.exit(1)
            workshop.facilitators.discard(self)
            return
        log.info("the facilitator opened the room over SSH (pid %s)", self.pid)
        self._bridge()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_game()
        self.workshop.facilitators.discard(self)


class Gate(asyncssh.SSHServer):
    """One connection: who may in, and the refusal of everything but a session."""

    def __init__(self, workshop: Workshop):
        self.workshop = workshop
        self.address = "?"
        self.username = ""
        self._logging_in = False  # counted in the workshop's logging_in
        self._refused = False  # over the limit of connections logging in at once
        self.room_passcode = False  # logged in with the facilitator's passcode
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        workshop = self.workshop
        if workshop.logging_in >= max_logging_in(workshop.settings.max_sessions):
            # Like OpenSSH's MaxStartups: a flood of connections that never log in cannot
            # take the server's memory; the person is told to try again, not left hanging.
            # It is told so when it asks to log in (said any sooner, a client still sending
            # its greeting can miss it); one that never asks is cut off in a few seconds.
            log.warning("refused a connection from %s: too many logging in", self.address)
            self._refused = True
            asyncio.get_running_loop().call_later(REFUSED_GRACE, conn.abort)
            return
        workshop.logging_in += 1
        self._logging_in = True

    def _logged_in_or_gone(self) -> None:
        if self._logging_in:
            self._logging_in = False
            self.workshop.logging_in -= 1

    def auth_completed(self) -> None:
        self._logged_in_or_gone()

    def connection_lost(self, exc: Exception | None) -> None:
        self._logged_in_or_gone()

    def begin_auth(self, username: str) -> bool:
        if self._refused:
            raise asyncssh.DisconnectError(
                asyncssh.DISC_TOO_MANY_CONNECTIONS,
                "Too many people are connecting at once: please try again in a minute.",
            )
        self.username = username
        if self._for_the_room(username):
            # the room's own passcode, whatever the participants' access is: no key opens it
            if self.conn is not None:
                self.conn.set_authorized_keys(asyncssh.import_authorized_keys(""))
            return True
        return not self.workshop.settings.open  # --open: no authentication at all

    def _for_the_room(self, username: str) -> bool:
        return username == FACILITATOR and self.workshop.settings.facilitator_passcode is not None

    def password_auth_supported(self) -> bool:
        settings = self.workshop.settings
        return settings.passcode is not None or settings.facilitator_passcode is not None

    async def validate_password(self, username: str, password: str) -> bool:
        settings = self.workshop.settings
        expected = (
            settings.facilitator_passcode if self._for_the_room(username) else settings.passcode
        )
        if expected is not None and hmac.compare_digest(password.encode(), expected.encode()):
            self.workshop.strikes.right(self.address)
            self.room_passcode = self._for_the_room(username)
            return True
        # Each wrong passcode from one address waits longer: guessing gets slow.
        await asyncio.sleep(self.workshop.strikes.wrong(self.address))
        return False

    def session_requested(self) -> GameSession:
        if self._for_the_room(self.username):
            # only with the room's passcode: a participant's key is not enough
            return RoomSession(self.workshop, self.username, allowed=self.room_passcode)
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


def participants(number: int) -> str:
    return f"{number} participant{'s' * (number != 1)}"


def max_logging_in(max_sessions: int) -> int:
    """Connections allowed at once between connecting and logging in: enough for the
    whole room to join in the same minute."""
    return max(20, max_sessions)


def join_host(host: str) -> str:
    if is_loopback(host):
        return "localhost"
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return host


class AlreadyServing(Exception):
    """Another workshop server uses this data folder; the message says which and what to do."""


def check_not_serving(settings: Settings) -> None:
    """Two servers on one data folder would fight over its room socket: the second would
    take the room from the first, whose participants play on with no facilitator."""
    path = socket_path(settings.data_dir)
    if not path.exists():
        return
    try:
        about = request(path, "library", timeout=3.0).get("about") or {}
    except ControlError:
        return  # left behind by a server that has stopped: it is replaced
    running = f"workshop {about['workshop']} on {about['address']}" if about else "a workshop"
    raise AlreadyServing(
        f"{running} is already running with the data folder {settings.data_dir}; "
        "stop it first (Ctrl+C in its terminal), or give this one its own --data DIR"
    )


async def serve(settings: Settings, ready: asyncio.Event | None = None) -> int:
    """Run the workshop until ctrl+c (or SIGTERM); every participant gets a last line."""
    check_not_serving(settings)
    key = load_or_create(settings.data_dir)
    results = results_line(settings)
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
    print(banner(settings, fingerprint(key), results), flush=True)
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


def results_line(settings: Settings) -> str:
    """Open the results once, before anyone joins: the file is made (or brought forward)
    here rather than by the first sessions at once, and a file that cannot be used is said
    to the facilitator now rather than found at `export` after the workshop."""
    try:
        Progress.open(settings.data_dir).close()
    except StoreUnavailable as exc:
        log.error("results are off for this workshop: %s", exc)
        return f"NOT KEPT ({exc}); the games play on, but there will be nothing to export"
    return (
        f"kept; afterwards `eqtrainer export --workshop {settings.workshop}{data_flag(settings)}`"
    )


def data_flag(settings: Settings) -> str:
    """What `room` and `export` need added to find this server's data folder."""
    if settings.data_dir == data_dir():
        return ""
    return f" --data {shlex.quote(str(settings.data_dir))}"


def banner(settings: Settings, print_: str, results: str) -> str:
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
            f"  The room:          `eqtrainer room{data_flag(settings)}` in another terminal here",
            *(
                [f"                     or `ssh {port}{FACILITATOR}@{host}` with its own passcode"]
                if settings.facilitator_passcode
                else []
            ),
            f"  Results:           {results}",
            "  Ctrl+C ends the workshop for everyone.",
        ]
    )

"""`eqtrainer serve` under load: N participants as real OpenSSH sessions over loopback.

Each participant is the real `ssh` client on a pseudo-terminal of its own (80x24), joined to
one `eqtrainer serve --open` on 127.0.0.1 playing the bundled library. For each N, and for
one participant alone first (the baseline, measured in the same run), it reports:

- PSS per participant: the proportional set size (/proc/PID/smaps_rollup) of the server,
  the forking parent and every game, added up and divided by N (the ssh clients are the
  participants' laptops and are not counted);
- join: the time from starting all N clients at once until every one shows the home screen
  with its list loaded ("12 scenarios");
- one typing: keypress-to-screen latency (from writing an arrow key to the client's pty to
  the first byte of the redraw coming back), one participant pressing while the others idle;
- all at once: the same, every participant pressing at the same moment, over all of them;
- idle CPU: the CPU time of server, forking parent and games over a quiet stretch, as a
  share of one core;
- with --paced N, at that size: a paced decision (`room start friday-demo --paced`), every
  participant answers, then the time from close-vote (sent straight to the control socket)
  until each screen shows how the room chose, p50/p95.

    python bench/bench_serve.py [--sizes 10,25,50,100] [--presses 40] [--rounds 5] [--spawn]
                                [--paced 50]

Needs the OpenSSH client. --spawn measures the debugging launcher (a fresh Python for
each game) instead of the forking parent.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import selectors
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

EQTRAINER = Path(sys.executable).parent / "eqtrainer"
LISTED = re.compile(rb"[1-9][0-9]* scenarios")
DOWN, UP = b"\x1b[B", b"\x1b[A"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Client:
    """One participant: `ssh` on its own pty; we hold the pty's master."""

    name: str
    master: int
    process: subprocess.Popen[bytes]
    seen: bytearray = field(default_factory=bytearray)
    last_read: float = 0.0
    listed_at: float | None = None


class Participants:
    def __init__(self, port: int, env: dict[str, str]):
        self.port = port
        self.env = env
        self.clients: list[Client] = []
        self.selector = selectors.DefaultSelector()

    def join(self, name: str) -> Client:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        process = subprocess.Popen(
            [
                "ssh",
                "-t",
                "-p",
                str(self.port),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                "-o",
                "BatchMode=yes",
                f"{name}@127.0.0.1",
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,
        )
        os.close(slave)
        os.set_blocking(master, False)
        client = Client(name, master, process)
        self.clients.append(client)
        self.selector.register(master, selectors.EVENT_READ, client)
        return client

    def pump(self, timeout: float) -> None:
        """Read whatever the clients have, for up to `timeout` seconds of waiting."""
        for key, _ in self.selector.select(timeout):
            client: Client = key.data
            try:
                data = os.read(client.master, 65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            now = time.perf_counter()
            if not data:
                self.selector.unregister(client.master)
                continue
            client.last_read = now
            client.seen += data
            if client.listed_at is None and LISTED.search(client.seen):
                client.listed_at = now
            if len(client.seen) > 1 << 16:
                del client.seen[: -(1 << 12)]

    def drain(self, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Read until no client has said anything for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            before = max((c.last_read for c in self.clients), default=0.0)
            self.pump(quiet)
            if max((c.last_read for c in self.clients), default=0.0) == before:
                return

    def press(self, clients: list[Client], timeout: float = 10.0) -> list[float]:
        """Send an arrow key to each of `clients` at once; seconds until each redraws."""
        sent: dict[int, float] = {}
        for client in clients:
            key = DOWN if len(sent) % 2 == 0 else UP
            os.write(client.master, key)
            sent[id(client)] = time.perf_counter()
        answered: dict[int, float] = {}
        for client in clients:
            client.last_read = 0.0
        end = time.perf_counter() + timeout
        while len(answered) < len(clients) and time.perf_counter() < end:
            self.pump(0.05)
            for client in clients:
                if id(client) not in answered and client.last_read > sent[id(client)]:
                    answered[id(client)] = client.last_read - sent[id(client)]
        if len(answered) < len(clients):
            raise RuntimeError(f"{len(clients) - len(answered)} participants never redrew")
        return list(answered.values())

    def wait_all(self, text: bytes, since: float, timeout: float = 120.0) -> list[float]:
        """Seconds from `since` until each client has shown `text` (read from now on)."""
        for client in self.clients:
            client.seen.clear()
        shown: dict[int, float] = {}
        end = time.perf_counter() + timeout
        while len(shown) < len(self.clients):
            if time.perf_counter() > end:
                raise RuntimeError(f"{len(self.clients) - len(shown)} never showed {text!r}")
            self.pump(0.05)
            for client in self.clients:
                if id(client) not in shown and text in client.seen:
                    shown[id(client)] = client.last_read - since
        return list(shown.values())

    def leave(self) -> None:
        for client in self.clients:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(client.process.pid, signal.SIGTERM)
        for client in self.clients:
            with contextlib.suppress(subprocess.TimeoutExpired):
                client.process.wait(timeout=10)
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(client.master)
            os.close(client.master)
        self.clients.clear()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a game that ended and is not yet reaped holds no memory


def descendants(pid: int) -> list[int]:
    every, todo = [], [pid]
    while todo:
        current = todo.pop()
        if alive(current):
            every.append(current)
        with contextlib.suppress(OSError):
            todo += children(current)
    return every


def pss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def cpu_ticks(pid: int) -> int:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    return 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Figures:
    n: int
    pss_mib: float
    join_s: float
    one_p50: float
    one_p95: float
    all_p50: float
    all_p95: float
    idle_cpu: float
    reveal_p50: float | None = None
    reveal_p95: float | None = None


def measure(
    server: subprocess.Popen[bytes],
    port: int,
    env: dict[str, str],
    n: int,
    args: argparse.Namespace,
) -> Figures:
    people = Participants(port, env)
    start = time.perf_counter()
    for number in range(n):
        people.join(f"p{number}")
    end = start + 120
    while any(c.listed_at is None for c in people.clients):
        if time.perf_counter() > end:
            missing = sum(c.listed_at is None for c in people.clients)
            saw = bytes(people.clients[0].seen[-2000:])
            people.leave()
            raise RuntimeError(f"{missing} of {n} never saw the home screen; one saw {saw!r}")
        people.pump(0.1)
    join = max(c.listed_at or 0.0 for c in people.clients) - start
    people.drain(quiet=1.0, limit=30)
    processes = descendants(server.pid)
    games = len(processes) - (1 if args.spawn else 2)
    if games != n:
        raise RuntimeError(f"{games} games running for {n} participants")
    pss = sum(pss_kib(pid) for pid in processes) / 1024 / n
    # one participant typing while the others sit idle
    typist = people.clients[0]
    one: list[float] = []
    for _ in range(args.presses):
        one += people.press([typist])
        people.drain(quiet=0.1)
    # everyone pressing at the same moment
    together: list[float] = []
    for _ in range(args.rounds):
        together += people.press(people.clients, timeout=60)
        people.drain(quiet=0.3, limit=30)
    # idle CPU, every game on its list
    people.drain(quiet=1.0, limit=30)
    ticks = sum(cpu_ticks(pid) for pid in processes)
    quiet_from = time.perf_counter()
    time.sleep(args.idle)
    ticks = sum(cpu_ticks(pid) for pid in processes) - ticks
    idle = ticks / os.sysconf("SC_CLK_TCK") / (time.perf_counter() - quiet_from)
    reveal = paced_reveal(people, env) if n == args.paced else None
    people.leave()
    # wait for the games to go, so the next size starts from an empty server
    end = time.perf_counter() + 30
    while len(descendants(server.pid)) > (1 if args.spawn else 2) and time.perf_counter() < end:
        time.sleep(0.2)
    return Figures(
        n,
        pss,
        join,
        statistics.median(one) * 1000,
        percentile(one, 0.95) * 1000,
        statistics.median(together) * 1000,
        percentile(together, 0.95) * 1000,
        idle * 100,
        *(
            ()
            if reveal is None
            else (statistics.median(reveal) * 1000, percentile(reveal, 0.95) * 1000)
        ),
    )


def paced_reveal(people: Participants, env: dict[str, str]) -> list[float]:
    """A paced decision (issue 13): everyone answers, then the seconds from the room's
    close-vote until each participant's screen shows how the room chose."""
    from eqtrainer.serve.control import request, socket_path

    path = socket_path(Path(env["XDG_DATA_HOME"]) / "eqtrainer")
    subprocess.run(
        [str(EQTRAINER), "room", "start", "friday-demo", "--paced"],
        env=env,
        check=True,
        capture_output=True,
    )
    people.wait_all(b"Read the room", time.perf_counter())
    for client in people.clients:
        os.write(client.master, b"1")  # the read question
    people.drain(quiet=0.5, limit=30)
    for client in people.clients:
        os.write(client.master, b"1")  # the choice
    people.wait_all(b"have chosen", time.perf_counter())
    people.drain(quiet=0.5, limit=30)
    # Straight to the control socket, as the room's screen sends it: the time counted is the
    # server's and the games', not a new `eqtrainer room` process starting.
    start = time.perf_counter()
    request(path, "close-vote")
    shown = people.wait_all(b"How the room chose", start)
    request(path, "free")  # so the next size's participants join a free room at the list
    return shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,25,50,100", help="participants per round")
    parser.add_argument("--presses", type=int, default=40, help="keys for the one typist")
    parser.add_argument("--rounds", type=int, default=5, help="keys pressed by all at once")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of quiet measured")
    parser.add_argument("--spawn", action="store_true", help="a fresh Python per game")
    parser.add_argument(
        "--paced", type=int, default=0, help="also time a paced reveal at this size (issue 13)"
    )
    args = parser.parse_args()
    if shutil.which("ssh") is None:
        print("bench_serve: the OpenSSH client (ssh) is not installed", file=sys.stderr)
        return 2
    sizes = [1, *(int(s) for s in args.sizes.split(","))]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        env = dict(
            os.environ,
            XDG_DATA_HOME=f"{tmp}/data",
            XDG_CONFIG_HOME=f"{tmp}/config",
            TERM="xterm-256color",
            LANG="C.UTF-8",
        )
        env.pop("EQTRAINER_DATA", None)
        port = free_port()
        command = [str(EQTRAINER), "serve", "--open", "--port", str(port), "--max", "1000"]
        if args.spawn:
            command.append("--spawn")
        log = open(f"{tmp}/server.log", "w+b")  # noqa: SIM115 (closed below)
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            end = time.perf_counter() + 30
            while b"Ctrl+C ends" not in Path(f"{tmp}/server.log").read_bytes():
                if server.poll() is not None or time.perf_counter() > end:
                    raise RuntimeError(Path(f"{tmp}/server.log").read_text())
                time.sleep(0.1)
            time.sleep(1.0)  # the forking parent warms up after the banner
            mode = "spawn (a fresh Python each)" if args.spawn else "forking parent"
            print(f"eqtrainer serve, {mode}, {os.cpu_count()} cores, bundled library")
            print(
                f"{'N':>4} {'PSS/each':>9} {'ratio':>6} {'join':>7} {'one p50':>8} "
                f"{'one p95':>8} {'all p50':>8} {'all p95':>8} {'idle CPU':>9}  reveal p50/p95"
            )
            base: Figures | None = None
            for n in sizes:
                f = measure(server, port, env, n, args)
                base = base or f
                print(
                    f"{f.n:>4} {f.pss_mib:>6.1f} MiB {f.pss_mib / base.pss_mib:>6.2f} "
                    f"{f.join_s:>6.2f}s {f.one_p50:>6.1f}ms {f.one_p95:>6.1f}ms "
                    f"{f.all_p50:>6.0f}ms {f.all_p95:>6.0f}ms {f.idle_cpu:>8.1f}%  "
                    + (
                        "-" if f.reveal_p50 is None else f"{f.reveal_p50:.0f}/{f.reveal_p95:.0f} ms"
                    ),
                    flush=True,
                )
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

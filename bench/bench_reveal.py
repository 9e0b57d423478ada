"""The workshop room under load: how fast a paced reveal reaches N participants.

`bench_serve.py` is the server's load benchmark (memory, joining, key latency); this one
adds the room's figure, with a lighter run of the same measures for context. For each N it
reports, against one participant alone measured in the same run:
- PSS per participant (server, forking parent and every game, from /proc/PID/smaps_rollup),
- the time until all N, joining at once, see the scenario list,
- keypress-to-screen latency p50/p95 with one participant typing, and with all N pressing a
  key at the same moment,
- idle CPU (all server-side processes, over a few seconds with nobody typing),
- with --paced: the time from `room close-vote` until every participant's screen shows the
  room's counts (p50/p95).

Everything runs on loopback and stops by itself. Usage:
    python bench/bench_reveal.py [--sizes 1,50] [--paced 50]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EQTRAINER = Path(sys.executable).parent / "eqtrainer"
TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Participant:
    """One `ssh -tt` client on a pty of its own; reads what the server sends."""

    def __init__(self, port: int, name: str, env: dict[str, str]):
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        self.process = subprocess.Popen(
            [
                "ssh",
                "-tt",
                "-p",
                str(port),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR",
                f"{name}@127.0.0.1",
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def read(self) -> bytes:
        chunks = []
        while True:
            try:
                data = os.read(self.master, 65536)
            except (BlockingIOError, OSError):
                break
            if not data:
                break
            chunks.append(data)
        got = b"".join(chunks)
        self.seen = (self.seen + got)[-200_000:]
        return got

    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


def wait_all(people: list[Participant], text: bytes, since: float) -> list[float]:
    """Seconds from `since` until each participant has shown `text`."""
    done: dict[int, float] = {}
    deadline = since + TIMEOUT
    while len(done) < len(people) and time.monotonic() < deadline:
        pending = [p for i, p in enumerate(people) if i not in done]
        ready, _, _ = select.select([p.master for p in pending], [], [], 0.05)
        for i, person in enumerate(people):
            if i in done or person.master not in ready:
                continue
            person.read()
            if text in person.seen:
                done[i] = time.monotonic() - since
    if len(done) < len(people):
        missing = next(p for i, p in enumerate(people) if i not in done)
        tail = missing.seen[-3000:].decode("utf-8", "replace")
        print(tail, file=sys.stderr)
        raise SystemExit(f"only {len(done)} of {len(people)} showed {text!r} in {TIMEOUT:g} s")
    return [done[i] for i in range(len(people))]


def key_latency(person: Participant, key: bytes) -> float:
    """Seconds from a key to the first bytes of the screen's answer."""
    person.read()
    start = time.monotonic()
    person.press(key)
    while time.monotonic() - start < 10:
        ready, _, _ = select.select([person.master], [], [], 0.05)
        if ready and person.read():
            return time.monotonic() - start
    return float("inf")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def server_side(server: subprocess.Popen[bytes]) -> list[int]:
    """The server, the forking parent and every game (the forker starts its own session)."""
    pids = descendants(server.pid)
    forker = [p for p in pids if p != server.pid]
    for pid in list(forker):
        pids += descendants(pid)
    # The forking parent is a child of the server; games are children of the forker.
    return sorted(set(pids))


def pss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(size: int, paced: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config")
        env.pop("COLORTERM", None)
        env["TERM"] = "xterm-256color"
        port = free_port()
        server = subprocess.Popen(
            [str(EQTRAINER), "serve", "--open", "--port", str(port), "--max", str(size + 5)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        assert server.stdout is not None
        start = time.monotonic()
        banner = b""
        while b"Ctrl+C" not in banner:
            chunk = server.stdout.read1(4096)
            if not chunk:
                raise SystemExit(f"the server did not start:\n{banner.decode(errors='replace')}")
            banner += chunk
        people: list[Participant] = []
        try:
            start = time.monotonic()
            people = [Participant(port, f"p{i:03d}", env) for i in range(size)]
            joined = wait_all(people, b"scenarios", start)
            time.sleep(2)  # let every game settle
            for person in people:
                person.read()
            pids = server_side(server)
            pss = pss_mib(pids)
            one = [key_latency(people[0], key) for key in (b"\x1b[B", b"\x1b[A") * 10]
            start = time.monotonic()
            for person in people:
                person.read()
            for person in people:
                person.press(b"\x1b[B")
            everyone = first_bytes(people, start)
            before = cpu_seconds(server_side(server))
            time.sleep(5)
            idle = (cpu_seconds(server_side(server)) - before) / 5 * 100
            figures = {
                "pss_total": pss,
                "pss_each": pss / size,
                "joined_all": max(joined),
                "one_p50": statistics.median(one) * 1000,
                "one_p95": pct(one, 0.95) * 1000,
                "all_p50": statistics.median(everyone) * 1000,
                "all_p95": pct(everyone, 0.95) * 1000,
                "idle_cpu": idle,
            }
            if paced:
                figures.update(reveal(people, env))
            return figures
        finally:
            for person in people:
                person.close()
            server.send_signal(2)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def first_bytes(people: list[Participant], since: float) -> list[float]:
    """Seconds from `since` until each participant's screen first answers, all watched at once."""
    got: dict[int, float] = {}
    by_fd = {p.master: i for i, p in enumerate(people)}
    while len(got) < len(people) and time.monotonic() - since < 30:
        waiting = [p.master for i, p in enumerate(people) if i not in got]
        ready, _, _ = select.select(waiting, [], [], 0.05)
        now = time.monotonic()
        for fd in ready:
            if people[by_fd[fd]].read():
                got[by_fd[fd]] = now - since
    return [got.get(i, float("inf")) for i in range(len(people))]


def room(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(EQTRAINER), "room", *args], env=env, check=True, capture_output=True)


def reveal(people: list[Participant], env: dict[str, str]) -> dict[str, float]:
    """A paced decision: everyone answers, then the time from close-vote to their reveal."""
    room(env, "start", "friday-demo", "--paced")
    wait_all(people, b"Read the room", time.monotonic())
    for person in people:
        person.press(b"1")
    time.sleep(1.5)
    for person in people:
        person.press(b"1")
    wait_all(people, b"have chosen", time.monotonic())
    for person in people:
        person.seen = b""
    # Straight to the control socket, as the room's screen sends it: the time counted is the
    # server's and the games', not a new `eqtrainer room` process starting up.
    from eqtrainer.serve.control import request, socket_path

    path = socket_path(Path(env["XDG_DATA_HOME"]) / "eqtrainer")
    start = time.monotonic()
    request(path, "close-vote")
    shown = wait_all(people, b"How the room chose", start)
    return {"reveal_p50": statistics.median(shown) * 1000, "reveal_p95": pct(shown, 0.95) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,50")
    parser.add_argument("--paced", type=int, default=50, help="time a reveal at this size")
    args = parser.parse_args()
    if not shutil.which("ssh"):
        raise SystemExit("the OpenSSH client is needed: apt-get install openssh-client")
    sizes = [int(s) for s in args.sizes.split(",")]
    if 1 not in sizes:
        sizes.insert(0, 1)
    print(
        f"{'N':>4} {'PSS MiB':>8} {'each':>6} {'ratio':>5} {'join s':>7} "
        f"{'one p50/p95 ms':>15} {'all p50/p95 ms':>15} {'idle %':>7}  reveal p50/p95 ms"
    )
    base: dict[str, float] = {}
    for size in sizes:
        figures = run(size, paced=size == args.paced)
        if size == 1:
            base = figures
        ratio = figures["pss_each"] / base["pss_each"]
        reveal_text = (
            f"{figures['reveal_p50']:.0f}/{figures['reveal_p95']:.0f}"
            if "reveal_p50" in figures
            else "-"
        )
        print(
            f"{size:>4} {figures['pss_total']:>8.0f} {figures['pss_each']:>6.1f} {ratio:>5.2f} "
            f"{figures['joined_all']:>7.2f} "
            f"{figures['one_p50']:>7.0f}/{figures['one_p95']:<7.0f} "
            f"{figures['all_p50']:>7.0f}/{figures['all_p95']:<7.0f} "
            f"{figures['idle_cpu']:>7.1f}  {reveal_text}",
            flush=True,
        )


if __name__ == "__main__":
    main()

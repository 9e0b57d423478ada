"""`eqtrainer serve` end to end: the real server on loopback, the real OpenSSH client.

Interactive participants run `ssh` inside a private tmux server; one-shot checks (exec,
forwarding, sftp, a wrong passcode) run the client directly. The passcode reaches ssh the
way a script gives it, through SSH_ASKPASS.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_tmux import Terminal

FIXTURES = Path(__file__).parent.parent / "fixtures"
EQTRAINER = Path(sys.executable).parent / "eqtrainer"
SSH, SFTP = shutil.which("ssh"), shutil.which("sftp")

pytestmark = pytest.mark.skipif(
    not (SSH and shutil.which("tmux")) and not os.environ.get("CI"),
    reason="the OpenSSH client or tmux is not installed",
)

PASSCODE = "open-sesame"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Workshop:
    """A running `eqtrainer serve` and the means to join it."""

    def __init__(self, tmp_path: Path, *args: str):
        self.tmp = tmp_path
        self.data = tmp_path / "data" / "eqtrainer"
        self.env = dict(
            os.environ,
            XDG_DATA_HOME=str(tmp_path / "data"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        )
        self.env.pop("SSH_AUTH_SOCK", None)  # the tester's own keys are no part of a test
        askpass = tmp_path / "askpass"
        askpass.write_text(f"#!/bin/sh\necho {PASSCODE}\n")
        askpass.chmod(0o700)
        self.askpass = askpass
        self.terminals: list[Terminal] = []
        for attempt in range(3):
            # The free port is free when asked, not when the server binds it: another test
            # run on the machine may have taken it in between. Then try another.
            self.port = free_port()
            self.log = open(tmp_path / "server.log", "w+")  # noqa: SIM115 (closed in stop)
            self.process = subprocess.Popen(
                [str(EQTRAINER), "serve", "--port", str(self.port), *args],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                env=self.env,
            )
            try:
                self.output = self.wait_in_log("Ctrl+C ends the workshop")
                break
            except AssertionError:
                self.log.seek(0)
                taken = "address already in use" in self.log.read()
                if not taken or attempt == 2:
                    raise
                self.process.wait(timeout=30)
                self.log.close()

    def wait_in_log(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.log.seek(0)
            shown = self.log.read()
            if text in shown:
                return shown
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped:\n{shown}")
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in the server's output")

    def ssh_args(self, user: str, *extra: str) -> list[str]:
        return [
            "ssh",
            "-F",
            "none",  # the tester's own ~/.ssh/config is no part of a test
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            *extra,
            f"{user}@127.0.0.1",
        ]

    def client_env(self, askpass: Path | None = None) -> dict[str, str]:
        return dict(self.env, SSH_ASKPASS=str(askpass or self.askpass), SSH_ASKPASS_REQUIRE="force")

    def join(
        self,
        user: str,
        *extra: str,
        width: int = 80,
        height: int = 24,
        askpass: Path | None = None,
    ) -> Terminal:
        command = " ".join(f"'{a}'" for a in self.ssh_args(user, "-t", *extra))
        askpass = f"SSH_ASKPASS={askpass or self.askpass} SSH_ASKPASS_REQUIRE=force"
        term = Terminal(["env", askpass, command, "; sleep 60"], self.tmp, width, height)
        self.terminals.append(term)
        return term

    def run(self, user: str, *extra: str, command: list[str] | None = None, **kw: object):
        return subprocess.run(
            [*self.ssh_args(user, *extra), *(command or [])],
            capture_output=True,
            text=True,
            timeout=30,
            env=self.client_env(),
            stdin=subprocess.DEVNULL,
            **kw,  # type: ignore[arg-type]
        )

    def room(self, *args: str) -> dict:
        done = subprocess.run(
            [str(EQTRAINER), "room", *args],
            capture_output=True,
            text=True,
            timeout=30,
            env=self.env,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if "--json" in args else {}

    def participants(self) -> dict[str, dict]:
        return {p["name"]: p for p in self.room("--json")["participants"] if p["connected"]}

    def wait_until(self, condition, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"never came true; room: {self.room('--json')}"
            time.sleep(0.2)

    def workshop_id(self) -> str:
        found = re.search(r"eqtrainer workshop (\S+) on", self.output)
        assert found, self.output
        return found.group(1)

    def kept(self, player: str) -> list[dict]:
        """The participant's playthroughs as `eqtrainer export` gives them to the facilitator."""
        done = subprocess.run(
            [str(EQTRAINER), "export", "--format", "json", "--player", player],
            capture_output=True,
            text=True,
            timeout=30,
            env=self.env,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["playthroughs"]

    def stop(self) -> str:
        for term in self.terminals:
            term.close()
        if self.process.poll() is None:
            self.process.send_signal(2)  # ctrl+c
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.seek(0)
        output = self.log.read()
        self.log.close()
        return output


def library(tmp_path: Path) -> str:
    """A folder with the small demo scenario in it: quick to play, one read question first."""
    folder = tmp_path / "library"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "mini-demo.yaml", folder)
    return str(folder)


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Workshop]:
    running = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE)
    yield running
    running.stop()


def test_a_participant_joins_and_sees_the_scenario_list(workshop: Workshop) -> None:
    assert f"ssh -p {workshop.port} yourname@localhost" in workshop.output
    term = workshop.join("ana")
    term.wait_for("1 scenario", "The [b]Mini[/b] Demo")
    workshop.wait_until(lambda: "ana" in workshop.participants())


def test_a_decision_is_kept_in_the_store_under_the_participants_name(workshop: Workshop) -> None:
    term = workshop.join("ana")
    term.wait_for("1 scenario")
    term.press("Enter")
    term.wait_for("Read the room")
    term.press("1")
    term.wait_for("You read it right")
    term.press("2")
    term.wait_for("Best")  # the feedback: the decision is made, and written as it was
    done = subprocess.run(
        [str(EQTRAINER), "export", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=30,
        env=workshop.env,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    decisions = [r for r in rows if r["player"] == "ana" and r.get("scene") == "hallway"]
    assert decisions, done.stdout
    assert decisions[0]["workshop"] and decisions[0]["scenario"] == "mini-demo"


def test_a_wrong_passcode_is_denied(workshop: Workshop, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("#!/bin/sh\necho guess\n")
    wrong.chmod(0o700)
    done = subprocess.run(
        [*workshop.ssh_args("mallory", "-o", "NumberOfPasswordPrompts=1"), "true"],
        capture_output=True,
        text=True,
        timeout=30,
        env=workshop.client_env(wrong),
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 255
    assert "Permission denied" in done.stderr


def test_commands_subsystems_and_forwarding_are_refused(workshop: Workshop) -> None:
    command = workshop.run("ana", command=["cat", "/etc/passwd"])
    assert command.returncode != 0 and "root:" not in command.stdout
    assert "This server runs the eqtrainer game only, not commands" in command.stderr
    assert f"ssh -p {workshop.port} yourname@localhost" in command.stderr
    remote = workshop.run("ana", "-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9")
    assert remote.returncode != 0 and "forwarding failed" in remote.stderr.lower()
    local = workshop.run("ana", "-W", f"127.0.0.1:{workshop.port}")
    assert local.returncode != 0 and "forwarding failed" in local.stderr.lower()
    assert SFTP is not None
    sftp = subprocess.run(
        [
            SFTP,
            "-F",
            "none",
            "-P",
            str(workshop.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "ana@127.0.0.1",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        env=workshop.client_env(),
        stdin=subprocess.DEVNULL,
    )
    assert sftp.returncode != 0 and "subsystem request failed" in sftp.stderr.lower()
    # no terminal, and nothing to read (a script's `ssh -T host </dev/null`): told, in plain
    # text, never a silent exit 0, and nothing on the facilitator's screen but the banner
    for _ in range(3):
        bare = workshop.run("dan", "-T")
        assert bare.returncode == 1, bare
        assert bare.stdout == "eqtrainer needs a terminal: connect with `ssh -t`.\n"
    workshop.log.seek(0)
    assert workshop.log.read().strip().endswith("Ctrl+C ends the workshop for everyone.")


def test_a_second_server_on_the_same_data_folder_is_refused(workshop: Workshop) -> None:
    # it would take the room socket: the running workshop would lose its facilitator
    done = subprocess.run(
        [str(EQTRAINER), "serve", "--passcode", "x", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
        env=workshop.env,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"eqtrainer serve: workshop {workshop.workshop_id()} on 127.0.0.1:{workshop.port} is "
        f"already running with the data folder {workshop.data}; stop it first (Ctrl+C in its "
        "terminal), or give this one its own --data DIR"
    )
    assert workshop.room("--json")["present"] == 0  # the room still answers the first server


def test_a_dropped_participant_leaves_while_the_others_play_on(workshop: Workshop) -> None:
    ana, ben = workshop.join("ana"), workshop.join("ben")
    ana.wait_for("1 scenario")
    ben.wait_for("1 scenario")
    ana.press("Enter")
    ana.wait_for("Read the room")
    ana.close()  # the terminal is gone mid-scene, as when a laptop lid closes
    workshop.wait_until(lambda: set(workshop.participants()) == {"ben"})
    ben.press("Enter")
    ben.wait_for("Read the room")


def test_a_name_with_escape_sequences_never_reaches_the_room(workshop: Workshop) -> None:
    # The SSH layer itself refuses control characters in a user name (RFC 4013 profile)...
    refused = workshop.join("eve\x1b[31mred")
    refused.wait_for("Prohibited character")
    # ...and markup in one is shown as typed, never as style.
    term = workshop.join("[red]eve[/red]")
    term.wait_for("1 scenario")
    workshop.wait_until(lambda: "[red]eve[/red]" in workshop.participants())
    assert set(workshop.participants()) == {"[red]eve[/red]"}


def test_beyond_max_a_polite_line(tmp_path: Path) -> None:
    running = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE, "--max", "1")
    try:
        first = running.join("ana")
        first.wait_for("1 scenario")
        second = running.join("ben")
        second.wait_for("the workshop is full (1 participant).")
    finally:
        running.stop()


def test_too_many_connections_still_logging_in_are_turned_away_politely(tmp_path: Path) -> None:
    running = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE, "--max", "1")
    idle: list[socket.socket] = []
    try:
        for _ in range(20):  # connections that never log in, as a flood would hold them
            idle.append(socket.create_connection(("127.0.0.1", running.port)))
            idle[-1].recv(64)  # the server's version line: it has taken the connection
        refused = running.run("ana", command=["true"])
        assert "Too many people are connecting at once" in refused.stderr, refused.stderr
        for held in idle:
            held.close()
        idle.clear()
        ana = running.join("ana")  # once they are gone, people get in again
        ana.wait_for("1 scenario")
    finally:
        for held in idle:
            held.close()
        running.stop()


def test_the_host_key_is_private_and_its_fingerprint_stable(tmp_path: Path) -> None:
    first = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE)
    printed = re.search(r"Host fingerprint:\s+(SHA256:\S+)", first.output)
    first.stop()
    key = tmp_path / "data" / "eqtrainer" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    second = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE)
    again = re.search(r"Host fingerprint:\s+(SHA256:\S+)", second.output)
    second.stop()
    assert printed and again and printed.group(1) == again.group(1)


def test_ctrl_c_ends_every_session_with_a_line(workshop: Workshop) -> None:
    term = workshop.join("ana")
    narrow = workshop.join("ben", width=60, height=20)  # the line is longer than this window
    term.wait_for("1 scenario")
    narrow.wait_for("1 scenario")
    workshop.process.send_signal(2)
    term.wait_for("The facilitator has ended the workshop")
    assert workshop.process.wait(timeout=20) == 0
    narrow.wait_for("The facilitator has ended")
    joined = narrow.tmux("capture-pane", "-p", "-J", "-t", "e2e")  # wrapped lines rejoined
    assert "The facilitator has ended the workshop. Thank you for taking part!" in joined


def test_open_is_refused_off_loopback_without_i_know(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(EQTRAINER), "serve", "--open", "--host", "0.0.0.0", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "add --i-know" in done.stderr


@pytest.mark.parametrize("room_code", ["open-sesame", "  "])
def test_the_rooms_passcode_must_be_its_own(tmp_path: Path, room_code: str) -> None:
    access = ["--passcode", "open-sesame", "--facilitator-passcode", room_code]
    done = subprocess.run(
        [str(EQTRAINER), "serve", *access, "--port", str(free_port()), "--data", f"{tmp_path}/d"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "eqtrainer serve: --facilitator-passcode must be set and differ from --passcode "
        "(whoever knows it controls the room)"
    )
    assert not (tmp_path / "d").exists()  # refused before anything was made


def test_a_paced_decision_is_held_until_the_vote_closes(workshop: Workshop) -> None:
    players = {name: workshop.join(name) for name in ("ana", "ben", "chloe")}
    for term in players.values():
        term.wait_for("1 scenario")
    workshop.room("start", "mini-demo", "--paced")
    for term in players.values():
        term.wait_for("Read the room")
    for name, choice in (("ana", "2"), ("ben", "2"), ("chloe", "1")):
        players[name].press("1")
        players[name].wait_for("You read it right")
        players[name].press(choice)
    # every vote is in (ana's screen says "1 of 3" and "2 of 3" on the way there)
    players["ana"].wait_for("3 of 3 have chosen")
    counts = workshop.room("--json")["tallies"][0]["counts"]
    assert counts == [1, 2, 0]
    late = workshop.join("dan")  # a late joiner lands at the current decision
    late.wait_for("Read the room")
    late.wait_for("Welcome, dan.")  # and is told their name there, not on a list never seen
    workshop.room("close-vote")
    players["ana"].wait_for("How the room chose", "The expert key")
    workshop.room("next")
    players["ana"].wait_for("decision 2")
    # the workshop's export holds every vote, each under its participant
    ident = re.search(r"eqtrainer workshop (\S+) on", workshop.output)
    assert ident is not None
    done = subprocess.run(
        [str(EQTRAINER), "export", "--format", "csv", "--workshop", ident.group(1)],
        capture_output=True,
        text=True,
        timeout=30,
        env=workshop.env,
    )
    assert done.returncode == 0, done.stderr
    votes = {
        r["player"]: r["choice"]
        for r in csv.DictReader(io.StringIO(done.stdout))
        if r["scene"] == "hallway"
    }
    assert votes == {"ana": "2", "ben": "2", "chloe": "1"}, done.stdout


def decided(kept: list[dict]) -> list[dict]:
    return [d for p in kept for d in p["decisions"]]


def first_decision(workshop: Workshop, term: Terminal, name: str) -> None:
    """From the list: open the scenario, read the room right, choose 2, and see it kept."""
    term.wait_for("1 scenario")  # the list has loaded: Enter has something to open
    term.press("Enter")
    term.wait_for("Read the room")
    term.press("1")
    term.wait_for("You read it right")
    term.press("2")
    workshop.wait_until(lambda: decided(workshop.kept(name)) != [])


def ssh_client_of(term: Terminal) -> int:
    """The pid of the `ssh` running in a participant's terminal."""
    shell = int(term.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip())
    for pid in [shell, *map(int, Path(f"/proc/{shell}/task/{shell}/children").read_text().split())]:
        if Path(f"/proc/{pid}/comm").read_text().strip() == "ssh":
            return pid
    raise AssertionError("no ssh client in the terminal")


def test_a_decision_is_kept_under_the_participants_name_and_resumed(
    workshop: Workshop, tmp_path: Path
) -> None:
    # The client's own environment is never the game's: this would move the results.
    elsewhere = tmp_path / "elsewhere"
    ana = workshop.join("ana", "-o", f"SetEnv=EQTRAINER_DATA={elsewhere} LANG=xx_XX")
    ana.wait_for("Welcome, ana.")
    first_decision(workshop, ana, "ana")
    [playthrough] = workshop.kept("ana")
    assert playthrough["player"] == "ana"
    assert playthrough["workshop"] == workshop.workshop_id()
    assert [(d["scene"], d["choice"]) for d in playthrough["decisions"]] == [("hallway", 2)]
    assert not elsewhere.exists()
    ana.close()  # gone mid-scenario; connecting again with the same name offers Resume
    workshop.wait_until(lambda: workshop.participants() == {})
    again = workshop.join("ana")
    again.wait_for("r Resume “")


def test_back_in_a_paced_room_after_a_drop_a_participant_plays_on_from_their_own_scene(
    workshop: Workshop,
) -> None:
    ana, ben = workshop.join("ana"), workshop.join("ben")
    for term in (ana, ben):
        term.wait_for("1 scenario")
    workshop.room("start", "mini-demo", "--paced")
    for term, choice in ((ana, "2"), (ben, "1")):  # ana asks (estimate); ben says yes (pushback)
        term.wait_for("Read the room")
        term.press("1")
        term.wait_for("You read it right")
        term.press(choice)
    workshop.room("close-vote")
    workshop.room("next")
    ben.wait_for("Raj has heard")
    ben.close()  # his connection drops at his own second decision
    workshop.wait_until(lambda: set(workshop.participants()) == {"ana"})
    again = workshop.join("ben")
    shown = again.wait_for("Raj has heard")  # his branch, not the room's first scene again
    assert "Welcome back, ben" in shown
    assert "Read the room" not in shown
    assert "Raj      ███" in shown and " 55" in shown  # Raj's trust after ben's "yes": 70 - 15
    again.press("1")  # the smallest slice: ends the scenario
    workshop.wait_until(lambda: len(decided(workshop.kept("ben"))) == 2)
    [kept] = workshop.kept("ben")  # one playthrough, carried on: not a second, fresh one
    assert [d["scene"] for d in kept["decisions"]] == ["hallway", "pushback"]


def test_names_are_shown_and_kept_made_safe(workshop: Workshop) -> None:
    nobody = workshop.join("   ")
    nobody.wait_for("Please connect with your name as the user name")
    spaced = workshop.join("  Ana    Lee  " + "x" * 40)
    spaced.wait_for("Welcome, Ana Lee xxxxxxxxxxxxxxxx.")
    twin = workshop.join("ana")
    twin.wait_for("Welcome, ana.")
    other = workshop.join("ana")  # not the first ana back: Enter joins at once
    other.wait_for("Someone named ana is already in the workshop")
    other.press("Enter")
    other.wait_for("Welcome, ana (2).")  # said as the game starts, before its list has loaded
    # Markup in a name is shown to its owner as typed, never as style.
    marked = workshop.join("[b]eve[/b]")
    marked.wait_for("Welcome, [b]eve[/b].")
    workshop.wait_until(
        lambda: (
            set(workshop.participants())
            == {"Ana Lee xxxxxxxxxxxxxxxx", "ana", "ana (2)", "[b]eve[/b]"}
        )
    )
    other.wait_for("1 scenario")
    other.press("Enter")
    other.wait_for("Read the room")  # the scene is up before its keys are pressed
    other.press("1")
    other.wait_for("You read it right")
    other.press("1")
    workshop.wait_until(lambda: decided(workshop.kept("ana (2)")) != [])
    assert decided(workshop.kept("ana")) == []


def test_the_game_follows_the_participants_window(workshop: Workshop) -> None:
    ana = workshop.join("ana")
    ana.wait_for("1 scenario")
    ana.tmux("resize-window", "-t", "e2e", "-x", "120", "-y", "30")

    def wide() -> bool:
        lines = ana.screen().splitlines()
        return len(lines) == 30 and any(len(line.rstrip()) > 100 for line in lines)

    deadline = time.monotonic() + 20
    while not wide():
        assert time.monotonic() < deadline, ana.screen()
        time.sleep(0.2)


def test_an_idle_session_ends_with_a_line(tmp_path: Path) -> None:
    running = Workshop(tmp_path, library(tmp_path), "--passcode", PASSCODE, "--idle-timeout", "2s")
    try:
        ana = running.join("ana")
        ana.wait_for("No key for 2 seconds, so this session has ended.")
        running.wait_until(lambda: running.participants() == {})
    finally:
        running.stop()


def test_a_connection_that_stops_answering_ends_its_game_and_its_owner_gets_the_name_back(
    workshop: Workshop,
) -> None:
    ana, ben = workshop.join("ana"), workshop.join("ben")
    ana.wait_for("1 scenario")
    ben.wait_for("1 scenario")
    first_decision(workshop, ana, "ana")
    client = ssh_client_of(ana)
    os.kill(client, signal.SIGSTOP)  # a laptop's lid closed: no reset, just silence
    try:
        # back at once on a new connection, before the server has let the old one go
        again = workshop.join("ana")
        again.wait_for("Someone named ana is already in the workshop")
        # the old connection is let go, and the name (with its playthrough) is theirs again
        # (the server takes up to KEEPALIVE_SECONDS * (KEEPALIVE_MISSED + 1) = 20 s to notice)
        again.wait_for("r Resume “", timeout=60)
        assert set(workshop.participants()) == {"ana", "ben"}
    finally:
        os.kill(client, signal.SIGCONT)
    ben.press("Enter")
    ben.wait_for("Read the room")


def test_with_authorized_keys_only_a_listed_key_joins(tmp_path: Path) -> None:
    keys = {}
    for who in ("listed", "stranger"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / who)],
            check=True,
            timeout=30,
        )
        keys[who] = tmp_path / who
    allowed = tmp_path / "authorized_keys"
    allowed.write_text((tmp_path / "listed.pub").read_text())
    running = Workshop(
        tmp_path,
        library(tmp_path),
        "--authorized-keys",
        str(allowed),
        "--facilitator-passcode",
        "room-key",
    )
    try:
        only_key = ("-o", "IdentitiesOnly=yes", "-o", "PasswordAuthentication=no")
        stranger = running.run("mallory", *only_key, "-i", str(keys["stranger"]))
        assert stranger.returncode == 255 and "Permission denied" in stranger.stderr
        # a participant's key does not open the room: only the facilitator's passcode does
        room = running.run("facilitator", *only_key, "-i", str(keys["listed"]))
        assert room.returncode == 255 and "Permission denied" in room.stderr
        ana = running.join("ana", *only_key, "-i", str(keys["listed"]))
        ana.wait_for("1 scenario")
        running.wait_until(lambda: set(running.participants()) == {"ana"})
    finally:
        running.stop()


def test_the_facilitator_runs_the_room_over_ssh_with_its_own_passcode(tmp_path: Path) -> None:
    running = Workshop(
        tmp_path, library(tmp_path), "--passcode", PASSCODE, "--facilitator-passcode", "room-key"
    )
    try:
        assert f"ssh -p {running.port} facilitator@localhost` with its own passcode" in (
            running.output
        )
        room_key = tmp_path / "room-key"
        room_key.write_text("#!/bin/sh\necho room-key\n")
        room_key.chmod(0o700)
        once = ("-o", "NumberOfPasswordPrompts=1")
        # the participants' passcode does not open the room, nor the room's a game
        wrong = running.run("facilitator", *once)
        assert wrong.returncode == 255 and "Permission denied" in wrong.stderr
        ana = running.join("ana")
        ana.wait_for("1 scenario")
        facilitator = running.join("facilitator", askpass=room_key)
        shown = facilitator.wait_for("1 in")
        assert "Room · free play" in shown and "s start" in shown
        facilitator.press("s")
        facilitator.wait_for("Pick a scenario for everyone")
        facilitator.press("Enter")  # the only one: the mini demo, paced
        ana.wait_for("Read the room")
        facilitator.wait_for("0 of 1 chose")
        ana.press("1")
        ana.wait_for("You read it right")
        ana.press("2")
        facilitator.wait_for("1 of 1 chose")
        facilitator.press("c")
        ana.wait_for("How the room chose")
        # the facilitator is not a participant: the room counts ana alone
        assert set(running.participants()) == {"ana"}
        facilitator.press("q")  # leaves the room screen, and with it the connection
        deadline = time.monotonic() + 20
        while facilitator.tmux("display", "-p", "-t", "e2e", "#{pane_current_command}") != (
            "sleep\n"
        ):
            assert time.monotonic() < deadline, facilitator.screen()
            time.sleep(0.2)
        ana.wait_for("How the room chose")  # the game goes on without the room screen
    finally:
        output = running.stop()
    assert "the facilitator opened the room over SSH" not in output  # logged, not printed

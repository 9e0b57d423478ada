"""A participant's game in a paced workshop, against a stand-in for the server's pace socket:
what the game tells the room, and how it shows the room's votes back.

A condition can hide a choice from one participant and not from another, so the game and
the room count choices as the scene lists them, not as one player saw them numbered."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app
from eqtrainer.tui.screens.hold import HoldScreen

from .helpers import ready, text_of, until

HIDDEN = """\
format: 1
id: hidden-first
title: The Hidden First Choice
summary: One choice shows only to those who have an ally.
areas: [stakeholders]
difficulty: 1
minutes: 2
cast:
  kim: {name: Kim Ode, role: Sponsor, trust: 50}
vars:
  ally: false
start: ask
scenes:
  ask:
    speaker: kim
    text: Kim wants an answer today.
    choices:
      - text: Bring in your ally from finance.
        if: ally
        scores: {communication: 2, strategy: 2, business_value: 2, eq: 2}
        why: An ally with the numbers settles it.
        goto: done
      - text: Ask Kim what the answer must cover.
        scores: {communication: 2, strategy: 1, business_value: 1, eq: 2}
        why: It finds out what today's answer is for.
        goto: done
      - text: Promise an answer by tonight.
        scores: {communication: 0, strategy: -1, business_value: 0, eq: 0}
        why: A promise before knowing what is asked.
        goto: done
endings:
  done:
    outcome: good
    text: Kim has her answer.
"""


class PaceServer:
    """The server's side of the pace socket: records what the game says, says what it's told."""

    def __init__(self) -> None:
        self.heard: list[dict[str, Any]] = []
        self.writer: asyncio.StreamWriter | None = None

    async def client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        while raw := await reader.readline():
            self.heard.append(json.loads(raw))

    def say(self, message: dict[str, Any]) -> None:
        assert self.writer is not None
        self.writer.write(json.dumps(message).encode() + b"\n")


def pace(stage: str, tally: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "op": "pace",
        "mode": "paced",
        "scenario": "hidden-first",
        "round": 1,
        "vote_open": stage != "revealed",
        "stage": stage,
        "chosen": 1,
        "here": 3,
        "tally": tally,
    }


async def test_the_room_counts_choices_as_written_and_shows_them_as_the_player_saw_them(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "hidden-first.yaml").write_text(HIDDEN)
    server = PaceServer()
    socket = tmp_path / "pace.sock"
    listening = await asyncio.start_unix_server(server.client, path=str(socket))
    monkeypatch.setenv("EQTRAINER_PACE", str(socket))
    monkeypatch.setenv("EQTRAINER_PACE_TOKEN", "t1")
    app = make_app(
        [str(tmp_path / "hidden-first.yaml")],
        settings=Settings(),
        data=tmp_path / "data",
        player="ana",
        workshop="w1",
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await until(pilot, lambda: server.writer is not None)
            server.say(pace("choosing"))
            server.say({"op": "start", "scenario": "hidden-first", "scene": None})
            await until(pilot, lambda: any(m["op"] == "at" for m in server.heard))
            # without an ally, ana sees two choices; the room hears which two of three
            at = next(m for m in server.heard if m["op"] == "at")
            assert (at["options"], at["offered"]) == (3, [1, 2])
            await pilot.press("1")  # her first: the scene's second, "Ask Kim…"
            await until(pilot, lambda: any(m["op"] == "chose" for m in server.heard))
            chose = next(m for m in server.heard if m["op"] == "chose")
            assert (chose["index"], chose["options"]) == (1, 3)
            await until(pilot, lambda: isinstance(app.screen, HoldScreen))
            # two others had the ally and took it; one more asked, as ana did
            server.say(pace("revealed", {"counts": [2, 2, 0], "offered": [0, 1, 2]}))
            hold = app.screen
            await until(
                pilot, lambda: "How the room chose" in text_of(hold.query_one("#hold-room"))
            )
            rows = text_of(hold.query_one("#hold-room")).splitlines()
            assert rows[1].startswith("1 Ask Kim what the answer must cove")  # (clipped)
            assert rows[1].endswith("  2  ← you")
            assert rows[2].startswith("2 Promise an answer by tonight.")
            assert rows[2].endswith("  0")
            assert rows[3].startswith("· Bring in your ally from finance.")
            assert rows[3].endswith("  2  (not on your list)")
            assert len(rows) == 4
    finally:
        if server.writer is not None:
            server.writer.close()
        listening.close()
        await listening.wait_closed()

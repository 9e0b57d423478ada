"""The game's pacing link against a stand-in server on a real Unix socket: what the game
says arrives, what the server says reaches the game, and a vanished server frees the game."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from eqtrainer.tui.pacing import PaceLink


async def eventually(condition, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds, for as long as a busy machine may need; the test's
    own assertion then says what is wrong if it never does."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def test_the_link_says_hello_reports_moves_and_hears_the_pace(tmp_path: Path) -> None:
    heard: list[dict[str, Any]] = []
    received: list[dict[str, Any]] = []
    ready = asyncio.Event()

    async def server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(3):
            received.append(json.loads(await reader.readline()))
        writer.write(
            b'{"op": "pace", "mode": "paced", "stage": "chosen", "chosen": 2, "here": 3}\n'
        )
        await writer.drain()
        await ready.wait()
        writer.close()  # the server goes away

    path = tmp_path / "pace.sock"
    listening = await asyncio.start_unix_server(server, path=str(path))
    link = PaceLink(str(path), "token-1", heard.append)
    assert await link.connect()
    await link.at("friday-demo", "hallway", 4, [0, 1, 3])  # choice 3 (from 0: 2) hidden
    await link.chose("friday-demo", "hallway", 3, 4)
    await eventually(lambda: heard)
    assert received == [
        {"op": "hello", "token": "token-1"},
        {
            "op": "at",
            "scenario": "friday-demo",
            "scene": "hallway",
            "options": 4,
            "offered": [0, 1, 3],
        },
        {"op": "chose", "scenario": "friday-demo", "scene": "hallway", "index": 3, "options": 4},
    ]
    assert (
        link.pace.paced
        and link.pace.stage == "chosen"
        and (link.pace.chosen, link.pace.here) == (2, 3)
    )
    ready.set()
    await eventually(lambda: not link.pace.paced)
    assert not link.pace.paced  # the server left: the game plays freely
    assert heard[-1] == {"op": "pace", "mode": "free"}
    await link.close()
    listening.close()


async def test_no_server_means_free_play_not_an_error(tmp_path: Path) -> None:
    link = PaceLink(str(tmp_path / "nobody.sock"), "t", lambda message: None)
    assert not await link.connect()
    await link.at("x", "y", 2, [0, 1])  # a no-op without a server
    assert not link.pace.paced

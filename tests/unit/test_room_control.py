"""The room's control socket: `eqtrainer room` actions reach the server's room, and bad
input gets a clear answer. Runs a real Unix socket server in the test's event loop."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from eqtrainer.domain.room import Room
from eqtrainer.serve.control import ControlError, ControlServer, act, request, socket_path, watch


@pytest.fixture
async def server(tmp_path: Path):
    room = Room()
    room.join("ana")
    room.join("ben")
    actions: list[tuple[str, dict[str, Any]]] = []

    async def on_action(op: str, fields: dict[str, Any]) -> None:
        actions.append((op, fields))

    control = ControlServer(room, socket_path(tmp_path), lambda: {"friday-demo"}, on_action)
    await control.start()
    ACTIONS[control] = actions
    yield control
    await control.stop()


ACTIONS: dict[ControlServer, list[tuple[str, dict[str, Any]]]] = {}


async def test_the_socket_is_private_to_the_facilitator(server: ControlServer) -> None:
    mode = stat.S_IMODE(os.stat(server.path).st_mode)
    assert mode == 0o600


async def test_actions_change_the_room_and_reach_the_server(server: ControlServer) -> None:
    answer = await act(server.path, "start", scenario="friday-demo", paced=True)
    assert answer["room"]["mode"] == "paced" and answer["room"]["round"] == 1
    server.room.at_scene("ana", "friday-demo", "hallway", 3)
    server.room.chose("ana", "friday-demo", "hallway", 2, 3)
    closed = await act(server.path, "close-vote")
    assert closed["room"]["tallies"][0]["counts"] == [0, 0, 1]
    assert (await act(server.path, "next"))["room"]["round"] == 2
    assert [op for op, _ in ACTIONS[server]] == ["start", "close-vote", "next"]


async def test_refusals_are_sentences(server: ControlServer) -> None:
    with pytest.raises(
        ControlError, match="no scenario `nope` on this server; there are friday-demo"
    ):
        await act(server.path, "start", scenario="nope")
    for typo in ("friday-dmo", "Friday-Demo"):
        with pytest.raises(ControlError) as refused:
            await act(server.path, "start", scenario=typo)
        assert str(refused.value) == (
            f"no scenario `{typo}` on this server; did you mean `friday-demo`?"
        )
    with pytest.raises(ControlError, match="start a paced scenario first"):
        await act(server.path, "close-vote")
    with pytest.raises(ControlError, match="unknown room action `dance`"):
        await act(server.path, "dance")


async def test_a_watcher_sees_every_change(server: ControlServer) -> None:
    seen: list[dict[str, Any]] = []

    async def follow() -> None:
        async for state in watch(server.path):
            seen.append(state)
            if len(seen) == 2:
                return

    follower = asyncio.create_task(follow())
    deadline = time.monotonic() + 10
    while not seen:  # the watcher is following before the room changes
        assert time.monotonic() < deadline and not follower.done(), "the watcher saw nothing"
        await asyncio.sleep(0.01)
    await act(server.path, "start", scenario="friday-demo", paced=False)
    await asyncio.wait_for(follower, 10)
    assert [s["mode"] for s in seen] == ["free", "free"] and seen[1]["scenario"] == "friday-demo"


def test_no_server_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ControlError) as nobody:
        request(socket_path(tmp_path), "state")
    assert str(nobody.value) == (
        f"no workshop server is running here (nothing answers at {tmp_path}/room.sock); start "
        "one with `eqtrainer serve`, or, if it was started with --data DIR, give `room` the "
        "same --data DIR"
    )

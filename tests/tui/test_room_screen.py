"""The facilitator's room on a fake feed: a real Room behind it, no server, no SSH."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from eqtrainer.domain.loader import load_file
from eqtrainer.domain.room import Room, RoomError
from eqtrainer.tui.room_app import RoomApp, RoomView

from .helpers import text_of, until

FIXTURES = Path(__file__).parent.parent / "fixtures"
DEMO = load_file(str(FIXTURES / "mini-demo.yaml")).scenario
assert DEMO is not None
SCENARIOS = {DEMO.id: DEMO}


class FakeServer:
    """What the control socket would give the room screen, over a real Room."""

    def __init__(self, room: Room):
        self.room = room
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def changed(self) -> None:
        self.queue.put_nowait(self.room.as_json())

    async def watch(self) -> AsyncIterator[dict[str, Any]]:
        yield self.room.as_json()
        while True:
            yield await self.queue.get()

    async def act(self, op: str, **fields: Any) -> dict[str, Any]:
        try:
            if op == "start":
                self.room.start(fields["scenario"], paced=fields["paced"])
            elif op == "close-vote":
                self.room.close_vote()
            elif op == "next":
                self.room.next()
            elif op == "free":
                self.room.free()
        except RoomError as exc:
            raise RuntimeError(str(exc)) from None
        return {"ok": True, "room": self.room.as_json()}


def paced(names: list[str]) -> FakeServer:
    room = Room()
    for name in names:
        room.join(name)
    room.start(DEMO.id, paced=True)
    for name in names:
        room.at_scene(name, DEMO.id, "hallway", 3)
    return FakeServer(room)


def view_text(app: RoomApp) -> str:
    return text_of(app.query_one(RoomView))


async def test_live_votes_show_as_bars_and_the_key_only_after_the_vote_closes():
    server = paced(["ana", "ben", "chloe"])
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "0 of 3 chose" in view_text(app))
        title = text_of(app.query_one("#room-title"))
        assert "paced" in title and "decision 1 · vote open" in title and "3 in" in title
        server.room.chose("ana", DEMO.id, "hallway", 1, 3)
        server.room.chose("ben", DEMO.id, "hallway", 1, 3)
        server.changed()
        await until(pilot, lambda: "2 of 3 chose" in view_text(app))
        shown = view_text(app)
        assert shown.startswith("Dana wants the export now  2 of 3 chose")  # as players saw it
        assert "3 in  Dana wants the export now 3" in shown  # where the people are, likewise
        assert "key: Best" not in shown and "Why it is Best" not in shown
        await pilot.press("c")
        await until(pilot, lambda: "key: Best" in view_text(app))
        assert "vote closed" in text_of(app.query_one("#room-title"))
        lines = view_text(app).splitlines()
        best = DEMO.scenes["hallway"].choices[1]
        at = lines.index("2 " + best.text)  # the whole choice, not cut short
        assert lines[at + 1].rstrip().endswith("2  ◀ key: Best")
        why = " ".join(" ".join(lines[lines.index("") + 1 :]).split())
        assert "Why it is Best: " + " ".join(best.why.split()) in why


async def test_names_are_hidden_until_asked_and_shown_as_plain_text():
    server = paced(["zoltan", "[b]bold[/b] \x1b[31mred"])
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "2 in" in view_text(app))
        assert "zoltan" not in view_text(app)
        await pilot.press("v")
        await until(pilot, lambda: "zoltan" in view_text(app))
        text = view_text(app)
        assert "[b]bold[/b] [31mred" in text and "\x1b" not in text


async def test_an_action_out_of_turn_is_said_and_changes_nothing():
    server = paced(["ana"])
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "1 in" in view_text(app))
        await pilot.press("n")
        await until(
            pilot,
            lambda: "close the vote on decision 1 first" in text_of(app.query_one("#room-message")),
        )
        assert server.room.round == 1


async def test_starting_a_paced_scenario_from_the_room():
    room = Room()
    room.join("ana")
    server = FakeServer(room)
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "1 in" in view_text(app))
        await pilot.press("s")
        await until(pilot, lambda: app.focused is app.query_one("#pick"))  # the list is up
        await pilot.press("enter")
        await until(pilot, lambda: room.mode == "paced")
        assert room.scenario == DEMO.id and room.round == 1


async def test_fifty_participants_read_at_100x30_and_the_debrief_shows_the_group():
    names = [f"participant-{n:02d}" for n in range(50)]
    server = paced(names)
    for n, name in enumerate(names):
        server.room.chose(name, DEMO.id, "hallway", n % 3, 3)
    server.room.close_vote()
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "50 of 50 chose" in view_text(app))
        assert "50 in" in view_text(app)
        await pilot.press("d")
        await until(pilot, lambda: "The group's profile" in view_text(app))
        text = view_text(app)
        assert "Communication" in text and "%" in text
        # where the room split, each choice taken named with its count, the key marked
        split = text.split("Where the room split most")[1]
        assert split.splitlines()[2:6] == [
            "The [b]Mini[/b] Demo · Dana wants the export now",
            "   17 chose Say yes and add it to the sprint tonight.",
            "   17 chose Ask what the demo must prove, and promise an impact estimate by "
            "tomorrow. (Best)",
            "   16 chose Remind her the scope is frozen.",
        ]


def test_room_snapshot(snap_compare):
    server = paced(["ana", "ben", "chloe", "dev"])
    for name, index in (("ana", 1), ("ben", 1), ("chloe", 0)):
        server.room.chose(name, DEMO.id, "hallway", index, 3)
    server.room.close_vote()

    async def run_before(pilot) -> None:
        await until(pilot, lambda: "3 of 4 chose" in view_text(pilot.app))

    assert snap_compare(
        RoomApp(server.watch, server.act, SCENARIOS), run_before=run_before, terminal_size=(80, 24)
    )


async def test_when_everyone_has_finished_or_the_server_stops_the_room_says_so():
    server = paced(["ana"])
    server.room.chose("ana", DEMO.id, "hallway", 1, 3)
    server.room.close_vote()
    server.room.ended("ana", DEMO.id, "shipped")
    stopped = asyncio.Event()

    async def watch() -> AsyncIterator[dict[str, Any]]:
        yield server.room.as_json()
        await stopped.wait()  # then the feed ends, as when the server goes away

    app = RoomApp(watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Everyone has finished this scenario" in view_text(app))
        await pilot.press("n")  # told in the room's own keys, not the command line's
        await until(
            pilot,
            lambda: (
                text_of(app.query_one("#room-message"))
                == "Everyone has finished this scenario: s starts another, f goes back to free play"
            ),
        )
        assert server.room.round == 1
        stopped.set()
        await until(pilot, lambda: "server has stopped" in text_of(app.query_one("#room-title")))
        assert "vote" not in text_of(app.query_one("#room-title"))


async def test_a_choice_no_one_was_shown_is_left_out_and_the_key_is_among_those_shown():
    # "Walk Dana through it" shows only when Raj trusts you: here it showed to no one, so
    # the room lists the one choice on offer, and that is the key
    room = Room()
    room.start(DEMO.id, paced=True)
    for name in ("ana", "ben"):
        room.join(name)
        room.at_scene(name, DEMO.id, "estimate", 2, (0,))
        room.chose(name, DEMO.id, "estimate", 0, 2)
    room.close_vote()
    server = FakeServer(room)
    app = RoomApp(server.watch, server.act, SCENARIOS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "2 of 2 chose" in view_text(app))
        text = view_text(app)
        assert "Email the estimate to Dana." in text and "◀ key: Best" in text
        assert "Walk Dana through it" not in text


async def test_free_play_shows_every_scenario_being_played():
    second = load_file(str(FIXTURES / "second.yaml")).scenario
    assert second is not None
    room = Room()
    room.start(DEMO.id, paced=True)  # a paced round first, then back to free play
    room.join("ana")
    room.at_scene("ana", DEMO.id, "hallway", 3)
    room.chose("ana", DEMO.id, "hallway", 1, 3)
    room.free()
    room.join("ben")
    room.at_scene("ben", second.id, "only", len(second.scenes["only"].choices))
    room.chose("ben", second.id, "only", 0, len(second.scenes["only"].choices))
    server = FakeServer(room)
    app = RoomApp(server.watch, server.act, {DEMO.id: DEMO, second.id: second})
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "A Second Fixture" in view_text(app))
        assert text_of(app.query_one("#room-title")) == "Room · free play · 2 in"
        text = view_text(app)
        assert "1 of 1 chose" in text
        assert "Review it with the team this week." in text
        assert "Say yes and add it to the sprint" not in text  # the paced round's votes

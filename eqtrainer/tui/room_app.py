"""The facilitator's room: a live view of the workshop, with the actions that pace it.

It knows the server only through two functions handed to it (`watch` yields the room's
state as it changes; `act` sends an action), so tests give it a fake feed and the command
line gives it the control socket.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..domain.model import Choice, Scenario
from ..domain.scoring import BEST, Decision, band, percentages
from ..domain.vocabulary import DIMENSION_LABELS, DIMENSIONS
from .text import _CONTROL, plain
from .themes import THEMES
from .widgets.decision_card import decision_title

log = logging.getLogger("eqtrainer")

Watch = Callable[[], AsyncIterator[dict[str, Any]]]
Act = Callable[..., Awaitable[dict[str, Any]]]

BAR = 24


def bar(count: int, most: int, width: int = BAR) -> str:
    filled = 0 if most == 0 else round(width * count / most)
    return "█" * filled + "░" * (width - filled)


def _wrap(text: str, width: int) -> list[str]:
    """Plain text (control characters dropped) in lines of at most `width` characters."""
    return textwrap.wrap(" ".join(_CONTROL.sub("", text).split()), max(10, width)) or [""]


def _short(text: str, width: int) -> str:
    """One line of at most `width` characters, control characters dropped (names are data)."""
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class RoomView(Static):
    """Everything the facilitator reads, drawn from the room's JSON and the scenarios."""

    def __init__(self, scenarios: Mapping[str, Scenario], **kwargs: Any):
        super().__init__(**kwargs)
        self.scenarios = scenarios
        self.state: dict[str, Any] = {}
        self.names = False
        self.debrief = False

    def show(self, state: dict[str, Any]) -> None:
        self.state = state
        self.update(self.render_room())

    def render_room(self) -> Content:
        state = self.state
        if not state:
            return Content("Waiting for the workshop server…")
        if self.debrief:
            return self._debrief()
        parts: list[Content] = []
        free = state["mode"] == "free"
        if free:  # everyone at their own pace, in whatever scenario: the latest of each scene
            tallies = _latest_per_scene([t for t in state["tallies"] if t["round"] == 0])
        else:
            tallies = [
                t
                for t in state["tallies"]
                if t["scenario"] == state["scenario"] and t["round"] == state["round"]
            ]
        if state.get("finished"):
            parts.append(
                Content(
                    "Everyone has finished this scenario: s starts another, f goes back to "
                    "free play, d shows the group's debrief.\n"
                )
            )
        elif not tallies:
            parts.append(
                Content(
                    "No choices in free play yet.\n"
                    if free
                    else "No decisions yet in this round.\n"
                )
            )
        for tally in tallies:
            parts.append(self._tally(tally, reveal=not state["vote_open"], titled=free))
        parts.append(self._people())
        return Content("\n").join(parts)

    def _tally(self, tally: dict[str, Any], reveal: bool, titled: bool = False) -> Content:
        """One decision as the room chose it: named as the players saw it (with its
        scenario's title in free play), each choice anyone was shown in full with its bar,
        and once the vote has closed, the key among them and the expert's why."""
        scenario = self.scenarios.get(tally["scenario"])
        scene = None if scenario is None else scenario.scenes.get(tally["scene"])
        counts: list[int] = tally["counts"]
        most = max(counts, default=0)
        here = sum(
            1
            for p in self.state["participants"]
            if p["connected"]
            and p["scenario"] == tally["scenario"]
            and p["scene"] == tally["scene"]
        )
        width = max(30, self.app.size.width - 4)
        name = (
            tally["scene"]
            if scenario is None
            else decision_title(scenario, tally["scene"], width - 16)
        )
        lines = [
            Content.assemble(
                (_short(name, width - 16), "bold"),
                f"  {tally['voted']} of {max(here, tally['voted'])} chose",
            )
        ]
        if titled and scenario is not None:
            lines.insert(0, Content.assemble((_short(scenario.title, width), "$text-muted")))
        choices = scene.choices if scene is not None else ()
        shown = [i for i in tally.get("offered") or range(len(counts)) if i < len(counts)]
        best = _best_among(choices, shown)
        for index in shown:
            count = counts[index]
            text = choices[index].text if index < len(choices) else f"choice {index + 1}"
            wrapped = _wrap(text, width - 2)
            lines.append(Content.assemble((f"{index + 1} ", "bold"), wrapped[0]))
            lines += [Content("  " + more) for more in wrapped[1:]]
            key = ("  ◀ key: Best", "bold $success") if reveal and index in best else ""
            lines.append(Content.assemble(f"  {bar(count, most)} {count:>3}", key))
        if reveal:
            for index in sorted(best):
                why = _wrap(f"Why it is Best: {choices[index].why}", width)
                lines.append(Content.assemble(("\n" + why[0], "$text-muted")))
                lines += [Content(more).stylize("$text-muted") for more in why[1:]]
        return Content("\n").join(lines) + Content("\n")

    def _people(self) -> Content:
        people = [p for p in self.state["participants"] if p["connected"]]
        if not self.names:
            where: dict[str, int] = {}
            for person in people:
                spot = self._where(person, 30)
                where[spot] = where.get(spot, 0) + 1
            summary = " · ".join(f"{spot} {n}" for spot, n in sorted(where.items()))
            return Content.assemble(
                (f"{len(people)} in", "bold"),
                f"  {summary}" if summary else "",
                ("   (v: names)", "$text-muted"),
            )
        rows = [Content.assemble((f"{len(people)} in", "bold"))]
        width = max(40, self.app.size.width - 4)
        for person in sorted(people, key=lambda p: p["name"].lower()):
            stage = "" if person["stage"] in ("ended", "playing") else f" · {person['stage']}"
            spot = self._where(person, width - 26 - len(stage))
            rows.append(Content(f"{_short(person['name'], 24):<24}  {spot}{stage}"))
        return Content("\n").join(rows)

    def _where(self, person: dict[str, Any], width: int) -> str:
        """Where a participant is, as the players would name it."""
        scenario = self.scenarios.get(person["scenario"] or "")
        if person["scene"]:
            if scenario is None:
                return str(person["scene"])
            return decision_title(scenario, person["scene"], width)
        if person["ending"]:
            ending = None if scenario is None else scenario.endings.get(person["ending"])
            return f"ended: {person['ending'] if ending is None else ending.label}"
        return "between scenes"

    def _debrief(self) -> Content:
        profile = group_profile(self.state, self.scenarios)
        lines = [Content.assemble(("The group's profile", "bold"))]
        for dimension in DIMENSIONS:
            value = profile.get(dimension)
            shown = "  -" if value is None else f"{value:5.1f}%"
            filled = 0 if value is None else round(BAR * value / 100)
            meter = "█" * filled + "░" * (BAR - filled)
            lines.append(Content(f"{DIMENSION_LABELS[dimension]:<15} {meter} {shown}"))
        lines.append(
            Content.assemble(("\nWhere the room split most (discussion starters)", "bold"))
        )
        split = most_split(self.state)
        if not split:
            lines.append(Content("No decision yet where the votes went more than one way."))
        width = max(30, self.app.size.width - 4)
        for tally in split:
            scenario = self.scenarios.get(tally["scenario"])
            scene = None if scenario is None else scenario.scenes.get(tally["scene"])
            if scenario is None:
                where = f"{tally['scenario']} · {tally['scene']}"
            else:
                where = f"{scenario.title} · {decision_title(scenario, tally['scene'], width)}"
            lines.append(Content.assemble(("\n" + _short(where, width), "bold")))
            choices = scene.choices if scene is not None else ()
            best = _best_among(choices, list(tally.get("offered") or range(len(tally["counts"]))))
            for index, count in enumerate(tally["counts"]):
                if not count:
                    continue
                text = choices[index].text if index < len(choices) else f"choice {index + 1}"
                key = " (Best)" if index in best else ""
                lines.append(Content(f"  {count:>3} chose {_short(text, width - 16)}{key}"))
        return Content("\n").join(lines)


def _latest_per_scene(tallies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for tally in tallies:
        latest[(tally["scenario"], tally["scene"])] = tally
    return list(latest.values())


def _best_among(choices: Sequence[Choice], shown: list[int]) -> set[int]:
    """The key among the choices the players were shown (positions as written)."""
    offered = [i for i in shown if i < len(choices)]
    if not offered:
        return set()
    subset = tuple(choices[i] for i in offered)
    return {offered[i] for i in range(len(subset)) if band(subset, i) == BEST}


def most_split(state: dict[str, Any], limit: int = 3) -> list[dict[str, Any]]:
    """The decisions where the votes went more than one way, most evenly split first: a
    decision everyone answered alike starts no discussion."""

    def spread(tally: dict[str, Any]) -> float:
        counts: list[int] = tally["counts"]
        return 1 - max(counts) / sum(counts)

    split = [t for t in state["tallies"] if sum(1 for c in t["counts"] if c) >= 2]
    return sorted(split, key=spread, reverse=True)[:limit]


def group_profile(
    state: dict[str, Any], scenarios: Mapping[str, Scenario]
) -> dict[str, float | None]:
    """The four dimensions over every vote the room cast, scored as the game scores a player
    (each vote judged against the options of its scene)."""
    decisions: list[Decision] = []
    for tally in state["tallies"]:
        scenario = scenarios.get(tally["scenario"])
        scene = None if scenario is None else scenario.scenes.get(tally["scene"])
        if scene is None:
            continue
        # each vote is judged against what was on offer, as the game judges a player
        offered = [i for i in tally.get("offered") or range(len(scene.choices))]
        offered = [i for i in offered if i < len(scene.choices)]
        subset = tuple(scene.choices[i] for i in offered)
        for index, count in enumerate(tally["counts"]):
            if index in offered:
                decisions += [Decision(scene.id, subset, offered.index(index))] * count
    return percentages(decisions)


class RoomApp(App[None]):
    """`eqtrainer room`: the workshop live, for the facilitator."""

    CSS_PATH = "room.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "pick", "start"),
        Binding("c", "close_vote", "close vote"),
        Binding("n", "next", "next"),
        Binding("f", "free", "free play"),
        Binding("v", "names", "names"),
        Binding("d", "debrief", "debrief"),
        Binding("q,ctrl+c", "quit", "quit", priority=True),
    ]
    message: reactive[str] = reactive("")

    def __init__(
        self, watch: Watch, act: Act, scenarios: Mapping[str, Scenario], theme: str = "dark"
    ):
        super().__init__()
        self.watch_room = watch
        self.act = act
        self.scenarios = scenarios
        for item in THEMES.values():
            self.register_theme(item)
        self.theme = THEMES[theme].name
        self.state: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Static("Room", id="room-title")
        with VerticalScroll(id="room-body"):
            yield RoomView(self.scenarios, id="room-view")
        yield OptionList(id="pick")
        yield Static("", id="room-message")
        yield Static(self._hints(), id="room-keys")

    def _hints(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                parts += [(binding.key.split(",")[0], "bold $accent"), f" {binding.description}  "]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#pick", OptionList).display = False
        self.run_worker(self._follow(), exclusive=True, name="follow the room")

    async def _follow(self) -> None:
        try:
            async for state in self.watch_room():
                self.show(state)
        except OSError as exc:
            self.message = f"Lost the workshop server: {exc}"
        else:
            self.message = "The workshop server has stopped."
        # what the title said is no longer true: say so there too
        self.query_one("#room-title", Static).update(
            plain("Room · the workshop server has stopped · q quits")
        )

    def show(self, state: dict[str, Any]) -> None:
        self.state = state
        scenario = self.scenarios.get(state.get("scenario") or "")
        mode = state["mode"]
        if mode == "free":  # each plays what they like: no one scenario to name
            parts = ["Room · free play"]
        else:
            title = scenario.title if scenario is not None else "no scenario chosen"
            parts = [f"Room · {title} · paced"]
        if mode == "paced":
            vote = "vote open" if state["vote_open"] else "vote closed"
            parts.append(f"decision {state['round']} · {vote}")
        parts.append(f"{state['present']} in")
        self.query_one("#room-title", Static).update(plain(" · ".join(parts)))
        self.query_one(RoomView).show(state)

    def watch_message(self, message: str) -> None:
        self.query_one("#room-message", Static).update(plain(message))

    async def _send(self, op: str, **fields: Any) -> None:
        try:
            answer = await self.act(op, **fields)
        except Exception as exc:  # the server's refusal, or it is gone: say so, keep going
            self.message = str(exc)
            return
        self.message = ""
        if "room" in answer:
            self.show(answer["room"])

    async def action_close_vote(self) -> None:
        await self._send("close-vote")

    async def action_next(self) -> None:
        if self.state.get("finished"):  # said here in keys, not as the command line's advice
            self.message = (
                "Everyone has finished this scenario: s starts another, f goes back to free play"
            )
            return
        await self._send("next")

    async def action_free(self) -> None:
        await self._send("free")

    def action_names(self) -> None:
        view = self.query_one(RoomView)
        view.names = not view.names
        view.show(self.state)

    def action_debrief(self) -> None:
        view = self.query_one(RoomView)
        view.debrief = not view.debrief
        view.show(self.state)

    def action_pick(self) -> None:
        pick = self.query_one("#pick", OptionList)
        pick.clear_options()
        pick.add_options(
            [Option(plain(f"{s.title} ({s.id})"), id=s.id) for s in self.scenarios.values()]
        )
        pick.display = True
        pick.highlighted = 0
        pick.focus()
        self.message = "Pick a scenario for everyone (paced), escape to cancel"

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.option_list.display = False
        if event.option.id is not None:
            await self._send("start", scenario=event.option.id, paced=True)

    def key_escape(self) -> None:
        pick = self.query_one("#pick", OptionList)
        if pick.display:
            pick.display = False
            self.message = ""


def run_room(control: Path, paths: list[str]) -> int:
    """The room screen on this terminal, following the server at `control`: for `eqtrainer
    room` on the server's machine, and for the facilitator who logs in over SSH."""
    from ..domain.loader import load_library
    from ..roomlink import act, watch

    # the scenarios the server plays, for the choices' text and the expert key
    scenarios = {s.id: s for s in load_library(paths).scenarios}

    async def send(op: str, **fields: Any) -> dict[str, Any]:
        return await act(control, op, **fields)

    RoomApp(lambda: watch(control), send, scenarios).run()
    return 0

"""Paced workshops: after choosing, wait for the room, then see how it chose and the key.

Shown instead of the feedback screen when the facilitator paces the room. It follows the
pace the server sends: waiting (how many have chosen), revealed (the room's counts, the
expert key and its why), then on to the next decision when the facilitator opens it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...domain.engine import Playthrough
from ...domain.scoring import Decision
from ..pacing import Pace
from ..text import plain

BAR = 20


class HoldScreen(Screen[str | None]):
    CSS_PATH = "hold.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "keys"),
    ]

    def __init__(self, decision: Decision, play: Playthrough, pace: Pace):
        super().__init__()
        self.decision = decision
        self.play = play
        self.pace = pace
        self.round = pace.round  # the decision this player chose in

    def compose(self) -> ComposeResult:
        choice = self.decision.choice
        chosen = "You let the time run out." if choice is None else f"You chose: {choice.text}"
        with VerticalScroll(id="hold"):
            yield Static("", id="hold-status")
            yield Static(plain(chosen), id="hold-chosen")
            yield Static("", id="hold-room")
            yield Static("", id="hold-key")
        yield Static(
            Content.assemble(("?", "bold $accent"), " keys   the facilitator moves the room on"),
            id="hold-keys",
        )

    def on_mount(self) -> None:
        self.update_pace(self.pace)

    def update_pace(self, pace: Pace) -> None:
        """Follow the room: wait, reveal, or move on."""
        self.pace = pace
        status = self.query_one("#hold-status", Static)
        moved_on = pace.round > self.round and pace.stage in ("playing", "choosing")
        if not pace.paced or pace.stage == "ended" or moved_on:
            self.dismiss(None)  # free play again, or the facilitator opened the next decision
            return
        if pace.stage == "revealed" and pace.tally is not None:
            status.update(Content.assemble(("The room has chosen", "bold $success")))
            self.query_one("#hold-room", Static).update(self._room(pace.tally))
            self.query_one("#hold-key", Static).update(self._key())
            return
        status.update(
            Content.assemble(
                ("Waiting for the facilitator", "bold $accent"),
                f" · {pace.chosen} of {max(pace.here, pace.chosen)} have chosen",
            )
        )

    def _room(self, tally: dict[str, Any]) -> Content:
        """The room's votes on this decision, on the choices as this player saw them
        (numbered as they were shown); a choice others had and this player did not is
        listed after them, only if someone took it."""
        counts = [int(c) for c in tally.get("counts", [])]
        most = max(counts, default=0)
        scene = self.play.scenario.scenes[self.decision.scene]
        shown = [scene.position(choice) for choice in self.decision.offered]
        rows: list[tuple[str, str, int, str]] = []
        for number, where in enumerate(shown, 1):
            count = counts[where] if where < len(counts) else 0
            mine = "  ← you" if number - 1 == self.decision.chosen else ""
            rows.append((f"{number} ", scene.choices[where].text, count, mine))
        for where, count in enumerate(counts):
            if where not in shown and count and where < len(scene.choices):
                rows.append(("· ", scene.choices[where].text, count, "  (not on your list)"))
        lines = [Content.assemble(("How the room chose", "bold"))]
        for mark, text, count, note in rows:
            text = " ".join(text.split())
            short = text if len(text) <= 34 else text[:33] + "…"
            filled = 0 if most == 0 else round(BAR * count / most)
            lines.append(
                Content.assemble(
                    (mark, "bold"),
                    plain(short.ljust(34)),
                    f" {'█' * filled}{'░' * (BAR - filled)} {count:>3}{note}",
                )
            )
        return Content("\n").join(lines)

    def _key(self) -> Content:
        decision = self.decision
        best = [decision.offered[i] for i in decision.best]
        lines = [Content.assemble(("\nThe expert key", "bold"), f" · yours was {decision.band}")]
        for choice in best:
            lines.append(Content.assemble(("Best: ", "bold $success"), plain(choice.text)))
            lines.append(plain(choice.why))
        mine = decision.choice
        if mine is not None and mine not in best:
            lines.append(Content.assemble(("Yours: ", "bold"), plain(mine.why)))
        return Content("\n").join(lines)

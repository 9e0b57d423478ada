"""Right after a choice: its band, what it scored on all four dimensions, and why."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...domain.engine import Playthrough
from ...domain.model import DIMENSION_LABELS, DIMENSIONS
from ...domain.scoring import Decision
from ..text import plain, signed
from ..widgets.decision_card import BAND_MARKS
from ..widgets.key_hints import KeyHints, hints_from
from .base import GameScreen


def score_cell(dimension: str, value: float) -> Content:
    blocks = "█" * int(abs(value) * 2)
    style = "$success" if value > 0 else "$error" if value < 0 else "$text-muted"
    return Content.assemble(
        (f"{DIMENSION_LABELS[dimension]:<15} ", "bold"),
        (f"{signed(value):>4} ", style),
        (f"{blocks:<4}", style),
    )


class FeedbackScreen(GameScreen[str | None]):
    CSS_PATH = "feedback.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "continue", "continue"),
        Binding("space", "continue", "continue", show=False),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "leave", "leave"),
    ]

    def __init__(self, decision: Decision, play: Playthrough) -> None:
        super().__init__()
        self.decision = decision
        self.play = play

    def compose(self) -> ComposeResult:
        decision = self.decision
        mark, style = BAND_MARKS[decision.band]
        with VerticalScroll(id="feedback"):
            choice = decision.choice
            if choice is None:  # the timer ran out
                yield Static(
                    Content.assemble((f"⏱ Time ran out · {decision.band}", f"bold {style}")),
                    id="band",
                )
                yield Static(
                    plain(
                        "Not deciding is a decision too: it scores as the weakest option "
                        "on offer on every dimension."
                    ),
                    id="why",
                )
            else:
                yield Static(
                    Content.assemble((f"{mark} {decision.band}", f"bold {style}")), id="band"
                )
                yield Static(plain(f"You chose: {choice.text}"), id="chosen")
                left, right = DIMENSIONS[:2], DIMENSIONS[2:]
                rows = [
                    Content.assemble(
                        score_cell(a, choice.scores[a]), "   ", score_cell(b, choice.scores[b])
                    )
                    for a, b in zip(left, right, strict=True)
                ]
                yield Static(Content("\n").join(rows), id="scores")
                yield Static(plain(choice.why), id="why")
            changes = []
            for cid, delta in decision.trust_changes.items():
                name = self.play.scenario.cast[cid].name.split()[0]
                changes.append(f"{name}'s trust {signed(delta)}")
            yield Static(plain(" · ".join(changes)), id="trust-changes")
        yield KeyHints(hints_from(self.BINDINGS))

    def action_continue(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        self.game.ask_to_leave(lambda: self.dismiss("leave"))

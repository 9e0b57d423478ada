"""The debrief: the ending, the four dimensions, and every decision against the expert's."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...domain.engine import Playthrough
from ..text import dimension_lines, plain
from ..widgets.decision_card import DecisionCard
from ..widgets.key_hints import KeyHints, hints_from
from .base import GameScreen

EXPLAIN = (
    "Each bar: how much of what that dimension allowed your choices earned (100% = its "
    "top option every time). Best = the highest total over all four, so even an all-Best "
    "run can miss 100% on one dimension."
)

OUTCOME_STYLES = {"good": "$success", "mixed": "$warning", "bad": "$error"}


def tally(play: Playthrough) -> str:
    """One line a trainer can open the discussion with."""
    decisions = play.decisions
    bands = [d.band for d in decisions]
    parts = [f"Best in {bands.count('Best')} of {len(decisions)} decisions"]
    if bands.count("Risky"):
        parts.append(f"{bands.count('Risky')} risky")
    reads = [d.read for d in decisions if d.read is not None]
    if reads:
        parts.append(f"read the room: {sum(r.correct for r in reads)} of {len(reads)} right")
    return " · ".join(parts)


def trust_line(play: Playthrough) -> str:
    """Where each relationship ended, against where it began: with feedback held back this
    is the first time the player sees what their choices did to the people."""
    parts = []
    for cid, member in play.scenario.cast.items():
        start, end = member.trust, play.trust.get(cid, member.trust)
        name = member.name.split()[0] if member.name.split() else cid
        if round(end) == round(start):
            parts.append(f"{name} {end:.0f} (no change)")
        else:
            parts.append(f"{name} {start:.0f} → {end:.0f}")
    return "Trust, start → end: " + " · ".join(parts) if parts else ""


class DebriefScreen(GameScreen[None]):
    CSS_PATH = "debrief.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "again", "play again"),
        Binding("l", "list", "list"),
        Binding("escape", "list", "list", show=False),
        Binding("down", "scroll_down", "scroll", key_display="↑↓"),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, play: Playthrough) -> None:
        super().__init__()
        self.play = play

    def compose(self) -> ComposeResult:
        play = self.play
        ending = play.ending
        if ending is None:
            ending_part = Content.assemble(("unfinished", "bold $warning"))
        else:
            ending_part = Content.assemble(
                plain(ending.label),
                " ",
                (f"({ending.outcome})", f"bold {OUTCOME_STYLES[ending.outcome]}"),
            )
        yield Static(
            Content.assemble(
                ("Debrief", "bold $primary"),
                " · ",
                plain(play.scenario.title),
                " · ending: ",
                ending_part,
            ),
            id="debrief-title",
        )
        draft = self.game.draft_note
        if draft:  # `play FILE --watch`: on its own line, where a long title cannot hide it
            yield Static(
                plain(
                    f"{draft[0].upper()}{draft[1:]}. You are watching the file, so this "
                    "playthrough is not in your results."
                ),
                id="draft",
            )
        with VerticalScroll(id="debrief"):
            text = (
                ending.text.strip()
                if ending
                else "The scenario could not go on: no choice applied in the last scene."
            )
            yield Static(plain(text), id="ending-text")
            yield Static(dimension_lines(play.scores(), width=40), id="dimensions")
            yield Static(plain(tally(play)), id="tally")
            if play.scenario.cast:
                yield Static(plain(trust_line(play)), id="trust-line")
            yield Static(plain(EXPLAIN), id="explain")
            for number, decision in enumerate(play.decisions, 1):
                yield DecisionCard(number, decision, play.scenario)
        yield KeyHints(hints_from(self.BINDINGS))

    def on_mount(self) -> None:
        self.query_one("#debrief", VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one("#debrief", VerticalScroll).scroll_down()

    def action_again(self) -> None:
        self.game.replay_scenario(self.play.scenario)

    def action_list(self) -> None:
        self.game.pop_screen()

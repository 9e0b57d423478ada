"""The debrief: the ending, the four dimensions, and every decision against the expert's."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...domain.engine import Playthrough
from ..text import dimension_lines, plain
from ..widgets.decision_card import DecisionCard
from ..widgets.key_hints import KeyHints

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


class DebriefScreen(Screen):
    DEFAULT_CSS = """
    DebriefScreen { layout: vertical; }
    #debrief-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    #debrief { height: 1fr; padding: 0 1; }
    #ending-text { margin-bottom: 1; }
    #tally { margin-bottom: 1; color: $text-muted; }
    #dimensions { margin-bottom: 0; }
    """

    BINDINGS = [
        Binding("r", "again", "play again"),
        Binding("l", "list", "list"),
        Binding("escape", "list", "list", show=False),
        Binding("q", "app.quit", "quit"),
        Binding("question_mark", "app.help", "keys"),
    ]

    def __init__(self, play: Playthrough):
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
        with VerticalScroll(id="debrief"):
            text = (
                ending.text.strip()
                if ending
                else "The scenario could not go on: no choice applied in the last scene."
            )
            yield Static(plain(text), id="ending-text")
            yield Static(dimension_lines(play.scores(), width=40), id="dimensions")
            yield Static(plain(tally(play)), id="tally")
            for number, decision in enumerate(play.decisions, 1):
                yield DecisionCard(number, decision)
        yield KeyHints(
            [("r", "play again"), ("l", "list"), ("↑↓", "scroll"), ("?", "keys"), ("q", "quit")]
        )

    def on_mount(self) -> None:
        self.query_one("#debrief", VerticalScroll).focus()

    def action_again(self) -> None:
        self.app.replay_scenario(self.play.scenario)

    def action_list(self) -> None:
        self.app.pop_screen()

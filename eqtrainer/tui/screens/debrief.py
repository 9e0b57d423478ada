"""The debrief: the ending, the four dimensions, and every decision against the expert's."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...domain.engine import Playthrough
from ...domain.model import Ending
from ...store.progress import overall
from ..text import clip, percent, plain
from ..widgets.decision_card import DecisionCard
from ..widgets.dimension_bars import DimensionBars
from ..widgets.key_hints import KeyHints, hints_from
from .base import GameScreen

EXPLAIN = (
    "Each bar: how much of what that dimension allowed your choices earned (100% = its "
    "top option every time). Best = the highest total over all four, so even an all-Best "
    "run can miss 100% on one dimension. Overall = the mean of the bars; the scenario "
    "list's Best column shows your top Overall."
)
MIN_LABEL = 12  # an ending's label is clipped to no less than this before the title is

OUTCOME_STYLES = {"good": "$success", "mixed": "$warning", "bad": "$error"}


def tally(play: Playthrough) -> str:
    """One line a trainer can open the discussion with: the overall score first, the same
    figure the results keep and the scenario list's Best column shows."""
    decisions = play.decisions
    bands = [d.band for d in decisions]
    parts = [
        f"Overall {percent(overall(play.scores())).strip()}",
        f"Best in {bands.count('Best')} of {len(decisions)}",
    ]
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


def debrief_title(title: str, ending: Ending | None, width: int) -> Content:
    """ "Debrief · <scenario> · ending: <label> (<outcome>)" in `width` cells: the label is
    clipped first, then the scenario's title; the outcome always shows."""
    if ending is None:
        outcome, style, label = "unfinished", "bold $warning", ""
    else:
        outcome, style = f"({ending.outcome})", f"bold {OUTCOME_STYLES[ending.outcome]}"
        label = " ".join(ending.label.split())
    title = " ".join(title.split())
    fixed = len("Debrief · ") + len(" · ending: ") + len(outcome) + (1 if label else 0)
    room = max(0, width - fixed)
    if len(title) + len(label) > room:
        label_width = max(min(len(label), MIN_LABEL), room - len(title))
        label = clip(label, label_width)
        title = clip(title, max(1, room - len(label)))
    return Content.assemble(
        ("Debrief", "bold $primary"),
        " · ",
        plain(title),
        " · ending: ",
        plain(label),
        " " if label else "",
        (outcome, style),
    )


class DebriefTitle(Widget):
    """The debrief's title line, fitted to its width (a resize repaints it)."""

    def __init__(self, play: Playthrough, id: str | None = None) -> None:
        super().__init__(id=id)
        self.play = play

    def render(self) -> Content:
        return debrief_title(self.play.scenario.title, self.play.ending, self.content_size.width)


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
        yield DebriefTitle(play, id="debrief-title")
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
            yield DimensionBars(play.scores(), id="dimensions")
            line = tally(play)
            overall_part = line.split(" · ")[0]  # "Overall 59%": what the list's Best shows
            yield Static(plain(line).stylize("bold $text", 0, len(overall_part)), id="tally")
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

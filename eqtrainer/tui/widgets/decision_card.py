"""One decision in the debrief: what was read and chosen, its band, and the expert's option."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.model import Scenario
from ...domain.scoring import BEST, Decision
from ..text import clip, plain, reflow

BAND_MARKS = {BEST: ("✓", "$success"), "Sound": ("~", "$warning"), "Risky": ("✗", "$error")}


def decision_title(scenario: Scenario, scene_id: str, width: int = 52) -> str:
    """What the player saw at a decision: the scene's `title`, else who spoke and how it began."""
    scene = scenario.scenes.get(scene_id)
    if scene is None:
        return scene_id
    if scene.title:
        return clip(scene.title, width)
    opening = reflow(scene.text).split("\n")[0]
    if scene.speaker and scene.speaker in scenario.cast:
        opening = f"{scenario.cast[scene.speaker].name}: {opening}"
    return clip(opening, width)


class DecisionCard(Vertical):
    DEFAULT_CSS = """
    DecisionCard { height: auto; margin-bottom: 1; }
    DecisionCard > .heading { height: 1; }
    DecisionCard > Horizontal { height: auto; }
    DecisionCard .label { width: 10; padding-left: 3; color: $text-muted; }
    DecisionCard .label.best { color: $success; text-style: bold; }
    DecisionCard .value { width: 1fr; }
    """

    def __init__(self, number: int, decision: Decision, scenario: Scenario) -> None:
        super().__init__(classes=f"decision band-{decision.band.lower()}")
        self.number = number
        self.decision = decision
        self.scenario = scenario

    def rows(self) -> list[tuple[str, Content, str]]:
        decision = self.decision
        rows = []
        if decision.read is not None:
            read = decision.read
            answer = "no answer" if read.chosen is None else read.question.options[read.chosen].text
            rows.append(
                (
                    "read",
                    Content.assemble(("✓ " if read.correct else "✗ ", "bold"), plain(answer)),
                    "",
                )
            )
            if not read.correct:
                right = "; ".join(o.text for o in read.question.options if o.correct)
                rows.append(
                    ("expert", Content.assemble(plain(right), " · ", plain(read.question.why)), "")
                )
        choice = decision.choice
        if choice is None:
            rows.append(("chose", Content.assemble(("nothing: the timer ran out", "italic")), ""))
        else:
            rows.append(("chose", plain(choice.text), ""))
            rows.append(("why", plain(choice.why), ""))
        if decision.band != BEST:
            best = decision.offered[decision.best[0]]
            rows.append(("best", plain(best.text), "best"))
            rows.append(("why", plain(best.why), ""))
        return rows

    def compose(self) -> ComposeResult:
        decision = self.decision
        mark, style = BAND_MARKS[decision.band]
        yield Static(
            Content.assemble(
                (f"{self.number:>2} ", "bold"),
                (f"{decision_title(self.scenario, decision.scene)}  ", "$text-muted"),
                (f"{mark} {decision.band}", f"bold {style}"),
            ),
            classes="heading",
        )
        for label, value, extra in self.rows():
            with Horizontal():
                yield Static(label, classes=f"label {extra}".strip())
                yield Static(value, classes="value")

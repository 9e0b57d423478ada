"""Before playing a scenario left unfinished: resume it, or start again.

If the scenario's file has changed since (its content hash), the saved game would play on
in a different story, so the dialog says so and offers only to start again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.model import Scenario
from ...store.progress import Unfinished
from ..text import plain


def when(seconds: float, now: float | None = None) -> str:
    """A moment as a player says it: `today 14:05`, `yesterday 09:12`, `3 Dec 17:40`."""
    moment = dt.datetime.fromtimestamp(seconds)
    today = dt.datetime.fromtimestamp(now).date() if now else dt.date.today()
    if moment.date() == today:
        return f"today {moment:%H:%M}"
    if moment.date() == today - dt.timedelta(days=1):
        return f"yesterday {moment:%H:%M}"
    return f"{moment.day} {moment:%b %H:%M}"


def where(saved: Unfinished) -> str:
    """Where a saved playthrough stands: `decision 2 (scene estimate), left today 14:05`."""
    return (
        f"decision {saved.decisions + 1} (scene {saved.scene or '?'}), "
        f"left {when(saved.updated_at)}"
    )


class ResumeScreen(ModalScreen[str | None]):
    """Answers "resume", "again" (start again) or None (neither, for now)."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer('resume')", "resume"),
        Binding("n", "answer('again')", "start again"),
        Binding("escape", "answer(None)", "cancel", show=False),
    ]

    def __init__(self, saved: Unfinished, scenario: Scenario, changed: bool = False):
        super().__init__()
        self.saved = saved
        self.scenario = scenario
        self.changed = changed

    def compose(self) -> ComposeResult:
        title = self.scenario.title
        if self.changed:
            question = (
                f"“{title}” has changed since you left it ({where(self.saved)}). "
                "Your saved game would go on in a different story, so it cannot be resumed. "
                "Start again?"
            )
        else:
            question = f"You left “{title}” unfinished at {where(self.saved)}. Resume it?"
        with Vertical(id="dialog"):
            yield Static(plain(question), id="question")
            with Horizontal(id="buttons"):
                if not self.changed:
                    yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Start again (n)", id="again", variant="default")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#again" if self.changed else "#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(None if event.button.id == "cancel" else event.button.id)

    def action_answer(self, answer: str | None) -> None:
        if answer == "resume" and self.changed:
            return
        self.dismiss(answer)

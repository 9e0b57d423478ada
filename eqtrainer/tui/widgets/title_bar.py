"""The one-line bar at the top of a screen: a title on the left, context on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar { height: 1; padding: 0 1; background: $panel; }
    TitleBar > .title { width: 1fr; text-style: bold; color: $primary; }
    TitleBar > .context { width: auto; }
    TitleBar > .note { width: auto; padding-left: 2; color: $warning; text-style: bold; }
    TitleBar > .title.said { color: $warning; }
    TitleBar > .title.said-error { color: $error; }
    """

    def __init__(
        self,
        title: str | Content,
        context: str | Content = "",
        context_id: str | None = None,
        context_classes: str = "",
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.context_text = context
        self.context_id = context_id
        self.context_classes = context_classes
        self.note = note  # always shown, after the context (which a narrow screen may hide)
        self._said: Timer | None = None

    def say(self, message: str, seconds: float = 6, error: bool = False) -> None:
        """Show `message` in place of the title for a while: in the bar, never over the
        screen's content (a toast would hide choices or the list)."""
        title = self.query_one(".title", Static)
        title.update(Content(message))  # plain text: names and file names stay literal
        title.set_class(not error, "said")
        title.set_class(error, "said-error")
        if self._said is not None:
            self._said.stop()
        self._said = self.set_timer(seconds, self._unsay)

    def _unsay(self) -> None:
        title = self.query_one(".title", Static)
        title.update(self.title_text)
        title.remove_class("said", "said-error")

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, classes="title")
        yield Static(
            self.context_text, id=self.context_id, classes=f"context {self.context_classes}".strip()
        )
        if self.note:
            yield Static(Content(self.note), classes="note")

"""The one-line bar at the top of a screen: a title on the left, context on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar { height: 1; padding: 0 1; background: $panel; }
    TitleBar > .title { width: 1fr; text-style: bold; color: $primary; }
    TitleBar > .context { width: auto; }
    """

    def __init__(
        self,
        title: str | Content,
        context: str | Content = "",
        context_id: str | None = None,
        context_classes: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.context_text = context
        self.context_id = context_id
        self.context_classes = context_classes

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, classes="title")
        yield Static(
            self.context_text, id=self.context_id, classes=f"context {self.context_classes}".strip()
        )

"""The line of keys at the bottom of a screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    """

    def __init__(self, hints: list[tuple[str, str]], **kwargs):
        super().__init__(**kwargs)
        self.set_hints(hints)

    def set_hints(self, hints: list[tuple[str, str]]) -> None:
        parts = []
        for key, action in hints:
            parts += [(key, "bold $accent"), f" {action}   "]
        self.update(Content.assemble(*parts))

"""A short message that floats over the game until the player presses a key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..text import plain


class NoticeScreen(ModalScreen[None]):
    CSS_PATH = "notice.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "continue"),
        Binding("space,escape", "close", "continue", show=False),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="notice-box"):
            yield Static(plain(self.message), id="notice-text")
            yield Static("enter: continue", id="notice-keys")

    def action_close(self) -> None:
        self.dismiss(None)

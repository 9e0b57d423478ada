"""Every key, on one page: two columns where the screen is wide enough, one below that,
and the pane's lower border says how to close it and whether more is hidden."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.reading_pane import ReadingPane

TWO_COLUMNS = 78  # from this width the keys sit in two columns and fit at 80x24
CLOSES = "esc, ? or enter closes"

KEYS = [
    (
        "Everywhere",
        [
            ("?", "this list of keys"),
            ("q", "leave the scenario (asks first); on the list, quit"),
            ("ctrl+q ctrl+c", "quit at once"),
        ],
    ),
    (
        "Scenario list",
        [
            ("↑ ↓ / mouse", "move through the scenarios"),
            ("enter", "play the highlighted one"),
            ("r", "resume what you left unfinished"),
            ("p", "your profile and what to play next"),
            ("a / A", "filter by area, forward / back"),
            ("f", "hold feedback until the debrief"),
            ("t", "theme: dark, light, high contrast"),
        ],
    ),
    (
        "Playing",
        [
            ("1-9", "pick an answer or a choice"),
            ("↑ ↓ + enter", "move and confirm"),
            ("PgUp PgDn", "scroll a long story (or the wheel)"),
            ("mouse", "click a choice"),
            ("enter", "continue after feedback"),
        ],
    ),
    (
        "Debrief",
        [
            ("r", "play the same scenario again"),
            ("l", "back to the scenario list"),
            ("↑ ↓ PgUp PgDn", "scroll through the decisions"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "close", "close")
    ]

    def compose(self) -> ComposeResult:
        # each key and its meaning side by side: a meaning that wraps keeps to its column
        half = len(KEYS) // 2
        with ReadingPane(id="keys"), Horizontal(id="columns"):
            for side, sections in (("left", KEYS[:half]), ("right", KEYS[half:])):
                with Vertical(classes=f"column {side}"):
                    for section, keys in sections:
                        yield Static(
                            Content.assemble((section, "bold $primary")), classes="section"
                        )
                        for key, meaning in keys:
                            with Horizontal(classes="key-row"):
                                yield Static(key, classes="key")
                                yield Static(meaning, classes="meaning")

    def on_mount(self) -> None:
        self._show_more()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < TWO_COLUMNS, "one-column")

    def on_reading_pane_changed(self, event: ReadingPane.Changed) -> None:
        event.stop()
        self._show_more()

    def _show_more(self) -> None:
        pane = self.query_one("#keys", ReadingPane)
        more = pane.more_sign()
        pane.border_subtitle = f"{more} · {CLOSES}" if more else CLOSES

    def action_close(self) -> None:
        self.dismiss(None)

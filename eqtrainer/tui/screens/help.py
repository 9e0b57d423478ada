"""Every key, on one page."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    (
        "Everywhere",
        [
            ("?", "this list of keys"),
            ("q", "leave the scenario (asks first) or quit from the list"),
            ("ctrl+q, ctrl+c", "quit at once"),
        ],
    ),
    (
        "Scenario list",
        [
            ("↑ ↓ / mouse", "move through the scenarios"),
            ("enter", "play the highlighted scenario"),
            ("r", "resume the scenario you left unfinished"),
            ("p", "your profile: the four dimensions over time, what to play next"),
            ("a / A", "filter by knowledge area, forward / back"),
            ("f", "hold feedback back until the debrief (for experienced players)"),
            ("t", "switch theme: dark, light, high contrast"),
        ],
    ),
    (
        "Playing",
        [
            ("1-9", "pick an answer or a choice at once"),
            ("↑ ↓ + enter", "move and confirm"),
            ("PgUp PgDn / wheel", "scroll a long story; the choices stay where they are"),
            ("mouse", "click a choice"),
            ("enter", "continue after feedback"),
        ],
    ),
    (
        "Debrief",
        [
            ("r", "play the same scenario again"),
            ("l", "back to the scenario list"),
            ("↑ ↓ / pgup pgdn", "scroll through the decisions"),
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
        with VerticalScroll(id="keys"):
            for section, keys in KEYS:
                yield Static(Content.assemble((section, "bold $primary")), classes="section")
                for key, meaning in keys:
                    with Horizontal(classes="key-row"):
                        yield Static(key, classes="key")
                        yield Static(meaning, classes="meaning")
            yield Static("escape, ? or enter closes this list", classes="closing")

    def action_close(self) -> None:
        self.dismiss(None)

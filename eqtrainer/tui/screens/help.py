"""Every key, on one page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
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
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #keys { width: 72; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
            background: $surface; padding: 0 1; }
    """

    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "close")]

    def compose(self) -> ComposeResult:
        rows = []
        for section, keys in KEYS:
            rows.append(Content.assemble((section, "bold $primary")))
            for key, meaning in keys:
                rows.append(Content.assemble((f"  {key:<16}", "bold $accent"), meaning))
        rows.append(Content.assemble(("escape, ? or enter closes this list", "$text-muted")))
        with VerticalScroll(id="keys"):
            yield Static(Content("\n").join(rows))

    def action_close(self) -> None:
        self.dismiss(None)

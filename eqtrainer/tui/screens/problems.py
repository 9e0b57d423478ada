"""What is wrong with the scenario being edited (`eqtrainer play FILE --watch`), shown in
the game instead of leaving it; it goes away by itself once the file is saved without errors."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.key_hints import KeyHints


class ProblemsScreen(Screen[None]):
    DEFAULT_CSS = """
    ProblemsScreen { layout: vertical; }
    #heading { padding: 1 1 0 1; text-style: bold; color: $error; height: auto; }
    #advice { padding: 0 1 1 1; color: $text-muted; height: auto; }
    #list { height: 1fr; border: round $error; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "quit")]

    def __init__(self, path: str, problems: list[str]):
        super().__init__()
        self.path = path
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Static("", id="heading")
        yield Static("", id="advice")
        with VerticalScroll(id="list"):
            yield Static("", id="problems")
        yield KeyHints([("q", "quit")], id="hints")

    def on_mount(self) -> None:
        self.show(self.problems)

    def show(self, problems: list[str]) -> None:
        """Show (again) what is wrong; the lines are the ones `eqtrainer validate` prints."""
        self.problems = problems
        count = len(problems)
        self.query_one("#heading", Static).update(
            Content(f"{self.path} has {count} problem{'s' * (count != 1)}")
        )
        them = "it" if count == 1 else "them"
        self.query_one("#advice", Static).update(
            Content(f"Fix {them} in your editor and save: the game reloads the file by itself.")
        )
        # Content(...) is plain text: markup in a file's text shows as typed
        self.query_one("#problems", Static).update(Content("\n".join(problems)))

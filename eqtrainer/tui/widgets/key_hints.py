"""The line of keys at the bottom of a screen, read from the screen's own bindings."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

# how a key is written in the hints when its binding gives no `key_display`
KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "up": "↑",
    "down": "↓",
}

# the keys of a focused list, which the list binds itself (not shown in its bindings)
LIST_KEYS: list[tuple[str, str]] = [("↑↓", "move"), ("enter", "confirm")]


def hints_from(
    bindings: Iterable[BindingType], hidden: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(key, what it does) for every binding marked `show`, in order; actions in `hidden` left out.

    Bindings that share a description (`A` and `a`, both "area filter") are hinted once.
    """
    left_out = set(hidden)
    hints: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.show or not binding.description:
            continue
        if binding.action in left_out or binding.description in seen:
            continue
        seen.add(binding.description)
        key = binding.key.split(",")[0]
        hints.append((binding.key_display or KEY_NAMES.get(key, key), binding.description))
    return hints


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

    def __init__(self, hints: list[tuple[str, str]], id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints: list[tuple[str, str]] = []
        self.set_hints(hints)

    def set_hints(self, hints: list[tuple[str, str]]) -> None:
        self.hints = list(hints)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """All the hints on the one line: closer together where the screen is narrow, and,
        if they still do not fit, the ones before the last two left out from the right, so
        `? keys` (which lists them all) and the way out always show."""
        width = self.content_size.width or 78
        hints = list(self.hints)
        while len(hints) > 2 and len(self._line(hints, "  ")) > width:
            del hints[-3]
        gap = "   " if len(self._line(hints, "   ")) <= width else "  "
        parts: list[tuple[str, str] | str] = []
        for key, action in hints:
            parts += [(key, "bold $accent"), f" {action}{gap}"]
        self.update(Content.assemble(*parts))

    @staticmethod
    def _line(hints: list[tuple[str, str]], gap: str) -> str:
        return gap.join(f"{key} {action}" for key, action in hints)

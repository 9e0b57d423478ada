"""The scene's choices: an option list that can say whether some of them are out of view.

On a small terminal a timed scene's third choice can sit below the list's fold; a
scrollbar alone is easy to miss, so the screen shows the sign this list gives."""

from __future__ import annotations

from textual.events import Resize
from textual.message import Message
from textual.widgets import OptionList

MORE_BELOW = "▼ more choices below: ↓"
MORE_ABOVE = "▲ more choices above: ↑"


class ChoiceList(OptionList):
    class Changed(Message):
        """The list scrolled, or its box or its options changed size: what it hides may have
        changed. Posted, so its handler sees the layout settled."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._changed, init=False)
        self.watch(self, "virtual_size", self._changed, init=False)

    def _changed(self) -> None:
        self.post_message(self.Changed())

    def on_resize(self, event: Resize) -> None:
        self._changed()

    @property
    def hides_some(self) -> bool:
        return self.max_scroll_y > 0

    def more_sign(self) -> str:
        """What is out of view: below while the list can scroll down, above once it is at its
        end; "" when every choice shows."""
        if self.scroll_y < self.max_scroll_y:
            return MORE_BELOW
        if self.scroll_y > 0:
            return MORE_ABOVE
        return ""

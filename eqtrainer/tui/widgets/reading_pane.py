"""A pane of text that scrolls on its own (PgUp/PgDn, the wheel) and can say on its lower
border whether more of it is hidden: the scene's story, the list of keys."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.events import Resize
from textual.message import Message

MORE_BELOW = "▼ more: PgDn"
MORE_ABOVE = "▲ PgUp"


class ReadingPane(VerticalScroll):
    class Changed(Message):
        """The pane scrolled, or its box or its content changed size: what it hides may
        have changed. Posted, so its handler sees the layout settled."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._changed, init=False)

    def _changed(self) -> None:
        self.post_message(self.Changed())

    def on_resize(self, event: Resize) -> None:
        # A Resize comes once the layout has set the pane's size, its content's size and its
        # container's size together. A watcher on `virtual_size` can run before the new
        # height is known (the story's marker was judged on the previous scene's room), and
        # does not run at all when only the widgets around the pane changed height.
        self._changed()

    @property
    def scrolls(self) -> bool:
        return self.max_scroll_y > 0

    def more_sign(self) -> str:
        """ "▼ more: PgDn" while something is hidden below, "▲ PgUp" at the end of a pane that
        scrolled, "" when everything shows."""
        if self.scroll_y < self.max_scroll_y:
            return MORE_BELOW
        if self.scroll_y > 0:
            return MORE_ABOVE
        return ""

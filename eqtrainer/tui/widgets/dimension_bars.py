"""The four dimensions as bars that take the width they are given: the percentage stays on
the bar's line at any terminal width."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widget import Widget

from ..text import dimension_lines

LABEL_WIDTH = 16  # "Business value" and a space, as dimension_lines writes it
PERCENT_WIDTH = 6  # two spaces and " 88%"
WIDEST = 40  # a longer bar reads no better
NARROWEST = 5


def bar_width(width: int) -> int:
    """The bar that leaves room on its line for the label and the percentage."""
    return max(NARROWEST, min(WIDEST, width - LABEL_WIDTH - PERCENT_WIDTH))


class DimensionBars(Widget):
    DEFAULT_CSS = """
    DimensionBars { height: 4; }
    """

    def __init__(self, percentages: Mapping[str, float | None], id: str | None = None) -> None:
        super().__init__(id=id)
        self.percentages = dict(percentages)

    def render(self) -> Content:
        # drawn at the size the layout gave: a resize repaints it at the new width
        return dimension_lines(self.percentages, width=bar_width(self.content_size.width))

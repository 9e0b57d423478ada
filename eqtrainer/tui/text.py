"""Helpers that turn scenario text into plain, literal Content: never markup."""

from __future__ import annotations

import math
import re

from textual.content import Content

from ..domain.vocabulary import DIMENSION_LABELS, DIMENSIONS

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> Content:
    """Text from a YAML file or a person, shown as written: `[b]` stays `[b]`, nothing is markup.

    The author's hard line breaks are joined so the text wraps to the terminal's width;
    a blank line still starts a new paragraph. Control characters are dropped.
    """
    return Content(reflow(_CONTROL.sub("", text)))


def reflow(text: str) -> str:
    """Join an author's hard line breaks so text wraps to the terminal; keep blank-line breaks."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip())]
    return "\n\n".join(p for p in paragraphs if p)


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def bar(fraction: float | None, width: int) -> str:
    if fraction is None:
        return "░" * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def whole(value: float) -> int:
    """Round half up, as a player reads a percentage (62.5 shows as 63, not 62)."""
    return math.floor(value + 0.5)


def percent(value: float | None) -> str:
    return "   -" if value is None else f"{whole(value):3d}%"


def signed(value: float) -> str:
    if value == int(value):
        return f"{int(value):+d}"
    return f"{value:+.1f}"


def dimension_lines(percentages: dict[str, float | None], width: int = 40) -> Content:
    """The four dimensions with a bar and a percentage each, one per line."""
    rows = []
    for dimension in DIMENSIONS:
        value = percentages.get(dimension)
        rows.append(
            Content.assemble(
                (f"{DIMENSION_LABELS[dimension]:<15} ", "bold"),
                (
                    bar(None if value is None else value / 100, width),
                    "$primary" if value is not None else "dim",
                ),
                f"  {percent(value)}",
            )
        )
    return Content("\n").join(rows)

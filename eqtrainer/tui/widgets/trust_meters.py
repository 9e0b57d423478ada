"""The cast's trust at a glance: a bar and a number per person, or a one-line summary."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from ...domain.model import CastMember
from ..text import bar, clip


class TrustMeters(Static):
    DEFAULT_CSS = """
    TrustMeters {
        border: round $secondary;
        border-title-color: $text;
        padding: 0 1;
        height: auto;
    }
    """

    def __init__(self, cast: Mapping[str, CastMember], id: str | None = None) -> None:
        super().__init__(id=id)
        self.cast = cast
        self.border_title = "Trust"

    def show(self, trust: Mapping[str, float]) -> None:
        rows = []
        for cid, member in self.cast.items():
            value = trust.get(cid, member.trust)
            first_name = clip(member.name.split()[0] if member.name.split() else cid, 8)
            rows.append(
                Content.assemble(
                    f"{first_name:<8} ", (bar(value / 100, 10), _colour(value)), f" {value:3.0f}"
                )
            )
        self.update(Content("\n").join(rows) if rows else Content("no cast"))


def trust_summary(
    cast: Mapping[str, CastMember], trust: Mapping[str, float], label: str = "Trust"
) -> Content:
    """The meters in one line, for a screen too narrow for them: "Trust  Dana 50 · Raj 70",
    each number in its meter's colour."""
    parts: list[Content] = []
    for cid, member in cast.items():
        value = trust.get(cid, member.trust)
        first_name = member.name.split()[0] if member.name.split() else cid
        parts.append(Content.assemble(f"{first_name} ", (f"{value:.0f}", _colour(value))))
    if not parts:
        return Content("")
    return Content.assemble((f"{label}  ", "$text-muted"), Content(" · ").join(parts))


def _colour(value: float) -> str:
    return "$success" if value >= 60 else "$warning" if value >= 35 else "$error"

"""The cast's trust at a glance: a bar and a number per person."""

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
            style = "$success" if value >= 60 else "$warning" if value >= 35 else "$error"
            rows.append(
                Content.assemble(
                    f"{first_name:<8} ", (bar(value / 100, 10), style), f" {value:3.0f}"
                )
            )
        self.update(Content("\n").join(rows) if rows else Content("no cast"))

"""Participants' display names: the SSH user name, made safe to show to everyone else."""

from __future__ import annotations

import unicodedata

MAX_NAME = 24

# Bidirectional overrides and isolates reorder what others see ("evil" shown as "live").
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


class BadName(ValueError):
    """A name that leaves nothing to show; the message tells the participant what to do."""


def sanitise(raw: str) -> str:
    """The name as others will see it: control, format and bidi characters removed,
    whitespace collapsed, at most MAX_NAME characters. Raises BadName if nothing is left."""
    kept = []
    for char in raw:
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            continue
        kept.append(char)
    name = " ".join("".join(kept).split())[:MAX_NAME].strip()
    if not name:
        raise BadName("connect with your name as the user name, e.g. `ssh -p 2222 yourname@host`")
    return name


def distinct(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... so two people never share a name in the room."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"

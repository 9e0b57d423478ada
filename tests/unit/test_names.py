"""Participants' names as the room shows them."""

from __future__ import annotations

import pytest

from eqtrainer.serve.names import MAX_NAME, BadName, distinct, sanitise


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ana", "ana"),
        ("eve\x1b[31mred", "eve[31mred"),  # the escape goes; the rest is inert text
        ("evil\u202etxt.exe", "eviltxt.exe"),  # a bidi override would reorder it for others
        ("  two   words ", "two words"),
        ("zero\u200bwidth", "zerowidth"),
        ("[b]bold[/b]", "[b]bold[/b]"),  # markup is kept as typed; screens show it literally
        ("Ana María Álvarez-Núñez de la Fuente", "Ana María Álvarez-Núñez"[:MAX_NAME]),
    ],
)
def test_names_lose_what_could_fool_or_garble_others(raw: str, shown: str) -> None:
    assert sanitise(raw) == shown
    assert len(sanitise(raw)) <= MAX_NAME


@pytest.mark.parametrize("raw", ["", "   ", "\x1b\x07", "\u202e\u200b"])
def test_a_name_with_nothing_left_is_refused_with_what_to_do(raw: str) -> None:
    with pytest.raises(BadName, match="connect with your name as the user name"):
        sanitise(raw)


def test_two_people_with_one_name_are_told_apart() -> None:
    assert distinct("ana", set()) == "ana"
    assert distinct("ana", {"ana"}) == "ana (2)"
    assert distinct("ana", {"ana", "ana (2)"}) == "ana (3)"

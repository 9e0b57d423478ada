"""What a player sees at 60x20, and that 80x24 and 100x30 still show it: read from the rows
as drawn, not from the widgets' models."""

from __future__ import annotations

import pytest

from eqtrainer.domain.vocabulary import DIMENSION_LABELS
from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.home import HomeScreen

from .helpers import ready, screen_rows, until

SIZES = [(60, 20), (80, 24), (100, 30)]


def long_named(tmp_path, fixtures):
    """mini-demo with a long title and a long ending label: the debrief's title cannot hold
    both at 60 columns."""
    text = (fixtures / "mini-demo.yaml").read_text()
    text = text.replace("title: The [b]Mini[/b] Demo", "title: The Morning After the Long Outage")
    text = text.replace(
        "title: Launched on time", "title: Launched on time with every customer still on board"
    )
    path = tmp_path / "long-named.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("size", SIZES)
async def test_the_debrief_keeps_each_percentage_on_its_bar_and_the_outcome_in_view(
    app_for, tmp_path, fixtures, size
):
    app = app_for(long_named(tmp_path, fixtures))
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("1", "3", "enter", "1", "enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.pause()
        rows = screen_rows(app)
        assert rows[0].startswith(" Debrief · The Morning"), rows[0]
        # the label clipped, never the outcome
        assert "· ending: Launched on" in rows[0] and rows[0].endswith(" (good)"), rows[0]
        # the percentages worked out in test_playthrough, each on its bar's row
        expected = {"Communication": "60%", "Strategy": "86%", "Business value": "33%", "EQ": "57%"}
        for label, value in expected.items():
            [row] = [r for r in rows if r.startswith(f" {label} ")]
            assert row.endswith(f" {value}") and "█" in row, row
        assert set(expected) == set(DIMENSION_LABELS.values())
        # the overall, the mean of the four, in the tally line
        assert any(r.startswith(" Overall 59% · Best in 1 of 2") for r in rows), rows


async def test_the_debriefs_overall_is_what_the_list_shows_as_best(app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3", "enter", "1", "enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.pause()
        assert any("Overall 59%" in r for r in screen_rows(app))
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        [row] = [r for r in screen_rows(app) if "Mini" in r and "min" in r]
        assert row.rstrip(" │").endswith("59%"), row

"""The profile's chart: it takes the free height, and its legend hides none of the lines."""

from __future__ import annotations

import pytest

from eqtrainer.domain.vocabulary import DIMENSION_LABELS
from eqtrainer.tui.screens.profile import ProfileScreen
from eqtrainer.tui.screens.scene import SceneScreen

from .helpers import leave_to_the_list, ready, until, visible_text
from .test_progress_screens import profile_app


def rows(app, region) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return [strips[y].text[region.x : region.right] for y in range(region.y, region.bottom)]


async def open_profile(pilot) -> ProfileScreen:
    await ready(pilot)
    await pilot.press("p")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
    await pilot.pause()  # composed, mounted and laid out
    screen = app.screen
    assert isinstance(screen, ProfileScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_chart_takes_the_free_height_and_its_legend_sits_in_its_border(
    tmp_path, fixtures, size
):
    app = profile_app(tmp_path, fixtures)
    async with app.run_test(size=size) as pilot:
        profile = await open_profile(pilot)
        chart = profile.query_one("#chart")
        below = profile.query_one("#next")
        # nothing blank between what the profile says last and the keys: the chart has it
        assert below.region.bottom == profile.query_one("#profile").region.bottom
        assert chart.region.height >= size[1] - 13
        drawn = rows(app, chart.region)
        legend = drawn[-1]  # the lower border
        for label in DIMENSION_LABELS.values():
            assert label in legend, legend
            assert not any(label in line for line in drawn[:-1]), f"{label} drawn over the plot"


async def test_an_empty_profile_says_no_scenarios_were_played(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await leave_to_the_list(pilot)
        profile = await open_profile(pilot)
        said = visible_text(app, profile.query_one("#strengths"))
        assert "no scenarios played yet" in said
        assert "last 0" not in said

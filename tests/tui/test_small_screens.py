"""What a player sees at 60x20, and that 80x24 and 100x30 still show it: read from the rows
as drawn, not from the widgets' models."""

from __future__ import annotations

import pytest

from eqtrainer.domain.vocabulary import DIMENSION_LABELS
from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.profile import ProfileScreen
from eqtrainer.tui.screens.scene import SceneScreen

from .helpers import ready, screen_rows, until
from .test_progress_screens import profile_app

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


LONG = (
    " and say so in writing to Dana, Raj and the whole team before the stand-up tomorrow,"
    " with the trade-offs each of them will have to live with"
)
EXTRA_CHOICE = """      - text: Ask Dana to join the call and decide the scope with Raj there.
        scores: {communication: 1, strategy: 1, business_value: 1, eq: 1}
        why: A shared decision, but it costs a day Raj does not have.
        goto: shipped
  estimate:"""


def crowded(tmp_path, fixtures):
    """mini-demo with the timed scene's choices too long to show at once at 60x20."""
    text = (fixtures / "mini-demo.yaml").read_text()
    text = text.replace(
        "Ask Raj for the smallest slice that could be shown.",
        f"Ask Raj for the smallest slice that could be shown{LONG}.",
    )
    text = text.replace(
        "Tell Raj the team will have to work the weekend.",
        f"Tell Raj the team will have to work the weekend{LONG}.",
    )
    text = text.replace("  estimate:", EXTRA_CHOICE, 1)
    path = tmp_path / "crowded.yaml"
    path.write_text(text)
    return path


async def test_a_choice_below_the_fold_is_signposted_and_reachable(app_for, tmp_path, fixtures):
    app = app_for(crowded(tmp_path, fixtures))
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1", "enter")  # read, choose, past the feedback: the timed scene
        await until(
            pilot, lambda: isinstance(app.screen, SceneScreen) and app.screen.play.decisions
        )
        await pilot.pause()
        rows = screen_rows(app)
        assert not any("Raj there." in r for r in rows)  # the third choice's end: below the fold
        assert rows[-2].endswith("▼ more choices below: ↓"), rows[-2]
        assert "↑↓ choices" in rows[-1], rows[-1]
        await pilot.press("down", "down")  # the highlight moves to the third and shows it
        await pilot.pause()
        rows = screen_rows(app)
        assert any("Raj there." in r for r in rows), rows
        assert rows[-2].endswith("▲ more choices above: ↑"), rows[-2]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert app.screen.decision.chosen == 2


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_where_the_choices_fit_no_sign_says_there_are_more(app_for, tmp_path, fixtures, size):
    app = app_for(crowded(tmp_path, fixtures))
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("1", "1", "enter")
        await until(
            pilot, lambda: isinstance(app.screen, SceneScreen) and app.screen.play.decisions
        )
        await pilot.pause()
        rows = screen_rows(app)
        assert any("Raj there." in r for r in rows), rows
        assert not any("more choices" in r for r in rows), rows


async def test_a_narrow_scene_keeps_the_trust_in_one_line(app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        rows = screen_rows(app)
        assert rows[1] == " Trust  Dana 50 · Raj 70", rows[:3]
        await pilot.press("1", "1", "enter")  # yes to Dana: her trust +10, Raj's -15
        await until(
            pilot, lambda: isinstance(app.screen, SceneScreen) and app.screen.play.decisions
        )
        await pilot.pause()
        assert screen_rows(app)[1] == " Trust  Dana 60 · Raj 55"


async def test_held_feedback_says_the_narrow_trust_line_is_from_the_start(app_for):
    app = app_for(hold_feedback=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1")
        await until(pilot, lambda: app.screen.play.decisions)
        await pilot.pause()
        assert screen_rows(app)[1] == " Trust at the start  Dana 50 · Raj 70"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_wide_scene_shows_the_trust_meters_not_the_line(app_for, size):
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        rows = screen_rows(app)
        assert not any("Trust  Dana" in r for r in rows)
        assert any("Dana     █████" in r and r.endswith("50  │") for r in rows), rows


@pytest.mark.parametrize("size", [(50, 20), *SIZES])
async def test_the_profiles_areas_stay_inside_their_box(tmp_path, fixtures, size):
    app = profile_app(tmp_path, fixtures)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await pilot.pause()
        box = app.screen.query_one("#areas")
        app.screen.query_one("#profile").scroll_to_widget(box, animate=False)
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        region = box.region
        drawn = [strips[y].text[region.x : region.right] for y in range(region.y, region.bottom)]
        assert drawn[0].startswith("╭─ By knowledge area") and drawn[-1].startswith("╰")
        inside = drawn[1:-1]
        assert all(row.startswith("│") and row.endswith("│") for row in inside), drawn
        # scope and stakeholders: 3 played, 71%; risk: 1, 0% (worked out in test_progress_screens)
        text = "\n".join(" ".join(row.strip("│ ").split()) for row in inside)
        for area, figures in (("scope", "3 71%"), ("stakeholders", "3 71%"), ("risk", "1 0%")):
            assert f"{area} {figures}" in text, text

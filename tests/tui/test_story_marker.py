"""The story's "▼ more: PgDn" marker shows exactly when the story hides some of itself
below, and "▲ PgUp" when it scrolled to its end."""

from __future__ import annotations

from textual.containers import VerticalScroll

from eqtrainer.domain.engine import Playthrough
from eqtrainer.library import bundled_scenarios
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.scene import SceneScreen

from .helpers import ready, until

MORE = "▼ more: PgDn"
ABOVE = "▲ PgUp"


def story_border(app, story: VerticalScroll) -> str:
    """The story's lower border as drawn on the screen."""
    strips = app.screen._compositor.render_strips()
    region = story.region
    return strips[region.bottom - 1].text[region.x : region.right]


def mismatch(app, where: str) -> list[str]:
    screen = app.screen
    if not isinstance(screen, SceneScreen):
        return []
    story = screen.query_one("#story", VerticalScroll)
    border = story_border(app, story)
    shown = MORE in border
    # "▼ more" while something is hidden below; at the end of a story that scrolled (the
    # read question's answer is scrolled into view), "▲ PgUp" says the top is hidden
    below = story.scroll_y < story.max_scroll_y
    at_end = story.max_scroll_y > 0 and not below
    if shown == below and (not at_end or ABOVE in border):
        return []
    where += f": marker {'shown' if shown else 'missing'}, border {border.strip()!r}"
    return [f"{where}, scroll_y={story.scroll_y}, max_scroll_y={story.max_scroll_y}"]


async def answer_read(pilot) -> None:
    play = pilot.app.screen.play
    if play.awaiting_read and play.scene.read is not None:
        right = next(i for i, o in enumerate(play.scene.read.options, 1) if o.correct)
        await pilot.press(str(right))
        await until(pilot, lambda: not play.awaiting_read)
        await pilot.pause()  # laid out and drawn


async def test_the_more_marker_shows_if_and_only_if_the_story_hides_more_in_friday_demo(app_for):
    """Landing on each scene, and arriving at it from each choice of each scene (where the
    previous scene's choices took a different height), at 80x24 and after a resize."""
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scenario = app.scenario("friday-demo")
        problems: list[str] = []
        landed = 0
        for scene_id, scene in scenario.scenes.items():
            if not scene.choices:
                continue
            for index in [None, *range(len(scene.choices))]:
                play = Playthrough.landing(scenario, scene_id)
                if play.stuck or (index is not None and index >= len(play.choices)):
                    continue
                await app.push_screen(SceneScreen(play))
                await pilot.pause()
                problems += mismatch(app, f"{scene_id} (landed)")
                await answer_read(pilot)
                problems += mismatch(app, f"{scene_id} (read answered)")
                if index is None:
                    landed += 1
                    await pilot.resize_terminal(80, 40)
                    await pilot.pause()
                    problems += mismatch(app, f"{scene_id} at 80x40")
                    await pilot.resize_terminal(80, 24)
                    await pilot.pause()
                    problems += mismatch(app, f"{scene_id} back at 80x24")
                else:
                    await pilot.press(str(index + 1))  # feedback follows every choice
                    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
                    await pilot.press("enter")
                    await until(pilot, lambda: not isinstance(app.screen, FeedbackScreen))
                    await pilot.pause()  # the next scene (or the debrief) shown
                    arrived = app.screen
                    if isinstance(arrived, SceneScreen) and arrived.play.scene is not None:
                        where = f"{scene_id} choice {index + 1} -> {arrived.play.scene.id}"
                        problems += mismatch(app, where)
                        await answer_read(pilot)
                        problems += mismatch(app, f"{where} (read answered)")
                while not isinstance(app.screen, type(app.screen_stack[0])):
                    app.pop_screen()
                    await pilot.pause()
        assert landed >= 5
        assert not problems, "\n".join(problems)

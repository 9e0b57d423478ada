"""Every scene of the bundled library can be read whole at 80x24 while its choices show."""

from __future__ import annotations

import re

from textual.containers import VerticalScroll
from textual.widgets import OptionList

from eqtrainer.domain.engine import Playthrough
from eqtrainer.library import bundled_scenarios
from eqtrainer.tui.screens.scene import SceneScreen
from eqtrainer.tui.text import reflow

from .helpers import ready, until, visible_text


def last_sentence(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", reflow(text))
    return " ".join(sentences[-1].split())


async def check_scene(pilot, play: Playthrough) -> list[str]:
    """Problems a player would hit in the scene `play` is at; none when it reads whole."""
    app = pilot.app
    scene = play.scene
    problems: list[str] = []
    screen = SceneScreen(play)
    await app.push_screen(screen)
    await pilot.pause()
    if play.awaiting_read:  # the right answer: its explanation joins the story
        right = next(i for i, o in enumerate(scene.read.options, 1) if o.correct)
        await pilot.press(str(right))
        await until(pilot, lambda: not play.awaiting_read)
        await pilot.pause()  # laid out
    story = screen.query_one("#story", VerticalScroll)
    options = screen.query_one("#options", OptionList)
    for _ in range(30):  # as the player would: PgDn until the story's end
        if story.scroll_y >= story.max_scroll_y:
            break
        await pilot.press("pagedown")
        await pilot.pause()
    assert options.has_focus, "PgDn must scroll the story, not move the choices"
    last = last_sentence(scene.text)
    if last not in visible_text(app, story):
        problems.append(f"{scene.id}: the last sentence {last!r} never comes into view")
    for number, choice in enumerate(play.choices, 1):
        if number > 1:
            await pilot.press("down")
            await pilot.pause()
        shown = " ".join(f"{number} {reflow(choice.text)}".split())
        if shown not in visible_text(app, options):
            problems.append(f"{scene.id}: choice {number} cannot be read whole")
    app.pop_screen()
    await pilot.pause()
    return problems


async def test_every_bundled_scene_reads_whole_at_80x24_with_its_choices(app_for):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scenarios = app.library.scenarios
        assert scenarios
        problems: list[str] = []
        checked = 0
        for scenario in scenarios:
            for scene_id, scene in scenario.scenes.items():
                play = Playthrough.landing(scenario, scene_id)
                if not scene.choices or play.stuck:
                    continue  # a scene reached only with some state set: its choices differ
                problems += [f"{scenario.id}/{p}" for p in await check_scene(pilot, play)]
                checked += 1
        assert checked >= len(scenarios)  # every scenario had scenes to check
        assert not problems, "\n".join(problems)

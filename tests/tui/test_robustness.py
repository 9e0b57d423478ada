"""Text from YAML is shown as typed; resizing never breaks the game."""

from __future__ import annotations

import pytest

from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.help import HelpScreen
from eqtrainer.tui.screens.scene import SceneScreen

from .helpers import ready, screen_text, text_of, until

MARKUP_TITLE = "[b]Bold?[/b] [red]Red[/] [/] [link=x]l[/link] [@click=app.quit]q[/]"


def hostile_scenario(tmp_path):
    path = tmp_path / "hostile.yaml"
    long_text = " ".join(["This sentence is long so the story has to wrap and scroll."] * 40)
    path.write_text(
        f"""format: 1
id: hostile
title: '{MARKUP_TITLE}'
summary: '[/] a summary that closes a tag it never opened'
areas: [quality]
difficulty: 3
minutes: 5
cast:
  x: {{name: '[red]Mallory[/red]', role: '[/]role', trust: 40}}
start: open
scenes:
  open:
    speaker: x
    mood: '[blink]calm[/blink]'
    text: '{long_text} [/] \\x1b[31m'
    choices:
      - text: '[bold]Choose[/bold] me [/]'
        scores: {{strategy: 1}}
        why: '[@click=app.quit]Clicking here must not quit the game at all.[/]'
        goto: end
      - text: Or me.
        scores: {{strategy: -1}}
        why: A plain rationale for the plain option in the test.
        goto: end
endings:
  end: {{outcome: mixed, text: '[/][/][/]'}}
""",
        encoding="utf-8",
    )
    return path


async def test_markup_in_yaml_text_is_shown_literally(app_for, tmp_path):
    app = app_for(hostile_scenario(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        shown = screen_text(scene)
        assert MARKUP_TITLE in shown
        assert "[red]Mallory[/red] · [/]role" in shown
        assert "[blink]calm[/blink]" in shown
        assert "[bold]Choose[/bold] me [/]" in shown
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.pause()  # composed
        assert "[@click=app.quit]Clicking here" in screen_text(app.screen)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.pause()  # composed
        assert isinstance(app.screen, DebriefScreen)
        assert text_of(app.screen.query_one("#ending-text")) == "[/][/][/]"
        assert app.is_running


async def test_long_text_wraps_and_scrolls(app_for, tmp_path):
    app = app_for(hostile_scenario(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        story = app.screen.query_one("#story")
        assert story.max_scroll_y > 0
        assert app.screen.query_one("#text").size.width <= story.size.width
        story.scroll_end(animate=False)
        await pilot.pause()
        assert story.scroll_y == story.max_scroll_y


SIZES = [(80, 24), (40, 12), (200, 60), (20, 6), (100, 30), (80, 24)]


@pytest.mark.parametrize("step", range(6))
async def test_resizing_at_any_moment_never_crashes(app_for, fixtures, step):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    # the six moments, each a key or two and the screen each leads to
    keys = [
        [("enter", SceneScreen)],
        [("1", SceneScreen)],
        [("3", FeedbackScreen)],
        [("enter", SceneScreen)],
        [("question_mark", HelpScreen)],
        [("escape", SceneScreen), ("1", FeedbackScreen), ("enter", DebriefScreen)],
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down")
        for index, presses in enumerate(keys):
            if index == step:
                for width, height in SIZES:
                    await pilot.resize_terminal(width, height)
                    await pilot.pause()
            for key, leads_to in presses:
                await pilot.press(key)
                await until(pilot, lambda leads_to=leads_to: isinstance(app.screen, leads_to))
                await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, DebriefScreen)
        assert "Debrief" in text_of(app.screen.query_one("#debrief-title"))

"""The list of keys: whole at 80x24, and at 60x20 it says there is more and scrolls to it."""

from __future__ import annotations

from eqtrainer.tui.screens.help import KEYS, HelpScreen
from eqtrainer.tui.widgets.reading_pane import ReadingPane

from .helpers import ready, until


def drawn(app) -> str:
    """Every line of the screen as drawn, spaces collapsed."""
    return "\n".join(" ".join(s.text.split()) for s in app.screen._compositor.render_strips())


def lower_border(app, pane) -> str:
    strips = app.screen._compositor.render_strips()
    return strips[pane.region.bottom - 1].text


async def open_help(pilot, size):
    await pilot.resize_terminal(*size)
    await ready(pilot)
    await pilot.press("question_mark")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen.query_one("#keys"))
    await pilot.pause()  # laid out and drawn
    return app.screen.query_one("#keys", ReadingPane)


async def test_every_key_and_how_to_close_show_at_80x24_without_scrolling(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_help(pilot, (80, 24))
        screen = drawn(app)
        for section, keys in KEYS:
            assert section in screen
            for key, _ in keys:
                assert key in screen, key
        assert pane.max_scroll_y == 0
        border = lower_border(app, pane)
        assert "esc, ? or enter closes" in border and "more" not in border
        # the last meaning of each column, whole (a wrapped one reads as one line per row)
        assert "scroll through the" in screen and "high contrast" in screen


async def test_at_60x20_the_keys_say_there_is_more_and_scroll_to_the_debrief(app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = await open_help(pilot, (60, 20))
        assert pane.max_scroll_y > 0
        assert "▼ more: PgDn" in lower_border(app, pane)
        assert "Debrief" not in drawn(app)
        for _ in range(5):
            await pilot.press("pagedown")
            await pilot.pause()
        # scrolled and drawn (on a busy machine a moment after the last key)
        await until(
            pilot,
            lambda: (
                "scroll through the decisions" in drawn(app) and "▲ PgUp" in lower_border(app, pane)
            ),
        )
        assert "Debrief" in drawn(app) and "scroll through the decisions" in drawn(app)
        assert "▲ PgUp" in lower_border(app, pane)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))

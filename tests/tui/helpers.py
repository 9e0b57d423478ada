"""Reading what the game shows, for tests."""

from __future__ import annotations

import io

from rich.console import Console
from textual.content import Content
from textual.widgets import OptionList, Static


def text_of(widget) -> str:
    """The plain text a Static shows."""
    return str(widget.content if isinstance(widget, Static) else widget.render())


def screen_text(screen) -> str:
    """All the text of a screen's Statics, option lists and widgets that draw text, in
    document order."""
    parts = []
    for widget in screen.query("*"):
        if isinstance(widget, Static):
            parts.append(text_of(widget))
        elif isinstance(widget, OptionList):
            parts += [
                option_text(widget.get_option_at_index(i)) for i in range(widget.option_count)
            ]
        elif not widget.children and isinstance(rendered := widget.render(), Content):
            parts.append(str(rendered))  # a widget that draws its text to fit its width
        title = getattr(widget, "border_title", None)
        if title:
            parts.append(border_text(title))
    return "\n".join(parts)


def options_of(screen) -> list[str]:
    options = (
        screen.query_one("#options", OptionList)
        if screen.query("#options")
        else screen.query_one(OptionList)
    )
    return [option_text(options.get_option_at_index(i)) for i in range(options.option_count)]


def option_text(option) -> str:
    """What an option shows, rendered as text (a numbered choice is a Rich grid)."""
    prompt = option.prompt
    if isinstance(prompt, (str, Content)):
        return str(prompt)
    console = Console(width=400, record=True, file=io.StringIO(), color_system=None)
    console.print(prompt)
    return " ".join(console.export_text().split())


def border_text(title) -> str:
    """A border title as drawn: Textual keeps it as markup, with literal text escaped."""
    return title.plain if isinstance(title, Content) else Content.from_markup(str(title)).plain


async def ready(pilot) -> None:
    """Wait until the library has loaded (a worker does it after the first frame)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Wait for something the clock drives, without betting on how busy the machine is.

    A screen is current as soon as it is pushed, and has its widgets only once it has
    composed: a condition that queries one (`query_one`) is "not yet" until it is there.
    Its content, set as it mounts, may come a moment later: wait for that itself, or
    `await pilot.pause()` once the widget is there."""
    import time

    from textual.css.query import NoMatches

    def holds() -> bool:
        try:
            return bool(condition())
        except NoMatches:
            return False

    deadline = time.monotonic() + timeout
    while not holds():
        assert time.monotonic() < deadline, "the expected change never came"
        await pilot.pause(0.05)


def visible_text(app, widget) -> str:
    """What the player sees inside `widget` right now (the rendered screen, not the model),
    its lines joined and its spaces collapsed: text a wrap broke across lines reads whole."""
    strips = app.screen._compositor.render_strips()
    region = widget.scrollable_content_region
    lines = [strips[y].text[region.x : region.right] for y in range(region.y, region.bottom)]
    return " ".join(" ".join(lines).split())


async def play_1_2_2(pilot) -> None:
    """Read right, choose 2, then 2 again, through the feedback to the debrief."""
    from eqtrainer.tui.screens.debrief import DebriefScreen
    from eqtrainer.tui.screens.feedback import FeedbackScreen
    from eqtrainer.tui.screens.scene import SceneScreen

    app = pilot.app
    await pilot.pause()  # the scene shown
    await pilot.press("1", "2")
    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, SceneScreen))
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
    await pilot.pause()  # composed


def screen_rows(app) -> list[str]:
    """The rows of the screen as drawn, right now, trailing spaces dropped."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


async def leave_to_the_list(pilot) -> None:
    """q, wait for the question, y, and wait for the list: leaving a scenario as a player does."""
    from eqtrainer.tui.screens.confirm import ConfirmScreen
    from eqtrainer.tui.screens.home import HomeScreen

    app = pilot.app
    await pilot.press("q")
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # asked first
    await pilot.press("y")
    await until(pilot, lambda: isinstance(app.screen, HomeScreen))

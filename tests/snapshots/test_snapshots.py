"""The main screens at 80x24, pinned as SVG. Update on purpose with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app
from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.scene import SceneScreen
from tests.tui.helpers import ready, until

FIXTURES = Path(__file__).parent.parent / "fixtures"


def app(tmp_path, *names):
    paths = [str(FIXTURES / n) for n in names]
    return make_app(paths, settings=Settings(theme="dark"), data=tmp_path / "data")


def on(screen):
    return lambda app: isinstance(app.screen, screen)


def read_answered(app) -> bool:
    return isinstance(app.screen, SceneScreen) and not app.screen.play.awaiting_read


def keys(*steps):
    """Wait for the library to load, then press each step's keys and wait for what they lead
    to (a key pressed before the screen it is meant for is up would land on the one before)."""

    async def run_before(pilot):
        app = pilot.app
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, (HomeScreen, SceneScreen)))
        for pressed, arrived in steps:
            await pilot.press(*pressed)
            await until(pilot, lambda arrived=arrived: arrived(app))
        await pilot.pause()

    return run_before


def test_home(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml", "second.yaml"), run_before=keys(), terminal_size=(80, 24)
    )


def test_scene_with_read_question(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path, "mini-demo.yaml"), run_before=keys(), terminal_size=(80, 24))


def test_scene_choices_after_reading_the_room(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml"),
        run_before=keys((["1"], read_answered)),
        terminal_size=(80, 24),
    )


def test_feedback(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml"),
        run_before=keys((["1", "2"], on(FeedbackScreen))),
        terminal_size=(80, 24),
    )


def test_debrief(snap_compare, tmp_path):
    play = keys(
        (["1", "3"], on(FeedbackScreen)),
        (["enter"], on(SceneScreen)),
        (["1"], on(FeedbackScreen)),
        (["enter"], on(DebriefScreen)),
    )

    assert snap_compare(app(tmp_path, "mini-demo.yaml"), run_before=play, terminal_size=(80, 24))


def test_light_theme_debrief(snap_compare, tmp_path):
    light = make_app(
        [str(FIXTURES / "mini-demo.yaml")],
        settings=Settings(theme="light"),
        data=tmp_path / "data",
    )

    play = keys(
        (["2", "1"], on(FeedbackScreen)),
        (["enter"], on(SceneScreen)),
        (["2"], on(FeedbackScreen)),
        (["enter"], on(DebriefScreen)),
    )

    assert snap_compare(light, run_before=play, terminal_size=(80, 24))


def test_high_contrast_scene(snap_compare, tmp_path):
    contrast = make_app(
        [str(FIXTURES / "mini-demo.yaml")],
        settings=Settings(theme="contrast"),
        data=tmp_path / "data",
    )
    assert snap_compare(contrast, run_before=keys((["1"], read_answered)), terminal_size=(80, 24))


def test_scene_at_60x20_gives_the_story_the_room(snap_compare, tmp_path):
    """Narrow: the trust panel yields, the status moves to the story's border."""
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml"),
        run_before=keys((["1"], read_answered)),
        terminal_size=(60, 20),
    )


def test_home_at_100x30_gives_the_areas_the_room(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml", "second.yaml"), run_before=keys(), terminal_size=(100, 30)
    )

"""The main screens at 80x24, pinned as SVG. Update on purpose with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app

FIXTURES = Path(__file__).parent.parent / "fixtures"


def app(tmp_path, *names):
    paths = [str(FIXTURES / n) for n in names]
    return make_app(paths, settings=Settings(theme="dark"), data=tmp_path / "data")


def keys(*pressed):
    """Wait for the library to load, then press the keys."""

    async def run_before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pressed:
            await pilot.press(*pressed)
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
        app(tmp_path, "mini-demo.yaml"), run_before=keys("1"), terminal_size=(80, 24)
    )


def test_feedback(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml"), run_before=keys("1", "2"), terminal_size=(80, 24)
    )


def test_debrief(snap_compare, tmp_path):
    play = keys("1", "3", "enter", "1", "enter")

    assert snap_compare(app(tmp_path, "mini-demo.yaml"), run_before=play, terminal_size=(80, 24))


def test_light_theme_debrief(snap_compare, tmp_path):
    light = make_app(
        [str(FIXTURES / "mini-demo.yaml")],
        settings=Settings(theme="light"),
        data=tmp_path / "data",
    )

    play = keys("2", "1", "enter", "2", "enter")

    assert snap_compare(light, run_before=play, terminal_size=(80, 24))


def test_high_contrast_scene(snap_compare, tmp_path):
    contrast = make_app(
        [str(FIXTURES / "mini-demo.yaml")],
        settings=Settings(theme="contrast"),
        data=tmp_path / "data",
    )
    assert snap_compare(contrast, run_before=keys("1"), terminal_size=(80, 24))


def test_scene_at_60x20_gives_the_story_the_room(snap_compare, tmp_path):
    """Narrow: the trust panel yields, the status moves to the story's border."""
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml"), run_before=keys("1"), terminal_size=(60, 20)
    )


def test_home_at_100x30_gives_the_areas_the_room(snap_compare, tmp_path):
    assert snap_compare(
        app(tmp_path, "mini-demo.yaml", "second.yaml"), run_before=keys(), terminal_size=(100, 30)
    )

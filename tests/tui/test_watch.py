"""`eqtrainer play FILE --watch`: an author saves the file and sees the change in the game."""

from __future__ import annotations

import os

from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app
from eqtrainer.tui.screens.problems import ProblemsScreen
from eqtrainer.tui.screens.scene import SceneScreen
from eqtrainer.tui.widgets.title_bar import TitleBar

from .helpers import ready, screen_text, until

STORY = """\
format: 1
id: watched
title: Watched
summary: An author edits this while playing it.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
start: hallway
scenes:
  hallway:
    speaker: dana
    text: Dana stops you in the hallway.
    choices:
      - {text: Ask what the demo must prove., scores: {eq: 2}, why: Good., goto: office}
      - {text: Say yes at once., scores: {eq: -1}, why: Hasty., goto: bad-end}
  office:
    text: The office is quiet.
    choices:
      - {text: Write the estimate., scores: {eq: 1}, why: Good., goto: good-end}
      - {text: Go home., scores: {eq: 0}, why: Tired., goto: bad-end}
endings:
  good-end: {outcome: good, text: The demo goes well.}
  bad-end: {outcome: bad, text: The launch slips.}
"""


def save(path, text: str) -> None:
    """Save as an editor would, and make sure the change is seen even within one clock tick."""
    before = os.stat(path).st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def watching(tmp_path):
    path = tmp_path / "watched.yaml"
    path.write_text(STORY, encoding="utf-8")
    settings = Settings(theme="dark", hold_feedback=True)  # choices go straight on
    app = make_app([str(path)], settings=settings, data=tmp_path / "data", watch=True)
    return path, app


async def test_a_saved_edit_shows_at_the_scene_being_played(tmp_path):
    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SceneScreen)
        await pilot.press("1")  # to the office
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        save(path, STORY.replace("The office is quiet.", "The office smells of coffee."))
        await until(pilot, lambda: app.reloads == 1)
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.play.scene.id == "office"
        assert "The office smells of coffee." in screen_text(app.screen)
        # the choice made before the edit is kept: the history still fits the file
        assert [d.scene for d in app.screen.play.decisions] == ["hallway"]


async def test_errors_are_shown_in_the_game_until_the_file_is_fixed(tmp_path):
    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        save(path, STORY.replace("goto: office", "goto: ofice"))
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await until(pilot, lambda: "has 1 problem" in screen_text(app.screen))
        shown = screen_text(app.screen)
        assert f"{path} has 1 problem" in shown
        assert "Fix it in your editor and save" in shown and "Fix them" not in shown
        assert "error EQ300: goto `ofice` in choice 1 of scene `hallway`" in shown
        assert "did you mean `office`?" in shown
        save(path, STORY.replace("Dana stops you", "Dana catches you"))
        await until(pilot, lambda: app.reloads == 2)
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "Dana catches you in the hallway." in screen_text(app.screen)


async def test_a_scene_removed_by_the_edit_starts_over(tmp_path):
    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        edited = STORY.replace("goto: office", "goto: good-end").replace(
            STORY[STORY.index("  office:") : STORY.index("endings:")], ""
        )
        save(path, edited)
        await until(pilot, lambda: app.reloads == 1)
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.play.scene.id == "hallway"
        assert "Dana stops you in the hallway." in screen_text(app.screen)
        # and the author is told why the game jumped back
        await until(pilot, lambda: "Reloaded" in said(app))
        assert said(app) == "Reloaded watched.yaml: scene `office` is gone, so back to the start"


def said(app) -> str:
    """What the current screen's title bar shows."""
    return str(app.screen.query_one(TitleBar).query_one(".title").content)


async def test_two_problems_say_fix_them(tmp_path):
    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        save(path, STORY.replace("goto: office", "goto: ofice").replace("eq: -1", "eq: -3"))
        await until(pilot, lambda: "has 2 problems" in screen_text(app.screen))
        assert "Fix them in your editor and save" in screen_text(app.screen)


async def test_staying_at_the_scene_is_said_as_where_the_author_is(tmp_path):
    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        save(path, STORY.replace("The office is quiet.", "The office hums."))
        await until(pilot, lambda: "Reloaded" in said(app))
        assert said(app) == "Reloaded watched.yaml: at office"


def top_line(app) -> str:
    """The first row of the screen as drawn (the title bar, or the debrief's title), its
    runs of spaces collapsed: the title on the left, then what stands on the right."""
    return " ".join(app.screen._compositor.render_strips()[0].text.split())


async def test_watching_records_nothing_and_every_screen_says_so(tmp_path):
    # A draft being edited is not a player's progress (and a reload changes the story under
    # the playthrough): nothing goes into the results, and the author is told where they look.
    _path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert top_line(app) == "Watched scope draft: not recorded"
        await pilot.press("q")  # leaving asks, and says why nothing is kept
        await pilot.pause()
        assert screen_text(app.screen).splitlines()[0] == (
            "Leave this scenario? It is a draft you are watching, so your choices in it are "
            "not recorded."
        )
        await pilot.press("y")
        await until(pilot, lambda: app.screen is app.get_screen_if_home())
        assert (
            "Draft: not recorded. The game reloads watched.yaml each time you save it; nothing "
            "played here goes into your results."
        ) in screen_text(app.screen).splitlines()
        await pilot.press("enter")  # play it to the end
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("1")
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        await pilot.press("1")
        await until(pilot, lambda: "Debrief" in top_line(app))
        assert top_line(app) == "Debrief · Watched · ending: Good end (good)"
        assert (
            "Draft: not recorded. You are watching the file, so this playthrough is not in "
            "your results."
        ) in screen_text(app.screen).splitlines()
    assert not (tmp_path / "data" / "results.sqlite3").exists()


async def test_the_draft_note_stays_on_a_narrow_screen(tmp_path):
    _path, app = watching(tmp_path)
    async with app.run_test(size=(50, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SceneScreen)
        # the areas give way at this width; the note does not
        assert top_line(app) == "Watched draft: not recorded"


async def test_playing_without_watch_records_and_says_nothing_of_drafts(tmp_path):
    path = tmp_path / "watched.yaml"
    path.write_text(STORY, encoding="utf-8")
    settings = Settings(theme="dark", hold_feedback=True)
    app = make_app([str(path)], settings=settings, data=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert top_line(app) == "Watched scope"
        await pilot.press("1")
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        await pilot.press("1")
        await until(pilot, lambda: "Debrief" in top_line(app))
        assert "draft" not in screen_text(app.screen).lower()
    if app.progress is not None:
        app.progress.close()
    assert (tmp_path / "data" / "results.sqlite3").exists()


async def test_two_reloads_in_quick_succession_keep_the_game_open(tmp_path):
    # An editor that writes the file in two steps can be seen twice before the first
    # reloaded scene has drawn; the replaced scene's pending redraw must not crash the game.
    from eqtrainer.domain.loader import load_library

    path, app = watching(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await until(pilot, lambda: "The office is quiet." in screen_text(app.screen))
        library = load_library([str(path)])
        app._reloaded(library)
        app._reloaded(library)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert top_line(app) == "Reloaded watched.yaml: at office scope draft: not recorded"
    assert app.return_code is None

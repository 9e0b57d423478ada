"""What the player sees of the progress store: decisions kept as they are made, resume, a
file that cannot be used, a write that fails, and the profile."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

from textual.widgets import Static

from eqtrainer.domain.engine import Playthrough
from eqtrainer.domain.loader import load_file
from eqtrainer.store.progress import FILE_NAME, Progress, content_hash, default_player
from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app
from eqtrainer.tui.screens.confirm import ConfirmScreen
from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.profile import ProfileScreen
from eqtrainer.tui.screens.resume import ResumeScreen
from eqtrainer.tui.screens.scene import SceneScreen
from eqtrainer.tui.widgets.title_bar import TitleBar

from .helpers import leave_to_the_list, play_1_2_2, ready, screen_text, text_of, until


def kept(tmp_path, sql):
    db = sqlite3.connect(tmp_path / "data" / FILE_NAME)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


async def test_each_decision_is_kept_as_it_is_made_and_leaving_keeps_the_game(app_for, tmp_path):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("1")  # the read answer: kept at once, with where the game stands
        await until(pilot, lambda: not scene.play.awaiting_read)
        [(snapshot_read,)] = kept(
            tmp_path, "SELECT json_extract(snapshot, '$.read') FROM playthroughs"
        )
        assert snapshot_read == 0
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert kept(tmp_path, "SELECT number, scene, choice, band FROM decisions") == [
            (1, "hallway", 3, "Risky")
        ]
        assert kept(tmp_path, "SELECT player, status, scene FROM playthroughs") == [
            (default_player(), "playing", "pushback")
        ]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()  # composed
        assert "resume it from the list" in screen_text(app.screen)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: text_of(home.query_one("#resume")) != "")
        resume = text_of(home.query_one("#resume"))
        assert resume.startswith("r Resume “The [b]Mini[/b] Demo” · decision 2 · today ")
        trust_before = dict(app.unfinished[0].snapshot["trust"])
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the scene shown
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        assert scene.play.scene.id == "pushback" and dict(scene.play.trust) == trust_before
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert kept(tmp_path, "SELECT status, ending, decisions FROM playthroughs") == [
            ("finished", "shipped", 2)
        ]


async def test_starting_a_scenario_left_unfinished_asks_first(app_for, tmp_path):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
    # `eqtrainer play mini-demo.yaml` again: asks before anything else
    again = app_for()
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(again.screen, ResumeScreen))
        await pilot.pause()  # composed
        assert "You left “The [b]Mini[/b] Demo” unfinished at decision 2" in screen_text(
            again.screen
        )
        await pilot.press("n")  # start again
        await until(pilot, lambda: isinstance(again.screen, SceneScreen))
        assert isinstance(again.screen, SceneScreen) and again.screen.play.scene.id == "hallway"
    assert kept(tmp_path, "SELECT status FROM playthroughs ORDER BY id") == [
        ("abandoned",),
        ("playing",),
    ]


async def test_a_changed_scenario_file_is_said_and_offers_to_start_again(
    app_for, tmp_path, fixtures
):
    path = tmp_path / "mini.yaml"
    shutil.copy(fixtures / "mini-demo.yaml", path)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
    path.write_text(
        path.read_text(encoding="utf-8").replace("We cannot build", "We can't build"),
        encoding="utf-8",
    )
    again = app_for(path)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(again.screen, ResumeScreen))
        await pilot.pause()  # composed
        await pilot.press("r")  # resume: the file changed since
        await pilot.pause()
        shown = screen_text(again.screen)
        assert isinstance(again.screen, ResumeScreen)
        assert "has changed since you left it" in shown and "Start again?" in shown
        assert "Resume (r)" not in shown
        await pilot.press("n")
        await until(pilot, lambda: isinstance(again.screen, SceneScreen))
        assert isinstance(again.screen, SceneScreen) and not again.screen.play.decisions


async def test_a_damaged_results_file_turns_results_off_and_is_left_alone(tmp_path, fixtures):
    data = tmp_path / "data"
    data.mkdir()
    (data / FILE_NAME).write_bytes(b"not a database" * 300)
    before = hashlib.sha256((data / FILE_NAME).read_bytes()).hexdigest()
    app = make_app([str(fixtures / "mini-demo.yaml")], settings=Settings(), data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await play_1_2_2(pilot)  # the game plays on to the debrief
        assert "Debrief" in screen_text(app.screen)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()  # the list shown again
        notice = text_of(app.screen.query_one("#notice"))
        assert notice.startswith("Results are off: ") and str(data / FILE_NAME) in notice
        assert "\n" not in notice
    assert hashlib.sha256((data / FILE_NAME).read_bytes()).hexdigest() == before


async def test_a_write_that_fails_is_said_on_screen_and_in_the_log(app_for, tmp_path, caplog):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        blocker = sqlite3.connect(tmp_path / "data" / FILE_NAME, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        app.progress._db.execute("PRAGMA busy_timeout = 50")
        scene = app.screen
        try:
            await pilot.press("1")
            await until(pilot, lambda: not scene.play.awaiting_read)  # tried while locked
        finally:
            blocker.rollback()
            blocker.close()
        # said in the scene's title bar, not in a toast over the choices
        bar = str(app.screen.query_one(TitleBar).query_one(".title", Static).content)
        assert bar.startswith("Not saved (the read answer): could not save to"), bar
        assert not app._notifications
        assert any("the read answer failed" in r.getMessage() for r in caplog.records)


def seed(data, player, fixtures):
    """Finished playthroughs with known scores: mini-demo twice, the second fixture once."""
    store = Progress.open(data, player=player)
    mini = load_file(fixtures / "mini-demo.yaml").scenario
    second = load_file(fixtures / "second.yaml").scenario
    plays = [(mini, [0, 2, 0]), (second, [1]), (mini, [0, 1, 1]), (mini, [0, 0, 0])]
    for scenario, keys in plays:
        play = Playthrough(scenario, seed=1)
        ident = store.begin(play, player, None, content_hash(scenario.path))
        for key in keys:
            if play.awaiting_read:
                play.answer_read(key)
                store.save_state(ident, play)
            else:
                store.decided(ident, play, play.choose(key), 1.0)
        assert play.finished
    store.close()


def profile_app(tmp_path, fixtures, theme="dark", player=None):
    seed(tmp_path / "data", player or default_player(), fixtures)
    return make_app(
        [str(fixtures / "mini-demo.yaml"), str(fixtures / "second.yaml")],
        settings=Settings(theme=theme),
        data=tmp_path / "data",
        player=player,
    )


async def test_the_profile_shows_dimensions_areas_strengths_and_what_next(tmp_path, fixtures):
    app = profile_app(tmp_path, fixtures)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await pilot.pause()  # composed
        profile = app.screen
        assert isinstance(profile, ProfileScreen)
        assert [r.scenario for r in profile.profile.recent] == [
            "mini-demo",
            "second-fixture",
            "mini-demo",
            "mini-demo",
        ]
        # hand-worked from the four playthroughs: communication (60 + 0 + 100 + 40) / 4 = 50,
        # business value (33.3 + 0 + 100 + 66.7) / 4 = 50 (a tie: the first listed is weakest),
        # EQ (57.1 + 100 + 71.4) / 3 = 76.2 (the second fixture puts no EQ at stake)
        assert text_of(profile.query_one("#strengths")) == (
            "Strongest EQ 76%   Weakest Communication 50%   (over your last 4)"
        )
        # scope and stakeholders: mini-demo's three, (59 + 100 + 55.3) / 3 = 71.4; risk: one, 0
        assert text_of(profile.query_one("#areas")) == (
            "scope           3  71%      stakeholders    3  71%\nrisk            1   0%      "
        )
        # both played in the last five: the one played longest ago
        assert text_of(profile.query_one("#next")) == (
            "Next: A Second Fixture · enter plays it\n"
            "It trains communication, your weakest dimension; you played it longest ago."
        )
        chart = profile.query_one("#chart")
        assert chart.border_title.startswith("The four dimensions")
        for _ in range(3):  # every theme draws it
            app.next_theme()
            await pilot.pause()
            assert app.screen is profile
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_profile_says_so_when_nothing_is_finished_yet(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await leave_to_the_list(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await pilot.pause()  # composed
        assert "No finished playthroughs yet" in screen_text(app.screen)
        await pilot.press("enter")  # a gentle start is suggested, and enter plays it
        await until(pilot, lambda: isinstance(app.screen, (SceneScreen, ResumeScreen)))


async def test_the_player_and_workshop_named_are_kept_with_the_playthrough(tmp_path, fixtures):
    app = make_app(
        [str(fixtures / "mini-demo.yaml")],
        settings=Settings(),
        data=tmp_path / "data",
        player="Ana",
        workshop="ws-3",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
    assert kept(tmp_path, "SELECT player, workshop, decisions FROM playthroughs") == [
        ("Ana", "ws-3", 1)
    ]


async def test_an_authors_watch_session_records_nothing(tmp_path, fixtures):
    app = make_app(
        [str(fixtures / "mini-demo.yaml")], settings=Settings(), data=tmp_path / "data", watch=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert app.progress is None
    assert not (tmp_path / "data" / FILE_NAME).exists()

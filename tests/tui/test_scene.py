"""A scene: speaker, mood, trust, read question, choices, keys, mouse, timer, leaving."""

from __future__ import annotations

from eqtrainer.tui.screens.confirm import ConfirmScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.help import HelpScreen
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.scene import SceneScreen
from eqtrainer.tui.widgets.trust_meters import TrustMeters

from .helpers import border_text, options_of, ready, screen_text, text_of, until, visible_text


async def test_scene_shows_speaker_mood_trust_story_and_read_question_first(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        assert (
            border_text(scene.query_one("#story").border_title)
            == "Dana Whitfield · VP Sales, sponsor"
        )
        assert text_of(scene.query_one("#mood")) == "impatient, glancing at her phone"
        assert "The client demo is Friday." in text_of(scene.query_one("#text"))
        trust = text_of(scene.query_one(TrustMeters))
        assert "Dana" in trust and " 50" in trust and "Raj" in trust and " 70" in trust
        assert (
            text_of(scene.query_one("#question")) == "Read the room: What is Dana mostly feeling?"
        )
        assert options_of(scene) == [
            "1 Anxious about losing the client",
            "2 Angry at the team",
            "3 Indifferent",
        ]
        assert "decision 1" in text_of(scene.query_one("#status"))


async def test_answering_the_read_question_explains_it_then_offers_the_choices(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("2")
        await until(pilot, lambda: not scene.play.awaiting_read)
        result = text_of(scene.query_one("#read-result"))
        assert result.startswith("✗ Not quite.") and "nothing she says blames the team" in result
        assert text_of(scene.query_one("#question")) == "What do you do?"
        assert options_of(scene)[0] == "1 Say yes and add it to the sprint tonight."
        assert len(options_of(scene)) == 3


async def test_arrows_and_enter_choose_like_the_number_keys(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("enter")  # the first read answer, highlighted
        await until(pilot, lambda: not scene.play.awaiting_read)  # the choices are up
        await pilot.press("down", "enter")  # the second choice
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.pause()  # composed
        assert isinstance(app.screen, FeedbackScreen)
        assert "Ask what the demo must prove" in text_of(app.screen.query_one("#chosen"))


async def test_the_mouse_picks_a_choice(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("1")
        await until(pilot, lambda: not scene.play.awaiting_read)
        await pilot.pause()  # the choices laid out where the click lands
        await pilot.click("#options", offset=(5, 2))  # the third choice's line
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.pause()  # composed
        assert isinstance(app.screen, FeedbackScreen)
        assert "Remind her the scope is frozen." in text_of(app.screen.query_one("#chosen"))


async def test_a_number_that_is_not_on_offer_does_nothing(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("9")
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.play.awaiting_read


async def test_question_mark_lists_every_key(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()  # composed
        assert isinstance(app.screen, HelpScreen)
        keys = screen_text(app.screen)
        for key in ("1-9", "enter", "a / A", "r", "q", "f", "t", "PgUp PgDn"):
            assert key in keys
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))


async def test_q_asks_before_leaving_a_scenario_in_progress(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_timer_counts_down_and_takes_the_timeout_branch(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1")  # read right, then say yes: Raj's scene has a 30 s timer
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")  # past the feedback
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the next scene shown
        scene = app.screen
        assert isinstance(scene, SceneScreen) and scene.play.scene.id == "pushback"
        assert "0:30 left" in text_of(scene.query_one("#status"))
        scene.play.tick(28)  # rather than wait half a minute
        await until(pilot, lambda: "0:01 left" in text_of(scene.query_one("#status")))
        # the feedback screen, once it has drawn (it is pushed before it is composed)
        await until(
            pilot, lambda: isinstance(app.screen, FeedbackScreen) and app.screen.query("#band")
        )
        assert "Time ran out · Risky" in text_of(app.screen.query_one("#band"))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#debrief-title"))
        assert "ending: Slipped (bad)" in text_of(app.screen.query_one("#debrief-title"))


async def test_the_timer_waits_while_the_key_list_is_open(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        scene.play.tick(28)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        before = scene.play.time_left
        fired = scene.clock_ticks
        await until(pilot, lambda: scene.clock_ticks >= fired + 3)  # three seconds went by
        assert scene.play.time_left == before
        assert scene.play.scene.id == "pushback"


async def test_hidden_choices_are_not_offered(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "2")  # estimate_done is set, Raj trusts at 70
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the next scene shown
        assert options_of(app.screen) == [
            "1 Email the estimate to Dana.",
            "2 Walk Dana through it in person with Raj.",
        ]


async def test_a_scene_whose_choices_are_all_hidden_explains_and_reaches_the_debrief(
    app_for, tmp_path
):
    stuck = tmp_path / "stuck.yaml"
    stuck.write_text(
        """format: 1
id: stuck
title: Stuck
summary: All hidden.
areas: [risk]
difficulty: 1
minutes: 1
vars: {ready: false}
start: one
scenes:
  one:
    text: First.
    choices:
      - {text: Go on, scores: {strategy: 1}, why: It moves the story forward to the second scene., goto: two}
  two:
    text: Second.
    choices:
      - {text: Only when ready, if: ready, scores: {strategy: 1}, why: Only possible once everything is ready to go., goto: done}
endings:
  done: {outcome: good, text: Done.}
""",
        encoding="utf-8",
    )
    app = app_for(stuck)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the next scene shown
        assert "mistake in the scenario" in text_of(app.screen.query_one("#question"))
        await pilot.press("1")
        await until(pilot, lambda: app.screen.query("#debrief-title"))
        assert "ending: unfinished" in text_of(app.screen.query_one("#debrief-title"))


async def test_q_on_the_feedback_also_asks_before_leaving(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()
        await pilot.press("1", "2")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_timed_decision_says_so_before_its_clock_starts(app_for, monkeypatch):
    # The screen's one-second clock runs from when it mounted, not from when a scene shows:
    # its next tick may come any moment after the scene is up, and turn "starts in 3 s" into
    # "starts in 2 s" before the test reads it. It is held while the test reads the scene.
    clock = {"running": True}
    tick = SceneScreen._tick

    def held_tick(self) -> None:
        if clock["running"]:
            tick(self)

    monkeypatch.setattr(SceneScreen, "_tick", held_tick)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1")  # on to Raj's scene, which has a 30 s timer
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        clock["running"] = False
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the next scene shown
        scene = app.screen
        assert isinstance(scene, SceneScreen) and scene.play.scene.id == "pushback"
        ticks = scene.clock_ticks
        question = text_of(scene.query_one("#question"))
        assert "Timed: 0:30 to decide, the clock starts in 3 s" in question
        assert scene.play.time_left == 30  # not counting yet
        clock["running"] = True
        await until(pilot, lambda: "starts in" not in text_of(scene.query_one("#question")))
        # the warning's three seconds were not taken from the player's thirty
        counted = max(0, scene.clock_ticks - ticks - 3)
        assert scene.play.time_left in (30 - counted, 30 - counted - 1)
        await until(pilot, lambda: scene.play.time_left < 30)
        assert "left" in text_of(scene.query_one("#question"))


async def test_with_feedback_held_a_timeout_says_what_happened_before_the_debrief(app_for):
    from eqtrainer.tui.screens.debrief import DebriefScreen
    from eqtrainer.tui.screens.notice import NoticeScreen

    app = app_for(hold_feedback=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1")  # held feedback: straight on to Raj's timed scene
        await until(
            pilot,
            lambda: isinstance(app.screen, SceneScreen) and app.screen.play.scene.id == "pushback",
        )
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        scene.warning_left = 0
        scene.play.tick(29)
        # the notice, once it has drawn (it is pushed before it is composed)
        await until(
            pilot, lambda: isinstance(app.screen, NoticeScreen) and app.screen.query("#notice-text")
        )
        assert "Time ran out" in text_of(app.screen.query_one("#notice-text"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))


async def test_pgdn_scrolls_the_story_and_its_border_says_there_is_more(app_for, tmp_path):
    long = tmp_path / "long.yaml"
    story = " ".join(f"Sentence number {n} of a long story." for n in range(1, 40))
    long.write_text(
        f"""format: 1
id: long
title: Long
summary: A long scene.
areas: [risk]
difficulty: 1
minutes: 1
start: one
scenes:
  one:
    text: {story} The very last words.
    choices:
      - {{text: Go on, scores: {{strategy: 1}}, why: It moves the story on to its end., goto: done}}
      - {{text: Stop, scores: {{strategy: 0}}, why: It ends the story here without more., goto: done}}
endings:
  done: {{outcome: good, text: Done.}}
""",
        encoding="utf-8",
    )
    app = app_for(long)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        story = scene.query_one("#story")
        assert "more: PgDn" in border_text(story.border_subtitle)
        assert "PgUp/PgDn story" in text_of(scene.query_one("#hints"))
        assert "The very last words." not in visible_text(app, story)
        for _ in range(10):
            await pilot.press("pagedown")
        await until(pilot, lambda: "The very last words." in visible_text(app, story))
        assert "The very last words." in visible_text(app, story)
        assert "PgUp" in border_text(story.border_subtitle)
        assert scene.query_one("#options").highlighted == 0  # the choices did not move


async def test_at_60x20_the_side_panel_yields_and_every_choice_can_be_reached(app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("1")
        await until(pilot, lambda: not scene.play.awaiting_read)
        await pilot.pause()  # laid out
        assert not scene.query_one("#side").display or scene.query_one("#side").region.width == 0
        story = scene.query_one("#story")
        assert story.region.width == 60
        assert "decision 1" in border_text(story.border_subtitle)
        options = scene.query_one("#options")
        assert story.region.height >= options.region.height
        for number, text in enumerate(options_of(scene), 1):
            if number > 1:
                await pilot.press("down")
            await until(
                pilot, lambda text=text: " ".join(text.split()) in visible_text(app, options)
            )
            assert " ".join(text.split()) in visible_text(app, options)


async def test_the_key_list_wraps_a_long_meaning_under_itself_not_under_the_keys(app_for):
    app = app_for()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()  # composed and laid out
        meanings = list(app.screen.query(".meaning"))
        assert len({m.region.x for m in meanings if m.region.height}) == 1  # one column
        wrapped = [m for m in meanings if m.region.height > 1]
        assert wrapped  # at 60 columns some meanings take two lines, and stay in their column
        key_column = app.screen.query(".key").first()
        assert wrapped[0].region.x > key_column.region.x + len("ctrl+q, ctrl+c")


async def test_with_feedback_held_a_bare_enter_on_a_new_scene_confirms_nothing(app_for):
    app = app_for(hold_feedback=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        keys = visible_text(app, scene.query_one("#hints"))
        assert "↑↓ then enter" in keys and "enter confirm" not in keys
        await pilot.press("enter")  # the read question: nothing highlighted, nothing answered
        await pilot.pause()
        assert scene.play.awaiting_read
        await pilot.press("3")  # a number still answers at once
        await until(pilot, lambda: not scene.play.awaiting_read)
        await pilot.press("enter")  # habit after an answer: it must not confirm choice 1
        await pilot.pause()
        assert not scene.play.decisions and scene.play.scene.id == "hallway"
        await pilot.press("down")  # moving highlights the first choice; now enter confirms
        await until(pilot, lambda: "enter confirm" in visible_text(app, scene.query_one("#hints")))
        await pilot.press("enter")
        await until(pilot, lambda: len(scene.play.decisions) == 1)
        assert scene.play.scene.id == "pushback"
        await pilot.pause()  # the next scene shown, guarded again
        await pilot.press("enter")  # the next scene comes up guarded too
        await pilot.pause()
        assert len(scene.play.decisions) == 1


async def test_with_feedback_held_the_trust_meters_stay_as_at_the_start(app_for):
    app = app_for(hold_feedback=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        meters = scene.query_one(TrustMeters)
        before = visible_text(app, meters)
        assert "Dana" in before and " 50" in before and " 70" in before
        await pilot.press("3", "1")  # Dana +10, Raj -15: not shown until the debrief
        await until(pilot, lambda: len(scene.play.decisions) == 1)
        await pilot.pause()  # drawn
        assert scene.play.trust["dana"] == 60
        assert visible_text(app, meters) == before
        border = app.screen._compositor.render_strips()
        drawn = "\n".join(s.text for s in border)
        assert "Trust at the start" in drawn and "feedback held" in drawn


async def test_with_feedback_shown_the_trust_meters_move(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("3", "1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.pause()  # the next scene shown
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        assert " 60" in visible_text(app, scene.query_one(TrustMeters))

"""Whole playthroughs, from the list to the debrief, as a player drives them."""

from __future__ import annotations

from textual.widgets import OptionList

from eqtrainer.store.settings import Settings
from eqtrainer.tui.screens.debrief import DebriefScreen
from eqtrainer.tui.screens.feedback import FeedbackScreen
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.scene import SceneScreen
from eqtrainer.tui.widgets.decision_card import DecisionCard

from .helpers import play_1_2_2, ready, screen_text, text_of, until


async def test_feedback_names_the_band_all_four_dimensions_the_rationale_and_trust(app_for):
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")  # read right; remind her the scope is frozen
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.pause()  # composed
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        assert text_of(feedback.query_one("#band")) == "✗ Risky"
        scores = text_of(feedback.query_one("#scores"))
        for label, value in (
            ("Communication", "+0"),
            ("Strategy", "+1"),
            ("Business value", "-1"),
            ("EQ", "-1"),
        ):
            assert label in scores and value in scores.split(label)[1].split("\n")[0]
        assert "closes the conversation before she is heard" in text_of(feedback.query_one("#why"))
        assert text_of(feedback.query_one("#trust-changes")) == "Dana's trust -10"


async def test_a_whole_playthrough_shows_the_hand_computed_percentages(app_for):
    # Read right (EQ 1/1); hallway "scope is frozen": communication (0 - -1)/(2 - -1) = 1/3,
    # strategy (1 - -2)/4 = 3/4, business value (-1 - -1)/2 = 0/2, EQ (-1 - -1)/3 = 0/3;
    # pushback "smallest slice" is best everywhere: 2/2, 3/3, 1/1, 3/3.
    # Communication 3/5 = 60%, strategy 6/7 = 86%, business value 1/3 = 33%, EQ 4/7 = 57%;
    # overall, their mean: (60 + 85.7 + 33.3 + 57.1) / 4 = 59%.
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "3")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.pause()  # composed
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        title = text_of(debrief.query_one("#debrief-title"))
        assert title == "Debrief · The [b]Mini[/b] Demo · ending: Launched on time (good)"
        lines = text_of(debrief.query_one("#dimensions")).splitlines()
        shown = {line[:15].strip(): line.split()[-1] for line in lines}
        assert shown == {
            "Communication": "60%",
            "Strategy": "86%",
            "Business value": "33%",
            "EQ": "57%",
        }
        assert text_of(debrief.query_one("#tally")) == (
            "Overall 59% · Best in 1 of 2 · 1 risky · read the room: 1 of 1 right"
        )
        # "scope is frozen" cost Dana 10; asking Raj for the smallest slice gave him 10
        assert text_of(debrief.query_one("#trust-line")) == (
            "Trust, start → end: Dana 50 → 40 · Raj 70 → 80"
        )
        cards = list(debrief.query(DecisionCard))
        assert len(cards) == 2
        first = screen_text(cards[0])
        # named by what the player saw: the scene's title, else who spoke and how it began
        assert "Dana wants the export now" in first and "✗ Risky" in first
        assert "hallway" not in first
        assert "Remind her the scope is frozen." in first
        assert "Ask what the demo must prove" in first  # the expert's option, with its rationale
        assert "turns it into a decision she can own" in first
        second = screen_text(cards[1])
        assert "Raj Patel: Raj has heard." in second.split("\n")[0]  # no title: who and what
        assert "100%" in text_of(debrief.query_one("#explain"))  # what the bars mean, in words
        assert "✓ Best" in second and "best" not in second.split("Best")[1]


async def test_play_again_and_back_to_the_list_from_the_debrief(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "enter")  # "The [b]Mini[/b] Demo" sorts after "A Second Fixture"
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await play_1_2_2(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        assert isinstance(app.screen, SceneScreen) and app.screen.play.decisions == ()
        await play_1_2_2(pilot)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        rows = app.screen.query_one("#scenarios", OptionList)
        mini = str(rows.get_option_at_index(1).prompt)
        assert mini.rstrip().endswith("100%")  # the best result is remembered and shown
        assert str(rows.get_option_at_index(0).prompt).rstrip().endswith("-")


async def test_held_feedback_goes_straight_on_and_still_debriefs_everything(app_for):
    app = app_for(hold_feedback=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        scene = app.screen
        await pilot.press("2")
        await until(pilot, lambda: not scene.play.awaiting_read)
        assert not app.screen.query_one("#read-result").has_class("shown")
        await pilot.press("1")
        await until(pilot, lambda: scene.play.decisions != ())
        assert isinstance(app.screen, SceneScreen) and app.screen.play.scene.id == "pushback"
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.pause()  # composed
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert len(debrief.query(DecisionCard)) == 2
        shown = text_of(debrief.query_one("#dimensions"))
        assert "14%" in shown  # EQ 1/7, as `eqtrainer replay --choices 2,1,2` computes
        # the meters stayed at the start while playing: the debrief is where trust is seen
        # (hallway's first choice: Dana +10, Raj -15; the weekend: Raj -20)
        assert text_of(debrief.query_one("#trust-line")) == (
            "Trust, start → end: Dana 50 → 60 · Raj 70 → 35"
        )


async def test_f_and_t_change_and_remember_the_settings(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await until(pilot, lambda: "feedback held" in text_of(app.screen.query_one("#count")))
        assert "feedback held to the end" in text_of(app.screen.query_one("#count"))
        await pilot.press("t")
        await until(pilot, lambda: app.theme != "eq-dark")
        assert app.theme == "eq-light"
        await pilot.press("t")
        await until(pilot, lambda: app.theme != "eq-light")
        assert app.theme == "eq-contrast"
    saved = Settings.load()
    assert saved.hold_feedback is True and saved.theme == "contrast"

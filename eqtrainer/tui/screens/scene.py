"""A scene: who speaks and how they seem, the cast's trust, the story, then what to do."""

from __future__ import annotations

import time

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.engine import Playthrough
from ..text import plain
from ..widgets.key_hints import KeyHints
from ..widgets.title_bar import TitleBar
from ..widgets.trust_meters import TrustMeters

CHOOSE_HINTS = [
    ("1-9", "choose"),
    ("↑↓", "move"),
    ("enter", "confirm"),
    ("?", "keys"),
    ("q", "leave"),
]


class NumberedOption(Option):
    """A choice or an answer: its number, then its text wrapped with a hanging indent."""

    def __init__(self, number: int, text: str):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=len(str(number)), no_wrap=True)
        grid.add_column(ratio=1)
        # bold, not coloured: a colour could vanish on the highlighted row in some themes;
        # Text() is plain text, so markup in the scenario shows as typed
        grid.add_row(Text(str(number), style="bold"), Text(plain(text).plain))
        super().__init__(grid)


class SceneScreen(Screen):
    DEFAULT_CSS = """
    SceneScreen { layout: vertical; }
    TitleBar > .areas { color: $text-muted; }
    #body { height: 1fr; min-height: 6; }
    #story { width: 1fr; border: round $secondary; border-title-color: $text; padding: 0 1; }
    #mood { color: $text-muted; text-style: italic; margin-bottom: 1; }
    #side { width: 28; height: auto; }
    #status { padding: 0 1; height: auto; color: $text-muted; }
    #status.urgent { color: $error; text-style: bold; }
    #question { padding: 0 1; height: auto; text-style: bold; }
    #read-result { padding: 0 1; height: auto; display: none; }
    #read-result.shown { display: block; }
    #read-result.right { color: $success; }
    #read-result.wrong { color: $warning; }
    #options { height: auto; max-height: 50%; border: none; padding: 0 1; }
    """

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
        Binding("q", "leave", "leave"),
        Binding("question_mark", "app.help", "keys"),
    ]

    def __init__(self, play: Playthrough, hold_feedback: bool = False):
        super().__init__()
        self.play = play
        self.hold_feedback = hold_feedback
        self.clock_ticks = 0  # how often the clock has fired, shown or not (tests wait on it)
        self._scene_shown: str | None = None
        self._shown_at = time.monotonic()  # when this scene came up: the time a decision took

    def compose(self) -> ComposeResult:
        scenario = self.play.scenario
        yield TitleBar(
            plain(scenario.title), plain(" · ".join(scenario.areas)), context_classes="areas"
        )
        with Horizontal(id="body"):
            with VerticalScroll(id="story"):
                yield Static("", id="mood")
                yield Static("", id="text")
            with Vertical(id="side"):
                yield TrustMeters(scenario.cast, id="trust")
                yield Static("", id="status")
        yield Static("", id="read-result")
        yield Static("", id="question")
        yield OptionList(id="options")
        yield KeyHints(CHOOSE_HINTS, id="hints")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self.show_current()

    # -- showing the state -------------------------------------------------------
    def show_current(self) -> None:
        play = self.play
        if play.finished:
            self.app.finish_scenario(self)
            return
        scene = play.scene
        new_scene = scene.id != self._scene_shown
        if new_scene:
            self._shown_at = time.monotonic()
        self._scene_shown = scene.id
        if new_scene and not play.stuck:
            self.app.report("at", play)
        story = self.query_one("#story", VerticalScroll)
        if scene.speaker:
            member = play.scenario.cast[scene.speaker]
            story.border_title = plain(
                f"{member.name} · {member.role}" if member.role else member.name
            )
        else:
            story.border_title = None
        mood = self.query_one("#mood", Static)
        mood.update(plain(scene.mood or ""))
        mood.display = bool(scene.mood)
        self.query_one("#text", Static).update(plain(scene.text))
        self.query_one(TrustMeters).show(play.trust)
        if new_scene:
            story.scroll_home(animate=False)
            self.query_one("#read-result", Static).remove_class("shown")
        self._show_status()

        question = self.query_one("#question", Static)
        options = self.query_one("#options", OptionList)
        options.clear_options()
        if play.stuck:
            question.update(
                plain(
                    "None of the choices in this scene applies to your situation. "
                    "This is a mistake in the scenario, not yours."
                )
            )
            options.add_option(Option(plain("See the debrief of what you played"), id="stuck"))
        elif play.awaiting_read:
            question.update(plain(f"Read the room: {scene.read.prompt}"))
            options.add_options(
                [NumberedOption(i, o.text) for i, o in enumerate(scene.read.options, 1)]
            )
        else:
            question.update(plain("What do you do?"))
            options.add_options([NumberedOption(i, c.text) for i, c in enumerate(play.choices, 1)])
        options.highlighted = 0
        options.focus()

    def _show_status(self) -> None:
        status = self.query_one("#status", Static)
        parts = [f"decision {len(self.play.decisions) + 1}"]
        left = self.play.time_left
        if left is not None:
            seconds = max(0, round(left))
            parts.append(f"{seconds // 60}:{seconds % 60:02d} left")
        status.update(plain(" · ".join(parts)))
        status.set_class(left is not None and left <= 10, "urgent")

    # -- the clock ---------------------------------------------------------------
    def _tick(self) -> None:
        self.clock_ticks += 1
        # The engine keeps the time left; the screen lets it pass only while it is in front.
        if self.play.time_left is None or not self.is_active:
            return
        decision = self.play.tick(1.0)
        if decision is not None:
            self._after(decision)
        else:
            self._show_status()

    # -- the player's moves ------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._act(event.option_index)

    def action_pick(self, number: int) -> None:
        options = self.query_one("#options", OptionList)
        if 1 <= number <= options.option_count:
            self._act(number - 1)

    def _act(self, index: int) -> None:
        play = self.play
        if play.finished:
            return
        if play.stuck:
            self.app.finish_scenario(self)
            return
        if play.awaiting_read:
            answer = play.answer_read(index)
            self.app.record_read(play)
            result = self.query_one("#read-result", Static)
            verdict = "✓ You read it right." if answer.correct else "✗ Not quite."
            result.update(Content.assemble((verdict + " ", "bold"), plain(play.scene.read.why)))
            result.set_class(answer.correct, "right")
            result.set_class(not answer.correct, "wrong")
            result.set_class(not self.hold_feedback, "shown")
            self.show_current()
            return
        self._after(play.choose(index))

    def _after(self, decision) -> None:
        self.app.record_decision(self.play, decision, time.monotonic() - self._shown_at)
        self._scene_shown = None  # the next scene's clock starts when it shows, after feedback
        self.app.report("chose", self.play, decision.chosen)
        if self.app.paced:  # a paced workshop: wait for the room, then see how it chose
            from dataclasses import replace

            from .hold import HoldScreen

            pace = replace(self.app.pace_link.pace, stage="chosen")
            self.app.push_screen(
                HoldScreen(decision, self.play, pace), callback=lambda _: self.show_current()
            )
            return
        if self.hold_feedback:
            self.show_current()
            return
        from .feedback import FeedbackScreen

        def after_feedback(result: str | None) -> None:
            if result == "leave":
                self.app.pop_screen()
            else:
                self.show_current()

        self.app.push_screen(FeedbackScreen(decision, self.play), callback=after_feedback)

    def action_leave(self) -> None:
        self.app.ask_to_leave(self.app.pop_screen)

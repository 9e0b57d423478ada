"""A scene: who speaks and how they seem, the cast's trust, the story, then what to do.

The story scrolls on its own (PgUp/PgDn, the mouse wheel) while the choices keep the
focus, and its lower border says when there is more to read. On a narrow screen the side
panel (trust, status) gives its room to the story: the trust becomes one line under the
title, the status moves to the story's border. On a short screen the choices get the room
the story can spare, and a line under them says when some are still out of view.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.engine import Playthrough
from ...domain.scoring import Decision
from ..text import plain
from ..widgets.choice_list import ChoiceList
from ..widgets.key_hints import LIST_KEYS, KeyHints, hints_from
from ..widgets.reading_pane import ReadingPane
from ..widgets.title_bar import TitleBar
from ..widgets.trust_meters import TrustMeters, trust_summary
from .base import GameScreen

NARROW = 72  # below this width the side panel yields to the story
SHORT = 22  # below this height the choices take what the story can spare
STORY_LEAST = 5  # rows the story keeps on a short screen: its border and three lines
WARNING_SECONDS = 3  # a timed decision says so this long before its clock starts


class NumberedOption(Option):
    """A choice or an answer: its number, then its text wrapped with a hanging indent."""

    def __init__(self, number: int, text: str) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=len(str(number)), no_wrap=True)
        grid.add_column(ratio=1)
        # bold, not coloured: a colour could vanish on the highlighted row in some themes;
        # Text() is plain text, so markup in the scenario shows as typed
        grid.add_row(Text(str(number), style="bold"), Text(plain(text).plain))
        super().__init__(grid)


def clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class SceneScreen(GameScreen[None]):
    CSS_PATH = "scene.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "choose", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("pageup", "story_up", "story", key_display="PgUp/PgDn", priority=True),
        Binding("pagedown", "story_down", "story", show=False, priority=True),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "leave", "leave"),
    ]

    def __init__(self, play: Playthrough, hold_feedback: bool = False) -> None:
        super().__init__()
        self.play = play
        self.hold_feedback = hold_feedback
        self.clock_ticks = 0  # how often the clock has fired, shown or not (tests wait on it)
        self.first_words: tuple[str, float] | None = None  # said in its title bar once up
        self.warning_left = 0  # seconds before a timed decision's clock starts
        self._scene_shown: str | None = None
        self._question = ""  # what the choices answer: "What do you do?", a read question
        self._shown_at = time.monotonic()  # when this scene came up: the time a decision took
        self._trust_cells = 0  # how wide the one-line trust is: the rows it takes when narrow

    def compose(self) -> ComposeResult:
        scenario = self.play.scenario
        yield TitleBar(
            plain(scenario.title),
            plain(" · ".join(scenario.areas)),
            context_classes="areas",
            note=self.game.draft_note,  # `play FILE --watch`: the author sees it is not recorded
        )
        yield Static("", id="trust-line")  # shown where the side panel is not
        with Horizontal(id="body"):
            with ReadingPane(id="story"):
                yield Static("", id="mood")
                yield Static("", id="text")
                yield Static("", id="read-result")
            with Vertical(id="side"):
                yield TrustMeters(scenario.cast, id="trust")
                yield Static("", id="status")
        yield Static("", id="question")
        yield ChoiceList(id="options")
        yield Static("", id="choices-more")
        yield KeyHints([], id="hints")

    def on_mount(self) -> None:
        # the choices keep the focus; PgUp/PgDn and the wheel scroll the story
        self.query_one("#story", ReadingPane).can_focus = False
        if self.hold_feedback:
            trust = self.query_one(TrustMeters)
            trust.border_title = "Trust at the start"
            trust.border_subtitle = "feedback held"
        self._clock = self.set_interval(1.0, self._tick)
        self.show_current()
        if self.first_words is not None:  # said here, once its title bar surely exists
            message, seconds = self.first_words
            self.query_one(TitleBar).say(message, seconds)

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        self.set_class(width < NARROW, "narrow")
        self.set_class(height < SHORT, "short")
        options = self.query_one("#options", ChoiceList)
        if height < SHORT:
            # Every row the story can spare goes to the choices: the title, the keys, the
            # trust line, a question that wraps, the line saying more choices are hidden.
            trust_rows = -(-self._trust_cells // max(1, width - 2)) if width < NARROW else 0
            rows = height - 2 - trust_rows - 2 - 1 - STORY_LEAST
            options.styles.max_height = max(3, rows)
        else:
            options.styles.max_height = None  # the stylesheet's share
        self.call_after_refresh(self._show_more)

    def on_reading_pane_changed(self, event: ReadingPane.Changed) -> None:
        event.stop()
        self._show_more()

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        self._show_more()

    # -- showing the state -------------------------------------------------------
    def show_current(self) -> None:
        play = self.play
        scene = play.scene
        if play.finished or scene is None:
            self.game.finish_scenario(play)
            return
        new_scene = scene.id != self._scene_shown
        if new_scene:
            self._shown_at = time.monotonic()
            self._clock.reset()  # the scene's seconds count from now: "starts in 3 s" is 3 s
        self._scene_shown = scene.id
        if new_scene and not play.stuck:
            self.game.report("at", play)
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
        # with feedback held, moving meters would give the feedback away: they stay as at the
        # start (an empty mapping shows each person's starting trust), and say so
        trust = {} if self.hold_feedback else play.trust
        self.query_one(TrustMeters).show(trust)
        label = "Trust at the start" if self.hold_feedback else "Trust"
        summary = trust_summary(play.scenario.cast, trust, label)
        self._trust_cells = summary.cell_length
        self.query_one("#trust-line", Static).update(summary)
        if new_scene:
            story.scroll_home(animate=False)
            self.query_one("#read-result", Static).remove_class("shown")
            timed = play.time_left is not None and not play.stuck
            self.warning_left = WARNING_SECONDS if timed else 0

        options = self.query_one("#options", ChoiceList)
        options.clear_options()
        read = scene.read
        if play.stuck:
            self._question = (
                "None of the choices in this scene applies to your situation. "
                "This is a mistake in the scenario, not yours."
            )
            options.add_option(Option(plain("See the debrief of what you played"), id="stuck"))
        elif play.awaiting_read and read is not None:
            self._question = f"Read the room: {read.prompt}"
            options.add_options([NumberedOption(i, o.text) for i, o in enumerate(read.options, 1)])
        else:
            self._question = "What do you do?"
            options.add_options([NumberedOption(i, c.text) for i, c in enumerate(play.choices, 1)])
        # With feedback held no screen comes between decisions, so a habitual enter (meant as
        # "continue") would confirm choice 1 of the next scene: nothing is highlighted until
        # the player moves or presses a number.
        guarded = self.hold_feedback and not play.stuck
        options.highlighted = None if guarded else 0
        options.focus()
        self._show_status()
        self.call_after_refresh(self._show_more)

    def _status_text(self) -> str:
        parts = [f"decision {len(self.play.decisions) + 1}"]
        left = self.play.time_left
        if left is not None:
            parts.append(f"{clock(left)} left")
            if self.warning_left:
                parts.append(f"starts in {self.warning_left}")
        return " · ".join(parts)

    def _show_status(self) -> None:
        status = self.query_one("#status", Static)
        left = self.play.time_left
        status.update(plain(self._status_text()))
        status.set_class(left is not None and left <= 10, "urgent")
        question = self.query_one("#question", Static)
        line = self._question
        if left is not None and not self.play.stuck:
            if self.warning_left:
                line += (
                    f"  ⏱ Timed: {clock(left)} to decide, the clock starts in {self.warning_left} s"
                )
            else:
                line += f"  ⏱ {clock(left)} left"
        question.update(plain(line))
        question.set_class(left is not None and not self.play.stuck, "timed")
        self._show_more()

    def _show_more(self) -> None:
        """The story's lower border: the status on a narrow screen, and whether more is hidden;
        the line under the choices, whether some are; and the keys to reach what is."""
        if self not in self.app.screen_stack:
            # Queued by a resize, and the screen was replaced since (two quick reloads under
            # --watch): its widgets are being taken down, nothing is left to draw on.
            return
        story = self.query_one("#story", ReadingPane)
        parts = [self._status_text()] if self.has_class("narrow") else []
        more = story.more_sign()
        if more:
            parts.append(more)
        story.border_subtitle = plain(" · ".join(parts)) if parts else None
        options = self.query_one("#options", ChoiceList)
        choices_more = self.query_one("#choices-more", Static)
        sign = options.more_sign()
        choices_more.update(sign)
        choices_more.display = bool(sign)
        hidden = () if story.scrolls else ("story_up",)
        hints = hints_from(self.BINDINGS, hidden)
        # on a narrow screen the list's own keys (arrows, enter) make room for the rest
        keys = [] if self.has_class("narrow") else LIST_KEYS
        if options.hides_some:  # the arrows reach the choices out of view
            keys = [("↑↓", "choices" if self.has_class("narrow") else "more choices"), *keys[1:]]
        if options.highlighted is None:
            keys = [("↑↓", "then enter")]  # enter alone does nothing yet (feedback held)
        self.query_one(KeyHints).set_hints([hints[0], *keys, *hints[1:]])

    def action_story_up(self) -> None:
        self.query_one("#story", VerticalScroll).scroll_page_up(animate=False)

    def action_story_down(self) -> None:
        self.query_one("#story", VerticalScroll).scroll_page_down(animate=False)

    # -- the clock ---------------------------------------------------------------
    def _tick(self) -> None:
        self.clock_ticks += 1
        # The engine keeps the time left; the screen lets it pass only while it is in front,
        # and only once the player has been told the decision is timed.
        if self.play.time_left is None or not self.is_active:
            return
        if self.warning_left:
            self.warning_left -= 1
            self._show_status()
            return
        decision = self.play.tick(1.0)
        if decision is not None:
            self._after(decision)
        else:
            self._show_status()

    # -- the player's moves ------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_more()  # the keys: once a choice is highlighted, enter confirms it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._act(event.option_index)

    def action_pick(self, number: int) -> None:
        options = self.query_one("#options", ChoiceList)
        if 1 <= number <= options.option_count:
            self._act(number - 1)

    def _act(self, index: int) -> None:
        play = self.play
        if play.finished:
            return
        if play.stuck:
            self.game.finish_scenario(play)
            return
        read = play.scene.read if play.scene is not None else None
        if play.awaiting_read and read is not None:
            answer = play.answer_read(index)
            self.game.record_read(play)
            result = self.query_one("#read-result", Static)
            verdict = "✓ You read it right." if answer.correct else "✗ Not quite."
            result.update(Content.assemble((verdict + " ", "bold"), plain(read.why)))
            result.set_class(answer.correct, "right")
            result.set_class(not answer.correct, "wrong")
            result.set_class(not self.hold_feedback, "shown")
            self.show_current()
            if not self.hold_feedback:
                self.call_after_refresh(self._reveal_read_result)
            return
        self._after(play.choose(index))

    def _reveal_read_result(self) -> None:
        result = self.query_one("#read-result", Static)
        self.query_one("#story", VerticalScroll).scroll_to_widget(result, animate=False)

    def _after(self, decision: Decision) -> None:
        game = self.game
        game.record_decision(self.play, decision, time.monotonic() - self._shown_at)
        self._scene_shown = None  # the next scene's clock starts when it shows, after feedback
        game.report("chose", self.play, decision.chosen)
        link = game.pace_link
        if game.paced and link is not None:  # a paced workshop: wait for the room
            from dataclasses import replace

            from .hold import HoldScreen

            pace = replace(link.pace, stage="chosen")
            game.push_screen(
                HoldScreen(decision, self.play, pace), callback=lambda _: self.show_current()
            )
            return
        if self.hold_feedback:
            if decision.timed_out:
                from .notice import NoticeScreen

                game.push_screen(
                    NoticeScreen(
                        "⏱ Time ran out: you did not choose in time, so the story moved on "
                        "without you. The debrief shows what the expert would have done."
                    ),
                    callback=lambda _: self.show_current(),
                )
                return
            self.show_current()
            return
        from .feedback import FeedbackScreen

        def after_feedback(result: str | None) -> None:
            if result == "leave":
                game.pop_screen()
            else:
                self.show_current()

        game.push_screen(FeedbackScreen(decision, self.play), callback=after_feedback)

    def action_leave(self) -> None:
        game = self.game
        game.ask_to_leave(game.pop_screen)

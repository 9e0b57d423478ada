"""The library: every scenario with its areas, difficulty, time and the player's best."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.vocabulary import AREAS
from ..text import clip, percent, plain
from ..widgets.key_hints import KeyHints
from ..widgets.title_bar import TitleBar

# difficulty dots, minutes and best score, with the spaces between the columns
FIXED_COLUMNS = 3 + 8 + 5 + 2


def row(scenario, best: float | None, title_width: int = 27, areas_width: int = 24) -> Content:
    areas = clip(" · ".join(scenario.areas), areas_width)
    dots = "●" * scenario.difficulty + "○" * (3 - scenario.difficulty)
    score = percent(best)
    return Content.assemble(
        (f"{clip(scenario.title, title_width):<{title_width}} ", "bold"),
        (f"{areas:<{areas_width}} ", "$text-muted"),
        (dots, "$accent"),
        f" {scenario.minutes:>3g} min {score}",
    )


class HomeScreen(Screen):
    DEFAULT_CSS = """
    HomeScreen { layout: vertical; }
    #scenarios { height: 1fr; border: round $secondary; border-title-color: $text; margin: 0 0; }
    #scenarios:focus { border: round $primary; }
    #summary { height: 3; padding: 0 1; }
    #notice { height: auto; padding: 0 1; color: $warning; display: none; }
    #notice.shown { display: block; }
    #resume { height: auto; padding: 0 1; color: $accent; display: none; }
    #resume.shown { display: block; }
    """

    BINDINGS = [
        Binding("r", "resume", "resume"),
        Binding("p", "profile", "profile"),
        Binding("a", "next_area", "area filter"),
        Binding("A", "previous_area", "area filter back", show=False),
        Binding("f", "toggle_feedback", "feedback"),
        Binding("t", "next_theme", "theme"),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "app.quit", "quit"),
    ]

    area: reactive[str | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield TitleBar("eqtrainer", context_id="count")
        yield Static("", id="notice")
        yield Static("", id="resume")
        yield OptionList(id="scenarios")
        yield Static("", id="summary")
        yield KeyHints(
            [
                ("enter", "play"),
                ("p", "profile"),
                ("a", "area"),
                ("f", "feedback"),
                ("t", "theme"),
                ("?", "keys"),
                ("q", "quit"),
            ]
        )

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).border_title = "Filter: all areas"
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    @property
    def scenarios(self) -> list:
        library = self.app.library
        return [] if library is None else library.scenarios

    @property
    def shown(self) -> list:
        scenarios = sorted(self.scenarios, key=lambda s: s.title.lower())
        return [s for s in scenarios if self.area is None or self.area in s.areas]

    def show_loading(self, done: int, total: int) -> None:
        self.query_one("#count", Static).update(plain(f"loading {done}/{total} scenarios…"))

    def show_failure(self, message: str) -> None:
        self.query_one("#count", Static).update(plain("no scenarios"))
        notice = self.query_one("#notice", Static)
        notice.update(plain(message))
        notice.add_class("shown")

    def _show_problems(self) -> None:
        problems = [d for d in self.app.library.diagnostics if d.severity == "error"]
        notice = self.query_one("#notice", Static)
        if problems:
            files = len({d.file for d in problems})
            notice.update(
                plain(
                    f"{files} file{'s' * (files != 1)} could not be loaded; "
                    f"run `eqtrainer validate` on them to see why."
                )
            )
        off = self.app.results_off
        if off:
            notice.update(plain(f"Results are off: {off}"))
        notice.set_class(bool(problems) or bool(off), "shown")
        saved = self.app.resume_offer()
        resume = self.query_one("#resume", Static)
        if saved is not None:
            from .resume import where

            title = self.app.scenario(saved.scenario).title
            resume.update(plain(f"r  Resume “{title}” at {where(saved)}"))
        resume.set_class(saved is not None, "shown")

    def refresh_list(self) -> None:
        if self.app.library is None:
            self.query_one("#count", Static).update(plain("loading scenarios…"))
            return
        self._show_problems()
        options = self.query_one("#scenarios", OptionList)
        highlighted = options.highlighted
        best = self.app.best
        shown = self.shown
        # inside the border, padding and scrollbar; titles first, then areas get the rest
        inner = max(40, (self.size.width or 80) - 6)
        longest = max((len(s.title) for s in shown), default=12)
        title_width = max(12, min(longest, 40, inner - FIXED_COLUMNS - 16))
        areas_width = max(10, inner - FIXED_COLUMNS - title_width)
        options.clear_options()
        options.add_options(
            [Option(row(s, best.get(s.id), title_width, areas_width), id=s.id) for s in shown]
        )
        if shown:
            options.highlighted = min(highlighted or 0, len(shown) - 1)
        options.border_title = f"Filter: {self.area or 'all areas'}"
        total = len(self.scenarios)
        count = (
            f"{len(shown)} of {total} scenarios"
            if self.area
            else f"{total} scenario{'s' * (total != 1)}"
        )
        mode = "feedback held to the end · " if self.app.settings.hold_feedback else ""
        self.query_one("#count", Static).update(plain(mode + count))
        self.show_summary()
        if not total:
            self.query_one("#summary", Static).update(
                plain("No scenarios to play. Check the path you gave.")
            )

    def on_resize(self) -> None:
        self.refresh_list()

    def show_summary(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        summary = self.query_one("#summary", Static)
        shown = self.shown
        if options.highlighted is None or not shown:
            summary.update("")
            return
        scenario = shown[options.highlighted]
        summary.update(plain(scenario.summary))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_summary()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.app.start_scenario(event.option.id)

    def _cycle_area(self, step: int) -> None:
        present = [a for a in AREAS if any(a in s.areas for s in self.scenarios)]
        cycle = [None, *present]
        index = cycle.index(self.area) if self.area in cycle else 0
        self.area = cycle[(index + step) % len(cycle)]
        self.query_one("#scenarios", OptionList).highlighted = 0
        self.refresh_list()

    def action_next_area(self) -> None:
        self._cycle_area(1)

    def action_previous_area(self) -> None:
        self._cycle_area(-1)

    def action_toggle_feedback(self) -> None:
        self.app.toggle_hold_feedback()
        self.refresh_list()
        held = self.app.settings.hold_feedback
        self.notify(
            "Feedback is held back until the debrief."
            if held
            else "Feedback is shown after every choice."
        )

    def action_profile(self) -> None:
        self.app.show_profile()

    def action_resume(self) -> None:
        saved = self.app.resume_offer()
        if saved is not None:
            self.app.resume(saved)

    def action_next_theme(self) -> None:
        self.app.next_theme()

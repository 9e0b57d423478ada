"""The library: every scenario with its areas, difficulty, time and the player's best."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.model import Scenario
from ...domain.vocabulary import AREAS
from ..text import clip, percent, plain
from ..widgets.key_hints import KeyHints, hints_from
from ..widgets.title_bar import TitleBar
from .base import GameScreen

# the spaces after title and areas, then difficulty, minutes and best: " ●●○  9 min  98%"
FIXED_COLUMNS = 1 + 1 + 3 + 8 + 5
LEGEND = "●○○ easy … ●●● hard · best: your top score, - not played yet"
SHORT_LEGEND = "●○○ easy … ●●● hard · - not played"  # where the whole one would be cut


def fit_areas(areas: Sequence[str], width: int) -> str:
    """As many whole areas as fit, then how many more: `integration · cost +2`."""
    shown = " · ".join(areas)
    if len(shown) <= width:
        return shown
    for count in range(len(areas) - 1, 0, -1):
        text = f"{' · '.join(areas[:count])} +{len(areas) - count}"
        if len(text) <= width:
            return text
    return clip(shown, width)


def row(
    scenario: Scenario,
    best: float | None,
    title_width: int,
    areas_width: int,
    area: str | None = None,
) -> Content:
    """One scenario's line; with a filter on, its `area` comes first, so it is never the one
    left out as `+1`."""
    dots = "●" * scenario.difficulty + "○" * (3 - scenario.difficulty)
    areas = list(scenario.areas)
    if area in areas:
        areas = [area, *(a for a in areas if a != area)]
    return Content.assemble(
        (f"{clip(scenario.title, title_width):<{title_width}} ", "bold"),
        (f"{fit_areas(areas, areas_width):<{areas_width}} ", "$text-muted"),
        (dots, "$accent"),
        f" {scenario.minutes:>3g} min {percent(best)}",
    )


def header(title_width: int, areas_width: int) -> str:
    return f"{'Scenario':<{title_width}} {'Areas':<{areas_width}} Lvl    Time Best"


class HomeScreen(GameScreen[None]):
    CSS_PATH = "home.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "resume", show=False),  # offered in its own line when there is one
        Binding("p", "profile", "profile"),
        Binding("a", "next_area", "area"),
        Binding("A", "previous_area", "area filter back", show=False),
        Binding("f", "toggle_feedback", "feedback"),
        Binding("t", "next_theme", "theme"),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "app.quit", "quit"),
    ]

    area: reactive[str | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._flash = ""  # a short word in the title bar after f or t (never over the list)
        self._flash_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar("eqtrainer", context_id="count")
        yield Static("", id="notice")
        yield Static("", id="resume")
        yield Static("", id="columns")
        yield OptionList(id="scenarios")
        yield Static("", id="summary")
        yield KeyHints([("enter", "play"), *hints_from(self.BINDINGS)])

    def on_mount(self) -> None:
        options = self.query_one("#scenarios", OptionList)
        options.border_title = "Filter: all areas"
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    @property
    def scenarios(self) -> list[Scenario]:
        library = self.game.library
        return [] if library is None else list(library.scenarios)

    @property
    def shown(self) -> list[Scenario]:
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
        library = self.game.library
        diagnostics = [] if library is None else library.diagnostics
        problems = [d for d in diagnostics if d.severity == "error"]
        notice = self.query_one("#notice", Static)
        first: dict[str, str] = {}
        for problem in problems:  # each file once, with the first problem in it
            first.setdefault(problem.file, f"line {problem.line}: {problem.message}")
        if first:
            count = len(first)
            lines = [
                f"{count} file{'s' * (count != 1)} could not be loaded "
                "(`eqtrainer validate FILE` lists every problem):"
            ]
            lines += [f"{name}: {why}" for name, why in list(first.items())[:3]]
            if count > 3:
                lines.append(f"and {count - 3} more")
            notice.update(Content("\n").join(plain(line) for line in lines))
        off = self.game.results_off
        if off:
            notice.update(plain(f"Results are off: {off}"))
        draft = self.game.draft_note
        if draft and not first:
            watched = os.path.basename(self.game.paths[0]) if self.game.paths else "the file"
            notice.update(
                plain(
                    f"{draft[0].upper()}{draft[1:]}. The game reloads {watched} each time you "
                    "save it; nothing played here goes into your results."
                )
            )
        notice.set_class(bool(first) or bool(off) or bool(draft), "shown")
        saved = self.game.resume_offer()
        resume = self.query_one("#resume", Static)
        if saved is not None:
            from .resume import when

            # one line at any width: the title gives way (the scene's id said nothing to a
            # player, and the line wrapped at 80 columns)
            after = f" · decision {saved.decisions + 1} · {when(saved.updated_at)}"
            room = (self.size.width or 80) - 2 - len("r Resume “”") - len(after)
            title = clip(self.game.scenario(saved.scenario).title, max(8, room))
            resume.update(plain(f"r Resume “{title}”{after}"))
        resume.set_class(saved is not None, "shown")

    def refresh_list(self) -> None:
        if self.game.library is None:
            self.query_one("#count", Static).update(plain("loading scenarios…"))
            return
        self._show_problems()
        options = self.query_one("#scenarios", OptionList)
        highlighted = options.highlighted
        best = self.game.best
        shown = self.shown
        # inside the border, padding and scrollbar; titles first, then areas get the rest
        inner = max(40, (self.size.width or 80) - 6)
        longest = max((len(s.title) for s in shown), default=12)
        title_width = max(12, min(longest, 40, inner - FIXED_COLUMNS - 16))
        areas_width = max(10, inner - FIXED_COLUMNS - title_width)
        self.query_one("#columns", Static).update(header(title_width, areas_width))
        options.clear_options()
        options.add_options(
            [
                Option(row(s, best.get(s.id), title_width, areas_width, self.area), id=s.id)
                for s in shown
            ]
        )
        if shown:
            options.highlighted = min(highlighted or 0, len(shown) - 1)
        options.border_title = f"Filter: {self.area or 'all areas'}"
        # the border's corners and the spaces around the legend: 6 columns
        width = self.size.width or 80
        options.border_subtitle = LEGEND if len(LEGEND) + 6 <= width else SHORT_LEGEND
        total = len(self.scenarios)
        count = (
            f"{len(shown)} of {total} scenarios"
            if self.area
            else f"{total} scenario{'s' * (total != 1)}"
        )
        mode = "feedback held to the end · " if self.game.settings.hold_feedback else ""
        flash = f"{self._flash} · " if self._flash else ""
        self.query_one("#count", Static).update(plain(flash + mode + count))
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
        areas = " · ".join(sorted(scenario.areas, key=lambda a: a != self.area))
        summary.update(Content.assemble((f"{areas}: ", "$text-muted"), plain(scenario.summary)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_summary()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.game.start_scenario(event.option.id)

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

    def flash(self, message: str) -> None:
        """Say `message` in the title bar for a few seconds: no toast over the list."""
        self._flash = message
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(4, self._end_flash)
        self.refresh_list()

    def _end_flash(self) -> None:
        self._flash = ""
        self.refresh_list()

    def action_toggle_feedback(self) -> None:
        game = self.game
        game.toggle_hold_feedback()
        held = game.settings.hold_feedback
        # held back, the title bar already says so; the other way round, say it once
        self.flash("" if held else "feedback after each choice")

    def action_profile(self) -> None:
        self.game.show_profile()

    def action_resume(self) -> None:
        saved = self.game.resume_offer()
        if saved is not None:
            self.game.resume(saved)

    def action_next_theme(self) -> None:
        self.game.next_theme()
        self.flash(f"theme: {self.game.settings.theme}")

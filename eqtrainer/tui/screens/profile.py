"""The player's profile: the four dimensions over their last playthroughs as a chart, their
results per knowledge area, their strongest and weakest dimension, and what to play next."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ...domain.vocabulary import DIMENSION_LABELS, DIMENSIONS
from ...store.profile import RECENT, AreaResult, Profile, build_profile
from ...store.progress import Result, StoreUnavailable
from ..text import clip, percent, plain
from ..widgets.key_hints import KeyHints, hints_from
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ..app import EqTrainerApp

# one theme colour per dimension; where a theme gives two the same, the next one is used
DIMENSION_COLOURS = {
    "communication": ("primary",),
    "strategy": ("accent", "secondary"),
    "business_value": ("success",),
    "eq": ("error",),
}


def _label(dimension: str | None, profile: Profile) -> Content:
    if dimension is None:
        return Content("-")
    return Content.assemble(
        (DIMENSION_LABELS[dimension], "bold"), f" {percent(profile.means[dimension]).strip()}"
    )


CELL = 22  # "communications  12  71%": an area, how often played, its mean
GAP = 6  # between the two columns, where there is room for it


class AreaTable(Widget):
    """The knowledge areas in two columns where they fit side by side, else in one: never
    wider than the box they are drawn in."""

    def __init__(self, areas: tuple[AreaResult, ...], id: str | None = None) -> None:
        super().__init__(id=id)
        self.areas = areas

    def _cells(self) -> list[Content]:
        cells = []
        for area in self.areas:
            played = f"{area.played:>2}" if area.played else " -"
            cells.append(
                Content.assemble((f"{area.area:<15}", "bold"), f"{played} {percent(area.mean)}")
            )
        return cells

    @staticmethod
    def _gap(width: int) -> int | None:
        """The gap between two columns at this width; None when only one fits."""
        gap = min(GAP, width - 2 * CELL)
        return gap if gap >= 2 else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        count = len(self.areas)
        return (count + 1) // 2 if self._gap(width) is not None else count

    def render(self) -> Content:
        cells = self._cells()
        gap = self._gap(self.content_size.width)
        if gap is None:
            return Content("\n").join(cells)
        half = (len(cells) + 1) // 2
        rows = []
        for left, right in zip(cells[:half], [*cells[half:], Content("")], strict=False):
            rows.append(Content.assemble(left, " " * gap, right))
        return Content("\n").join(rows)


class ProfileScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "play_suggestion", "play suggestion"),
        Binding("escape,p,l", "back", "back"),
        Binding("question_mark", "app.help", "keys"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profile: Profile = build_profile([], [])
        self.problem: str | None = None
        self._history: list[Result] = []

    @property
    def game(self) -> EqTrainerApp:
        from ..app import EqTrainerApp

        app = self.app
        assert isinstance(app, EqTrainerApp)
        return app

    def compose(self) -> ComposeResult:
        app = self.game
        self._load()
        profile = self.profile
        played = len(self._history)
        yield TitleBar(
            "Profile",
            plain(f"{clip(app.player, 30)} · {played} finished"),
            context_id="who",
        )
        with VerticalScroll(id="profile"):
            if self.problem is not None:
                yield Static(plain(f"Results are off: {self.problem}"), id="off")
            if profile.recent:
                yield PlotextPlot(id="chart")
            else:
                yield Static(
                    plain(
                        "No finished playthroughs yet: play a scenario to the end to see "
                        "your four dimensions here."
                    ),
                    id="no-chart",
                )
            yield Static(self._strengths(profile), id="strengths")
            yield AreaTable(profile.areas, id="areas")
            yield Static(self._next(profile), id="next")
        yield KeyHints(hints_from(self.BINDINGS))

    def _load(self) -> None:
        app = self.game
        store = app.progress
        if store is None:
            self.problem = app.results_off or (
                "you are watching a draft (--watch), and nothing played then is recorded"
                if app.draft_note
                else "no results file"
            )
        else:
            try:
                self._history = store.history(app.player)
            except StoreUnavailable as exc:
                self.problem = str(exc)
        library = app.library
        self.profile = build_profile(self._history, [] if library is None else library.scenarios)

    def on_mount(self) -> None:
        if self.query("#chart"):
            chart = self.query_one("#chart", PlotextPlot)
            chart.border_title = (
                f"The four dimensions · last {len(self.profile.recent)} of {RECENT}"
            )
            self._draw(chart)
            self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw(chart))
        areas = self.query("#areas")
        if areas:
            areas.first().border_title = "By knowledge area · played · mean"

    def _draw(self, chart: PlotextPlot) -> None:
        profile = self.profile
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        variables = self.app.theme_variables
        used: set[str] = set()
        legend: list[Content] = []
        for dimension in DIMENSIONS:
            points = profile.series(dimension)
            if not points:
                continue
            colour = next(
                (variables[n] for n in DIMENSION_COLOURS[dimension] if variables[n] not in used),
                variables[DIMENSION_COLOURS[dimension][0]],
            )
            used.add(colour)
            xs, ys = zip(*points, strict=True)
            # no plotext label: its legend is drawn inside the plot, over the lines
            plt.plot(list(xs), list(ys), marker="braille", color=Color.parse(colour).rgb)
            legend.append(Content.assemble(("━ ", colour), DIMENSION_LABELS[dimension]))
        count = len(profile.recent)
        plt.xlim(0.8, count + 0.2 if count > 1 else 1.2)
        plt.ylim(0, 100)
        plt.yticks([0, 50, 100])
        plt.xticks(list(range(1, count + 1)))
        plt.xlabel("playthrough, oldest to newest")
        # the legend sits in the chart's lower border, where it hides no line
        chart.border_subtitle = Content("  ").join(legend)
        chart.refresh()

    def _strengths(self, profile: Profile) -> Content:
        if not profile.recent:
            return Content.assemble(
                ("Strongest and weakest dimension: ", "$text-muted"), "no scenarios played yet"
            )
        return Content.assemble(
            ("Strongest ", "$text-muted"),
            _label(profile.strongest, profile),
            ("   Weakest ", "$text-muted"),
            _label(profile.weakest, profile),
            (f"   (over your last {len(profile.recent)})", "$text-muted"),
        )

    def _next(self, profile: Profile) -> Content:
        if profile.suggestion is None:
            return plain(profile.reason)
        return Content.assemble(
            ("Next: ", "bold $accent"),
            plain(clip(profile.suggestion.title, 40)).stylize("bold"),
            (" · enter plays it", "$text-muted"),
            "\n",
            plain(profile.reason),
        )

    def action_play_suggestion(self) -> None:
        if self.profile.suggestion is not None:
            scenario_id = self.profile.suggestion.id
            self.app.pop_screen()
            self.game.start_scenario(scenario_id)

    def action_back(self) -> None:
        self.app.pop_screen()

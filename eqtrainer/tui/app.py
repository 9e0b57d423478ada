"""The Textual application: thin glue between the library, the screens and the stores."""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from ..store.paths import data_dir
from ..store.settings import Settings
from .pacing import PaceLink
from .screens.home import HomeScreen
from .themes import ORDER, THEMES

if TYPE_CHECKING:
    from ..domain.library import Library

# The scenario loader (and PyYAML), the results store (and sqlite3) and the playing screens
# are imported when first needed, so the list can draw its first frame sooner.

STARTED = time.perf_counter()
log = logging.getLogger("eqtrainer")


class EqTrainerApp(App):
    TITLE = "eqtrainer"
    CSS = """
    Screen { background: $background; }
    OptionList { background: $background; }
    OptionList > .option-list--option-highlighted { text-style: bold; }
    """
    # ctrl+c quits too: it is what people press in a terminal, and over SSH most of all
    BINDINGS = [Binding("ctrl+q,ctrl+c", "quit", "quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        paths: list[str],
        settings: Settings | None = None,
        results=None,
        open_first: bool = False,
    ):
        super().__init__()
        self.paths = paths
        self.library: Library | None = None  # loaded by a worker once the first frame is up
        self.best: dict[str, float] = {}
        self.settings = settings or Settings()
        self._results = results
        self.open_first = open_first
        self.player: str | None = None  # who plays: the OS user unless the server names them
        self.workshop: str | None = None  # the workshop this game belongs to, if any
        self.pace_link = PaceLink.from_environment(self._heard)
        self._pending_start: tuple[str, str | None] | None = None
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme].name

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    @property
    def results(self):
        if self._results is None:
            from ..store.results import Results

            self._results = Results()
        return self._results

    def on_mount(self) -> None:
        log.info("first screen mounted %.3fs after import", time.perf_counter() - STARTED)
        self.run_worker(self._load_library, thread=True, name="load library", exit_on_error=False)
        if self.pace_link is not None:
            self.run_worker(self.pace_link.connect(), name="pacing link", exit_on_error=False)

    # -- a workshop's pace (only when the SSH server started this game) -----------
    @property
    def paced(self) -> bool:
        return self.pace_link is not None and self.pace_link.pace.paced

    def _heard(self, message: dict[str, Any]) -> None:
        from .screens.hold import HoldScreen

        if message.get("op") == "start":
            self._pending_start = (str(message["scenario"]), message.get("scene"))
            if self.library is not None:
                self._start_for_room()
        elif message.get("op") == "pace" and self.pace_link is not None:
            screen = self.screen
            if isinstance(screen, HoldScreen):
                screen.update_pace(self.pace_link.pace)

    def _start_for_room(self) -> None:
        """The facilitator started a scenario for everyone: leave what is open and play it."""
        from ..domain.engine import Playthrough
        from .screens.scene import SceneScreen

        if self._pending_start is None or self.library is None:
            return
        scenario_id, scene = self._pending_start
        self._pending_start = None
        scenario = next((s for s in self.library.scenarios if s.id == scenario_id), None)
        if scenario is None:
            self.notify(f"The facilitator started `{scenario_id}`, which this game does not have.")
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        play = Playthrough.landing(scenario, scene) if scene else Playthrough(scenario)
        self.push_screen(SceneScreen(play, self.settings.hold_feedback))

    def report(self, event: str, play: Any, index: int | None = None) -> None:
        """Tell the workshop server where this player is: at a decision, chose, ended."""
        link = self.pace_link
        if link is None:
            return
        scenario = play.scenario.id
        if event == "at" and play.scene is not None:
            self.run_worker(link.at(scenario, play.scene.id, len(play.choices)))
        elif event == "chose" and index is not None:
            last = play.decisions[-1]
            self.run_worker(link.chose(scenario, last.scene, index, len(last.offered)))
        elif event == "ended" and play.ending is not None:
            self.run_worker(link.ended(scenario, play.ending.id))

    # -- loading the library, off the UI thread ----------------------------------
    def _load_library(self) -> None:
        from ..domain.loader import load_library

        def progress(done: int, total: int) -> None:
            if total >= 50 and (done % 25 == 0 or done == total):
                self.call_from_thread(self._loading, done, total)

        try:
            library = load_library(self.paths, on_progress=progress)
        except (
            Exception
        ) as exc:  # a bug, not bad input: say so on screen, keep the traceback in the log
            log.exception("loading the library failed")
            self.call_from_thread(self._load_failed, exc)
            return
        best = self.results.best()
        self.call_from_thread(self._loaded, library, best)

    def _load_failed(self, error: Exception) -> None:
        home = self.get_screen_if_home()
        if home is not None:
            home.show_failure(
                f"The scenarios could not be loaded ({type(error).__name__}: {error}). "
                f"This is a bug in eqtrainer; the details are in {data_dir() / 'eqtrainer.log'}."
            )

    def _loading(self, done: int, total: int) -> None:
        home = self.get_screen_if_home()
        if home is not None:
            home.show_loading(done, total)

    def _loaded(self, library, best: dict[str, float]) -> None:
        self.library = library
        self.best = best
        log.info(
            "library loaded: %d scenarios, %.3fs after import",
            len(library.scenarios),
            time.perf_counter() - STARTED,
        )
        home = self.get_screen_if_home()
        if home is not None:
            home.refresh_list()
        if self.open_first and len(library.scenarios) == 1:
            self.start_scenario(library.scenarios[0].id)
        self._start_for_room()

    def get_screen_if_home(self) -> HomeScreen | None:
        home = self.screen_stack[0] if self.screen_stack else None
        return home if isinstance(home, HomeScreen) else None

    # -- moving between screens --------------------------------------------------
    def scenario(self, scenario_id: str):
        scenarios = self.library.scenarios if self.library is not None else []
        return next(s for s in scenarios if s.id == scenario_id)

    def start_scenario(self, scenario_id: str) -> None:
        from ..domain.engine import Playthrough
        from .screens.scene import SceneScreen

        self.push_screen(
            SceneScreen(Playthrough(self.scenario(scenario_id)), self.settings.hold_feedback)
        )

    def finish_scenario(self, scene) -> None:
        from .screens.debrief import DebriefScreen

        play = scene.play
        self.report("ended", play)
        if play.ending is not None:
            self.results.record(
                play.scenario.id,
                play.seed,
                play.ending.id,
                play.ending.outcome,
                play.keys(),
                play.scores(),
            )
            self.best = self.results.best()
        self.switch_screen(DebriefScreen(play))

    def replay_scenario(self, scenario) -> None:
        from ..domain.engine import Playthrough
        from .screens.scene import SceneScreen

        self.switch_screen(SceneScreen(Playthrough(scenario), self.settings.hold_feedback))

    def ask_to_leave(self, leave) -> None:
        """Ask before leaving a scenario in progress; call `leave()` on yes."""
        from .screens.confirm import ConfirmScreen

        question = "Leave this scenario? Your choices in it will not be kept."
        self.push_screen(
            ConfirmScreen(question), callback=lambda confirmed: leave() if confirmed else None
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- preferences -------------------------------------------------------------
    def toggle_hold_feedback(self) -> None:
        self.settings.hold_feedback = not self.settings.hold_feedback
        self.settings.save()

    def next_theme(self) -> None:
        name = ORDER[(ORDER.index(self.settings.theme) + 1) % len(ORDER)]
        self.settings.theme = name
        self.theme = THEMES[name].name
        self.settings.save()
        self.notify(f"Theme: {name}")


def _log_to_file() -> None:
    """Textual owns the terminal, so the app logs to a file, never to stdout or stderr."""
    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(folder / "eqtrainer.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def make_app(
    paths: list[str],
    theme: str | None = None,
    hold_feedback: bool | None = None,
    settings: Settings | None = None,
    results=None,
    watch: bool = False,
) -> EqTrainerApp:
    """The app on the scenarios below `paths`; tests build it the same way. With `watch`,
    the one scenario file is reloaded whenever it is saved (tui/watch.py)."""
    settings = settings or Settings.load()
    if theme is not None:
        settings.theme = theme
    if hold_feedback is not None:
        settings.hold_feedback = hold_feedback
    if theme is not None or hold_feedback is not None:
        settings.save()
    single = len(paths) == 1 and os.path.isfile(paths[0])
    if watch:
        from .watch import WatchingApp

        return WatchingApp([str(p) for p in paths], settings, results, open_first=single)
    return EqTrainerApp([str(p) for p in paths], settings, results, open_first=single)


def run(
    paths: list[str],
    theme: str | None = None,
    hold_feedback: bool | None = None,
    player: str | None = None,
    workshop: str | None = None,
    watch: bool = False,
) -> int:
    """Play. `player` and `workshop` name who plays where (the SSH server sets them)."""
    _log_to_file()
    app = make_app(paths, theme, hold_feedback, watch=watch)
    app.player = player
    app.workshop = workshop
    app.run()
    return app.return_code or 0

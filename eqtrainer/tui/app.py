"""The Textual application: thin glue between the library, the screens and the stores."""

from __future__ import annotations

import logging
import os
import time

from textual.app import App
from textual.binding import Binding

from ..domain.engine import Playthrough
from ..domain.loader import Library, load_library, scenario_files
from ..domain.model import Scenario
from ..store.paths import data_dir
from ..store.results import Results
from ..store.settings import Settings
from .screens.debrief import DebriefScreen
from .screens.home import HomeScreen
from .screens.scene import SceneScreen
from .themes import ORDER, THEMES

STARTED = time.perf_counter()
log = logging.getLogger("eqtrainer")


class EqTrainerApp(App):
    TITLE = "eqtrainer"
    CSS = """
    Screen { background: $background; }
    OptionList { background: $background; }
    OptionList > .option-list--option-highlighted { text-style: bold; }
    """
    BINDINGS = [Binding("ctrl+q", "quit", "quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, library: Library, settings: Settings | None = None, results: Results | None = None,
                 open_first: bool = False):
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.results = results or Results()
        self.open_first = open_first
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme].name

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        log.info("first screen mounted %.3fs after import", time.perf_counter() - STARTED)
        if self.open_first and len(self.library.scenarios) == 1:
            self.start_scenario(self.library.scenarios[0].id)

    # -- moving between screens --------------------------------------------------
    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.library.scenarios if s.id == scenario_id)

    def start_scenario(self, scenario_id: str) -> None:
        self.push_screen(SceneScreen(Playthrough(self.scenario(scenario_id)), self.settings.hold_feedback))

    def finish_scenario(self, scene: SceneScreen) -> None:
        play = scene.play
        if play.ending is not None:
            self.results.record(play.scenario.id, play.seed, play.ending.id, play.ending.outcome,
                                play.keys(), play.scores())
        self.switch_screen(DebriefScreen(play))

    def replay_scenario(self, debrief: DebriefScreen, scenario: Scenario) -> None:
        self.switch_screen(SceneScreen(Playthrough(scenario), self.settings.hold_feedback))

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


def make_app(paths: list[str], theme: str | None = None, hold_feedback: bool | None = None,
             settings: Settings | None = None, results: Results | None = None) -> EqTrainerApp:
    """The app on the scenarios below `paths`; tests build it the same way."""
    settings = settings or Settings.load()
    if theme is not None:
        settings.theme = theme
    if hold_feedback is not None:
        settings.hold_feedback = hold_feedback
    if theme is not None or hold_feedback is not None:
        settings.save()
    library = load_library(paths)
    single = len(paths) == 1 and os.path.isfile(paths[0]) and len(scenario_files(paths)) == 1
    return EqTrainerApp(library, settings, results, open_first=single)


def run(paths: list[str], theme: str | None = None, hold_feedback: bool | None = None) -> int:
    _log_to_file()
    app = make_app(paths, theme, hold_feedback)
    app.run()
    return app.return_code or 0

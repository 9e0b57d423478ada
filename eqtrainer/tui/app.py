"""The Textual application: thin glue between the library, the screens and the stores."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ..store.paths import data_dir
from ..store.progress import Progress, StoreUnavailable, StoreWriteError, Unfinished, default_player
from ..store.settings import Settings
from .pacing import PaceLink
from .screens.home import HomeScreen
from .themes import ORDER, THEMES

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..domain.engine import Playthrough
    from ..domain.library import Library
    from ..domain.model import Scenario

# The scenario loader (and PyYAML), the results store (and sqlite3) and the playing screens
# are imported when first needed, so the list can draw its first frame sooner.

STARTED = time.perf_counter()
log = logging.getLogger("eqtrainer")


class EqTrainerApp(App[None]):
    TITLE = "eqtrainer"
    # Textual loads a pushed screen's CSS_PATH itself, but not the default screen's:
    # the home screen's file is loaded here, with the app's own.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/home.tcss"]
    # ctrl+c quits too: it is what people press in a terminal, and over SSH most of all
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q,ctrl+c", "quit", "quit", show=False, priority=True)
    ]
    ENABLE_COMMAND_PALETTE = False
    # Said on the playing screens when nothing played is recorded (`play FILE --watch`).
    draft_note: ClassVar[str] = ""

    def __init__(
        self,
        paths: list[str],
        settings: Settings | None = None,
        results: Progress | None = None,
        open_first: bool = False,
        data: str | os.PathLike[str] | None = None,
        player: str | None = None,
        workshop: str | None = None,
    ):
        super().__init__()
        self.paths = paths
        self.library: Library | None = (
            None  # loaded by a worker once the first frame is up; see on_mount
        )
        self.best: dict[str, float] = {}
        self.settings = settings or Settings()
        self.data_dir = data_dir(data)
        # The progress store: opened by the loading worker; None with `results_off` saying why.
        self.progress: Progress | None = results
        self.results_off: str | None = None
        self.unfinished: list[Unfinished] = []  # the player's playthroughs that can be resumed
        self.record_id: int | None = None  # the playing playthrough's row in the store
        self.open_first = open_first
        self.player: str = player or default_player()  # the server names each participant
        self.workshop: str | None = workshop  # the workshop this game belongs to, if any
        self.pace_link = PaceLink.from_environment(self._heard)
        self._pending_start: tuple[str, str | None, bool] | None = None
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme].name

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        log.info("first screen mounted %.3fs after import", time.perf_counter() - STARTED)
        self.run_worker(self._load_library, thread=True, name="load library", exit_on_error=False)
        if self.pace_link is not None:
            self.run_worker(self.pace_link.connect(), name="pacing link", exit_on_error=False)
        if self.workshop is not None:
            # The name as the room sees it (made safe, perhaps numbered): said, never styled.
            self.call_after_refresh(self._welcome_on_the_list)  # once the list's bar is there

    def _welcome(self) -> str:
        # The name as the room sees it (made safe, perhaps numbered): said, never styled.
        return f"Welcome, {self.player}. Your decisions are kept under this name."

    def _welcome_on_the_list(self) -> None:
        """Said on the list; a game the room has already taken into a scene says its own."""
        if self.screen is self.get_screen_if_home():
            self.say(self._welcome(), 10)

    def say(self, message: str, seconds: float = 6, error: bool = False) -> None:
        """A short message in the current screen's title bar (never a toast over the
        choices or the list); a toast only on a screen without a title bar."""
        from .widgets.title_bar import TitleBar

        bars = self.screen.query(TitleBar)
        if bars:
            bars.first().say(message, seconds, error)
        else:
            self.notify(message, severity="error" if error else "information", markup=False)

    # -- a workshop's pace (only when the SSH server started this game) -----------
    @property
    def paced(self) -> bool:
        return self.pace_link is not None and self.pace_link.pace.paced

    def _heard(self, message: dict[str, Any]) -> None:
        from .screens.hold import HoldScreen

        if message.get("op") == "start":
            self._pending_start = (
                str(message["scenario"]),
                message.get("scene"),
                bool(message.get("joining")),
            )
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
        scenario_id, scene, joining = self._pending_start
        self._pending_start = None
        scenario = next((s for s in self.library.scenarios if s.id == scenario_id), None)
        if scenario is None:
            self.say(f"The facilitator started `{scenario_id}`, which this game does not have.")
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if joining and self._resume_in_workshop(scenario):
            return  # back after a drop: their own path, where they left it
        play = Playthrough.landing(scenario, scene) if scene else Playthrough(scenario)
        self._begin(play)
        landed = SceneScreen(play, self.settings.hold_feedback)
        if joining:  # straight into the room's scenario: the list's welcome was never seen
            landed.first_words = (self._welcome(), 10)
        self.push_screen(landed)

    def _resume_in_workshop(self, scenario: Any) -> bool:
        """A participant back in a paced room (a dropped connection, a closed lid) plays on
        from their own scene, trust and choices, rather than landing afresh where the room
        is: the room already knows their votes. Only a playthrough of this workshop counts,
        and only if the scenario has not changed since."""
        from ..domain.engine import Playthrough, RestoreError
        from ..store.progress import content_hash
        from .screens.scene import SceneScreen

        saved = next(
            (
                u
                for u in self.unfinished
                if u.scenario == scenario.id and self.workshop and u.workshop == self.workshop
            ),
            None,
        )
        if saved is None or saved.content_hash not in (None, content_hash(scenario.path)):
            return False
        try:
            play = Playthrough.restore(scenario, saved.snapshot)
        except RestoreError as exc:
            log.warning("resume of playthrough %s in the workshop refused: %s", saved.id, exc)
            return False
        self.record_id = saved.id
        self.unfinished = [u for u in self.unfinished if u.id != saved.id]
        back = SceneScreen(play, self.settings.hold_feedback)
        back.first_words = (f"Welcome back, {self.player}: you are where you left off.", 10)
        self.push_screen(back)
        return True

    def report(self, event: str, play: Any, index: int | None = None) -> None:
        """Tell the workshop server where this player is: at a decision, chose, ended."""
        link = self.pace_link
        if link is None:
            return
        scenario = play.scenario.id
        # choices are counted as the scene lists them, not as this player saw them: a
        # condition may hide an earlier choice from one player and not from another
        if event == "at" and play.scene is not None:
            scene = play.scene
            offered = [scene.position(choice) for choice in play.choices]
            self.run_worker(link.at(scenario, scene.id, len(scene.choices), offered))
        elif event == "chose" and index is not None:
            last = play.decisions[-1]
            scene = play.scenario.scenes[last.scene]
            where = scene.position(last.offered[index])
            self.run_worker(link.chose(scenario, last.scene, where, len(scene.choices)))
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
        self._open_store()
        best, unfinished = self._read_records()
        self.call_from_thread(self._loaded, library, best, unfinished)

    # -- the progress store --------------------------------------------------------
    def _open_store(self) -> None:
        if self.progress is not None:
            return
        try:
            self.progress = Progress.open(self.data_dir, player=self.player)
        except StoreUnavailable as exc:
            self._results_off(str(exc))
            return
        if self.progress.migrated_copy is not None:
            log.info(
                "results brought forward; the old file is kept as %s", self.progress.migrated_copy
            )

    def _results_off(self, why: str) -> None:
        log.error("results are off: %s", why)
        self.results_off = why
        if self.progress is not None:
            self.progress.close()
        self.progress = None

    def _read_records(self) -> tuple[dict[str, float], list[Unfinished]]:
        if self.progress is None:
            return {}, []
        try:
            return self.progress.best(self.player), self.progress.unfinished(self.player)
        except StoreUnavailable as exc:
            self._results_off(str(exc))
            return {}, []

    def refresh_records(self) -> None:
        self.best, self.unfinished = self._read_records()

    def _write(self, action: str, write: Any) -> bool:
        """Run one write to the store; a failure is said on screen and in the log."""
        if self.progress is None:
            return False
        try:
            write(self.progress)
            return True
        except StoreWriteError as exc:
            log.error("%s failed: %s", action, exc)
            self.say(f"Not saved ({action}): {exc}", 15, error=True)
            return False

    def _begin(self, play: Any) -> None:
        from ..store.progress import content_hash

        self.record_id = None

        def begin(store: Progress) -> None:
            self.record_id = store.begin(
                play, self.player, self.workshop, content_hash(play.scenario.path)
            )

        self._write("starting the playthrough", begin)

    def record_read(self, play: Any) -> None:
        """The read answer was given: keep it, so a resumed game has it."""
        if self.record_id is not None:
            ident = self.record_id
            self._write("the read answer", lambda store: store.save_state(ident, play))

    def record_decision(self, play: Any, decision: Any, seconds: float | None) -> None:
        if self.record_id is not None:
            ident = self.record_id
            self._write(
                f"decision {len(play.decisions)}",
                lambda store: store.decided(ident, play, decision, seconds),
            )

    def _load_failed(self, error: Exception) -> None:
        home = self.get_screen_if_home()
        if home is not None:
            home.show_failure(
                f"The scenarios could not be loaded ({type(error).__name__}: {error}). "
                f"This is a bug in eqtrainer; the details are in {self.data_dir / 'eqtrainer.log'}."
            )

    def _loading(self, done: int, total: int) -> None:
        home = self.get_screen_if_home()
        if home is not None:
            home.show_loading(done, total)

    def _loaded(
        self, library: Library, best: dict[str, float], unfinished: list[Unfinished]
    ) -> None:
        self.library = library
        self.best = best
        self.unfinished = unfinished
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
    def scenario(self, scenario_id: str) -> Scenario:
        scenarios = [] if self.library is None else self.library.scenarios
        found = next((s for s in scenarios if s.id == scenario_id), None)
        if found is None:
            raise LookupError(f"no scenario `{scenario_id}` in the library")
        return found

    def start_scenario(self, scenario_id: str) -> None:
        """Play a scenario; if the player left it unfinished, ask first whether to resume."""
        saved = next((u for u in self.unfinished if u.scenario == scenario_id), None)
        if saved is None:
            self._start_new(scenario_id)
            return
        from .screens.resume import ResumeScreen

        def answered(answer: str | None) -> None:
            if answer == "resume":
                self.resume(saved)
            elif answer == "again":
                self._abandon(saved)
                self._start_new(scenario_id)

        self.push_screen(ResumeScreen(saved, self.scenario(scenario_id)), callback=answered)

    def resume_offer(self) -> Unfinished | None:
        """The newest unfinished playthrough of a scenario in this library, if any."""
        if self.library is None:
            return None
        ids = {s.id for s in self.library.scenarios}
        return next((u for u in self.unfinished if u.scenario in ids), None)

    def resume(self, saved: Unfinished) -> None:
        """Play on from where the player left, exactly; or, if the scenario has changed since,
        say so and offer to start again."""
        from ..domain.engine import Playthrough, RestoreError
        from ..store.progress import content_hash
        from .screens.resume import ResumeScreen
        from .screens.scene import SceneScreen

        scenario = self.scenario(saved.scenario)
        play = None
        if saved.content_hash is None or saved.content_hash == content_hash(scenario.path):
            try:
                play = Playthrough.restore(scenario, saved.snapshot)
            except RestoreError as exc:
                log.warning("resume of playthrough %s refused: %s", saved.id, exc)
        if play is None:

            def answered(answer: str | None) -> None:
                if answer == "again":
                    self._abandon(saved)
                    self._start_new(saved.scenario)

            self.push_screen(ResumeScreen(saved, scenario, changed=True), callback=answered)
            return
        self.record_id = saved.id
        self.unfinished = [u for u in self.unfinished if u.id != saved.id]
        self.push_screen(SceneScreen(play, self.settings.hold_feedback))

    def _abandon(self, saved: Unfinished) -> None:
        self._write("closing the old playthrough", lambda store: store.abandon(saved.id))
        self.unfinished = [u for u in self.unfinished if u.id != saved.id]

    def _start_new(self, scenario_id: str) -> None:
        from ..domain.engine import Playthrough
        from .screens.scene import SceneScreen

        play = Playthrough(self.scenario(scenario_id))
        self._begin(play)
        self.push_screen(SceneScreen(play, self.settings.hold_feedback))

    def action_show_profile(self) -> None:
        """`p` on the list (bound as `app.show_profile`)."""
        self.show_profile()

    def show_profile(self) -> None:
        from .screens.profile import ProfileScreen

        self.push_screen(ProfileScreen())

    def finish_scenario(self, play: Playthrough) -> None:
        """The playthrough ended (or got stuck): record it and show the debrief."""
        from .screens.debrief import DebriefScreen

        self.report("ended", play)
        self.record_id = None  # its last decision wrote the ending (or that it is stuck)
        self.refresh_records()
        self.switch_screen(DebriefScreen(play))

    def replay_scenario(self, scenario: Scenario) -> None:
        from ..domain.engine import Playthrough
        from .screens.scene import SceneScreen

        play = Playthrough(scenario)
        self._begin(play)
        self.switch_screen(SceneScreen(play, self.settings.hold_feedback))

    def ask_to_leave(self, leave: Callable[[], object]) -> None:
        """Ask before leaving a scenario in progress; call `leave()` on yes."""
        from .screens.confirm import ConfirmScreen

        if self.record_id is not None:
            question = "Leave this scenario? Your choices are kept: resume it from the list."
        elif self.draft_note:
            question = (
                "Leave this scenario? It is a draft you are watching, so your choices in it "
                "are not recorded."
            )
        else:
            question = "Leave this scenario? Your choices in it will not be kept (results are off)."

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.record_id = None
                self.refresh_records()
                leave()

        self.push_screen(ConfirmScreen(question), callback=answered)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- preferences -------------------------------------------------------------
    def _remember_settings(self) -> None:
        # In a workshop every game runs as the facilitator's user: one participant's theme
        # must not become the next one's (or the facilitator's), so nothing is saved.
        if self.workshop is None:
            self.settings.save()

    def toggle_hold_feedback(self) -> None:
        self.settings.hold_feedback = not self.settings.hold_feedback
        self._remember_settings()

    def next_theme(self) -> None:
        name = ORDER[(ORDER.index(self.settings.theme) + 1) % len(ORDER)]
        self.settings.theme = name
        self.theme = THEMES[name].name
        self._remember_settings()


def _log_to_file(folder: Path) -> None:
    """Textual owns the terminal, so the app logs to a file, never to stdout or stderr."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "eqtrainer.log", encoding="utf-8")
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
    results: Progress | None = None,
    data: str | os.PathLike[str] | None = None,
    player: str | None = None,
    workshop: str | None = None,
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
    kind = EqTrainerApp
    if watch:
        from .watch import WatchingApp

        kind = WatchingApp
    return kind(
        [str(p) for p in paths],
        settings,
        results,
        open_first=single,
        data=data,
        player=player,
        workshop=workshop,
    )


def run(
    paths: list[str],
    theme: str | None = None,
    hold_feedback: bool | None = None,
    player: str | None = None,
    workshop: str | None = None,
    data: str | os.PathLike[str] | None = None,
    watch: bool = False,
) -> int:
    """Play. `player` and `workshop` name who plays where (the SSH server sets them); every
    decision is kept in the results of the data directory `data` (default: see store.paths)."""
    _log_to_file(data_dir(data))
    # A participant in a workshop starts from the defaults, not the facilitator's own choices.
    settings = Settings() if workshop is not None else None
    app = make_app(
        paths,
        theme,
        hold_feedback,
        settings,
        data=data,
        player=player,
        workshop=workshop,
        watch=watch,
    )
    try:
        app.run()
    finally:
        if app.progress is not None:
            app.progress.close()  # every decision is already kept; this folds the WAL back in
    return app.return_code or 0

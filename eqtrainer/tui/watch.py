"""`eqtrainer play FILE --watch`: the game reloads the scenario each time the file is saved.

The file is polled (its size, modification time and inode, twice a second) rather than
watched through the OS: it needs no extra dependency, it works the same on every system and
over network drives, and it sees the save-to-a-temporary-file-then-rename that many editors
do. A reload continues at the scene being played when it still exists (with the variables,
trust and history when they still fit the new file, else fresh values at that scene), and
a file with errors is shown in the game with its problems until it is saved without them.
"""

from __future__ import annotations

import logging
import os

from ..domain.engine import Playthrough, RestoreError
from ..domain.library import Library
from ..domain.model import Scenario
from ..store.progress import Unfinished
from .app import EqTrainerApp
from .screens.problems import ProblemsScreen

log = logging.getLogger("eqtrainer")

Signature = tuple[int, int, int] | None
POLL_SECONDS = 0.5


def signature(path: str) -> Signature:
    try:
        info = os.stat(path)
    except OSError:
        return None  # mid-save (deleted, then renamed into place): look again next time
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def continued(old: Playthrough, scenario: Scenario) -> tuple[Playthrough, str]:
    """The playthrough carried over to the edited scenario, at the same scene if it exists,
    and where it stands now as the author is told it (after "Reloaded FILE: ")."""
    try:
        play = Playthrough.restore(scenario, old.snapshot())
    except RestoreError:
        pass
    else:
        return play, f"at {play.scene.id}" if play.scene is not None else "at the start"
    scene = old.scene
    if scene is not None and scene.id in scenario.scenes:
        return (
            Playthrough.landing(scenario, scene.id),
            f"at {scene.id}, with the starting values (your earlier choices no longer fit "
            "the file)",
        )
    if scene is not None:
        return Playthrough(scenario), f"scene `{scene.id}` is gone, so back to the start"
    return Playthrough(scenario), "at the start"


# What the title bars say while watching: the author should know nothing goes into results.
DRAFT_NOTE = "draft: not recorded"


class WatchingApp(EqTrainerApp):
    """The game on one scenario file that it reloads whenever the file changes.

    Nothing played here is recorded in the results (see `_open_store`), and every playing
    screen says so: the scene's and the debrief's title, the list's notice."""

    draft_note = DRAFT_NOTE

    reloads = 0  # how many reloads have been shown (tests wait on it)

    @property
    def watched(self) -> str:
        return self.paths[0]

    def on_mount(self) -> None:
        # (Textual calls EqTrainerApp.on_mount as well: handlers run for each class.)
        self._seen = signature(self.watched)
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        now = signature(self.watched)
        if now is None or now == self._seen:
            return
        self._seen = now
        self.run_worker(self._reload, thread=True, name="reload", exit_on_error=False)

    def _reload(self) -> None:
        from ..domain.loader import load_library

        library = load_library([self.watched])
        self.call_from_thread(self._reloaded, library)

    def _open_store(self) -> None:
        """An author's runs of a file being edited are not a player's progress, and a reload
        changes the story under the playthrough: nothing is recorded while watching."""

    def _loaded(
        self, library: Library, best: dict[str, float], unfinished: list[Unfinished]
    ) -> None:
        super()._loaded(library, best, unfinished)
        self._show_problems(library)

    def _show_problems(self, library: Library) -> bool:
        """Show the file's errors in the game; True if there were any."""
        problems = [str(d) for d in library.diagnostics if d.severity == "error"]
        shown = next((s for s in self.screen_stack if isinstance(s, ProblemsScreen)), None)
        if not problems:
            if shown is not None:
                while self.screen is not shown:
                    self.pop_screen()
                self.pop_screen()
            return False
        if shown is not None:
            shown.show(problems)
        else:
            self.push_screen(ProblemsScreen(self.watched, problems))
        return True

    def _reloaded(self, library: Library) -> None:
        from .screens.scene import SceneScreen

        self.reloads += 1
        if self._show_problems(library) or not library.scenarios:
            return
        self.library = library
        scenario = library.scenarios[0]
        home = self.get_screen_if_home()
        if home is not None:
            home.refresh_list()
        playing = next((s for s in self.screen_stack if isinstance(s, SceneScreen)), None)
        if playing is None:
            if len(self.screen_stack) == 1:  # on the list: open the scenario, as at start
                self.start_scenario(scenario.id)
            self.say(f"Reloaded {os.path.basename(self.watched)}")
            return
        play, where = continued(playing.play, scenario)
        while self.screen is not playing:
            self.pop_screen()
        scene = SceneScreen(play, self.settings.hold_feedback)
        # Said for longer when the author did not simply stay where they were; said by the
        # new screen as it mounts (a call after the next refresh could come before it has
        # composed, on a busy machine, and the line would go to a toast instead).
        seconds = 6 if play.scene is not None and where == f"at {play.scene.id}" else 12
        scene.first_words = (f"Reloaded {os.path.basename(self.watched)}: {where}", seconds)
        self.switch_screen(scene)
        log.info("reloaded %s: %s", self.watched, where)

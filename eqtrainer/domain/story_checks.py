"""Story-level checks that look at the map of scenes: traps and the best path's read questions.

Both read the map as written, conditions ignored: a scene from which no goto ever leads to an
ending is a trap whatever the variables hold, so the check never reports what cannot happen.
"""

from __future__ import annotations

import unicodedata

from .model import Scenario, Scene
from .scoring import best_options

# Shown stripped to the player, so the author would see garbage: C0 controls other than
# newline and tab, DEL, C1 controls, and the bidirectional overrides and isolates.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def unsafe_character(text: str) -> tuple[int, int, str] | None:
    """(line within the text, column, description) of the first unsafe character, or None."""
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            code = ord(char)
            if char == "\t":
                continue
            if code < 0x20 or 0x7F <= code <= 0x9F or char in _BIDI:
                name = unicodedata.name(char, "")
                if code == 0x1B:
                    name = "ESCAPE"
                shown = f"U+{code:04X}" + (f" {name}" if name else "")
                return number, column, shown
    return None


def _targets(scene: Scene, only_best: bool = False) -> list[str]:
    choices = scene.choices
    picked = [choices[i] for i in best_options(choices)] if only_best and choices else choices
    found = [branch.to for choice in picked for branch in choice.goto]
    if scene.timeout and not only_best:
        found.append(scene.timeout)
    return found


def traps(scenario: Scenario) -> list[str]:
    """Scenes from which no ending can be reached, whatever the player does."""
    leads_to_end: set[str] = set(scenario.endings)
    changed = True
    while changed:
        changed = False
        for scene in scenario.scenes.values():
            if scene.id not in leads_to_end and any(t in leads_to_end for t in _targets(scene)):
                leads_to_end.add(scene.id)
                changed = True
    return [s for s in scenario.scenes if s not in leads_to_end]


def best_path_skips_reads(scenario: Scenario) -> bool:
    """Whether a player who takes a Best option at every decision can reach an ending
    without meeting a read-the-room question."""
    seen = {scenario.start}
    todo = [scenario.start]
    while todo:
        here = todo.pop()
        if here in scenario.endings:
            return True
        scene = scenario.scenes.get(here)
        if scene is None or scene.read is not None:
            continue
        for target in _targets(scene, only_best=True):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def check(scenario: Scenario) -> list[tuple[tuple[int, int], str, str]]:
    """((line, column), code, message) for each trap and for a best path without a read
    question, at the scene's key."""
    found: list[tuple[tuple[int, int], str, str]] = []
    for scene_id in traps(scenario):
        found.append(
            (
                scenario.scenes[scene_id].at,
                "EQ508",
                f"scene `{scene_id}` is a trap: no ending can be reached from it, whatever the "
                "player chooses; give one of its choices (or a scene it leads to) a goto to an "
                "ending",
            )
        )
    start = scenario.scenes.get(scenario.start)
    # Only where the author wrote read questions: a scenario without any (a tiny drill, a
    # draft) has made that choice visibly; one whose reads all sit off the best path has not.
    has_reads = any(scene.read is not None for scene in scenario.scenes.values())
    if start is not None and has_reads and best_path_skips_reads(scenario):
        found.append(
            (
                start.at,
                "EQ510",
                "a player who takes the best option at every decision meets no read-the-room "
                "question, so playing well never practises perceiving emotions; add a `read:` "
                "to a scene on the best path",
            )
        )
    return found

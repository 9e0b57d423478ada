"""Validation messages for scenario authors.

Every problem has a stable code, so an author can search for it in docs/authoring.md,
a one-line sentence that names the thing that is wrong, and where possible a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        # One line per problem, whatever the file holds: a value quoted with "\n" or an escape
        # sequence must neither break the line nor reach the terminal as a control code.
        return _one_line(
            f"{self.file}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message}"
        )

    def as_json(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


# code -> (severity, short title, explanation for authors). docs/authoring.md documents
# every code listed here, and a test keeps the two in step.
CODES: dict[str, tuple[str, str]] = {
    # The file itself and its YAML.
    "EQ100": (
        "The file cannot be read",
        "The path does not exist, is not a file, or cannot be opened.",
    ),
    "EQ101": (
        "The file is too large",
        "A scenario file may be at most 1 MiB. Split very long scenarios into several.",
    ),
    "EQ102": (
        "The file is not UTF-8 text",
        "Save the file as UTF-8 (most editors offer it in 'Save as').",
    ),
    "EQ103": (
        "The file contains a control character",
        "A NUL byte or another invisible control character was found; the file is probably not "
        "text or was damaged.",
    ),
    "EQ104": ("The file is empty", "The file has no scenario in it."),
    "EQ105": (
        "The YAML cannot be read",
        "The file breaks YAML's rules: often a missing colon, a quote that is never closed, or "
        "indentation that does not line up.",
    ),
    "EQ106": (
        "A tab is used for indentation",
        "YAML indents with spaces only. Replace the tab with spaces.",
    ),
    "EQ107": (
        "YAML tags are not allowed",
        "Tags such as `!!python/object` or `!custom` are not part of the scenario format and are "
        "never executed. Remove the tag.",
    ),
    "EQ108": (
        "YAML anchors and aliases are not allowed",
        "`&name` and `*name` are not part of the scenario format. Write the value out in full.",
    ),
    "EQ109": (
        "The nesting is too deep",
        "Values are nested far deeper than any scenario needs; the file is probably damaged.",
    ),
    "EQ110": (
        "A key appears twice",
        "The same key is written twice in one mapping; YAML would silently keep only the last "
        "one. Remove or rename one of them.",
    ),
    "EQ111": (
        "The file is not a scenario mapping",
        "A scenario file must hold one mapping of keys such as `id:`, `title:` and `scenes:`, not "
        "a list or a single value.",
    ),
    "EQ112": (
        "More than one YAML document",
        "A file holds one scenario. Remove the extra `---` document or move it into a file of its "
        "own.",
    ),
    "EQ120": (
        "Not a regular file: skipped",
        "A folder holds a named pipe, socket or device with a scenario's name; it is not read.",
    ),
    # The shape of the scenario.
    "EQ200": (
        "A required key is missing",
        "The key named in the message must be present: for example the scenario needs `id` and "
        "`start`, and every choice needs `text`, `scores` and `goto` (a missing `why` is EQ506).",
    ),
    "EQ201": (
        "Unknown key",
        "The key is not part of the format; it is often a typo of the suggested key.",
    ),
    "EQ202": (
        "Wrong kind of value",
        "The value has the wrong type, for example a list where a mapping is expected, or text "
        "where a number is expected.",
    ),
    "EQ203": (
        "Value out of range",
        "A number is outside what the format allows, such as a score outside -2..2 or trust "
        "outside 0..100.",
    ),
    "EQ204": (
        "Badly formed id",
        "A scenario id uses lower-case letters, digits and hyphens; scene and ending ids may also "
        "use underscores; cast ids and variable names are single words of letters, digits and "
        "underscores, and not a word of the condition language (and, or, not, true, false, "
        "visited).",
    ),
    "EQ205": ("Unsupported format version", "This version of eqtrainer reads `format: 1`."),
    "EQ206": (
        "Unknown knowledge area",
        "Areas come from a fixed list: integration, scope, schedule, cost, quality, "
        "communications, risk, procurement, stakeholders, resources.",
    ),
    "EQ207": (
        "Unknown scoring dimension",
        "The four dimensions are communication, strategy, business_value and eq.",
    ),
    "EQ208": ("Empty value", "Text, lists and mappings that the player needs must not be empty."),
    # References between parts of a scenario and between files.
    "EQ300": (
        "Unknown goto target",
        "A `goto` (or `to`) must name a scene or an ending of the same scenario.",
    ),
    "EQ301": ("Unknown start scene", "`start` must name one of the scenes."),
    "EQ302": (
        "Unknown speaker",
        "`speaker` must be one of the ids under `cast`, or left out for narration.",
    ),
    "EQ303": (
        "Unknown effect target",
        "An effect or `set` changes a variable from `vars` or a cast member's trust "
        "(`NAME.trust`).",
    ),
    "EQ304": (
        "A scene and an ending share an id",
        "Scene and ending ids share one namespace, so that `goto` is never ambiguous.",
    ),
    "EQ305": (
        "Duplicate scenario id",
        "Two files in the library use the same `id`; each scenario needs its own.",
    ),
    "EQ306": (
        "Timer without timeout, or timeout without timer",
        "A scene with `timer:` must say where `timeout:` leads, and `timeout:` needs a `timer:`.",
    ),
    "EQ307": (
        "Effect does not fit the variable",
        "Numbers are changed by adding (`+10`, `-5`) or by `set:`; true/false variables are set "
        "to true or false.",
    ),
    # Conditions.
    "EQ400": (
        "Condition cannot be read",
        "A condition (`if:`) has a syntax error; conditions use names, numbers, true/false, "
        "comparisons (< <= > >= == !=), and, or, not, parentheses and visited(scene-id).",
    ),
    "EQ401": (
        "Unknown name in a condition",
        "A condition names a variable or cast member that the scenario does not define.",
    ),
    "EQ402": (
        "Condition mixes kinds of values",
        "A condition compares a number with true/false, or uses a number where a yes/no test is "
        "needed.",
    ),
    "EQ403": (
        "visited() names an unknown scene",
        "`visited(...)` takes the id of one of the scenario's scenes.",
    ),
    # The story as a whole.
    "EQ500": (
        "Scene has no choices",
        "A scene with no choices is a dead end; make it an ending under `endings:` instead.",
    ),
    "EQ501": (
        "Unreachable scene or ending",
        "No path from `start` leads here, so no player will ever see it.",
    ),
    "EQ502": (
        "Every choice in a scene has a condition",
        "If none of the conditions holds, the player has nothing to choose. Leave at least one "
        "choice without `if:`.",
    ),
    "EQ503": (
        "Read question without a right answer",
        "A `read` question needs at least one option with `correct: true` and at least one "
        "without.",
    ),
    "EQ504": (
        "Chances do not add up to 1",
        "The `chance` values of a random goto are weights; they are expected to add up to 1.",
    ),
    "EQ505": (
        "All choices score the same",
        "When every choice scores the same, the decision teaches nothing and does not count "
        "toward the player's score.",
    ),
    "EQ506": (
        "A choice has no rationale",
        "Every choice needs a `why` that the player reads after choosing.",
    ),
    "EQ507": (
        "The start scene shows no choice",
        "Every choice of the start scene has a condition, and none holds when the scenario "
        "begins, so the player would be stuck at once.",
    ),
    "EQ508": (
        "A trap: no ending can be reached",
        "From this scene no sequence of choices leads to an ending: a loop with no way out. "
        "Reported at each trapped scene's key.",
    ),
    "EQ509": (
        "A control character in a text",
        "A title, name, scene, choice or feedback text holds an escape, another control "
        "character or a bidirectional override. The game removes them when it shows the text, "
        "so the player sees it garbled.",
    ),
    "EQ510": (
        "No read question on the best path",
        "A player who takes the best option at every decision can finish without meeting a "
        "read-the-room question, so playing well never practises perceiving emotions.",
    ),
}


WARNINGS = frozenset({"EQ120", "EQ501", "EQ502", "EQ504", "EQ505", "EQ509", "EQ510"})


def severity_of(code: str) -> str:
    return WARNING if code in WARNINGS else ERROR


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A suggestion sentence, or an empty string when nothing is close enough."""
    matches = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""


def one_of(options: Iterable[object]) -> str:
    quoted = [f"`{o}`" for o in options]
    if len(quoted) > 8:
        quoted = [*quoted[:8], "…"]
    return ", ".join(quoted)

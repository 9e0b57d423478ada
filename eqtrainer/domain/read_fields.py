"""The groundwork of reading a scenario file: the format's keys, reporting problems at their
line and column, and reading one value (text, number, mapping) with a clear message.

The reader keeps going after a problem so that one run of `eqtrainer validate` shows all of
them, each at its file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Sequence as Sequence_
from typing import TypeGuard

from .diagnostics import Diagnostic, did_you_mean, one_of, severity_of
from .story_checks import unsafe_character
from .yamlsource import Mapping, position

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
SCENE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
RESERVED = frozenset({"and", "or", "not", "true", "false", "visited"})

TOP_KEYS = (
    "format",
    "id",
    "title",
    "summary",
    "areas",
    "difficulty",
    "minutes",
    "cast",
    "vars",
    "start",
    "scenes",
    "endings",
)
TOP_REQUIRED = (
    "format",
    "id",
    "title",
    "summary",
    "areas",
    "difficulty",
    "minutes",
    "start",
    "scenes",
    "endings",
)
CAST_KEYS = ("name", "role", "trust")
SCENE_KEYS = ("title", "speaker", "mood", "text", "read", "choices", "timer", "timeout")
CHOICE_KEYS = ("text", "scores", "why", "effects", "set", "if", "goto")
READ_KEYS = ("prompt", "options", "why")
READ_OPTION_KEYS = ("text", "correct")
ENDING_KEYS = ("outcome", "text", "title")
BRANCH_KEYS = ("to", "chance")
# Words authors use for a key of the format, from other tools or plain English: an unknown
# key among them is suggested as the format's key where that key belongs, before spelling
# (`next: on-track` is a `goto`, not a misspelt `text`).
SYNONYMS = {
    "goto": (
        "next",
        "go",
        "go_to",
        "goto_scene",
        "goto-scene",
        "then",
        "target",
        "to",
        "jump",
        "jump_to",
        "next_scene",
        "leads_to",
        "lead_to",
        "destination",
        "dest",
        "link",
        "divert",
        "scene",
        "next-scene",
    ),
    "why": ("rationale", "reason", "explanation", "feedback", "because"),
    "if": ("when", "condition", "only_if", "requires", "require", "show_if", "visible_if"),
    "scores": ("points", "rating", "ratings", "score_card"),
    "effects": ("effect", "changes", "change", "consequences", "add"),
    "choices": ("options", "actions", "answers", "decisions", "responses"),
    "options": ("choices", "answers"),
    "text": ("body", "narration", "dialogue", "description", "label", "content"),
    "speaker": ("who", "character", "person", "speaks"),
    "timer": ("time_limit", "timelimit", "seconds", "countdown"),
    "outcome": ("result", "type", "kind", "verdict"),
    "correct": ("right", "is_correct", "answer"),
    "prompt": ("question", "ask"),
}
_SYNONYM_OF = {word: key for key, words in SYNONYMS.items() for word in words}
# The keys whose text a player reads (ids and references have their own, stricter checks).
SHOWN_TEXT = frozenset({"title", "summary", "name", "role", "mood", "text", "prompt", "why"})


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def suggest_target(word: str, targets: Collection[str]) -> str:
    """The nearest scene or ending, or else the list of them."""
    return did_you_mean(word, targets) or f"; the scenes and endings are {one_of(sorted(targets))}"


def _meant_key(
    key: str, value: object, allowed: Sequence_[str], targets: Collection[str]
) -> str | None:
    """The allowed key an unknown one stands for, judged by its meaning rather than its
    spelling: a synonym of a key of the format, or a value whose shape only one key takes (a
    scene or ending id, or a list of `{to, chance}`, is a `goto`)."""
    synonym = _SYNONYM_OF.get(key.strip().lower())
    if synonym in allowed:
        return synonym
    if "goto" in allowed:
        if isinstance(value, str) and value in targets:
            return "goto"
        if (
            isinstance(value, list)
            and value
            and all(isinstance(item, Mapping) and "to" in item for item in value)
        ):
            return "goto"
    return None


def kind_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


class FieldReader:
    """Walks one file's data, collecting diagnostics."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        # Variables declared with a value that is not a number or true/false: already reported
        # once, so conditions and effects that use them are not reported again as undeclared.
        self.broken_vars: dict[str, str] = {}  # name -> the kind the author meant

    def report(self, pos: tuple[int, int], code: str, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(self.path, pos[0], pos[1], severity_of(code), code, message)
        )

    # -- positions ---------------------------------------------------------------
    @staticmethod
    def key_at(mapping: Mapping, key: str) -> tuple[int, int]:
        mark = mapping.key_pos.get(key)
        return (mapping.line, mapping.col) if mark is None else position(mark)

    @staticmethod
    def value_at(mapping: Mapping, key: str) -> tuple[int, int]:
        mark = mapping.value_pos.get(key)
        return (mapping.line, mapping.col) if mark is None else position(mark)

    # -- shape helpers -----------------------------------------------------------
    def keys(
        self,
        mapping: Mapping,
        allowed: Sequence_[str],
        required: Sequence_[str],
        where: str,
        at: tuple[int, int] | None = None,
        targets: Collection[str] = (),
    ) -> None:
        """Unknown keys at their own line; missing ones at `at` (the line of the key that
        holds the mapping, where an editor should jump), else where the mapping starts.
        `targets` (the scene and ending ids) let an unknown key whose value names one be
        suggested as `goto`."""
        for key in mapping:
            if key not in allowed:
                meant = _meant_key(key, mapping[key], allowed, targets)
                hint = (
                    f"; did you mean `{meant}`?"
                    if meant
                    else did_you_mean(key, allowed)
                    or "; allowed: " + one_of(a for a in allowed if a != "choices")
                )
                if " " in key.strip():
                    hint = (
                        "; if it is part of a text, a comma split the text: "
                        "put the whole text in quotes"
                    )
                self.report(
                    self.key_at(mapping, key), "EQ201", f"unknown key `{key}` in {where}{hint}"
                )
        for key in required:
            if key not in mapping:
                self.report(
                    at or (mapping.line, mapping.col), "EQ200", f"{where} is missing `{key}`"
                )

    def mapping(
        self, parent: Mapping, key: str, where: str, required: bool = True
    ) -> Mapping | None:
        value = parent.get(key)
        if isinstance(value, Mapping):
            if not value and required:
                self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
            return value
        if value is None and key not in parent:
            return None
        if value is None and not required:
            return None
        if value is None:
            self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
            return None
        self.report(
            self.value_at(parent, key),
            "EQ202",
            f"`{key}` in {where} should be a mapping of `name: value` lines, not {kind_of(value)}",
        )
        return None

    def text(self, parent: Mapping, key: str, where: str, required: bool = True) -> str | None:
        value = parent.get(key)
        if key not in parent:
            return None
        if isinstance(value, str):
            if not value.strip():
                self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
                return None
            if key in SHOWN_TEXT:
                self.unsafe_text(parent, key, where, value)
            return value
        if is_number(value) or isinstance(value, bool):
            return str(value).lower() if isinstance(value, bool) else str(value)
        if value is None:
            self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
            return None
        self.report(
            self.value_at(parent, key),
            "EQ202",
            f"`{key}` in {where} should be text, not {kind_of(value)}",
        )
        return None

    def unsafe_text(self, parent: Mapping, key: str, where: str, value: str) -> None:
        """Warn about a control or bidi character in a text: it is stripped when shown."""
        found = unsafe_character(value)
        if found is None:
            return
        line, column, shown = found
        at_line = f"line {line} of the text, " if "\n" in value.rstrip("\n") else ""
        self.report(
            self.value_at(parent, key),
            "EQ509",
            f"`{key}` in {where} contains the control character {shown} at {at_line}column "
            f"{column}; it is removed when shown, so players would see the text garbled: "
            "delete it",
        )

    def number(
        self,
        parent: Mapping,
        key: str,
        where: str,
        low: float | None = None,
        high: float | None = None,
        whole: bool = False,
    ) -> float | None:
        """The number at `key` (an int when `whole`), or None after reporting what is wrong."""
        if key not in parent:
            return None
        found = parent[key]
        if not is_number(found):
            hint = "; write a whole number" if whole else ""
            self.report(
                self.value_at(parent, key),
                "EQ202",
                f"`{key}` in {where} should be a number, not {kind_of(found)}{hint}",
            )
            return None
        value = found
        if whole and not float(value).is_integer():
            self.report(
                self.value_at(parent, key),
                "EQ202",
                f"`{key}` in {where} should be a whole number, not {value}",
            )
            return None
        if (
            (low is not None and value < low)
            or (high is not None and value > high)
            or value != value
        ):
            self.report(
                self.value_at(parent, key),
                "EQ203",
                f"`{key}` in {where} is {value}; it must be between {low} and {high}",
            )
            return None
        return int(value) if whole else value

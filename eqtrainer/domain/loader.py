"""Turn scenario files into `Scenario` models, reporting every problem an author can fix.

The loader keeps going after a problem so that one run of `eqtrainer validate` shows all of
them, each at its file, line and column. A scenario with any error yields no model.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from . import analysis
from .conditions import BOOLEAN, NUMBER, ConditionError, Names, parse_condition
from .diagnostics import ERROR, Diagnostic, did_you_mean, one_of, severity_of
from .model import (
    AREAS,
    DIMENSIONS,
    OUTCOMES,
    Branch,
    CastMember,
    Choice,
    Condition,
    Ending,
    ReadOption,
    ReadQuestion,
    Scenario,
    Scene,
)
from .yamlsource import Mapping, Sequence, SourceError, load_data, position

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
SCENE_KEYS = ("speaker", "mood", "text", "read", "choices", "timer", "timeout")
CHOICE_KEYS = ("text", "scores", "why", "effects", "set", "if", "goto")
READ_KEYS = ("prompt", "options", "why")
READ_OPTION_KEYS = ("text", "correct")
ENDING_KEYS = ("outcome", "text", "title")
BRANCH_KEYS = ("to", "chance")


@dataclass
class LoadResult:
    path: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    id_pos: tuple[int, int] = (1, 1)
    scenario_id: str | None = None  # set when the file loaded without errors

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _suggest(word: str, targets) -> str:
    """The nearest scene or ending, or else the list of them."""
    return did_you_mean(word, targets) or f"; the scenes and endings are {one_of(sorted(targets))}"


def _kind(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


class _Reader:
    """Walks one file's data, collecting diagnostics."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []

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
    def keys(self, mapping: Mapping, allowed, required, where: str) -> None:
        for key in mapping:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "; allowed: " + one_of(
                    a for a in allowed if a != "choices"
                )
                if " " in key.strip():
                    hint = "; if it is part of a text, a comma split the text: put the whole text in quotes"
                self.report(
                    self.key_at(mapping, key), "EQ201", f"unknown key `{key}` in {where}{hint}"
                )
        for key in required:
            if key not in mapping:
                self.report((mapping.line, mapping.col), "EQ200", f"{where} is missing `{key}`")

    def mapping(self, parent: Mapping, key: str, where: str, required=True) -> Mapping | None:
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
            f"`{key}` in {where} should be a mapping of `name: value` lines, not {_kind(value)}",
        )
        return None

    def text(self, parent: Mapping, key: str, where: str, required=True) -> str | None:
        value = parent.get(key)
        if key not in parent:
            return None
        if isinstance(value, str):
            if not value.strip():
                self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
                return None
            return value
        if _is_number(value) or isinstance(value, bool):
            return str(value).lower() if isinstance(value, bool) else str(value)
        if value is None:
            self.report(self.value_at(parent, key), "EQ208", f"`{key}` in {where} is empty")
            return None
        self.report(
            self.value_at(parent, key),
            "EQ202",
            f"`{key}` in {where} should be text, not {_kind(value)}",
        )
        return None

    def number(self, parent: Mapping, key: str, where: str, low=None, high=None, whole=False):
        if key not in parent:
            return None
        value = parent[key]
        if not _is_number(value):
            hint = "; write a whole number" if whole else ""
            self.report(
                self.value_at(parent, key),
                "EQ202",
                f"`{key}` in {where} should be a number, not {_kind(value)}{hint}",
            )
            return None
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

    # -- the scenario ------------------------------------------------------------
    def scenario(self, data: Mapping) -> Scenario | None:
        self.keys(data, TOP_KEYS, TOP_REQUIRED, "the scenario")
        version = data.get("format")
        if "format" in data and (version != 1 or isinstance(version, bool)):  # True == 1 in Python
            shown = (
                f'"{version}"' if isinstance(version, str) else str(version).lower()
            )  # as written
            message = (
                f"`format: {shown}` is not supported; this version of eqtrainer reads `format: 1`"
            )
            if isinstance(version, str) and version.strip() == "1":
                message = (
                    '`format` is the number 1, not the text "1"; write `format: 1` without quotes'
                )
            self.report(self.value_at(data, "format"), "EQ205", message)
        scenario_id = self.text(data, "id", "the scenario")
        if scenario_id is not None and not SLUG.match(scenario_id):
            self.report(
                self.value_at(data, "id"),
                "EQ204",
                f"id `{scenario_id}` should use only lower-case letters, digits and hyphens, e.g. `friday-demo`",
            )
        title = self.text(data, "title", "the scenario")
        summary = self.text(data, "summary", "the scenario")
        areas = self.areas(data)
        difficulty = self.number(data, "difficulty", "the scenario", 1, 3, whole=True)
        minutes = self.number(data, "minutes", "the scenario", 1, 600)
        cast = self.cast(data)
        variables = self.variables(data, cast)

        scenes_data = self.mapping(data, "scenes", "the scenario")
        endings_data = self.mapping(data, "endings", "the scenario")
        scene_ids = [k for k in (scenes_data or {})]
        ending_ids = [k for k in (endings_data or {})]
        for ending_id in ending_ids:
            if ending_id in (scenes_data or {}):
                self.report(
                    self.key_at(endings_data, ending_id),
                    "EQ304",
                    f"`{ending_id}` is both a scene and an ending; rename one of them",
                )
        for ids, source in ((scene_ids, scenes_data), (ending_ids, endings_data)):
            for ident in ids:
                if not SCENE_ID.match(ident):
                    self.report(
                        self.key_at(source, ident),
                        "EQ204",
                        f"id `{ident}` should use only lower-case letters, digits, hyphens and underscores",
                    )
        names = Names(
            vars={k: (BOOLEAN if isinstance(v, bool) else NUMBER) for k, v in variables.items()},
            cast=frozenset(cast),
            scenes=frozenset(scene_ids),
        )
        targets = set(scene_ids) | set(ending_ids)

        start = self.text(data, "start", "the scenario")
        if start is not None and scenes_data is not None and start not in scenes_data:
            self.report(
                self.value_at(data, "start"),
                "EQ301",
                f"start scene `{start}` is not one of the scenes{did_you_mean(start, scene_ids)}",
            )

        scenes = {}
        for scene_id in scene_ids:
            scene = self.scene(scenes_data, scene_id, cast, variables, names, targets)
            if scene is not None:
                scenes[scene_id] = scene
        endings = {}
        for ending_id in ending_ids:
            ending = self.ending(endings_data, ending_id)
            if ending is not None:
                endings[ending_id] = ending

        if any(d.severity == ERROR for d in self.diagnostics):
            return None
        scenario = Scenario(
            id=scenario_id,
            title=title,
            summary=summary.strip(),
            areas=tuple(areas),
            difficulty=difficulty,
            minutes=minutes,
            cast=cast,
            vars=variables,
            start=start,
            scenes=scenes,
            endings=endings,
            path=self.path,
        )
        for line, code, message in analysis.check(scenario):
            self.report((line, 1), code, message)
        return scenario

    def areas(self, data: Mapping) -> list[str]:
        if "areas" not in data:
            return []
        value = data["areas"]
        if isinstance(value, str):
            value_list, positions = [value], [self.value_at(data, "areas")]
        elif isinstance(value, Sequence):
            value_list, positions = value, [position(m) for m in value.item_pos]
        else:
            self.report(
                self.value_at(data, "areas"),
                "EQ202",
                f"`areas` should be a list such as `[scope, stakeholders]`, not {_kind(value)}",
            )
            return []
        if not value_list:
            self.report(
                self.value_at(data, "areas"),
                "EQ208",
                "`areas` is empty; name at least one knowledge area",
            )
        areas = []
        for area, pos in zip(value_list, positions):
            if area not in AREAS:
                self.report(
                    pos,
                    "EQ206",
                    f"unknown knowledge area `{area}`{did_you_mean(area, AREAS) or '; the areas are ' + ', '.join(AREAS)}",
                )
            elif area not in areas:
                areas.append(area)
        return areas

    def cast(self, data: Mapping) -> dict[str, CastMember]:
        cast_data = self.mapping(data, "cast", "the scenario", required=False)
        cast = {}
        for cast_id, member in (cast_data or {}).items():
            where = f"cast member `{cast_id}`"
            pos = self.key_at(cast_data, cast_id)
            if not NAME.match(cast_id):
                self.report(
                    pos,
                    "EQ204",
                    f"cast id `{cast_id}` should be a single word of letters, digits and underscores",
                )
            elif cast_id in RESERVED:
                self.report(
                    pos,
                    "EQ204",
                    f"`{cast_id}` is a word of the condition language; choose another cast id",
                )
            if not isinstance(member, Mapping):
                self.report(
                    self.value_at(cast_data, cast_id),
                    "EQ202",
                    f"{where} should be a mapping with `name`, `role` and `trust`, not {_kind(member)}",
                )
                continue
            self.keys(member, CAST_KEYS, ("name",), where)
            name = self.text(member, "name", where)
            role = self.text(member, "role", where) or ""
            trust = self.number(member, "trust", where, 0, 100)
            cast[cast_id] = CastMember(
                cast_id, name or cast_id, role, 50 if trust is None else trust
            )
        return cast

    def variables(self, data: Mapping, cast: dict) -> dict[str, float | bool]:
        vars_data = self.mapping(data, "vars", "the scenario", required=False)
        variables = {}
        for name, value in (vars_data or {}).items():
            pos = self.key_at(vars_data, name)
            if not NAME.match(name):
                self.report(
                    pos,
                    "EQ204",
                    f"variable name `{name}` should be a single word of letters, digits and underscores",
                )
                continue
            if name in cast:
                self.report(
                    pos,
                    "EQ204",
                    f"`{name}` is both a variable and a cast member; rename one of them",
                )
                continue
            if name in RESERVED:
                self.report(
                    pos,
                    "EQ204",
                    f"`{name}` is a word of the condition language; choose another variable name",
                )
                continue
            if isinstance(value, bool) or _is_number(value):
                variables[name] = value
            else:
                hint = (
                    "; write true or false"
                    if str(value).lower() in ("yes", "no", "on", "off")
                    else ""
                )
                self.report(
                    self.value_at(vars_data, name),
                    "EQ202",
                    f"variable `{name}` should be a number or true/false, not {_kind(value)}{hint}",
                )
        return variables

    def scene(
        self, scenes: Mapping, scene_id: str, cast, variables, names: Names, targets
    ) -> Scene | None:
        data = scenes[scene_id]
        where = f"scene `{scene_id}`"
        if not isinstance(data, Mapping):
            self.report(
                self.value_at(scenes, scene_id),
                "EQ202",
                f"{where} should be a mapping with `text` and `choices`, not {_kind(data)}",
            )
            return None
        self.keys(data, SCENE_KEYS, ("text",), where)
        speaker = self.text(data, "speaker", where)
        if speaker is not None and speaker not in cast:
            self.report(
                self.value_at(data, "speaker"),
                "EQ302",
                f"speaker `{speaker}` is not in the cast{did_you_mean(speaker, cast) or '; leave it out for narration'}",
            )
        mood = self.text(data, "mood", where)
        text = self.text(data, "text", where)
        read = self.read(data, where) if "read" in data else None
        timer = self.number(data, "timer", where, 5, 3600)
        timeout = self.text(data, "timeout", where)
        if timeout is not None and timeout not in targets:
            self.report(
                self.value_at(data, "timeout"),
                "EQ300",
                f"timeout leads to `{timeout}`, which is neither a scene nor an ending{_suggest(timeout, targets)}",
            )
        if "timer" in data and "timeout" not in data:
            self.report(
                self.key_at(data, "timer"),
                "EQ306",
                f"{where} has a timer but no `timeout:` saying where it leads",
            )
        if "timeout" in data and "timer" not in data:
            self.report(
                self.key_at(data, "timeout"),
                "EQ306",
                f"{where} has `timeout:` but no `timer:` in seconds",
            )

        choices = []
        choices_data = data.get("choices")
        if "choices" not in data or choices_data is None or choices_data == []:
            self.report(
                (data.line, data.col),
                "EQ500",
                f"{where} has no choices; a scene without choices must be written under `endings:`",
            )
        elif not isinstance(choices_data, Sequence):
            self.report(
                self.value_at(data, "choices"),
                "EQ202",
                f"`choices` in {where} should be a list of `- text: ...` items, not {_kind(choices_data)}",
            )
        else:
            for number, (item, mark) in enumerate(zip(choices_data, choices_data.item_pos), 1):
                pos = position(mark)
                choice = self.choice(
                    item, pos, f"choice {number} of {where}", variables, cast, names, targets
                )
                if choice is not None:
                    choices.append(choice)
        if text is None:
            return None
        return Scene(
            id=scene_id,
            text=text,
            choices=tuple(choices),
            speaker=speaker,
            mood=mood,
            read=read,
            timer=timer,
            timeout=timeout,
            line=self.key_at(scenes, scene_id)[0],
        )

    def read(self, scene: Mapping, where: str) -> ReadQuestion | None:
        data = scene["read"]
        where = f"the read question of {where}"
        if not isinstance(data, Mapping):
            self.report(
                self.value_at(scene, "read"),
                "EQ202",
                f"{where} should be a mapping with `prompt`, `options` and `why`, not {_kind(data)}",
            )
            return None
        self.keys(data, READ_KEYS, READ_KEYS, where)
        prompt = self.text(data, "prompt", where)
        why = self.text(data, "why", where)
        options_data = data.get("options")
        options = []
        if "options" in data and not isinstance(options_data, Sequence):
            self.report(
                self.value_at(data, "options"),
                "EQ202",
                f"`options` in {where} should be a list, not {_kind(options_data)}",
            )
        elif isinstance(options_data, Sequence):
            if len(options_data) < 2:
                self.report(
                    self.value_at(data, "options"), "EQ208", f"{where} needs at least two options"
                )
            for item, mark in zip(options_data, options_data.item_pos):
                pos = position(mark)
                if not isinstance(item, Mapping):
                    self.report(
                        pos,
                        "EQ202",
                        f"an option of {where} should be `{{text: ..., correct: true}}`, not {_kind(item)}",
                    )
                    continue
                self.keys(item, READ_OPTION_KEYS, ("text",), f"an option of {where}")
                text = self.text(item, "text", f"an option of {where}")
                correct = item.get("correct", False)
                if not isinstance(correct, bool):
                    self.report(
                        self.value_at(item, "correct"),
                        "EQ202",
                        f"`correct` should be true or false, not {_kind(correct)}",
                    )
                    correct = False
                if text is not None:
                    options.append(ReadOption(text, correct))
            if len(options) == len(options_data) >= 2:
                correct_count = sum(o.correct for o in options)
                if correct_count == 0 or correct_count == len(options):
                    self.report(
                        self.value_at(data, "options"),
                        "EQ503",
                        f"{where} has {'no' if correct_count == 0 else 'only'} correct options; "
                        "mark the right answer(s) with `correct: true` and leave at least one wrong",
                    )
        if prompt is None or why is None or not options:
            return None
        return ReadQuestion(prompt, tuple(options), why)

    def choice(self, data, pos, where, variables, cast, names: Names, targets) -> Choice | None:
        if not isinstance(data, Mapping):
            self.report(
                pos,
                "EQ202",
                f"{where} should be a mapping with `text`, `scores`, `why` and `goto`, not {_kind(data)}",
            )
            return None
        self.keys(data, CHOICE_KEYS, ("text", "scores", "goto"), where)
        text = self.text(data, "text", where)
        why = self.text(data, "why", where)
        if "why" not in data:
            self.report(
                (data.line, data.col),
                "EQ506",
                f"{where} has no `why`; every choice needs a rationale the player reads",
            )
        scores = self.scores(data, where)
        effects = self.effects(data, "effects", where, variables, cast)
        assignments = self.effects(data, "set", where, variables, cast)
        condition = None
        if "if" in data:
            source = data["if"]
            if isinstance(source, bool):
                source = "true" if source else "false"
            if not isinstance(source, str):
                self.report(
                    self.value_at(data, "if"),
                    "EQ202",
                    f"`if` in {where} should be a condition such as `budget_k > 50`, not {_kind(source)}",
                )
            else:
                try:
                    condition = Condition(source, parse_condition(source, names))
                except ConditionError as exc:
                    line, col = self.value_at(data, "if")
                    col += exc.offset + ("if" in data.quoted)  # past the opening quote, if any
                    self.report(
                        (line, col), exc.code, f"in the condition `{source}`: {exc.message}"
                    )
        goto = self.goto(data, where, targets)
        if text is None or why is None or scores is None or goto is None:
            return None
        return Choice(
            text=text,
            scores=scores,
            why=why,
            goto=goto,
            effects=effects,
            set=assignments,
            condition=condition,
            line=data.line,
        )

    def scores(self, data: Mapping, where: str) -> dict[str, float] | None:
        scores_data = data.get("scores")
        if "scores" not in data:
            return None
        if not isinstance(scores_data, Mapping):
            self.report(
                self.value_at(data, "scores"),
                "EQ202",
                f"`scores` in {where} should be a mapping such as `{{communication: 1, strategy: 2}}`, not {_kind(scores_data)}",
            )
            return None
        scores = {d: 0 for d in DIMENSIONS}
        ok = True
        for dimension in scores_data:
            if dimension not in DIMENSIONS:
                self.report(
                    self.key_at(scores_data, dimension),
                    "EQ207",
                    f"unknown dimension `{dimension}`{did_you_mean(dimension, DIMENSIONS) or '; the dimensions are ' + ', '.join(DIMENSIONS)}",
                )
                ok = False
                continue
            value = self.number(scores_data, dimension, f"the scores of {where}", -2, 2)
            if value is None:
                ok = False
            else:
                scores[dimension] = value
        return scores if ok else None

    def effects(
        self, data: Mapping, key: str, where: str, variables, cast
    ) -> dict[str, float | bool]:
        effects_data = self.mapping(data, key, where, required=False)
        effects = {}
        adding = key == "effects"
        for target, value in (effects_data or {}).items():
            if target.endswith(".trust") and target[:-6] in cast:
                kind = NUMBER
            elif target in variables:
                kind = BOOLEAN if isinstance(variables[target], bool) else NUMBER
            else:
                known = list(variables) + [f"{c}.trust" for c in cast]
                if "." in target and target.split(".")[0] in cast:
                    message = (
                        f"a cast member has only `trust`; write `{target.split('.')[0]}.trust`"
                    )
                elif target in cast:
                    message = (
                        f"`{target}` is a cast member; write `{target}.trust` to change their trust"
                    )
                else:
                    message = f"`{target}` is not a variable or a cast member's trust{did_you_mean(target, known)}"
                    if not did_you_mean(target, known):
                        message += "; declare it under `vars:` first"
                self.report(
                    self.key_at(effects_data, target), "EQ303", f"{key} of {where}: {message}"
                )
                continue
            if kind == NUMBER and not _is_number(value):
                self.report(
                    self.value_at(effects_data, target),
                    "EQ307",
                    f"`{target}` is a number; {'add to it with +N or -N' if adding else 'set it to a number'}, not {_kind(value)}",
                )
            elif kind == BOOLEAN and not isinstance(value, bool):
                self.report(
                    self.value_at(effects_data, target),
                    "EQ307",
                    f"`{target}` is true/false; set it to true or false, not {_kind(value)}",
                )
            elif target.endswith(".trust") and not (-100 if adding else 0) <= value <= 100:
                low = -100 if adding else 0
                self.report(
                    self.value_at(effects_data, target),
                    "EQ203",
                    f"{key} of {where} {'adds' if adding else 'sets'} {value:g} to `{target}`; trust runs from 0 to 100, "
                    f"so this must be between {low} and 100",
                )
            else:
                effects[target] = value
        return effects

    def goto(self, data: Mapping, where: str, targets) -> tuple[Branch, ...] | None:
        if "goto" not in data:
            return None
        value = data["goto"]
        pos = self.value_at(data, "goto")
        if isinstance(value, str):
            if value not in targets:
                self.report(
                    pos,
                    "EQ300",
                    f"goto `{value}` in {where} is neither a scene nor an ending{_suggest(value, targets)}",
                )
                return None
            return (Branch(value),)
        if not isinstance(value, Sequence) or not value:
            self.report(
                pos,
                "EQ202",
                f"`goto` in {where} should name a scene or an ending, or list `{{to: ..., chance: ...}}` outcomes; found {_kind(value)}",
            )
            return None
        branches = []
        ok = True
        for item, mark in zip(value, value.item_pos):
            item_pos = position(mark)
            if not isinstance(item, Mapping):
                self.report(
                    item_pos,
                    "EQ202",
                    f"each chance outcome of {where} should be `{{to: scene, chance: 0.5}}`, not {_kind(item)}",
                )
                ok = False
                continue
            self.keys(item, BRANCH_KEYS, BRANCH_KEYS, f"a chance outcome of {where}")
            to = self.text(item, "to", where)
            chance = self.number(item, "chance", f"a chance outcome of {where}", 0, 1)
            if to is not None and to not in targets:
                self.report(
                    self.value_at(item, "to"),
                    "EQ300",
                    f"`to: {to}` in {where} is neither a scene nor an ending{_suggest(to, targets)}",
                )
                ok = False
            elif chance is not None and chance <= 0:
                self.report(
                    self.value_at(item, "chance"),
                    "EQ203",
                    f"a chance in {where} must be more than 0",
                )
                ok = False
            elif to is None or chance is None:
                ok = False
            else:
                branches.append(Branch(to, float(chance)))
        if not ok:
            return None
        total = sum(b.chance for b in branches)
        if abs(total - 1) > 1e-6:
            self.report(
                pos,
                "EQ504",
                f"the chances in {where} add up to {total:g}, not 1; they are used as weights",
            )
        return tuple(branches)

    def ending(self, endings: Mapping, ending_id: str) -> Ending | None:
        data = endings[ending_id]
        where = f"ending `{ending_id}`"
        if not isinstance(data, Mapping):
            self.report(
                self.value_at(endings, ending_id),
                "EQ202",
                f"{where} should be a mapping with `outcome` and `text`, not {_kind(data)}",
            )
            return None
        if "choices" in data:
            self.report(
                self.key_at(data, "choices"),
                "EQ201",
                f"{where} has choices, but an ending closes the scenario; move it under `scenes:`",
            )
        self.keys(data, (*ENDING_KEYS, "choices"), ("outcome", "text"), where)
        outcome = self.text(data, "outcome", where)
        if outcome is not None and outcome not in OUTCOMES:
            self.report(
                self.value_at(data, "outcome"),
                "EQ202",
                f"outcome `{outcome}` of {where} should be good, mixed or bad{did_you_mean(outcome, OUTCOMES)}",
            )
            return None
        text = self.text(data, "text", where)
        title = self.text(data, "title", where) or ""
        if outcome is None or text is None:
            return None
        return Ending(ending_id, outcome, text, title, line=self.key_at(endings, ending_id)[0])


def load_file(path: str) -> LoadResult:
    """Load one scenario file; never raises for bad input."""
    reader = _Reader(path)
    try:
        data = load_data(path)
    except SourceError as exc:
        return LoadResult(path, None, [exc.diagnostic])
    if not isinstance(data, Mapping):
        reader.report((1, 1), "EQ111", "the file does not hold a scenario mapping")
        return LoadResult(path, None, reader.diagnostics)
    scenario = reader.scenario(data)
    failed = scenario is None or any(d.severity == ERROR for d in reader.diagnostics)
    return LoadResult(
        path,
        scenario,
        reader.diagnostics,
        reader.value_at(data, "id"),
        None if failed else scenario.id,
    )


def scenario_files(paths) -> list[str]:
    """The .yaml/.yml files named or found below the given paths, in a stable order."""
    files = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [
                    os.path.join(folder, n)
                    for n in names
                    if n.endswith((".yaml", ".yml")) and not n.startswith(".")
                ]
            files += sorted(found)
        else:
            files.append(path)
    # A file named twice (`validate scenarios scenarios/a.yaml`) is checked once: otherwise it
    # would clash with itself as a duplicate id.
    seen = set()
    unique = []
    for path in files:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


@dataclass
class Library:
    scenarios: list[Scenario]
    results: list[LoadResult]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics(self.results)


def sorted_diagnostics(results: list[LoadResult]) -> list[Diagnostic]:
    """File by file in the order given, each file's problems in the order of its lines."""
    return [d for r in results for d in sorted(r.diagnostics, key=lambda d: (d.line, d.col))]


def load_library(paths, on_progress=None) -> Library:
    """Load every scenario below the paths; duplicate ids across files are errors naming both."""
    results = []
    files = scenario_files(paths)
    for index, path in enumerate(files):
        results.append(load_file(path))
        if on_progress is not None:
            on_progress(index + 1, len(files))
    check_duplicate_ids(results)
    scenarios = [r.scenario for r in results if r.scenario is not None and not r.errors]
    return Library(scenarios, results)


def check_duplicate_ids(results: list[LoadResult]) -> None:
    first_seen: dict[str, LoadResult] = {}
    for result in results:
        scenario_id = result.scenario_id
        if scenario_id is None:
            continue
        other = first_seen.get(scenario_id)
        if other is None:
            first_seen[scenario_id] = result
            continue
        result.diagnostics.append(
            Diagnostic(
                result.path,
                *result.id_pos,
                ERROR,
                "EQ305",
                f"id `{scenario_id}` is already used by {other.path}; each scenario needs its own id",
            )
        )
        result.scenario = None
        result.scenario_id = None


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def _check_files(paths: list[str]) -> list[LoadResult]:
    """In a worker process: what `validate` needs of each file. Models hold compiled
    conditions, which do not cross process boundaries, so only the diagnostics come back."""
    results = [load_file(path) for path in paths]
    for result in results:
        result.scenario = None
    return results


def check_library(paths, on_progress=None, jobs: int | None = None) -> list[LoadResult]:
    """Every file's diagnostics, checking files on several cores when there are many."""
    files = scenario_files(paths)
    jobs = min(jobs or os.cpu_count() or 1, 8)
    if jobs < 2 or len(files) < PARALLEL_FROM:
        results = []
        for index, path in enumerate(files):
            results.append(load_file(path))
            if on_progress is not None:
                on_progress(index + 1, len(files))
    else:
        try:
            results = _check_in_workers(files, jobs, on_progress)
        except OSError:  # no process pool here (a sandbox without /dev/shm, say): one core then
            return check_library(paths, on_progress, jobs=1)
    check_duplicate_ids(results)
    return results


def _check_in_workers(files: list[str], jobs: int, on_progress) -> list[LoadResult]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, len(files) // (jobs * 4))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[LoadResult] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(_check_files, chunks):
            results += chunk
            if on_progress is not None:
                on_progress(len(results), len(files))
    return results

"""Reading one scenario file into a `Scenario`, with every problem an author can fix.

A scenario with any error yields no model.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from . import analysis, story_checks
from .conditions import BOOLEAN, NUMBER, Names
from .diagnostics import ERROR, Diagnostic, did_you_mean
from .model import (
    AREAS,
    CastMember,
    Ending,
    Scenario,
    Scene,
)
from .read_fields import (
    CAST_KEYS,
    NAME,
    RESERVED,
    SCENE_ID,
    SLUG,
    TOP_KEYS,
    TOP_REQUIRED,
    is_number,
    kind_of,
)
from .read_scenes import SceneReader
from .yamlsource import Data, Mapping, Sequence, SourceError, empty_mapping, load_data, position


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


class ScenarioReader(SceneReader):
    """Walks one file's data, collecting diagnostics."""

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
                f"id `{scenario_id}` should use only lower-case letters, digits and hyphens, e.g. "
                "`friday-demo`",
            )
        title = self.text(data, "title", "the scenario")
        summary = self.text(data, "summary", "the scenario")
        areas = self.areas(data)
        difficulty = self.number(data, "difficulty", "the scenario", 1, 3, whole=True)
        minutes = self.number(data, "minutes", "the scenario", 1, 600)
        cast = self.cast(data)
        variables = self.variables(data, cast)

        found_scenes = self.mapping(data, "scenes", "the scenario")
        scenes_data = found_scenes or empty_mapping()
        endings_data = self.mapping(data, "endings", "the scenario") or empty_mapping()
        scene_ids = list(scenes_data)
        ending_ids = list(endings_data)
        for ending_id in ending_ids:
            if ending_id in scenes_data:
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
                        f"id `{ident}` should use only lower-case letters, digits, hyphens and "
                        "underscores",
                    )
        names = Names(
            vars={
                **self.broken_vars,
                **{k: (BOOLEAN if isinstance(v, bool) else NUMBER) for k, v in variables.items()},
            },
            cast=frozenset(cast),
            scenes=frozenset(scene_ids),
        )
        targets = set(scene_ids) | set(ending_ids)

        start = self.text(data, "start", "the scenario")
        if start is not None and found_scenes is not None and start not in scenes_data:
            self.report(
                self.value_at(data, "start"),
                "EQ301",
                f"start scene `{start}` is not one of the scenes{did_you_mean(start, scene_ids)}",
            )

        scenes: dict[str, Scene] = {}
        for scene_id in scene_ids:
            scene = self.scene(scenes_data, scene_id, cast, variables, names, targets)
            if scene is not None:
                scenes[scene_id] = scene
        endings: dict[str, Ending] = {}
        for ending_id in ending_ids:
            ending = self.ending(endings_data, ending_id)
            if ending is not None:
                endings[ending_id] = ending

        if any(d.severity == ERROR for d in self.diagnostics):
            return None
        if (  # each of these was reported above if missing; a bug otherwise
            scenario_id is None
            or title is None
            or summary is None
            or difficulty is None
            or minutes is None
            or start is None
        ):
            raise AssertionError("a required key is missing, yet no error was reported")
        scenario = Scenario(
            id=scenario_id,
            title=title,
            summary=summary.strip(),
            areas=tuple(areas),
            difficulty=int(difficulty),
            minutes=minutes,
            cast=cast,
            vars=variables,
            start=start,
            scenes=scenes,
            endings=endings,
            path=self.path,
        )
        for at, code, message in [*analysis.check(scenario), *story_checks.check(scenario)]:
            self.report(at, code, message)
        return scenario

    def areas(self, data: Mapping) -> list[str]:
        if "areas" not in data:
            return []
        value = data["areas"]
        value_list: list[Data]
        if isinstance(value, str):
            value_list, positions = [value], [self.value_at(data, "areas")]
        elif isinstance(value, Sequence):
            value_list, positions = list(value), [position(m) for m in value.item_pos]
        else:
            self.report(
                self.value_at(data, "areas"),
                "EQ202",
                f"`areas` should be a list such as `[scope, stakeholders]`, not {kind_of(value)}",
            )
            return []
        if not value_list:
            self.report(
                self.value_at(data, "areas"),
                "EQ208",
                "`areas` is empty; name at least one knowledge area",
            )
        areas: list[str] = []
        for area, pos in zip(value_list, positions, strict=True):
            if not isinstance(area, str) or area not in AREAS:
                self.report(
                    pos,
                    "EQ206",
                    f"unknown knowledge area `{area}`"
                    + (did_you_mean(str(area), AREAS) or "; the areas are " + ", ".join(AREAS)),
                )
            elif area not in areas:
                areas.append(area)
        return areas

    def cast(self, data: Mapping) -> dict[str, CastMember]:
        cast_data = self.mapping(data, "cast", "the scenario", required=False) or empty_mapping()
        cast: dict[str, CastMember] = {}
        for cast_id, member in cast_data.items():
            where = f"cast member `{cast_id}`"
            pos = self.key_at(cast_data, cast_id)
            if not NAME.match(cast_id):
                self.report(
                    pos,
                    "EQ204",
                    f"cast id `{cast_id}` should be a single word of letters, digits and "
                    "underscores",
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
                    f"{where} should be a mapping with `name`, `role` and `trust`, not "
                    f"{kind_of(member)}",
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

    def variables(self, data: Mapping, cast: Collection[str]) -> dict[str, float | bool]:
        vars_data = self.mapping(data, "vars", "the scenario", required=False) or empty_mapping()
        variables: dict[str, float | bool] = {}
        for name, value in vars_data.items():
            pos = self.key_at(vars_data, name)
            if not NAME.match(name):
                self.report(
                    pos,
                    "EQ204",
                    f"variable name `{name}` should be a single word of letters, digits and "
                    "underscores",
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
            if isinstance(value, bool) or is_number(value):
                variables[name] = value
            else:
                yes_no = str(value).lower() in ("yes", "no", "on", "off")
                # Conditions that use it are read as the author meant it (yes/no: true/false).
                self.broken_vars[name] = BOOLEAN if yes_no else NUMBER
                hint = "; write true or false" if yes_no else ""
                self.report(
                    self.value_at(vars_data, name),
                    "EQ202",
                    f"variable `{name}` should be a number or true/false, not "
                    f"{kind_of(value)}{hint}",
                )
        return variables


def load_file(path: str) -> LoadResult:
    """Load one scenario file; never raises for bad input."""
    reader = ScenarioReader(path)
    try:
        data = load_data(path)
    except SourceError as exc:
        return LoadResult(path, None, [exc.diagnostic])
    if not isinstance(data, Mapping):
        reader.report((1, 1), "EQ111", "the file does not hold a scenario mapping")
        return LoadResult(path, None, reader.diagnostics)
    scenario = reader.scenario(data)
    failed = any(d.severity == ERROR for d in reader.diagnostics)
    return LoadResult(
        path,
        scenario,
        reader.diagnostics,
        reader.value_at(data, "id"),
        None if scenario is None or failed else scenario.id,
    )

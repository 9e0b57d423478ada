"""Reading the scenes, read questions, choices and endings of a scenario file."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping as Mapping_

from .conditions import BOOLEAN, NUMBER, ConditionError, Names, parse_condition
from .diagnostics import did_you_mean
from .model import (
    DIMENSIONS,
    OUTCOMES,
    Branch,
    Choice,
    Condition,
    Ending,
    ReadOption,
    ReadQuestion,
    Scene,
)
from .read_fields import (
    BRANCH_KEYS,
    CHOICE_KEYS,
    ENDING_KEYS,
    READ_KEYS,
    READ_OPTION_KEYS,
    SCENE_KEYS,
    FieldReader,
    is_number,
    kind_of,
    suggest_target,
)
from .yamlsource import Data, Mapping, Sequence, position

VarMap = Mapping_[str, float | bool]  # the scenario's variables and their initial values


class SceneReader(FieldReader):
    def scene(
        self,
        scenes: Mapping,
        scene_id: str,
        cast: Collection[str],
        variables: VarMap,
        names: Names,
        targets: Collection[str],
    ) -> Scene | None:
        data = scenes[scene_id]
        where = f"scene `{scene_id}`"
        if not isinstance(data, Mapping):
            self.report(
                self.value_at(scenes, scene_id),
                "EQ202",
                f"{where} should be a mapping with `text` and `choices`, not {kind_of(data)}",
            )
            return None
        scene_at = self.key_at(scenes, scene_id)
        self.keys(data, SCENE_KEYS, ("text",), where, at=scene_at)
        speaker = self.text(data, "speaker", where)
        if speaker is not None and speaker not in cast:
            self.report(
                self.value_at(data, "speaker"),
                "EQ302",
                f"speaker `{speaker}` is not in the "
                f"cast{did_you_mean(speaker, cast) or '; leave it out for narration'}",
            )
        mood = self.text(data, "mood", where)
        title = self.text(data, "title", where) or ""
        text = self.text(data, "text", where)
        read = self.read(data, where) if "read" in data else None
        timer = self.number(data, "timer", where, 5, 3600)
        timeout = self.text(data, "timeout", where)
        if timeout is not None and timeout not in targets:
            self.report(
                self.value_at(data, "timeout"),
                "EQ300",
                f"timeout leads to `{timeout}`, which is neither a scene nor an "
                f"ending{suggest_target(timeout, targets)}",
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
                scene_at,
                "EQ500",
                f"{where} has no choices; a scene without choices must be written under `endings:`",
            )
        elif not isinstance(choices_data, Sequence):
            self.report(
                self.value_at(data, "choices"),
                "EQ202",
                f"`choices` in {where} should be a list of `- text: ...` items, not "
                f"{kind_of(choices_data)}",
            )
        else:
            for number, (item, mark) in enumerate(
                zip(choices_data, choices_data.item_pos, strict=True), 1
            ):
                pos = position(mark)
                choice = self.choice(
                    item, pos, f"choice {number} of {where}", variables, cast, names, targets
                )
                if choice is not None:
                    choices.append(choice)
        if text is None:
            return None
        choices_at = self.key_at(data, "choices") if "choices" in data else scene_at
        return Scene(
            id=scene_id,
            text=text,
            choices=tuple(choices),
            speaker=speaker,
            mood=mood,
            read=read,
            timer=timer,
            timeout=timeout,
            line=scene_at[0],
            col=scene_at[1],
            title=title,
            choices_line=choices_at[0],
            choices_col=choices_at[1],
        )

    def read(self, scene: Mapping, where: str) -> ReadQuestion | None:
        data = scene["read"]
        where = f"the read question of {where}"
        if not isinstance(data, Mapping):
            self.report(
                self.value_at(scene, "read"),
                "EQ202",
                f"{where} should be a mapping with `prompt`, `options` and `why`, not "
                f"{kind_of(data)}",
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
                f"`options` in {where} should be a list, not {kind_of(options_data)}",
            )
        elif isinstance(options_data, Sequence):
            if len(options_data) < 2:
                self.report(
                    self.key_at(data, "options"), "EQ208", f"{where} needs at least two options"
                )
            for item, mark in zip(options_data, options_data.item_pos, strict=True):
                pos = position(mark)
                if not isinstance(item, Mapping):
                    self.report(
                        pos,
                        "EQ202",
                        f"an option of {where} should be `{{text: ..., correct: true}}`, not "
                        f"{kind_of(item)}",
                    )
                    continue
                self.keys(item, READ_OPTION_KEYS, ("text",), f"an option of {where}")
                text = self.text(item, "text", f"an option of {where}")
                correct = item.get("correct", False)
                if not isinstance(correct, bool):
                    self.report(
                        self.value_at(item, "correct"),
                        "EQ202",
                        f"`correct` should be true or false, not {kind_of(correct)}",
                    )
                    correct = False
                if text is not None:
                    options.append(ReadOption(text, correct))
            if len(options) == len(options_data) >= 2:
                correct_count = sum(o.correct for o in options)
                if correct_count == 0 or correct_count == len(options):
                    self.report(
                        self.key_at(data, "options"),
                        "EQ503",
                        f"{where} has {'no' if correct_count == 0 else 'only'} correct options; "
                        "mark the right answer(s) with `correct: true` and leave at least one "
                        "wrong",
                    )
        if prompt is None or why is None or not options:
            return None
        return ReadQuestion(prompt, tuple(options), why)

    def choice(
        self,
        data: Data,
        pos: tuple[int, int],
        where: str,
        variables: VarMap,
        cast: Collection[str],
        names: Names,
        targets: Collection[str],
    ) -> Choice | None:
        if not isinstance(data, Mapping):
            self.report(
                pos,
                "EQ202",
                f"{where} should be a mapping with `text`, `scores`, `why` and `goto`, not "
                f"{kind_of(data)}",
            )
            return None
        self.keys(data, CHOICE_KEYS, ("text", "scores", "goto"), where, targets=targets)
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
                    f"`if` in {where} should be a condition such as `budget_k > 50`, not "
                    f"{kind_of(source)}",
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
                f"`scores` in {where} should be a mapping such as "
                f"`{{communication: 1, strategy: 2}}`, not {kind_of(scores_data)}",
            )
            return None
        scores: dict[str, float] = dict.fromkeys(DIMENSIONS, 0)
        ok = True
        for dimension in scores_data:
            if dimension not in DIMENSIONS:
                self.report(
                    self.key_at(scores_data, dimension),
                    "EQ207",
                    f"unknown dimension `{dimension}`"
                    + (
                        did_you_mean(dimension, DIMENSIONS)
                        or "; the dimensions are " + ", ".join(DIMENSIONS)
                    ),
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
        self, data: Mapping, key: str, where: str, variables: VarMap, cast: Collection[str]
    ) -> dict[str, float | bool]:
        effects_data = self.mapping(data, key, where, required=False)
        effects: dict[str, float | bool] = {}
        adding = key == "effects"
        if effects_data is None:
            return effects
        for target, value in effects_data.items():
            if target.endswith(".trust") and target[:-6] in cast:
                kind = NUMBER
            elif target in variables:
                kind = BOOLEAN if isinstance(variables[target], bool) else NUMBER
            elif target in self.broken_vars:
                continue  # its declaration is reported; no second error for the same mistake
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
                    message = (
                        f"`{target}` is not a variable or a cast member's trust"
                        + did_you_mean(target, known)
                    )
                    if not did_you_mean(target, known):
                        message += "; declare it under `vars:` first"
                self.report(
                    self.key_at(effects_data, target), "EQ303", f"{key} of {where}: {message}"
                )
                continue
            if kind == BOOLEAN:
                if isinstance(value, bool):
                    effects[target] = value
                else:
                    self.report(
                        self.value_at(effects_data, target),
                        "EQ307",
                        f"`{target}` is true/false; set it to true or false, not {kind_of(value)}",
                    )
                continue
            if not is_number(value):
                how = "add to it with +N or -N" if adding else "set it to a number"
                self.report(
                    self.value_at(effects_data, target),
                    "EQ307",
                    f"`{target}` is a number; {how}, not {kind_of(value)}",
                )
            elif target.endswith(".trust") and not (-100 if adding else 0) <= value <= 100:
                low = -100 if adding else 0
                self.report(
                    self.value_at(effects_data, target),
                    "EQ203",
                    f"{key} of {where} {'adds' if adding else 'sets'} {value:g} to `{target}`; "
                    "trust runs from 0 to 100, "
                    f"so this must be between {low} and 100",
                )
            else:
                effects[target] = value
        return effects

    def goto(
        self, data: Mapping, where: str, targets: Collection[str]
    ) -> tuple[Branch, ...] | None:
        if "goto" not in data:
            return None
        value = data["goto"]
        pos = self.value_at(data, "goto")
        if isinstance(value, str):
            if value not in targets:
                self.report(
                    pos,
                    "EQ300",
                    f"goto `{value}` in {where} is neither a scene nor an "
                    f"ending{suggest_target(value, targets)}",
                )
                return None
            return (Branch(value),)
        if not isinstance(value, Sequence) or not value:
            self.report(
                pos,
                "EQ202",
                f"`goto` in {where} should name a scene or an ending, or list "
                f"`{{to: ..., chance: ...}}` outcomes; found {kind_of(value)}",
            )
            return None
        branches = []
        ok = True
        for item, mark in zip(value, value.item_pos, strict=True):
            item_pos = position(mark)
            if not isinstance(item, Mapping):
                self.report(
                    item_pos,
                    "EQ202",
                    f"each chance outcome of {where} should be `{{to: scene, chance: 0.5}}`, not "
                    f"{kind_of(item)}",
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
                    f"`to: {to}` in {where} is neither a scene nor an "
                    f"ending{suggest_target(to, targets)}",
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
                f"{where} should be a mapping with `outcome` and `text`, not {kind_of(data)}",
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
                f"outcome `{outcome}` of {where} should be good, mixed or "
                f"bad{did_you_mean(outcome, OUTCOMES)}",
            )
            return None
        text = self.text(data, "text", where)
        title = self.text(data, "title", where) or ""
        if outcome is None or text is None:
            return None
        line, col = self.key_at(endings, ending_id)
        return Ending(ending_id, outcome, text, title, line=line, col=col)

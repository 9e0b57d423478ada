"""Property-based tests: whatever a file holds, the loader answers with diagnostics, never a crash;
and any valid scenario can be played to an ending (or to a clearly reported stuck scene)."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eqtrainer.domain.diagnostics import CODES, severity_of
from eqtrainer.domain.engine import (
    AwaitingChoice,
    AwaitingRead,
    Ended,
    Phase,
    Playthrough,
    Stuck,
)
from eqtrainer.domain.loader import LoadResult, load_file
from eqtrainer.domain.model import DIMENSIONS, OUTCOMES
from eqtrainer.domain.replay import ReplayError, replay_choices

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINE = re.compile(r"^.+:\d+:\d+: (error|warning) EQ\d{3}: .+$")
BREAKS = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")  # what YAML counts as a line break


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("properties") / "scenario.yaml"


def load_bytes(path, data: bytes) -> LoadResult:
    path.write_bytes(data)
    result = load_file(str(path))
    check_result(result, str(path), data)
    return result


def check_result(result, path: str, data: bytes) -> None:
    assert isinstance(result, LoadResult)
    lines = len(BREAKS.findall(data.decode("utf-8", "replace"))) + 1
    for d in result.diagnostics:
        assert d.file == path
        assert d.code in CODES
        assert d.severity == severity_of(d.code)
        assert 1 <= d.line <= lines, str(d)
        assert d.col >= 1
        assert LINE.match(str(d)) and str(d).isprintable(), str(d)
    if result.scenario is None:
        assert result.errors, "a file that yields no scenario must say why"
    if not result.errors:
        assert result.scenario is not None


# -- valid scenarios, generated --------------------------------------------------------------------

SCORE = st.sampled_from([-2, -1.5, -1, -0.5, 0, 0.25, 0.5, 1, 1.5, 2])
TEXT = st.sampled_from(
    [
        "Dana stops you after stand-up.",
        "Raj looks worried: the estimate is late.",
        '"Can we talk?" she asks.',
        "Café, naïve, 日本語 and emoji 🙂 are fine.",
        "A long line that the YAML writer may fold " * 3,
        "Multi\nline\ntext\n",
    ]
)


class _NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):
        return True


def dump(data) -> bytes:
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True).encode("utf-8")


@st.composite
def scenario_data(draw):
    scene_ids = [f"scene-{i}" for i in range(draw(st.integers(1, 6)))]
    ending_ids = [f"end_{i}" for i in range(draw(st.integers(1, 3)))]
    cast_ids = draw(st.lists(st.sampled_from(["dana", "raj", "mei"]), unique=True, max_size=3))
    numbers = draw(
        st.lists(st.sampled_from(["budget", "morale", "risk_k"]), unique=True, max_size=3)
    )
    flags = draw(st.lists(st.sampled_from(["frozen", "signed"]), unique=True, max_size=2))

    def atom():
        options = [f"visited({draw(st.sampled_from(scene_ids))})", "true"]
        options += [
            f"{v} {draw(st.sampled_from(['<', '<=', '>', '>=', '==', '!=']))} {draw(st.integers(-20, 20))}"
            for v in numbers
        ]
        for f in flags:
            options += [f, f"not {f}", f"{f} == {draw(st.sampled_from(['true', 'false']))}"]
        options += [f"{c}.trust >= {draw(st.integers(0, 100))}" for c in cast_ids]
        return draw(st.sampled_from(options))

    def condition():
        parts = [atom() for _ in range(draw(st.integers(1, 3)))]
        text = parts[0]
        for part in parts[1:]:
            text = f"{text} {draw(st.sampled_from(['and', 'or']))} {part}"
        return f"({text})" if draw(st.booleans()) else text

    def changes(adding):
        result = {}
        for v in draw(st.lists(st.sampled_from(numbers), unique=True)) if numbers else []:
            result[v] = draw(st.integers(-30, 30))
        for f in draw(st.lists(st.sampled_from(flags), unique=True)) if flags else []:
            result[f] = draw(st.booleans())
        for c in draw(st.lists(st.sampled_from(cast_ids), unique=True)) if cast_ids else []:
            # adding may push past either end (the engine clamps); `set` must name a real trust value
            result[f"{c}.trust"] = draw(st.integers(-100, 100) if adding else st.integers(0, 100))
        return result

    scenes = {}
    for index, scene_id in enumerate(scene_ids):
        later = scene_ids[index + 1 :] + ending_ids  # gotos only go forward, so every walk ends
        choices = []
        for number in range(draw(st.integers(1, 4))):
            choice = {
                "text": f"Option {number + 1}: " + draw(TEXT),
                "scores": {
                    d: draw(SCORE) for d in draw(st.lists(st.sampled_from(DIMENSIONS), unique=True))
                },
                "why": draw(TEXT),
            }
            for key in ("effects", "set"):
                if draw(st.booleans()):
                    choice[key] = changes(key == "effects")
            # the start scene keeps one choice without a condition, or it would be an error (EQ507)
            if (index, number) != (0, 0) and draw(st.booleans()):
                choice["if"] = condition()
            if draw(st.integers(0, 3)) == 0:
                targets = draw(st.lists(st.sampled_from(later), min_size=2, max_size=3))
                choice["goto"] = [
                    {"to": t, "chance": draw(st.sampled_from([0.1, 0.25, 0.5, 0.75, 1]))}
                    for t in targets
                ]
            else:
                choice["goto"] = draw(st.sampled_from(later))
            choices.append(choice)
        scene = {}
        if cast_ids and draw(st.booleans()):
            scene["speaker"] = draw(st.sampled_from(cast_ids))
        scene["text"] = draw(TEXT)
        if draw(st.booleans()):
            right = draw(st.integers(1, 3))
            wrong = draw(st.integers(1, 3))
            options = [{"text": f"Right {i}", "correct": True} for i in range(right)]
            options += [{"text": f"Wrong {i}"} for i in range(wrong)]
            scene["read"] = {
                "prompt": "What is she feeling?",
                "options": draw(st.permutations(options)),
                "why": "Because of what she says.",
            }
        if draw(st.booleans()):
            scene["timer"] = draw(st.integers(5, 3600))
            scene["timeout"] = draw(st.sampled_from(later))
        scene["choices"] = choices
        scenes[scene_id] = scene
    data = {
        "format": 1,
        "id": "generated",
        "title": "Generated",
        "summary": "A generated scenario.",
        "areas": draw(
            st.lists(
                st.sampled_from(["scope", "risk", "cost", "stakeholders"]), min_size=1, unique=True
            )
        ),
        "difficulty": draw(st.integers(1, 3)),
        "minutes": draw(st.integers(1, 60)),
    }
    if cast_ids:
        data["cast"] = {
            c: {"name": c.title(), "role": "Colleague", "trust": draw(st.integers(0, 100))}
            for c in cast_ids
        }
    if numbers or flags:
        data["vars"] = {
            **{v: draw(st.integers(-20, 20)) for v in numbers},
            **{f: draw(st.booleans()) for f in flags},
        }
    data["start"] = scene_ids[0]
    data["scenes"] = scenes
    data["endings"] = {
        e: {"outcome": draw(st.sampled_from(OUTCOMES)), "text": draw(TEXT)} for e in ending_ids
    }
    return data


@SETTINGS
@given(data=scenario_data(), play=st.data())
def test_generated_valid_scenarios_load_and_every_random_walk_ends_or_reports_stuck(
    scratch, data, play
):
    result = load_bytes(scratch, dump(data))
    assert result.errors == [], "\n".join(map(str, result.errors))
    scenario = result.scenario
    walk = Playthrough(scenario, seed=play.draw(st.integers(0, 2**31 - 1)))
    keys = []
    for _ in range(
        2 * len(scenario.scenes) + 2
    ):  # gotos go forward: one decision per scene at most
        if walk.finished or walk.stuck:
            break
        scene = walk.scene
        if scene.timer is not None and play.draw(st.integers(0, 4)) == 0:
            walk.time_out()
            keys.append("t")
        elif walk.awaiting_read:
            answer = play.draw(st.integers(0, len(scene.read.options) - 1))
            walk.answer_read(answer)
            keys.append(str(answer + 1))
        else:
            number = play.draw(st.integers(0, len(walk.choices) - 1))
            walk.choose(number)
            keys.append(str(number + 1))
    assert walk.finished or walk.stuck
    if walk.stuck:
        assert walk.scene is not None and walk.choices == ()
    for value in walk.scores().values():
        assert value is None or 0.0 <= value <= 100.0
    assert all(d.band in ("Best", "Sound", "Risky") for d in walk.decisions)
    assert all(0 <= t <= 100 for t in walk.trust.values())
    # the keys pressed replay to exactly the same playthrough
    if walk.finished:
        report = replay_choices(scenario, ",".join(keys), walk.seed)
        assert report["ending"] == walk.ending.id and report["scores"] == walk.scores()
        assert [d["band"] for d in report["decisions"]] == [d.band for d in walk.decisions]
    else:
        with pytest.raises(ReplayError, match=f"scene `{walk.scene.id}` shows no choice"):
            replay_choices(scenario, ",".join([*keys, "1"]), walk.seed)


# -- mangled input ---------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_the_loader(scratch, data):
    load_bytes(scratch, data)


YAMLISH = st.lists(
    st.sampled_from(
        [
            "format: 1\n",
            "id: x\n",
            "scenes:\n",
            "endings:\n",
            "  a:\n",
            "    text: hi\n",
            "    choices:\n",
            "      - text: go\n",
            "        goto: a\n",
            "- ",
            "  ",
            "\t",
            "\n",
            ": ",
            ":",
            "-",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a ",
            "*a",
            "!!python/object/apply:os.system ",
            "!x ",
            "? ",
            "|\n",
            ">-\n",
            "'",
            '"',
            "#",
            "---\n",
            "...\n",
            "%YAML 1.1\n",
            "\\",
            "\x00",
            "\x07",
            "\ufeff",
            "é",
            "\u2028",
            "\r",
            "1",
            "-2.5",
            "true",
            "null",
            "~",
            "if: a and (b\n",
            "visited(",
            "dana.trust",
            "\x85",
        ]
    ),
    max_size=60,
).map("".join)


@SETTINGS
@given(text=st.one_of(YAMLISH, st.text(max_size=400)))
def test_random_yaml_like_text_never_crashes_the_loader(scratch, text):
    load_bytes(scratch, text.encode("utf-8", "surrogatepass"))


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["scene-0", "end_0", "dana", "true", "no", "1e999", "-", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def containers(node, path=()):
    """Every (path, dict-or-list) inside the data."""
    if isinstance(node, (dict, list)):
        yield path, node
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            yield from containers(value, (*path, key))


@st.composite
def mangled(draw):
    data = copy.deepcopy(draw(scenario_data()))
    for _ in range(draw(st.integers(1, 4))):
        candidates = [(p, c) for p, c in containers(data) if c]
        if not candidates:
            break
        _, container = draw(st.sampled_from(candidates))
        key = draw(
            st.sampled_from(
                list(container.keys())
                if isinstance(container, dict)
                else list(range(len(container)))
            )
        )
        action = draw(st.sampled_from(["delete", "rename", "replace", "typo"]))
        if action == "delete":
            del container[key]
        elif action == "replace":
            container[key] = draw(VALUES)
        elif isinstance(container, dict):
            value = container.pop(key)
            if action == "rename":
                new = draw(
                    st.text(max_size=10)
                    | st.sampled_from(["scnes", "choises", "goto", "if", "why", "id"])
                )
            else:
                cut = draw(st.integers(0, max(0, len(key) - 1)))
                new = key[:cut] + key[cut + 1 :]
            container[new] = value
    return data


@SETTINGS
@given(data=mangled())
def test_valid_scenarios_with_keys_deleted_renamed_or_values_replaced_never_crash(scratch, data):
    result = load_bytes(scratch, dump(data))
    if result.scenario is not None and not result.errors:
        walk = Playthrough(result.scenario, seed=0)  # whatever survives validation can be played
        for _ in range(3 * len(result.scenario.scenes) + 3):
            phase = walk.phase
            check_phase(walk, phase)
            if isinstance(phase, Ended | Stuck):
                break
            if isinstance(phase, AwaitingRead):
                walk.answer_read(0)
            else:
                walk.choose(len(phase.choices) - 1)


def check_phase(walk: Playthrough, phase: Phase) -> None:
    """Each phase holds what it says: a player is never shown an impossible state."""
    scenario = walk.scenario
    if isinstance(phase, Ended):
        assert scenario.endings[phase.ending.id] is phase.ending and walk.finished
        assert walk.choices == () and walk.scene is None
    elif isinstance(phase, Stuck):
        assert phase.scene.choices and walk.choices == ()
        assert all(
            c.condition is not None and not c.condition.test(walk.state)
            for c in phase.scene.choices
        )
    elif isinstance(phase, AwaitingRead):
        assert phase.question is phase.scene.read and walk.read_answer is None
        assert phase.choices and set(phase.choices) <= set(phase.scene.choices)
    else:
        assert isinstance(phase, AwaitingChoice)
        assert phase.choices and set(phase.choices) <= set(phase.scene.choices)
        assert (phase.read is None) == (phase.scene.read is None)


@SETTINGS
@given(
    data=scenario_data(),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.integers(1, 20), st.text(max_size=5)), min_size=1, max_size=4
    ),
)
def test_valid_scenarios_with_text_cut_and_spliced_never_crash(scratch, data, cuts):
    text = dump(data).decode("utf-8")
    for where, length, insert in cuts:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + length :]
    load_bytes(scratch, text.encode("utf-8", "surrogatepass"))

"""Conditions (`if:`): parsed when a file loads, checked against the scenario, never run as code."""

from __future__ import annotations

import builtins
import os
from types import SimpleNamespace

import pytest

from eqtrainer.domain.conditions import BOOLEAN, NUMBER, ConditionError, Names, parse_condition

from .conftest import MINIMAL, load_text, load_valid

NAMES = Names(
    vars={"budget": NUMBER, "morale": NUMBER, "frozen": BOOLEAN, "signed": BOOLEAN},
    cast=frozenset({"dana", "raj"}),
    scenes=frozenset({"hallway", "team-pushback"}),
)


def state(budget=10, morale=0, frozen=False, signed=True, dana=50, raj=70, visited=("hallway",)):
    return SimpleNamespace(
        vars={"budget": budget, "morale": morale, "frozen": frozen, "signed": signed},
        trust={"dana": dana, "raj": raj},
        visited=set(visited),
    )


def error(text: str) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        parse_condition(text, NAMES)
    return caught.value


# -- what conditions mean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("frozen", {}, False),
        ("frozen", {"frozen": True}, True),
        ("not frozen", {}, True),
        ("budget > 5", {}, True),
        ("budget > 10", {}, False),
        ("budget >= 10", {}, True),
        ("budget < 10.5", {}, True),
        ("budget <= 9", {}, False),
        ("budget == 10", {}, True),
        ("budget != 10", {}, False),
        ("budget == 10.0", {}, True),
        ("morale > -1", {}, True),  # negative numbers are numbers too
        ("morale > -1", {"morale": -3}, False),
        ("morale == -0.5", {"morale": -0.5}, True),
        ("budget > .5", {"budget": 0.75}, True),
        ("frozen == false", {}, True),
        ("frozen != true", {"frozen": True}, False),
        ("true", {}, True),
        ("false", {}, False),
        ("dana.trust >= 40", {}, True),
        ("dana.trust >= 40", {"dana": 39}, False),
        ("dana . trust > raj.trust", {"dana": 80}, True),
        ("visited(hallway)", {}, True),
        ("visited(team-pushback)", {}, False),
        ("visited( team-pushback )", {"visited": ("team-pushback",)}, True),
        ("signed and budget > 5", {}, True),
        ("signed and budget > 50", {}, False),
        ("frozen or budget > 5", {}, True),
        # `and` binds tighter than `or`: true or (x and false) is true; (true or x) and false is not
        ("signed or frozen and false", {}, True),
        ("(signed or frozen) and false", {}, False),
        # `not` binds looser than a comparison: not (budget > 5)
        ("not budget > 5", {}, False),
        ("not not signed", {}, True),
        ("not (frozen or signed)", {}, False),
        ("dana.trust >= 40 and not frozen or visited(team-pushback)", {"dana": 10}, False),
        (
            "dana.trust >= 40 and not frozen or visited(team-pushback)",
            {"dana": 10, "visited": ("team-pushback",)},
            True,
        ),
    ],
)
def test_conditions_evaluate_against_the_playthrough_state(text, values, expected):
    test = parse_condition(text, NAMES)
    assert test.evaluate(state(**values)) is expected


# -- mistakes, reported with their code and 0-based column in the condition --------------------


@pytest.mark.parametrize(
    "text, code, offset, message",
    [
        ("", "EQ400", 0, "the condition is empty"),
        ("   ", "EQ400", 0, "the condition is empty"),
        ("budget > 5 && frozen", "EQ400", 11, "write `and` instead of `&&`"),
        ("frozen || signed", "EQ400", 7, "write `or` instead of `||`"),
        ("!frozen", "EQ400", 0, "write `not` instead of `!`"),
        ("budget = 5", "EQ400", 7, "write `==` to compare"),
        (
            "budget > 5 and",
            "EQ400",
            14,
            "expected a name, a number, true or false, found the end of the condition",
        ),
        (
            "(budget > 5",
            "EQ400",
            11,
            "expected `)` to close the parenthesis, found the end of the condition",
        ),
        ("budget > 5)", "EQ400", 10, "unexpected `)`; join tests with `and` or `or`"),
        ("signed frozen", "EQ400", 7, "unexpected `frozen`; join tests with `and` or `or`"),
        ("1 < budget < 20", "EQ400", 11, "unexpected `<`; join tests with `and` or `or`"),
        ("budget - 5 > 1", "EQ400", 7, "`-` is not allowed in a condition"),
        (
            "not",
            "EQ400",
            3,
            "expected a name, a number, true or false, found the end of the condition",
        ),
        ("and signed", "EQ400", 0, "`and` needs a test on each side"),
        ("visited", "EQ400", 0, "visited() takes one scene id, e.g. `visited(team-pushback)`"),
        ("visited()", "EQ400", 8, "visited() takes one scene id, e.g. `visited(team-pushback)`"),
        (
            "visited(hallway",
            "EQ400",
            8,
            "visited() takes one scene id, e.g. `visited(team-pushback)`",
        ),
        (
            "budgt > 5",
            "EQ401",
            0,
            "`budgt` is not a variable of this scenario; did you mean `budget`? If it is a new one, "
            "declare it under `vars:`, e.g. `budgt: false` or `budgt: 0`",
        ),
        (
            "signed and zzz",
            "EQ401",
            11,
            "`zzz` is not a variable of this scenario; declare it under `vars:`, e.g. "
            "`zzz: false` or `zzz: 0`",
        ),
        # A name that only looks like a cast member's is a variable to declare, not `dana.trust`.
        (
            "signed and dana_rested",
            "EQ401",
            11,
            "`dana_rested` is not a variable of this scenario; declare it under `vars:`, e.g. "
            "`dana_rested: false` or `dana_rested: 0`",
        ),
        ("dana > 5", "EQ401", 0, "`dana` is a cast member; write `dana.trust` to test their trust"),
        # YAML 1.1's booleans and Python's are not a variable to declare
        (
            "frozen == yes",
            "EQ401",
            10,
            "only `true` and `false` are true/false values in a condition, not `yes`: write `true`",
        ),
        (
            "signed and frozen != off",
            "EQ401",
            21,
            "only `true` and `false` are true/false values in a condition, not `off`: "
            "write `false`",
        ),
        (
            "frozen == True",
            "EQ401",
            10,
            "only `true` and `false` are true/false values in a condition, not `True`: "
            "write `true`",
        ),
        (
            "dana.mood == 1",
            "EQ401",
            5,
            "a cast member has only `trust`, not `mood`; write `dana.trust`",
        ),
        ("bob.trust > 5", "EQ401", 0, "`bob` is not in the cast"),
        (
            "budget",
            "EQ402",
            0,
            "`budget` is a number, not a yes/no test; compare it, e.g. `budget > 0`",
        ),
        (
            "signed and 5",
            "EQ402",
            11,
            "`5` is a number, not a yes/no test; compare it, e.g. `5 > 0`",
        ),
        (
            "not budget",
            "EQ402",
            4,
            "`budget` is a number, not a yes/no test; compare it, e.g. `budget > 0`",
        ),
        (
            "dana.trust and signed",
            "EQ402",
            0,
            "`dana.trust` is a number, not a yes/no test; compare it, e.g. `dana.trust > 0`",
        ),
        ("dana.trust => 40", "EQ400", 11, "write `>=` for 'at least'"),
        (
            "budget.trust > 1",
            "EQ401",
            0,
            "`budget` is a variable and has no `.trust`; write `budget` alone",
        ),
        (
            "frozen == 1",
            "EQ402",
            7,
            "`==` compares a true/false with a number; compare like with like",
        ),
        (
            "frozen > signed",
            "EQ402",
            7,
            "`>` needs numbers; true/false can only be tested with == or !=",
        ),
        ("visited(nowhere)", "EQ403", 8, "visited() names `nowhere`, which is not a scene"),
        (
            "visited(hallwya)",
            "EQ403",
            8,
            "visited() names `hallwya`, which is not a scene; did you mean `hallway`?",
        ),
    ],
)
def test_mistakes(text, code, offset, message):
    e = error(text)
    assert (e.code, e.offset, e.message) == (code, offset, message)


def test_very_long_or_deeply_parenthesised_conditions_are_refused_quickly():
    long = " and ".join(["signed"] * 100)
    assert len(long) > 500
    assert (error(long).code, error(long).message) == (
        "EQ400",
        "the condition is longer than 500 characters; split the logic into variables",
    )
    nested = "(" * 51 + "signed" + ")" * 51
    assert (error(nested).code, error(nested).message) == (
        "EQ400",
        "the condition nests too many parentheses",
    )
    # just inside both limits it still works
    assert parse_condition("(" * 50 + "signed" + ")" * 50, NAMES).evaluate(state()) is True


# -- attempts to run code: validation errors, and nothing runs ------------------------------------

ATTACKS = [
    ("__import__('os').system('touch MARKER')", "EQ400", 11),  # the quote: `'` is not allowed
    ("eval('1')", "EQ400", 5),
    ('exec("import os")', "EQ400", 5),
    ("eval(budget)", "EQ401", 0),  # `eval` is just an unknown name
    ("open('/etc/passwd')", "EQ400", 5),
    ("budget.__class__", "EQ401", 0),  # attribute access on a variable
    ("dana.__class__", "EQ401", 5),  # attribute access on a cast member
    ("dana.trust.__class__", "EQ400", 10),  # attribute access on a value
    ("().__class__.__bases__", "EQ400", 1),
    ("__builtins__", "EQ401", 0),
    ("getattr(dana, 'trust')", "EQ400", 12),
    ("lambda: 1", "EQ400", 6),
    ("[c for c in ()]", "EQ400", 0),
    ("budget; import os", "EQ400", 6),
    ("budget if 1 else 2", "EQ400", 7),
    ("budget ** 99999999 > 1", "EQ400", 7),
    ("f'{budget}'", "EQ400", 1),
    ("\\x41", "EQ400", 0),
]


@pytest.mark.parametrize("text, code, offset", ATTACKS)
def test_code_is_never_run(text, code, offset, monkeypatch, tmp_path):
    ran = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "system", lambda *a: ran.append(("system", a)) or 0)
    for name in ("eval", "exec", "compile"):
        original = getattr(builtins, name)
        monkeypatch.setattr(
            builtins, name, lambda *a, _n=name, _o=original, **k: ran.append((_n, a)) or _o(*a, **k)
        )
    e = error(text)
    monkeypatch.undo()
    assert (e.code, e.offset) == (code, offset)
    assert ran == []
    assert not (tmp_path / "MARKER").exists()


def test_code_in_a_scenario_file_is_a_validation_error_at_its_line_and_column(
    tmp_path, monkeypatch
):
    ran = []
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a) or 0)
    text = MINIMAL.replace(
        "        goto: good-end\n",
        "        if: __import__('os').system('touch pwned') or true\n        goto: good-end\n",
    )
    result = load_text(tmp_path, text)
    assert result.scenario is None
    [d] = result.diagnostics
    # `        if: ` is 12 characters; the first quote is 11 characters into the condition
    assert (d.line, d.col, d.code) == (22, 24, "EQ400")
    assert (
        d.message
        == "in the condition `__import__('os').system('touch pwned') or true`: `'` is not allowed in a condition"
    )
    assert ran == [] and not (tmp_path / "pwned").exists()


def test_conditions_in_a_scenario_hide_choices(tmp_path):
    text = MINIMAL.replace(
        "        goto: bad-end\n",
        "        if: dana.trust > 60 and not frozen\n        goto: bad-end\n",
    )
    scenario = load_valid(tmp_path, text)
    condition = scenario.scenes["hallway"].choices[1].condition
    assert condition.source == "dana.trust > 60 and not frozen"
    assert condition.test(state(dana=61)) is True
    assert condition.test(state(dana=60)) is False


def test_a_variable_named_like_a_yaml_boolean_is_still_the_variable():
    names = Names(vars={"n": NUMBER}, cast=frozenset(), scenes=frozenset())
    test = parse_condition("n > 1", names)
    assert test.evaluate(SimpleNamespace(vars={"n": 2}, trust={}, visited=set())) is True


def test_yes_in_a_condition_of_a_file_says_write_true_at_its_column(tmp_path):
    text = MINIMAL.replace(
        "        goto: bad-end\n", "        if: frozen == no\n        goto: bad-end\n"
    )
    [d] = load_text(tmp_path, text).diagnostics
    # `        if: ` is 12 characters, `no` is 10 characters into the condition
    assert (d.line, d.col, d.code) == (26, 23, "EQ401")
    assert d.message == (
        "in the condition `frozen == no`: only `true` and `false` are true/false values in a "
        "condition, not `no`: write `false`"
    )


def test_yaml_true_as_a_condition_means_always(tmp_path):
    scenario = load_valid(
        tmp_path,
        MINIMAL.replace("        goto: bad-end\n", "        if: true\n        goto: bad-end\n"),
    )
    assert scenario.scenes["hallway"].choices[1].condition.test(state()) is True

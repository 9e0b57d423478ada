"""The safe YAML reader: plain data only, with the line and column of every key and value."""

from __future__ import annotations

import pytest

from eqtrainer.domain.yamlsource import (
    MAX_BYTES,
    Mapping,
    Sequence,
    SourceError,
    load_data,
    parse,
    position,
    resolve_plain,
)

from .conftest import write_scenario


@pytest.mark.parametrize(
    "text, value",
    [
        ("true", True),
        ("false", False),
        ("True", True),
        ("FALSE", False),
        ("", None),
        ("~", None),
        ("null", None),
        ("10", 10),
        ("+10", 10),
        ("-5", -5),
        ("0", 0),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("1e3", 1000.0),
        # YAML 1.2 core schema: these are words an author means as words, not booleans or numbers
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("0x10", "0x10"),
        ("0o7", "0o7"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("12:30", "12:30"),
        ("2024-01-01", "2024-01-01"),
        ("Dana", "Dana"),
        ("-", "-"),
    ],
)
def test_plain_scalars_resolve_to_yaml_1_2_core_values(text, value):
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_quoted_values_stay_text(tmp_path):
    data = load_data(str(write_scenario(tmp_path, 'a: "10"\nb: \'true\'\nc: 10\nd: "no"\n')))
    assert data == {"a": "10", "b": "true", "c": 10, "d": "no"}
    assert type(data["c"]) is int


def test_builds_plain_dicts_and_lists_with_1_based_positions(tmp_path):
    text = (
        "title: Demo\n"  # line 1
        "cast:\n"  # line 2
        "  dana:\n"  # line 3
        "    trust: 50\n"  # line 4
        "areas: [scope, risk]\n"  # line 5
        "list:\n"  # line 6
        "  - one\n"  # line 7
        "  - {k: v}\n"  # line 8
    )
    data = load_data(str(write_scenario(tmp_path, text)))
    assert data == {
        "title": "Demo",
        "cast": {"dana": {"trust": 50}},
        "areas": ["scope", "risk"],
        "list": ["one", {"k": "v"}],
    }
    assert isinstance(data, Mapping) and isinstance(data["areas"], Sequence)
    assert position(data.key_pos["title"]) == (1, 1)
    assert position(data.value_pos["title"]) == (1, 8)
    dana = data["cast"]["dana"]
    assert position(data["cast"].key_pos["dana"]) == (3, 3)
    assert position(dana.key_pos["trust"]) == (4, 5)
    assert position(dana.value_pos["trust"]) == (4, 12)
    assert (dana.line, dana.col) == (4, 5)  # a block mapping starts at its first key
    assert [position(m) for m in data["areas"].item_pos] == [(5, 9), (5, 16)]
    assert [position(m) for m in data["list"].item_pos] == [(7, 5), (8, 5)]
    assert (data["list"][1].line, data["list"][1].col) == (8, 5)


def test_quoted_values_are_remembered_so_columns_inside_them_can_be_found(tmp_path):
    data = load_data(str(write_scenario(tmp_path, "a: 'x'\nb: \"y\"\nc: z\nd: |\n  block\n")))
    assert data.quoted == {"a", "b"}


def test_crlf_line_endings_and_a_byte_order_mark_do_not_shift_positions(tmp_path):
    path = write_scenario(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: 2\r\nc: [x]\r\n")
    data = load_data(str(path))
    assert data == {"a": 1, "b": 2, "c": ["x"]}
    assert position(data.key_pos["a"]) == (1, 1)
    assert position(data.key_pos["c"]) == (3, 1)
    assert position(data.value_pos["c"]) == (3, 4)


def test_parse_reports_the_first_problem_as_a_source_error():
    with pytest.raises(SourceError) as caught:
        parse("inline.yaml", "a: 1\nb: *ref\n")
    d = caught.value.diagnostic
    assert (d.file, d.line, d.col, d.code) == ("inline.yaml", 2, 4, "EQ108")


def test_parse_never_constructs_objects_from_tags(monkeypatch):
    import os

    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a) or 0)
    for text in (
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/object/new:os.system [echo pwned]\n",
        "a: !!python/name:os.system\n",
    ):
        with pytest.raises(SourceError) as caught:
            parse("t.yaml", text)
        assert caught.value.diagnostic.code == "EQ107"
        assert (caught.value.diagnostic.line, caught.value.diagnostic.col) == (1, 4)
    assert calls == []


def test_max_bytes_is_one_mebibyte():
    assert MAX_BYTES == 1024 * 1024

"""Every kind of bad input gets a coded diagnostic naming the file, line and column; never a traceback.

Positions are 1-based. Most tests change one line of conftest.MINIMAL (its line numbers are listed
there) so that the expected line can be read off, and the column is counted by hand in a comment.
"""

from __future__ import annotations

import os
import time

import pytest

from eqtrainer.domain.diagnostics import CODES, ERROR, WARNING
from eqtrainer.domain.loader import load_file, load_library

from .conftest import MINIMAL, load_text, only, write_scenario


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def where(d):
    return d.line, d.col, d.severity, d.code


def test_minimal_scenario_has_no_diagnostic_at_all(tmp_path):
    result = load_text(tmp_path)
    assert result.diagnostics == []
    assert result.scenario.id == "minimal"


# -- the file itself -------------------------------------------------------------------------


def test_missing_file_is_an_error_naming_it(tmp_path):
    path = str(tmp_path / "nope.yaml")
    d = only(load_file(path))
    assert (d.file, *where(d)) == (path, 1, 1, ERROR, "EQ100")
    assert d.message.startswith("cannot read the file")


def test_a_folder_given_as_a_file_is_an_error_not_a_crash(tmp_path):
    d = only(load_file(str(tmp_path)))
    assert d.code == "EQ100" and d.file == str(tmp_path)


def test_file_over_one_mebibyte_is_refused_before_it_is_read(tmp_path, monkeypatch):
    # 2 GiB, sparse: reading it would take seconds and gigabytes; stat-ing it takes nothing.
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)
    d = only(load_file(str(path)))
    assert where(d) == (1, 1, ERROR, "EQ101")
    assert (
        d.message
        == "the file has 2,147,483,648 bytes; a scenario file may have at most 1,048,576 (1 MiB)"
    )


def test_one_byte_over_the_limit_is_refused_before_parsing(tmp_path):
    # All NUL bytes: had the loader screened or parsed it, it would say EQ103, not EQ101.
    d = only(load_text(tmp_path, b"\x00" * (1024 * 1024 + 1)))
    assert where(d) == (1, 1, ERROR, "EQ101")


def test_exactly_one_mebibyte_is_allowed(tmp_path):
    padding = 1024 * 1024 - len(MINIMAL.encode()) - len("# \n")
    text = MINIMAL + "# " + "x" * padding + "\n"
    assert len(text.encode()) == 1024 * 1024
    assert load_text(tmp_path, text).diagnostics == []


def test_non_utf8_byte_is_reported_at_its_character_column(tmp_path):
    # line 3 is `title: Café ` then a Latin-1 é (0xE9): 12 characters precede it (but 13 bytes,
    # since the first é is two bytes in UTF-8), so the column is 13.
    data = (
        edit("title: Minimal", "title: Café ")
        .encode("utf-8")
        .replace(b"Caf\xc3\xa9 ", b"Caf\xc3\xa9 \xe9", 1)
    )
    d = only(load_text(tmp_path, data))
    assert where(d) == (3, 13, ERROR, "EQ102")
    assert d.message == "byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_latin1_file_is_reported_at_the_first_accent(tmp_path):
    data = edit("summary: The smallest", "summary: The café's smallest").encode("latin-1")
    d = only(load_text(tmp_path, data))
    assert where(d) == (4, 17, ERROR, "EQ102")  # "summary: The caf" is 16 characters


def test_nul_byte_is_reported_where_it_is(tmp_path):
    data = edit("summary: The smallest", "summary: The smallest\x00").encode()
    d = only(load_text(tmp_path, data))
    assert where(d) == (4, 22, ERROR, "EQ103")  # "summary: The smallest" is 21 characters
    assert "NUL byte" in d.message


def test_other_control_character_is_reported_where_it_is(tmp_path):
    data = edit("title: Minimal", "title: Mini\x1bmal").encode()
    d = only(load_text(tmp_path, data))
    assert where(d) == (3, 12, ERROR, "EQ103")  # "title: Mini" is 11 characters
    assert "U+001B" in d.message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        b"   \n",
        b"# only a comment\n\n  # and another\n",
        b"\xef\xbb\xbf",
        b"---\n",
        b"---\n...\n",
    ],
)
def test_empty_file(tmp_path, data):
    d = only(load_text(tmp_path, data))
    assert where(d) == (1, 1, ERROR, "EQ104")
    assert d.message.startswith("the file is empty")


@pytest.mark.parametrize(
    "data, line, what",
    [
        ("- format: 1\n- id: x\n", 1, "a list"),
        ("# a comment first\n[format, id]\n", 2, "a list"),
        ("just some words\n", 1, "a single value"),
        ("# a comment first\n42\n", 2, "a single value"),
    ],
)
def test_list_or_scalar_instead_of_a_mapping(tmp_path, data, line, what):
    d = only(load_text(tmp_path, data))
    assert where(d) == (line, 1, ERROR, "EQ111")
    assert d.message.startswith(f"the file holds {what}, but a scenario is a mapping")


# -- YAML syntax -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, line, col, hint",
    [
        # a key with no colon: reported on its own line, not on the next one where libyaml notices
        ("title: Minimal", "title Minimal", 3, 1, "a line in a mapping needs `key: value`"),
        # a quote never closed: reported where it opens, not at the end of the file
        ("title: Minimal", 'title: "Minimal', 3, 8, "the quote that opens here is never closed"),
        # a bracket never closed: reported where it opens, naming the line where the parser gave up
        (
            "areas: [scope]",
            "areas: [scope",
            5,
            8,
            "on line 6; check that the `[` that opens here is closed",
        ),
        (
            "trust: 50}",
            "trust: 50",
            9,
            9,
            "on line 10; check that the `{` that opens here is closed",
        ),
        # `title: Minimal` is 14 characters; the second colon is column 15
        (
            "title: Minimal",
            "title: Minimal: the story",
            3,
            15,
            "a value containing `: ` must be quoted",
        ),
        # one space short of the scene's indentation: the `t` is in column 4
        ("    text: Dana", "   text: Dana", 17, 4, "did not find expected key"),
    ],
)
def test_invalid_yaml(tmp_path, old, new, line, col, hint):
    d = only(load_text(tmp_path, edit(old, new)))
    assert where(d) == (line, col, ERROR, "EQ105")
    assert d.message.startswith("invalid YAML: ") and hint in d.message


def test_a_bad_escape_in_a_quoted_value_is_reported_at_the_escape(tmp_path):
    d = only(load_text(tmp_path, edit("title: Minimal", 'title: "Mini\n  mal \\q"')))
    assert where(d) == (4, 7, ERROR, "EQ105")  # `  mal ` is 6 characters
    assert "never closed" not in d.message


@pytest.mark.parametrize(
    "data, line, col",
    [
        (b"{", 1, 2),  # libyaml would say line 2, which the file does not have
        (b"format: 1\nid: {", 2, 6),
        (b'format: 1\nid: "abc', 2, 5),  # the quote that is never closed
    ],
)
def test_an_error_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line(
    tmp_path, data, line, col
):
    d = only(load_text(tmp_path, data))
    assert where(d) == (line, col, ERROR, "EQ105")


def test_key_that_is_a_list_is_refused(tmp_path):
    d = only(load_text(tmp_path, "format: 1\n? [a, b]\n: 1\n"))
    assert where(d) == (2, 3, ERROR, "EQ202")


@pytest.mark.parametrize(
    "old, new, line, col",
    [
        ("    text: Dana", "\ttext: Dana", 17, 1),
        ("    text: Dana", "  \ttext: Dana", 17, 3),
        ("  dana: {", "\tdana: {", 9, 1),
    ],
)
def test_tab_indentation(tmp_path, old, new, line, col):
    d = only(load_text(tmp_path, edit(old, new).encode()))
    assert where(d) == (line, col, ERROR, "EQ106")
    assert d.message == "a tab is used for indentation; YAML indents with spaces only"


def test_tab_inside_a_value_is_fine(tmp_path):
    assert (
        load_text(
            tmp_path, edit("summary: The smallest", "summary: The\tsmallest").encode()
        ).diagnostics
        == []
    )


@pytest.mark.parametrize(
    "value, tag",
    [
        (
            "!!python/object/apply:os.system ['touch {marker}']",
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
        (
            "!!python/object/new:os.system ['touch {marker}']",
            "tag:yaml.org,2002:python/object/new:os.system",
        ),
        ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system"),
        ("!!str minimal", "tag:yaml.org,2002:str"),
        ("!custom minimal", "!custom"),
    ],
)
def test_yaml_tags_are_refused_and_never_construct_anything(tmp_path, value, tag):
    marker = tmp_path / "pwned"
    text = edit("id: minimal", "id: " + value.format(marker=marker))
    d = only(load_text(tmp_path, text))
    assert where(d) == (2, 5, ERROR, "EQ107")
    assert f"the YAML tag `{tag}` is not allowed" in d.message
    assert not marker.exists()


def test_tag_on_a_mapping_and_on_the_document_is_refused(tmp_path):
    d = only(
        load_text(tmp_path, edit("vars:\n", "vars: !!python/object:collections.OrderedDict\n"))
    )
    assert where(d) == (10, 7, ERROR, "EQ107")
    d = only(load_text(tmp_path, "--- !!python/object/apply:os.system\nargs: [true]\n"))
    assert where(d) == (1, 5, ERROR, "EQ107")


@pytest.mark.parametrize(
    "condition, meant",
    [
        ("!frozen", "not frozen"),
        ("!frozen and budget > 5", "not frozen and budget > 5"),
        ("!(frozen or budget > 5)", "not (frozen or budget > 5)"),
    ],
)
def test_a_bang_in_a_condition_says_write_not_at_its_line(tmp_path, condition, meant):
    text = edit("        goto: bad-end\n", f"        if: {condition}\n        goto: bad-end\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (26, 13, ERROR, "EQ107")  # the `!`, after `        if: `
    assert d.message == (
        f"`{condition}` starts with `!`, which YAML reads as a tag; in a condition write "
        f"`not` instead of `!`: `if: {meant}`"
    )


def test_a_bang_outside_a_condition_is_still_a_tag_to_quote(tmp_path):
    d = only(load_text(tmp_path, edit("title: Minimal", "title: !Urgent")))
    assert d.message == (
        "the YAML tag `!Urgent` is not allowed; scenarios are plain data, remove the tag "
        "(if the value is text that starts with `!`, put it in quotes)"
    )


def test_anchor_is_refused(tmp_path):
    d = only(load_text(tmp_path, edit("title: Minimal", "title: &t Minimal")))
    assert where(d) == (3, 8, ERROR, "EQ108")
    assert "`&t`" in d.message and "write the value out in full" in d.message


def test_alias_is_refused(tmp_path):
    # an alias to an anchor that does not even exist: refused as an alias, not as a YAML error
    d = only(
        load_text(tmp_path, edit("summary: The smallest scenario that validates.", "summary: *t"))
    )
    assert where(d) == (4, 10, ERROR, "EQ108")


def test_billion_laughs_fails_fast_at_the_first_anchor(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = write_scenario(tmp_path, "\n".join(lines) + "\n")
    load_file(str(path))  # once, so that what is timed is the loading and not first imports
    # The CPU this process spends, not the wall clock, which a busy machine stretches. Built
    # out, the nine levels are 9**9 (387 million) strings: far more than this allows.
    started = time.process_time()
    d = only(load_file(str(path)))
    spent = time.process_time() - started
    assert where(d) == (1, 4, ERROR, "EQ108")
    assert spent < 0.5


def test_ten_thousand_deep_flow_list(tmp_path):
    d = only(load_text(tmp_path, "a: " + "[" * 10_000 + "]" * 10_000 + "\n"))
    # libyaml's own depth limit trips before ours here, at a column that depends on libyaml; it
    # must still be the nesting code on line 1, inside the brackets.
    assert (d.line, d.severity, d.code) == (1, ERROR, "EQ109")
    assert 4 <= d.col <= 10_003
    assert "nested more than 64 levels" in d.message


def test_ten_thousand_deep_flow_mapping(tmp_path):
    d = only(load_text(tmp_path, "a: " + "{b: " * 10_000 + "1" + "}" * 10_000 + "\n"))
    # the 64th `{` below the top mapping is refused: "a: " is 3 characters, each "{b: " 4 more,
    # so it starts at column 3 + 4 * 63 + 1 = 256
    assert where(d) == (1, 256, ERROR, "EQ109")


def test_deep_block_nesting(tmp_path):
    text = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v: 1\n"
    d = only(load_text(tmp_path, text))
    # the mapping under k{n-1} starts on line n+1 at column n+1; the 64th nested one is refused
    assert where(d) == (65, 65, ERROR, "EQ109")


def test_duplicate_key_at_the_top(tmp_path):
    d = only(load_text(tmp_path, MINIMAL + "title: Again\n"))
    assert where(d) == (30, 1, ERROR, "EQ110")
    assert d.message.startswith("key `title` appears twice in this mapping (first on line 3)")


def test_duplicate_key_in_a_flow_mapping(tmp_path):
    d = only(load_text(tmp_path, edit("role: Sponsor,", "role: Sponsor, name: Dana,")))
    # "  dana: {name: Dana Whitfield, role: Sponsor, " is 46 characters
    assert where(d) == (9, 47, ERROR, "EQ110")
    assert "(first on line 9)" in d.message


def test_second_document(tmp_path):
    d = only(load_text(tmp_path, MINIMAL + "---\nid: another\n"))
    assert where(d) == (30, 1, ERROR, "EQ112")


# -- the shape of a scenario -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2", "true", "0.9"])
def test_format_other_than_1(tmp_path, value):
    d = only(load_text(tmp_path, edit("format: 1", f"format: {value}")))
    assert where(d) == (1, 9, ERROR, "EQ205")
    assert (
        d.message
        == f"`format: {value}` is not supported; this version of eqtrainer reads `format: 1`"
    )


def test_format_written_as_text_says_to_drop_the_quotes(tmp_path):
    d = only(load_text(tmp_path, edit("format: 1", 'format: "1"')))
    assert where(d) == (1, 9, ERROR, "EQ205")
    assert (
        d.message == '`format` is the number 1, not the text "1"; write `format: 1` without quotes'
    )


def test_unknown_top_level_key_suggests_the_right_one(tmp_path):
    result = load_text(tmp_path, edit("minutes: 2", "minuets: 2"))
    d = only(result, "EQ201")
    assert where(d) == (7, 1, ERROR, "EQ201")
    assert d.message == "unknown key `minuets` in the scenario; did you mean `minutes`?"
    missing = only(result, "EQ200")
    assert where(missing) == (1, 1, ERROR, "EQ200")
    assert missing.message == "the scenario is missing `minutes`"


def test_unknown_choice_key_suggests_the_right_one(tmp_path):
    result = load_text(tmp_path, edit("        why: It turns", "        wyh: It turns"))
    d = only(result, "EQ201")
    assert where(d) == (21, 9, ERROR, "EQ201")
    assert d.message == "unknown key `wyh` in choice 1 of scene `hallway`; did you mean `why`?"
    assert where(only(result, "EQ506")) == (19, 9, ERROR, "EQ506")


@pytest.mark.parametrize("word", ["next", "then", "goto_scene", "target", "go"])
def test_a_synonym_of_goto_suggests_goto_not_the_nearest_spelling(tmp_path, word):
    # `next` is closest in spelling to `text`, but a choice's `next: good-end` is its goto
    result = load_text(tmp_path, edit("        goto: good-end\n", f"        {word}: good-end\n"))
    d = only(result, "EQ201")
    assert where(d) == (22, 9, ERROR, "EQ201")
    assert d.message == (
        f"unknown key `{word}` in choice 1 of scene `hallway`; did you mean `goto`?"
    )
    assert only(result, "EQ200").message == "choice 1 of scene `hallway` is missing `goto`"


def test_an_unknown_key_whose_value_is_a_scene_id_suggests_goto(tmp_path):
    d = only(
        load_text(tmp_path, edit("        goto: good-end\n", "        nxt: good-end\n")), "EQ201"
    )
    assert d.message == "unknown key `nxt` in choice 1 of scene `hallway`; did you mean `goto`?"
    chance = "        tex:\n          - {to: good-end, chance: 1}\n"
    d = only(load_text(tmp_path, edit("        goto: good-end\n", chance)), "EQ201")
    assert d.message == "unknown key `tex` in choice 1 of scene `hallway`; did you mean `goto`?"
    # where the value is text, spelling still decides
    d = only(load_text(tmp_path, edit("        goto: good-end\n", "        tex: Hello\n")), "EQ201")
    assert d.message == "unknown key `tex` in choice 1 of scene `hallway`; did you mean `text`?"


def test_unknown_key_with_nothing_close_lists_what_is_allowed(tmp_path):
    d = only(load_text(tmp_path, MINIMAL + "colour: blue\n"))
    assert where(d) == (30, 1, ERROR, "EQ201")
    assert d.message.startswith(
        "unknown key `colour` in the scenario; allowed: `format`, `id`, `title`"
    )


@pytest.mark.parametrize(
    "old, new, line, col, message",
    [
        (
            "difficulty: 1",
            "difficulty: hard",
            6,
            13,
            "`difficulty` in the scenario should be a number, not text; write a whole number",
        ),
        (
            "difficulty: 1",
            "difficulty: 1.5",
            6,
            13,
            "`difficulty` in the scenario should be a whole number, not 1.5",
        ),
        (
            "minutes: 2",
            "minutes: [2]",
            7,
            10,
            "`minutes` in the scenario should be a number, not a list",
        ),
        # "  dana: {name: Dana Whitfield, role: Sponsor, trust: " is 53 characters
        (
            "trust: 50}",
            "trust: high}",
            9,
            54,
            "`trust` in cast member `dana` should be a number, not text",
        ),
        (
            "  frozen: false",
            "  frozen: no",
            12,
            11,
            "variable `frozen` should be a number or true/false, not text; write true or false",
        ),
        (
            "areas: [scope]",
            "areas: {scope: 1}",
            5,
            8,
            "`areas` should be a list such as `[scope, stakeholders]`, not a mapping",
        ),
        (
            "        goto: good-end\n",
            "        effects: [budget]\n        goto: good-end\n",
            22,
            18,
            "`effects` in choice 1 of scene `hallway` should be a mapping of `name: value` lines, not a list",
        ),
        (
            "        goto: good-end",
            "        goto: 7",
            22,
            15,
            "`goto` in choice 1 of scene `hallway` should name a scene or an ending, or list "
            "`{to: ..., chance: ...}` outcomes; found a number",
        ),
        (
            "        scores: {communication: 2, strategy: 1}",
            "        scores: 2",
            20,
            17,
            "`scores` in choice 1 of scene `hallway` should be a mapping such as `{communication: 1, strategy: 2}`, not a number",
        ),
        # "  good-end: {outcome: " is 22 characters
        (
            "  good-end: {outcome: good,",
            "  good-end: {outcome: great,",
            28,
            23,
            "outcome `great` of ending `good-end` should be good, mixed or bad",
        ),
    ],
)
def test_wrong_type(tmp_path, old, new, line, col, message):
    d = only(load_text(tmp_path, edit(old, new)), "EQ202")
    assert where(d) == (line, col, ERROR, "EQ202")
    assert d.message == message


@pytest.mark.parametrize(
    "old, new, line, col, message",
    [
        (
            "difficulty: 1",
            "difficulty: 5",
            6,
            13,
            "`difficulty` in the scenario is 5; it must be between 1 and 3",
        ),
        (
            "minutes: 2",
            "minutes: 0",
            7,
            10,
            "`minutes` in the scenario is 0; it must be between 1 and 600",
        ),
        (
            "trust: 50}",
            "trust: 150}",
            9,
            54,
            "`trust` in cast member `dana` is 150; it must be between 0 and 100",
        ),
        # "        scores: {communication: " is 32 characters
        (
            "scores: {communication: 2,",
            "scores: {communication: 3,",
            20,
            33,
            "`communication` in the scores of choice 1 of scene `hallway` is 3; it must be between -2 and 2",
        ),
        (
            "scores: {communication: -1,",
            "scores: {communication: -2.5,",
            24,
            33,
            "`communication` in the scores of choice 2 of scene `hallway` is -2.5; it must be between -2 and 2",
        ),
    ],
)
def test_out_of_range(tmp_path, old, new, line, col, message):
    d = only(load_text(tmp_path, edit(old, new)))
    assert where(d) == (line, col, ERROR, "EQ203")
    assert d.message == message


def test_timer_out_of_range(tmp_path):
    text = edit("    choices:\n", "    timer: 2\n    timeout: bad-end\n    choices:\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (18, 12, ERROR, "EQ203")
    assert d.message == "`timer` in scene `hallway` is 2; it must be between 5 and 3600"


def test_chance_of_zero(tmp_path):
    text = edit(
        "        goto: good-end\n",
        "        goto:\n          - {to: good-end, chance: 0}\n          - {to: bad-end, chance: 1}\n",
    )
    d = only(load_text(tmp_path, text))
    # "          - {to: good-end, chance: " is 35 characters
    assert where(d) == (23, 36, ERROR, "EQ203")
    assert d.message == "a chance in choice 1 of scene `hallway` must be more than 0"


# -- references ------------------------------------------------------------------------------


def test_goto_to_a_missing_ending_suggests_the_right_one(tmp_path):
    d = only(load_text(tmp_path, edit("goto: good-end", "goto: good-ending")))
    assert where(d) == (22, 15, ERROR, "EQ300")
    assert d.message == (
        "goto `good-ending` in choice 1 of scene `hallway` is neither a scene nor an ending; "
        "did you mean `good-end`?"
    )


def test_goto_to_a_missing_scene(tmp_path):
    d = only(load_text(tmp_path, edit("goto: good-end", "goto: estimate")), "EQ300")
    assert where(d) == (22, 15, ERROR, "EQ300")
    assert d.message == (
        "goto `estimate` in choice 1 of scene `hallway` is neither a scene nor an ending; "
        "the scenes and endings are `bad-end`, `good-end`, `hallway`"
    )


def test_chance_outcome_to_a_missing_scene(tmp_path):
    text = edit(
        "        goto: good-end\n",
        "        goto:\n          - {to: good-end, chance: 0.5}\n          - {to: nowhere, chance: 0.5}\n",
    )
    d = only(load_text(tmp_path, text))
    assert where(d) == (24, 18, ERROR, "EQ300")  # "          - {to: " is 17 characters
    assert d.message.startswith(
        "`to: nowhere` in choice 1 of scene `hallway` is neither a scene nor an ending"
    )


def test_timeout_to_a_missing_scene(tmp_path):
    text = edit("    choices:\n", "    timer: 30\n    timeout: froze\n    choices:\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (19, 14, ERROR, "EQ300")
    assert d.message.startswith("timeout leads to `froze`, which is neither a scene nor an ending")


def test_start_names_a_missing_scene(tmp_path):
    d = only(load_text(tmp_path, edit("start: hallway", "start: hallwya")))
    assert where(d) == (13, 8, ERROR, "EQ301")
    assert d.message == "start scene `hallwya` is not one of the scenes; did you mean `hallway`?"


def test_speaker_not_in_the_cast(tmp_path):
    d = only(load_text(tmp_path, edit("speaker: dana", "speaker: dna")))
    assert where(d) == (16, 14, ERROR, "EQ302")
    assert d.message == "speaker `dna` is not in the cast; did you mean `dana`?"


def test_effect_on_a_cast_member_who_does_not_exist(tmp_path):
    text = edit(
        "        goto: good-end\n", "        effects: {bob.trust: +5}\n        goto: good-end\n"
    )
    d = only(load_text(tmp_path, text))
    assert where(d) == (22, 19, ERROR, "EQ303")  # "        effects: {" is 18 characters
    assert d.message.startswith(
        "effects of choice 1 of scene `hallway`: `bob.trust` is not a variable or a cast member's trust"
    )


def test_effect_on_a_cast_member_without_trust(tmp_path):
    text = edit("        goto: good-end\n", "        effects: {dana: +5}\n        goto: good-end\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (22, 19, ERROR, "EQ303")
    assert d.message.endswith("`dana` is a cast member; write `dana.trust` to change their trust")


def test_condition_names_a_cast_member_who_does_not_exist(tmp_path):
    text = edit("        goto: good-end\n", "        if: bob.trust > 40\n        goto: good-end\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (22, 13, ERROR, "EQ401")
    assert d.message == "in the condition `bob.trust > 40`: `bob` is not in the cast"


def test_duplicate_ids_across_files_name_both_files(tmp_path):
    first = write_scenario(tmp_path, MINIMAL, "a-first.yaml")
    second = write_scenario(
        tmp_path, MINIMAL.replace("title: Minimal", "title: Another"), "b-second.yaml"
    )
    library = load_library([str(tmp_path)])
    d = only(library.results[1])
    assert (d.file, *where(d)) == (str(second), 2, 5, ERROR, "EQ305")
    assert d.message == f"id `minimal` is already used by {first}; each scenario needs its own id"
    assert library.results[0].diagnostics == []
    assert [s.title for s in library.scenarios] == ["Minimal"]


# -- every code, once: a code may never change meaning, so each has an input that shows it ------

READ = (
    "    read:\n"
    "      prompt: What is Dana feeling?\n"
    "      options:\n"
    "        - {text: Anxious, correct: false}\n"
    "        - {text: Angry}\n"
    "      why: Nothing she says blames anyone.\n"
    "    choices:\n"
)

CASES = {
    # code: (text, line, col, start of the message)
    "EQ204": (
        edit("id: minimal", "id: Minimal"),
        2,
        5,
        "id `Minimal` should use only lower-case letters",
    ),
    "EQ205": (edit("format: 1", "format: 2"), 1, 9, "`format: 2` is not supported"),
    "EQ206": (
        edit("areas: [scope]", "areas: [scope, stakeholdrs]"),
        5,
        16,
        "unknown knowledge area `stakeholdrs`; did you mean `stakeholders`?",
    ),
    "EQ207": (
        edit("strategy: 1}", "stratgy: 1}"),
        20,
        36,
        "unknown dimension `stratgy`; did you mean `strategy`?",
    ),
    "EQ208": (edit("title: Minimal", 'title: ""'), 3, 8, "`title` in the scenario is empty"),
    "EQ304": (
        edit("  bad-end: {outcome: bad", "  hallway: {outcome: bad"),
        29,
        3,
        "`hallway` is both a scene and an ending",
    ),
    "EQ306": (
        edit("    choices:\n", "    timer: 30\n    choices:\n"),
        18,
        5,
        "scene `hallway` has a timer but no `timeout:`",
    ),
    # "        effects: {budget: " is 26 characters
    "EQ307": (
        edit(
            "        goto: good-end\n", "        effects: {budget: yes}\n        goto: good-end\n"
        ),
        22,
        27,
        "`budget` is a number; add to it with +N or -N, not text",
    ),
    # "        if: " is 12 characters; `&&` is 11 characters into the condition
    "EQ400": (
        edit(
            "        goto: good-end\n", "        if: budget > 5 && frozen\n        goto: good-end\n"
        ),
        22,
        24,
        "in the condition `budget > 5 && frozen`: write `and` instead of `&&`",
    ),
    "EQ401": (
        edit("        goto: good-end\n", "        if: budgt > 5\n        goto: good-end\n"),
        22,
        13,
        "in the condition `budgt > 5`: `budgt` is not a variable of this scenario; did you mean `budget`?",
    ),
    "EQ402": (
        edit("        goto: good-end\n", "        if: budget\n        goto: good-end\n"),
        22,
        13,
        "in the condition `budget`: `budget` is a number, not a yes/no test",
    ),
    "EQ403": (
        edit("        goto: good-end\n", "        if: visited(hallwya)\n        goto: good-end\n"),
        22,
        21,
        "in the condition `visited(hallwya)`: visited() names `hallwya`, which is not a scene; did you mean `hallway`?",
    ),
    "EQ500": (
        edit(
            "        goto: bad-end\n", "        goto: limbo\n  limbo:\n    text: Nothing happens.\n"
        ),
        27,  # the scene's key, where an editor should jump
        3,
        "scene `limbo` has no choices",
    ),
    "EQ501": (
        MINIMAL + "  orphan: {outcome: mixed, text: Never seen.}\n",
        30,
        3,  # the ending's key, indented under `endings:`
        "ending `orphan` cannot be reached from `hallway`",
    ),
    "EQ502": (
        edit("        goto: bad-end\n", "        if: budget > 5\n        goto: bad-end\n").replace(
            "        goto: good-end\n", "        if: not frozen\n        goto: good-end\n"
        ),
        18,  # the `choices:` key: a problem with the list is reported there
        5,
        "every choice in scene `hallway` has an `if:`",
    ),
    # reported at the list's key, `options:` on line 20, column 7
    "EQ503": (
        edit("    choices:\n", READ),
        20,
        7,
        "the read question of scene `hallway` has no correct options",
    ),
    "EQ504": (
        edit(
            "        goto: good-end\n",
            "        goto:\n          - {to: good-end, chance: 0.5}\n          - {to: bad-end, chance: 0.3}\n",
        ),
        22,
        1,
        "the chances in choice 1 of scene `hallway` add up to 0.8, not 1",
    ),
    "EQ505": (
        edit(
            "scores: {communication: -1, strategy: -2}", "scores: {communication: 2, strategy: 1}"
        ),
        18,  # the `choices:` key: a problem with the list is reported there
        5,
        "all choices in scene `hallway` score the same on every dimension",
    ),
    "EQ506": (
        edit("        why: It turns pressure into a decision she can own.\n", ""),
        19,
        9,
        "choice 1 of scene `hallway` has no `why`",
    ),
    "EQ507": (
        edit("        goto: bad-end\n", "        if: budget > 50\n        goto: bad-end\n").replace(
            "        goto: good-end\n", "        if: frozen\n        goto: good-end\n"
        ),
        18,  # the `choices:` key: a problem with the list is reported there
        5,
        "in the start scene `hallway` no condition holds",
    ),
    # a loop with no way out: the scene's key, line 27, column 3
    "EQ508": (
        edit(
            "        goto: bad-end\n",
            "        goto: corridor\n"
            "  corridor:\n"
            "    text: You walk round the block again.\n"
            "    choices:\n"
            "      - {text: Walk on., scores: {eq: 1}, why: Still thinking., goto: corridor}\n",
        ),
        27,
        3,
        "scene `corridor` is a trap: no ending can be reached from it",
    ),
    # an escape written as "\\e" in the title: at the title's value, naming the column
    "EQ509": (
        edit("title: Minimal\n", 'title: "Mini\\emal"\n'),
        3,
        8,
        "`title` in the scenario contains the control character U+001B ESCAPE at column 5",
    ),
    # the only read question sits off the best path: reported at the start scene's key
    "EQ510": (
        edit(
            "        goto: bad-end\n",
            "        goto: aside\n"
            "  aside:\n"
            "    text: Dana sighs.\n"
            "    read:\n"
            "      prompt: What is Dana feeling?\n"
            "      options: [{text: Tired, correct: true}, {text: Angry}]\n"
            "      why: She sighs.\n"
            "    choices:\n"
            "      - {text: Go., scores: {eq: 1}, why: Move on., goto: bad-end}\n",
        ),
        15,
        3,
        "a player who takes the best option at every decision meets no read-the-room question",
    ),
}
# EQ504's goto value is on line 22 after `goto:` with nothing, so the list itself (line 23) is the value
CASES["EQ504"] = (CASES["EQ504"][0], 23, 11, CASES["EQ504"][3])


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_scenario_level_code(tmp_path, code):
    text, line, col, message = CASES[code]
    d = only(load_text(tmp_path, text), code)
    assert (d.line, d.col, d.code) == (line, col, code)
    assert d.severity == (
        WARNING if code in {"EQ501", "EQ502", "EQ504", "EQ505", "EQ509", "EQ510"} else ERROR
    )
    assert d.message.startswith(message), d.message


# The key each story-level message concerns: its line:col must point at that key as written
# (indented under `scenes:`, `endings:` or a scene), not at the start of the line.
STORY_KEYS = {
    "EQ501": "orphan:",
    "EQ502": "choices:",
    "EQ505": "choices:",
    "EQ507": "choices:",
    "EQ508": "corridor:",
    "EQ510": "hallway:",
}


@pytest.mark.parametrize("code", sorted(STORY_KEYS))
def test_a_story_level_message_points_at_the_keys_own_column(tmp_path, code):
    text = CASES[code][0]
    d = only(load_text(tmp_path, text), code)
    written = write_scenario(tmp_path, text).read_text(encoding="utf-8").splitlines()[d.line - 1]
    # what an editor's "go to line:column" lands on
    assert written[d.col - 1 :].startswith(STORY_KEYS[code]), (str(d), written)
    assert written[: d.col - 1].strip() == ""
    assert d.col > 1
    assert str(d).startswith(f"{d.file}:{d.line}:{d.col}: ")


def test_an_unreachable_ending_is_reported_at_its_key_as_validate_prints_it(tmp_path):
    path = write_scenario(tmp_path, CASES["EQ501"][0])
    d = only(load_file(str(path)), "EQ501")
    assert str(d) == (
        f"{path}:30:3: warning EQ501: ending `orphan` cannot be reached from `hallway`; "
        "no goto leads to it"
    )


def test_every_documented_code_has_a_test_showing_it():
    shown_elsewhere = {
        "EQ100",
        "EQ101",
        "EQ102",
        "EQ103",
        "EQ104",
        "EQ105",
        "EQ106",
        "EQ107",
        "EQ108",
        "EQ109",
        "EQ110",
        "EQ111",
        "EQ112",
        "EQ120",  # tests/unit/test_odd_files.py
        "EQ200",
        "EQ201",
        "EQ202",
        "EQ203",
        "EQ300",
        "EQ301",
        "EQ302",
        "EQ303",
        "EQ305",
    }
    assert set(CODES) == set(CASES) | shown_elsewhere


def test_a_story_level_problem_with_a_scene_points_at_the_scenes_id(tmp_path):
    text = edit(
        "endings:\n",
        (
            "  orphan:\n"  # line 27
            "    text: Nobody comes here.\n"
            "    choices:\n"
            "      - {text: Leave., scores: {communication: 1}, why: Nothing to do., goto: good-end}\n"
            "endings:\n"
        ),
    )
    d = only(load_text(tmp_path, text))
    assert where(d) == (27, 3, WARNING, "EQ501")
    assert d.message == "scene `orphan` cannot be reached from `hallway`; no goto leads to it"


def test_warnings_alone_still_give_a_scenario(tmp_path):
    result = load_text(tmp_path, CASES["EQ501"][0])
    assert result.errors == [] and result.scenario is not None


def test_all_problems_in_a_file_are_reported_in_one_run(tmp_path):
    text = edit("difficulty: 1", "difficulty: 9")
    text = edit("speaker: dana", "speaker: dna", text)
    text = edit("goto: good-end", "goto: good-ending", text)
    result = load_text(tmp_path, text)
    assert result.scenario is None
    assert sorted((d.line, d.code) for d in result.diagnostics) == [
        (6, "EQ203"),
        (16, "EQ302"),
        (22, "EQ300"),
    ]


def test_quoted_condition_error_points_inside_the_quotes(tmp_path):
    # `        if: "` is 13 characters, so the condition's text starts at column 14; `bogus`
    # is 15 characters into it
    text = edit(
        "        goto: good-end\n", '        if: "budget > 5 and bogus"\n        goto: good-end\n'
    )
    d = only(load_text(tmp_path, text))
    assert where(d) == (22, 29, ERROR, "EQ401")


def test_library_loads_a_folder_recursively_in_a_stable_order(tmp_path):
    write_scenario(tmp_path, MINIMAL.replace("id: minimal", "id: zeta"), "z.yaml")
    (tmp_path / "sub").mkdir()
    write_scenario(tmp_path / "sub", MINIMAL.replace("id: minimal", "id: alpha"), "a.yml")
    write_scenario(tmp_path, "not: a scenario\n", "notes.txt")
    (tmp_path / ".hidden").mkdir()
    write_scenario(tmp_path / ".hidden", "broken: [", "x.yaml")
    library = load_library([str(tmp_path)])
    assert [os.path.relpath(r.path, tmp_path) for r in library.results] == ["sub/a.yml", "z.yaml"]
    assert library.diagnostics == []


@pytest.mark.parametrize(
    "effect, value, message",
    [
        (
            "effects: {dana.trust: +150}",
            "+150",
            "effects of choice 1 of scene `hallway` adds 150 to `dana.trust`; "
            "trust runs from 0 to 100, so this must be between -100 and 100",
        ),
        (
            "set: {dana.trust: 120}",
            "120",
            "set of choice 1 of scene `hallway` sets 120 to `dana.trust`; "
            "trust runs from 0 to 100, so this must be between 0 and 100",
        ),
    ],
)
def test_trust_changes_outside_what_trust_can_hold(tmp_path, effect, value, message):
    text = edit("        goto: good-end\n", f"        {effect}\n        goto: good-end\n")
    d = only(load_text(tmp_path, text))
    assert where(d) == (22, 9 + effect.index(value), ERROR, "EQ203")
    assert d.message == message


@pytest.mark.parametrize("name", ["and", "not", "visited", "true"])
def test_a_variable_named_like_a_condition_word_is_refused(tmp_path, name):
    d = only(load_text(tmp_path, edit("  frozen: false", f"  {name}: false")))
    assert where(d) == (12, 3, ERROR, "EQ204")
    assert (
        d.message == f"`{name}` is a word of the condition language; choose another variable name"
    )


def test_a_comma_that_split_a_text_says_to_quote_it(tmp_path):
    read = (
        "    read:\n      prompt: How does Dana feel?\n      options:\n"
        "        - {text: Tired, and worried, correct: true}\n        - {text: Calm}\n"
        "      why: She has not slept since the release went out.\n"
    )
    text = edit(
        "    text: Dana stops you in the hallway.\n",
        "    text: Dana stops you in the hallway.\n" + read,
    )
    d = only(load_text(tmp_path, text), "EQ201")
    assert where(d) == (21, 25, ERROR, "EQ201")
    assert d.message == (
        "unknown key `and worried` in an option of the read question of scene `hallway`; "
        "if it is part of a text, a comma split the text: put the whole text in quotes"
    )


def test_empty_scenes_is_reported_as_empty(tmp_path):
    text = (
        MINIMAL.split("scenes:")[0]
        + "scenes:\nendings:\n  good-end: {outcome: good, text: Fine.}\n"
    )
    d = only(load_text(tmp_path, text), "EQ208")
    assert where(d)[:2] == (14, 8) or where(d)[0] == 14
    assert d.message == "`scenes` in the scenario is empty"


def test_conditions_that_cover_every_case_are_not_reported_as_a_dead_end(tmp_path):
    text = edit("        goto: good-end\n", "        if: frozen\n        goto: good-end\n")
    text = edit("        goto: bad-end\n", "        if: not frozen\n        goto: bad-end\n", text)
    assert load_text(tmp_path, text).diagnostics == []


def test_conditions_with_a_gap_name_a_state_that_leaves_the_player_stuck(tmp_path):
    text = edit(
        "        goto: good-end\n", "        if: dana.trust >= 50\n        goto: good-end\n"
    )
    text = edit(
        "        goto: bad-end\n",
        "        if: dana.trust < 40 and not frozen\n        goto: bad-end\n",
        text,
    )
    d = only(load_text(tmp_path, text), "EQ502")
    assert d.severity == "warning"
    assert d.message == (
        "every choice in scene `hallway` has an `if:`, and none holds when dana.trust is 0 "
        "and frozen is true; leave one choice without a condition"
    )


# -- messages that lead to the fix (issue 14, item 8) -------------------------------------------
def test_a_scene_id_indented_three_spaces_gets_an_indentation_hint(tmp_path):
    text = edit(
        "        goto: bad-end\n",
        "        goto: later\n"
        "   later:\n"  # line 27: three spaces where the scenes use two
        "     text: Later.\n"
        "     choices:\n"
        "       - {text: Go, scores: {eq: 1}, why: w, goto: bad-end}\n",
    )
    d = only(load_text(tmp_path, text))
    assert (d.line, d.code) == (27, "EQ105")
    # an id goes with the ids: the other scene, not the keys of the scene above it
    assert d.message.endswith(
        "; line 27 is indented 3 spaces: indent it 2 spaces, like `hallway:` on line 15"
    )
    assert "quote" not in d.message


@pytest.mark.parametrize(
    "old, new, line, hint",
    [
        # `speaker:` at 4, `text:` at 3: the parser falls back to the scenes at 2, but the
        # key belongs with the scene's keys
        (
            "    text: Dana",
            "   text: Dana",
            17,
            "; line 17 is indented 3 spaces: indent it 4 spaces, like `speaker:` on line 16",
        ),
        # a choice's `why:` left of its list's dashes: back with its siblings at 8
        (
            "        why: It turns",
            "     why: It turns",
            21,
            "; line 21 is indented 5 spaces: indent it 8 spaces, like `scores:` on line 20",
        ),
        # one too many is lined up with the siblings as well
        (
            "        why: It turns",
            "         why: It turns",
            21,
            "; line 21 is indented 9 spaces: indent it 8 spaces, like `scores:` on line 20",
        ),
    ],
)
def test_an_indentation_hint_names_the_column_its_siblings_use(tmp_path, old, new, line, hint):
    d = only(load_text(tmp_path, edit(old, new)))
    assert (d.line, d.code) == (line, "EQ105")
    assert d.message.endswith(hint)
    assert "mapping it belongs to" not in d.message


def test_a_choice_key_at_the_dash_column_says_line_it_up_with_its_choice(tmp_path):
    d = only(load_text(tmp_path, edit("        why: It turns", "      why: It turns")))
    assert (d.line, d.col, d.code) == (21, 7, "EQ105")
    assert d.message == (
        "invalid YAML: did not find expected '-' indicator (while parsing a block collection)"
        "; a line here is indented less than the list items around it; line it up with the "
        "other keys of its choice: indent line 21 8 spaces, like `scores:` on line 20"
    )


def test_a_variable_declared_as_yes_or_no_is_one_error_not_three(tmp_path):
    text = edit("  frozen: false\n", "  frozen: false\n  talked_to_lena: no\n")
    text = edit(
        "        goto: bad-end\n",
        "        if: talked_to_lena\n        effects: {talked_to_lena: true}\n        goto: bad-end\n",
        text,
    )
    d = only(load_text(tmp_path, text))
    assert (d.line, d.code) == (13, "EQ202")
    assert d.message.endswith("not text; write true or false")

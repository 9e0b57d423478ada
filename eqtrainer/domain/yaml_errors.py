"""Turning the YAML parser's errors into messages an author can act on, at the right place."""

from __future__ import annotations

import re
from typing import Protocol

import yaml

from .diagnostics import Diagnostic
from .source_file import MAX_DEPTH, control_character, diag, tab_indent


class Mark(Protocol):
    """Where the parser is: 0-based line and column (libyaml's marks and PyYAML's alike)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as the end of a line

# Where the parser notices these mistakes can be lines after where the author made them: a
# key with no colon, a quote or a bracket never closed. Point at where they start instead.
_FLOW = {"while parsing a flow sequence": "`[`", "while parsing a flow mapping": "`{`"}


def _started_earlier(
    problem: str, context: str | None, start: Mark | None, mark: Mark | None
) -> tuple[Mark, str] | None:
    """(mark, hint) to report instead of the parser's own mark, or None."""
    if start is None or mark is None:
        return None
    if context == "while scanning a simple key":
        return start, ""
    if context == "while scanning a quoted scalar" and (
        "end of stream" in problem or "document" in problem
    ):
        return start, "; the quote that opens here is never closed"
    if context in _FLOW and start.line < mark.line:
        return start, (
            f" on line {mark.line + 1}; check that the {_FLOW[context]} that opens here is closed"
        )
    return None


def syntax_error(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "control characters" in problem or "special characters" in problem:
        return control_character(path, text) or diag(
            path,
            line,
            col,
            "EQ103",
            "the file contains a control character that is not allowed in text",
        )
    tab = tab_indent(text)
    if tab is not None and ("\\t" in problem or "tab" in problem or tab[0] <= line):
        return diag(
            path,
            tab[0],
            tab[1],
            "EQ106",
            "a tab is used for indentation; YAML indents with spaces only",
        )
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in `[[[[...`
        return diag(
            path, line, col, "EQ109", f"values are nested more than {MAX_DEPTH} levels deep"
        )
    context = getattr(exc, "context", None)
    sentence = f"{problem} ({context})" if context else problem
    earlier = _started_earlier(problem, context, getattr(exc, "context_mark", None), mark)
    if earlier is not None:
        line, col = earlier[0].line + 1, earlier[0].column + 1
        sentence = f"{problem}{earlier[1]}" if context in _FLOW else sentence + earlier[1]
    lines = _BREAKS.split(text)
    if line > len(
        lines
    ):  # libyaml puts the end of a file without a final newline on a line after it
        line, col = len(lines), len(lines[-1]) + 1
    if "while scanning an alias" in sentence or "while scanning an anchor" in sentence:
        sentence += "; text that starts with `*` or `&` must be put in quotes"
    elif "did not find expected '-' indicator" in problem:
        sentence += _list_item_hint(lines, line)
    elif "did not find expected key" in problem:
        sentence += _expected_key_hint(lines, line, getattr(exc, "context_mark", None))
    elif "could not find expected ':'" in problem:
        sentence += "; a line in a mapping needs `key: value`"
    elif (
        "mapping values are not allowed" in problem
    ):  # libyaml: "... in this context", PyYAML: "... here"
        sentence += "; a value containing `: ` must be quoted, or the indentation is off"
    return diag(path, line, col, "EQ105", f"invalid YAML: {sentence}")


_KEY_LINE = re.compile(r"( *)(?:- +)?([A-Za-z0-9_][^:#]*?):(?: |$)")


def _key_on(lines: list[str], number: int) -> tuple[int, str] | None:
    """(the column of the key, the key) on line `number` (1-based), if it starts with one; a
    list item's key (`- text:`) is at the column after its dash."""
    found = _KEY_LINE.match(lines[number - 1]) if 0 < number <= len(lines) else None
    if found is None:
        return None
    return found.end(1) + (found.start(2) - found.end(1)), found.group(2)


def _indent(lines: list[str], number: int) -> int | None:
    """The indentation of a line that holds something (None for blank and comment lines)."""
    text = lines[number - 1]
    stripped = text.lstrip(" ")
    return None if not stripped or stripped.startswith("#") else len(text) - len(stripped)


def _nearest_key(lines: list[str], line: int, column: int) -> tuple[int, str] | None:
    """(line, key) of the nearest key at `column`, looking up from `line`, then down."""
    for numbers in (range(line - 1, 0, -1), range(line + 1, len(lines) + 1)):
        for number in numbers:
            key = _key_on(lines, number)
            if key is not None and key[0] == column:
                return number, key[1]
            indent = _indent(lines, number)
            if indent is not None and indent < column:
                break
    return None


def _deeper_keys(lines: list[str], line: int, parent: int) -> int | None:
    """The column of the shallowest keys next to `line` that are deeper than `parent`: the
    keys of the block just above (or below) it, which the line may have been meant to join."""
    for numbers in (range(line - 1, 0, -1), range(line + 1, len(lines) + 1)):
        columns = []
        for number in numbers:
            indent = _indent(lines, number)
            if indent is not None and indent <= parent:
                break
            key = _key_on(lines, number)
            if key is not None:
                columns.append(key[0])
        if columns:
            return min(columns)
    return None


def _format_keys() -> frozenset[str]:
    from . import read_fields as f  # here: read_fields imports this module's caller

    groups = (f.TOP_KEYS, f.CAST_KEYS, f.SCENE_KEYS, f.CHOICE_KEYS, f.READ_KEYS)
    return frozenset().union(*groups, f.READ_OPTION_KEYS, f.ENDING_KEYS, f.BRANCH_KEYS)


def _expected_key_hint(lines: list[str], line: int, start: Mark | None) -> str:
    """Why a key was expected: a line indented off its mapping, or a text that starts with a
    quote and goes on after it. The column to use is the one its siblings use: the parser
    only knows the mapping it fell back to (`mood:` at 3 under a scene whose keys are at 4
    falls back to the scenes at 2), so a key of the format goes with the keys of the block
    next to it when they are keys of the format too, and an id goes with the ids."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(here) - len(here.lstrip(" "))
    if start is None or not here.strip() or indent == start.column:
        return (
            "; if a text value starts with a quote but goes on after it, put the whole text "
            "in quotes"
        )
    written = _key_on(lines, line)
    fields = _format_keys()
    choices = [start.column]
    deeper = _deeper_keys(lines, line, start.column)
    if deeper is not None and deeper != indent:
        choices.insert(0, deeper)  # the block next to it first, if its keys are alike
    for column in choices:
        sibling = _nearest_key(lines, line, column)
        if sibling is None:
            continue
        if written is None or len(choices) == 1 or (written[1] in fields) == (sibling[1] in fields):
            return _indent_it(line, indent, column, sibling)
    return (
        f"; line {line} is indented {indent} spaces, but the mapping it belongs to (from "
        f"line {start.line + 1}) is indented {start.column}: line its keys up"
    )


def _indent_it(line: int, indent: int, column: int, sibling: tuple[int, str]) -> str:
    return (
        f"; line {line} is indented {indent} space{'s' * (indent != 1)}: indent it {column} "
        f"space{'s' * (column != 1)}, like `{sibling[1]}:` on line {sibling[0]}"
    )


def _list_item_hint(lines: list[str], line: int) -> str:
    """A line at the column of a list's dashes that is not an item: usually a key of the item
    above, indented too little."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(here) - len(here.lstrip(" "))
    item = None
    for number in range(line - 1, 0, -1):  # the item above: `- key:` at the list's column
        text = lines[number - 1]
        stripped = text.lstrip(" ")
        if stripped.startswith("- ") and len(text) - len(stripped) <= indent:
            item = _key_on(lines, number)
            break
    if item is None:
        return (
            f"; line {line} is indented like the `- ` items of a list but is not one: "
            "start it with `- `, or indent it like the keys of the item it belongs to"
        )
    sibling = _nearest_key(lines, line, item[0]) or (number, item[1])
    owner = _owner(lines, number)
    return (
        f"; a line here is indented less than the list items around it; line it up with the "
        f"other keys of its {owner}: indent line {line} {item[0]} spaces, like "
        f"`{sibling[1]}:` on line {sibling[0]}"
    )


def _owner(lines: list[str], item_line: int) -> str:
    """What one item of the list is called: a choice of `choices:`, an option of `options:`."""
    item_indent = _indent(lines, item_line) or 0
    for number in range(item_line - 1, 0, -1):
        indent = _indent(lines, number)
        if indent is not None and indent < item_indent:
            key = _key_on(lines, number)
            if key is not None and key[1] in ("choices", "options", "goto"):
                return {"choices": "choice", "options": "option", "goto": "chance outcome"}[key[1]]
            break
    return "item"

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
    elif "did not find expected key" in problem:
        sentence += _expected_key_hint(lines, line, getattr(exc, "context_mark", None))
    elif "could not find expected ':'" in problem:
        sentence += "; a line in a mapping needs `key: value`"
    elif (
        "mapping values are not allowed" in problem
    ):  # libyaml: "... in this context", PyYAML: "... here"
        sentence += "; a value containing `: ` must be quoted, or the indentation is off"
    return diag(path, line, col, "EQ105", f"invalid YAML: {sentence}")


def _expected_key_hint(lines: list[str], line: int, start: Mark | None) -> str:
    """Why a key was expected: a line indented off its mapping, or a text that starts with a
    quote and goes on after it."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(here) - len(here.lstrip(" "))
    if start is not None and here.strip() and indent != start.column:
        word = "space" if start.column == 1 else "spaces"
        return (
            f"; line {line} is indented {indent} spaces, but the mapping it belongs to (from "
            f"line {start.line + 1}) is indented {start.column} {word}: line its keys up"
        )
    return (
        "; if a text value starts with a quote but goes on after it, put the whole text in quotes"
    )

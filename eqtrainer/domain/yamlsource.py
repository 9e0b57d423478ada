"""Read a scenario file into plain data, safely, keeping every value's line and column.

YAML here is data and nothing else. Rather than PyYAML's constructors, this walks the
parser's event stream (libyaml when available) and builds dicts, lists and scalars itself:
it never constructs an object from a tag, rejects anchors and aliases at the first one (so
an alias bomb costs nothing), reports duplicate keys that PyYAML would silently drop, bounds
nesting, and records where every key and value was written so that errors can point at it.
Skipping PyYAML's node graph and resolver also makes this faster than `yaml.load`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from typing import NoReturn, Protocol, Union

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .diagnostics import ERROR, Diagnostic


class Mark(Protocol):
    """Where the parser is: 0-based line and column (libyaml's marks and PyYAML's alike)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

_Parser: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: slower, same results
    _Parser = yaml.SafeLoader

# What a scalar turns into (YAML 1.2 core schema), and what a file's data is made of.
Scalar = str | int | float | bool | None
Data = Union["Mapping", "Sequence", Scalar]


class Mapping(dict[str, Data]):
    """A YAML mapping: a dict that also knows where it, its keys and its values are.

    Positions are kept as the parser's marks (0-based) and turned into 1-based line and
    column by `position()` only when a message needs one.
    """

    __slots__ = ("col", "key_pos", "line", "quoted", "value_pos")
    line: int
    col: int
    key_pos: dict[str, Mark]
    value_pos: dict[str, Mark]
    quoted: frozenset[str]  # the keys whose value is quoted: its text starts a column later


def empty_mapping() -> Mapping:
    """A mapping with nothing in it, standing where the file has none (positions at 1:1)."""
    empty = Mapping()
    empty.line, empty.col, empty.key_pos, empty.value_pos = 1, 1, {}, {}
    empty.quoted = _NO_KEYS
    return empty


class Sequence(list[Data]):
    """A YAML sequence: a list that also knows where it and its items are."""

    __slots__ = ("col", "item_pos", "line")
    line: int
    col: int
    item_pos: list[Mark]


class SourceError(Exception):
    """The file cannot be turned into data; carries the diagnostic to show."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


# YAML 1.2 core schema: only true/false are booleans (so `no` and `on` stay text), and
# numbers are plain decimal.
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_PLAIN_FIRST = frozenset("0123456789+-.~tTfFnN")
_CONSTANTS = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}


_EMPTY = "the file is empty; a scenario starts with `format: 1` and `id:`"
_QUOTED = frozenset(("'", '"'))  # the styles of quoted scalars
_NO_KEYS: frozenset[str] = frozenset()


def resolve_plain(text: str) -> Scalar:
    """The value of an unquoted scalar."""
    if not text or text[0] not in _PLAIN_FIRST:
        return text if text else None
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def position(mark: Mark) -> tuple[int, int]:
    """1-based (line, column) of a parser mark."""
    return mark.line + 1, mark.column + 1


def _diag(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, code, message)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_a_file(mode: int) -> str | None:
    """What a path is when it is not a regular file ("a named pipe (FIFO)"), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str) -> bytes:
    """The file's bytes, refusing a file over the size limit before reading it.

    Only regular files are read: a FIFO, socket or device (directly or through a symlink)
    is refused without opening it for a blocking read, so no command can hang on one.
    """
    try:
        kind = not_a_file(os.stat(path).st_mode)
        if kind is not None:
            raise SourceError(
                _diag(path, 1, 1, "EQ100", f"cannot read the file: it is {kind}, not a file")
            )
        # Non-blocking, and checked again once open: the path may have changed in between.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = not_a_file(info.st_mode)
            if kind is not None:
                raise SourceError(
                    _diag(path, 1, 1, "EQ100", f"cannot read the file: it is {kind}, not a file")
                )
            if info.st_size > MAX_BYTES:
                raise SourceError(
                    _diag(
                        path,
                        1,
                        1,
                        "EQ101",
                        f"the file has {info.st_size:,} bytes; "
                        f"a scenario file may have at most {MAX_BYTES:,} (1 MiB)",
                    )
                )
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            reason = "the symlink points back to itself (a symlink loop)"
        raise SourceError(_diag(path, 1, 1, "EQ100", f"cannot read the file: {reason}")) from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise SourceError(
            _diag(
                path,
                1,
                1,
                "EQ101",
                "the file is larger than 1 MiB, the most a scenario file may be",
            )
        )
    return data


def check_text(path: str, data: bytes) -> str:
    """Decode and screen the bytes; raise SourceError for anything that is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")  # valid: the first bad byte is at exc.start
        line, col = _position(before, len(before))  # a column counts characters, not bytes
        raise SourceError(
            _diag(
                path,
                line,
                col,
                "EQ102",
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        found = _control_character(path, text)
        raise SourceError(found or _diag(path, 1, 1, "EQ103", "the file contains a NUL byte"))
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError(_diag(path, 1, 1, "EQ104", _EMPTY))
    return text


# The characters YAML does not allow in a file. libyaml refuses them without saying where, so
# they are looked for only once it has refused one (a search of every file would cost time).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_character(path: str, text: str) -> Diagnostic | None:
    bad = _CONTROL.search(text)
    if bad is None:
        return None
    line, col = _position(text, bad.start())
    char = bad.group()
    message = (
        "the file contains a NUL byte; is it really a text file?"
        if char == "\x00"
        else f"the file contains the control character U+{ord(char):04X}, not allowed in text"
    )
    return _diag(path, line, col, "EQ103", message)


def _tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None


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


def _syntax_error(path: str, text: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "control characters" in problem or "special characters" in problem:
        return _control_character(path, text) or _diag(
            path,
            line,
            col,
            "EQ103",
            "the file contains a control character that is not allowed in text",
        )
    tab = _tab_indent(text)
    if tab is not None and ("\\t" in problem or "tab" in problem or tab[0] <= line):
        return _diag(
            path,
            tab[0],
            tab[1],
            "EQ106",
            "a tab is used for indentation; YAML indents with spaces only",
        )
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in `[[[[...`
        return _diag(
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
    return _diag(path, line, col, "EQ105", f"invalid YAML: {sentence}")


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


class _Open:
    """A container being filled, with the key waiting for its value (mappings only)."""

    __slots__ = ("container", "key", "key_mark")

    def __init__(self, container: Mapping | Sequence):
        self.container = container
        self.key: str | None = None
        self.key_mark: Mark | None = None


def _start(event: Event) -> Mark:
    mark = event.start_mark
    if mark is None:  # the parser always sets it; a bug if not
        raise AssertionError("a YAML event without a position")
    return mark


def parse(path: str, text: str) -> Mapping:
    """Build the file's data from parser events. Raises SourceError on the first problem."""
    parser = _Parser(text)
    get_event = parser.get_event
    stack: list[_Open] = []
    root: Mapping | None = None
    documents = 0
    try:
        while True:
            event = get_event()
            if isinstance(event, ScalarEvent):
                if event.tag is not None or event.anchor is not None:
                    _refuse_decoration(path, event)
                mark = _start(event)
                if not stack:
                    if event.value == "" and event.implicit[0]:  # an empty document: `---`
                        raise SourceError(_diag(path, 1, 1, "EQ104", _EMPTY))
                    raise SourceError(_not_a_mapping(path, mark, "a single value"))
                top = stack[-1]
                container = top.container
                value = resolve_plain(event.value) if event.implicit[0] else event.value
                if isinstance(container, Mapping):
                    key = top.key
                    if key is None:
                        key = event.value
                        if key in container:
                            first = position(container.key_pos[key])
                            raise SourceError(
                                _diag(
                                    path,
                                    mark.line + 1,
                                    mark.column + 1,
                                    "EQ110",
                                    f"key `{key}` appears twice in this mapping (first on line "
                                    f"{first[0]}); YAML would silently keep only the last one",
                                )
                            )
                        top.key = key
                        top.key_mark = mark
                    else:
                        container[key] = value
                        container.key_pos[key] = top.key_mark or mark
                        container.value_pos[key] = mark
                        if event.style in _QUOTED:  # rare: a new set costs less than one each
                            container.quoted = container.quoted | {key}
                        top.key = None
                else:
                    container.append(value)
                    container.item_pos.append(mark)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                if event.tag is not None or event.anchor is not None:
                    _refuse_decoration(path, event)
                mark = _start(event)
                new: Mapping | Sequence
                if isinstance(event, MappingStartEvent):
                    new = Mapping()
                    new.key_pos = {}
                    new.value_pos = {}
                    new.quoted = _NO_KEYS
                else:
                    new = Sequence()
                    new.item_pos = []
                new.line = mark.line + 1
                new.col = mark.column + 1
                if stack:
                    top = stack[-1]
                    container = top.container
                    if isinstance(container, Mapping):
                        if top.key is None:
                            raise SourceError(
                                _diag(
                                    path,
                                    new.line,
                                    new.col,
                                    "EQ202",
                                    "a key must be a plain word, not a list or a mapping",
                                )
                            )
                        container[top.key] = new
                        container.key_pos[top.key] = top.key_mark or mark
                        container.value_pos[top.key] = mark
                        top.key = None
                    else:
                        container.append(new)
                        container.item_pos.append(mark)
                    if len(stack) >= MAX_DEPTH:
                        raise SourceError(
                            _diag(
                                path,
                                new.line,
                                new.col,
                                "EQ109",
                                f"values are nested more than {MAX_DEPTH} levels deep",
                            )
                        )
                elif root is None:
                    if not isinstance(new, Mapping):
                        raise SourceError(_not_a_mapping(path, mark, "a list"))
                    root = new
                stack.append(_Open(new))
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                stack.pop()
            elif isinstance(event, AliasEvent):
                _refuse_decoration(path, event)
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    mark = _start(event)
                    raise SourceError(
                        _diag(
                            path,
                            mark.line + 1,
                            mark.column + 1,
                            "EQ112",
                            "a second YAML document starts here; a file holds one scenario",
                        )
                    )
            elif isinstance(event, StreamEndEvent):
                break
    except yaml.YAMLError as exc:
        raise SourceError(_syntax_error(path, text, exc)) from None
    except RecursionError:  # pure-Python parser on pathological nesting
        raise SourceError(
            _diag(path, 1, 1, "EQ109", f"values are nested more than {MAX_DEPTH} levels deep")
        ) from None
    finally:
        parser.dispose()
    if root is None:
        raise SourceError(_diag(path, 1, 1, "EQ104", _EMPTY))
    return root


def _refuse_decoration(
    path: str, event: ScalarEvent | CollectionStartEvent | AliasEvent
) -> NoReturn:
    line, col = position(_start(event))
    if not isinstance(event, AliasEvent) and event.tag is not None:
        raise SourceError(
            _diag(
                path,
                line,
                col,
                "EQ107",
                f"the YAML tag `{event.tag}` is not allowed; scenarios are plain data, remove the "
                "tag "
                "(if the value is text that starts with `!`, put it in quotes)",
            )
        )
    raise SourceError(
        _diag(
            path,
            line,
            col,
            "EQ108",
            f"YAML anchors and aliases (`&{event.anchor}`, `*{event.anchor}`) are not allowed; "
            "write the value out in full",
        )
    )


def _not_a_mapping(path: str, mark: Mark, what: str) -> Diagnostic:
    return _diag(
        path,
        mark.line + 1,
        mark.column + 1,
        "EQ111",
        f"the file holds {what}, but a scenario is a mapping of keys such as `id:`, `title:` and "
        "`scenes:`",
    )


def load_data(path: str) -> Mapping:
    """Read, screen and parse one file. Raises SourceError."""
    return parse(path, check_text(path, read_bytes(path)))

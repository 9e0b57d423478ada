"""Read a scenario file into plain data, safely, keeping every value's line and column.

YAML here is data and nothing else. Rather than PyYAML's constructors, this walks the
parser's event stream (libyaml when available) and builds dicts, lists and scalars itself:
it never constructs an object from a tag, rejects anchors and aliases at the first one (so
an alias bomb costs nothing), reports duplicate keys that PyYAML would silently drop, bounds
nesting, and records where every key and value was written so that errors can point at it.
Skipping PyYAML's node graph and resolver also makes this faster than `yaml.load`.
"""

from __future__ import annotations

import re
from typing import NoReturn, Union

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

from .diagnostics import Diagnostic
from .source_file import (
    EMPTY,
    MAX_BYTES,
    MAX_DEPTH,
    SourceError,
    check_text,
    diag,
    not_a_file,
    read_bytes,
)
from .yaml_errors import Mark, syntax_error

__all__ = [  # what the readers import from here, wherever it now lives
    "MAX_BYTES",
    "Data",
    "Mapping",
    "Mark",
    "Sequence",
    "SourceError",
    "empty_mapping",
    "load_data",
    "not_a_file",
    "parse",
    "position",
    "resolve_plain",
]


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
                    _refuse_decoration(path, event, _key_of(stack))
                mark = _start(event)
                if not stack:
                    if event.value == "" and event.implicit[0]:  # an empty document: `---`
                        raise SourceError(diag(path, 1, 1, "EQ104", EMPTY))
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
                                diag(
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
                                diag(
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
                            diag(
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
                        diag(
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
        raise SourceError(syntax_error(path, text, exc)) from None
    except RecursionError:  # pure-Python parser on pathological nesting
        raise SourceError(
            diag(path, 1, 1, "EQ109", f"values are nested more than {MAX_DEPTH} levels deep")
        ) from None
    finally:
        parser.dispose()
    if root is None:
        raise SourceError(diag(path, 1, 1, "EQ104", EMPTY))
    return root


def _key_of(stack: list[_Open]) -> str | None:
    """The key whose value the next event is, when it is one."""
    if stack and isinstance(stack[-1].container, Mapping):
        return stack[-1].key
    return None


def _refuse_decoration(
    path: str, event: ScalarEvent | CollectionStartEvent | AliasEvent, key: str | None = None
) -> NoReturn:
    line, col = position(_start(event))
    tag = None if isinstance(event, AliasEvent) else event.tag
    if key == "if" and isinstance(event, ScalarEvent) and tag is not None and tag[:1] == "!":
        # `if: !promised_date`: a programmer's "not", which YAML reads as a tag
        written = f"{tag} {event.value}".strip()
        meant = f"not {written[1:].strip()}"
        raise SourceError(
            diag(
                path,
                line,
                col,
                "EQ107",
                f"`{written}` starts with `!`, which YAML reads as a tag; in a condition write "
                f"`not` instead of `!`: `if: {meant}`",
            )
        )
    if tag is not None:
        raise SourceError(
            diag(
                path,
                line,
                col,
                "EQ107",
                f"the YAML tag `{tag}` is not allowed; scenarios are plain data, remove the "
                "tag "
                "(if the value is text that starts with `!`, put it in quotes)",
            )
        )
    raise SourceError(
        diag(
            path,
            line,
            col,
            "EQ108",
            f"YAML anchors and aliases (`&{event.anchor}`, `*{event.anchor}`) are not allowed; "
            "write the value out in full",
        )
    )


def _not_a_mapping(path: str, mark: Mark, what: str) -> Diagnostic:
    return diag(
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

"""Conditions (`if:`): parsed into a small syntax tree when a file loads, never run as code.

Grammar, loosest binding first:
    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("<" | "<=" | ">" | ">=" | "==" | "!=") operand)?
    operand    := NUMBER (may be signed: -5) | "true" | "false" | NAME | NAME ".trust"
                | "visited" "(" SCENE-ID ")" | "(" expr ")"
Every name is checked against the scenario while parsing, and so is the kind of every
value (number or true/false), so a mistake is reported at load time with its column.

The tree is plain frozen data: it can be pickled (the process pool sends scenarios back),
hashed and compared, and tools read which names a condition uses from it.
A hand-written parser rather than Python's `ast`: `visited(team-pushback)` takes a scene id
with hyphens, which is not a Python expression.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Protocol

from .diagnostics import did_you_mean

NUMBER, BOOLEAN = "number", "true/false"

Value = float | bool


class State(Protocol):
    """What a condition reads: the author's variables, the cast's trust, the scenes visited."""

    @property
    def vars(self) -> Mapping[str, Value]: ...
    @property
    def trust(self) -> Mapping[str, float]: ...
    @property
    def visited(self) -> Set[str]: ...


@dataclass(frozen=True, slots=True)
class Const:
    value: Value

    def evaluate(self, state: State) -> Value:
        return self.value

    def names(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True, slots=True)
class Var:
    name: str

    def evaluate(self, state: State) -> Value:
        return state.vars[self.name]

    def names(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True, slots=True)
class Trust:
    cast_id: str

    def evaluate(self, state: State) -> Value:
        return state.trust[self.cast_id]

    def names(self) -> frozenset[str]:
        return frozenset({f"{self.cast_id}.trust"})


@dataclass(frozen=True, slots=True)
class Visited:
    scene: str

    def evaluate(self, state: State) -> Value:
        return self.scene in state.visited

    def names(self) -> frozenset[str]:
        return frozenset({f"visited({self.scene})"})


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node

    def evaluate(self, state: State) -> Value:
        return not self.operand.evaluate(state)

    def names(self) -> frozenset[str]:
        return self.operand.names()


@dataclass(frozen=True, slots=True)
class And:
    left: Node
    right: Node

    def evaluate(self, state: State) -> Value:
        return bool(self.left.evaluate(state)) and bool(self.right.evaluate(state))

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()


@dataclass(frozen=True, slots=True)
class Or:
    left: Node
    right: Node

    def evaluate(self, state: State) -> Value:
        return bool(self.left.evaluate(state)) or bool(self.right.evaluate(state))

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()


_COMPARE: dict[str, Callable[[Value, Value], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # one of _COMPARE's keys
    left: Node
    right: Node

    def evaluate(self, state: State) -> Value:
        return _COMPARE[self.op](self.left.evaluate(state), self.right.evaluate(state))

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()

    def numbers(self) -> tuple[float, ...]:
        return tuple(
            float(side.value)
            for side in (self.left, self.right)
            if isinstance(side, Const) and not isinstance(side.value, bool)
        )


Node = Const | Var | Trust | Visited | Not | And | Or | Compare


def walk(node: Node) -> list[Node]:
    """Every node of a tree, the root first."""
    found: list[Node] = [node]
    if isinstance(node, Not):
        found += walk(node.operand)
    elif isinstance(node, And | Or | Compare):
        found += walk(node.left) + walk(node.right)
    return found


class ConditionError(Exception):
    def __init__(self, code: str, offset: int, message: str):
        super().__init__(message)
        self.code = code
        self.offset = offset  # 0-based column inside the condition text
        self.message = message


@dataclass(frozen=True, slots=True)
class Names:
    """What a condition may refer to."""

    vars: dict[str, str]  # name -> NUMBER or BOOLEAN
    cast: frozenset[str]
    scenes: frozenset[str]


_TOKEN = re.compile(
    r"\s*(?:(?P<num>[-+]?(?:\d+(?:\.\d+)?|\.\d+))|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|<|>|\(|\)|\.)|(?P<bad>&&|\|\||=>|=<|=|!|\S))"
)
_SCENE_ARG = re.compile(r"\s*([A-Za-z0-9_][A-Za-z0-9_-]*)\s*\)")
_HINTS = {
    "&&": "write `and` instead of `&&`",
    "||": "write `or` instead of `||`",
    "=>": "write `>=` for 'at least'",
    "=<": "write `<=` for 'at most'",
    "!": "write `not` instead of `!`",
    "=": "write `==` to compare",
}
_KEYWORDS = {"and", "or", "not", "true", "false", "visited"}
# Words people expect to be true or false, from YAML 1.1, spreadsheets and Python.
_YAML11_BOOLEANS = {
    "yes": "true",
    "y": "true",
    "on": "true",
    "no": "false",
    "n": "false",
    "off": "false",
    "true": "true",  # reached only as `True` or `TRUE`: the lower-case words are keywords
    "false": "false",
}

Parsed = tuple[str, Node, int]  # (NUMBER or BOOLEAN, the tree, its column)


class _Parser:
    def __init__(self, text: str, names: Names):
        self.text = text
        self.names = names
        self.pos = 0
        self.tokens: list[tuple[str, str, int]] = []
        self._tokenize()
        self.index = 0

    def _tokenize(self) -> None:
        pos, text = 0, self.text
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            # The last alternative matches any non-space character, and text[pos:] has one.
            assert match is not None and match.lastgroup is not None
            kind = match.lastgroup
            value = match.group(kind)
            start = match.start(kind)
            if kind == "bad":
                hint = _HINTS.get(value, f"`{value}` is not allowed in a condition")
                raise ConditionError("EQ400", start, hint)
            self.tokens.append((kind, value, start))
            pos = match.end()
            if kind == "name" and value == "visited":
                after = re.match(r"\s*\(", text[pos:])
                if after:
                    self.tokens.append(("op", "(", pos + after.end() - 1))
                    pos += after.end()
                    arg = _SCENE_ARG.match(text, pos)
                    if not arg:
                        raise ConditionError(
                            "EQ400",
                            pos,
                            "visited() takes one scene id, e.g. `visited(team-pushback)`",
                        )
                    self.tokens.append(("scene", arg.group(1), arg.start(1)))
                    self.tokens.append(("op", ")", arg.end() - 1))
                    pos = arg.end()
        self.tokens.append(("end", "", len(text)))

    # -- helpers -----------------------------------------------------------------
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str, what: str) -> None:
        kind, got, start = self.take()
        if got != value or kind not in ("op",):
            found = f"`{got}`" if got else "the end of the condition"
            raise ConditionError("EQ400", start, f"expected {what}, found {found}")

    # -- grammar -----------------------------------------------------------------
    def parse(self) -> Node:
        if self.peek()[0] == "end":
            raise ConditionError("EQ400", 0, "the condition is empty")
        kind, test, start = self.expression()
        end = self.peek()
        if end[0] != "end":
            raise ConditionError(
                "EQ400", end[2], f"unexpected `{end[1]}`; join tests with `and` or `or`"
            )
        self.require_boolean(kind, start)
        return test

    def require_boolean(self, kind: str, start: int) -> None:
        if kind != BOOLEAN:
            operand = self.operand_text(start)
            raise ConditionError(
                "EQ402",
                start,
                f"`{operand}` is a number, not a yes/no test; compare it, e.g. `{operand} > 0`",
            )

    def operand_text(self, start: int) -> str:
        """The name (or number) written at `start`, with `.trust` when it follows."""
        for index, (_kind, value, position) in enumerate(self.tokens):
            if position == start:
                after = self.tokens[index + 1 : index + 3]
                if len(after) == 2 and after[0][1] == "." and after[1][1] == "trust":
                    return f"{value}.trust"
                return value
        return "this value"

    def expression(self) -> Parsed:
        return self.chain("or", self.and_expr, Or)

    def and_expr(self) -> Parsed:
        return self.chain("and", self.not_expr, And)

    def chain(
        self, word: str, operand: Callable[[], Parsed], join: Callable[[Node, Node], Node]
    ) -> Parsed:
        """operand (word operand)*: yes/no tests joined by `and` or by `or`."""
        kind, left, start = operand()
        while self.peek()[1] == word and self.peek()[0] == "name":
            self.take()
            self.require_boolean(kind, start)
            right_kind, right, right_start = operand()
            self.require_boolean(right_kind, right_start)
            left = join(left, right)
            kind = BOOLEAN
        return kind, left, start

    def not_expr(self) -> Parsed:
        kind, value, start = self.peek()
        if kind == "name" and value == "not":
            self.take()
            inner_kind, inner, inner_start = self.not_expr()
            self.require_boolean(inner_kind, inner_start)
            return BOOLEAN, Not(inner), start
        return self.comparison()

    def comparison(self) -> Parsed:
        kind, left, start = self.operand()
        op_kind, op, op_start = self.peek()
        if op_kind == "op" and op in _COMPARE:
            self.take()
            rkind, right, _rstart = self.operand()
            if kind != rkind:
                raise ConditionError(
                    "EQ402",
                    op_start,
                    f"`{op}` compares a {kind} with a {rkind}; compare like with like",
                )
            if kind == BOOLEAN and op not in ("==", "!="):
                raise ConditionError(
                    "EQ402",
                    op_start,
                    f"`{op}` needs numbers; true/false can only be tested with == or !=",
                )
            return BOOLEAN, Compare(op, left, right), start
        return kind, left, start

    def operand(self) -> Parsed:
        kind, value, start = self.take()
        if kind == "num":
            number: float = float(value) if "." in value else int(value)
            return NUMBER, Const(number), start
        if kind == "op" and value == "(":
            inner = self.expression()
            self.expect(")", "`)` to close the parenthesis")
            return inner
        if kind == "name":
            return self.named(value, start)
        found = f"`{value}`" if value else "the end of the condition"
        raise ConditionError(
            "EQ400", start, f"expected a name, a number, true or false, found {found}"
        )

    def named(self, name: str, start: int) -> Parsed:
        names = self.names
        if name in ("true", "false"):
            constant = name == "true"
            return BOOLEAN, Const(constant), start
        if name == "visited":
            if self.peek()[1] != "(":
                raise ConditionError(
                    "EQ400", start, "visited() takes one scene id, e.g. `visited(team-pushback)`"
                )
            self.take()
            _, scene, scene_start = self.take()
            self.take()  # ")"
            if scene not in names.scenes:
                raise ConditionError(
                    "EQ403",
                    scene_start,
                    f"visited() names `{scene}`, which is not a "
                    f"scene{did_you_mean(scene, names.scenes)}",
                )
            return BOOLEAN, Visited(scene), start
        if name in ("and", "or", "not"):
            raise ConditionError("EQ400", start, f"`{name}` needs a test on each side")
        if self.peek()[1] == ".":
            self.take()
            _, attribute, attr_start = self.take()
            if name in names.vars:
                raise ConditionError(
                    "EQ401",
                    start,
                    f"`{name}` is a variable and has no `.{attribute}`; write `{name}` alone",
                )
            if name not in names.cast:
                raise ConditionError(
                    "EQ401", start, f"`{name}` is not in the cast{did_you_mean(name, names.cast)}"
                )
            if attribute != "trust":
                raise ConditionError(
                    "EQ401",
                    attr_start,
                    f"a cast member has only `trust`, not `{attribute}`; write `{name}.trust`",
                )
            return NUMBER, Trust(name), start
        if name in names.vars:
            return names.vars[name], Var(name), start
        if name in names.cast:
            raise ConditionError(
                "EQ401",
                start,
                f"`{name}` is a cast member; write `{name}.trust` to test their trust",
            )
        meant = _YAML11_BOOLEANS.get(name.lower())
        if meant is not None:
            # `yes`/`no`/`on`/`off` (YAML 1.1's booleans) or `True`: a new variable is not what
            # the author meant, so declaring one must not be the advice.
            raise ConditionError(
                "EQ401",
                start,
                f"only `true` and `false` are true/false values in a condition, not "
                f"`{name}`: write `{meant}`",
            )
        # A cast member's trust is offered only for a name about trust: `lena_rested` is a
        # new variable to declare, not a misspelt `lena.trust`.
        known = list(names.vars)
        if "trust" in name.lower():
            known += [f"{c}.trust" for c in names.cast]
        near = did_you_mean(name, known)
        declare = f"declare it under `vars:`, e.g. `{name}: false` or `{name}: 0`"
        raise ConditionError(
            "EQ401",
            start,
            f"`{name}` is not a variable of this scenario"
            + (f"{near} If it is a new one, {declare}" if near else f"; {declare}"),
        )


def parse_condition(text: str, names: Names) -> Node:
    """Parse a condition into its syntax tree, or raise ConditionError."""
    if len(text) > 500:
        raise ConditionError(
            "EQ400",
            0,
            "the condition is longer than 500 characters; split the logic into variables",
        )
    if text.count("(") > 50:
        raise ConditionError("EQ400", 0, "the condition nests too many parentheses")
    return _Parser(text, names).parse()

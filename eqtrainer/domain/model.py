"""What a scenario is, once loaded: plain, immutable data for the engine and the screens."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from .conditions import Node, State
from .vocabulary import AREAS, DIMENSION_LABELS, DIMENSIONS, OUTCOMES

__all__ = [
    "AREAS",
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "OUTCOMES",
    "Branch",
    "CastMember",
    "Choice",
    "Condition",
    "Ending",
    "FrozenDict",
    "ReadOption",
    "ReadQuestion",
    "Scenario",
    "Scene",
]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A mapping that cannot change once made, so models can be hashed, compared and shared."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


def frozen(mapping: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> FrozenDict[K, V]:
    return mapping if isinstance(mapping, FrozenDict) else FrozenDict(mapping)


def _freeze_fields(obj: Any) -> None:
    """Turn any plain dict handed to a frozen model into a FrozenDict."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, dict):
            object.__setattr__(obj, f.name, FrozenDict(value))


@dataclass(frozen=True, slots=True)
class CastMember:
    id: str
    name: str
    role: str
    trust: float


@dataclass(frozen=True, slots=True)
class Branch:
    """One possible destination of a goto; a plain goto is one branch of chance 1."""

    to: str
    chance: float = 1.0


@dataclass(frozen=True, slots=True)
class Condition:
    """An `if:` as written and as parsed (see conditions.py); never run as code."""

    source: str
    tree: Node

    def test(self, state: State) -> bool:
        return bool(self.tree.evaluate(state))

    def names(self) -> frozenset[str]:
        """The variables, `NAME.trust` and `visited(scene)` the condition reads."""
        return self.tree.names()


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    scores: Mapping[str, float]
    why: str
    goto: tuple[Branch, ...]
    effects: Mapping[str, float | bool] = field(default_factory=FrozenDict)
    set: Mapping[str, float | bool] = field(default_factory=FrozenDict)
    condition: Condition | None = None
    line: int = 0

    def __post_init__(self) -> None:
        _freeze_fields(self)

    @property
    def total(self) -> float:
        return sum(self.scores.values())


@dataclass(frozen=True, slots=True)
class ReadOption:
    text: str
    correct: bool


@dataclass(frozen=True, slots=True)
class ReadQuestion:
    prompt: str
    options: tuple[ReadOption, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    text: str
    choices: tuple[Choice, ...]
    speaker: str | None = None
    mood: str | None = None
    read: ReadQuestion | None = None
    timer: float | None = None
    timeout: str | None = None
    line: int = 0  # the line of the scene's key
    title: str = ""  # a few words the debrief names the decision by; optional
    choices_line: int = 0  # the line of its `choices:` key
    col: int = 0  # the column of the scene's key
    choices_col: int = 0  # the column of its `choices:` key

    @property
    def at(self) -> tuple[int, int]:
        """Where the scene's key is written: (line, column), 1-based."""
        return self.line, self.col or 1

    @property
    def choices_at(self) -> tuple[int, int]:
        """Where its `choices:` key is written, else the scene's key: (line, column)."""
        return (self.choices_line, self.choices_col or 1) if self.choices_line else self.at

    def position(self, choice: Choice) -> int:
        """Where `choice` (the very object, as a playthrough offers it) stands among this
        scene's choices as written, from 0: the same for every player, whatever a
        condition hid from them."""
        return next(i for i, c in enumerate(self.choices) if c is choice)


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    outcome: str
    text: str
    title: str = ""
    line: int = 0  # the line of the ending's key
    col: int = 0  # the column of the ending's key

    @property
    def at(self) -> tuple[int, int]:
        """Where the ending's key is written: (line, column), 1-based."""
        return self.line, self.col or 1

    @property
    def label(self) -> str:
        return self.title or self.id.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    summary: str
    areas: tuple[str, ...]
    difficulty: int
    minutes: float
    cast: Mapping[str, CastMember]
    vars: Mapping[str, float | bool]
    start: str
    scenes: Mapping[str, Scene]
    endings: Mapping[str, Ending]
    path: str = ""

    def __post_init__(self) -> None:
        _freeze_fields(self)

    @property
    def decision_scenes(self) -> int:
        return sum(1 for scene in self.scenes.values() if scene.choices)

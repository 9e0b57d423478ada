"""What a scenario is, once loaded: plain, immutable data for the engine and the screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .vocabulary import AREAS, DIMENSION_LABELS, DIMENSIONS, OUTCOMES  # noqa: F401 (re-exported)


@dataclass(frozen=True, slots=True)
class CastMember:
    id: str
    name: str
    role: str
    trust: int


@dataclass(frozen=True, slots=True)
class Branch:
    """One possible destination of a goto; a plain goto is one branch of chance 1."""

    to: str
    chance: float = 1.0


@dataclass(frozen=True, slots=True)
class Condition:
    source: str
    test: Callable[[object], bool] = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    scores: dict[str, float]
    why: str
    goto: tuple[Branch, ...]
    effects: dict[str, float | bool] = field(default_factory=dict)
    set: dict[str, float | bool] = field(default_factory=dict)
    condition: Condition | None = None
    line: int = 0

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
    line: int = 0


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    outcome: str
    text: str
    title: str = ""
    line: int = 0

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
    cast: dict[str, CastMember]
    vars: dict[str, float | bool]
    start: str
    scenes: dict[str, Scene]
    endings: dict[str, Ending]
    path: str = ""

    @property
    def decision_scenes(self) -> int:
        return sum(1 for scene in self.scenes.values() if scene.choices)

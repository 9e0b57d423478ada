"""`eqtrainer schema`: a JSON Schema (2020-12) of the scenario format.

Made for editors: the YAML language server (VS Code's YAML extension and others) completes
keys, shows the descriptions and flags shape errors while the author types. It describes
the shape only; `eqtrainer validate` stays the judge of references, conditions and the
story as a whole. A test keeps it in step with the loader.
"""

from __future__ import annotations

from typing import Any

from .read_fields import (
    BRANCH_KEYS,
    CAST_KEYS,
    CHOICE_KEYS,
    ENDING_KEYS,
    READ_KEYS,
    READ_OPTION_KEYS,
    SCENE_KEYS,
    TOP_KEYS,
    TOP_REQUIRED,
)
from .vocabulary import AREAS, DIMENSIONS, OUTCOMES

SCHEMA_ID = "https://eqtrainer.invalid/schema/scenario-1.json"

_TEXT: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "number"}, {"type": "boolean"}]
}
_SCENE_ID = r"^[a-z0-9][a-z0-9_-]*$"
_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_RESERVED = {"not": {"enum": ["and", "or", "not", "true", "false", "visited"]}}


def _text(description: str) -> dict[str, Any]:
    return {**_TEXT, "description": description}


def _object(
    properties: dict[str, Any], keys: tuple[str, ...], required: tuple[str, ...], description: str
) -> dict[str, Any]:
    assert set(properties) == set(keys), "the schema and the loader list different keys"
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _number(low: float, high: float, description: str, whole: bool = False) -> dict[str, Any]:
    return {
        "type": "integer" if whole else "number",
        "minimum": low,
        "maximum": high,
        "description": description,
    }


def scenario_schema() -> dict[str, Any]:
    score = _number(-2, 2, "-2 harmful .. +2 exemplary; a missing dimension is 0")
    branch = _object(
        {
            "to": {"type": "string", "description": "a scene or ending id"},
            "chance": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        },
        BRANCH_KEYS,
        BRANCH_KEYS,
        "one chance outcome; the chances are weights that should add up to 1",
    )
    assignments = {
        "type": "object",
        "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_]*(\.trust)?$"},
        "additionalProperties": {"type": ["number", "boolean"]},
    }
    choice = _object(
        {
            "text": _text("what the player can do"),
            "scores": {
                "type": "object",
                "description": "the expert key, -2..+2 on each dimension",
                "properties": {d: score for d in DIMENSIONS},
                "additionalProperties": False,
            },
            "why": _text("the rationale the player reads after choosing"),
            "effects": {**assignments, "description": "add to numbers (+10, -5), set true/false"},
            "set": {**assignments, "description": "assign numbers outright"},
            "if": {
                "type": ["string", "boolean"],
                "description": "a condition such as `budget_k > 50 and dana.trust >= 40`",
            },
            "goto": {
                "description": "a scene or ending id, or a list of {to, chance} outcomes",
                "anyOf": [
                    {"type": "string", "pattern": r"\S"},
                    {"type": "array", "items": branch, "minItems": 1},
                ],
            },
        },
        CHOICE_KEYS,
        ("text", "scores", "goto"),
        "one option of the decision",
    )
    read = _object(
        {
            "prompt": _text("the question, e.g. What is Dana mostly feeling?"),
            "options": {
                "type": "array",
                "minItems": 2,
                "items": _object(
                    {"text": _TEXT, "correct": {"type": "boolean"}},
                    READ_OPTION_KEYS,
                    ("text",),
                    "one answer; mark the right one(s) with correct: true",
                ),
            },
            "why": _text("why the right answer is right"),
        },
        READ_KEYS,
        READ_KEYS,
        "a read-the-room question asked before the choices (scores eq only)",
    )
    scene = _object(
        {
            "speaker": {"type": "string", "description": "a cast id; leave out for narration"},
            "title": _text("a few words the debrief names this decision by (optional)"),
            "mood": _text("the cue the player can read"),
            "text": _text("what happens"),
            "read": read,
            "choices": {"type": "array", "minItems": 1, "items": choice},
            "timer": _number(5, 3600, "seconds to answer; then `timeout` is taken"),
            "timeout": {"type": "string", "description": "where the timer leads"},
        },
        SCENE_KEYS,
        ("text", "choices"),
        "a scene with a decision",
    )
    ending = _object(
        {
            "outcome": {"enum": list(OUTCOMES)},
            "text": _text("how the story ends"),
            "title": _text("a short name for the ending"),
        },
        ENDING_KEYS,
        ("outcome", "text"),
        "an ending: it closes the scenario and has no choices",
    )
    member = _object(
        {
            "name": _text("full name"),
            "role": _text("role, shown beside the name"),
            "trust": _number(0, 100, "0..100, shown while playing (default 50)"),
        },
        CAST_KEYS,
        ("name",),
        "a person in the scenario",
    )
    top = _object(
        {
            "format": {"const": 1, "description": "the format version: 1"},
            "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
            "title": _text("the scenario's title"),
            "summary": _text("one or two sentences for the scenario list"),
            "areas": {
                "description": "one or more knowledge areas",
                "anyOf": [
                    {"enum": list(AREAS)},
                    {"type": "array", "minItems": 1, "items": {"enum": list(AREAS)}},
                ],
            },
            "difficulty": _number(1, 3, "1 foundation, 2 practitioner, 3 senior", whole=True),
            "minutes": _number(1, 600, "estimated play time"),
            "cast": {
                "type": "object",
                "propertyNames": {"pattern": _NAME, **_RESERVED},
                "additionalProperties": member,
            },
            "vars": {
                "type": "object",
                "description": "the author's own state: numbers and true/false",
                "propertyNames": {"pattern": _NAME, **_RESERVED},
                "additionalProperties": {"type": ["number", "boolean"]},
            },
            "start": {"type": "string", "description": "the first scene's id"},
            "scenes": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": _SCENE_ID},
                "additionalProperties": scene,
            },
            "endings": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": _SCENE_ID},
                "additionalProperties": ending,
            },
        },
        TOP_KEYS,
        TOP_REQUIRED,
        "an eqtrainer scenario (format 1); see docs/authoring.md",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "eqtrainer scenario",
        **top,
    }

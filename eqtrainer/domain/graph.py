"""`eqtrainer graph`: a scenario's map as Mermaid (renders on GitHub and in many editors) or
Graphviz dot. Scenes are boxes, endings rounded and coloured by outcome, each edge labelled
with the choice's number and its band; unreachable scenes are dashed and traps red."""

from __future__ import annotations

from .analysis import reachable
from .model import Scenario, Scene
from .scoring import band
from .story_checks import traps

COLOURS = {"good": "#2e7d32", "mixed": "#f9a825", "bad": "#c62828"}
TRAP_COLOUR = "#b71c1c"


def edges(scene: Scene) -> list[tuple[str, str]]:
    """(target, label) for each way out of a scene: choice number and band, chance, timeout."""
    found = []
    for number, choice in enumerate(scene.choices, 1):
        label = f"{number} {band(scene.choices, number - 1)}"
        for branch in choice.goto:
            chance = f" {branch.chance:.0%}" if len(choice.goto) > 1 else ""
            found.append((branch.to, label + chance))
    if scene.timeout:
        found.append((scene.timeout, "timeout"))
    return found


def render(scenario: Scenario, fmt: str = "mermaid") -> str:
    return _dot(scenario) if fmt == "dot" else _mermaid(scenario)


def _ids(scenario: Scenario) -> dict[str, str]:
    # Scene ids may hold hyphens, which both languages would misread: number them instead.
    names = [*scenario.scenes, *scenario.endings]
    return {name: f"n{index}" for index, name in enumerate(names)}


def _label(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def _mermaid(scenario: Scenario) -> str:
    ids = _ids(scenario)
    seen = reachable(scenario)
    trapped = set(traps(scenario))
    lines = ["flowchart TD"]
    for scene in scenario.scenes.values():
        marks = []
        if scene.id == scenario.start:
            marks.append("start")
        if scene.id in trapped:
            marks.append("TRAP")
        if scene.id not in seen:
            marks.append("unreachable")
        suffix = f" ({', '.join(marks)})" if marks else ""
        lines.append(f'    {ids[scene.id]}["{_label(scene.id + suffix)}"]')
    for ending in scenario.endings.values():
        suffix = "" if ending.id in seen else " (unreachable)"
        lines.append(
            f'    {ids[ending.id]}(["{_label(f"{ending.id}: {ending.outcome}{suffix}")}"])'
        )
    for scene in scenario.scenes.values():
        for target, label in edges(scene):
            if target in ids:
                lines.append(f'    {ids[scene.id]} -->|"{label}"| {ids[target]}')
    for outcome, colour in COLOURS.items():
        lines.append(f"    classDef {outcome} fill:{colour},color:#ffffff")
    lines.append(f"    classDef trap fill:{TRAP_COLOUR},color:#ffffff,stroke-width:3px")
    lines.append("    classDef unreachable stroke-dasharray:5 5,color:#888888")
    for ending in scenario.endings.values():
        lines.append(f"    class {ids[ending.id]} {ending.outcome}")
    for scene in scenario.scenes.values():
        if scene.id in trapped:
            lines.append(f"    class {ids[scene.id]} trap")
        elif scene.id not in seen:
            lines.append(f"    class {ids[scene.id]} unreachable")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _dot(scenario: Scenario) -> str:
    ids = _ids(scenario)
    seen = reachable(scenario)
    trapped = set(traps(scenario))
    lines = [
        f'digraph "{_dot_text(scenario.id)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, fontname="sans-serif"];',
    ]
    for scene in scenario.scenes.values():
        attrs = [f'label="{_dot_text(scene.id)}"']
        if scene.id == scenario.start:
            attrs.append("penwidth=2")
        if scene.id in trapped:
            attrs += [
                f'label="{_dot_text(scene.id)} (TRAP)"',
                "style=filled",
                f'fillcolor="{TRAP_COLOUR}"',
                'fontcolor="#ffffff"',
            ]
        elif scene.id not in seen:
            attrs += [f'label="{_dot_text(scene.id)} (unreachable)"', "style=dashed"]
        lines.append(f"    {ids[scene.id]} [{', '.join(attrs)}];")
    for ending in scenario.endings.values():
        style = "rounded,filled" + (",dashed" if ending.id not in seen else "")
        lines.append(
            f'    {ids[ending.id]} [label="{_dot_text(ending.id)}: {ending.outcome}", '
            f'shape=box, style="{style}", fillcolor="{COLOURS[ending.outcome]}", '
            'fontcolor="#ffffff"];'
        )
    for scene in scenario.scenes.values():
        for target, label in edges(scene):
            if target in ids:
                lines.append(f'    {ids[scene.id]} -> {ids[target]} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"

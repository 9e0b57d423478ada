"""`eqtrainer graph`: a scenario's map as Mermaid (renders on GitHub and in many editors) or
Graphviz dot. Scenes are boxes, endings rounded and coloured by outcome, each edge labelled
with the choice's number and its band (and a chance outcome with its share of the draw);
traps are red, and unreachable scenes and endings are dashed. Both formats draw the same
marks and say them in the label ("start", "TRAP", "unreachable")."""

from __future__ import annotations

from .analysis import reachable
from .model import Scenario, Scene
from .scoring import band
from .story_checks import traps

COLOURS = {"good": "#2e7d32", "mixed": "#f9a825", "bad": "#c62828"}
TRAP_COLOUR = "#b71c1c"


def edges(scene: Scene) -> list[tuple[str, str]]:
    """(target, label) for each way out of a scene: choice number and band, chance, timeout.

    A chance outcome is labelled with the share the game draws it with: its `chance` over the
    sum of the choice's chances (the engine uses them as weights, so 0.6 and 0.6 are 50%
    each; validate warns, EQ504, when they do not add up to 1)."""
    found = []
    for number, choice in enumerate(scene.choices, 1):
        label = f"{number} {band(scene.choices, number - 1)}"
        total = sum(branch.chance for branch in choice.goto)
        for branch in choice.goto:
            chance = f" {branch.chance / total:.0%}" if len(choice.goto) > 1 else ""
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


def _marks(scenario: Scenario, name: str, seen: set[str], trapped: set[str]) -> list[str]:
    """What a node's label says besides its id, the same in both formats."""
    marks = []
    if name == scenario.start:
        marks.append("start")
    if name in trapped:
        marks.append("TRAP")
    if name not in seen:
        marks.append("unreachable")
    return marks


def _with(text: str, marks: list[str]) -> str:
    return f"{text} ({', '.join(marks)})" if marks else text


def _mermaid(scenario: Scenario) -> str:
    ids = _ids(scenario)
    seen = reachable(scenario)
    trapped = set(traps(scenario))
    lines = ["flowchart TD"]
    for scene in scenario.scenes.values():
        marks = _marks(scenario, scene.id, seen, trapped)
        lines.append(f'    {ids[scene.id]}["{_label(_with(scene.id, marks))}"]')
    for ending in scenario.endings.values():
        marks = _marks(scenario, ending.id, seen, trapped)
        text = _with(f"{ending.id}: {ending.outcome}", marks)
        lines.append(f'    {ids[ending.id]}(["{_label(text)}"])')
    for scene in scenario.scenes.values():
        for target, label in edges(scene):
            if target in ids:
                lines.append(f'    {ids[scene.id]} -->|"{label}"| {ids[target]}')
    for outcome, colour in COLOURS.items():
        lines.append(f"    classDef {outcome} fill:{colour},color:#ffffff")
    lines.append(f"    classDef trap fill:{TRAP_COLOUR},color:#ffffff,stroke-width:3px")
    lines.append("    classDef unreachable stroke-dasharray:5 5,color:#888888")
    # On a box already filled (an ending's outcome, a trap's red) the text keeps its colour.
    lines.append("    classDef unreachable_filled stroke:#444444,stroke-dasharray:5 5")
    for ending in scenario.endings.values():
        lines.append(f"    class {ids[ending.id]} {ending.outcome}")
        if ending.id not in seen:
            lines.append(f"    class {ids[ending.id]} unreachable_filled")
    for scene in scenario.scenes.values():
        if scene.id in trapped:
            lines.append(f"    class {ids[scene.id]} trap")
            if scene.id not in seen:
                lines.append(f"    class {ids[scene.id]} unreachable_filled")
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
        marks = _marks(scenario, scene.id, seen, trapped)
        attrs = [f'label="{_dot_text(_with(scene.id, marks))}"']
        styles = []
        if scene.id == scenario.start:
            attrs.append("penwidth=2")
        if scene.id in trapped:
            styles.append("filled")
            attrs += [f'fillcolor="{TRAP_COLOUR}"', 'fontcolor="#ffffff"']
        if scene.id not in seen:
            styles.append("dashed")
            if scene.id not in trapped:
                attrs.append('fontcolor="#888888"')
        if styles:
            attrs.append(f'style="{",".join(styles)}"')
        lines.append(f"    {ids[scene.id]} [{', '.join(attrs)}];")
    for ending in scenario.endings.values():
        marks = _marks(scenario, ending.id, seen, trapped)
        text = _with(f"{ending.id}: {ending.outcome}", marks)
        style = "rounded,filled" + (",dashed" if ending.id not in seen else "")
        lines.append(
            f'    {ids[ending.id]} [label="{_dot_text(text)}", '
            f'shape=box, style="{style}", fillcolor="{COLOURS[ending.outcome]}", '
            'fontcolor="#ffffff"];'
        )
    for scene in scenario.scenes.values():
        for target, label in edges(scene):
            if target in ids:
                lines.append(f'    {ids[scene.id]} -> {ids[target]} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"

"""The authoring commands: `analyze`, `graph`, `schema` and `new`. Never imports textual."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from .cli_common import one_scenario_file, unreadable
from .domain.loader import load_file
from .domain.model import DIMENSION_LABELS, Scenario

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _load(path: str, command: str) -> tuple[Scenario | None, int]:
    """The scenario (None after printing why not) and the exit status the command ends with.

    `path` may also be a bundled scenario's id, as for `eqtrainer play`. When the path itself
    is the problem (missing, a folder, unreadable), that is the one line printed, with the
    usage status: the file has no errors to fix, it was never read.

    A scenario whose only errors concern the story as a whole (a trap, say) is still drawn
    and analysed, since those tools are how an author sees what is wrong, but the command
    still exits 1 so that a script notices the errors printed on stderr.
    """
    found = one_scenario_file(path, command)
    if found is None:
        return None, EXIT_USAGE
    result = load_file(found)
    if unreadable(result, command, found):
        return None, EXIT_USAGE
    for diagnostic in result.errors:
        print(diagnostic, file=sys.stderr)
    if result.scenario is None:
        print(
            f"eqtrainer {command}: {found} has errors; fix them first "
            f"(`eqtrainer validate {found}`)",
            file=sys.stderr,
        )
        return None, EXIT_INVALID
    return result.scenario, EXIT_INVALID if result.errors else EXIT_OK


def analyze(path: str, as_json: bool = False, runs: int = 0) -> int:
    from .domain.analyze import analyze as analyze_scenario

    if runs < 0:
        print("eqtrainer analyze: --runs must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    scenario, status = _load(path, "analyze")
    if scenario is None:
        return status
    report = analyze_scenario(scenario, runs=runs)
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        for line in describe(report):
            print(line)
    return status


def _share(part: float, whole: int) -> str:
    return f"{part:g}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def _path(steps: list[str], ending: str | None) -> str:
    return " ".join(steps) + (f" -> {ending}" if ending else "")


def describe(report: dict[str, Any]) -> list[str]:
    """The analysis for a person reading a terminal."""
    lines = [f"{report['title']} ({report['scenario']})"]
    if report["bound"]:
        lines.append(f"note: {report['bound']}")
    lines.append(
        f"play states explored: {report['states']}; distinct paths to an ending: {report['paths']}"
        + (f" (loops not followed: {report['loops']})" if report["loops"] else "")
    )
    lines.append("endings:")
    for ending, info in report["endings"].items():
        reach = (
            f"{info['paths']} path{'s' * (info['paths'] != 1)}"
            if info["reachable"]
            else "UNREACHABLE"
        )
        lines.append(f"  {ending:<28} {info['outcome']:<6} {reach}")
    if report["unreachable_scenes"]:
        lines.append("unreachable scenes: " + ", ".join(report["unreachable_scenes"]))
    if report["stuck_scenes"]:
        lines.append(
            "scenes where every choice can be hidden: " + ", ".join(report["stuck_scenes"])
        )
    lines.append("scores per dimension (best / worst achievable; a Best-every-time player):")
    for dimension, info in report["dimensions"].items():
        label = DIMENSION_LABELS[dimension]
        if info["best"] is None:
            lines.append(f"  {label:<15} never at stake")
            continue
        low, high = info["best_player"]
        player = "-" if low is None else (f"{low:g}%" if low == high else f"{low:g}-{high:g}%")
        lines.append(
            f"  {label:<15} best {info['best']:g}%  worst {info['worst']:g}%  "
            f"Best-every-time {player}"
        )
        lines.append(f"    best:  {_path(info['best_path'], info['best_ending'])}")
        lines.append(f"    worst: {_path(info['worst_path'], info['worst_ending'])}")
    decisions = report["decisions"]
    lines.append(
        "decisions where one option is best on all four dimensions (no trade-off): "
        + _share(len(report["no_trade_off"]), decisions)
        + (": " + ", ".join(report["no_trade_off"]) if report["no_trade_off"] else "")
    )
    if report["ties"]:
        lines.append("decisions where the best options tie: " + ", ".join(report["ties"]))
    margin = report["margin"]
    if margin["smallest"] is not None:
        lines.append(
            f"margin best vs runner-up (total of four scores): smallest {margin['smallest']:g}, "
            f"mean {margin['mean']:g}"
            + (f"; under 1 point: {', '.join(margin['thin'])}" if margin["thin"] else "")
        )
    lines.extend(_describe_bias(report["key_bias"]))
    if "coverage" in report:
        lines.extend(_describe_coverage(report["coverage"]))
    return lines


def _describe_bias(bias: dict[str, Any]) -> list[str]:
    decisions = bias["decisions"]
    lines = ["answer key:"]
    positions = ", ".join(f"{p}: {n}" for p, n in bias["best_by_position"].items())
    lines.append(f"  best option by position: {positions or '-'}")
    lines.append(f"  the longest option is best: {_share(bias['longest_is_best'], decisions)}")
    greedy = ", ".join(
        f"{DIMENSION_LABELS[d]} {_share(n, decisions)}"
        for d, n in bias["greedy_on_one_dimension_hits_best"].items()
    )
    lines.append(f"  always the top score on one dimension lands on Best: {greedy}")
    lines.append(
        f"  a Sound runner-up within 2 points: {_share(bias['close_runner_up'], decisions)}"
    )
    if bias["reads"]:
        reads = ", ".join(f"{p}: {n}" for p, n in bias["right_read_by_position"].items())
        lines.append(f"  right read answer by position: {reads}")
        longest = _share(bias["longest_read_is_right"], bias["reads"])
        lines.append(f"  the longest read answer is right: {longest}")
    lines.append(f"  read questions on the best path (fewest): {bias['reads_on_best_path']}")
    for breach in bias["limits_crossed"]:
        lines.append(f"  over the library's limit: {breach}")
    return lines


def _describe_coverage(cover: dict[str, Any]) -> list[str]:
    runs = cover["runs"]
    lines = [f"coverage of {runs} random playthroughs (seeds 0..{runs - 1}):"]
    for ending, hits in cover["endings"].items():
        lines.append(f"  ending {ending:<28} {_share(hits, runs)}")
    never = cover["never_hit"]
    for kind in ("scenes", "choices", "endings"):
        if never[kind]:
            lines.append(f"  {kind} never hit: {', '.join(never[kind])}")
    if not any(never.values()):
        lines.append("  every scene, choice and ending was hit")
    if cover["stuck"]:
        lines.append(f"  stuck with no choice: {cover['stuck']} runs")
    if cover["unfinished"]:
        lines.append(f"  no ending after 1000 steps: {cover['unfinished']} runs")
    return lines


def graph(path: str, fmt: str) -> int:
    from .domain.graph import render

    scenario, status = _load(path, "graph")
    if scenario is None:
        return status
    sys.stdout.write(render(scenario, fmt))
    return status


def schema() -> int:
    from .domain.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


def new(scenario_id: str, title: str | None, output: str | None) -> int:
    from .domain.scaffold import ScaffoldError, scaffold

    try:
        text = scaffold(scenario_id, title)
    except ScaffoldError as exc:
        print(f"eqtrainer new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    target = output or f"{scenario_id}.yaml"
    if os.path.exists(target):
        print(
            f"eqtrainer new: {target} already exists; choose another id or --output",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"eqtrainer new: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {target}; play it with `eqtrainer play {target} --watch` while you edit it")
    return EXIT_OK

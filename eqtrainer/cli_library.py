"""`eqtrainer validate`, `replay` and `list`: checking and reading scenario files."""

from __future__ import annotations

import json
import sys

from .cli_common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    missing_paths,
    one_scenario_file,
    progress_counter,
    report_load_problems,
    unreadable,
)


def validate(paths: list[str], strict: bool = False, as_json: bool = False) -> int:
    from .domain.loader import check_library, sorted_diagnostics

    results = check_library(paths, on_progress=None if as_json else progress_counter(sys.stderr))
    diagnostics = sorted_diagnostics(results)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len(results)
    # No file checked is a failure too (a typo in a folder name must not pass a CI step).
    failed = errors > 0 or (strict and warnings > 0) or files == 0
    if as_json:
        json.dump(
            {
                "ok": not failed,
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.as_json() for d in diagnostics],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        # The problems and the verdict go to one stream, so that `| less`, `> report.txt` and
        # an editor's task runner keep them together and in order.
        for diagnostic in diagnostics:
            print(diagnostic)
        if files == 0:
            print(f"failed: no scenario files (.yaml or .yml) found in {', '.join(paths)}")
        else:
            verdict = "failed" if failed else "ok"
            print(
                f"{verdict}: {files} file{'s' * (files != 1)} checked, {errors} "
                f"error{'s' * (errors != 1)}, "
                f"{warnings} warning{'s' * (warnings != 1)}"
            )
    return EXIT_INVALID if failed else EXIT_OK


def replay(path: str, choices: str, seed: int | None, as_json: bool = False) -> int:
    from .domain.loader import load_file
    from .domain.replay import ReplayError, replay_choices

    found = one_scenario_file(path, "replay")
    if found is None:
        return EXIT_USAGE
    result = load_file(found)
    if unreadable(result, "replay", found):
        return EXIT_USAGE
    if result.scenario is None or result.errors:
        for diagnostic in result.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID
    try:
        report = replay_choices(result.scenario, choices, seed)
    except ReplayError as exc:
        print(f"eqtrainer replay: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        print(json.dumps(report))
    else:
        from .domain.model import DIMENSION_LABELS

        print(
            f"{result.scenario.title}: ending `{report['ending']}` ({report['outcome']}), seed "
            f"{report['seed']}"
        )
        for name, value in report["scores"].items():
            shown = "-" if value is None else f"{value:.1f}%"
            print(f"  {DIMENSION_LABELS[name]:<15} {shown}")
        for number, decision in enumerate(report["decisions"], 1):
            print(
                f"  {number:>2}. {decision['scene']:<24} {decision['choice']!s:>2}  "
                f"{decision['band']}"
            )
    return EXIT_OK


def list_library(paths: list[str], as_json: bool = False) -> int:
    from .domain.loader import load_library

    missing = missing_paths(paths)
    if missing:
        print(f"eqtrainer list: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    library = load_library(paths)
    scenarios = sorted(library.scenarios, key=lambda s: s.title.lower())
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "areas": list(s.areas),
            "difficulty": s.difficulty,
            "minutes": s.minutes,
            "file": s.path,
        }
        for s in scenarios
    ]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif rows:
        idw = max(len("id"), *(len(s.id) for s in scenarios))
        tw = max(len("title"), *(len(s.title) for s in scenarios))
        aw = max(len("areas"), *(len(" · ".join(s.areas)) for s in scenarios))
        print(f"{'id':<{idw}}  {'title':<{tw}}  {'areas':<{aw}}  level  time    file")
        for s in scenarios:
            dots = "●" * s.difficulty + "○" * (3 - s.difficulty)
            print(
                f"{s.id:<{idw}}  {s.title:<{tw}}  {' · '.join(s.areas):<{aw}}  {dots}    "
                f"{s.minutes:>2g} min  {s.path}"
            )
    report_load_problems("list", library.diagnostics)
    if not library.results:
        print(
            f"eqtrainer list: no scenario files (.yaml or .yml) found in {', '.join(paths)}",
            file=sys.stderr,
        )
    return EXIT_OK if library.scenarios else EXIT_INVALID

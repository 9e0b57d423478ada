"""A library: every scenario below some paths, loaded, with duplicate ids reported."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import ERROR, Diagnostic
from .discovery import Found, Paths, Progress, find_files
from .model import Scenario
from .read_file import LoadResult, load_file


@dataclass
class Library:
    scenarios: list[Scenario]
    results: list[LoadResult]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted_diagnostics(self.results)


def sorted_diagnostics(results: list[LoadResult]) -> list[Diagnostic]:
    """File by file in the order given, each file's problems in the order of its lines."""
    return [d for r in results for d in sorted(r.diagnostics, key=lambda d: (d.line, d.col))]


def load_library(paths: Paths, on_progress: Progress | None = None) -> Library:
    """Load every scenario below the paths; duplicate ids across files are errors naming both."""
    results = []
    found = find_files(paths)
    files = found.files
    for index, path in enumerate(files):
        results.append(load_file(path))
        if on_progress is not None:
            on_progress(index + 1, len(files))
    results += skipped_results(found)
    check_duplicate_ids(results)
    scenarios = [r.scenario for r in results if r.scenario is not None and not r.errors]
    return Library(scenarios, results)


def check_duplicate_ids(results: list[LoadResult]) -> None:
    first_seen: dict[str, LoadResult] = {}
    for result in results:
        scenario_id = result.scenario_id
        if scenario_id is None:
            continue
        other = first_seen.get(scenario_id)
        if other is None:
            first_seen[scenario_id] = result
            continue
        result.diagnostics.append(
            Diagnostic(
                result.path,
                *result.id_pos,
                ERROR,
                "EQ305",
                f"id `{scenario_id}` is already used by {other.path}; each scenario needs its own "
                "id",
            )
        )
        result.scenario = None
        result.scenario_id = None


# Below this many files, starting worker processes costs more than it saves.


def skipped_results(found: Found) -> list[LoadResult]:
    """What discovery skipped (pipes, sockets, devices), as results that carry its warning."""
    return [LoadResult(d.file, None, [d]) for d in found.skipped]

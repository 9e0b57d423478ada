"""Checking a large library on several cores, as `eqtrainer validate` does."""

from __future__ import annotations

import os

from .discovery import Paths, Progress, find_files
from .library import check_duplicate_ids, skipped_results
from .read_file import LoadResult, load_file

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def _check_files(paths: list[str]) -> list[LoadResult]:
    """In a worker process: what `validate` needs of each file. Only the diagnostics come
    back: sending the models over too would cost more than it saves."""
    results = [load_file(path) for path in paths]
    for result in results:
        result.scenario = None
    return results


def check_library(
    paths: Paths, on_progress: Progress | None = None, jobs: int | None = None
) -> list[LoadResult]:
    """Every file's diagnostics, checking files on several cores when there are many."""
    found = find_files(paths)
    files = found.files
    jobs = min(jobs or os.cpu_count() or 1, 8)
    if jobs < 2 or len(files) < PARALLEL_FROM:
        results = []
        for index, path in enumerate(files):
            results.append(load_file(path))
            if on_progress is not None:
                on_progress(index + 1, len(files))
    else:
        try:
            results = _check_in_workers(files, jobs, on_progress)
        except OSError:  # no process pool here (a sandbox without /dev/shm, say): one core then
            return check_library(paths, on_progress, jobs=1)
    results += skipped_results(found)
    check_duplicate_ids(results)
    return results


def _check_in_workers(
    files: list[str], jobs: int, on_progress: Progress | None
) -> list[LoadResult]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, len(files) // (jobs * 4))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    results: list[LoadResult] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(_check_files, chunks):
            results += chunk
            if on_progress is not None:
                on_progress(len(results), len(files))
    return results

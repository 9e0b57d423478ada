"""What the command line's modules share: exit codes, the data option, small helpers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def progress_counter(stream: TextIO) -> Callable[[int, int], None] | None:
    """A one-line counter for long runs on a terminal; silent otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 50 and (done % 25 == 0 or done == total):
            stream.write(f"\rchecking {done}/{total} files…")
            if done == total:
                stream.write("\r" + " " * 40 + "\r")
            stream.flush()

    return show


def missing_paths(paths: list[str]) -> list[str]:
    return [p for p in paths if not os.path.exists(p)]


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="the data directory: results and the log (default: EQTRAINER_DATA, else the "
        "platform's own place)",
    )


def report_load_problems(command: str, diagnostics: list[Any]) -> None:
    """Each file that could not be loaded, with the first problem in it, on stderr."""
    first: dict[str, Any] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            first.setdefault(diagnostic.file, diagnostic)
    for diagnostic in first.values():
        print(diagnostic, file=sys.stderr)
    if first:
        count = len(first)
        print(
            f"eqtrainer {command}: {count} file{'s' * (count != 1)} could not be loaded "
            "(the first problem in each is above; `eqtrainer validate FILE` lists every one)",
            file=sys.stderr,
        )

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


def one_scenario_file(name: str, command: str) -> str | None:
    """The file a command that reads one scenario was given: a path, or a bundled scenario's
    id as for `eqtrainer play`. None after printing one line when there is no such file or
    it is a folder."""
    from .library import not_found, path_or_bundled

    found = path_or_bundled(name)
    if found is None:
        print(not_found(f"eqtrainer {command}", name, folders=False), file=sys.stderr)
        return None
    if os.path.isdir(found):
        print(f"eqtrainer {command}: {_folder_hint(found, command)}", file=sys.stderr)
        return None
    return found


def unreadable(result: Any, command: str, found: str) -> bool:
    """True after printing one line when the file itself could not be read (it has no
    errors to fix, it was never read)."""
    if result.scenario is None and {d.code for d in result.errors} == {"EQ100"}:
        print(f"eqtrainer {command}: {found}: {result.errors[0].message}", file=sys.stderr)
        return True
    return False


def _folder_hint(folder: str, command: str) -> str:
    """What to say when a folder was named where one scenario file is needed. Only the folder
    itself is looked in: `eqtrainer graph ~` must not walk a whole home directory."""
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml")))
    except OSError:
        names = []
    example = os.path.join(folder, names[0]) if names else os.path.join(folder, "FILE.yaml")
    return (
        f"{folder} is a folder; name one scenario file in it, e.g. `eqtrainer {command} {example}`"
    )

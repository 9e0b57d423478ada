"""Finding the scenario files below the paths a user names."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, severity_of
from .yamlsource import not_a_file

Paths = Iterable[str | os.PathLike[str]]
Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass
class Found:
    files: list[str]
    skipped: list[Diagnostic] = field(default_factory=list)  # pipes, sockets, devices


def scenario_files(paths: Paths) -> list[str]:
    """The .yaml/.yml files named or found below the given paths, in a stable order."""
    return find_files(paths).files


def find_files(paths: Paths) -> Found:
    """The scenario files named or found below the paths. What is found in a folder with a
    scenario's name but is no regular file (a FIFO, socket or device, or a symlink to one)
    is skipped with a warning, never opened: reading a FIFO would wait forever. A path named
    directly is kept, so that reading it says exactly what is wrong with it."""
    files: list[str] = []
    skipped: list[Diagnostic] = []
    for named in paths:
        path = os.fspath(named)
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        found.append(os.path.join(folder, name))
            for candidate in sorted(found):
                kind = _odd(candidate)
                if kind is None:
                    files.append(candidate)
                else:
                    skipped.append(
                        Diagnostic(
                            candidate,
                            1,
                            1,
                            severity_of("EQ120"),
                            "EQ120",
                            f"{kind}, not a file; skipped",
                        )
                    )
        else:
            files.append(path)
    # A file named twice (`validate scenarios scenarios/a.yaml`) is checked once: otherwise it
    # would clash with itself as a duplicate id.
    seen = set()
    unique = []
    for path in files:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return Found(unique, skipped)


def _odd(path: str) -> str | None:
    """What a found path is when it is a pipe, socket or device; None for anything else
    (a file, or a path that cannot be examined: reading it then says why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    kind = not_a_file(mode)
    return None if kind in (None, "a folder") else kind

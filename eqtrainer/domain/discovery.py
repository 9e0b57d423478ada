"""Finding the scenario files below the paths a user names."""

from __future__ import annotations

import os


def scenario_files(paths) -> list[str]:
    """The .yaml/.yml files named or found below the given paths, in a stable order."""
    files = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [
                    os.path.join(folder, n)
                    for n in names
                    if n.endswith((".yaml", ".yml")) and not n.startswith(".")
                ]
            files += sorted(found)
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
    return unique

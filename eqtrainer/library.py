"""Where the bundled scenarios live, installed or in a source checkout, and finding one by id."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_scenarios() -> Path:
    installed = _PACKAGE / "scenarios"  # the wheel ships the library inside the package
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "scenarios"  # a source checkout or an editable install


def bundled_path(name: str) -> str | None:
    """The file of the bundled scenario whose id is `name`, if there is one."""
    from .domain.loader import load_library

    folder = bundled_scenarios()
    for suffix in (".yaml", ".yml"):  # the usual case: the file is named after the id
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return str(candidate)
    return next((s.path for s in load_library([str(folder)]).scenarios if s.id == name), None)


def path_or_bundled(name: str) -> str | None:
    """What a user named on the command line: a path that exists, else a bundled scenario's
    file when `name` is its id (`eqtrainer play friday-demo`), else None."""
    return name if os.path.exists(name) else bundled_path(name)


def not_found(command: str, name: str, folders: bool = True) -> str:
    """The line for a name that is neither a path nor a bundled id, with a close id if any."""
    what = "file, folder or bundled scenario" if folders else "file or bundled scenario"
    return f"{command}: no such {what}: {name}{unknown_name_hint(name)}"


def unknown_name_hint(name: str) -> str:
    """`; did you mean `friday-demo`?` when `name` looks like a bundled id mistyped."""
    import difflib

    if os.sep in name or name.endswith((".yaml", ".yml")):
        return ""
    ids = [p.stem for p in bundled_scenarios().glob("*.y*ml")]
    close = difflib.get_close_matches(name, ids, n=1, cutoff=0.75)
    return f"; did you mean `{close[0]}`? (`eqtrainer list` shows every id)" if close else ""

"""Where the bundled scenarios live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_scenarios() -> Path:
    installed = _PACKAGE / "scenarios"  # the wheel ships the library inside the package
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "scenarios"  # a source checkout or an editable install

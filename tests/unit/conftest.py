"""Shared helpers for the unit tests: a minimal valid scenario and ways to write and load it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eqtrainer.domain.loader import LoadResult, load_file

FIXTURES = Path(__file__).parent / "fixtures"

# The smallest scenario that validates with no diagnostic at all. Tests change one line of it
# with `MINIMAL.replace(...)`, which keeps every other line where it is; the line numbers are:
#   1 format   2 id   3 title   4 summary   5 areas   6 difficulty   7 minutes   8 cast:
#   9 dana     10 vars:   11 budget   12 frozen   13 start   14 scenes:   15 hallway:
#   16 speaker   17 text   18 choices:   19-22 first choice   23-26 second choice
#   27 endings:   28 good-end   29 bad-end
MINIMAL = """\
format: 1
id: minimal
title: Minimal
summary: The smallest scenario that validates.
areas: [scope]
difficulty: 1
minutes: 2
cast:
  dana: {name: Dana Whitfield, role: Sponsor, trust: 50}
vars:
  budget: 10
  frozen: false
start: hallway
scenes:
  hallway:
    speaker: dana
    text: Dana stops you in the hallway.
    choices:
      - text: Ask what the demo must prove.
        scores: {communication: 2, strategy: 1}
        why: It turns pressure into a decision she can own.
        goto: good-end
      - text: Say yes at once.
        scores: {communication: -1, strategy: -2}
        why: It trades the launch date for a demo.
        goto: bad-end
endings:
  good-end: {outcome: good, text: The demo goes well.}
  bad-end: {outcome: bad, text: The launch slips.}
"""


def write_scenario(directory, text: str | bytes = MINIMAL, name: str = "scenario.yaml") -> Path:
    """Write a scenario file (text is dedented; bytes are written as they are) and return its path."""
    path = Path(directory) / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(directory, text: str | bytes = MINIMAL, name: str = "scenario.yaml") -> LoadResult:
    """Write a scenario file and load it."""
    return load_file(str(write_scenario(directory, text, name)))


def load_valid(directory, text: str | bytes = MINIMAL, name: str = "scenario.yaml"):
    """Load a scenario that must have no error, and return the Scenario."""
    result = load_text(directory, text, name)
    assert result.errors == [], "\n".join(map(str, result.errors))
    assert result.scenario is not None
    return result.scenario


def only(result: LoadResult, code: str | None = None):
    """The one diagnostic of a result (optionally: the one with this code)."""
    found = [d for d in result.diagnostics if code is None or d.code == code]
    assert len(found) == 1, (
        "expected exactly one diagnostic"
        + (f" {code}" if code else "")
        + ", got:\n"
        + "\n".join(map(str, result.diagnostics))
    )
    return found[0]


def eqtrainer_command() -> list[str]:
    """The installed `eqtrainer` console script of this interpreter's environment, or `python -m`."""
    script = shutil.which("eqtrainer", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "eqtrainer.cli"]


def run_cli(*args) -> subprocess.CompletedProcess:
    """Run the real command in a subprocess, as an author would."""
    return subprocess.run(
        [*eqtrainer_command(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.fixture
def minimal_path(tmp_path) -> Path:
    return write_scenario(tmp_path)

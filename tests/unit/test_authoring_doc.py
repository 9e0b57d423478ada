"""The authoring guide stays in step with the code: every validation code is documented,
and the example scenario it shows is the real, valid file next to it."""

from __future__ import annotations

import re
from pathlib import Path

from eqtrainer.domain.diagnostics import CODES
from eqtrainer.domain.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "authoring.md"
EXAMPLE = ROOT / "docs" / "example-scenario.yaml"


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_code_has_a_heading():
    headings = set(re.findall(r"^### (EQ\d{3})\b", _guide(), re.MULTILINE))
    missing = sorted(code for code in CODES if code not in headings)
    assert not missing, f"docs/authoring.md has no `### CODE` heading for: {', '.join(missing)}"


def test_first_yaml_block_is_the_example_file():
    match = re.search(r"^```yaml\n(.*?)^```", _guide(), re.MULTILINE | re.DOTALL)
    assert match is not None, "docs/authoring.md has no ```yaml block"
    assert match.group(1) == EXAMPLE.read_text(encoding="utf-8"), (
        "the first ```yaml block in docs/authoring.md differs from docs/example-scenario.yaml"
    )


def test_example_scenario_loads_without_any_diagnostic():
    result = load_file(str(EXAMPLE))
    assert [str(d) for d in result.diagnostics] == []
    assert result.scenario is not None

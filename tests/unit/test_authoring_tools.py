"""`eqtrainer graph`, `schema` and `new`, and the story-level checks beyond their codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from eqtrainer.domain.engine import Ended, Playthrough
from eqtrainer.domain.graph import render
from eqtrainer.domain.loader import load_file
from eqtrainer.domain.scaffold import ScaffoldError, scaffold
from eqtrainer.domain.schema import scenario_schema
from eqtrainer.domain.yamlsource import load_data

from .conftest import MINIMAL, load_text, load_valid, write_scenario

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eqtrainer.cli", *args], capture_output=True, text=True, cwd=cwd
    )


# -- graph ------------------------------------------------------------------------------------
TRAPPED = edit(
    "        goto: bad-end\n",
    "        goto:\n"
    "          - {to: corridor, chance: 0.5}\n"
    "          - {to: bad-end, chance: 0.5}\n"
    "  corridor:\n"
    "    text: Round the block.\n"
    "    choices:\n"
    "      - {text: Walk on., scores: {eq: 1}, why: Thinking., goto: corridor}\n"
    "  attic:\n"
    "    text: Nobody comes here.\n"
    "    choices:\n"
    "      - {text: Leave., scores: {eq: 1}, why: Done., goto: good-end}\n",
)


def test_graph_command_draws_a_trapped_scenario_and_says_why_it_fails_validation(tmp_path):
    path = write_scenario(tmp_path, TRAPPED)
    done = run("graph", str(path))
    assert done.returncode == 1  # the map is drawn, and the error still fails the command
    assert '["corridor (TRAP)"]' in done.stdout
    assert '|"2 Risky 50%"|' in done.stdout  # a chance outcome's edge
    assert "error EQ508: scene `corridor` is a trap" in done.stderr


def test_graph_of_a_valid_scenario(tmp_path):
    scenario = load_valid(tmp_path, MINIMAL)
    text = render(scenario, "mermaid")
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    n0["hallway (start)"]' in lines
    assert '    n1(["good-end: good"])' in lines
    assert '    n0 -->|"1 Best"| n1' in lines
    assert '    n0 -->|"2 Risky"| n2' in lines
    assert "    class n1 good" in lines and "    class n2 bad" in lines
    dot = render(scenario, "dot")
    assert dot.startswith('digraph "minimal" {')
    assert '    n0 -> n1 [label="1 Best"];' in dot
    assert 'fillcolor="#c62828"' in dot  # bad-end, red


def test_graph_marks_unreachable_scenes_and_traps():
    from eqtrainer.domain.model import Branch, Choice, Ending, Scenario, Scene

    def choice(to: str, eq: float = 1) -> Choice:
        scores = {"communication": 0.0, "strategy": 0.0, "business_value": 0.0, "eq": eq}
        return Choice("go", scores, "why", (Branch(to),))

    scenario = Scenario(
        id="map",
        title="Map",
        summary="s",
        areas=("scope",),
        difficulty=1,
        minutes=1,
        cast={},
        vars={},
        start="a",
        scenes={
            "a": Scene("a", "A", (choice("end"), choice("loop", 0))),
            "loop": Scene("loop", "L", (choice("loop"),)),
            "lost": Scene("lost", "X", (choice("end"),)),
        },
        endings={"end": Ending("end", "mixed", "E")},
    )
    text = render(scenario, "mermaid")
    assert '    n1["loop (TRAP)"]' in text
    assert '    n2["lost (unreachable)"]' in text
    assert "    class n1 trap" in text and "    class n2 unreachable" in text
    assert "    class n3 mixed" in text
    assert "(TRAP)" in render(scenario, "dot")


# An unreachable scene and an unreachable ending, each after the last of its kind.
UNREACHABLE = edit(
    "endings:\n",
    "  attic:\n"
    "    text: Nobody comes here.\n"
    "    choices:\n"
    "      - {text: Leave., scores: {eq: 1}, why: Done., goto: good-end}\n"
    "endings:\n",
).replace(
    "  bad-end: {outcome: bad, text: The launch slips.}\n",
    "  bad-end: {outcome: bad, text: The launch slips.}\n"
    "  orphan: {outcome: mixed, text: Never seen.}\n",
)


def test_graph_draws_unreachable_scenes_and_endings_dashed_and_says_so_in_both_formats(tmp_path):
    path = write_scenario(tmp_path, UNREACHABLE)
    mermaid = run("graph", str(path)).stdout.splitlines()
    # n1 is the scene `attic`, n4 the ending `orphan`
    assert '    n1["attic (unreachable)"]' in mermaid
    assert '    n4(["orphan: mixed (unreachable)"])' in mermaid
    assert "    classDef unreachable stroke-dasharray:5 5,color:#888888" in mermaid
    assert "    classDef unreachable_filled stroke:#444444,stroke-dasharray:5 5" in mermaid
    assert "    class n1 unreachable" in mermaid
    # the ending keeps its outcome's colour and is dashed too
    assert "    class n4 mixed" in mermaid and "    class n4 unreachable_filled" in mermaid
    # reachable endings are not dashed
    assert "    class n2 unreachable_filled" not in mermaid
    dot = run("graph", str(path), "--format", "dot").stdout.splitlines()
    assert '    n1 [label="attic (unreachable)", fontcolor="#888888", style="dashed"];' in dot
    assert (
        '    n4 [label="orphan: mixed (unreachable)", shape=box, style="rounded,filled,dashed", '
        'fillcolor="#f9a825", fontcolor="#ffffff"];'
    ) in dot
    assert (
        '    n2 [label="good-end: good", shape=box, style="rounded,filled", '
        'fillcolor="#2e7d32", fontcolor="#ffffff"];'
    ) in dot
    # the start says so in both
    assert '    n0["hallway (start)"]' in mermaid
    assert '    n0 [label="hallway (start)", penwidth=2];' in dot


def test_graph_marks_an_unreachable_trap_as_both_in_both_formats(tmp_path):
    text = edit(
        "endings:\n",
        "  maze:\n"
        "    text: Round and round.\n"
        "    choices:\n"
        "      - {text: Again., scores: {eq: 1}, why: Lost., goto: maze}\n"
        "endings:\n",
    )
    path = write_scenario(tmp_path, text)
    mermaid = run("graph", str(path)).stdout.splitlines()
    assert '    n1["maze (TRAP, unreachable)"]' in mermaid
    assert "    class n1 trap" in mermaid and "    class n1 unreachable_filled" in mermaid
    dot = run("graph", str(path), "--format", "dot").stdout.splitlines()
    assert (
        '    n1 [label="maze (TRAP, unreachable)", fillcolor="#b71c1c", fontcolor="#ffffff", '
        'style="filled,dashed"];'
    ) in dot


# Weights that add up to 1.2: the game draws each outcome half the time.
HEAVY = edit(
    "        goto: bad-end\n",
    "        goto:\n"
    "          - {to: good-end, chance: 0.6}\n"
    "          - {to: bad-end, chance: 0.6}\n",
)


def test_graph_labels_a_chance_outcome_with_the_share_the_game_draws_it_with(tmp_path):
    path = write_scenario(tmp_path, HEAVY)
    # validate warns that the chances do not add up to 1
    checked = run("validate", str(path))
    assert (
        f"{path}:27:11: warning EQ504: the chances in choice 2 of scene `hallway` add up to "
        "1.2, not 1; they are used as weights"
    ) in checked.stdout.splitlines()
    mermaid = run("graph", str(path)).stdout.splitlines()
    assert '    n0 -->|"2 Risky 50%"| n1' in mermaid
    assert '    n0 -->|"2 Risky 50%"| n2' in mermaid
    dot = run("graph", str(path), "--format", "dot").stdout.splitlines()
    assert '    n0 -> n1 [label="2 Risky 50%"];' in dot
    assert '    n0 -> n2 [label="2 Risky 50%"];' in dot
    # and that is what the game does: over 2000 seeds, each outcome about half the time
    scenario = load_valid(tmp_path, HEAVY)
    good = 0
    for seed in range(2000):
        play = Playthrough(scenario, seed=seed)
        play.choose(1)
        assert isinstance(play.phase, Ended)
        good += play.state.at == "good-end"
    assert 900 < good < 1100


def test_graph_labels_uneven_chances_that_add_up_to_one_as_written(tmp_path):
    text = HEAVY.replace(
        "chance: 0.6}\n          - {to: bad-end, chance: 0.6}",
        "chance: 0.7}\n          - {to: bad-end, chance: 0.3}",
    )
    mermaid = render(load_valid(tmp_path, text), "mermaid").splitlines()
    assert '    n0 -->|"2 Risky 70%"| n1' in mermaid
    assert '    n0 -->|"2 Risky 30%"| n2' in mermaid


def test_graph_command_prints_the_map(tmp_path):
    path = write_scenario(tmp_path, MINIMAL)
    done = run("graph", str(path), "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('digraph "minimal"')


def test_analyze_and_graph_take_a_bundled_scenarios_id_as_play_does(tmp_path):
    analysed = run("analyze", "friday-demo", cwd=tmp_path)  # no friday-demo file here
    assert analysed.returncode == 0, analysed.stderr
    assert analysed.stdout.startswith("The Friday Demo (friday-demo)\n")
    drawn = run("graph", "friday-demo", cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.startswith("flowchart TD\n")


def test_a_path_that_is_the_problem_is_one_line_not_has_errors_fix_them(tmp_path):
    missing = run("analyze", "friday-dmeo", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "eqtrainer analyze: no such file or bundled scenario: friday-dmeo; "
        "did you mean `friday-demo`? (`eqtrainer list` shows every id)\n"
    )
    write_scenario(tmp_path, MINIMAL, name="only.yaml")
    folder = run("graph", ".", cwd=tmp_path)
    assert folder.returncode == 2
    assert folder.stderr == (
        "eqtrainer graph: . is a folder; name one scenario file in it, "
        "e.g. `eqtrainer graph ./only.yaml`\n"
    )
    os.mkfifo(tmp_path / "pipe.yaml")
    fifo = run("analyze", "pipe.yaml", cwd=tmp_path)
    assert fifo.returncode == 2
    assert fifo.stderr == (
        "eqtrainer analyze: pipe.yaml: cannot read the file: it is a named pipe (FIFO), "
        "not a file\n"
    )
    for done in (missing, folder, fifo):
        assert "fix them first" not in done.stderr


# -- schema -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_scenario_passes_loader_and_schema(path, validator):
    assert load_file(str(path)).errors == []
    data = load_data(str(path))
    assert [e.message for e in validator.iter_errors(data)] == []


SHAPE_ERRORS = {
    "missing title": ("EQ200", edit("title: Minimal\n", "")),
    "unknown key": ("EQ201", edit("scenes:\n", "scnes: {}\nscenes:\n")),
    "scores as a list": ("EQ202", edit("{communication: 2, strategy: 1}", "[2, 1]")),
    "score out of range": ("EQ203", edit("communication: 2, strategy: 1", "communication: 3")),
    "bad scenario id": ("EQ204", edit("id: minimal", "id: Minimal Demo")),
    "format 2": ("EQ205", edit("format: 1", "format: 2")),
    "unknown area": ("EQ206", edit("[scope]", "[scopes]")),
    "unknown dimension": ("EQ207", edit("strategy: 1}", "empathy: 1}")),
    "empty text": ("EQ208", edit("text: Dana stops you in the hallway.", 'text: ""')),
    "choice without goto": ("EQ200", edit("        goto: good-end\n", "")),
    "trust 150": ("EQ203", edit("trust: 50}", "trust: 150}")),
    "difficulty 1.5": ("EQ202", edit("difficulty: 1", "difficulty: 1.5")),
    "var as text": ("EQ202", edit("frozen: false", "frozen: no")),
    "outcome great": ("EQ202", edit("outcome: good", "outcome: great")),
    "a list, not a mapping": ("EQ111", "- format: 1\n- id: x\n"),
    "read with one option": (
        "EQ208",
        edit(
            "    choices:\n",
            "    read:\n      prompt: Feeling?\n      options: [{text: A, correct: true}]\n"
            "      why: W.\n    choices:\n",
        ),
    ),
    "timer of 2 s": (
        "EQ203",
        edit("    choices:\n", "    timer: 2\n    timeout: bad-end\n    choices:\n"),
    ),
    "ending with choices": (
        "EQ201",
        edit("{outcome: bad, text: The launch slips.}", "{outcome: bad, text: T, choices: []}"),
    ),
}


@pytest.mark.parametrize("name", sorted(SHAPE_ERRORS))
def test_a_file_the_loader_rejects_for_its_shape_the_schema_rejects_too(tmp_path, validator, name):
    code, text = SHAPE_ERRORS[name]
    result = load_text(tmp_path, text)
    assert code in {d.code for d in result.errors}, [str(d) for d in result.diagnostics]
    # Read as the loader and the YAML language server read YAML (1.2: `no` is text).
    # (load_data refuses a file that is not a mapping at all: PyYAML reads that one.)
    path = write_scenario(tmp_path, text, "again.yaml")
    data = yaml.safe_load(text) if code == "EQ111" else load_data(str(path))
    assert not validator.is_valid(data)


def test_schema_command_prints_json_schema_2020_12():
    done = run("schema")
    assert done.returncode == 0
    schema = json.loads(done.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "scenes" in schema["properties"]


# -- new --------------------------------------------------------------------------------------
def test_new_writes_a_scaffold_that_validates_clean_and_plays_to_an_ending(tmp_path):
    done = run("new", "board-date", "--title", 'The "Board" Date', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "board-date.yaml"
    result = load_file(str(path))
    assert [str(d) for d in result.diagnostics] == []
    scenario = result.scenario
    assert scenario is not None and scenario.title == 'The "Board" Date'
    assert len(scenario.cast) >= 1 and len(scenario.endings) == 3
    assert scenario.decision_scenes == 3
    assert sum(scene.read is not None for scene in scenario.scenes.values()) == 2
    assert "CHANGE ME" in path.read_text(encoding="utf-8")
    play = Playthrough(scenario, seed=1)
    play.answer_read(0)
    play.choose(1)
    play.answer_read(1)
    play.choose(0)
    play.choose(2)
    assert isinstance(play.phase, Ended) and play.phase.ending.outcome == "good"
    strict = run("validate", "--strict", str(path))
    assert strict.returncode == 0, strict.stdout + strict.stderr


def test_a_fresh_scaffold_crosses_none_of_analyzes_limits(tmp_path):
    # the guide's checklist asks for no limit crossed: the starting point must meet it
    assert run("new", "board-date", cwd=tmp_path).returncode == 0
    done = run("analyze", "board-date.yaml", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["key_bias"]["limits_crossed"] == []
    assert all(ending["reachable"] for ending in report["endings"].values())
    text = run("analyze", "board-date.yaml", cwd=tmp_path).stdout
    assert "over the library's limit" not in text


def test_new_refuses_a_bad_id_and_an_existing_file(tmp_path):
    with pytest.raises(ScaffoldError, match="not a scenario id"):
        scaffold("Board Date")
    (tmp_path / "taken.yaml").write_text("x", encoding="utf-8")
    done = run("new", "taken", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr == "eqtrainer new: taken.yaml already exists; choose another id or --output\n"
    )
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "x"


# -- story-level checks beyond the one case per code ---------------------------------------
def test_every_scene_of_a_loop_is_reported_as_a_trap_at_its_key(tmp_path):
    result = load_text(tmp_path, TRAPPED)
    traps = [(d.line, d.message.split("`")[1]) for d in result.diagnostics if d.code == "EQ508"]
    # corridor's key is on line 29; attic is reachable from nowhere but reaches an ending
    assert traps == [(29, "corridor")]


def test_a_bidi_override_in_a_choices_why_is_named_with_its_column(tmp_path):
    text = edit("why: It trades the launch date for a demo.", 'why: "It trades \\u202Ethe date"')
    warning = [d for d in load_text(tmp_path, text).diagnostics if d.code == "EQ509"]
    assert len(warning) == 1
    assert warning[0].line == 25
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at column 11" in warning[0].message


def test_a_read_question_on_the_best_path_is_enough(tmp_path):
    text = edit(
        "    choices:\n",
        "    read:\n      prompt: Feeling?\n"
        "      options: [{text: Worried, correct: true}, {text: Bored}]\n"
        "      why: W.\n    choices:\n",
    )
    assert [str(d) for d in load_text(tmp_path, text).diagnostics] == []


def test_play_watch_needs_one_file(tmp_path):
    done = run("play", str(tmp_path), "--watch")
    assert done.returncode == 2
    assert done.stderr == (
        "eqtrainer play --watch: name one scenario file, e.g. "
        "`eqtrainer play my-scenario.yaml --watch`\n"
    )


def test_authoring_commands_never_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from eqtrainer import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli.main(['analyze', {str(BUNDLED[0])!r}, '--runs', '5'])\n"
        f"    cli.main(['graph', {str(BUNDLED[0])!r}])\n"
        "    cli.main(['schema'])\n"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr

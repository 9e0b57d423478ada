"""`eqtrainer validate PATH...`, run as the real command: one line per problem, exit status, --strict, --json."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import MINIMAL, run_cli, write_scenario

LINE = re.compile(r"^.+:\d+:\d+: (error|warning) EQ\d{3}: .+$")
WARNING_ONLY = MINIMAL + "  orphan: {outcome: mixed, text: Never reached.}\n"  # EQ501 on line 30


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_a_valid_file_exits_0_and_prints_no_problem(tmp_path):
    path = write_scenario(tmp_path)
    done = run_cli("validate", path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "ok: 1 file checked, 0 errors, 0 warnings\n"


def test_errors_exit_1_one_line_per_problem(tmp_path):
    text = MINIMAL.replace("difficulty: 1", "difficulty: 9").replace(
        "speaker: dana", "speaker: dna"
    )
    path = write_scenario(tmp_path, text)
    done = run_cli("validate", path)
    assert done.returncode == 1
    # The problems, then the verdict, in order on one stream.
    assert lines(done.stdout) == [
        f"{path}:6:13: error EQ203: `difficulty` in the scenario is 9; it must be between 1 and 3",
        f"{path}:16:14: error EQ302: speaker `dna` is not in the cast; did you mean `dana`?",
        "failed: 1 file checked, 2 errors, 0 warnings",
    ]
    assert all(LINE.match(line) for line in lines(done.stdout)[:-1])
    assert done.stderr == ""


def test_warnings_alone_exit_0_and_strict_makes_them_fail(tmp_path):
    path = write_scenario(tmp_path, WARNING_ONLY)
    expected = [
        f"{path}:30:3: warning EQ501: ending `orphan` cannot be reached from `hallway`; no goto leads to it"
    ]
    done = run_cli("validate", path)
    assert (done.returncode, lines(done.stdout)) == (
        0,
        [*expected, "ok: 1 file checked, 0 errors, 1 warning"],
    )
    strict = run_cli("validate", "--strict", path)
    assert (strict.returncode, lines(strict.stdout)) == (
        1,
        [*expected, "failed: 1 file checked, 0 errors, 1 warning"],
    )


def test_json_for_machines(tmp_path):
    good = write_scenario(tmp_path, WARNING_ONLY, "a.yaml")
    bad = write_scenario(
        tmp_path,
        MINIMAL.replace("id: minimal", "id: other").replace("format: 1", "format: 2"),
        "b.yaml",
    )
    done = run_cli("validate", "--json", tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    assert json.loads(done.stdout) == {
        "ok": False,
        "files": 2,
        "errors": 1,
        "warnings": 1,
        "diagnostics": [
            {
                "file": str(good),
                "line": 30,
                "col": 3,
                "severity": "warning",
                "code": "EQ501",
                "message": "ending `orphan` cannot be reached from `hallway`; no goto leads to it",
            },
            {
                "file": str(bad),
                "line": 1,
                "col": 9,
                "severity": "error",
                "code": "EQ205",
                "message": "`format: 2` is not supported; this version of eqtrainer reads `format: 1`",
            },
        ],
    }


@pytest.mark.parametrize("strict, ok, status", [(False, True, 0), (True, False, 1)])
def test_json_ok_follows_strict(tmp_path, strict, ok, status):
    path = write_scenario(tmp_path, WARNING_ONLY)
    done = run_cli("validate", "--json", *(["--strict"] if strict else []), path)
    report = json.loads(done.stdout)
    assert (done.returncode, report["ok"], report["errors"], report["warnings"]) == (
        status,
        ok,
        0,
        1,
    )


def test_duplicate_ids_across_files_name_both(tmp_path):
    first = write_scenario(tmp_path, MINIMAL, "first.yaml")
    second = write_scenario(tmp_path, MINIMAL, "second.yaml")
    done = run_cli("validate", first, second)
    assert done.returncode == 1
    assert lines(done.stdout) == [
        f"{second}:2:5: error EQ305: id `minimal` is already used by {first}; each scenario needs its own id",
        "failed: 2 files checked, 1 error, 0 warnings",
    ]


def test_a_file_named_twice_is_checked_once_and_does_not_clash_with_itself(tmp_path):
    path = write_scenario(tmp_path)
    done = run_cli("validate", tmp_path, path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "ok: 1 file checked, 0 errors, 0 warnings\n"


def test_a_missing_path_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "missing.yaml"
    done = run_cli("validate", missing)
    assert done.returncode == 1
    [line, verdict] = lines(done.stdout)
    assert line.startswith(f"{missing}:1:1: error EQ100: cannot read the file")
    assert verdict == "failed: 1 file checked, 1 error, 0 warnings"


def test_a_folder_with_no_scenario_files_fails(tmp_path):
    done = run_cli("validate", tmp_path)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == f"failed: no scenario files (.yaml or .yml) found in {tmp_path}\n"


def test_json_on_a_folder_with_no_scenario_files_is_not_ok(tmp_path):
    done = run_cli("validate", "--json", tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout) == {
        "ok": False,
        "files": 0,
        "errors": 0,
        "warnings": 0,
        "diagnostics": [],
    }


BAD_INPUTS = {
    # file name: (bytes, expected start of the line after the path)
    # bytes 0..255: 0x0A ends line 1, 0x0B..0x7F are 117 characters, and 0x80 is not UTF-8
    "binary.yaml": (bytes(range(256)), ":2:118: error EQ102: "),
    "nul.yaml": (b"id: a\x00b\n", ":1:6: error EQ103: "),
    "latin1.yaml": ("title: Café\n".encode("latin-1"), ":1:11: error EQ102: "),
    "empty.yaml": (b"", ":1:1: error EQ104: "),
    "list.yaml": (b"- a\n- b\n", ":1:1: error EQ111: "),
    "scalar.yaml": (b"42\n", ":1:1: error EQ111: "),
    "tag.yaml": (b"id: !!python/object/apply:os.system ['echo pwned']\n", ":1:5: error EQ107: "),
    "bomb.yaml": (b'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n', ":1:4: error EQ108: "),
    "deep.yaml": (b"a: " + b"[" * 10_000 + b"]" * 10_000, ":1:"),
    "tabs.yaml": (b"format: 1\ncast:\n\tdana: {}\n", ":3:1: error EQ106: "),
    "dup.yaml": (b"id: a\nid: b\n", ":2:1: error EQ110: "),
    "yaml.yaml": (b"id: [unclosed\n", ":1:5: error EQ105: "),
    "docs.yaml": (b"id: a\n---\nid: b\n", ":2:1: error EQ112: "),
    "newline.yaml": (
        MINIMAL.replace("id: minimal", 'id: "Two\\nlines \\e[31m"').encode(),
        ":2:5: error EQ204: ",
    ),
}


def test_every_kind_of_bad_input_gets_one_line_naming_the_file_never_a_traceback(tmp_path):
    for name, (data, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    done = run_cli("validate", tmp_path)
    assert done.returncode == 1
    assert done.stderr == ""  # no traceback, and the verdict closes the problems' stream
    *output, verdict = lines(done.stdout)
    assert (
        verdict == f"failed: {len(BAD_INPUTS)} files checked, {len(BAD_INPUTS)} errors, 0 warnings"
    )
    assert len(output) == len(BAD_INPUTS)
    for line in output:
        assert LINE.match(line), line
        assert line.isprintable(), line
    for name, (_, rest) in BAD_INPUTS.items():
        [line] = [line for line in output if line.startswith(str(tmp_path / name) + ":")]
        assert line.startswith(str(tmp_path / name) + rest), line
    [deep] = [line for line in output if line.startswith(str(tmp_path / "deep.yaml"))]
    assert " error EQ109: " in deep
    # a value written with "\n" and an escape sequence is shown escaped, not as a line break or a colour
    [newline] = [line for line in output if line.startswith(str(tmp_path / "newline.yaml"))]
    assert "id `Two\\nlines \\x1b[31m` should use only lower-case letters" in newline


def test_json_output_keeps_the_message_as_written(tmp_path):
    path = write_scenario(tmp_path, MINIMAL.replace("id: minimal", 'id: "Two\\nlines"'))
    done = run_cli("validate", "--json", path)
    [d] = json.loads(done.stdout)["diagnostics"]
    assert d["message"].startswith("id `Two\nlines` should use only lower-case letters")


def test_a_path_without_a_command_is_played_and_a_typo_is_a_usage_error(
    tmp_path, monkeypatch, capsys
):
    from eqtrainer import cli

    played = []
    monkeypatch.setattr(cli, "play", lambda paths, **options: played.append(paths) or 0)
    scenario = tmp_path / "mine.yaml"
    scenario.write_text("format: 1\n", encoding="utf-8")
    assert cli.main([str(scenario)]) == 0
    assert played == [[str(scenario)]]
    with pytest.raises(SystemExit) as exit_info:  # a typo is a usage error, not a game
        cli.main(["valdiate", str(scenario)])
    assert exit_info.value.code == 2
    assert "did you mean `eqtrainer validate`?" in capsys.readouterr().err
    assert played == [[str(scenario)]]

"""What the facilitator reads when `eqtrainer serve` starts: how to join, and whether the
workshop's results will be kept (said before anyone joins, not found at export)."""

from __future__ import annotations

from eqtrainer.serve.server import banner, results_line
from eqtrainer.serve.workshop import Settings
from eqtrainer.store.progress import Progress
from eqtrainer.store.results_file import FILE_NAME


def test_the_results_file_is_made_before_anyone_joins_and_the_banner_says_how_to_export(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("EQTRAINER_DATA", raising=False)
    settings = Settings(paths=[], data_dir=tmp_path / "data", workshop="20261206-0900")
    shown = banner(settings, "SHA256:x", results_line(settings))
    assert (tmp_path / "data" / FILE_NAME).is_file()
    Progress.open(tmp_path / "data", read_only=True).close()  # a complete, usable file
    folder = str(tmp_path / "data")
    assert (
        f"Results:           kept; afterwards `eqtrainer export --workshop 20261206-0900 --data {folder}`"
        in shown
    )
    assert f"`eqtrainer room --data {folder}`" in shown


def test_a_results_file_that_cannot_be_used_is_said_at_start_and_left_as_it_is(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"these are someone's notes, not a database\n" * 5)
    settings = Settings(paths=[], data_dir=folder)
    shown = banner(settings, "SHA256:x", results_line(settings))
    line = next(x for x in shown.splitlines() if "Results:" in x)
    assert "NOT KEPT" in line and "is not an SQLite database" in line, line
    assert "nothing to export" in line
    assert (folder / FILE_NAME).read_bytes() == b"these are someone's notes, not a database\n" * 5


def test_the_default_data_folder_needs_no_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("EQTRAINER_DATA", str(tmp_path / "data"))
    settings = Settings(paths=[], data_dir=tmp_path / "data", workshop="w1")
    shown = banner(settings, "SHA256:x", results_line(settings))
    assert "`eqtrainer export --workshop w1`" in shown
    assert "`eqtrainer room` in another terminal" in shown

"""Settings and results survive damaged files: the game never stops for them."""

from __future__ import annotations

from eqtrainer.store.results import Results, overall
from eqtrainer.store.settings import Settings


def test_settings_round_trip_and_defaults_for_a_damaged_file(tmp_path):
    path = tmp_path / "settings.json"
    Settings(theme="contrast", hold_feedback=True).save(path)
    assert Settings.load(path) == Settings(theme="contrast", hold_feedback=True)
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text('{"theme": "neon", "hold_feedback": "yes"}', encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_results_keep_each_scenarios_best_overall_score(tmp_path):
    results = Results(tmp_path / "results.sqlite3")
    scores = {"communication": 60.0, "strategy": 85.7, "business_value": 33.3, "eq": None}
    assert results.record("mini-demo", 7, "shipped", "good", ["1", "3", "1"], scores)
    assert results.record(
        "mini-demo", 8, "slipped", "bad", ["2", "1", "2"], dict.fromkeys(scores, 0.0)
    )
    assert results.best() == {"mini-demo": overall(scores)}
    assert overall(scores) == 59.7  # the mean of the dimensions at stake: (60 + 85.7 + 33.3) / 3


def test_a_damaged_results_file_loses_the_history_but_not_the_game(tmp_path):
    path = tmp_path / "results.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    results = Results(path)
    assert results.best() == {}
    assert results.record("mini-demo", 1, "shipped", "good", ["1"], {"eq": 50.0}) is False

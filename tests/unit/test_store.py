"""Settings survive damaged files: the game never stops for them (results: test_progress)."""

from __future__ import annotations

from eqtrainer.store.settings import Settings


def test_settings_round_trip_and_defaults_for_a_damaged_file(tmp_path):
    path = tmp_path / "settings.json"
    Settings(theme="contrast", hold_feedback=True).save(path)
    assert Settings.load(path) == Settings(theme="contrast", hold_feedback=True)
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text('{"theme": "neon", "hold_feedback": "yes"}', encoding="utf-8")
    assert Settings.load(path) == Settings()

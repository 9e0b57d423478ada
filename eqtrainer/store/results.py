"""Finished playthroughs, kept in SQLite so the home screen can show each scenario's best."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from ..domain.model import DIMENSIONS
from .paths import data_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS playthroughs (
    id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    finished_at REAL NOT NULL,
    seed INTEGER NOT NULL,
    ending TEXT,
    outcome TEXT,
    keys TEXT NOT NULL,
    scores TEXT NOT NULL,
    overall REAL
);
CREATE INDEX IF NOT EXISTS playthroughs_scenario ON playthroughs (scenario);
"""


def overall(scores: dict[str, float | None]) -> float | None:
    """The mean of the dimensions that were at stake; None if none was."""
    values = [v for v in scores.values() if v is not None]
    return round(sum(values) / len(values), 1) if values else None


class Results:
    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / "results.sqlite3"
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # loaded on a worker thread, then used on the UI thread: never both at once
                self._db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
                self._db.executescript(_SCHEMA)
            except (OSError, sqlite3.Error):
                self._db = None
        return self._db

    def record(
        self,
        scenario: str,
        seed: int,
        ending: str | None,
        outcome: str | None,
        keys: list[str],
        scores: dict[str, float | None],
    ) -> bool:
        db = self._connect()
        if db is None:
            return False
        try:
            with db:
                db.execute(
                    "INSERT INTO playthroughs (scenario, finished_at, seed, ending, outcome, "
                    "keys, scores, overall)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        scenario,
                        time.time(),
                        seed,
                        ending,
                        outcome,
                        ",".join(keys),
                        json.dumps({d: scores.get(d) for d in DIMENSIONS}),
                        overall(scores),
                    ),
                )
            return True
        except sqlite3.Error:
            return False

    def best(self) -> dict[str, float]:
        """Each scenario's best overall score."""
        db = self._connect()
        if db is None:
            return {}
        try:
            rows = db.execute(
                "SELECT scenario, MAX(overall) FROM playthroughs WHERE overall IS NOT NULL GROUP "
                "BY scenario"
            )
            return {scenario: best for scenario, best in rows}
        except sqlite3.Error:
            return {}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

"""Every playthrough and every decision, kept in SQLite the moment it happens.

One file, `results.sqlite3` in the data directory, shared by every game that plays into it
(a player's own, or a workshop server's twenty or a hundred): WAL mode, a busy timeout, and
every write one short `BEGIN IMMEDIATE` transaction, so writers queue instead of failing.

Each playthrough row carries who played (player, workshop), what (scenario id and a hash of
the file's content), the seed, when, where it stands (status, scene, the engine's snapshot
as JSON, updated with each decision) and, once it ends, the ending and the four scores.
Each decision row carries the scene, the read answer, the choice, its scores and the time
the player took.

A file this version cannot use (not SQLite, truncated, damaged, written by a newer
eqtrainer) is never written to: opening it raises `StoreUnavailable` with one line naming
the file, and the game plays on with results off. Today's first schema (version 0) is
migrated forward in one transaction, after a copy of the file is kept beside it.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.engine import Playthrough, Stuck
from ..domain.scoring import Decision
from ..domain.vocabulary import DIMENSIONS
from .results_file import (
    FILE_NAME,
    SCHEMA_VERSION,
    StoreUnavailable,
    StoreWriteError,
    check_file,
    connect_results,
    create_results,
    explain_error,
    explain_error_short,
    migrate_results,
    table_names,
)

__all__ = [
    "FILE_NAME",
    "SCHEMA_VERSION",
    "Progress",
    "Result",
    "StoreUnavailable",
    "StoreWriteError",
    "Unfinished",
    "content_hash",
    "default_player",
]


# status of a playthrough
PLAYING, FINISHED, STUCK, ABANDONED = "playing", "finished", "stuck", "abandoned"


def default_player() -> str:
    """The person at this terminal: the OS user's name."""
    try:
        return getpass.getuser() or "player"
    except (OSError, KeyError, ImportError):
        return "player"


def content_hash(path: str | os.PathLike[str]) -> str | None:
    """A hash of a scenario file's bytes, to know later whether it changed; None if unreadable."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return None


def overall(scores: Mapping[str, float | None]) -> float | None:
    """The mean of the dimensions that were at stake; None if none was."""
    values = [v for v in scores.values() if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def decision_points(decision: Decision) -> dict[str, float]:
    """What a decision scored on each dimension: the choice's points; a timeout, the worst."""
    choice = decision.choice
    if choice is not None:
        return {d: float(choice.scores[d]) for d in DIMENSIONS}
    return {d: float(min(c.scores[d] for c in decision.offered)) for d in DIMENSIONS}


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A playthrough that can be resumed."""

    id: int
    player: str
    scenario: str
    title: str
    scene: str | None
    decisions: int
    updated_at: float
    content_hash: str | None
    snapshot: dict[str, Any]
    workshop: str | None = None  # the workshop it was played in, if any


@dataclass(frozen=True, slots=True)
class Result:
    """A finished playthrough as history lists it."""

    id: int
    player: str
    workshop: str | None
    scenario: str
    ending: str | None
    outcome: str | None
    scores: dict[str, float | None]
    overall: float | None
    started_at: float
    ended_at: float | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "player": self.player,
            "workshop": self.workshop,
            "scenario": self.scenario,
            "ending": self.ending,
            "outcome": self.outcome,
            **self.scores,
            "overall": self.overall,
            "started": iso_time(self.started_at),
            "ended": iso_time(self.ended_at),
        }


def iso_time(seconds: float | None) -> str | None:
    """A moment as local ISO 8601 with its offset, to the second."""
    if seconds is None:
        return None
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")


# -- opening --------------------------------------------------------------------------------


class Progress:
    """The progress store of one data directory. `open()` it; every method may be called
    from any one thread at a time (the game loads on a worker, then writes on its UI)."""

    def __init__(self, path: Path, db: sqlite3.Connection, read_only: bool = False):
        self.path = path
        self._db = db
        self.read_only = read_only
        self.migrated_copy: Path | None = None

    @classmethod
    def open(cls, folder: Path, player: str | None = None, read_only: bool = False) -> Progress:
        """Open (creating, or migrating, as needed) the results in `folder`.

        Raises StoreUnavailable with a one-line message naming the file if it cannot be used.
        `read_only`: for listing and exporting; never creates, migrates or writes anything."""
        path = folder / FILE_NAME
        try:
            # a file of 0 bytes is one another process has just made (SQLite reads it as empty)
            if not path.exists() or (not read_only and path.stat().st_size == 0):
                if read_only:
                    raise StoreUnavailable(f"{path}: no results have been kept here yet")
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreUnavailable(
                        f"{folder}: the data folder cannot be made ({exc.strerror or exc})"
                    ) from None
                if not os.access(folder, os.W_OK):
                    raise StoreUnavailable(f"{folder}: the data folder is read-only")
                create_results(path)
            check_file(path)
            if not read_only and not (os.access(folder, os.W_OK) and os.access(path, os.W_OK)):
                raise StoreUnavailable(f"{path}: the data folder or the file is read-only")
            db = connect_results(path, read_only=read_only)
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreUnavailable(
                        f"{path} was written by a newer eqtrainer (schema {version}; this one "
                        f"reads up to {SCHEMA_VERSION}); update eqtrainer to keep results there"
                    )
                kept = None
                if version < SCHEMA_VERSION:
                    if read_only:
                        raise StoreUnavailable(
                            f"{path} is from an older eqtrainer; play once to bring it forward"
                        )
                    kept = migrate_results(path, db, player or default_player())
                elif not {"playthroughs", "decisions"} <= table_names(db):
                    raise StoreUnavailable(f"{path} is not one of eqtrainer's results files")
                if not read_only:
                    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                    if mode != "wal":
                        raise StoreUnavailable(f"{path}: cannot use WAL mode here ({mode})")
                    db.execute("PRAGMA synchronous = NORMAL")
            except BaseException:
                db.close()
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(explain_error(path, exc)) from None
        except OSError as exc:
            raise StoreUnavailable(f"{path}: {exc.strerror or exc}") from None
        store = cls(path, db, read_only)
        store.migrated_copy = kept
        return store

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                if db.in_transaction:
                    db.execute("ROLLBACK")
            raise StoreWriteError(
                f"could not save to {self.path}: {explain_error_short(exc)}"
            ) from None

    def begin(
        self,
        play: Playthrough,
        player: str,
        workshop: str | None = None,
        hash_: str | None = None,
        now: float | None = None,
    ) -> int:
        """A new playthrough, recorded before its first decision; returns its id."""
        now = time.time() if now is None else now
        scenario = play.scenario
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO playthroughs (player, workshop, scenario, title, content_hash, path,"
                " seed, started_at, updated_at, status, scene, snapshot)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    player,
                    workshop,
                    scenario.id,
                    scenario.title,
                    hash_,
                    str(scenario.path) if scenario.path else None,
                    play.seed,
                    now,
                    now,
                    PLAYING,
                    play.state.at,
                    json.dumps(play.snapshot()),
                ),
            )
            ident = cursor.lastrowid
            assert ident is not None
        self._update(ident, play, now)  # a scenario can be stuck from its first scene
        return ident

    def save_state(self, ident: int, play: Playthrough, now: float | None = None) -> None:
        """Keep where the playthrough stands (after a read answer, or on leaving)."""
        self._update(ident, play, time.time() if now is None else now)

    def decided(
        self,
        ident: int,
        play: Playthrough,
        decision: Decision,
        seconds: float | None,
        now: float | None = None,
    ) -> None:
        """Keep a decision the moment it is made, with where the playthrough stands after it."""
        now = time.time() if now is None else now
        if not play.decisions or play.decisions[-1] is not decision:
            raise ValueError("record a decision right after it is made")
        number = len(play.decisions)
        points = decision_points(decision)
        read = decision.read
        choice = decision.choice
        with self._write() as db:
            db.execute(
                "INSERT INTO decisions (playthrough, number, scene, read_answer, read_correct,"
                " choice, choice_text, band, communication, strategy, business_value, eq,"
                " seconds, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ident,
                    number,
                    decision.scene,
                    None if read is None or read.chosen is None else read.chosen + 1,
                    None if read is None else int(read.correct),
                    decision.number,
                    None if choice is None else choice.text,
                    decision.band,
                    *(points[d] for d in DIMENSIONS),
                    None if seconds is None else round(seconds, 3),
                    now,
                ),
            )
            self._update_in(db, ident, play, now)

    def abandon(self, ident: int, now: float | None = None) -> None:
        """The player started the scenario again instead of resuming this one."""
        now = time.time() if now is None else now
        with self._write() as db:
            db.execute(
                "UPDATE playthroughs SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                (ABANDONED, now, ident, PLAYING),
            )

    def _update(self, ident: int, play: Playthrough, now: float) -> None:
        with self._write() as db:
            self._update_in(db, ident, play, now)

    @staticmethod
    def _update_in(db: sqlite3.Connection, ident: int, play: Playthrough, now: float) -> None:
        ending = play.ending
        stuck = isinstance(play.phase, Stuck)
        status = FINISHED if ending is not None else STUCK if stuck else PLAYING
        scores = play.scores()
        ended = status != PLAYING
        db.execute(
            "UPDATE playthroughs SET updated_at = ?, ended_at = ?, status = ?, scene = ?,"
            " decisions = ?, ending = ?, outcome = ?, communication = ?, strategy = ?,"
            " business_value = ?, eq = ?, overall = ?, keys = ?, snapshot = ? WHERE id = ?",
            (
                now,
                now if ended else None,
                status,
                play.state.at,
                len(play.decisions),
                None if ending is None else ending.id,
                None if ending is None else ending.outcome,
                *(scores[d] for d in DIMENSIONS),
                overall(scores),
                ",".join(play.keys()),
                json.dumps(play.snapshot()),
                ident,
            ),
        )

    # -- reading -----------------------------------------------------------------------------
    def _read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreUnavailable(explain_error(self.path, exc)) from None

    def best(self, player: str | None = None) -> dict[str, float]:
        """Each scenario's best overall score (the player's, if named)."""
        where, parameters = _player_filter(player, "AND")
        rows = self._read(
            "SELECT scenario, MAX(overall) FROM playthroughs WHERE status = 'finished'"
            f" AND overall IS NOT NULL {where} GROUP BY scenario",
            parameters,
        )
        return {scenario: best for scenario, best in rows}

    def unfinished(self, player: str) -> list[Unfinished]:
        """The player's playthroughs that can be resumed, newest first, one per scenario."""
        rows = self._read(
            "SELECT id, player, scenario, title, scene, decisions, updated_at, content_hash,"
            " snapshot, workshop FROM playthroughs WHERE player = ? AND status = 'playing'"
            " ORDER BY updated_at DESC, id DESC",
            (player,),
        )
        found: dict[str, Unfinished] = {}
        for row in rows:
            if row[2] in found or row[8] is None:
                continue
            try:
                snapshot = json.loads(row[8])
            except ValueError:
                continue
            if isinstance(snapshot, dict):
                found[row[2]] = Unfinished(
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], snapshot, row[9]
                )
        return list(found.values())

    def history(
        self, player: str | None = None, limit: int | None = None, workshop: str | None = None
    ) -> list[Result]:
        """Finished playthroughs, oldest first (the last `limit` of them if given)."""
        where, parameters = _player_filter(player, "AND")
        if workshop is not None:
            where += " AND workshop = ?"
            parameters = (*parameters, workshop)
        sql = (
            "SELECT id, player, workshop, scenario, ending, outcome, communication, strategy,"
            " business_value, eq, overall, started_at, ended_at FROM playthroughs"
            f" WHERE status = 'finished' {where} ORDER BY ended_at DESC, id DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self._read(sql, parameters)
        rows.reverse()
        return [
            Result(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                dict(zip(DIMENSIONS, r[6:10], strict=True)),
                r[10],
                r[11],
                r[12],
            )
            for r in rows
        ]

    def export_rows(
        self,
        player: str | None = None,
        since: float | None = None,
        local_times: bool = False,
        workshop: str | None = None,
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Every playthrough joined with its decisions (none: one row with empty decision
        columns), in order; the column names and the rows. `local_times`: the three moments
        as `YYYY-MM-DD HH:MM:SS` local time, formatted by SQLite (a third of a CSV's time)."""
        conditions: list[str] = []
        parameters: list[Any] = []
        if player is not None:
            conditions.append("p.player = ?")
            parameters.append(player)
        if since is not None:
            conditions.append("p.started_at >= ?")
            parameters.append(since)
        if workshop is not None:
            conditions.append("p.workshop = ?")
            parameters.append(workshop)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""

        def moment(column: str) -> str:
            if not local_times:
                return column
            return f"strftime('%Y-%m-%d %H:%M:%S', {column}, 'unixepoch', 'localtime')"

        sql = f"""
            SELECT p.id, p.player, p.workshop, p.scenario, p.title, p.content_hash, p.seed,
                {moment("p.started_at")}, {moment("p.ended_at")}, p.status, p.ending,
                p.outcome, p.communication, p.strategy, p.business_value, p.eq, p.overall, p.keys,
                d.number, d.scene, d.read_answer, d.read_correct, d.choice, d.choice_text,
                d.band, d.communication, d.strategy, d.business_value, d.eq, d.seconds,
                {moment("d.decided_at")}
            FROM playthroughs p LEFT JOIN decisions d ON d.playthrough = p.id
            {where} ORDER BY p.id, d.number"""
        try:
            cursor = self._db.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise StoreUnavailable(explain_error(self.path, exc)) from None
        names = [c[0] for c in cursor.description]
        return names, iter(cursor)

    def counts(self) -> tuple[int, int]:
        """How many playthroughs and decisions are kept (for tests and the bench)."""
        rows = self._read(
            "SELECT (SELECT COUNT(*) FROM playthroughs), (SELECT COUNT(*) FROM decisions)"
        )
        return rows[0][0], rows[0][1]


def _player_filter(player: str | None, joiner: str) -> tuple[str, tuple[Any, ...]]:
    return ("", ()) if player is None else (f"{joiner} player = ?", (player,))

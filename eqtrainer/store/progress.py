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
import shutil
import sqlite3
import struct
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.engine import Playthrough, Stuck
from ..domain.scoring import Decision
from ..domain.vocabulary import DIMENSIONS

FILE_NAME = "results.sqlite3"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x45515452  # "EQTR": marks the file as ours
BUSY_SECONDS = 15.0
SQLITE_HEADER = b"SQLite format 3\x00"

# status of a playthrough
PLAYING, FINISHED, STUCK, ABANDONED = "playing", "finished", "stuck", "abandoned"

_SCHEMA = """
CREATE TABLE playthroughs (
    id INTEGER PRIMARY KEY,
    player TEXT NOT NULL,
    workshop TEXT,
    scenario TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    content_hash TEXT,
    path TEXT,
    seed INTEGER NOT NULL,
    started_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    ended_at REAL,
    status TEXT NOT NULL,
    scene TEXT,
    decisions INTEGER NOT NULL DEFAULT 0,
    ending TEXT,
    outcome TEXT,
    communication REAL,
    strategy REAL,
    business_value REAL,
    eq REAL,
    overall REAL,
    keys TEXT NOT NULL DEFAULT '',
    snapshot TEXT
);
CREATE INDEX playthroughs_player ON playthroughs (player, status, ended_at);
CREATE INDEX playthroughs_started ON playthroughs (started_at);
CREATE TABLE decisions (
    playthrough INTEGER NOT NULL REFERENCES playthroughs (id),
    number INTEGER NOT NULL,
    scene TEXT NOT NULL,
    read_answer INTEGER,
    read_correct INTEGER,
    choice INTEGER,
    choice_text TEXT,
    band TEXT NOT NULL,
    communication REAL,
    strategy REAL,
    business_value REAL,
    eq REAL,
    seconds REAL,
    decided_at REAL NOT NULL,
    PRIMARY KEY (playthrough, number)
) WITHOUT ROWID;
"""

# Version 0 (eqtrainer 0.1.0): one row per finished playthrough, keys as text, scores as JSON.
_FROM_V0 = """
ALTER TABLE playthroughs RENAME TO playthroughs_v0;
DROP INDEX IF EXISTS playthroughs_scenario;
{schema}
INSERT INTO playthroughs (id, player, scenario, seed, started_at, updated_at, ended_at, status,
    ending, outcome, communication, strategy, business_value, eq, overall, keys, decisions)
SELECT id, :player, scenario, seed, finished_at, finished_at, finished_at, 'finished',
    ending, outcome, json_extract(scores, '$.communication'), json_extract(scores, '$.strategy'),
    json_extract(scores, '$.business_value'), json_extract(scores, '$.eq'), overall, keys,
    CASE WHEN keys = '' THEN 0 ELSE length(keys) - length(replace(keys, ',', '')) + 1 END
FROM playthroughs_v0;
DROP TABLE playthroughs_v0;
"""


class StoreUnavailable(Exception):
    """The results file cannot be used; the message is one line and names the file."""


class StoreWriteError(Exception):
    """A write that did not happen; the message is one line and names the file."""


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
def check_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an intact SQLite database."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise StoreUnavailable(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StoreUnavailable(f"{path} is not an SQLite database; results are not kept in it")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages, changes, valid_for = struct.unpack(">I", header[28:32])[0], header[24:28], header[92:96]
    wal = path.with_name(path.name + "-wal")
    checkpointing = wal.exists() and wal.stat().st_size > 0  # the WAL holds the rest, then
    if changes == valid_for and pages and size < pages * page_size and not checkpointing:
        raise StoreUnavailable(
            f"{path} is truncated ({size} bytes of {pages * page_size}); "
            "move it aside to start a new one"
        )


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    if read_only and not os.access(path.parent, os.W_OK):
        # SQLite cannot make the shared-memory file a WAL reader needs in a read-only folder;
        # nothing can change the file there either, so it is read as it stands
        uri += "&immutable=1"
    db = sqlite3.connect(
        uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
    )
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    return db


def _create(path: Path) -> None:
    """A new, empty database with the current schema (several processes may race here: the
    first makes it; the others wait for its lock, then find the tables made)."""
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        # WAL from the start: a racing process never reads a half-written first commit
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        if db.execute("PRAGMA user_version").fetchone()[0] == 0 and not _tables(db):
            _run_script(db, _SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    finally:
        db.close()


def _run_script(
    db: sqlite3.Connection, script: str, parameters: Mapping[str, Any] | None = None
) -> None:
    """Each statement in turn, inside the caller's transaction (executescript would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            named = parameters if parameters and ":" in statement else {}
            db.execute(statement, named)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


V0_COLUMNS = {"id", "scenario", "finished_at", "seed", "ending", "outcome", "keys", "scores"}


def _migrate(path: Path, db: sqlite3.Connection, player: str) -> Path | None:
    """Bring a version-0 file forward; returns where the copy of the old file was kept."""
    db.execute("BEGIN IMMEDIATE")  # no other writer from here; the file is still as it was
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != 0:  # another process migrated it first
            db.execute("ROLLBACK")
            return None
        tables = _tables(db)
        if not tables:
            _run_script(db, _SCHEMA)
            kept = None
        elif tables == {"playthroughs"} and _columns(db, "playthroughs") >= V0_COLUMNS:
            kept = path.with_name(f"{path.name}.v0-{time.strftime('%Y%m%d-%H%M%S')}.bak")
            shutil.copy2(path, kept)
            _run_script(db, _FROM_V0.format(schema=_SCHEMA), {"player": player})
        else:
            raise StoreUnavailable(
                f"{path} is an SQLite database, but not one of eqtrainer's results "
                f"(tables: {', '.join(sorted(tables))})"
            )
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
        return kept
    except BaseException:
        db.execute("ROLLBACK")
        raise


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
                _create(path)
            check_file(path)
            if not read_only and not (os.access(folder, os.W_OK) and os.access(path, os.W_OK)):
                raise StoreUnavailable(f"{path}: the data folder or the file is read-only")
            db = _connect(path, read_only=read_only)
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
                    kept = _migrate(path, db, player or default_player())
                elif not {"playthroughs", "decisions"} <= _tables(db):
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
            raise StoreUnavailable(_explain(path, exc)) from None
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
            raise StoreWriteError(f"could not save to {self.path}: {_explain_short(exc)}") from None

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
            raise StoreUnavailable(_explain(self.path, exc)) from None

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
            " snapshot FROM playthroughs WHERE player = ? AND status = 'playing'"
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
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], snapshot
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
            raise StoreUnavailable(_explain(self.path, exc)) from None
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


def _explain_short(exc: sqlite3.Error) -> str:
    text = str(exc) or type(exc).__name__
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    return text


def _explain(path: Path, exc: sqlite3.Error) -> str:
    text = _explain_short(exc)
    if isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    ):
        return f"{path} is damaged ({text}); it is left as it is"
    return f"{path}: {text}"

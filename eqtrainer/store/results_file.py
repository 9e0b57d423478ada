"""The results file itself: its schema and version, opening it safely, and bringing a file
written by an older eqtrainer forward. `progress.py` reads and writes playthroughs in it.

A file this version cannot use (not SQLite, truncated, damaged, written by a newer
eqtrainer) is never written to: opening it raises `StoreUnavailable` naming the file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FILE_NAME = "results.sqlite3"


SCHEMA_VERSION = 1


APPLICATION_ID = 0x45515452  # "EQTR": marks the file as ours


BUSY_SECONDS = 15.0


SQLITE_HEADER = b"SQLite format 3\x00"


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


def check_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an intact SQLite database."""
    # A file shorter than its header says is damaged, or is being checkpointed by another
    # process at this moment (its header and size are then read between two of its writes):
    # only a file that stays short is called truncated.
    short = _short_by(path)
    for pause in (0.02, 0.05, 0.1, 0.2, 0.4):
        if short is None:
            return
        time.sleep(pause)
        short = _short_by(path)
    if short is not None:
        size, expected = short
        raise StoreUnavailable(
            f"{path} is truncated ({size} bytes of {expected}); move it aside to start a new one"
        )


def _short_by(path: Path) -> tuple[int, int] | None:
    """(size, size the header claims) for a file shorter than its header says, else None."""
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
    try:  # the WAL holds the rest, then (it goes when its last reader closes: no stat first)
        checkpointing = path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        checkpointing = False
    if changes == valid_for and pages and size < pages * page_size and not checkpointing:
        return size, pages * page_size
    return None


def connect_results(path: Path, read_only: bool = False) -> sqlite3.Connection:
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


def create_results(path: Path) -> None:
    """A new, empty database with the current schema (several processes may race here: the
    first makes it; the others wait for its lock, then find the tables made)."""
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        # WAL from the start: a racing process never reads a half-written first commit
        _switch_to_wal(db)
        db.execute("BEGIN IMMEDIATE")
        if db.execute("PRAGMA user_version").fetchone()[0] == 0 and not table_names(db):
            _run_script(db, _SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    finally:
        db.close()


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Put a new file in WAL mode. Changing the mode needs the file to itself, and SQLite
    answers "database is locked" at once rather than waiting while a racing process holds it
    (the busy timeout does not apply), so this waits here, as the busy timeout would."""
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _run_script(
    db: sqlite3.Connection, script: str, parameters: Mapping[str, Any] | None = None
) -> None:
    """Each statement in turn, inside the caller's transaction (executescript would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            named = parameters if parameters and ":" in statement else {}
            db.execute(statement, named)


def table_names(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


V0_COLUMNS = {"id", "scenario", "finished_at", "seed", "ending", "outcome", "keys", "scores"}


def migrate_results(path: Path, db: sqlite3.Connection, player: str) -> Path | None:
    """Bring a version-0 file forward; returns where the copy of the old file was kept."""
    db.execute("BEGIN IMMEDIATE")  # no other writer from here; the file is still as it was
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != 0:  # another process migrated it first
            db.execute("ROLLBACK")
            return None
        tables = table_names(db)
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


def explain_error_short(exc: sqlite3.Error) -> str:
    text = str(exc) or type(exc).__name__
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    return text


def explain_error(path: Path, exc: sqlite3.Error) -> str:
    text = explain_error_short(exc)
    if isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    ):
        return f"{path} is damaged ({text}); it is left as it is"
    return f"{path}: {text}"

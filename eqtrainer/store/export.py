"""Every playthrough and decision out of the store, for a trainer's spreadsheet or a script.

CSV: one row per decision (a playthrough with none yet: one row, decision columns empty),
a header row naming every column, times as `YYYY-MM-DD HH:MM:SS` local time so spreadsheets
read them as dates, and text that a spreadsheet would run as a formula (=, +, -, @) made
inert with a leading apostrophe. JSON: one object, playthroughs with their decisions.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from .progress import PLAYING, Progress, iso_time

PLAYTHROUGH_COLUMNS = (
    "playthrough",
    "player",
    "workshop",
    "scenario",
    "title",
    "content_hash",
    "seed",
    "started",
    "ended",
    "status",
    "finished",
    "ending",
    "outcome",
    "communication_pct",
    "strategy_pct",
    "business_value_pct",
    "eq_pct",
    "overall_pct",
    "keys",
)
DECISION_COLUMNS = (
    "decision",
    "scene",
    "read_answer",
    "read_correct",
    "choice",
    "choice_text",
    "band",
    "communication",
    "strategy",
    "business_value",
    "eq",
    "seconds",
    "decided",
)
COLUMNS = PLAYTHROUGH_COLUMNS + DECISION_COLUMNS
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _value(value: Any) -> Any:
    return "" if value is None else value


def csv_row(row: tuple[Any, ...]) -> list[Any]:
    """One row of Progress.export_rows() as the CSV's cells, in COLUMNS order."""
    (
        ident,
        player,
        workshop,
        scenario,
        title,
        hash_,
        seed,
        started,
        ended,
        status,
        ending,
        outcome,
        p_comm,
        p_strat,
        p_value,
        p_eq,
        p_overall,
        keys,
        number,
        scene,
        read_answer,
        read_correct,
        choice,
        choice_text,
        band,
        comm,
        strat,
        value,
        eq,
        seconds,
        decided,
    ) = row
    timed_out = number is not None and choice is None
    return [
        ident, _text(player), _text(workshop), _text(scenario), _text(title), _value(hash_),
        seed, _value(started), _value(ended), status, "yes" if status == "finished" else "no",
        _text(ending), _value(outcome), _value(p_comm), _value(p_strat), _value(p_value),
        _value(p_eq), _value(p_overall), _text(keys),
        _value(number), _text(scene), _value(read_answer),
        "" if read_correct is None else ("yes" if read_correct else "no"),
        "timed out" if timed_out else _value(choice), _text(choice_text), _value(band),
        _value(comm), _value(strat), _value(value), _value(eq), _value(seconds), _value(decided),
    ]  # fmt: skip


def write_csv(
    store: Progress,
    out: TextIO,
    player: str | None,
    since: float | None,
    workshop: str | None = None,
) -> int:
    """Write the CSV; returns how many rows (without the header)."""
    _names, rows = store.export_rows(player, since, local_times=True, workshop=workshop)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(csv_row(row))
        count += 1
    return count


def _json_playthroughs(
    store: Progress, player: str | None, since: float | None, workshop: str | None
) -> Iterator[dict[str, Any]]:
    _names, rows = store.export_rows(player, since, workshop=workshop)
    current: dict[str, Any] | None = None
    for row in rows:
        if current is None or current["id"] != row[0]:
            if current is not None:
                yield current
            current = {
                "id": row[0],
                "player": row[1],
                "workshop": row[2],
                "scenario": row[3],
                "title": row[4],
                "content_hash": row[5],
                "seed": row[6],
                "started": iso_time(row[7]),
                "ended": iso_time(row[8]),
                "status": row[9],
                "finished": row[9] == "finished",
                "unfinished": row[9] in (PLAYING, "stuck", "abandoned"),
                "ending": row[10],
                "outcome": row[11],
                "scores": {
                    "communication": row[12],
                    "strategy": row[13],
                    "business_value": row[14],
                    "eq": row[15],
                },
                "overall": row[16],
                "keys": row[17],
                "decisions": [],
            }
        if row[18] is not None:
            current["decisions"].append(
                {
                    "number": row[18],
                    "scene": row[19],
                    "read_answer": row[20],
                    "read_correct": None if row[21] is None else bool(row[21]),
                    "choice": row[22],
                    "choice_text": row[23],
                    "timed_out": row[22] is None,
                    "band": row[24],
                    "communication": row[25],
                    "strategy": row[26],
                    "business_value": row[27],
                    "eq": row[28],
                    "seconds": row[29],
                    "decided": iso_time(row[30]),
                }
            )
    if current is not None:
        yield current


def write_json(
    store: Progress,
    out: TextIO,
    player: str | None,
    since: float | None,
    workshop: str | None = None,
) -> int:
    """Write one JSON object; returns how many playthroughs."""
    count = 0
    out.write('{"playthroughs": [')
    for count, playthrough in enumerate(_json_playthroughs(store, player, since, workshop), 1):
        out.write(("\n  " if count == 1 else ",\n  ") + json.dumps(playthrough))
    out.write("\n]}\n")
    return count

"""`eqtrainer history` and `eqtrainer export`: the kept results, for a trainer."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .cli_common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option


def add_record_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser(
        "history",
        help="list finished playthroughs with their ending and four scores",
        description="Lists finished playthroughs, oldest first: id, player, scenario, ending, "
        "outcome, the four dimension scores and when.",
    )
    history.add_argument("--player", metavar="NAME", help="only this player's (default: all)")
    history.add_argument("--workshop", metavar="ID", help="only this workshop's")
    history.add_argument("--json", action="store_true", help="print one JSON array")
    add_data_option(history)
    export = commands.add_parser(
        "export",
        help="write every playthrough and decision as CSV or JSON, for a spreadsheet",
        description="Writes every playthrough and every decision to standard output (or "
        "--output FILE). CSV has one row per decision and a header row; unfinished "
        "playthroughs are included, marked `finished: no`.",
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="(default: csv)")
    export.add_argument("--player", metavar="NAME", help="only this player's (default: all)")
    export.add_argument("--workshop", metavar="ID", help="only this workshop's")
    export.add_argument(
        "--since", metavar="DATE", help="only playthroughs started on or after DATE (YYYY-MM-DD)"
    )
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    add_data_option(export)


def _open_results(command: str, data: str | None) -> Any:
    """The results of the data directory for reading, or None (said on stderr)."""
    from .store.paths import data_dir
    from .store.progress import FILE_NAME, Progress, StoreUnavailable

    folder = data_dir(data)
    if not (folder / FILE_NAME).exists():
        return folder / FILE_NAME
    try:
        # read-write when possible, so today's first schema is brought forward; else read-only
        writable = os.access(folder, os.W_OK) and os.access(folder / FILE_NAME, os.W_OK)
        return Progress.open(folder, read_only=not writable)
    except StoreUnavailable as exc:
        print(f"eqtrainer {command}: {exc}", file=sys.stderr)
        return None


def history(
    data: str | None, player: str | None, as_json: bool = False, workshop: str | None = None
) -> int:
    """`eqtrainer history`: finished playthroughs, oldest first."""
    from .store.progress import Progress, StoreUnavailable

    store = _open_results("history", data)
    if store is None:
        return EXIT_INVALID
    try:
        results = store.history(player, workshop=workshop) if isinstance(store, Progress) else []
    except StoreUnavailable as exc:
        print(f"eqtrainer history: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if as_json:
        print(json.dumps([r.as_json() for r in results], indent=2))
        return EXIT_OK
    if not results:
        who = f" for {player}" if player else ""
        print(f"no finished playthroughs{who} in {getattr(store, 'path', store)}", file=sys.stderr)
        return EXIT_OK
    import datetime as dt

    from .domain.vocabulary import DIMENSIONS

    lines = [
        f"{'id':>6}  {'player':<16} {'scenario':<22} {'ending':<18} {'outcome':<7} "
        f"{'comm':>5} {'strat':>5} {'value':>5} {'eq':>5}  when"
    ]
    for r in results:
        scores = " ".join(
            "    -" if r.scores[d] is None else f"{r.scores[d]:5.1f}" for d in DIMENSIONS
        )
        when = dt.datetime.fromtimestamp(r.ended_at or r.started_at).strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{r.id:>6}  {_safe(r.player, 16):<16} {_safe(r.scenario, 22):<22} "
            f"{_safe(r.ending or '-', 18):<18} {r.outcome or '-':<7} {scores}  {when}"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _safe(text: str, width: int) -> str:
    """A name for a terminal: control characters dropped, clipped to `width`."""
    shown = "".join(c for c in text if c.isprintable())
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def export(
    data: str | None,
    form: str,
    player: str | None,
    since: str | None,
    output: str | None,
    workshop: str | None = None,
) -> int:
    """`eqtrainer export`: every playthrough and decision as CSV or JSON."""
    import datetime as dt

    from .store.export import write_csv, write_json
    from .store.progress import Progress, StoreUnavailable

    start = None
    if since:
        try:
            start = dt.datetime.fromisoformat(since).timestamp()
        except ValueError:
            print(
                f"eqtrainer export: --since {since!r} is not a date; write it as YYYY-MM-DD",
                file=sys.stderr,
            )
            return EXIT_USAGE
    store = _open_results("export", data)
    if store is None:
        return EXIT_INVALID
    if not isinstance(store, Progress):
        print(f"eqtrainer export: no results have been kept in {store} yet", file=sys.stderr)
        return EXIT_INVALID
    write = write_csv if form == "csv" else write_json
    try:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = write(store, out, player, start, workshop)
        else:
            count = write(store, sys.stdout, player, start, workshop)
    except StoreUnavailable as exc:
        print(f"eqtrainer export: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        raise  # `| head` has what it wanted: main ends quietly
    except OSError as exc:
        print(f"eqtrainer export: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    what = "rows" if form == "csv" else "playthroughs"
    if count == 0:
        print(
            f"eqtrainer export: nothing to export {_filters(player, since, workshop)}",
            file=sys.stderr,
        )
    elif output:
        print(f"eqtrainer export: wrote {count} {what} to {output}", file=sys.stderr)
    return EXIT_OK


def _filters(player: str | None, since: str | None, workshop: str | None) -> str:
    """`for workshop ws-9 and player ana`, or `yet` when nothing narrowed the export."""
    said = [
        f"{name} {value}"
        for name, value in (("workshop", workshop), ("player", player), ("since", since))
        if value
    ]
    return f"for {' and '.join(said)}" if said else "yet: no decision has been kept"

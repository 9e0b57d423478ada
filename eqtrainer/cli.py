"""The `eqtrainer` command. Authoring commands never import textual, so they start fast."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .library import bundled_scenarios

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eqtrainer",
        description="A terminal game that trains the soft skills of senior IT project managers. "
        "With no command, opens the game on the bundled scenarios.",
    )
    parser.add_argument("--version", action="version", version=f"eqtrainer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play the game on scenario files or folders")
    play.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files or folders (default: the bundled library)",
    )
    _add_game_options(play)
    play.add_argument(
        "--watch",
        action="store_true",
        help="with one scenario file: reload it each time it is saved (for authors)",
    )

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--strict", action="store_true", help="also fail (exit 1) on warnings")
    validate.add_argument("--json", action="store_true", help="print one JSON object for machines")

    replay = commands.add_parser(
        "replay", help="play a scenario without the game screen and print the result"
    )
    replay.add_argument("file", metavar="FILE", help="a scenario file")
    replay.add_argument(
        "--choices",
        required=True,
        help="what a player would press, comma-separated: for a scene with a read question first "
        "the answer, then the choice; numbers count the choices shown from 1; `t` lets a timer "
        "run out",
    )
    replay.add_argument(
        "--seed", type=int, help="seed for chance outcomes (default: random, and reported)"
    )
    replay.add_argument("--json", action="store_true", help="print one JSON object")

    listing = commands.add_parser(
        "list", help="list the scenarios of a library: id, title, areas, level, minutes, file"
    )
    listing.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files or folders (default: the bundled library)",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON list for machines")
    _add_serve_command(commands)
    _add_room_command(commands)
    _add_record_commands(commands)
    _add_authoring_commands(commands)
    return parser


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="the data directory: results and the log (default: EQTRAINER_DATA, else the "
        "platform's own place)",
    )


def _add_record_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser(
        "history",
        help="list finished playthroughs with their ending and four scores",
        description="Lists finished playthroughs, oldest first: id, player, scenario, ending, "
        "outcome, the four dimension scores and when.",
    )
    history.add_argument("--player", metavar="NAME", help="only this player's (default: all)")
    history.add_argument("--workshop", metavar="ID", help="only this workshop's")
    history.add_argument("--json", action="store_true", help="print one JSON array")
    _add_data_option(history)
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
    _add_data_option(export)


def _duration(text: str) -> float:
    """`30m`, `90s`, `1h` or plain seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    number, unit = (text[:-1], units[text[-1]]) if text and text[-1] in units else (text, 1)
    try:
        value = float(number) * unit
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{text}` is not a duration such as 30m, 90s or 1h"
        ) from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the idle timeout must be more than zero")
    return value


def _add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="run a workshop: participants join with `ssh -p PORT name@host` and play",
        description="Runs an SSH server that gives each participant the game in their own "
        "session. Choose how people get in: --passcode, --authorized-keys or --open.",
    )
    serve.add_argument(
        "paths", nargs="*", metavar="PATH", help="scenarios to play (default: the bundled library)"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=2222, help="port to listen on (default: 2222)")
    access = serve.add_mutually_exclusive_group(required=True)
    access.add_argument("--passcode", metavar="CODE", help="participants type it as the password")
    access.add_argument("--authorized-keys", metavar="FILE", help="only these public keys may join")
    access.add_argument("--open", action="store_true", help="anyone who can reach it may join")
    serve.add_argument(
        "--i-know",
        action="store_true",
        help="with --open on an address other than loopback: yes, anyone on the network",
    )
    serve.add_argument("--max", type=int, default=100, help="most participants at once (100)")
    serve.add_argument(
        "--idle-timeout", type=_duration, default="30m", help="end a session idle this long (30m)"
    )
    serve.add_argument("--data", metavar="DIR", help="where results and the host key are kept")
    serve.add_argument(
        "--spawn",
        action="store_true",
        help="start each game as a fresh Python instead of forking (slower; for debugging)",
    )


def _add_room_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    room = commands.add_parser(
        "room",
        help="the facilitator's live view of a running workshop server, and its actions",
        description="With no action, opens the live room. Actions: `start SCENARIO [--paced]`, "
        "`close-vote`, `next`, `free`. Talks to `eqtrainer serve` on this host over a private "
        "socket in the data directory.",
    )
    room.add_argument(
        "action",
        nargs="?",
        choices=("start", "close-vote", "next", "free"),
        help="what to do (default: open the live room)",
    )
    room.add_argument("scenario", nargs="?", help="with `start`: the scenario's id")
    room.add_argument("--paced", action="store_true", help="with `start`: pace the room")
    room.add_argument("--json", action="store_true", help="print the room's state once as JSON")
    room.add_argument("--data", metavar="DIR", help="the data directory the server uses")


AUTHORING_COMMANDS = ("analyze", "graph", "schema", "new")


def _add_authoring_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    analyze = commands.add_parser(
        "analyze",
        help="the story as a whole: endings and paths, best and worst scores, the answer key",
    )
    analyze.add_argument("file", metavar="FILE", help="a scenario file")
    analyze.add_argument("--json", action="store_true", help="print one JSON object")
    analyze.add_argument(
        "--runs",
        type=int,
        default=0,
        metavar="N",
        help="also play N seeded random playthroughs and report what they hit",
    )
    graph = commands.add_parser("graph", help="print the scenario's map as Mermaid or Graphviz")
    graph.add_argument("file", metavar="FILE", help="a scenario file")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    commands.add_parser(
        "schema", help="print a JSON Schema of the format, for the YAML language server"
    )
    new = commands.add_parser("new", help="write a scaffold scenario to start from")
    new.add_argument("id", metavar="ID", help="the new scenario's id, e.g. friday-demo")
    new.add_argument("--title", help="its title (default: made from the id)")
    new.add_argument(
        "--output", "-o", metavar="FILE", help="where to write it (default: ID.yaml here)"
    )


def authoring(args: argparse.Namespace) -> int:
    """`analyze`, `graph`, `schema` and `new`: tools for scenario authors (no textual)."""
    from . import authoring_cli

    if args.command == "analyze":
        return authoring_cli.analyze(args.file, as_json=args.json, runs=args.runs)
    if args.command == "graph":
        return authoring_cli.graph(args.file, args.format)
    if args.command == "schema":
        return authoring_cli.schema()
    return authoring_cli.new(args.id, args.title, args.output)


def _add_game_options(parser: argparse.ArgumentParser) -> None:
    _add_data_option(parser)
    parser.add_argument(
        "--player", metavar="NAME", help="whose results these are (default: your user name)"
    )
    parser.add_argument(
        "--workshop", metavar="ID", help="the workshop these playthroughs belong to, if any"
    )
    parser.add_argument(
        "--theme", choices=("dark", "light", "contrast"), help="colour theme (remembered)"
    )
    parser.add_argument(
        "--hold-feedback",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="hold all feedback back until the debrief, for experienced players "
        "(remembered; --no-hold-feedback shows it again)",
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    commands = (
        "play",
        "validate",
        "replay",
        "list",
        "room",
        "serve",
        "history",
        "export",
        *AUTHORING_COMMANDS,
    )
    first = argv[0] if argv else ""
    if first and first not in commands and not first.startswith("-") and not os.path.exists(first):
        close = difflib.get_close_matches(first, commands, n=1, cutoff=0.7)
        if close:  # `eqtrainer valdiate`: a typo of a command, not a scenario to play
            parser.error(f"no command `{first}`; did you mean `eqtrainer {close[0]}`?")
    if (
        not argv
        or (argv[0].startswith("--") and argv[0] not in ("--help", "--version"))
        or (argv[0] not in commands and not argv[0].startswith("-"))
    ):
        argv = ["play", *argv]  # `eqtrainer my-scenario.yaml` or `eqtrainer friday-demo` plays it
    args = _parse(parser, argv)
    try:
        if args.command == "validate":
            return validate(args.paths, strict=args.strict, as_json=args.json)
        if args.command == "replay":
            return replay(args.file, args.choices, args.seed, as_json=args.json)
        if args.command == "list":
            return list_library(args.paths or [str(bundled_scenarios())], as_json=args.json)
        if args.command in AUTHORING_COMMANDS:
            return authoring(args)
        if args.command == "room":
            return room(args)
        if args.command == "history":
            return history(args.data, args.player, as_json=args.json, workshop=args.workshop)
        if args.command == "export":
            return export(
                args.data, args.format, args.player, args.since, args.output, args.workshop
            )
        if args.command == "serve":
            return serve(args)
        if getattr(args, "watch", False):
            return play_watching(args)
        return play(
            args.paths or [str(bundled_scenarios())],
            theme=args.theme,
            hold_feedback=args.hold_feedback,
            data=args.data,
            player=args.player,
            workshop=args.workshop,
        )
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse; an unknown option gets its own command's usage and the closest option it has."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = _subcommand(parser, args.command) or parser
        known = [o for action in command._actions for o in action.option_strings]
        unknown = extras[0]
        close = difflib.get_close_matches(unknown.split("=")[0], known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        command.error(f"unrecognized argument: {unknown}{hint}")
    return args


def _subcommand(
    parser: argparse.ArgumentParser, name: str | None
) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found: argparse.ArgumentParser = action.choices[name]
            return found
    return None


def _progress(stream: TextIO) -> Callable[[int, int], None] | None:
    """A one-line counter for long runs on a terminal; silent otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= 50 and (done % 25 == 0 or done == total):
            stream.write(f"\rchecking {done}/{total} files…")
            if done == total:
                stream.write("\r" + " " * 40 + "\r")
            stream.flush()

    return show


def _missing(paths: list[str]) -> list[str]:
    return [p for p in paths if not os.path.exists(p)]


def validate(paths: list[str], strict: bool = False, as_json: bool = False) -> int:
    from .domain.loader import check_library, sorted_diagnostics

    results = check_library(paths, on_progress=None if as_json else _progress(sys.stderr))
    diagnostics = sorted_diagnostics(results)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len(results)
    # No file checked is a failure too (a typo in a folder name must not pass a CI step).
    failed = errors > 0 or (strict and warnings > 0) or files == 0
    if as_json:
        json.dump(
            {
                "ok": not failed,
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.as_json() for d in diagnostics],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        # The problems and the verdict go to one stream, so that `| less`, `> report.txt` and
        # an editor's task runner keep them together and in order.
        for diagnostic in diagnostics:
            print(diagnostic)
        if files == 0:
            print(f"failed: no scenario files (.yaml or .yml) found in {', '.join(paths)}")
        else:
            verdict = "failed" if failed else "ok"
            print(
                f"{verdict}: {files} file{'s' * (files != 1)} checked, {errors} "
                f"error{'s' * (errors != 1)}, "
                f"{warnings} warning{'s' * (warnings != 1)}"
            )
    return EXIT_INVALID if failed else EXIT_OK


def replay(path: str, choices: str, seed: int | None, as_json: bool = False) -> int:
    from .domain.loader import load_file
    from .domain.replay import ReplayError, replay_choices

    result = load_file(path)
    if result.scenario is None or result.errors:
        for diagnostic in result.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID
    try:
        report = replay_choices(result.scenario, choices, seed)
    except ReplayError as exc:
        print(f"eqtrainer replay: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if as_json:
        print(json.dumps(report))
    else:
        from .domain.model import DIMENSION_LABELS

        print(
            f"{result.scenario.title}: ending `{report['ending']}` ({report['outcome']}), seed "
            f"{report['seed']}"
        )
        for name, value in report["scores"].items():
            shown = "-" if value is None else f"{value:.1f}%"
            print(f"  {DIMENSION_LABELS[name]:<15} {shown}")
        for number, decision in enumerate(report["decisions"], 1):
            print(
                f"  {number:>2}. {decision['scene']:<24} {decision['choice']!s:>2}  "
                f"{decision['band']}"
            )
    return EXIT_OK


def _report_load_problems(command: str, diagnostics: list[Any]) -> None:
    """Each file that could not be loaded, with the first problem in it, on stderr."""
    first: dict[str, Any] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            first.setdefault(diagnostic.file, diagnostic)
    for diagnostic in first.values():
        print(diagnostic, file=sys.stderr)
    if first:
        count = len(first)
        print(
            f"eqtrainer {command}: {count} file{'s' * (count != 1)} could not be loaded "
            "(the first problem in each is above; `eqtrainer validate FILE` lists every one)",
            file=sys.stderr,
        )


def list_library(paths: list[str], as_json: bool = False) -> int:
    from .domain.loader import load_library

    missing = _missing(paths)
    if missing:
        print(f"eqtrainer list: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    library = load_library(paths)
    scenarios = sorted(library.scenarios, key=lambda s: s.title.lower())
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "areas": list(s.areas),
            "difficulty": s.difficulty,
            "minutes": s.minutes,
            "file": s.path,
        }
        for s in scenarios
    ]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif rows:
        idw = max(len("id"), *(len(s.id) for s in scenarios))
        tw = max(len("title"), *(len(s.title) for s in scenarios))
        aw = max(len("areas"), *(len(" · ".join(s.areas)) for s in scenarios))
        print(f"{'id':<{idw}}  {'title':<{tw}}  {'areas':<{aw}}  level  time    file")
        for s in scenarios:
            dots = "●" * s.difficulty + "○" * (3 - s.difficulty)
            print(
                f"{s.id:<{idw}}  {s.title:<{tw}}  {' · '.join(s.areas):<{aw}}  {dots}    "
                f"{s.minutes:>2g} min  {s.path}"
            )
    _report_load_problems("list", library.diagnostics)
    if not library.results:
        print(
            f"eqtrainer list: no scenario files (.yaml or .yml) found in {', '.join(paths)}",
            file=sys.stderr,
        )
    return EXIT_OK if library.scenarios else EXIT_INVALID


def _bundled_path(name: str) -> str | None:
    """The file of the bundled scenario whose id is `name`, if there is one."""
    from .domain.loader import load_library

    folder = bundled_scenarios()
    for suffix in (".yaml", ".yml"):  # the usual case: the file is named after the id
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return str(candidate)
    return next((s.path for s in load_library([str(folder)]).scenarios if s.id == name), None)


def play(
    paths: list[str],
    theme: str | None = None,
    hold_feedback: bool | None = None,
    data: str | None = None,
    player: str | None = None,
    workshop: str | None = None,
) -> int:
    resolved = []
    for path in paths:  # a path, or the id of a bundled scenario (`eqtrainer play friday-demo`)
        found = path if os.path.exists(path) else _bundled_path(path)
        if found is None:
            print(f"eqtrainer: no such file, folder or bundled scenario: {path}", file=sys.stderr)
            return EXIT_USAGE
        resolved.append(found)
    paths = resolved
    from .tui.app import run  # textual is imported here and only here

    return run(
        paths,
        theme=theme,
        hold_feedback=hold_feedback,
        player=player,
        workshop=workshop,
        data=data,
    )


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
                write(store, out, player, start, workshop)
        else:
            write(store, sys.stdout, player, start, workshop)
    except StoreUnavailable as exc:
        print(f"eqtrainer export: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"eqtrainer export: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def play_watching(args: argparse.Namespace) -> int:
    """`eqtrainer play FILE --watch`: one scenario file, reloaded on each save."""
    paths: list[str] = args.paths
    if len(paths) != 1 or not os.path.isfile(paths[0]):
        print(
            "eqtrainer play --watch: name one scenario file, e.g. "
            "`eqtrainer play my-scenario.yaml --watch`",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from .tui.app import run  # textual is imported here and only here

    return run(
        paths,
        theme=args.theme,
        hold_feedback=args.hold_feedback,
        player=args.player,
        workshop=args.workshop,
        data=args.data,
        watch=True,
    )


def serve(args: argparse.Namespace) -> int:
    """`eqtrainer serve`: the workshop server, until ctrl+c."""
    import asyncio

    from .serve.hostkey import HostKeyError
    from .serve.server import Settings, is_loopback
    from .serve.server import serve as run_server
    from .store.paths import data_dir

    if args.open and not is_loopback(args.host) and not args.i_know:
        print(
            f"eqtrainer serve: --open on {args.host} lets anyone who can reach it join; "
            "add --i-know if that is what you want, or use --passcode",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.authorized_keys and not os.path.isfile(args.authorized_keys):
        print(f"eqtrainer serve: no such file: {args.authorized_keys}", file=sys.stderr)
        return EXIT_USAGE
    paths = args.paths or [str(bundled_scenarios())]
    missing = _missing(paths)
    if missing:
        print(f"eqtrainer serve: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings(
        paths=[os.path.abspath(p) for p in paths],
        data_dir=Path(args.data) if args.data else data_dir(),
        host=args.host,
        port=args.port,
        passcode=args.passcode,
        authorized_keys=args.authorized_keys,
        open=args.open,
        max_sessions=args.max,
        idle_timeout=args.idle_timeout,
        spawn=args.spawn,
    )
    try:
        return asyncio.run(run_server(settings))
    except HostKeyError as exc:
        print(f"eqtrainer serve: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(
            f"eqtrainer serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_INVALID


def room(args: argparse.Namespace) -> int:
    """`eqtrainer room`: one action, the state as JSON, or the live room screen."""
    from .serve.control import ControlError, request, socket_path
    from .store.paths import data_dir

    folder = Path(args.data) if args.data else data_dir()
    path = socket_path(folder)
    try:
        if args.action == "start":
            if not args.scenario:
                print(
                    "eqtrainer room start: name the scenario, "
                    "e.g. `eqtrainer room start friday-demo --paced`",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            answer = request(path, "start", scenario=args.scenario, paced=args.paced)
        elif args.action is not None:
            answer = request(path, args.action)
        elif args.json:
            answer = request(path, "state")
        else:
            return _room_screen(path)
    except ControlError as exc:
        print(f"eqtrainer room: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.json or args.action is None:
        print(json.dumps(answer["room"], indent=2))
    else:
        state = answer["room"]
        print(
            f"room: {state['mode']}, scenario {state['scenario']}, decision {state['round']}, "
            f"vote {'open' if state['vote_open'] else 'closed'}, {state['present']} in"
        )
    return EXIT_OK


def _room_screen(path: Path) -> int:
    from .domain.loader import load_library
    from .serve.control import act, request, watch
    from .tui.room_app import RoomApp

    # The scenarios the server plays, for the choices' text and the expert key.
    paths = request(path, "library").get("paths") or [str(bundled_scenarios())]
    scenarios = {s.id: s for s in load_library(paths).scenarios}

    async def send(op: str, **fields: Any) -> dict[str, Any]:
        return await act(path, op, **fields)

    RoomApp(lambda: watch(path), send, scenarios).run()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

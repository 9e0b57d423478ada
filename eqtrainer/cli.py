"""The `eqtrainer` command. Authoring commands never import textual, so they start fast."""

from __future__ import annotations

import argparse
import difflib
import os
import sys

from . import __version__
from .cli_common import EXIT_OK, EXIT_USAGE, add_data_option
from .cli_library import list_library, replay, validate
from .cli_records import add_record_commands, export, history
from .cli_workshop import add_room_command, add_serve_command, room, serve
from .library import bundled_scenarios, not_found, path_or_bundled


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
        help="with one scenario file: reload it each time it is saved (for authors); a draft, "
        "so nothing played is recorded",
    )

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--strict", action="store_true", help="also fail (exit 1) on warnings")
    validate.add_argument("--json", action="store_true", help="print one JSON object for machines")

    replay = commands.add_parser(
        "replay", help="play a scenario without the game screen and print the result"
    )
    replay.add_argument(
        "file", metavar="FILE", help="a scenario file, or a bundled scenario's id (`friday-demo`)"
    )
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
    add_serve_command(commands)
    add_room_command(commands)
    add_record_commands(commands)
    _add_authoring_commands(commands)
    return parser


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
    add_data_option(parser)
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
    except BrokenPipeError:  # `eqtrainer export | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not complain
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
        found = path_or_bundled(path)
        if found is None:
            print(not_found("eqtrainer", path), file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())

"""`eqtrainer serve` and `eqtrainer room`: workshops over SSH, from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .cli_common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, missing_paths
from .library import bundled_scenarios


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


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        "--facilitator-passcode",
        metavar="CODE",
        help="the user `facilitator` with this passcode gets the room screen over SSH "
        "(`ssh -p PORT facilitator@host`) instead of a game",
    )
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


def add_room_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def serve(args: argparse.Namespace) -> int:
    """`eqtrainer serve`: the workshop server, until ctrl+c."""
    import asyncio

    from .serve.hostkey import HostKeyError
    from .serve.server import AlreadyServing, Settings, is_loopback
    from .serve.server import serve as run_server
    from .store.paths import data_dir

    if args.open and not is_loopback(args.host) and not args.i_know:
        print(
            f"eqtrainer serve: --open on {args.host} lets anyone who can reach it join; "
            "add --i-know if that is what you want, or use --passcode",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.facilitator_passcode is not None and (
        not args.facilitator_passcode.strip() or args.facilitator_passcode == args.passcode
    ):
        print(
            "eqtrainer serve: --facilitator-passcode must be set and differ from --passcode "
            "(whoever knows it controls the room)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.authorized_keys and not os.path.isfile(args.authorized_keys):
        print(f"eqtrainer serve: no such file: {args.authorized_keys}", file=sys.stderr)
        return EXIT_USAGE
    paths = args.paths or [str(bundled_scenarios())]
    missing = missing_paths(paths)
    if missing:
        print(f"eqtrainer serve: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    settings = Settings(
        paths=[os.path.abspath(p) for p in paths],
        data_dir=Path(args.data) if args.data else data_dir(),
        host=args.host,
        port=args.port,
        passcode=args.passcode,
        facilitator_passcode=args.facilitator_passcode,
        authorized_keys=args.authorized_keys,
        open=args.open,
        max_sessions=args.max,
        idle_timeout=args.idle_timeout,
        spawn=args.spawn,
    )
    try:
        return asyncio.run(run_server(settings))
    except (HostKeyError, AlreadyServing) as exc:
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
    from .roomlink import ControlError, request, socket_path
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
    from .roomlink import request
    from .tui.room_app import run_room

    paths = request(path, "library").get("paths") or [str(bundled_scenarios())]
    return run_room(path, paths)

"""``dkbm web``: start the web app for planners and trainers.

Only the standard library is imported here, so that ``dkbm --help`` stays fast; the
server code is imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765

DESCRIPTION = """\
Start the dkbm-sim web app (Solara) and print its address, e.g. http://127.0.0.1:8765/.
Open it in a browser: plan and compare scenarios, or run a workshop in trainer mode.
It works without internet access; by default only this computer can open it.

Startet die Web-App für Planung und Workshops und gibt ihre Adresse aus. Sie läuft
ohne Internet; standardmäßig nur auf diesem Rechner erreichbar. Beenden: Strg+C.
"""


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an integer in [0, 65535] (0 = any free port); got {text!r}"
        ) from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"must be an integer in [0, 65535] (0 = any free port); got {value}"
        )
    return value


def _host(text: str) -> str:
    if not text.strip() or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"must be a host name or IP address; got {text!r}")
    return text.strip()


def register(subparsers) -> None:
    """Add the ``web`` subcommand to ``dkbm``'s subparsers."""
    p = subparsers.add_parser(
        "web",
        help="start the web app for planners and trainers (offline, German/English)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"TCP port (default: {DEFAULT_PORT}; 0 = any free port)",
    )
    p.add_argument(
        "--host",
        type=_host,
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this computer only; "
        "0.0.0.0 opens it to the network)",
    )
    p.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="language of a new session (default: de); the page has an EN / DE switch",
    )
    p.set_defaults(func=handler)


def handler(args) -> int:
    """Run the server until Ctrl+C; 2 for bad input (port taken, unknown host), 1 if the
    server cannot start."""
    from .server import ServerError, serve

    try:
        return serve(args.host, args.port, args.lang)
    except ServerError as exc:
        message = str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 2 if message.startswith(("--port", "--host")) else 1


def main(argv: list[str] | None = None) -> int:
    """``python -m simulation.web`` (the same as ``dkbm web``, without the other commands)."""
    parser = argparse.ArgumentParser(
        prog="python -m simulation.web",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["web", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)

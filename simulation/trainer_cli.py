"""``dkbm animate`` and ``dkbm handout``: take a workshop run home (GIF/MP4, PDF).

Only the standard library is imported at module level (``dkbm --help`` stays fast).
Bad input (unknown scenario, unsupported extension, unwritable path, ``--fps 0``) is
reported before any work as one line, exit code 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys

MAX_FPS = 30


def _shared(p, out_help: str) -> None:
    """SCENARIO, --out, --lang and --progress, as both commands have them."""
    p.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="built-in scenario name (see `dkbm scenarios`) or path to a .toml file",
    )
    p.add_argument("--out", required=True, metavar="FILE", help=out_help)
    p.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="language of all labels and texts (default: de)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def register(sub) -> None:
    """Add ``animate`` and ``handout`` to ``dkbm``'s subparsers."""
    from .cli import MAX_MONTHS, MAX_SEED, _int_in

    p = sub.add_parser(
        "animate",
        help="one run of a scenario as an animated GIF or MP4 (curves, network, events)",
        description="Animate the live run of SCENARIO (run 1 of its ensemble, as in the web "
        "app's Training view): one frame per month with the growing curves, the network of "
        "departments and the month's most important events as captions. GIF via Pillow, MP4 "
        "(H.264) via imageio-ffmpeg. The file is written atomically.",
        epilog="example: dkbm animate funding-cliff --out foerderende.gif --months 72 --fps 6",
    )
    _shared(p, "FILE.gif or FILE.mp4")
    p.add_argument(
        "--seed",
        type=_int_in(0, MAX_SEED),
        metavar="S",
        help="master seed (default: the scenario's [run] seed); the run is its first replication",
    )
    p.add_argument(
        "--months",
        type=_int_in(1, MAX_MONTHS),
        metavar="M",
        help="horizon in months (default: the scenario's [run] months); one frame per month",
    )
    p.add_argument(
        "--fps",
        type=_int_in(1, MAX_FPS),
        default=4,
        metavar="N",
        help=f"frames (months) per second, 1..{MAX_FPS} (default: 4)",
    )
    p.set_defaults(func=_cmd_animate)

    p = sub.add_parser(
        "handout",
        help="an A4 PDF handout of a scenario for workshop participants",
        description="Write an A4 handout (PDF, at least two pages) for SCENARIO: the framework "
        "(Müssen, Wollen, Können and the 16 levers), the scenario and its plan, the curves "
        "with 95 % intervals over the scenario's ensemble, the Knoster diagnosis per "
        "department and questions for discussion. The file is written atomically.",
        epilog="example: dkbm handout structures-first --out handout.pdf --lang de",
    )
    _shared(p, "FILE.pdf")
    p.set_defaults(func=_cmd_handout)


def _load(spec: str, months: int | None):
    from .errors import LocatedInputError
    from .scenarios import load_scenario

    scenario = load_scenario(spec)
    if months is not None:
        try:
            scenario = scenario.with_run(months=months)
        except LocatedInputError as exc:
            raise LocatedInputError(
                "--months", f"{months} is too short for {exc}", key="--months"
            ) from None
    return scenario


def _cmd_animate(args) -> int:
    from .animate import FORMATS, animate, check_output

    out = check_output(args.out, FORMATS)
    scenario = _load(args.scenario, args.months)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    from tqdm import tqdm

    with tqdm(total=scenario.months + 1, unit="frame", disable=not show, leave=False) as bar:
        frames = animate(
            scenario, out, seed=args.seed, lang=args.lang, fps=args.fps, on_frame=bar.update
        )
    print(f"{out} ({frames} frames, {scenario.months} months)")
    return 0


def _cmd_handout(args) -> int:
    from .animate import check_output
    from .handout import write_handout

    out = check_output(args.out, (".pdf",))
    scenario = _load(args.scenario, None)
    pages = write_handout(scenario, out, lang=args.lang, progress=args.progress)
    print(f"{out} ({pages} pages)")
    return 0

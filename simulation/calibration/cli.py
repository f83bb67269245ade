"""``dkbm calibrate SPEC --out DIR``: argument parsing and the handler (imports lazily)."""

from __future__ import annotations

import json
import sys

USAGE = (
    "dkbm calibrate SPEC --out DIR [--workers N] [--scheduler ADDRESS | --cluster local] "
    "[--resume] [--quiet] [--json] [--lang de|en]"
)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "calibrate",
        help="pattern-oriented calibration by ABC (rejection or SMC) from a TOML spec",
        description=(
            "Fit the model's parameters to documented patterns (first report, takeover, "
            "spontaneous structures, counties' ordering) by approximate Bayesian "
            "computation; writes posterior, plots, identifiability table and a parameter "
            "profile to DIR. Guide: docs/calibration.md."
        ),
        usage=USAGE,
    )
    p.add_argument("spec", metavar="SPEC", help="calibration spec (TOML)")
    p.add_argument("--out", "-o", metavar="DIR", help="output directory (created, or resumed)")
    p.add_argument("--workers", "-w", type=int, metavar="N", help="local worker processes")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="address of a Dask scheduler")
    where.add_argument("--cluster", choices=("local",), help="start a Dask LocalCluster")
    p.add_argument("--dashboard", action="store_true", help=argparse_suppress())
    p.add_argument("--resume", action="store_true", help="continue the calibration in --out DIR")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--lang", choices=("de", "en"), default="de", help="language (default de)")
    p.set_defaults(func=calibrate_handler)


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def calibrate_handler(args) -> int:
    from models import InputError

    if not args.out:
        raise InputError("--out: missing: give the output directory, e.g. --out cal/", key="out")
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers: must be an integer >= 1; got {args.workers}", key="workers")
    from simulation.executors import Terminated, sigterm_as_interrupt
    from simulation.sweeps.cli import _executor

    from .engine import build_context, run_calibration
    from .outputs import summary_text
    from .spec import load_spec

    spec = load_spec(args.spec)
    build_context(spec)  # every scenario and county resolves before anything is written

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    try:
        with sigterm_as_interrupt(), _executor(args, log) as (executor, label):
            result = run_calibration(
                spec,
                args.out,
                executor=executor,
                resume=args.resume,
                progress=not args.quiet and not args.json,
                executor_label=label,
                lang=args.lang,
            )
    except KeyboardInterrupt as exc:
        log(
            f"interrupted: finished chunks are saved in {args.out}; continue with: "
            f"dkbm calibrate {args.spec} --out {args.out} --resume"
        )
        return 143 if isinstance(exc, Terminated) else 130
    if args.json:
        from .outputs import summary_rows

        print(
            json.dumps(
                {
                    "out": str(result.out),
                    "runs": result.runs,
                    "seconds": round(result.seconds, 3),
                    "generations": result.generations,
                    "posterior": summary_rows(spec, result),
                    "holdout": result.holdout,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(summary_text(spec, result, args.lang))
    rate = result.runs / result.seconds if result.seconds > 0 else float("nan")
    print(
        f"{result.runs} runs in {result.seconds:.1f} s ({rate:.0f} runs/s, {label}); {result.out}"
    )
    return 0

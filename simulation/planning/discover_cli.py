"""``dkbm discover``: scenario discovery (PRIM or CART) on a finished sweep."""

from __future__ import annotations

import json
import math


def _number(text: str) -> float:
    import argparse

    try:
        value = float(text.replace(",", ".")) if text.count(",") == 1 else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number; got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number; got {text!r}")
    return value


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "discover",
        help="scenario discovery (PRIM or CART): under which conditions does the plan fail?",
        description=(
            "Mark the runs of a finished sweep whose output is above (or, with --below, "
            "below) a threshold and describe the region of the swept parameters where they "
            "lie: PRIM (peeling trajectory, coverage-density trade-off, box limits, quasi-p) "
            "or CART. Writes DIR/discovery/<method>_<output>.json and a figure "
            "(<method>_<output>_<lang>.png). Guide: docs/planning.md."
        ),
        epilog="example: dkbm discover sweeps/exp1 --output lasting_cooperation "
        "--threshold 0.3 --below",
    )
    p.add_argument("dir", metavar="SWEEPDIR", help="sweep directory (dkbm sweep ... --out DIR)")
    p.add_argument("--output", required=True, metavar="NAME", help="result column, e.g. "
                   "cooperation_rate_final")  # fmt: skip
    p.add_argument(
        "--threshold", required=True, type=_number, metavar="X", help="threshold of interest"
    )
    p.add_argument(
        "--below", action="store_true", help="runs below X are of interest (default: above)"
    )
    p.add_argument("--method", choices=("prim", "cart"), default="prim", help="default prim")
    p.add_argument(
        "--lang", choices=("de", "en"), default="de", help="language of table and figure"
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=discover_handler)


def discover_handler(args) -> int:
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")
    from .discovery import _t, discover, write_report

    result = discover(args.dir, args.output, args.threshold, below=args.below, method=args.method)
    data = write_report(result, args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(result.table(args.lang))
        print(f"\n{_t('figure', args.lang)}: {data['figure']}")
    return 0

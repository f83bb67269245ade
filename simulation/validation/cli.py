"""``dkbm validate``: every stylized fact with its knockout (docs/validation.md).

Exit codes: 0 every fact shown (passed and knockout vanishes), 1 a fact failed,
2 bad input (one line).
"""

from __future__ import annotations

import sys


def _ids(text: str) -> list[str]:
    return [t.strip().upper() for t in text.split(",") if t.strip()]


def register(sub) -> None:
    from simulation.cli import _int_in

    p = sub.add_parser(
        "validate",
        help="stylized facts SF1-SF15 as ensemble experiments with knockouts",
        description="Run every stylized fact (domain.md §4.9) with and without the mechanism "
        "that should produce it: value with 95 % interval (Student-t over seeds), pass/fail, "
        "knockout value and whether the fact vanishes. Criteria: "
        "simulation/validation/criteria.toml. Exit code 0 when every fact passes and its "
        "knockout vanishes, 1 when a fact fails, 2 on bad input.",
        epilog="examples: dkbm validate --quick | dkbm validate --only SF1,SF3 --json "
        "| dkbm validate --out runs/val --lang en",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--out", metavar="DIR", help="write validation.md and one PNG per fact")
    p.add_argument(
        "--seeds",
        type=_int_in(2, 100_000),
        metavar="N",
        help="seeds per arm (default: each fact's own, criteria.toml)",
    )
    p.add_argument("--quick", action="store_true", help="each fact's quick_seeds (CI)")
    p.add_argument("--only", type=_ids, metavar="SF1,SF3", help="run only these facts")
    p.add_argument("--criteria", metavar="FILE", help="criteria file (default: the built-in)")
    p.add_argument("--lang", choices=("de", "en"), default="de", help="language (default: de)")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args) -> int:
    import json
    from pathlib import Path

    from . import report as rep
    from . import runner

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not out.is_dir():
        from models import InputError

        raise InputError(f"--out: {out} exists and is not a directory", key="out")
    result = runner.run(args.only, args.seeds, args.quick, args.criteria)
    if out is not None:
        rep.write(result, out, args.lang)
    if args.json:
        print(json.dumps(result.to_json(args.lang), ensure_ascii=False, indent=2))
    else:
        print(rep.terminal(result, args.lang))
    sys.stdout.flush()
    return 0 if result.ok else 1

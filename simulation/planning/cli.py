"""``dkbm optimise``: argument parsing and the handler (heavy imports when it runs)."""

from __future__ import annotations

import sys

USAGE = (
    "dkbm optimise SPEC --out DIR [--workers N] [--scheduler ADDR | --cluster local] "
    "[--resume] [--lang de|en] [--quiet]"
)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "optimise",
        help="robust intervention bundles under a budget (NSGA-II, Pareto front)",
        description=(
            "Search lever bundles (which levers, start, duration, intensity, target) that "
            "maximise a robust objective across uncertain conditions within a budget of "
            "euros and staff hours; writes DIR/front.csv, front.parquet, best.toml, "
            "report.png and manifest.json. Guide: docs/planning.md."
        ),
        usage=USAGE,
    )
    p.add_argument("spec", metavar="SPEC", help="optimisation spec (TOML)")
    p.add_argument("--out", "-o", metavar="DIR", required=True, help="output directory")
    p.add_argument(
        "--workers",
        "-w",
        type=int,
        metavar="N",
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="address of a Dask scheduler")
    where.add_argument("--cluster", choices=("local",), help="start a Dask LocalCluster")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in DIR")
    p.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="language of front.csv and report.png (default de)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=optimise_handler)


def optimise_handler(args) -> int:
    from pathlib import Path

    from models import InputError

    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers: must be an integer >= 1; got {args.workers}", key="workers")
    from simulation.executors import available_cores
    from simulation.output import check_target

    from . import optimise
    from .report import write_outputs

    spec = optimise.load_spec(args.spec)  # every problem before anything is written
    out = Path(args.out)
    if not args.resume and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            f"{out}: --out directory is not empty; add --resume to continue it or choose "
            "another directory",
            key="out",
        )
    if not args.resume:
        check_target(out)
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=1, unit="Bündel" if args.lang == "de" else "bundles", file=sys.stderr)

    def progress(done, total):
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    try:
        result = optimise.run(
            spec,
            out=out,
            workers=args.workers or available_cores(),
            scheduler=args.scheduler,
            cluster=args.cluster,
            on_progress=progress,
            resume=args.resume,
            write=False,
        )
    except KeyboardInterrupt:
        print(
            f"interrupted; continue with: dkbm optimise {args.spec} --out {out} --resume",
            file=sys.stderr,
        )
        return 130
    finally:
        if bar is not None:
            bar.close()
    write_outputs(result, out, args.lang, command=["dkbm", *sys.argv[1:]])
    row = result.front.iloc[result.recommended]
    lang = args.lang
    from simulation import formatting as F

    print(
        ("empfohlen: " if lang == "de" else "recommended: ")
        + f"{row[f'levers_{lang}']} | {F.euros(row['euros'], lang)}, "
        f"{F.hours(row['hours'], lang)} | {spec.objective} ({spec.robustness}) = "
        f"{F.number(row['objective'], lang, 3)}; {out / 'best.toml'}"
    )
    return 0

"""``dkbm sweep`` and ``dkbm sensitivity``: argument parsing and handlers.

Only ``argparse`` is imported at module level, so ``dkbm --help`` stays fast; the
handlers import NumPy, pandas, pyarrow, Dask and SALib when they run. Bad input
raises ``models.InputError`` (the entry point prints ``error: ...`` and exits 2).
"""

from __future__ import annotations

import contextlib
import json
import sys

SWEEP_USAGE = (
    "dkbm sweep SPEC --out DIR [--workers N] [--scheduler ADDRESS | --cluster local] "
    "[--resume] [--quiet] [--json]\n       dkbm sweep status DIR [--lang de|en] [--json]"
)


def register(subparsers) -> None:
    """Add the ``sweep`` and ``sensitivity`` subcommands to ``dkbm``'s subparsers."""
    p = subparsers.add_parser(
        "sweep",
        help="run a parameter sweep (grid, random, lhs, sobol, morris) from a TOML spec",
        description=(
            "Run every design point x replication of a sweep spec and stream one Parquet "
            "row per run into DIR/results/. `dkbm sweep status DIR` shows done, failed and "
            "missing runs. Guide: docs/sweeps.md."
        ),
        usage=SWEEP_USAGE,
    )
    p.add_argument("spec", metavar="SPEC", help="sweep spec (TOML), or 'status'")
    p.add_argument("status_dir", nargs="?", metavar="DIR", help="with 'status': sweep directory")
    p.add_argument("--out", "-o", metavar="DIR", help="sweep directory to create (or resume)")
    p.add_argument(
        "--workers",
        "-w",
        type=int,
        metavar="N",
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster: address of its scheduler, e.g. tcp://10.0.0.5:8786",
    )
    where.add_argument(
        "--cluster",
        choices=("local",),
        help="run on a Dask LocalCluster started for this sweep (--workers processes)",
    )
    p.add_argument(
        "--dashboard",
        action="store_true",
        help="with --cluster local: serve the Dask dashboard and print its address",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the sweep in --out DIR: run exactly the missing runs",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="with 'status': language of the report (default de)",
    )
    p.set_defaults(func=sweep_handler)

    s = subparsers.add_parser(
        "sensitivity",
        help="Sobol (S1, ST) or Morris (mu*, sigma) indices of a finished sweep",
        description=(
            "Global sensitivity analysis (SALib) of a sweep with design sobol or morris: a "
            "ranked table per output and a bar chart (PNG, German or English) written to "
            "DIR/sensitivity/."
        ),
    )
    s.add_argument("dir", metavar="DIR", help="sweep directory")
    s.add_argument(
        "--output",
        action="append",
        dest="outputs",
        metavar="NAME",
        help="result column to analyse (repeatable; default: the spec's outputs)",
    )
    s.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="language of the table and figure (default de)",
    )
    s.add_argument("--figure", metavar="PATH", help="where to write the PNG")
    s.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    s.add_argument("--json", action="store_true", help="print the indices as JSON")
    s.set_defaults(func=sensitivity_handler)


def _input_error(message: str, key: str | None = None):
    from models import InputError

    return InputError(message, key=key)


# --- dkbm sweep ----------------------------------------------------------------------------
def sweep_handler(args) -> int:
    if args.spec == "status" and args.status_dir is not None:
        return _status(args)
    if args.status_dir is not None:
        raise _input_error(
            f"unexpected argument {args.status_dir!r}; usage: dkbm sweep SPEC --out DIR "
            "or dkbm sweep status DIR"
        )
    if args.spec == "status":
        raise _input_error("status: give the sweep directory: dkbm sweep status DIR")
    if not args.out:
        raise _input_error(
            "--out: missing: give the directory for the results, e.g. --out sweeps/exp1", key="out"
        )
    if args.workers is not None and args.workers < 1:
        raise _input_error(f"--workers: must be an integer >= 1; got {args.workers}", key="workers")
    if args.scheduler and args.workers is not None:
        raise _input_error(
            "--workers: applies to the local pool or --cluster local; a "
            "scheduler at ADDRESS brings its own workers",
            key="workers",
        )
    if args.dashboard and args.cluster != "local":
        raise _input_error(
            "--dashboard: only with --cluster local (a scheduler at "
            "ADDRESS prints its own dashboard address)",
            key="dashboard",
        )

    from pathlib import Path

    from simulation.executors import Terminated, sigterm_as_interrupt

    from .runner import SweepAborted, plan_sweep, run_sweep
    from .storage import SweepDir

    out = Path(args.out)
    plan = plan_sweep(args.spec, resume_dir=out if args.resume else None)
    if not args.resume and out.exists() and (not out.is_dir() or any(out.iterdir())):
        from simulation.errors import LocatedInputError

        held = "a sweep" if SweepDir(out).is_sweep() else "other files"
        raise LocatedInputError(
            str(out),
            f"--out directory already holds {held}; add "
            "--resume to continue it or choose another directory",
        )

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    try:
        with sigterm_as_interrupt(), _executor(args, log) as (executor, label):
            for warning in plan.warnings:  # once the run can start (errors come alone)
                log(f"warning: {warning}")
            report = run_sweep(
                plan,
                out,
                executor=executor,
                resume=args.resume,
                progress=not args.quiet and not args.json,
                executor_label=label,
                log=log,
            )
    except KeyboardInterrupt as exc:
        counts = SweepDir(out).progress(plan.total)
        log(
            f"interrupted: {counts.done} of {counts.total} runs saved in {out}; continue "
            f"with: dkbm sweep {args.spec} --out {out} --resume"
        )
        # 128 + signal number, as shells and batch schedulers expect
        return 143 if isinstance(exc, Terminated) else 130
    except SweepAborted as exc:
        log(f"error: {exc}")
        return 1
    summary = {
        "path": str(report.path),
        "status": "complete" if report.missing == 0 else "incomplete",
        "total": report.total,
        "done": report.done,
        "failed": report.failed,
        "missing": report.missing,
        "ran": report.ran,
        "seconds": round(report.seconds, 3),
        "executor": label,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        rate = report.ran / report.seconds if report.seconds > 0 else float("nan")
        print(
            f"sweep {report.path}: {report.done} of {report.total} runs done "
            f"({report.failed} failed), {report.ran} in this session in {report.seconds:.1f} s "
            f"({rate:.0f} runs/s, {label}); results: {report.path / 'results'}"
        )
    if report.failed:
        log(f"warning: {report.failed} runs failed; see `dkbm sweep status {report.path}`")
    return 0


@contextlib.contextmanager
def _executor(args, log):
    """The executor chosen by the flags, and a label for the manifest."""
    from simulation import executors

    if args.scheduler or args.cluster:
        with contextlib.ExitStack() as stack:
            try:
                executor = stack.enter_context(
                    executors.dask_executor(
                        args.scheduler,
                        workers=args.workers,
                        dashboard=args.dashboard,
                        log=log,
                    )
                )
            except OSError as exc:
                raise _input_error(
                    f"--scheduler: cannot reach a Dask scheduler at {args.scheduler} "
                    f"({' '.join(str(exc).split())})",
                    key="scheduler",
                ) from None
            if args.scheduler:
                label = f"dask:{args.scheduler}"
            else:
                label = f"dask:local:{executors.executor_slots(executor)}"
            yield executor, label
        return
    executor = executors.local_executor(args.workers)
    workers = executors.executor_slots(executor)
    label = "serial" if workers == 1 else f"processes:{workers}"
    try:
        yield executor, label
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _status(args) -> int:
    for flag in ("out", "scheduler", "cluster", "workers"):
        if getattr(args, flag):
            raise _input_error(f"--{flag}: not used by `dkbm sweep status DIR`", key=flag)
    if args.resume:
        raise _input_error("--resume: not used by `dkbm sweep status DIR`", key="resume")
    from simulation.i18n import TEXT, t

    from .runner import sweep_status

    status = sweep_status(args.status_dir)
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return 0
    lang = args.lang

    def word(status: str) -> str:
        key = f"sweep_{status}"
        return t(key, lang) if key in TEXT else status

    d = status["design"]
    print(
        t(
            "sweep_head",
            lang,
            path=status["path"],
            status=word(status["status"]),
            last=word(status["last_session"]),
        )
    )
    print(
        t(
            "sweep_design",
            lang,
            kind=d["kind"],
            n=len(d["parameters"]),
            names=", ".join(d["parameters"]),
            points=d["points"],
            reps=d["replications"],
            runs=d["runs"],
            formula=d["formula"],
            months=d["months"],
        )
    )
    print(
        t(
            "sweep_runs",
            lang,
            done=status["done"],
            ok=status["ok"],
            failed=status["failed"],
            missing=status["missing"],
        )
    )
    for s in status["sessions"]:
        fields = dict(
            started=s["started"],
            executor=s["executor"],
            status=word(s["status"]),
            runs=s.get("runs", "?"),
        )
        if s.get("killed"):
            who = t("sweep_on_host", lang, pid=s["pid"], host=s["host"]) if "pid" in s else "?"
            print(t("sweep_session_killed", lang, who=who, **fields))
            continue
        seconds = s.get("seconds")
        took = f"{seconds:.1f} s" if isinstance(seconds, (int, float)) else "?"
        if lang == "de":
            took = took.replace(".", ",")
        print(t("sweep_session", lang, took=took, **fields))
    for message, count in status["errors"].items():
        print(t("sweep_error", lang, count=count, message=message))
    if status["resume"]:
        print(t("sweep_resume", lang, command=status["resume"]))
    return 0


# --- dkbm sensitivity ------------------------------------------------------------------------
def sensitivity_handler(args) -> int:
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")
    from .sensitivity import analyze_sweep, write_report

    result = analyze_sweep(args.dir, args.outputs, seed=args.seed)
    if not result.indices:
        raise _input_error(
            f"{args.dir}: no output could be analysed: "
            + "; ".join(f"{k}: {v}" for k, v in result.skipped.items())
        )
    data = write_report(result, args.dir, args.lang, args.figure)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        from simulation.i18n import t

        print(result.table(args.lang))
        for figure in data.get("figures", [data["figure"]]):
            if figure:
                print(f"\n{t('sens_figure', args.lang)}: {figure}")
    return 0

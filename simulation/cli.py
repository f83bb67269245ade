"""The ``dkbm`` command line: run, compare and list scenarios, levers and parameters.

Start-up must stay fast (``dkbm --help`` < 0.5 s): this module imports only the
standard library; NumPy, pandas, matplotlib and the model are imported inside the
handlers. Exit codes: 0 success, 2 bad input (one line on stderr starting
``error:``), 1 internal error (traceback only with ``DKBM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import textwrap

from . import formatting as F

# Modules that add subcommands: each exposes ``register(subparsers) -> None``.
SUBCOMMAND_MODULES = (
    "simulation.web.cli",
    "simulation.sweeps.cli",
    "simulation.web.planspiel.cli",
    "simulation.trainer_cli",
    "simulation.planning.cli",
    "simulation.planning.discover_cli",
    "simulation.validation.cli",
    "simulation.calibration.cli",
)

MAX_MONTHS, MAX_REPLICATIONS, MAX_SEED, MAX_WORKERS = 1200, 100_000, 2**63 - 1, 256


class UsageError(Exception):
    """A malformed command line (unknown option, bad flag value, ...)."""


class _Parser(argparse.ArgumentParser):
    """Reports usage errors as one line instead of printing usage and exiting."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog):
        super().__init__(prog, max_help_position=30, width=100)


def _int_in(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be an integer in [{low}, {high}]; got {text!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be an integer in [{low}, {high}]; got {value}")
        return value

    parse.__name__ = "integer"
    return parse


# --- parser --------------------------------------------------------------------------------
DESCRIPTION = """\
dkbm-sim: an agent-based simulation of cooperation between the departments of a German
Landkreis or kreisfreie Stadt in data-based municipal education management (DKBM).
One model step is one month. Departments differ in Müssen (necessity awareness),
Wollen (motivation) and Können (competence); 16 levers and 5 kinds of shocks shape them.

Simulation der ressortübergreifenden Zusammenarbeit im datenbasierten kommunalen
Bildungsmanagement: Szenarien rechnen, vergleichen und als Bericht ausgeben.
"""

EPILOG = """\
examples:
  dkbm scenarios                               list the built-in scenarios
  dkbm run                                     the status quo (scenario 'baseline'), 30 runs
  dkbm run structures-first --out runs/sf      write report.png/.svg, tables and manifest
  dkbm run my.toml --set turnover_rate=0.2     a scenario file with one parameter changed
  dkbm compare baseline funding-cliff funding-cliff-takeover --out runs/cmp
  dkbm params --lang en                        every model parameter with unit and range

Scenario files and every option are described in docs/cli.md.
exit codes: 0 success, 2 bad input (one line on stderr starting 'error:'), 1 internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dkbm", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Formatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_run(sub)
    _add_compare(sub)
    _add_listing(sub, "scenarios", _cmd_scenarios, "list the built-in scenarios")
    _add_listing(sub, "levers", _cmd_levers, "list the 16 levers (Hebel) with cost and delay")
    _add_listing(sub, "counties", _cmd_counties, "list the 18 Brandenburg counties")
    _add_listing(sub, "params", _cmd_params, "list every model parameter with unit and range")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a missing dependency inside it is a real error
                raise
            continue
        module.register(sub)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=("de", "en"),
        default="de",
        help="language of the summary and figure labels (default: de)",
    )
    p.add_argument("--json", action="store_true", help="print only machine-readable JSON on stdout")


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--county",
        metavar="NAME",
        help="run the scenario in a Brandenburg county's situation (see `dkbm counties`)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a model parameter (registry name, see `dkbm params`); repeatable; "
        "bounds are checked. Example: --set funding_months=60",
    )
    p.add_argument(
        "--months",
        type=_int_in(1, MAX_MONTHS),
        help="horizon in months, 1 step = 1 month (default: the scenario's [run] months, "
        "usually 120); scheduled levers and shocks must start inside it",
    )
    p.add_argument(
        "--replications",
        type=_int_in(1, MAX_REPLICATIONS),
        metavar="N",
        help="number of runs with different random seeds (default: the scenario's [run] "
        "replications, usually 30)",
    )
    p.add_argument(
        "--seed",
        type=_int_in(0, MAX_SEED),
        metavar="S",
        help="master seed; the same seed gives the same numbers bit for bit (default: the "
        "scenario's [run] seed, usually 1)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="write results into DIR, atomically (nothing is left behind on failure); an "
        "existing DIR is replaced only if empty or an earlier dkbm result",
    )
    p.add_argument(
        "--workers",
        type=_int_in(1, MAX_WORKERS),
        metavar="N",
        help="worker processes (default: automatic, one process unless the ensemble has more "
        "than 1,000,000 run-months); results do not depend on it",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    _common(p)


def _add_run(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run a scenario as an ensemble and summarise it",
        description="Run SCENARIO once per replication seed on the vectorised batch path and "
        "print the key metrics with 95 % confidence intervals of the mean (t interval over "
        "runs) and the Knoster diagnosis (which factor limits which department).\n"
        "Shares are 0..1; months count from 0; the sustained cooperation index is "
        "cooperation in years 3-4 after the funding end relative to the last funded year.\n"
        "Cooperation is positive coordination: a pair of departments cooperates in a month "
        "when a joint project is running or one succeeded in the last 12 months; statutory "
        "routine exchange does not count. Lasting cooperation is the cooperation rate "
        "averaged over months 24-48 after the later of the funding end and the end of the "
        "last lever (undefined, with a note, when the horizon is shorter).",
        epilog="output of --out DIR: report.png, report.svg, timeseries.csv, timeseries.parquet "
        "(one row per run and month), replications.csv, timeseries_excel.csv and "
        "replications_excel.csv (for a spreadsheet in the --lang language: with de, ';', "
        "decimal comma, German headers, runs from 1), summary.json, diagnosis.json, "
        "scenario.toml (as run) and manifest.json (parameters, seeds, versions, git commit, "
        "command, wall time).",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default="baseline",
        metavar="SCENARIO",
        help="built-in scenario name (see `dkbm scenarios`) or path to a .toml file "
        "(default: baseline, the status quo without levers)",
    )
    _run_options(p)
    p.set_defaults(func=_cmd_run)


def _add_compare(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare scenarios with common random numbers",
        description="Run every SCENARIO with the same seeds (common random numbers) and print "
        "the key metrics and their paired differences from the first scenario, with 95 % "
        "confidence intervals. Horizon, replications and seed default to the first "
        "scenario's [run] table.",
        epilog="output of --out DIR: comparison.png, comparison.svg, comparison.csv (scenario, "
        "metric, mean, ci95_low, ci95_high, n, difference, difference_ci95_low, "
        "difference_ci95_high), comparison_excel.csv, comparison.json and manifest.json.",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="two or more built-in names or .toml paths; the first is the reference",
    )
    _run_options(p)
    p.set_defaults(func=_cmd_compare)


def _add_listing(sub, name: str, func, text: str) -> None:
    # `parameters` too: the model's error messages point there
    aliases = ["parameters"] if name == "params" else []
    p = sub.add_parser(
        name, aliases=aliases, help=text, description=text + ".", formatter_class=_Formatter
    )
    if name == "scenarios":
        p.add_argument(
            "name", nargs="?", metavar="SCENARIO", help="show one scenario in full (name or path)"
        )
    _common(p)
    p.set_defaults(func=func)


# --- main ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Run the ``dkbm`` command; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "func", None) is None:
            raise UsageError(
                "choose a command: run, compare, scenarios, levers, params, ... (see `dkbm --help`)"
            )
        args.argv = list(sys.argv[1:] if argv is None else argv)
        return int(args.func(args) or 0)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away; nothing else to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        errors = sys.modules.get("models.errors")
        if errors is not None and isinstance(exc, errors.InputError):
            # one line per problem (a scenario file reports all its problems at once)
            return _fail("\n".join(" ".join(line.split()) for line in str(exc).splitlines()), 2)
        if os.environ.get("DKBM_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        message = " ".join(str(exc).split())
        return _fail(f"internal error: {type(exc).__name__}: {message}", 1)


def _fail(message: str, code: int) -> int:
    for line in message.splitlines() or [""]:
        print(f"error: {line}", file=sys.stderr)
    return code


def run_main_job() -> int:
    """The README's main command: the default scenario end to end, report in runs/baseline."""
    return main(["run", "baseline", "--out", "runs/baseline"])


# --- shared by run and compare -------------------------------------------------------------
def _parse_sets(items: list[str]) -> dict:
    from .errors import LocatedInputError
    from .scenarios import check_parameters

    values = {}
    for item in items:
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key:
            raise LocatedInputError("--set", f"expected KEY=VALUE; got {item!r}", key="--set")
        values[key] = _scalar(text)
    return check_parameters(values, "--set", prefix="")


def _scalar(text: str):
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def _prepare(spec: str, sets: dict, args):
    """Load a scenario, apply --set and check that the run flags fit it."""
    from .errors import LocatedInputError
    from .scenarios import load_scenario

    scenario = load_scenario(spec)
    if getattr(args, "county", None):
        from models.errors import InputError

        from .counties import apply_county

        try:
            scenario = apply_county(scenario, args.county)
        except InputError as exc:
            raise LocatedInputError("--county", str(exc), key="--county") from None
    if sets:
        scenario = scenario.with_parameters(**sets)
    if args.months is not None:
        try:
            scenario = scenario.with_run(months=args.months)
        except LocatedInputError as exc:
            raise LocatedInputError(
                "--months", f"{args.months} is too short for {exc}", key="--months"
            ) from None
    return scenario


def _write_output(out, write, manifest_kwargs: dict) -> str:
    """Write a result directory atomically; ``write(tmp) -> files``. Returns its path."""
    from .output import atomic_directory, manifest, write_json

    with atomic_directory(out) as tmp:
        files = write(tmp)
        write_json(tmp / "manifest.json", manifest(files=files, **manifest_kwargs))
    return str(out)


# --- run -----------------------------------------------------------------------------------
def _cmd_run(args) -> int:
    from .i18n import t

    sets = _parse_sets(args.set)
    out = None
    if args.out:
        from .output import check_target

        out = check_target(args.out)
    scenario = _prepare(args.scenario, sets, args)

    from . import ensemble as E
    from .output import command_line, write_run

    ens = E.run_ensemble(
        scenario,
        replications=args.replications,
        seed=args.seed,
        workers=args.workers,
        progress=args.progress,
    )
    summary = E.summary(ens)
    lang = args.lang
    if args.json:
        print(json.dumps(summary, indent=2, allow_nan=False))
    else:
        _print_run(ens, summary, lang)
    if out is not None:
        _write_output(
            out,
            lambda tmp: write_run(tmp, ens, summary, lang),
            {
                "command": command_line(args.argv),
                "scenarios": [scenario],
                "seeds": ens.seeds,
                "master_seed": ens.seed,
                "months": ens.months,
                "wall_time": ens.wall_time,
                "workers": ens.workers,
            },
        )
        stream = sys.stderr if args.json else sys.stdout
        print(t("output_at", lang, path=out), file=stream)
        print(t("report_at", lang, path=out / "report.png"), file=stream)
    elif not args.json:
        print(t("hint_out", lang))
    _note_short_horizon([ens], lang)
    return 0


def _note_short_horizon(ensembles, lang: str) -> None:
    """After the results: say when the horizon is too short for lasting cooperation."""
    from . import ensemble as E

    for warning in dict.fromkeys(E.lasting_horizon_warning(e, lang) for e in ensembles):
        if warning:
            print(warning, file=sys.stderr)


def _print_run(ens, summary: dict, lang: str) -> None:
    from . import ensemble as E
    from .i18n import t

    scenario = ens.scenario
    print(f"{t('scenario', lang)}: {scenario.name} – {scenario.title(lang)}")
    print(
        t(
            "report_subtitle",
            lang,
            runs=F.count(ens.replications, lang),
            months=ens.months,
            seed=ens.seed,
        )
        + f" ({F.seconds(ens.wall_time, lang)})"
    )
    print()
    rows = [
        (
            E.metric_label(k, lang, ens.months),
            F.metric_value(k, v["mean"], lang),
            F.metric_bounds(k, v["mean"], *v["ci95"], lang),
        )
        for k, v in summary["metrics"].items()
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{t('metric', lang):<{width}}  {t('mean', lang):>10}  {t('ci95', lang)}")
    for label, mean, ci in rows:
        print(f"{label:<{width}}  {mean:>10}  {ci}")
    print(t("ci_note", lang))
    print()
    print(t("diagnosis_heading", lang))
    table = E.diagnosis_table(ens, lang)
    name_w = max(len(r["name"]) for r in table)
    label_w = max(len(r["label"]) for r in table)
    for r in table:
        print(
            f"  {r['name']:<{name_w}}  {r['label']:<{label_w}}  "
            f"{F.percent(r['share'], lang):>5} {t('of_runs', lang)}"
        )
    print()


# --- compare -------------------------------------------------------------------------------
def _cmd_compare(args) -> int:
    from .errors import LocatedInputError
    from .i18n import t

    if len(args.scenarios) < 2:
        raise UsageError("compare needs at least two scenarios (see `dkbm compare --help`)")
    sets = _parse_sets(args.set)
    out = None
    if args.out:
        from .output import check_target

        out = check_target(args.out)
    scenarios = [_prepare(spec, sets, args) for spec in args.scenarios]
    names = [s.name for s in scenarios]
    for k, name in enumerate(names):
        if name in names[:k]:
            raise LocatedInputError(
                "compare",
                f"scenario '{name}' is given twice; compare distinct scenarios",
                key="scenarios",
            )
    first = scenarios[0]
    months = first.months if args.months is None else args.months
    for s in scenarios[1:]:
        if s.months != months and args.months is None:
            try:
                s.with_run(months=months)
            except LocatedInputError as exc:
                raise LocatedInputError(
                    "compare",
                    f"the horizon of '{first.name}' ({months} months) is too short for {exc}; "
                    "use --months",
                    key="--months",
                ) from None

    from . import ensemble as E
    from .output import command_line, write_comparison

    replications = first.replications if args.replications is None else args.replications
    seed = first.seed if args.seed is None else args.seed
    ensembles = [
        E.run_ensemble(
            s,
            replications=replications,
            months=months,
            seed=seed,
            workers=args.workers,
            progress=args.progress,
        )
        for s in scenarios
    ]
    base = ensembles[0]
    differences = {e.scenario.name: E.paired_differences(base, e) for e in ensembles[1:]}
    document = {
        "scenarios": names,
        "reference": names[0],
        "seed": seed,
        "replications": replications,
        "months": months,
        "metrics": {e.scenario.name: E.summary(e)["metrics"] for e in ensembles},
        "differences": differences,
    }
    lang = args.lang
    if args.json:
        print(json.dumps(document, indent=2, allow_nan=False))
    else:
        _print_compare(ensembles, document, lang)
    if out is not None:
        _write_output(
            out,
            lambda tmp: write_comparison(tmp, ensembles, document, lang),
            {
                "command": command_line(args.argv),
                "scenarios": scenarios,
                "seeds": base.seeds,
                "master_seed": seed,
                "months": months,
                "wall_time": sum(e.wall_time for e in ensembles),
                "workers": max(e.workers for e in ensembles),
            },
        )
        stream = sys.stderr if args.json else sys.stdout
        print(t("output_at", lang, path=out), file=stream)
        print(t("report_at", lang, path=out / "comparison.png"), file=stream)
    _note_short_horizon(ensembles, lang)
    return 0


def _print_compare(ensembles, document: dict, lang: str) -> None:
    from . import ensemble as E
    from .i18n import t

    base = ensembles[0]
    print(
        f"{t('comparison_title', lang)}: "
        + t(
            "report_subtitle",
            lang,
            runs=F.count(base.replications, lang),
            months=base.months,
            seed=base.seed,
        )
    )
    for e in ensembles:
        print(f"  {e.scenario.name:<26} {e.scenario.title(lang)}")
    print()
    name_w = max(len(e.scenario.name) for e in ensembles)
    for key in E.KEY_METRICS:
        print(E.metric_label(key, lang, base.months))
        for e in ensembles:
            name = e.scenario.name
            stat = document["metrics"][name][key]
            line = f"  {name:<{name_w}}  " + F.metric_interval(
                key, stat["mean"], *stat["ci95"], lang
            )
            if name in document["differences"]:
                diff = document["differences"][name][key]
                line += f"   {t('difference', lang)} " + F.metric_difference(
                    key, diff["mean"], *diff["ci95"], lang
                )
            print(line)
    print(t("ci_note", lang))
    print(t("diff_note", lang))


# --- listings ------------------------------------------------------------------------------
def _cmd_scenarios(args) -> int:
    from .scenarios import builtin_scenarios, load_scenario

    lang = args.lang
    if args.name:
        s = load_scenario(args.name)
        if args.json:
            print(
                json.dumps(
                    {**s.to_dict(), "source": s.source, "sha256": s.sha256},
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            _print_scenario(s, lang)
        return 0
    library = builtin_scenarios()
    if args.json:
        print(
            json.dumps(
                [{**s.to_dict(), "source": s.source} for s in library.values()],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    from .i18n import t

    print(f"{t('builtin_scenarios', lang)}:")
    width = max(len(n) for n in library)
    for name, s in library.items():
        print(f"  {name:<{width}}  {s.title(lang)}")
    print()
    print(
        "dkbm scenarios NAME  →  "
        + ("Beschreibung, Parameter, Hebel" if lang == "de" else "description, parameters, levers")
    )
    return 0


def _print_scenario(s, lang: str) -> None:
    import models

    from .i18n import t

    print(f"{s.name}: {s.title(lang)}  ({t(s.municipality, lang)})")
    print(f"[run] months={s.months} replications={s.replications} seed={s.seed}")
    print()
    for para in s.description(lang).split("\n\n"):
        print(textwrap.fill(para, 96))
    if s.params:
        print()
        print(f"{t('parameters', lang)}:")
        for name, value in s.params:
            print(f"  {name} = {value}   ({models.PARAMETERS[name].label(lang)})")
    if s.interventions:
        print()
        print(f"{t('levers', lang)}:")
        for iv in s.interventions:
            targets = f" → {', '.join(iv.targets)}" if iv.targets else ""
            end = iv.start + iv.duration
            until = t("horizon_end", lang) if end >= MAX_MONTHS else str(end)  # made permanent
            print(
                f"  {t('month', lang)} {iv.start:>3}–{until:<3} "
                f"{models.get_lever(iv.lever).name(lang)} "
                f"({iv.lever}, {F.number(iv.intensity, lang, 2, trim=True)}){targets}"
            )
    if s.shocks:
        print()
        print(f"{t('shocks', lang)}:")
        for sh in s.shocks:
            print(
                f"  {t('month', lang)} {sh.month:>3}  {sh.name(lang)} ({sh.kind}, "
                f"{F.number(sh.severity, lang, 2, trim=True)}, {sh.duration} {t('months', lang)})"
            )


def _cmd_counties(args) -> int:
    from .counties import counties_document, counties_table

    if args.json:
        print(json.dumps(counties_document(), indent=2, ensure_ascii=False))
    else:
        print(counties_table(args.lang))
    return 0


def _cmd_levers(args) -> int:
    from dataclasses import asdict

    import models

    from . import persistence
    from .i18n import t

    lang = args.lang
    if args.json:
        print(
            json.dumps(
                [
                    vars(lever) | {"persistence": asdict(persistence.of(lever.id))}
                    for lever in models.LEVERS
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for dim, (de, en) in models.DIMENSIONS.items():
        print(de if lang == "de" else en)
        for lever in models.LEVERS:
            if lever.dimension != dim:
                continue
            print(f"  {lever.id:<24} {lever.name(lang)}")
            print(f"  {'':<24} {lever.effect(lang)}")
            print(
                f"  {'':<24} {t('delay', lang)} {F.months(lever.delay, lang)}, "
                f"{persistence.of(lever.id).text(lang)}, {t('cost', lang)}: "
                f"{F.number(lever.dept_hours, lang, trim=True)} h/{t('month', lang)}/Amt, "
                f"{F.number(lever.office_hours, lang, trim=True)} h/{t('month', lang)} "
                "Bildungsbüro, "
                f"{F.euros(lever.euros, lang)}/{t('month', lang)}"
            )
        print()
    return 0


def _cmd_params(args) -> int:
    import models

    from .i18n import t

    lang = args.lang
    if args.json:
        print(
            json.dumps(
                [vars(p) | {} for p in models.PARAMETERS.values()], indent=2, ensure_ascii=False
            )
        )
        return 0
    for group, (de, en) in models.GROUPS.items():
        print(de if lang == "de" else en)
        for p in models.PARAMETERS.values():
            if p.group != group:
                continue
            print(f"  {p.name:<26} {p.label(lang)}")
            print(
                f"  {'':<26} {t('default', lang)} "
                f"{F.number(p.default, lang, 4, trim=True)} {p.unit}, "
                f"{t('range', lang)} [{F.number(p.low, lang, 4, trim=True)}; "
                f"{F.number(p.high, lang, 4, trim=True)}]" + (" (integer)" if p.integer else "")
            )
            cal = models.parameters.calibrated(p.name)
            if cal is not None:
                prior = cal["prior"] or (p.low, p.high)
                word = "kalibriert" if lang == "de" else "calibrated"
                prior_word = "Prior" if lang == "de" else "prior"
                before = "vorher" if lang == "de" else "before"
                print(
                    f"  {'':<26} {word} {F.number(cal['value'], lang, 4, trim=True)} "
                    f"({prior_word} [{F.number(prior[0], lang, 4, trim=True)}; "
                    f"{F.number(prior[1], lang, 4, trim=True)}], {before} "
                    f"{F.number(cal['declared'], lang, 4, trim=True)})"
                )
            print(f"  {'':<26} {p.help(lang)}")
        print()
    info = models.parameters.PROFILE.get("calibration")
    if info:
        head = "Kalibriertes Profil" if lang == "de" else "Calibrated profile"
        print(f"{head}: models/calibrated.toml ({info.get('date', '?')}, {info.get('spec', '?')})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

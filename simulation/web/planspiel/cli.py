"""``dkbm planspiel replay FILE``: repeat an exported Planspiel and check its numbers.

Only ``argparse`` is imported at module level (``dkbm --help`` stays fast).
"""

from __future__ import annotations

import json


def register(subparsers) -> None:
    """Add the ``planspiel`` subcommand to ``dkbm``'s subparsers."""
    p = subparsers.add_parser(
        "planspiel",
        help="replay an exported Planspiel (scenario + decisions) and check it",
        description=(
            "Replay the run of a Planspiel room from its export (the trainer's 'Spiel "
            "exportieren': scenario.toml and decisions.json, unpacked into one folder): the "
            "same seed, the participants' decisions in the same months. Checks that the "
            "replay reproduces the recorded series bit for bit (exit 1 if not). Guide: "
            "docs/web.md."
        ),
    )
    p.add_argument("action", choices=("replay",), help="what to do (replay)")
    p.add_argument("decisions", metavar="FILE", help="decisions.json of the export")
    p.add_argument(
        "--lang", choices=("de", "en"), default="de", help="language of the summary (default de)"
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=handler)


def handler(args) -> int:
    from simulation.i18n import t

    from .record import check_replay, load_record, replay

    record, scenario = load_record(args.decisions)
    model = replay(record, scenario)
    bad = check_replay(record, model)
    summary = {
        "scenario": scenario.name,
        "seed": record["seed"],
        "rounds": len(record["rounds"]),
        "months": model.month,
        "decisions": sum(len(r["choices"]) for r in record["rounds"]),
        "cooperation_rate": float(model.series("cooperation_rate")[-1]),
        "identical": not bad,
        "differing": bad,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        rate = f"{summary['cooperation_rate']:.2f}"
        rate = rate.replace(".", ",") if args.lang == "de" else rate
        print(t("planspiel_replayed", args.lang, **{**summary, "cooperation_rate": rate}))
        print(
            t("planspiel_same" if not bad else "planspiel_differs", args.lang, names=", ".join(bad))
        )
    return 0 if not bad else 1

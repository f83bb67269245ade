"""Benchmark of ``dkbm calibrate`` (issue 11): a calibration of >= 100,000 runs on 2 cores.

Runs ``calibrations/dkbm.toml`` (or ``--spec``) through the CLI with 2 local worker
processes, reads the runs from its manifest and reports runs/s and the ratio of the wall
time to the 10-minute target (<= 1 meets it). Writes ``benchmarks/results/calibration.json``;
asserts nothing. Usage: ``.venv/bin/python benchmarks/bench_calibration.py [--quick]``
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "calibration.json"
TARGET_SECONDS = 600.0
TARGET_RUNS = 100_000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default=str(ROOT / "calibrations" / "dkbm.toml"))
    ap.add_argument("--quick", action="store_true", help="the small test spec instead")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    spec = ROOT / "calibrations" / "small.toml" if args.quick else Path(args.spec)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cal"
        start = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "simulation.cli",
                "calibrate",
                str(spec),
                "--out",
                str(out),
                "--workers",
                str(args.workers),
                "--quiet",
                "--json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        summary = json.loads(proc.stdout)
    runs = summary["runs"]
    result = {
        "spec": spec.name,
        "workers": args.workers,
        "runs_fitted": runs,
        "wall_seconds": round(wall, 2),
        "engine_seconds": summary["seconds"],
        "runs_per_second": round(runs / wall, 1),
        "ratio_to_10_minutes": round(wall / TARGET_SECONDS, 3),
        "projected_seconds_for_100k": round(TARGET_RUNS / (runs / wall), 1),
        "generations": summary["generations"],
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=2))
    if not args.quick:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

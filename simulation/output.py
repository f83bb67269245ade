"""Result directories written atomically, and what goes into them.

Everything is written into a hidden temporary directory next to the target, which
is renamed into place at the end: a failed or interrupted run leaves nothing behind.
An existing target is replaced only when it is empty or an earlier dkbm result
(it has a ``manifest.json`` written by dkbm), never a directory of other files.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .errors import LocatedInputError

TOOL = "dkbm"
REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dkbm-sim", "mesa", "numpy", "pandas", "scipy", "matplotlib", "networkx", "pyarrow")


def check_target(target: str | Path, flag: str = "--out") -> Path:
    """Check, before any work, that ``target`` can be (re)written; return it as a Path."""
    path = Path(target)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise LocatedInputError(
                flag, f"'{path}' exists and is not a directory; choose a directory path", key=flag
            )
        if any(path.iterdir()) and not _is_dkbm_output(path):
            raise LocatedInputError(
                flag,
                f"'{path}' exists and is not a dkbm result directory (no dkbm manifest.json); "
                "choose a new or empty directory",
                key=flag,
            )
    parent = _existing_ancestor(path.absolute().parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise LocatedInputError(flag, f"cannot write in '{parent}' (permission denied)", key=flag)
    return path


def _existing_ancestor(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def _is_dkbm_output(path: Path) -> bool:
    try:
        return json.loads((path / "manifest.json").read_text("utf-8")).get("tool") == TOOL
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary directory that becomes ``target`` when the block succeeds.

    Parent directories created for it are removed again if the block fails.
    """
    target = Path(target).absolute()
    created = []
    parent = target.parent
    while not parent.exists():
        created.append(parent)
        parent = parent.parent
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # mkdir (not mkdtemp) so that the result gets the user's usual permissions
        tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()
        yield tmp
        _replace(tmp, target)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for directory in created:  # innermost first
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise


def _replace(tmp: Path, target: Path) -> None:
    if not target.exists():
        tmp.rename(target)
        return
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:12]}"
    target.rename(old)
    try:
        tmp.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", "utf-8")


def package_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> dict | None:
    """Commit and dirty flag of the source tree, when it is a git checkout."""
    if not (REPO_ROOT / ".git").exists():
        return None
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(status.strip())}


def manifest(
    *,
    command: Sequence[str],
    scenarios: Sequence,
    seeds: Sequence[int],
    master_seed: int,
    months: int,
    wall_time: float,
    workers: int,
    files: Sequence[str],
    extra: dict | None = None,
) -> dict:
    """Provenance of a result: what ran, with what, where and how long."""
    return {
        "tool": TOOL,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": list(command),
        "scenarios": [
            {
                "name": s.name,
                "source": s.source,
                "sha256": s.source_sha256,  # of the file as read
                "run_sha256": s.sha256,  # of the scenario as run (after --set, --months)
                "resolved_parameters": s.resolved_parameters(),
                "toml": s.to_toml(),
            }
            for s in scenarios
        ],
        "master_seed": master_seed,
        "seeds": list(seeds),
        "replications": len(seeds),
        "months": months,
        "workers": workers,
        "wall_time_s": round(wall_time, 3),
        "versions": package_versions(),
        "git": git_commit(),
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "files": list(files),
        **(extra or {}),
    }


def timeseries_frame(ens):
    """One row per replication and month: ``replication``, ``month``, every monthly metric."""
    import numpy as np
    import pandas as pd

    import models

    r, cols = ens.series["cooperation_rate"].shape
    frame = pd.DataFrame(
        {
            "replication": np.repeat(np.arange(r), cols),
            "month": np.tile(np.arange(cols), r),
            **{name: ens.series[name].reshape(-1) for name in models.METRIC_NAMES},
        }
    )
    return frame


def replications_frame(ens):
    """One row per replication: seed, run metrics and key final values."""
    import pandas as pd

    from .ensemble import key_metric_values

    return pd.DataFrame(
        {"replication": range(ens.replications), "seed": ens.seeds, **key_metric_values(ens)}
    )


COMPARISON_COLUMNS = (
    "scenario",
    "metric",
    "mean",
    "ci95_low",
    "ci95_high",
    "n",
    "difference",
    "difference_ci95_low",
    "difference_ci95_high",
)


def comparison_frame(ensembles, differences: dict, reference: str | None = None):
    """The one comparison table of the CLI and the web app: one row per scenario and key
    metric, columns :data:`COMPARISON_COLUMNS`; the paired difference from the reference
    (empty for the reference itself)."""
    import pandas as pd

    from .ensemble import key_metric_values, mean_ci

    rows = []
    for ens in ensembles:
        values = key_metric_values(ens)
        diff = differences.get(ens.scenario.name) if ens.scenario.name != reference else None
        for key, v in values.items():
            mean, lo, hi, n = mean_ci(v)
            d = diff[key] if diff else {"mean": None, "ci95": [None, None]}
            rows.append([ens.scenario.name, key, mean, lo, hi, n, d["mean"], *d["ci95"]])
    frame = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    for col in COMPARISON_COLUMNS[6:]:
        frame[col] = frame[col].astype(float)
    return frame


# --- "CSV (Excel, deutsch)" ----------------------------------------------------------------
EXCEL_DIGITS = 4  # decimals kept in the Excel tables (shares 0..1 to 0.01 %)


def excel_csv(frame, lang: str = "de", months: int | None = None, titles=None) -> bytes:
    """A table that a German Excel opens as it is: ``;`` between fields, the decimal
    comma, German (or English) column headers and labels, UTF-8 with BOM, values rounded
    (:data:`EXCEL_DIGITS` decimals; euros and hours whole), runs counted from 1, no
    seeds (Excel keeps 15 digits; the machine-readable tables have them). In English
    (``lang="en"``) the separators of an English Excel (``,`` and ``.``).

    ``frame`` is one of :func:`timeseries_frame`, :func:`replications_frame` or
    :func:`comparison_frame`; ``months`` names the month of final values in metric
    labels, ``titles`` maps scenario names to their titles.
    """
    import numpy as np

    import models

    from .ensemble import KEY_METRICS, metric_label
    from .i18n import t

    out = frame.drop(columns=["seed"], errors="ignore")  # 19 digits: Excel would round them
    if "replication" in out:
        out["replication"] = out["replication"] + 1  # "Lauf 1" as on the page
    if "metric" in out:
        out["metric"] = [metric_label(k, lang, months or 0) for k in out["metric"]]
    if "scenario" in out and titles:
        out["scenario"] = [titles.get(name, name) for name in out["scenario"]]
    for col in out.columns:
        if out[col].dtype.kind == "f":
            whole = col.startswith(("lever_hours", "lever_euros"))
            out[col] = np.round(out[col], 0 if whole else EXCEL_DIGITS)
            finite = out[col].dropna()
            if len(finite) and (finite == finite.round()).all():
                out[col] = out[col].astype("Int64")  # "27", not "27,0"
    headers = []
    for col in out.columns:
        key = f"csv_{col}"
        if key in _csv_keys():
            headers.append(t(key, lang))
        elif col in models.METRICS:
            headers.append(models.METRICS[col].label(lang))
        elif col in KEY_METRICS:
            headers.append(metric_label(col, lang, months or 0))
        else:
            headers.append(col)
    out.columns = headers
    decimal = "," if lang == "de" else "."
    sep = ";" if lang == "de" else ","
    text = out.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _csv_keys() -> set[str]:
    from .i18n import TEXT

    return {k for k in TEXT if k.startswith("csv_")}


def write_run(directory: Path, ens, summary: dict, lang: str) -> list[str]:
    """Tables, summary and report figure of one ensemble into ``directory``."""
    from .ensemble import diagnosis_table
    from .figures import report_figure, save_figure
    from .scenarios import dump_toml

    frame = timeseries_frame(ens)
    frame.to_csv(directory / "timeseries.csv", index=False)
    frame.to_parquet(directory / "timeseries.parquet", index=False)
    (directory / "timeseries_excel.csv").write_bytes(excel_csv(frame, lang, ens.months))
    runs = replications_frame(ens)
    runs.to_csv(directory / "replications.csv", index=False)
    (directory / "replications_excel.csv").write_bytes(excel_csv(runs, lang, ens.months))
    write_json(directory / "summary.json", summary)
    write_json(directory / "diagnosis.json", diagnosis_table(ens, lang))
    # as run: `dkbm run DIR/scenario.toml` repeats the run with the same seeds
    data = ens.scenario.to_dict()
    data["run"] = {"months": ens.months, "replications": ens.replications, "seed": ens.seed}
    (directory / "scenario.toml").write_text(dump_toml(data), "utf-8")
    save_figure(report_figure(ens, lang), directory, "report")
    return [
        "timeseries.csv",
        "timeseries.parquet",
        "timeseries_excel.csv",
        "replications.csv",
        "replications_excel.csv",
        "summary.json",
        "diagnosis.json",
        "scenario.toml",
        "report.png",
        "report.svg",
        "manifest.json",
    ]


def command_line(argv: Sequence[str] | None) -> list[str]:
    """The command as typed (``dkbm`` plus its arguments)."""
    return ["dkbm", *(sys.argv[1:] if argv is None else argv)]


def write_comparison(directory: Path, ensembles, document: dict, lang: str) -> list[str]:
    """Table (CSV, Excel CSV, JSON) and figure of a comparison into ``directory``."""
    from .figures import comparison_figure, save_figure

    months = document["months"]
    frame = comparison_frame(ensembles, document["differences"], document["reference"])
    frame.to_csv(directory / "comparison.csv", index=False)
    titles = {e.scenario.name: e.scenario.title(lang) for e in ensembles}
    excel = excel_csv(frame, lang, months, titles)
    (directory / "comparison_excel.csv").write_bytes(excel)
    write_json(directory / "comparison.json", document)
    save_figure(
        comparison_figure(ensembles, document["differences"], lang), directory, "comparison"
    )
    return [
        "comparison.png",
        "comparison.svg",
        "comparison.csv",
        "comparison_excel.csv",
        "comparison.json",
        "manifest.json",
    ]

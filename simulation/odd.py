"""The generated tables of ``docs/ODD.md``, and the command that keeps them current.

Each table is written between two marker comments in the ODD::

    <!-- BEGIN GENERATED: parameters -->
    ...
    <!-- END GENERATED: parameters -->

and rebuilt from the code: the parameter registry, the levers, the shock kinds, the
default departments and their linked pairs, the metrics, the random draws and the
module-level constants of ``models/kernel.py``. The prose around the tables is
written by hand and refers to constants by name, so a changed value only touches a
table.

Usage::

    python -m simulation.odd --check   # exit 1 and one line if docs/ODD.md is stale
    python -m simulation.odd --write   # rewrite the tables in place
"""

from __future__ import annotations

import argparse
import ast
import inspect
import io
import math
import os
import re
import sys
import tempfile
import tokenize
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np

from models import departments, kernel, levers, metrics, shocks
from models.errors import DkbmError
from models.levers import DIMENSIONS, LEVERS
from models.parameters import GROUPS, PARAMETERS
from models.shocks import SHOCK_KINDS
from simulation import persistence

from .errors import LocatedInputError

ODD_PATH = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"
BEGIN = "<!-- BEGIN GENERATED: {} -->"
END = "<!-- END GENERATED: {} -->"
UNDOCUMENTED = "**undocumented**"

# Meanings of kernel constants that carry no trailing comment of their own in
# models/kernel.py. A trailing comment in the code wins over an entry here, except a
# comment shared by several names of one tuple assignment (``A, B = 1, 2  # ...``),
# where the entry here is the more specific text.
CONSTANT_MEANINGS = {
    "MANDATE_INTERNAL": "initial formal mandate to cooperate of a department of the Kreis "
    "administration (share 0..1)",
    "MANDATE_EXTERNAL": "initial formal mandate to cooperate of an external partner "
    "(Staatliches Schulamt, Agentur für Arbeit, generic partners; share 0..1)",
    "COMMUNICATION_INIT": "everyday quality of communication channels without any lever: "
    "the initial value of `communication` and the level it decays back to (share 0..1)",
    "DECISION_INIT": "everyday quality of decision and coordination processes without any "
    "lever: the initial value of `decision_quality` and the level it decays back to "
    "(share 0..1)",
    "B0": "intercept of the cooperation-decision logit (7.6)",
    "B_TRUST": "weight of the pair's trust in the cooperation-decision logit (7.6)",
    "B_WILL": "weight of political will in the cooperation-decision logit (7.6)",
    "B_MANDATE": "weight of the department's mandate in the cooperation-decision logit (7.6)",
    "B_UNDERSTANDING": "weight of shared understanding in the cooperation-decision logit (7.6)",
    "B_LOAD": "weight of workload, subtracted, in the cooperation-decision logit (7.6)",
    "G0": "intercept of the project-success logit (7.5)",
    "G_COMP": "weight of the lower competence of the two partners in the success logit (7.5)",
    "G_DATA": "weight of data quality in the success logit (7.5)",
    "G_OFFICE": "weight of Bildungsbüro support in the success logit (7.5)",
    "G_DIFF": "weight of project difficulty, subtracted, in the success logit (7.5)",
    "G_UNDERSTANDING": "weight of shared understanding in the success logit (7.5)",
    "G_POWER": "weight of the power gap not balanced by decision processes, subtracted, "
    "in the success logit (7.5)",
    "WITHDRAW_BASE": "monthly probability that a partner withdraws from a running project "
    "(baseline, 7.5)",
    "WITHDRAW_OVERLOAD": "added withdrawal probability at full overload, i.e. when free "
    "hours fall short by one project's hours (7.5)",
    "WITHDRAW_UNWILLING": "added withdrawal probability at zero motivation (7.5)",
    "PAIR_DRAWS": "names of the uniform draws per linked pair and month, in block order "
    "(section 4, Stochasticity)",
    "N_PAIR_DRAWS": "number of uniform draws per linked pair and month",
    "DEFAULT_INTENSITY": "intensity of a planned lever unless the plan gives one (0..1)",
    "LINK_THRESHOLD": "interdependence at or above which a pair of departments is linked, "
    "i.e. modelled",
}
# Constants defined outside the kernel that the readings of the model depend on.
OTHER_CONSTANTS: tuple[tuple[ModuleType, str], ...] = (
    (departments, "LINK_THRESHOLD"),
    (departments, "MONITORING_LINK"),
    (departments, "PARTNER_CORE_LINK"),
    (departments, "PARTNER_RING_LINK"),
    (levers, "DEFAULT_DURATION"),
    (levers, "DEFAULT_INTENSITY"),
    (shocks, "DEFAULT_SEVERITY"),
    (metrics, "TAKEOFF_THRESHOLD"),
    (metrics, "SCI_BEFORE"),
    (metrics, "SCI_AFTER"),
)

# How each monthly metric is computed from the end-of-month state (docs/ODD.md, 4).
METRIC_DEFINITIONS = {
    "cooperation_rate": r"share of linked pairs with a running project or a success within "
    r"the last `RECENT_SUCCESS` months: $\frac{1}{n_p}\sum_{ij}[m_{ij} > 0 \lor a_{ij} < "
    r"\tau_{\mathrm{rec}}]$",
    "mean_necessity": r"mean of $N_i$ over departments",
    "mean_motivation": r"mean of $W_i$ over departments",
    "mean_competence": r"mean of $K_i$ over departments",
    "mean_trust": r"mean of $T_{ij}$ over linked pairs",
    "mean_understanding": r"mean of $S_{ij}$ over linked pairs",
    "institutionalisation": r"$I$",
    "political_will": r"$P$",
    "legitimacy": r"$\Lambda$",
    "data_quality": r"$D$",
    "communication": r"$C$",
    "decision_quality": r"$Q$",
    "education_outcome": r"$Y$",
    "share_ready": r"share of departments whose diagnosis is *ready*: none of the "
    r"department's gate factors (Hill factors of necessity and competence, motivation, free "
    r"hours for one project) cuts its chance to agree below `DIAGNOSIS_GATE`, and the "
    r"municipality's decision processes $Q$ are at or above `DECISION_DIAGNOSIS` (7.9)",
    "office_fte": r"Bildungsbüro staff $B$ of the month",
    "active_projects": r"number of linked pairs with a running project ($m_{ij}>0$), "
    r"including projects started this month",
    "successes": r"projects that ended in success this month",
    "failures": r"projects that ended in failure this month (including failures misread "
    r"as defection)",
    "defections": r"projects abandoned this month because a partner withdrew",
    "queued_projects": r"agreed and resourced projects that needed the Bildungsbüro but "
    r"found no free slot this month (they are dropped, not carried over)",
    "lever_hours": r"cumulative department and Bildungsbüro hours spent on levers",
    "lever_euros": r"cumulative euros spent on levers",
    "reports": r"1 in a month in which an education report appears (7.3), else 0",
    "network_centralisation": r"Freeman degree centralisation of the cooperation network "
    r"whose nodes are the Bildungsbüro and the $n_t$ departments with at least one tie "
    r"(SF13): a cooperating pair (as in `cooperation_rate`) with a brokered project "
    r"($\beta_{ij}$, 7.6) ties both partners to the office, a self-organised one ties them "
    r"directly; $\sum_v (k_{\max} - k_v)/(n_t(n_t-1))$ over the $n_t+1$ nodes with degrees "
    r"$k_v$: 1 for a star around the office, lower the more departments are tied "
    r"directly; 0 with fewer than two departments tied (untied departments are left out, "
    r"so the value measures the shape, not the number of cooperating departments)",
    "decision_equity": r"share of the running projects in which no partner was outvoted "
    r"(`decision_rule` 1, 7.6); 1 when no project runs (SF11)",
}

# The random draws of one replication and month (names of department and global draws
# are given here; the pair draws are named by kernel.PAIR_DRAWS).
DEPT_DRAW_NAMES = ("turnover",)
GLOBAL_DRAW_NAMES = ("election_event", "election_outcome")
DRAW_MEANINGS = {
    "turnover": ("7.8", "the department's liaison person is replaced"),
    "meet": ("7.6", "the pair meets"),
    "yes_i": ("7.6", "department $i$ agrees to a joint project"),
    "yes_j": ("7.6", "department $j$ agrees to a joint project"),
    "self_organise": ("7.6", "the pair starts its project without the Bildungsbüro"),
    "priority": ("7.6", "rank of the pair in the queue for Bildungsbüro slots"),
    "difficulty": ("7.6", "difficulty of a project started this month"),
    "outcome": ("7.5", "success of a project that completes this month"),
    "misperceive": ("7.5", "a no-fault failure is read as defection"),
    "withdraw_i": ("7.5", "department $i$ withdraws from the running project"),
    "withdraw_j": ("7.5", "department $j$ withdraws from the running project"),
    "false_start": (
        "7.6",
        "an agreed project stalls for lack of decision processes or is vetoed in the forum",
    ),
    "election_event": ("7.1", "a random election (change of leadership) takes place"),
    "election_outcome": ("7.1", "the political will the random election brings"),
}


# --- formatting -------------------------------------------------------------------------
def fmt_number(x) -> str:
    """Deterministic text for a number: whole numbers without a decimal point, others as
    the shortest decimal that round-trips (``repr``), e.g. ``96``, ``0.0167``, ``-0.5``.
    """
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, int | np.integer):
        return str(int(x))
    x = float(x)
    if math.isfinite(x) and x.is_integer():
        return str(int(x))
    return repr(x)


def fmt_value(x) -> str:
    """A constant's value: a number, a tuple of numbers or a list of names."""
    if isinstance(x, tuple):
        if all(isinstance(v, str) for v in x):
            return ", ".join(f"`{v}`" for v in x)
        return "(" + ", ".join(fmt_number(v) for v in x) + ")"
    return fmt_number(x)


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", r"\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --- tables -----------------------------------------------------------------------------
def parameter_table() -> str:
    """All registry parameters in registry order (docs/ODD.md, section 10)."""
    rows = []
    for p in PARAMETERS.values():
        bounds = f"[{fmt_number(p.low)}, {fmt_number(p.high)}]"
        kind = [k for k, on in (("integer", p.integer), ("structural", p.structural)) if on]
        if kind:
            bounds += " " + ", ".join(kind)
        de, en = GROUPS[p.group]
        rows.append(
            (
                f"`{p.name}`",
                fmt_number(p.default),
                bounds,
                p.unit,
                f"{de} / {en}",
                p.label_de,
                p.help_en,
            )
        )
    header = ("Parameter", "Default", "Bounds", "Unit", "Group", "German label", "Meaning")
    return _table(header, rows, "lrlllll")


def _persistence_cell(lever_id: str) -> str:
    p = persistence.of(lever_id)
    return p.label if p.retention is None else f"{p.label} ({fmt_number(p.retention)})"


def lever_table() -> str:
    """The 16 levers as declared in models/levers.py (docs/ODD.md, section 8)."""
    rows = []
    for lv in LEVERS:
        de, en = DIMENSIONS[lv.dimension]
        rows.append(
            (
                f"`{lv.id}`",
                f"{de} / {en}",
                lv.name_de,
                lv.name_en,
                f"`{lv.target}`",
                fmt_number(lv.rate),
                fmt_number(lv.dept_hours),
                fmt_number(lv.office_hours),
                fmt_number(lv.euros),
                fmt_number(lv.delay),
                _persistence_cell(lv.id),
            )
        )
    header = (
        "Lever id",
        "Dimension",
        "German name",
        "English name",
        "Target",
        "Rate",
        "Dept. hours/month",
        "Office hours/month",
        "Euros/month",
        "Delay (months)",
        "Persistence",
    )
    return _table(header, rows, "lllllrrrrrl")


def shock_table() -> str:
    """The shock kinds of models/shocks.py (docs/ODD.md, section 9)."""
    rows = [
        (
            f"`{kind}`",
            info["de"],
            info["en"],
            fmt_number(info["duration"]),
            info["effect_en"],
        )
        for kind, info in SHOCK_KINDS.items()
    ]
    header = ("Kind", "German name", "English name", "Default duration (months)", "Effect")
    return _table(header, rows, "lllrl")


def department_table() -> str:
    """The default departments and their attributes (docs/ODD.md, section 2)."""
    specs = departments.DEFAULT_DEPARTMENTS
    st = kernel.Structure.build(specs)
    offsets = departments.initial_offsets(specs)
    rows = []
    for k, s in enumerate(specs):
        rows.append(
            (
                f"`{s.key}`",
                s.name_de,
                s.name_en,
                fmt_number(s.power),
                fmt_number(s.capacity),
                fmt_number(s.workload),
                fmt_number(s.need),
                fmt_number(s.external),
                fmt_number(offsets[0, k]),
                fmt_number(offsets[1, k]),
                fmt_number(offsets[2, k]),
                fmt_number(int(st.degree[k])),
            )
        )
    header = (
        "Key",
        "German name",
        "English name",
        "Power $p_i$",
        "Capacity $c_i$",
        r"Workload offset $\omega_i$",
        "Need $g_i$",
        "External",
        "Offset $N$",
        "Offset $W$",
        "Offset $K$",
        "Linked partners",
    )
    return _table(header, rows, "lllrrrrlrrrr")


def pair_table() -> str:
    """The linked pairs of the default departments (docs/ODD.md, section 2 and 7.9)."""
    specs = departments.DEFAULT_DEPARTMENTS
    st = kernel.Structure.build(specs)
    rows = [
        (f"`{st.keys[i]}`", f"`{st.keys[j]}`", fmt_number(d))
        for i, j, d in zip(st.pair_i.tolist(), st.pair_j.tolist(), st.dep.tolist(), strict=True)
    ]
    n = st.n
    head = (
        f"{st.n_pairs} of the {n * (n - 1) // 2} possible pairs of the {n} default "
        f"departments are linked (interdependence $d_{{ij}} \\ge$ `LINK_THRESHOLD` "
        f"= {fmt_number(departments.LINK_THRESHOLD)}).\n\n"
    )
    return head + _table(
        ("Department $i$", "Department $j$", "Interdependence $d_{ij}$"), rows, "llr"
    )


def metric_table() -> str:
    """Monthly metrics, as collected by the DataCollector (docs/ODD.md, section 4)."""
    rows = []
    for name, m in metrics.METRICS.items():
        high = "∞" if m.high is None else fmt_number(m.high)
        rows.append(
            (
                f"`{name}`",
                m.label_de,
                m.label_en,
                m.unit,
                f"[{fmt_number(m.low)}, {high}" + (")" if m.high is None else "]"),
                METRIC_DEFINITIONS.get(name, UNDOCUMENTED),
            )
        )
    header = ("Metric", "German label", "English label", "Unit", "Range", "Definition")
    return _table(header, rows, "llllll")


def _position(dept: int, pair: int) -> str:
    terms = [f"{m}{sym}" if m != 1 else sym for m, sym in ((dept, "n"), (pair, "n_p")) if m]
    return " + ".join(terms) or "0"


def _draw_rows() -> list[tuple[str, str, str, str, str]]:
    d, g = kernel.N_DEPT_DRAWS, kernel.N_GLOBAL_DRAWS
    rows = [
        (f"[{_position(k, 0)}, {_position(k + 1, 0)})", name, "department")
        for k, name in enumerate(DEPT_DRAW_NAMES[:d])
    ]
    rows += [
        (f"[{_position(d, k)}, {_position(d, k + 1)})", name, "linked pair")
        for k, name in enumerate(kernel.PAIR_DRAWS)
    ]
    rows += [(f"b - {g - k}", name, "replication") for k, name in enumerate(GLOBAL_DRAW_NAMES[:g])]
    out = []
    for pos, name, per in rows:
        section, meaning = DRAW_MEANINGS.get(name, ("", UNDOCUMENTED))
        out.append((f"${pos}$", f"`{name}`", per, section, meaning))
    if len(DEPT_DRAW_NAMES) != d or len(GLOBAL_DRAW_NAMES) != g:
        out.append(("", "", "", "", f"{UNDOCUMENTED}: the draw counts in models/kernel.py changed"))
    return out


def draw_table() -> str:
    """The uniform draws of one month, in the order of the block (docs/ODD.md, section 4)."""
    header = ("Position in the block", "Draw", "One per", "Used in", "Decides whether / what")
    return _table(header, _draw_rows(), "lllll")


def constants_in_source(source: str) -> dict[str, str | None]:
    """Module-level UPPER_CASE names assigned in ``source`` with their trailing comments.

    Tuple assignments (``A, B = 1, 2``) give one entry per name. Private names
    (leading underscore) are left out. The comment is ``None`` where there is none.
    """
    return {name: comment for name, comment, _ in _constant_assignments(source)}


def shared_comment_names(source: str) -> set[str]:
    """Constants of ``source`` whose trailing comment belongs to a tuple assignment of
    several names, so that the comment describes them together rather than each one."""
    return {name for name, comment, shared in _constant_assignments(source) if comment and shared}


def _constant_assignments(source: str) -> list[tuple[str, str | None, bool]]:
    """(name, trailing comment, assigned together with other names) per constant."""
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    out: list[tuple[str, str | None, bool]] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        names: list[str] = []
        for t in targets:
            elts = t.elts if isinstance(t, ast.Tuple) else [t]
            names += [e.id for e in elts if isinstance(e, ast.Name)]
        comment = comments.get(node.end_lineno)
        for name in names:
            if re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                out.append((name, comment, len(names) > 1))
    return out


def _module_constants(module: ModuleType) -> dict[str, str | None]:
    return constants_in_source(inspect.getsource(module))


def kernel_constant_names() -> list[str]:
    """Names of the module-level constants of models/kernel.py, in source order."""
    return list(_module_constants(kernel))


def constant_meaning(name: str, comment: str | None, shared: bool) -> str:
    """The meaning shown for a constant: its own trailing comment, else
    :data:`CONSTANT_MEANINGS`; a comment ``shared`` by a tuple assignment yields to an
    entry there."""
    if comment and not (shared and name in CONSTANT_MEANINGS):
        return comment
    return CONSTANT_MEANINGS.get(name, comment or UNDOCUMENTED)


def constants_table() -> str:
    """Module-level constants of models/kernel.py and the few the metrics use."""
    shared = shared_comment_names(inspect.getsource(kernel))
    entries = [(kernel, name, c, name in shared) for name, c in _module_constants(kernel).items()]
    for module, name in OTHER_CONSTANTS:
        is_shared = name in shared_comment_names(inspect.getsource(module))
        entries.append((module, name, _module_constants(module).get(name), is_shared))
    rows = []
    for module, name, comment, is_shared in entries:
        meaning = constant_meaning(name, comment, is_shared)
        where = module.__name__.replace(".", "/") + ".py"
        rows.append((f"`{name}`", fmt_value(getattr(module, name)), meaning, f"`{where}`"))
    return _table(("Constant", "Value", "Meaning", "Defined in"), rows, "lrll")


def sci_note() -> str:
    """The SCI windows in words, for the registry default of ``funding_months``."""
    s0 = metrics.SCI_BEFORE
    s1, s2 = metrics.SCI_AFTER
    f = int(PARAMETERS["funding_months"].default)
    y1, y2 = (s1 - 1) // 12 + 1, (s2 - 1) // 12 + 1
    years = f"year {y1}" if y1 == y2 else f"years {y1}–{y2}"
    return (
        f"With the current constants the numerator covers the states after unfunded months "
        f"{s1} to {s2} ({years} after the funding end) and the denominator the states after "
        f"the last {s0} funded months. For the default `funding_months` = {f} the SCI "
        f"compares months {f + s1}–{f + s2} with months {f - s0 + 1}–{f}."
    )


BLOCKS: dict[str, Callable[[], str]] = {
    "departments": department_table,
    "pairs": pair_table,
    "metrics": metric_table,
    "draws": draw_table,
    "sci": sci_note,
    "levers": lever_table,
    "shocks": shock_table,
    "parameters": parameter_table,
    "constants": constants_table,
}


# --- the ODD file -----------------------------------------------------------------------
def generated_blocks() -> dict[str, str]:
    """Every generated table by block name."""
    return {name: make() for name, make in BLOCKS.items()}


def _span(text: str, name: str, source: str) -> tuple[int, int]:
    """Start and end of the text between the markers of block ``name``."""
    begin, end = BEGIN.format(name), END.format(name)
    for marker in (begin, end):
        count = text.count(marker)
        if count != 1:
            raise LocatedInputError(
                source,
                f"marker '{marker}' must occur exactly once; found {count} "
                f"(blocks: {', '.join(BLOCKS)})",
                key=name,
            )
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    if stop < start:
        raise LocatedInputError(source, f"marker '{end}' comes before '{begin}'", key=name)
    return start, stop


def block_text(text: str, name: str, source: str = "docs/ODD.md") -> str:
    """The current content of block ``name`` in ``text`` (without the markers)."""
    start, stop = _span(text, name, source)
    return text[start:stop].strip("\n")


def render(text: str, source: str = "docs/ODD.md") -> str:
    """``text`` with every generated block replaced by its current table."""
    for name, table in generated_blocks().items():
        start, stop = _span(text, name, source)
        text = text[:start] + "\n" + table + "\n" + text[stop:]
    return text


def stale_blocks(text: str, source: str = "docs/ODD.md") -> list[str]:
    """Names of the blocks whose content differs from what the code generates."""
    return [
        name
        for name, table in generated_blocks().items()
        if block_text(text, name, source) != table
    ]


def update_odd(path: str | os.PathLike = ODD_PATH) -> bool:
    """Rewrite the generated tables of the ODD at ``path``; return whether it changed.

    The file is replaced atomically (written to a temporary file, then renamed).
    """
    path = Path(path)
    text = _read(path)
    new = render(text, str(path))
    if new == text:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(new)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LocatedInputError(str(path), f"cannot read the ODD: {exc.strerror}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--check`` (exit 1 if stale) or ``--write``."""
    parser = argparse.ArgumentParser(
        prog="python -m simulation.odd", description="Keep the generated tables of the ODD current."
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a table is stale")
    mode.add_argument("--write", action="store_true", help="rewrite the tables in place")
    parser.add_argument("--path", type=Path, default=ODD_PATH, help="the ODD file")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_blocks(_read(args.path), str(args.path))
            if stale:
                print(
                    f"{args.path}: generated tables out of date ({', '.join(stale)}); "
                    "run `python -m simulation.odd --write`",
                    file=sys.stderr,
                )
                return 1
            return 0
        changed = update_odd(args.path)
        print(f"{args.path}: {'updated' if changed else 'already up to date'}")
        return 0
    except DkbmError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

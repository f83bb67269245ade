"""Departments of a German Landkreis and their interdependence.

The default set follows the Uckermark case and the structures of Kreis Olpe and
Marburg-Biedenkopf (see docs/ODD.md, "Entities"): nine municipal departments and
two external partners that sit in every Lenkungskreis (Staatliches Schulamt,
Agentur für Arbeit). Larger systems (a city with many external partners) append
generic partners whose links follow a fixed pattern, so the number of linked
pairs grows linearly with the number of departments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import InputError


@dataclass(frozen=True)
class DepartmentSpec:
    """Static description of one department.

    Attributes
    ----------
    key : str
        Identifier (lower case, no spaces), used in scenario files as ``targets``.
    name_de, name_en : str
        Display names.
    power : float
        Relative power / budget weight, 0..1.
    capacity : float
        Free hours per month relative to the model's ``capacity_hours`` (1 = average).
    workload : float
        Offset of the department's workload from the model's ``workload`` (-1..1).
    need : float
        Share of the municipality's education problems visible in this department's
        field, 0..1 (the target that reports move necessity awareness towards).
    necessity, motivation, competence : float or None
        Mean initial values for this department, 0..1 (``init_spread`` adds noise).
        ``None`` takes the model's mean (``necessity_init`` ...) plus the department's
        typical offset.
    external : bool
        Whether the department is outside the Kreis administration (lower mandate).
    """

    key: str
    name_de: str
    name_en: str
    power: float = 0.5
    capacity: float = 1.0
    workload: float = 0.0
    need: float = 0.6
    necessity: float | None = None
    motivation: float | None = None
    competence: float | None = None
    external: bool = False

    def name(self, lang: str = "de") -> str:
        return self.name_de if lang == "de" else self.name_en


DEFAULT_DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "jugendamt",
        "Jugendamt",
        "Youth Welfare Office",
        power=0.9,
        capacity=1.2,
        workload=0.1,
        need=0.8,
    ),
    DepartmentSpec(
        "schulverwaltung",
        "Schulverwaltung",
        "School Administration",
        power=0.8,
        capacity=1.1,
        workload=0.0,
        need=0.8,
    ),
    DepartmentSpec(
        "sozialamt",
        "Sozialamt",
        "Social Welfare Office",
        power=0.6,
        capacity=0.9,
        workload=0.1,
        need=0.6,
    ),
    DepartmentSpec(
        "jobcenter", "Jobcenter", "Jobcentre", power=0.6, capacity=0.9, workload=0.05, need=0.6
    ),
    DepartmentSpec(
        "gesundheitsamt",
        "Gesundheitsamt",
        "Public Health Office",
        power=0.5,
        capacity=0.8,
        workload=0.1,
        need=0.6,
    ),
    DepartmentSpec(
        "wirtschaftsfoerderung",
        "Wirtschaftsförderung",
        "Economic Development",
        power=0.5,
        capacity=0.9,
        workload=-0.1,
        need=0.4,
    ),
    DepartmentSpec(
        "kultur_vhs",
        "Kultur / Volkshochschule",
        "Culture / Adult Education",
        power=0.3,
        capacity=0.8,
        workload=-0.1,
        need=0.5,
    ),
    DepartmentSpec(
        "integration",
        "Integration / Migration",
        "Integration / Migration",
        power=0.3,
        capacity=0.8,
        workload=0.05,
        need=0.7,
    ),
    DepartmentSpec(
        "bildungsmonitoring",
        "Statistik / Bildungsmonitoring",
        "Statistics / Education Monitoring",
        power=0.3,
        capacity=0.8,
        workload=-0.05,
        need=0.5,
    ),
    DepartmentSpec(
        "schulamt",
        "Staatliches Schulamt",
        "State School Authority",
        power=0.7,
        capacity=0.8,
        workload=0.0,
        need=0.6,
        external=True,
    ),
    DepartmentSpec(
        "arbeitsagentur",
        "Agentur für Arbeit (Berufsberatung)",
        "Employment Agency (Career Guidance)",
        power=0.5,
        capacity=0.8,
        workload=0.0,
        need=0.4,
        external=True,
    ),
)

# Typical offsets of the default departments from the model-wide initial means
# (necessity, motivation, competence); they average to about zero over the default set.
_OFFSETS: dict[str, tuple[float, float, float]] = {
    "jugendamt": (0.1, 0.0, 0.05),
    "schulverwaltung": (0.05, 0.05, 0.0),
    "sozialamt": (0.0, -0.05, -0.05),
    "jobcenter": (-0.05, -0.1, 0.0),
    "gesundheitsamt": (0.0, -0.05, 0.0),
    "wirtschaftsfoerderung": (-0.1, 0.05, 0.05),
    "kultur_vhs": (-0.05, 0.1, 0.0),
    "integration": (0.05, 0.1, -0.05),
    "bildungsmonitoring": (0.05, 0.05, 0.1),
    "schulamt": (-0.05, -0.1, 0.0),
    "arbeitsagentur": (-0.05, -0.05, -0.05),
}

# Objective interdependence between the default departments, 0..1, from their
# statutory interfaces: SGB VIII §81 (youth welfare must cooperate with schools, health,
# job centres), school law (Schulträger / Schulaufsicht), SGB II/III (transition school ->
# work), SGB IX (Eingliederungshilfe), ÖGD laws (school entry examinations) and the
# integration of newcomers. Only pairs at or above LINK_THRESHOLD are modelled.
_DEFAULT_LINKS: dict[tuple[str, str], float] = {
    ("jugendamt", "schulverwaltung"): 0.9,
    ("jugendamt", "sozialamt"): 0.7,
    ("jugendamt", "gesundheitsamt"): 0.8,
    ("jugendamt", "jobcenter"): 0.5,
    ("jugendamt", "integration"): 0.6,
    ("jugendamt", "kultur_vhs"): 0.4,
    ("jugendamt", "schulamt"): 0.7,
    ("schulverwaltung", "schulamt"): 0.9,
    ("schulverwaltung", "gesundheitsamt"): 0.6,
    ("schulverwaltung", "sozialamt"): 0.5,
    ("schulverwaltung", "integration"): 0.5,
    ("schulverwaltung", "wirtschaftsfoerderung"): 0.4,
    ("schulverwaltung", "kultur_vhs"): 0.4,
    ("sozialamt", "jobcenter"): 0.7,
    ("sozialamt", "gesundheitsamt"): 0.6,
    ("sozialamt", "integration"): 0.5,
    ("jobcenter", "arbeitsagentur"): 0.8,
    ("jobcenter", "wirtschaftsfoerderung"): 0.6,
    ("jobcenter", "integration"): 0.6,
    ("jobcenter", "kultur_vhs"): 0.4,
    ("arbeitsagentur", "wirtschaftsfoerderung"): 0.6,
    ("arbeitsagentur", "schulamt"): 0.6,
    ("arbeitsagentur", "schulverwaltung"): 0.4,
    ("kultur_vhs", "integration"): 0.6,
    ("kultur_vhs", "wirtschaftsfoerderung"): 0.3,
    ("gesundheitsamt", "integration"): 0.4,
    ("integration", "schulamt"): 0.4,
}
# The monitoring unit supplies data to every department it is linked with.
MONITORING_LINK = 0.4  # interdependence of the monitoring unit with each data user [ASSUMPTION]
PARTNER_CORE_LINK = 0.4  # interdependence of a generic partner with two core depts [ASSUMPTION]
PARTNER_RING_LINK = 0.35  # interdependence of a generic partner with the next two [ASSUMPTION]
for _k in (
    "jugendamt",
    "schulverwaltung",
    "sozialamt",
    "jobcenter",
    "gesundheitsamt",
    "integration",
    "wirtschaftsfoerderung",
):
    _DEFAULT_LINKS[("bildungsmonitoring", _k)] = MONITORING_LINK

LINK_THRESHOLD = 0.3


def default_departments(n: int = 11) -> tuple[DepartmentSpec, ...]:
    """The first ``n`` default departments, extended by generic external partners."""
    specs = list(DEFAULT_DEPARTMENTS[:n])
    for k in range(len(specs), n):
        number = k - len(DEFAULT_DEPARTMENTS) + 1
        specs.append(
            DepartmentSpec(
                f"partner_{number}",
                f"Partner {number}",
                f"Partner {number}",
                power=0.3,
                capacity=0.7,
                need=0.5,
                external=True,
            )
        )
    return tuple(specs)


def interdependence(specs: Sequence[DepartmentSpec]) -> np.ndarray:
    """Symmetric interdependence matrix ``(n, n)`` for ``specs``.

    Known department keys take the default values. A generic partner ``k`` (any
    key not in the default table) is linked at 0.4 with two core departments and
    with the next two partners in a ring, which keeps pairs linear in ``n``.
    """
    n = len(specs)
    keys = [s.key for s in specs]
    index = {k: i for i, k in enumerate(keys)}
    dep = np.zeros((n, n))
    for (a, b), w in _DEFAULT_LINKS.items():
        if a in index and b in index:
            dep[index[a], index[b]] = dep[index[b], index[a]] = w
    known = {k for pair in _DEFAULT_LINKS for k in pair}
    core = [i for i, k in enumerate(keys) if k in known] or [0]
    others = [i for i, k in enumerate(keys) if k not in known]
    for pos, i in enumerate(others):
        for c in (core[pos % len(core)], core[(pos + 3) % len(core)]):
            if c != i:
                dep[i, c] = dep[c, i] = PARTNER_CORE_LINK
        for step in (1, 2):
            if len(others) > step:
                j = others[(pos + step) % len(others)]
                if j != i:
                    dep[i, j] = dep[j, i] = PARTNER_RING_LINK
    return dep


def initial_offsets(specs: Sequence[DepartmentSpec]) -> np.ndarray:
    """Offsets ``(3, n)`` of necessity, motivation, competence from the model means."""
    return np.array([_OFFSETS.get(s.key, (0.0, 0.0, 0.0)) for s in specs]).T


def check_departments(specs: Sequence[DepartmentSpec]) -> tuple[DepartmentSpec, ...]:
    """Validate a department table; raise :class:`InputError` naming the bad field."""
    specs = tuple(specs)
    if len(specs) < 2:
        raise InputError(
            f"'departments' needs at least 2 entries; got {len(specs)}", key="departments"
        )
    seen = set()
    for k, s in enumerate(specs):
        if s.key in seen:
            raise InputError(
                f"departments[{k}].key '{s.key}' is used twice; keys must be unique",
                key=f"departments[{k}].key",
            )
        seen.add(s.key)
        for field, low, high in (
            ("power", 0, 1),
            ("capacity", 0, 5),
            ("workload", -1, 1),
            ("need", 0, 1),
            ("necessity", 0, 1),
            ("motivation", 0, 1),
            ("competence", 0, 1),
        ):
            value = getattr(s, field)
            if value is None and field in ("necessity", "motivation", "competence"):
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not low <= value <= high
            ):
                raise InputError(
                    f"departments[{k}].{field} must be a number in [{low}, {high}]; got {value!r}",
                    key=f"departments[{k}].{field}",
                )
    return specs

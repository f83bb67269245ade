"""Department agents: each reads and writes its own row of the model's state."""

from __future__ import annotations

from mesa.discrete_space import FixedAgent

from .departments import DepartmentSpec
from .kernel import conjunctive_readiness
from .metrics import DIAGNOSIS_CODES, diagnosis_label


def _row_property(field: str, doc: str):
    def get(self):
        return float(getattr(self.model.batch.state, field)[0, self.index])

    def set_(self, value):
        # states are immutable between steps; a write replaces the department's entry
        array = getattr(self.model.batch.state, field).copy()
        array[0, self.index] = min(max(float(value), 0.0), 1.0)
        self.model.batch.state = self.model.batch.state.replace(**{field: array})

    return property(get, set_, doc=doc)


class Department(FixedAgent):
    """A municipal department (Amt) or external partner.

    Parameters
    ----------
    model : CollaborationModel
    index : int
        Row of this department in the model's state arrays.
    spec : DepartmentSpec
        Its static description (names, power, capacity, ...).
    cell : mesa.discrete_space.Cell
        Its node in the interdependence network.
    """

    def __init__(self, model, index: int, spec: DepartmentSpec, cell):
        super().__init__(model)
        self.index = index
        self.spec = spec
        self.cell = cell

    necessity = _row_property("necessity", "Necessity awareness (Müssen), 0..1.")
    motivation = _row_property("motivation", "Motivation (Wollen), 0..1.")
    competence = _row_property("competence", "Competence (Können), 0..1.")
    mandate = _row_property("mandate", "Formal mandate to cooperate, 0..1.")

    @property
    def key(self) -> str:
        return self.spec.key

    def name(self, lang: str = "de") -> str:
        return self.spec.name(lang)

    @property
    def workload(self) -> float:
        """Share of staff time bound by the core mandate, 0..1."""
        return float(self.model.batch.state.workload[0, self.index])

    @property
    def free_hours(self) -> float:
        """Hours per month still free for cooperation (negative = overcommitted)."""
        return float(self.model.batch.state.free_hours[0, self.index])

    @property
    def aspiration(self) -> float:
        """Aspiration level of the cooperation game (payoff units; ODD 7.6, M14)."""
        return float(self.model.batch.state.aspiration[0, self.index])

    @property
    def tenure(self) -> int:
        """Months since the liaison person started."""
        return int(self.model.batch.state.tenure[0, self.index])

    @property
    def readiness(self) -> float:
        """Conjunctive readiness (Knoster gate over N, W, K), 0..1."""
        return float(conjunctive_readiness(self.necessity, self.motivation, self.competence))

    @property
    def diagnosis(self) -> str:
        """Knoster diagnosis code: what limits this department (see metrics.DIAGNOSES)."""
        return DIAGNOSIS_CODES[int(self.model.batch.state.diagnosis[0, self.index])]

    def diagnosis_label(self, lang: str = "de") -> str:
        return diagnosis_label(self.model.batch.state.diagnosis[0, self.index], lang)

    @property
    def active_projects(self) -> int:
        s, st = self.model.batch.state, self.model.batch.structure
        mine = (st.pair_i == self.index) | (st.pair_j == self.index)
        return int(((s.remaining[0] > 0) & mine).sum())

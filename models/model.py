"""The Mesa model: a batch of one under real Department agents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import mesa
import networkx as nx
import numpy as np
from mesa.discrete_space import Network

from . import metrics
from .agents import Department
from .batch import Batch, run_metrics
from .departments import DepartmentSpec
from .errors import InputError
from .levers import Intervention
from .shocks import Shock


def _reporter(name: str):
    def report(model: CollaborationModel) -> float:
        return float(model.current[name][0])

    report.__name__ = f"report_{name}"
    report.__qualname__ = f"report_{name}"
    return report


def report_diagnosis(agent: Department) -> str:
    return agent.diagnosis


# Module-level functions (not lambdas or Mesa's attribute closures) so the model pickles.
_REPORTERS = {name: _reporter(name) for name in metrics.METRIC_NAMES}
globals().update({f.__name__: f for f in _REPORTERS.values()})


class CollaborationModel(mesa.Model):
    """Cross-departmental cooperation in a Landkreis, one step = one month.

    Parameters
    ----------
    rng : int, optional
        Seed. The same seed gives the same run, bit for bit, and equals row ``k`` of
        ``models.simulate([..., rng, ...])``. ``None`` draws a fresh seed (see ``seed``).
    interventions : iterable of Intervention
        Scheduled levers.
    shocks : iterable of Shock
        Scheduled shocks.
    departments : sequence of DepartmentSpec, optional
        Replaces the default departments.
    **params
        Registry parameters (``models.PARAMETERS``); unknown names and values out of
        bounds raise ``models.InputError``.

    Attributes
    ----------
    batch : Batch
        The state arrays and their step function (a batch of one).
    current : dict
        This month's metrics.
    seed : int
        The seed actually used.
    """

    def __init__(
        self,
        rng: int | None = None,
        interventions: Iterable[Intervention] = (),
        shocks: Iterable[Shock] = (),
        departments: Sequence[DepartmentSpec] | None = None,
        **params,
    ):
        super().__init__(rng=rng)
        self.seed = int(self._seed)
        self.batch = Batch([self.seed], interventions, shocks, departments, params)
        st = self.batch.structure
        graph = nx.Graph()
        graph.add_nodes_from(range(st.n))
        graph.add_edges_from(zip(st.pair_i.tolist(), st.pair_j.tolist(), strict=True))
        self.grid = Network(graph, capacity=1, random=self.random, layout=None)
        cells = self.grid.all_cells.cells
        for k, spec in enumerate(st.specs):
            Department(self, k, spec, cells[k])
        self.departments: list[Department] = sorted(
            self.agents_by_type[Department], key=lambda a: a.index
        )
        self.current = self.batch.metrics
        self.datacollector = mesa.DataCollector(
            model_reporters=dict(_REPORTERS),
            agent_reporters={"diagnosis": report_diagnosis},
        )
        self.datacollector.collect(self)

    # --- Mesa protocol ---------------------------------------------------------------------
    def step(self) -> None:
        self.batch.advance()
        self.current = self.batch.metrics
        self.datacollector.collect(self)

    # --- planner and trainer actions -------------------------------------------------------
    @property
    def month(self) -> int:
        return self.batch.month

    @property
    def params(self) -> dict:
        """Resolved parameter values of this run."""
        return {k: (v if isinstance(v, int) else float(v[0])) for k, v in self.batch.params.items()}

    @property
    def interventions(self) -> tuple[Intervention, ...]:
        return self.batch.plan.interventions

    @property
    def shocks(self) -> tuple[Shock, ...]:
        return self.batch.shocks

    def apply_lever(
        self, lever: str, duration: int = 12, intensity: float = 1.0, targets: Sequence[str] = ()
    ) -> Intervention:
        """Start a lever now (from the next step on) and return the intervention."""
        iv = Intervention(
            lever, start=self.month, duration=duration, intensity=intensity, targets=tuple(targets)
        )
        self.batch.add_intervention(iv)
        return iv

    def apply_shock(self, kind: str, severity: float = 0.5, duration: int | None = None) -> Shock:
        """Let a shock strike in the coming month and return it."""
        shock = Shock(kind, month=self.month, severity=severity, duration=duration)
        self.batch.add_shock(shock)
        return shock

    def end_funding(self) -> None:
        """Let programme funding end in the coming month (trainer's "Förderende").

        Posts are then taken over in proportion to legitimacy, as at a scheduled end.

        Raises
        ------
        InputError
            If funding has already ended.
        """
        ended = int(self.batch.params["funding_months"][0])
        if self.month > ended:
            raise InputError(f"funding already ended in month {ended}", key="funding_months")
        self.batch.set_params(funding_months=self.month)

    def series(self, name: str) -> np.ndarray:
        """A metric's collected monthly values as an array."""
        return np.asarray(self.datacollector.model_vars[name], dtype=float)

    @property
    def sustained_cooperation_index(self) -> float:
        return float(self._run_metrics()["sustained_cooperation_index"][0])

    @property
    def takeoff_month(self) -> float:
        return float(self._run_metrics()["takeoff_month"][0])

    def _run_metrics(self):
        return run_metrics(
            self.series("cooperation_rate")[None, :], self.batch.params["funding_months"]
        )

"""The Mesa model: a batch of one under real Department agents."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import mesa
import networkx as nx
import numpy as np
from mesa.discrete_space import Network

from . import metrics
from .agents import Department
from .batch import Batch, lever_end, run_metrics
from .departments import DepartmentSpec
from .errors import InputError
from .levers import DEFAULT_DURATION, DEFAULT_INTENSITY, Intervention
from .shocks import DEFAULT_SEVERITY, Shock


def report_metric(model: CollaborationModel, name: str) -> float:
    """The model's current value of metric ``name`` (a DataCollector model reporter)."""
    return float(model.current[name][0])


def report_diagnosis(agent: Department) -> str:
    return agent.diagnosis


# partials of module-level functions (not lambdas or Mesa's attribute closures): the model
# pickles
_REPORTERS = {name: functools.partial(report_metric, name=name) for name in metrics.METRIC_NAMES}


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
        self,
        lever: str,
        duration: int = DEFAULT_DURATION,
        intensity: float = DEFAULT_INTENSITY,
        targets: Sequence[str] = (),
    ) -> Intervention:
        """Start a lever now (from the next step on) and return the intervention."""
        iv = Intervention(
            lever, start=self.month, duration=duration, intensity=intensity, targets=tuple(targets)
        )
        self.batch.add_intervention(iv)
        return iv

    def apply_shock(
        self, kind: str, severity: float = DEFAULT_SEVERITY, duration: int | None = None
    ) -> Shock:
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

    @property
    def first_report_month(self) -> float:
        """Month of the first education report so far; NaN if none."""
        return float(self._run_metrics()["first_report_month"][0])

    @property
    def lasting_cooperation(self) -> float:
        """Cooperation outlasting all support (``models.metrics.lasting_cooperation``)."""
        return float(self._run_metrics()["lasting_cooperation"][0])

    def _run_metrics(self):
        series = {name: self.series(name)[None, :] for name in ("cooperation_rate", "reports")}
        return run_metrics(
            series, self.batch.params["funding_months"], lever_end(self.batch.plan.interventions)
        )

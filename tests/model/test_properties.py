"""Property-based: any parameters within the registry bounds keep the model in bounds."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import models
from models import PARAMETERS, Intervention, Shock

SHARES = [name for name, m in models.METRICS.items() if m.high == 1.0]
COUNTS = [name for name, m in models.METRICS.items() if m.high is None]


@st.composite
def parameter_sets(draw):
    params = {}
    for name, p in PARAMETERS.items():
        if p.structural:
            continue
        if p.integer:
            params[name] = draw(st.integers(int(p.low), min(int(p.high), 240)))
        else:
            params[name] = draw(st.floats(p.low, p.high, allow_nan=False))
    return params


@st.composite
def plans(draw):
    levers = draw(st.lists(st.sampled_from(models.LEVER_IDS), max_size=4))
    return [
        Intervention(lev, draw(st.integers(0, 20)), draw(st.integers(1, 30)), draw(st.floats(0, 1)))
        for lev in levers
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=parameter_sets(),
    plan=plans(),
    seed=st.integers(0, 2**32),
    shock=st.sampled_from(list(models.SHOCK_KINDS)),
    severity=st.floats(0, 1),
)
def test_any_parameters_keep_states_in_bounds(params, plan, seed, shock, severity):
    batch = models.Batch([seed, seed + 1], plan, [Shock(shock, 5, severity)], params=params)
    for _ in range(30):
        s = batch.advance()
        for name in (
            "necessity",
            "motivation",
            "competence",
            "mandate",
            "workload",
            "trust",
            "understanding",
            "political_will",
            "legitimacy",
            "data_quality",
            "institutionalisation",
            "communication",
            "decision_quality",
            "goals",
            "options",
            "outcome",
        ):
            values = getattr(s, name)
            assert np.all(np.isfinite(values)), name
            assert np.all((values >= 0) & (values <= 1)), name
        assert np.all(s.remaining >= 0) and np.all(s.office_fte >= 0)
        assert np.all(np.isfinite(s.free_hours))
    result = models.simulate([seed], 24, plan, [Shock(shock, 5, severity)], **params)
    for name in SHARES:
        assert np.all((result[name] >= 0) & (result[name] <= 1)), name
    for name in COUNTS:
        assert np.all(np.isfinite(result[name])) and np.all(result[name] >= 0), name

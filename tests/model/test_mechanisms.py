"""Unit tests of single mechanisms, each switched on and off with common random numbers."""

import numpy as np
import pytest

import models
from models import Batch, CollaborationModel, Intervention, Shock, simulate
from models.kernel import conjunctive_readiness
from models.levers import Plan

SEEDS = list(range(100, 120))


def final(result, name):
    return result[name][:, -1].mean()


def test_readiness_is_conjunctive():
    x = np.linspace(0, 1, 11)
    n, w, k = np.meshgrid(x, x, x)
    r = conjunctive_readiness(n, w, k)
    assert np.all((r >= 0) & (r <= 1))
    assert np.all(r[0] == 0) and np.all(r[:, 0] == 0) and np.all(r[:, :, 0] == 0)
    assert conjunctive_readiness(0.05, 1.0, 1.0) < 0.05 < 0.5 < conjunctive_readiness(0.3, 0.4, 0.3)
    assert np.all(np.diff(conjunctive_readiness(x, 0.5, 0.5)) >= 0)


def test_no_free_hours_no_cooperation():
    result = simulate(SEEDS, 36, capacity_hours=0.0, **{"motivation_init": 0.9})
    assert result["active_projects"].max() == 0
    assert result["cooperation_rate"].max() == 0


def test_overload_trap_stops_meetings():
    result = simulate(SEEDS, 36, workload=1.0, workload_threshold=0.5)
    assert result["cooperation_rate"].max() == 0


def test_trust_floor_from_institutionalisation():
    model = CollaborationModel(
        rng=1, institutionalisation_init=1.0, trust_floor=0.6, turnover_rate=1.0, trust_init=0.0
    )
    for _ in range(24):
        model.step()
        assert model.batch.state.trust.min() >= 0.6 * model.batch.state.institutionalisation[0]


def test_learning_by_doing_raises_competence():
    kw = {"motivation_init": 0.8, "necessity_init": 0.7, "turnover_rate": 0.0}
    learning = simulate(SEEDS, 60, learning_by_doing=0.05, **kw)
    none = simulate(SEEDS, 60, learning_by_doing=0.0, **kw)
    assert final(learning, "mean_competence") > final(none, "mean_competence") + 0.05


def test_turnover_erodes_competence():
    stable = simulate(SEEDS, 60, turnover_rate=0.0)
    churn = simulate(SEEDS, 60, turnover_rate=0.9)
    assert final(churn, "mean_competence") < final(stable, "mean_competence") - 0.03


def test_turnover_wave_replaces_liaisons():
    model = CollaborationModel(rng=2, turnover_rate=0.0, shocks=[Shock("turnover_wave", 5, 1.0)])
    for _ in range(5):
        model.step()
    assert not model.batch.state.turnover.any()
    model.step()
    assert model.batch.state.turnover.all()
    assert all(d.tenure == 0 for d in model.departments)


def test_aspiration_above_punishment_keeps_mutual_declining_unsatisfying():
    # Macy & Flache's window: with P < A, declining when the partner declines too (P = 0)
    # is punished and motivation recovers; with A < P it satisfies and motivation settles low
    kw = {"necessity_init": 0.7, "competence_init": 0.7, "leadership_pull": 0.0}
    inside = simulate(SEEDS, 60, aspiration=0.5, **kw)
    below = simulate(SEEDS, 60, aspiration=-0.4, **kw)
    assert final(inside, "mean_motivation") > final(below, "mean_motivation") + 0.05


def test_without_learning_the_games_leave_motivation_alone():
    kw = {"leadership_pull": 0.0, "motivation_decay": 0.0, "turnover_rate": 0.0}
    still = simulate(SEEDS, 36, learning_rate=0.0, **kw)
    # 1 - (1 - W) after a decline may differ from W in the last bit
    np.testing.assert_allclose(
        still["mean_motivation"][:, -1], still["mean_motivation"][:, 0], rtol=0, atol=1e-12
    )
    assert simulate(SEEDS, 36, **kw)["mean_motivation"][:, -1].std() > 0


@pytest.mark.parametrize(("legitimacy", "expected_drop"), [(0.0, 0.8), (1.0, 0.0)])
def test_election_cut_is_buffered_by_legitimacy(legitimacy, expected_drop):
    model = CollaborationModel(
        rng=3,
        legitimacy_init=legitimacy,
        election_hazard=0.0,
        political_will_decay=0.0,
        shocks=[Shock("election", 0, 0.8)],
    )
    before = model.current["political_will"][0]
    model.step()
    assert model.batch.state.election[0]
    after = model.current["political_will"][0]
    # legitimacy itself decays by 1/240 within the step; the cut uses the month's start
    assert after == pytest.approx(before * (1 - expected_drop), abs=0.02)


def test_data_report_necessity_chain():
    levers = [Intervention("data_foundation", 0, 60), Intervention("problem_analysis", 0, 60)]
    # the chain, not the calibrated data defaults (which put data quality just above the
    # report threshold while the funded office works): data keep well above it here
    model = CollaborationModel(
        rng=4, interventions=levers, necessity_decay=0.05, data_quality_init=0.15, data_decay=0.028
    )
    reports, necessity = [], []
    for _ in range(72):
        model.step()
        reports.append(bool(model.batch.state.report[0]))
        necessity.append(model.current["mean_necessity"][0])
    first = reports.index(True)
    assert first >= 6  # data must first pass the threshold
    assert necessity[first] > necessity[first - 1] + 0.01
    assert sum(reports) >= 2
    assert necessity[-1] < max(necessity)  # fades once reports stop
    plain = simulate([4], 72, necessity_decay=0.05)
    assert plain["mean_necessity"].max() < max(necessity)


def test_office_posts_end_with_funding_unless_legitimate():
    low = CollaborationModel(rng=5, funding_months=6, legitimacy_init=0.0)
    high = CollaborationModel(rng=5, funding_months=6, legitimacy_init=1.0)
    for _ in range(8):
        low.step()
        high.step()
    assert low.series("office_fte")[6] == 2.0 and low.series("office_fte")[-1] == 0.0
    assert high.series("office_fte")[-1] == 2.0


def test_committees_build_institutionalisation_that_decays_after():
    result = simulate(SEEDS, 72, interventions=[Intervention("committees_structures", 0, 24)])
    i = result["institutionalisation"].mean(axis=0)
    lever_end = 24 + models.get_lever("committees_structures").delay
    assert i[lever_end] > 0.5
    assert i[-1] < i[lever_end]


def test_plan_windows_and_targets():
    keys = [d.key for d in models.DEFAULT_DEPARTMENTS]
    iv = Intervention(
        "committees_structures", start=2, duration=3, intensity=0.5, targets=("jugendamt",)
    )
    plan = Plan([iv], keys)
    row = models.LEVER_IDS.index("committees_structures")
    delay = models.get_lever("committees_structures").delay
    assert [plan.cost(m)[row, 0] for m in range(7)] == [0, 0, 0.5, 0.5, 0.5, 0, 0]
    acting = [plan.effect(m)[row, 0] for m in range(12)]
    assert acting.index(0.5) == 2 + delay and sum(acting) == 1.5
    assert plan.cost(3)[row, 1] == 0  # not targeted
    with pytest.raises(models.InputError, match=r"unknown department 'jugendam'.*jugendamt"):
        Plan([Intervention("qualification", targets=("jugendam",))], keys)


def test_lever_costs_are_accounted():
    lever = models.get_lever("qualification")
    result = simulate([1], 12, interventions=[Intervention("qualification", 0, 10)])
    hours = result["lever_hours"][0]
    assert hours[-1] == pytest.approx(10 * (11 * lever.dept_hours + lever.office_hours))
    assert result["lever_euros"][0, -1] == pytest.approx(10 * lever.euros)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Intervention("qualificaton"), "did you mean 'qualification'"),
        (lambda: Intervention("qualification", start=-1), "'start' must be an integer >= 0"),
        (lambda: Intervention("qualification", duration=0), "'duration' must be an integer >= 1"),
        (lambda: Intervention("qualification", intensity=2), "'intensity' must be a number in"),
        (lambda: Shock("eletion", 3), "did you mean 'election'"),
        (lambda: Shock("crisis", 3, severity=-0.1), "'severity' must be a number in"),
        (lambda: Shock("crisis", 2.5), "'month' must be an integer"),
    ],
)
def test_bad_levers_and_shocks(make, message):
    with pytest.raises(models.InputError, match=message):
        make()


def test_scaling_keeps_pairs_linear():
    pairs = [Batch([1], params={"n_departments": n}).structure.n_pairs for n in (10, 40, 160)]
    assert pairs[2] / pairs[1] < 5 and pairs[1] / pairs[0] < 6


def test_custom_department_table():
    specs = [
        models.DepartmentSpec("jugendamt", "Jugendamt", "Youth Office", necessity=0.9),
        models.DepartmentSpec("schulverwaltung", "Schulverwaltung", "Schools"),
        models.DepartmentSpec("sportamt", "Sportamt", "Sports Office"),
    ]
    model = CollaborationModel(rng=1, departments=specs, init_spread=0.0)
    assert [d.key for d in model.departments] == ["jugendamt", "schulverwaltung", "sportamt"]
    assert model.departments[0].necessity == pytest.approx(0.9)
    assert model.batch.structure.n_pairs >= 2
    with pytest.raises(models.InputError, match="n_departments"):
        CollaborationModel(rng=1, departments=specs, n_departments=5)


def test_end_funding_now_matches_a_scheduled_end():
    live = CollaborationModel(rng=7, funding_months=100)
    for _ in range(20):
        live.step()
    live.end_funding()
    for _ in range(10):
        live.step()
    scheduled = simulate([7], 30, funding_months=20)
    for name in ("office_fte", "cooperation_rate", "mean_trust"):
        np.testing.assert_array_equal(live.series(name), scheduled[name][0], err_msg=name)
    with pytest.raises(models.InputError, match="funding already ended in month 20"):
        live.end_funding()


def test_set_params_rejects_structural_and_unknown_names():
    batch = Batch([1])
    with pytest.raises(models.InputError, match="cannot change during a run"):
        batch.set_params(n_departments=12)
    with pytest.raises(models.InputError, match="did you mean 'workload'"):
        batch.set_params(workloa=0.3)
    with pytest.raises(models.InputError, match="'workload' must be a number in"):
        batch.set_params(workload=2.0)


@pytest.mark.parametrize(("aspiration", "direction"), [(0.75, 1.0), (-0.5, -1.0)])
def test_declining_is_learnt_from(aspiration, direction):
    # Every department declines (Planspiel choices 0). Mutual declining pays P = 0: with
    # an aspiration above P it is punished and motivation (the propensity to agree) rises;
    # below P it satisfies and motivation falls (ODD 7.6, the game of the meeting)
    kw = {"leadership_pull": 0.0, "motivation_decay": 0.0, "turnover_rate": 0.0}
    batch = Batch(SEEDS, params={"aspiration": aspiration, **kw})
    batch.choices[...] = 0
    start = batch.state.motivation.copy()
    batch.run(24)
    change = batch.state.motivation - start
    assert direction * change.mean() > 0.01
    assert np.all(direction * change >= -1e-12)


def test_diagnosis_names_a_factor_missing_exactly_where_the_gate_bites():
    """Issue 9: N = 0.3 (gate factor 0.77) is not 'confusion'; below READINESS_HALF it is."""
    from models.kernel import READINESS_HALF, diagnose

    h = READINESS_HALF
    ok = dict(motivation=0.9, competence=0.9, free=100.0, decision=0.9, project_hours=10.0)
    for n in (0.3, h * 1.01, h * 0.99, 0.1):
        code = int(diagnose(n, ok["motivation"], ok["competence"], ok["free"], 0.9, 10.0))
        gate = n**3 / (n**3 + h**3)
        assert (code == 1) == (gate < 0.5), (n, code, gate)
    assert int(diagnose(0.9, 0.4, 0.9, 100.0, 0.9, 10.0)) == 2  # propensity halves agreement
    assert int(diagnose(0.9, 0.9, 0.9, 9.0, 0.9, 10.0)) == 4  # hours do not cover a project
    assert int(diagnose(0.9, 0.9, 0.9, 100.0, 0.2, 10.0)) == 5
    assert int(diagnose(0.9, 0.9, 0.9, 100.0, 0.9, 10.0)) == 0


def test_negotiation_builds_binding_commitment_that_keeps_partners_in():
    """Issue 9: `negotiation` is negotiated commitment (fewer withdrawals), not understanding."""
    seeds = np.arange(60)
    plan = [Intervention("negotiation", start=0, duration=60)]
    base = simulate(seeds, 72, **{})
    negotiated = simulate(seeds, 72, plan)
    withdrawals = base["defections"][:, 1:].sum(axis=1).mean()
    kept = negotiated["defections"][:, 1:].sum(axis=1).mean()
    # per project started, fewer partners withdraw (margin: a fifth fewer)
    per_base = withdrawals / base["successes"][:, 1:].sum(axis=1).mean()
    per_neg = kept / negotiated["successes"][:, 1:].sum(axis=1).mean()
    assert per_neg < 0.8 * per_base, (per_base, per_neg)
    model = CollaborationModel(rng=3, interventions=plan)
    for _ in range(24):
        model.step()
    state = model.batch.state
    assert state.commitment.min() > 0.3
    lone = CollaborationModel(rng=3)
    for _ in range(24):
        lone.step()
    assert lone.batch.state.commitment.max() == 0.0


def test_brokered_starts_tie_partners_to_the_office_and_self_organised_ones_directly():
    """SF13: the network centralisation is 1 for a star around the office, lower with
    direct ties; without self-organisation every started project is brokered."""
    from models import kernel, metrics

    levers = [Intervention("cooperation_brokering", 0, 60), Intervention("qualification", 0, 60)]
    kw = {"funding_months": 120, "motivation_init": 0.8, "trust_init": 0.8}
    batch = Batch(SEEDS, levers, params={**kw, "self_organisation": 0.0})
    for _ in range(36):
        s = batch.advance()
        assert np.all(s.brokered[s.started])
    c = batch.metrics["network_centralisation"]
    cooperating = (s.remaining > 0) | (s.since_success < kernel.RECENT_SUCCESS)
    tied = np.zeros(s.necessity.shape, dtype=bool)
    for p, (i, j) in enumerate(zip(batch.structure.pair_i, batch.structure.pair_j, strict=True)):
        tied[:, i] |= cooperating[:, p]
        tied[:, j] |= cooperating[:, p]
    # a star around the office over the tied departments: 1 (0 below two of them)
    np.testing.assert_array_equal(c, np.where(tied.sum(axis=1) >= 2, 1.0, 0.0))
    np.testing.assert_array_equal(c, metrics.network_centralisation(s, batch.structure))
    free = Batch(SEEDS, levers, params=kw)
    for _ in range(36):
        s = free.advance()
    assert (~s.brokered[s.remaining > 0]).any()  # some pairs started on their own
    assert free.metrics["network_centralisation"].mean() < c.mean()
    np.testing.assert_array_equal(
        free.metrics["network_centralisation"], metrics.network_centralisation(s, free.structure)
    )


def test_a_report_sets_the_agenda_that_a_willing_leadership_answers():
    """SF15: goals, legitimacy and then structures follow a report under high political
    will, not under low; with agenda_response 0 reports only raise awareness."""
    levers = [Intervention("data_foundation", 0, 36), Intervention("problem_analysis", 0, 36)]
    kw = {"election_hazard": 0.0, "funding_months": 120}

    def run(**extra):
        return simulate(SEEDS, 36, levers, **{**kw, **extra})

    off = run(political_will_init=0.8, agenda_response=0.0)
    assert off["reports"].sum() > 0
    high = run(political_will_init=0.8, agenda_response=0.5)
    low = run(political_will_init=0.1, agenda_response=0.5)
    for name in ("cooperation_rate", "mean_necessity", "reports"):
        np.testing.assert_array_equal(off[name][:, :1], high[name][:, :1])
    first = int(np.nonzero(high["reports"][0])[0][0])
    assert np.all(high["institutionalisation"][:, :first] == off["institutionalisation"][:, :first])
    assert final(high, "institutionalisation") > final(off, "institutionalisation") + 0.05
    assert final(high, "legitimacy") > final(off, "legitimacy")
    gain_low = final(low, "institutionalisation") - final(
        run(political_will_init=0.1, agenda_response=0.0), "institutionalisation"
    )
    assert gain_low < 0.01
    mute = run(political_will_init=0.8, agenda_response=0.5, report_effect=0.0)
    np.testing.assert_array_equal(
        mute["institutionalisation"],
        run(political_will_init=0.8, agenda_response=0.0, report_effect=0.0)[
            "institutionalisation"
        ],
    )


def test_a_flagship_project_runs_longer_is_harder_and_builds_the_trust_of_one_success():
    """SF4: project_scale k makes projects k times as long, harder by scale_difficulty ln k
    and worth one success of trust (k with trust_per_size 1); k = 1 is the model as before."""
    levers = [Intervention("cooperation_brokering", 0, 36)]
    small = Batch(SEEDS, levers, params={"project_scale": 1.0})
    large = Batch(SEEDS, levers, params={"project_scale": 3.0})
    assert np.all(small.frame.p.duration == 6) and np.all(large.frame.p.duration == 18)
    g = small.frame.p.trust_gain
    np.testing.assert_array_equal(small.frame.p.success_gain, g)
    np.testing.assert_array_equal(large.frame.p.success_gain, g)  # one turn of the loop
    sized = Batch(SEEDS, levers, params={"project_scale": 3.0, "trust_per_size": 1})
    np.testing.assert_allclose(sized.frame.p.success_gain, 1 - (1 - g) ** 3)
    np.testing.assert_allclose(large.frame.p.size_difficulty, 0.3 * np.log(3.0))
    for _ in range(24):
        s = large.advance()
        assert s.remaining.max() <= 18
    flat = Batch(SEEDS, levers, params={"project_scale": 3.0, "scale_difficulty": 0.0})
    assert np.all(flat.frame.p.size_difficulty == 0.0)


def test_a_qualified_majority_lets_the_powerful_side_outvote_the_weak_one():
    """SF11: under decision_rule 1 projects start that one side declined, the outvoted
    side is recorded and decision_equity falls; with equal power nobody is outvoted."""
    levers = [Intervention("cooperation_brokering", 0, 36)]

    def run(**kw):
        return simulate(SEEDS, 36, levers, **kw)

    unanimity = run()
    assert np.all(unanimity["decision_equity"] == 1.0)
    majority = run(decision_rule=1)
    assert majority["decision_equity"].min() < 1.0
    assert majority["active_projects"].sum() > unanimity["active_projects"].sum()
    equal = run(decision_rule=1, power_spread=0.0)
    np.testing.assert_array_equal(
        equal["cooperation_rate"], run(power_spread=0.0)["cooperation_rate"]
    )
    batch = Batch(SEEDS, levers, params={"decision_rule": 1})
    for _ in range(24):
        s = batch.advance()
        assert np.all(s.overruled[s.remaining == 0] == 0)
    power = batch.frame.p.power[0]
    for r, p in zip(*np.nonzero(s.overruled), strict=True):
        i, j = batch.structure.pair_i[p], batch.structure.pair_j[p]
        weak, strong = (i, j) if s.overruled[r, p] == 1 else (j, i)
        assert power[strong] >= 2 / 3 * (power[i] + power[j]) > power[weak]


def test_stakeholder_mapping_reveals_the_true_interdependence():
    """Departments that see only part of their interdependence meet less; mapping moves
    what they see to the truth; with perception 1 (the default) it is the truth."""
    mapping = [Intervention("stakeholder_mapping", 0, 48)]
    seen = Batch(SEEDS, mapping, params={"interdependence_perception": 0.3})
    dep = seen.structure.dep
    np.testing.assert_allclose(
        seen.state.perceived, 0.3 * np.broadcast_to(dep, (len(SEEDS), len(dep)))
    )
    for _ in range(48):
        s = seen.advance()
    assert np.all(s.perceived <= dep + 1e-12) and s.perceived.mean() > 0.6 * dep.mean()
    full = Batch(SEEDS, mapping)
    for _ in range(12):
        t = full.advance()
    np.testing.assert_array_equal(t.perceived, np.broadcast_to(dep, t.perceived.shape))
    blind = simulate(SEEDS, 48, interdependence_perception=0.0, necessity_init=0.8)
    clear = simulate(SEEDS, 48, necessity_init=0.8)
    # over the whole run (the last month alone is one or two projects of 20 seeds: noise)
    assert blind["active_projects"].sum() < clear["active_projects"].sum()


def test_shared_goals_can_act_on_agreement():
    """goals_agreement > 0: with the shared_goals lever departments agree more often;
    without goals (no lever) the weight changes nothing."""
    goals = [Intervention("shared_goals", 0, 36)]
    plain = simulate(SEEDS, 36, goals)
    weighted = simulate(SEEDS, 36, goals, goals_agreement=3.0)
    assert weighted["active_projects"].sum() > plain["active_projects"].sum()
    np.testing.assert_array_equal(
        simulate(SEEDS, 36, goals_agreement=3.0)["cooperation_rate"],
        simulate(SEEDS, 36)["cooperation_rate"],
    )


def test_without_anchoring_structures_act_on_nothing():
    """anchoring 0 (the SF6 knockout): institutionalisation no longer acts, so its start
    value changes no cooperation, and legitimacy secures no post at the funding end."""
    ready = {"necessity_init": 0.7, "motivation_init": 0.7, "competence_init": 0.7}
    kw = {"funding_months": 12, "legitimacy_init": 0.9, "turnover_rate": 0.3, **ready}

    def coop(anchoring, institution):
        return simulate(SEEDS, 48, anchoring=anchoring, institutionalisation_init=institution, **kw)

    np.testing.assert_array_equal(
        coop(0, 0.9)["cooperation_rate"], coop(0, 0.0)["cooperation_rate"]
    )
    assert coop(1, 0.9)["cooperation_rate"].sum() > coop(1, 0.0)["cooperation_rate"].sum()
    core = models.DEFAULTS["core_posts"]
    np.testing.assert_allclose(coop(0, 0.9)["office_fte"][:, 13:], core)
    assert coop(1, 0.9)["office_fte"][:, 13:].min() > core


def test_without_the_legitimacy_buffer_an_election_cuts_fully():
    """legitimacy_buffer 0 (the SF9 knockout): an election cuts political will by its
    severity whatever the legitimacy; with the buffer high legitimacy keeps most of it."""
    election = [Shock("election", 12, 0.9)]

    def will_after(legitimacy, buffer):
        out = simulate(
            SEEDS,
            14,
            shocks=election,
            legitimacy_init=legitimacy,
            election_hazard=0.0,
            political_will_init=0.8,
            legitimacy_buffer=buffer,
        )
        return out["political_will"][:, 13]  # the month after the election

    np.testing.assert_array_equal(will_after(0.9, 0), will_after(0.05, 0))
    assert will_after(0.9, 1).mean() > 2 * will_after(0.05, 1).mean()


def test_without_the_office_limit_no_project_queues():
    """office_limit 0 (the SF12 knockout): every agreed project starts, so the office's
    posts change nothing; with the limit a small office makes projects queue."""
    ready = {"necessity_init": 0.8, "motivation_init": 0.8, "competence_init": 0.8}

    def run(posts, limit):
        batch = Batch(SEEDS, params={"funded_posts": posts, "office_limit": limit, **ready})
        queued, running = 0, []
        for _ in range(36):
            s = batch.advance()
            queued += int(s.queued.sum())
            running.append(s.remaining.copy())
        return queued, np.array(running)

    (q_small, small), (q_large, large) = run(0.25, 0), run(2.0, 0)
    assert q_small == q_large == 0
    np.testing.assert_array_equal(small, large)
    assert run(0.25, 1)[0] > 0


@pytest.mark.parametrize("ratio, decay", [(3.0, 0.25), (1.0, 0.25), (3.0, 1.0)])
def test_a_betrayal_memory_discounts_trust_gains_while_it_fades(ratio, decay):
    """SF3 (Slovic 1993; Lewicki & Bunker 1995): a withdrawal sets the pair's memory to 1;
    it fades by betrayal_memory_decay a month and divides a success's trust gain by
    1 + (trust_loss_ratio - 1) x memory; ratio 1 or decay 1 leave the gain as it was."""
    params = {
        **{k: 0.8 for k in ("necessity_init", "motivation_init", "competence_init")},
        "turnover_rate": 0.0,
        "trust_floor": 0.0,
        "misperception": 0.0,  # no misread failures: only a withdrawal sets the memory
        "trust_loss_ratio": ratio,
        "betrayal_memory_decay": decay,
        "reputation_spillover": 0.0,  # the pair's own gain only (no partner's success, SF4)
    }
    batch = Batch(SEEDS, [Intervention("cooperation_brokering", 0, 48)], params=params)
    batch.state = batch.state.replace(wariness=np.full_like(batch.state.trust, 0.9))
    gain = batch.frame.p.trust_gain[:, None]
    damped = successes = withdrawals = 0
    for _ in range(48):
        before = batch.state
        s = batch.advance()
        faded = before.wariness * (1.0 - decay)
        np.testing.assert_array_equal(s.wariness, np.where(s.defected, 1.0, faded))
        won = s.succeeded
        expected = before.trust + gain * (1.0 - before.trust) / (1.0 + (ratio - 1.0) * faded)
        np.testing.assert_allclose(s.trust[won], expected[won], rtol=1e-12)
        undamped = before.trust + gain * (1.0 - before.trust)
        damped += int(np.sum(s.trust[won] < undamped[won] - 1e-12))
        successes += int(won.sum())
        withdrawals += int(s.defected.sum())
    assert successes > 20 and withdrawals > 5, (successes, withdrawals)
    assert (damped > 0) == (ratio > 1.0 and decay < 1.0), damped


@pytest.mark.parametrize("load", [0.0, 2.0])
def test_lost_competence_adds_workload_in_the_capability_trap(load):
    """SF8 (Repenning & Sterman 2002): competence below the baseline adds firefighting_load
    x deficit to the workload, which lowers free hours and deepens the trap; 0 = no
    feedback."""
    params = {"workload": 0.5, "firefighting_load": load, "reorganisation_hazard": 0.0}
    params = {k: v for k, v in params.items() if k in models.PARAMETERS}
    intact, hurt = Batch(SEEDS, params=params), Batch(SEEDS, params=params)
    deficit = np.minimum(0.1, hurt.state.competence_base)
    hurt.state = hurt.state.replace(competence=hurt.state.competence_base - deficit)
    a, b = intact.advance(), hurt.advance()
    expected = np.clip(a.workload + load * deficit, 0.0, 1.0)
    np.testing.assert_allclose(b.workload, expected, rtol=0, atol=1e-12)
    if load > 0:
        assert np.all(b.workload >= a.workload) and np.any(b.free_hours < a.free_hours)
    else:
        np.testing.assert_array_equal(b.workload, a.workload)

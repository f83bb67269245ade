"""Empfehlung (Recommend) view: robust lever bundles under a budget, in the browser.

A small ``dkbm optimise`` (:mod:`simulation.planning.optimise`) run as a background
:class:`simulation.web.jobs.Job` with progress and cancel: budget in euros and staff
hours, the base situation (and a county), the uncertain ranges, the robustness measure
and a search size that fits the web (default 12 bundles × 6 rounds on 4 conditions × 3
runs). The result: the Pareto front as a figure and a table, a bundle's timeline and
curves against the base, and "In den Planer übernehmen", which loads the bundle's
scenario into Planen.
"""

from __future__ import annotations

import html
import re

import solara

import models
from simulation import formatting as F
from simulation.planning.report import objective_name
from simulation.scenarios import builtin_scenarios

from . import jobs
from .plots import cached_png, png_bytes
from .state import Message, Session
from .texts import t
from .widgets import ItemSelect, JobProgress, MessageView, NumberField, guarded

NO_COUNTY = ""
PLAN = "__plan__"  # base: the scenario open in Planen, as the planner has edited it
ROBUSTNESS = ("p10", "mean", "regret")
#: the uncertain ranges of scenarios/optimise/beispiel.toml (tested to match)
RANGES = {"turnover_rate": (0.05, 0.2), "political_will_init": (0.2, 0.6)}
#: the web's search: small enough for about a minute on two cores
DEFAULTS = {
    "budget_euros": 200_000.0,
    "budget_hours": 8_000.0,
    "scenario": "baseline",
    "county": NO_COUNTY,
    "robustness": "p10",
    "population": 12,
    "generations": 6,
    "samples": 4,
    "replications": 3,
    "ranges": dict(RANGES),
    "seed": 1,
}
#: bounds of the form's fields (larger searches belong to ``dkbm optimise``)
LIMITS = {
    "budget_euros": (0.0, 10_000_000.0),
    "budget_hours": (0.0, 1_000_000.0),
    "population": (2, 40),
    "generations": (1, 25),
    "samples": (1, 16),
    "replications": (1, 10),
}
MAX_LEVERS = 4
CSS = """
.dkbm-rec-front tr.dkbm-rec-selected td { background: #fff3c4; }
.dkbm-rec-front td.dkbm-rec-levers { min-width: 16em; }
.dkbm-rec-section { font-weight: 600; display: block; margin-top: 22px; }
.dkbm-rec-gap { margin-bottom: 22px; }
.dkbm-rec-levers-list { margin: 0 0 6px; padding-left: 1.2em; }
"""


# --- input ------------------------------------------------------------------------------------
_GROUPED = {
    "de": re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?"),
    "en": re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?"),
}


def parse_amount(text: str, lang: str = "de") -> float:
    """An amount as planners type it: ``"200.000"``, ``"200.000 €"``, ``"8000"``,
    ``"1.234,5"`` (German) or ``"200,000"`` (English); raises ``ValueError``."""
    from .widgets import parse_number

    cleaned = re.sub(r"[\s\u00a0\u202f€h]", "", str(text)).removeprefix("EUR")
    if _GROUPED.get(lang, _GROUPED["de"]).fullmatch(cleaned):
        thousands, decimal = (".", ",") if lang != "en" else (",", ".")
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    return parse_number(cleaned)


def check_amount(text: str, label: str, key: str, lang: str) -> tuple[float | None, str]:
    """``(value, "")`` or ``(None, message naming the field and the allowed range)``."""
    low, high = LIMITS[key]
    try:
        value = parse_amount(text, lang)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        return None, t(
            "rec_err_amount",
            lang,
            label=label,
            text=text,
            low=F.number(low, lang, 0),
            high=F.number(high, lang, 0),
            example=F.number(DEFAULTS[key], lang, 0),
        )
    return value, ""


def inputs(session: Session) -> dict:
    """The form's values (the defaults until changed)."""
    return {**DEFAULTS, **(session.recommend_inputs.value or {})}


def set_input(session: Session, key: str, value) -> None:
    session.recommend_inputs.value = {**inputs(session), key: value}


def spec_data(values: dict, base=None) -> dict:
    """The optimisation spec (TOML-shaped, for ``spec_from_dict``) of the form's values.

    ``base`` is the base scenario when it is not a built-in one (the plan in Planen; pass
    it to ``spec_from_dict(..., scenario=base)`` as well). The horizon is extended where
    ``lasting_cooperation`` needs the years after the funding (funding end + 48 months)."""
    from simulation.planning.spec import LASTING_AFTER

    scenario = base if base is not None else builtin_scenarios()[values["scenario"]]
    funding = int(scenario.resolved_parameters()["funding_months"])
    optimise = {
        "scenario": scenario.name,
        "months": max(scenario.months, funding + LASTING_AFTER),
        "budget_euros": float(values["budget_euros"]),
        "budget_hours": float(values["budget_hours"]),
        "robustness": values["robustness"],
        "replications": int(values["replications"]),
        "seed": int(values["seed"]),
    }
    if values.get("county"):
        optimise["county"] = values["county"]
    uncertainty = {"samples": int(values["samples"])}
    for name, (low, high) in values["ranges"].items():
        if high > low:
            uncertainty[name] = {"low": float(low), "high": float(high)}
        else:
            uncertainty[name] = float(low)
    return {
        "optimise": optimise,
        "search": {
            "population": int(values["population"]),
            "generations": int(values["generations"]),
            "max_levers": MAX_LEVERS,
        },
        "uncertainty": uncertainty,
    }


def run_count(values: dict) -> int:
    """Model runs of a search of this size (search, then the fresh re-evaluation, about)."""
    from simulation.planning.optimise import FRESH_FACTOR

    per = int(values["samples"]) * int(values["replications"])
    bundles = int(values["population"]) * int(values["generations"]) + 1
    return bundles * per + (int(values["population"]) + 8) * per * FRESH_FACTOR


# --- output -----------------------------------------------------------------------------------
def front_html(result, selected: int, lang: str) -> str:
    """The front as a table: levers in words, euros, hours, the robust objective."""
    front = result.front
    heads = "".join(
        f"<th>{html.escape(t(k, lang))}</th>"
        for k in (
            "rec_col_bundle",
            "rec_col_levers",
            "rec_col_euros",
            "rec_col_hours",
            "rec_col_objective",
            "rec_col_mean",
        )
    )
    rows = []
    for i, row in front.iterrows():
        mark = f" ★ {html.escape(t('rec_recommended', lang))}" if row["recommended"] else ""
        cls = ' class="dkbm-rec-selected"' if i == selected else ""
        rows.append(
            f"<tr{cls}><td class='dkbm-num'>{i + 1}{mark}</td>"
            f"<td class='dkbm-rec-levers'>{html.escape(row[f'levers_{lang}'])}</td>"
            f"<td class='dkbm-num'>{F.euros(row['euros'], lang)}</td>"
            f"<td class='dkbm-num'>{F.hours(row['hours'], lang)}</td>"
            f"<td class='dkbm-num'>{F.number(row['objective'], lang, 3)}</td>"
            f"<td class='dkbm-num'>"
            f"{F.interval(row['mean'], row['ci_low'], row['ci_high'], lang, 3)}</td></tr>"
        )
    note = (
        f'<p class="dkbm-note">{html.escape(t("rec_regret_note", lang))}</p>'
        if result.spec.robustness == "regret"
        else ""
    )
    return (
        f"<p><b>{html.escape(t('rec_front_title', lang))}</b></p>"
        f'<div class="dkbm-scroll"><table class="dkbm-table dkbm-rec-front"><thead><tr>'
        f"{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def front_png(result, selected: int, lang: str, dpi: float = 72) -> bytes:
    from matplotlib.figure import Figure

    from simulation.planning.report import draw_front

    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    label = t("rec_bundle", lang, n=selected + 1)
    draw_front(fig.subplots(), result, selected, lang, label=label)
    return png_bytes(fig, dpi=dpi)


def bundle_pngs(result, k: int, lang: str, dpi: float = 72) -> tuple[bytes, bytes]:
    """Bundle ``k``: its timeline, and its cooperation curve against the base."""
    from matplotlib.figure import Figure

    from simulation.planning.report import draw_curves, draw_timeline

    name = t("rec_bundle", lang, n=k + 1)
    rows = max(1, len(result.bundles[k]))
    timeline = Figure(figsize=(6.4, 1.4 + 0.45 * rows), layout="constrained")
    draw_timeline(timeline.subplots(), result, k, lang, title=name)
    curves = Figure(figsize=(6.4, 3.6), layout="constrained")
    draw_curves(curves.subplots(), result, k, lang, label=name)
    return png_bytes(timeline, dpi=dpi), png_bytes(curves, dpi=dpi)


def front_csv(result, lang: str) -> bytes:
    from simulation.planning.report import csv_bytes

    return csv_bytes(result, lang)


def apply_bundle(session: Session, result, k: int) -> bool:
    """Load bundle ``k``'s scenario (the base plus its levers) into Planen."""
    scenario = result.scenario(k)
    base = result.spec.scenario.name
    source = base if base in builtin_scenarios() else None
    if not session.switch_scenario(scenario, keep_month=False, source=source):
        return False
    session.plan_message.value = Message(
        "rec_applied", {"n": k + 1, "title": scenario.title(session.lang.value)}, level="success"
    )
    session.view.value = "planner"
    return True


# --- components -------------------------------------------------------------------------------
@solara.component
def AmountField(session: Session, key: str, label: str, lang: str, errors: dict, set_errors):
    """A budget field: German (``200.000``) or English notation, a message naming the field
    and the allowed range for anything else."""
    value = inputs(session)[key]
    shown = F.number(value, lang, 0)
    text, set_text = solara.use_state(shown)

    def commit(new):
        set_text(new or "")
        parsed, message = check_amount(new or "", label, key, lang)
        set_errors({**errors, key: message})
        if not message:
            set_input(session, key, parsed)

    return solara.InputText(
        label,
        value=text,
        on_value=commit,
        error=errors.get(key) or False,
        dense=True,
        style="max-width: 14em; min-width: 10em",
        classes=["dkbm-number", f"dkbm-rec-{key.replace('_', '-')}"],
    )


@solara.component
def RangeSlider(session: Session, name: str, lang: str):
    par = models.PARAMETERS[name]
    low, high = inputs(session)["ranges"][name]

    def on_value(pair):
        ranges = dict(inputs(session)["ranges"])
        ranges[name] = (round(float(pair[0]), 4), round(float(pair[1]), 4))
        set_input(session, "ranges", ranges)

    with solara.Column(gap="0px", style="min-width: min(18em, 100%); flex: 1 1 18em"):
        solara.Text(
            t(
                "rec_range",
                lang,
                label=par.label(lang),
                low=F.number(low, lang, 2, trim=True),
                high=F.number(high, lang, 2, trim=True),
            ),
            classes=["dkbm-explain"],
        )
        solara.SliderRangeFloat(
            "",
            value=(low, high),
            min=float(par.low),
            max=float(par.high),
            step=0.01,
            on_value=on_value,
            thumb_label=False,
        )


@solara.component
def RecommendForm(session: Session, job):
    lang = session.lang.value
    values = inputs(session)
    box = session.recommend_message
    progress = session.recommend_progress.value
    errors, set_errors = solara.use_state({})

    def start():
        if any(errors.values()):
            box.value = Message("rec_err_fields", detail="; ".join(m for m in errors.values() if m))
            return
        from simulation.errors import InputErrors
        from simulation.planning import optimise

        try:
            values = inputs(session)
            # the plan open in Planen, with its own levers, shocks and parameters
            base = session.scenario.value if values["scenario"] == PLAN else None
            spec = optimise.spec_from_dict(spec_data(values, base), source="<web>", scenario=base)
        except InputErrors as exc:
            box.value = Message(
                "err_invalid", problems=exc.problems, source=t("view_recommend", lang)
            )
            return

        def work(on_progress, cancel):
            try:
                result = optimise.run(
                    spec,
                    workers=1,
                    on_progress=lambda done, total: on_progress(done / max(total, 1)),
                    cancel=cancel,
                )
            except optimise.Cancelled:
                return False
            k = result.recommended
            figures(session, result, k, session.lang.value)  # seconds: not in a render
            session.recommend_selected.value = k
            session.recommend_result.value = result
            return True

        job.start(work)

    def setter(key):
        return guarded(box, lambda value: set_input(session, key, value))

    counties = [(NO_COUNTY, t("rec_no_county", lang))]
    from simulation.counties import counties as all_counties

    counties += [(c.name, c.name) for c in all_counties()]
    with solara.Card(t("rec_title", lang), classes=["dkbm-recommend"]):
        solara.Text(
            t("rec_help", lang),
            classes=["dkbm-explain"],
            style="display: block; margin-bottom: 26px",
        )
        with solara.Row(gap="14px", style="align-items: flex-end; flex-wrap: wrap; row-gap: 26px"):
            for key in ("budget_euros", "budget_hours"):
                AmountField(session, key, t(f"rec_{key}", lang), lang, errors, set_errors).key(
                    f"rec-{key}-{values[key]}-{lang}"
                )
            selects = (
                (
                    "scenario",
                    [(PLAN, t("rec_base_plan", lang))]
                    + [(n, sc.title(lang)) for n, sc in builtin_scenarios().items()],
                    16,
                ),
                ("county", counties, 14),
                ("robustness", [(r, t(f"rob_{r}", lang)) for r in ROBUSTNESS], 18),
            )
            for key, items, width in selects:
                ItemSelect(
                    t({"scenario": "rec_base"}.get(key, f"rec_{key}"), lang),
                    items,
                    values[key],
                    setter(key),
                    style=f"min-width: min({width}em, 100%); max-width: {width + 8}em",
                    classes=[f"dkbm-rec-{key}"],
                )
        solara.Text(t("rec_uncertain", lang), classes=["dkbm-rec-section"])
        with solara.Row(gap="24px", style="flex-wrap: wrap"):
            for name in values["ranges"]:
                RangeSlider(session, name, lang)
        solara.Text(t("rec_search", lang), classes=["dkbm-rec-section", "dkbm-rec-gap"])
        with solara.Row(gap="10px", style="align-items: flex-end; flex-wrap: wrap; row-gap: 22px"):
            for key in ("population", "generations", "samples", "replications"):
                low, high = LIMITS[key]
                NumberField(
                    t(f"rec_{key}", lang),
                    values[key],
                    setter(key),
                    lang,
                    low,
                    high,
                    integer=True,
                    style="max-width: 9em",
                ).key(f"rec-{key}-{values[key]}-{lang}")
            solara.Button(
                t("rec_run", lang),
                icon_name="mdi-lightbulb-on-outline",
                on_click=guarded(box, start),
                color="primary",
                disabled=progress is not None,
                classes=["dkbm-run-recommend"],
            )
        solara.Text(
            t("rec_size_note", lang, runs=F.count(run_count(values), lang)),
            classes=["dkbm-note"],
            style="display: block; margin-top: 6px",
        )
        if progress is not None:
            JobProgress(job, progress, lang)
        MessageView(box.value, lang)


def figures(session: Session, result, k: int, lang: str) -> tuple[bytes, tuple[bytes, bytes]]:
    store = session.figures
    front = cached_png(
        store, ("rec-front", id(result), k, lang), lambda: front_png(result, k, lang)
    )
    bundle = cached_png(
        store, ("rec-bundle", id(result), k, lang), lambda: bundle_pngs(result, k, lang)
    )
    return front, bundle


@solara.component
def RecommendResult(session: Session, result):
    lang = session.lang.value
    n = len(result.front)
    k = session.recommend_selected.value
    k = result.recommended if k is None or not 0 <= k < n else k
    front, bundle = solara.use_memo(
        lambda: figures(session, result, k, lang), [id(result), k, lang]
    )
    row = result.front.iloc[k]
    spec = result.spec
    solara.Text(
        t(
            "rec_done",
            lang,
            bundles=F.count(result.evaluations, lang),
            runs=F.count(result.runs, lang),
            seconds=F.seconds(result.seconds, lang),
            objective=objective_name(result.spec, lang),
            how=t(f"rob_{spec.robustness}", lang),
        ),
        classes=["dkbm-note", "dkbm-rec-done"],
        style="display: block",
    )
    with solara.ColumnsResponsive(12, large=[5, 7]):
        solara.Image(front, width="100%", classes=["dkbm-rec-front-figure"])
        solara.HTML(tag="div", unsafe_innerHTML=front_html(result, k, lang))
    with solara.Row(gap="6px", style="align-items: center; flex-wrap: wrap; margin: 6px 0"):
        solara.Text(t("rec_choose", lang), style="font-weight: 600")
        for i in range(n):
            label = t("rec_bundle", lang, n=i + 1) + (
                " ★" if result.front["recommended"][i] else ""
            )
            solara.Button(
                label,
                on_click=lambda i=i: session.recommend_selected.set(i),
                small=True,
                color="primary" if i == k else None,
                outlined=i != k,
                classes=["dkbm-rec-pick", f"dkbm-rec-pick-{i + 1}"],
            )
    from simulation.planning.optimise import describe_bundle

    title = t("rec_bundle", lang, n=k + 1)
    if row["recommended"]:
        title += f" ★ {t('rec_recommended', lang)}"
    parts = [describe_bundle((iv,), lang) for iv in result.bundles[k]] or [
        describe_bundle((), lang)
    ]
    items = "".join(f"<li>{html.escape(p)}</li>" for p in parts)
    with solara.Card(title, classes=["dkbm-rec-bundle"]):
        solara.HTML(tag="ul", unsafe_innerHTML=items, classes=["dkbm-rec-levers-list"])
        solara.Text(
            t(
                "rec_facts",
                lang,
                euros=F.euros(row["euros"], lang),
                hours=F.hours(row["hours"], lang),
                value=F.number(row["objective"], lang, 3),
            ),
            style="display: block",
        )
        with solara.ColumnsResponsive(12, large=[6, 6]):
            solara.Image(bundle[0], width="100%", classes=["dkbm-rec-bundle-figure"])
            solara.Image(bundle[1], width="100%", classes=["dkbm-rec-curves-figure"])
        with solara.Row(gap="8px", style="flex-wrap: wrap; align-items: center"):
            solara.Button(
                t("rec_apply", lang),
                icon_name="mdi-arrow-right-bold-box-outline",
                on_click=guarded(
                    session.recommend_message, lambda: apply_bundle(session, result, k)
                ),
                color="primary",
                classes=["dkbm-rec-apply"],
            )
            solara.FileDownload(
                lambda: result.scenario(k).to_toml().encode("utf-8"),
                filename=f"empfehlung-buendel-{k + 1}.toml"
                if lang == "de"
                else f"recommended-bundle-{k + 1}.toml",
                label=t("rec_download_toml", lang),
                mime_type="application/toml",
            )
            solara.FileDownload(
                lambda: front_csv(result, lang),
                filename="empfehlung-front.csv" if lang == "de" else "recommendation-front.csv",
                label=t("rec_download_csv", lang),
                mime_type="text/csv",
            )


@solara.component
def RecommendView(session: Session):
    lang = session.lang.value
    if session.recommend_job is None:  # one per session: cancel works after a tab switch
        session.recommend_job = jobs.Job(
            session.recommend_progress, session.recommend_message, "recommend"
        )
    solara.Style(CSS)
    RecommendForm(session, session.recommend_job)
    result = session.recommend_result.value
    if result is None:
        if session.recommend_progress.value is None:
            solara.Text(t("rec_none", lang), style="font-style: italic")
        return
    RecommendResult(session, result)

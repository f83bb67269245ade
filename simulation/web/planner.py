"""Planner view: scenario (built-in or uploaded), controls, timeline, live run, ensemble,
downloads (scenario TOML, results CSV, figures PNG)."""

from __future__ import annotations

import html
import logging

import solara

import models
from simulation import formatting as F
from simulation.ensemble import diagnosis_table, key_metric_values, mean_ci, metric_label
from simulation.errors import InputErrors
from simulation.scenarios import MAX_MONTHS, MAX_SEED, builtin_scenarios, parse_scenario

from . import jobs
from .controls import ParameterControls
from .live import LiveRunView
from .plots import cached_png, ensemble_png
from .state import Message, Session
from .texts import t
from .timeline import TimelineEditor
from .widgets import (
    MAX_UPLOAD_KB,
    ItemSelect,
    JobProgress,
    MessageView,
    NumberField,
    UploadWidget,
    guarded,
    upload_content,
)

log = logging.getLogger(__name__)

SUMMARY_METRICS = (
    "cooperation_rate_final",
    "cooperation_rate_mean",
    "sustained_cooperation_index",
    "lasting_cooperation",
    "takeoff_month",
    "takeoff_share",
    "mean_trust_final",
    "institutionalisation_final",
    "lever_hours_final",
    "lever_euros_final",
)


def read_upload(session: Session, name: str, content: bytes) -> bool:
    """Validate an uploaded scenario file like the CLI does and use it; never executes it."""
    box = session.upload_message
    if len(content) > MAX_UPLOAD_KB * 1024:
        box.value = Message(
            "err_upload_size", {"name": name, "size": len(content) // 1024, "limit": MAX_UPLOAD_KB}
        )
        return False
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        box.value = Message("err_upload_encoding", {"name": name})
        return False
    try:
        scenario = parse_scenario(text, source=name)
    except InputErrors as exc:  # every problem of the file, in the page's language
        box.value = Message("err_upload", problems=exc.problems, source=name)
        return False
    except models.InputError as exc:
        box.value = Message("err_upload", detail=str(exc))
        return False
    if session.switch_scenario(scenario, keep_month=False, source="upload", target="upload"):
        box.value = Message(
            "ok_upload",
            {"title": scenario.title(session.lang.value), "name": name},
            level="success",
        )
        return True
    return False


@solara.component
def UploadButton(session: Session):
    lang = session.lang.value
    el = UploadWidget.element(
        label=t("upload_button", lang), tooltip=t("upload_help", lang, limit=MAX_UPLOAD_KB)
    )

    def on_file(data):
        read_upload(session, str(data.get("name", "upload.toml")), upload_content(data))

    def attach():
        widget = solara.get_widget(el)
        widget.on_file = guarded(session.upload_message, on_file)

    solara.use_effect(attach, [lang])
    return el


@solara.component
def CountySelect(session: Session, county, enabled: bool, on_value):
    """Run the chosen built-in scenario in a Brandenburg county's situation (ODD 6.1)."""
    from simulation.counties import counties

    lang = session.lang.value
    kinds = {"Landkreis": t("county_kind_district", lang)}
    items = [("", t("county_none", lang))] + [
        (c.name, f"{c.name} ({kinds.get(c.kind, t('county_kind_city', lang))})") for c in counties()
    ]
    with solara.Div(classes=["dkbm-county"], style="margin-top: 20px"):
        ItemSelect(
            t("county_select", lang),
            items,
            county or "",
            on_value,
            style="max-width: 100%",
            disabled=not enabled,
            classes=["dkbm-county-select"],
        )
        chosen = next((c for c in counties() if c.name == county), None)
        if chosen is not None:
            kind = kinds.get(chosen.kind, t("county_kind_city", lang))
            solara.Text(
                t(
                    "county_note",
                    lang,
                    name=chosen.name,
                    kind=kind,
                    people=F.count(chosen.population, lang),
                ),
                style="font-weight: 600; display: block; margin-top: 4px",
                classes=["dkbm-county-note"],
            )
        solara.Text(
            t("county_help", lang),
            style="font-size: 0.8em; color: #555; display: block; margin-top: 2px",
        )


@solara.component
def ScenarioCard(session: Session):
    lang = session.lang.value
    scenario = session.scenario.value
    library = builtin_scenarios()
    source = session.source.value
    box = session.plan_message

    county = session.county.value

    def in_county(base, name):
        if not name:
            return base
        from simulation.counties import apply_county

        return apply_county(base, name)

    def choose(name):
        if name in library:
            chosen = in_county(library[name], county)
            session.switch_scenario(chosen, keep_month=False, source=name, county=county)
            session.upload_message.value = None

    def choose_county(name):
        if source in library:
            name = name or None
            chosen = in_county(library[source], name)
            session.switch_scenario(chosen, keep_month=False, source=source, county=name)

    def set_run(key):
        def apply(value):
            def mutate(data):
                data["run"][key] = value

            session.change(mutate)

        return guarded(box, apply)

    items = [(name, s.title(lang)) for name, s in library.items()]
    with solara.Card(t("scenario_card", lang), classes=["dkbm-scenario"]):
        ItemSelect(
            t("scenario_select", lang),
            items,
            source if source in library else None,
            guarded(box, choose),
            style="max-width: 100%",
        )
        CountySelect(session, county, source in library, guarded(box, choose_county))
        if source == "upload":
            solara.Text(
                t("scenario_uploaded", lang, title=scenario.title(lang)), style="font-weight: 600"
            )
        base = library.get(source)
        if base is not None and county:
            base = in_county(base, county)
        if base is not None and scenario != base:
            solara.Text(
                t("modified_note", lang, title=base.title(lang)),
                style="font-size: 0.85em; color: #b8860b; display: block",
                classes=["dkbm-modified"],
            )
        if scenario.description(lang):
            solara.Text(
                scenario.description(lang),
                style="font-size: 0.85em; color: #555; display: block; margin-top: 2px",
            )
        with solara.Row(style="align-items: center; flex-wrap: wrap; margin-top: 10px"):
            UploadButton(session)
        solara.Text(
            t("upload_help", lang, limit=MAX_UPLOAD_KB),
            style="font-size: 0.8em; color: #555; display: block; margin-bottom: 14px",
        )
        MessageView(session.upload_message.value, lang)
        with solara.Row(gap="8px", style="flex-wrap: wrap; margin-top: 18px; row-gap: 26px"):
            NumberField(
                t("run_months", lang),
                scenario.months,
                set_run("months"),
                lang,
                1,
                MAX_MONTHS,
                integer=True,
                style="max-width: 9em",
            ).key(f"months-{scenario.months}-{lang}")
            NumberField(
                t("run_replications", lang),
                scenario.replications,
                set_run("replications"),
                lang,
                1,
                jobs.MAX_REPLICATIONS,
                integer=True,
                style="max-width: 9em",
            ).key(f"reps-{scenario.replications}-{lang}")
            NumberField(
                t("run_seed", lang),
                scenario.seed,
                set_run("seed"),
                lang,
                0,
                MAX_SEED,
                integer=True,
                style="max-width: 12em",
            ).key(f"seed-{scenario.seed}-{lang}")
        with solara.Div(style="margin-top: 14px"):
            solara.FileDownload(
                lambda: scenario.to_toml().encode("utf-8"),
                filename=f"{scenario.name}.toml",
                label=t("download_toml", lang),
                mime_type="application/toml",
            )


def metric_cell(key: str, lang: str, months: int) -> str:
    """A key figure's label with its one-sentence explanation (caption and tooltip)."""
    label = html.escape(metric_label(key, lang, months))
    explain = html.escape(t(f"explain:{key}", lang))
    return (
        f'<span class="dkbm-metric" title="{explain}">{label}'
        f'<span class="dkbm-info" aria-hidden="true">i</span></span>'
        f'<div class="dkbm-explain">{explain}</div>'
    )


def summary_table_html(ens, lang: str) -> str:
    values = key_metric_values(ens)
    undefined = t("undefined", lang)
    rows = []
    for key in SUMMARY_METRICS:
        mean, lo, hi, n = mean_ci(values[key])
        rows.append(
            f'<tr data-metric="{key}"><td>{metric_cell(key, lang, ens.months)}</td>'
            f'<td class="dkbm-num">{F.metric_value(key, mean, lang, na=undefined)}</td>'
            f'<td class="dkbm-num">{F.metric_bounds(key, mean, lo, hi, lang)}</td>'
            f'<td class="dkbm-num">{F.count(n, lang)}</td></tr>'
        )
    head = "".join(
        f"<th>{html.escape(t(k, lang))}</th>" for k in ("metric", "mean", "ci95", "valid_runs")
    )
    return (
        f'<div class="dkbm-scroll"><table class="dkbm-table dkbm-summary"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def diagnosis_table_html(ens, lang: str) -> str:
    rows = []
    for row in diagnosis_table(ens, lang):
        rows.append(
            f"<tr><td>{html.escape(row['name'])}</td><td>{html.escape(row['label'])}</td>"
            f'<td class="dkbm-num">{F.percent(row["share"], lang)}</td></tr>'
        )
    head = "".join(
        f"<th>{html.escape(t(k, lang))}</th>"
        for k in ("col_department", "col_diagnosis", "col_share")
    )
    return (
        f"<p><b>{html.escape(t('diagnosis_heading', lang))}</b></p>"
        f'<div class="dkbm-scroll"><table class="dkbm-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def results_table(ens, kind: str, lang: str | None = None) -> bytes:
    """The ensemble's time series as the CLI writes them: ``kind`` "csv" or "parquet"
    (machine-readable, runs from 0), or "excel" ("CSV (Excel, deutsch)" in ``lang``)."""
    import io

    from simulation.output import excel_csv, timeseries_frame

    frame = timeseries_frame(ens)
    if kind == "excel":
        return excel_csv(frame, lang or "de", ens.months)
    if kind == "parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        return buf.getvalue()
    return frame.to_csv(index=False).encode("utf-8")


def report_png(session: Session, ens, lang: str) -> bytes:
    return cached_png(session.figures, ("report", id(ens), lang), lambda: ensemble_png(ens, lang))


@solara.component
def EnsemblePanel(session: Session):
    lang = session.lang.value
    scenario = session.scenario.value
    ens = session.ensemble.value
    progress = session.ensemble_progress.value
    box = session.ensemble_message

    job = solara.use_memo(
        lambda: jobs.Job(session.ensemble_progress, session.ensemble_message, "ensemble"), []
    )

    def start():
        chosen = session.scenario.value

        def work(on_progress, cancel):
            result = jobs.run_with_progress(chosen, on_progress, cancel=cancel)
            if result is None:
                return False
            # the figure takes seconds: draw it here, not while the page renders
            report_png(session, result, session.lang.value)
            if session.scenario.value == chosen:
                session.ensemble.value = result
            return True

        job.start(work)

    runs = min(scenario.replications, jobs.MAX_REPLICATIONS)
    png = solara.use_memo(
        lambda: report_png(session, ens, lang) if ens is not None else None, [id(ens), lang]
    )
    solara.Text(t("ensemble_help", lang), style="font-size: 0.85em; color: #555")
    solara.Button(
        t("run_ensemble", lang, runs=runs),
        icon_name="mdi-chart-bell-curve",
        on_click=guarded(box, start),
        color="primary",
        disabled=progress is not None,
        classes=["dkbm-run-ensemble"],
    )
    if progress is not None:
        JobProgress(job, progress, lang)
    MessageView(box.value, lang)
    if ens is None:
        if progress is None:
            solara.Text(t("ensemble_none", lang), style="font-style: italic")
        return
    solara.Text(
        t("ensemble_done", lang, runs=ens.replications, seconds=F.number(ens.wall_time, lang, 1))
    )
    solara.Image(png, width="100%", classes=["dkbm-ensemble-figure"])
    with solara.Row(gap="8px", style="flex-wrap: wrap"):
        solara.FileDownload(
            lambda: results_table(ens, "excel", lang),
            filename=f"{ens.scenario.name}-"
            + ("ergebnisse-excel.csv" if lang == "de" else "results-excel.csv"),
            label=t("download_excel", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: results_table(ens, "csv"),
            filename=f"{ens.scenario.name}-timeseries.csv",
            label=t("download_csv", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: results_table(ens, "parquet"),
            filename=f"{ens.scenario.name}-timeseries.parquet",
            label=t("download_parquet", lang),
            mime_type="application/vnd.apache.parquet",
        )
        solara.FileDownload(
            lambda: ensemble_png(ens, lang, dpi=150),
            filename=f"{ens.scenario.name}.png",
            label=t("download_png", lang),
            mime_type="image/png",
        )
    solara.Text(t("summary_title", lang), style="font-weight: 600")
    solara.HTML(tag="div", unsafe_innerHTML=summary_table_html(ens, lang))
    solara.Text(t("ci_note", lang), style="font-size: 0.8em; color: #555")
    solara.HTML(tag="div", unsafe_innerHTML=diagnosis_table_html(ens, lang))


@solara.component
def PlannerView(session: Session):
    lang = session.lang.value
    with solara.ColumnsResponsive(12, large=[4, 8]):
        with solara.Column():
            ScenarioCard(session)
            ParameterControls(session)
        with solara.Column():
            TimelineEditor(session)
            with solara.lab.Tabs(lazy=True):
                with solara.lab.Tab(t("tab_live", lang)):
                    LiveRunView(session)
                with solara.lab.Tab(t("tab_ensemble", lang)):
                    EnsemblePanel(session)

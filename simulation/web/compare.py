"""Compare view: two or more scenarios with the same seeds, overlaid curves, paired
differences and a table with 95% intervals."""

from __future__ import annotations

import html
import io
import logging
import threading

import solara

import models
from simulation import formatting as F
from simulation.ensemble import key_metric_values, mean_ci, metric_label
from simulation.figures import COMPARED_METRICS
from simulation.scenarios import MAX_SEED, builtin_scenarios

from . import jobs
from .plots import cached_png, comparison_png
from .state import Message, Session
from .texts import t
from .widgets import ItemSelect, MessageView, NumberField, guarded

log = logging.getLogger(__name__)

CURRENT = "__current__"  # the planner's own scenario in the selection


def choices(session: Session, lang: str) -> list[tuple[str, str]]:
    items = [(name, s.title(lang)) for name, s in builtin_scenarios().items()]
    current = session.scenario.value
    if current.name not in builtin_scenarios() or current != builtin_scenarios()[current.name]:
        items.insert(0, (CURRENT, t("compare_current", lang, title=current.title(lang))))
    return items


def resolve(session: Session, names: list[str]):
    """The chosen scenarios, without duplicates (by content), in the order chosen."""
    library = builtin_scenarios()
    out = []
    for name in names:
        scenario = session.scenario.value if name == CURRENT else library.get(name)
        if (
            scenario is not None
            and all(scenario != s for s in out)
            and all(scenario.name != s.name for s in out)
        ):
            out.append(scenario)
    return out


def tables_html(ensembles, differences, lang: str) -> str:
    base = ensembles[0]
    undefined = t("undefined", lang)
    heads = "".join(
        f'<th title="{html.escape(t(f"explain:{k}", lang))}">'
        f"{html.escape(metric_label(k, lang, base.months))}"
        f'<span class="dkbm-info" aria-hidden="true"> ⓘ</span></th>'
        for k in COMPARED_METRICS
    )
    rows = []
    for k, ens in enumerate(ensembles):
        values = key_metric_values(ens)
        title = html.escape(ens.scenario.title(lang))
        if k == 0:
            title += f" ({html.escape(t('reference', lang))})"
        cells = "".join(
            f'<td class="dkbm-num">'
            f"{F.metric_interval(m, *mean_ci(values[m])[:3], lang, na=undefined)}</td>"
            for m in COMPARED_METRICS
        )
        rows.append(f"<tr><td>{title}</td>{cells}</tr>")
    first = (
        f"<p><b>{html.escape(t('compare_table', lang))}</b></p>"
        f'<div class="dkbm-scroll"><table class="dkbm-table dkbm-compare-table"><thead><tr>'
        f"<th>{html.escape(t('scenario', lang))}</th>{heads}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    rows = []
    for ens in ensembles[1:]:
        diff = differences[ens.scenario.name]
        cells = "".join(
            f'<td class="dkbm-num">'
            f"{F.metric_difference(m, diff[m]['mean'], *diff[m]['ci95'], lang, na=undefined)}</td>"
            for m in COMPARED_METRICS
        )
        rows.append(f"<tr><td>{html.escape(ens.scenario.title(lang))}</td>{cells}</tr>")
    second = (
        f"<p><b>{html.escape(t('compare_diff_table', lang, name=base.scenario.title(lang)))}"
        f"</b></p>"
        f'<div class="dkbm-scroll"><table class="dkbm-table dkbm-diff-table"><thead><tr>'
        f"<th>{html.escape(t('scenario', lang))}</th>{heads}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    legend = "".join(
        f"<li><b>{html.escape(metric_label(k, lang, base.months))}</b>: "
        f"{html.escape(t(f'explain:{k}', lang))}</li>"
        for k in COMPARED_METRICS
    )
    notes = (
        f'<ul class="dkbm-explain-list">{legend}</ul>'
        f'<p class="dkbm-note">{html.escape(t("ci_note", lang))} '
        f"{html.escape(t('diff_note', lang))}</p>"
    )
    return first + second + notes


def summary_csv(ensembles, differences) -> bytes:
    """One row per scenario and key metric: mean, 95% CI, and the paired difference."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "scenario",
            "metric",
            "mean",
            "ci95_low",
            "ci95_high",
            "n",
            "difference",
            "difference_ci95_low",
            "difference_ci95_high",
        ]
    )
    for ens in ensembles:
        values = key_metric_values(ens)
        diff = differences.get(ens.scenario.name)
        for key in values:
            mean, lo, hi, n = mean_ci(values[key])
            d = diff[key] if diff else {"mean": None, "ci95": [None, None]}
            writer.writerow([ens.scenario.name, key, mean, lo, hi, n, d["mean"], *d["ci95"]])
    return out.getvalue().encode("utf-8")


def figure_png(session: Session, result, lang: str) -> bytes:
    return cached_png(
        session.figures, ("compare", id(result), lang), lambda: comparison_png(*result, lang)
    )


@solara.component
def CompareView(session: Session):
    lang = session.lang.value
    names = session.compare_names.value
    result = session.compare_result.value
    progress = session.compare_progress.value
    box = session.compare_message
    replications = solara.use_reactive(30)
    seed = solara.use_reactive(1)
    png = solara.use_memo(
        lambda: figure_png(session, result, lang) if result is not None else None,
        [id(result), lang],
    )

    def start():
        if session.compare_progress.value is not None:
            return
        scenarios = resolve(session, list(session.compare_names.value))
        if len(scenarios) < 2:
            box.value = Message("compare_need_two", level="warning")
            return
        box.value = None
        session.compare_progress.value = 0.0
        n, master = replications.value, seed.value

        def work():
            try:
                result = jobs.compare(scenarios, n, master, session.compare_progress.set)
                figure_png(session, result, session.lang.value)  # seconds: not in a render
                session.compare_result.value = result
            except models.InputError as exc:
                box.value = Message("err_invalid", detail=str(exc))
            except Exception as exc:
                log.exception("comparison failed")
                box.value = Message("err_internal", detail=type(exc).__name__)
            finally:
                session.compare_progress.value = None

        threading.Thread(target=work, name="dkbm-compare", daemon=True).start()

    with solara.Card(t("compare_title", lang), classes=["dkbm-compare"]):
        solara.Text(t("compare_help", lang), style="font-size: 0.85em; color: #555")
        with solara.Row(gap="10px", style="align-items: center; flex-wrap: wrap"):
            ItemSelect(
                t("compare_select", lang),
                choices(session, lang),
                names,
                session.compare_names.set,
                multiple=True,
                style="min-width: 24em; max-width: 60em",
            )
            NumberField(
                t("run_replications", lang),
                replications.value,
                replications.set,
                lang,
                2,
                jobs.MAX_REPLICATIONS,
                integer=True,
                style="max-width: 9em",
            ).key(f"creps-{replications.value}-{lang}")
            NumberField(
                t("run_seed", lang),
                seed.value,
                seed.set,
                lang,
                0,
                MAX_SEED,
                integer=True,
                style="max-width: 12em",
            ).key(f"cseed-{seed.value}-{lang}")
            solara.Button(
                t("compare_run", lang),
                icon_name="mdi-compare-horizontal",
                on_click=guarded(box, start),
                color="primary",
                disabled=progress is not None,
                classes=["dkbm-run-compare"],
            )
        if progress is not None:
            solara.ProgressLinear(value=100 * progress, classes=["dkbm-progress"])
            solara.Text(t("ensemble_running", lang, percent=int(100 * progress)))
        MessageView(box.value, lang)
    if result is None:
        if progress is None:
            solara.Text(t("compare_none", lang), style="font-style: italic")
        return
    ensembles, differences = result
    solara.Image(png, width="100%", classes=["dkbm-compare-figure"])
    with solara.Row(gap="8px", style="flex-wrap: wrap"):
        solara.FileDownload(
            lambda: comparison_png(ensembles, differences, lang, dpi=150),
            filename="dkbm-vergleich.png" if lang == "de" else "dkbm-comparison.png",
            label=t("download_png", lang),
            mime_type="image/png",
        )
        solara.FileDownload(
            lambda: summary_csv(ensembles, differences),
            filename="dkbm-vergleich.csv" if lang == "de" else "dkbm-comparison.csv",
            label=t("download_csv", lang),
            mime_type="text/csv",
        )
    solara.HTML(tag="div", unsafe_innerHTML=tables_html(ensembles, differences, lang))

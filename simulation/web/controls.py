"""Parameter controls, generated from the registry (``models.PARAMETERS``), grouped
Müssen / Wollen / Können / Umfeld, with German or English labels and help texts.

A new registry entry gets its control here without any edit.
"""

from __future__ import annotations

import math

import solara

import models

from .state import Session
from .texts import t, unit
from .widgets import MessageView, NumberField, guarded

# Parameters that the planner sets elsewhere or that change the model's shape.
HIDDEN: frozenset[str] = frozenset()


def slider_step(par: models.Parameter) -> float:
    """A round step giving about 100 positions between the bounds."""
    if par.integer:
        return 1
    span = par.high - par.low
    raw = span / 100 if span > 0 else 0.01
    exponent = math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if raw <= mult * 10**exponent:
            return mult * 10**exponent
    return raw  # pragma: no cover


def groups() -> dict[str, list[models.Parameter]]:
    """Registry parameters by group, in registry order."""
    out: dict[str, list[models.Parameter]] = {g: [] for g in models.GROUPS}
    for par in models.PARAMETERS.values():
        if par.name not in HIDDEN:
            out[par.group].append(par)
    return out


def snap(value: float, par: models.Parameter) -> float | int:
    """A slider value rounded to the slider's step (sliders report float noise)."""
    if par.integer:
        return round(value)
    step = slider_step(par)
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return round(round(value / step) * step, digits)


@solara.component
def ParameterControl(
    session: Session, par: models.Parameter, value: float, lang: str, disabled: bool = False
):
    """Label, slider, exact-value field and one-line help for one registry parameter."""

    def from_slider(new):
        # a slider snaps to its step grid when drawn; that is not a change by the user
        if abs(float(new) - float(value)) < slider_step(par) / 2:
            return
        apply(snap(float(new), par))

    def apply(new):
        if new == value:
            return

        def mutate(data):
            data["parameters"][par.name] = int(new) if par.integer else float(new)

        session.change(mutate)

    label = par.label(lang)
    with solara.Column(gap="0px", classes=["dkbm-param"], style="margin-bottom: 10px"):
        solara.Text(label, classes=["dkbm-param-label"], style="font-weight: 500")
        with solara.Row(gap="8px", style="align-items: center"):
            with solara.Column(style="flex: 1 1 auto; min-width: 8em", gap="0px"):
                if par.integer:
                    solara.SliderInt(
                        "",
                        value=int(value),
                        min=int(par.low),
                        max=int(par.high),
                        on_value=guarded(session.plan_message, from_slider),
                        disabled=disabled,
                    )
                else:
                    solara.SliderFloat(
                        "",
                        value=float(value),
                        min=par.low,
                        max=par.high,
                        step=slider_step(par),
                        on_value=guarded(session.plan_message, from_slider),
                        disabled=disabled,
                    )
            NumberField(
                label,
                value,
                guarded(session.plan_message, apply),
                lang,
                par.low,
                par.high,
                integer=par.integer,
                style="max-width: 6.5em",
                field_label=t("value_field", lang),
            ).key(f"{par.name}-{value}-{lang}")
        solara.Text(
            f"{par.help(lang)} [{unit(par.unit, lang)}]", style="font-size: 0.8em; color: #555"
        )


@solara.component
def ParameterGroup(
    session: Session,
    group: str,
    pars: list,
    values: dict,
    lang: str,
    fixed_departments: bool,
    open_: bool,
    on_toggle,
):
    """A group that renders its controls only while open (fewer widgets, faster page)."""
    title = f"{t('group_' + group, lang)} ({len(pars)})"
    icon = "mdi-chevron-up" if open_ else "mdi-chevron-down"
    with solara.Column(gap="4px", classes=["dkbm-group", f"dkbm-group-{group}"]):
        solara.Button(
            title,
            icon_name=icon,
            on_click=on_toggle,
            text=True,
            block=True,
            classes=["dkbm-group-toggle"],
            style="justify-content: flex-start; text-transform: none; font-size: 1rem",
        )
        if open_:
            for par in pars:
                ParameterControl(
                    session,
                    par,
                    values[par.name],
                    lang,
                    disabled=fixed_departments and par.name == "n_departments",
                )


@solara.component
def ParameterControls(session: Session):
    """One collapsible group per dimension (Müssen / Wollen / Können / Umfeld)."""
    lang = session.lang.value
    scenario = session.scenario.value
    values = scenario.resolved_parameters()
    fixed_departments = scenario.departments is not None
    opened = solara.use_reactive("necessity")
    with solara.Card(t("params_card", lang), classes=["dkbm-params"]):
        solara.Text(t("params_help", lang), style="font-size: 0.85em; color: #555")
        MessageView(session.plan_message.value, lang)
        for group, pars in groups().items():

            def toggle(group=group):
                opened.value = None if opened.value == group else group

            ParameterGroup(
                session, group, pars, values, lang, fixed_departments, opened.value == group, toggle
            )

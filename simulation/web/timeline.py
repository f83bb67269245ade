"""The intervention timeline editor: add, move and remove levers and shocks.

Every edit goes through :meth:`Session.change`, i.e. through the scenario validator of
the CLI (``simulation.scenarios.scenario_from_dict``); a rejected edit leaves the plan
as it was and shows why. The plan itself is drawn as a strip above the live and
ensemble curves.
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

import models
from simulation import formatting as F
from simulation import persistence as lever_persistence
from simulation.scenarios import MAX_MONTHS

from .state import Session
from .texts import t
from .widgets import ItemSelect, MessageView, NumberField, guarded

DEFAULT_LEVER = "committees_structures"
DEFAULT_SHOCK = "election"
MOVE_BY = 6  # months per click on "earlier" / "later"
PERMANENT = MAX_MONTHS  # a lever's duration "bis Horizont": it acts to the end of any run
CSS = """
.dkbm-plan-row { display: grid; align-items: end; column-gap: 14px; row-gap: 2px;
                 grid-template-columns: minmax(6em, 1fr) minmax(6em, 1fr) minmax(8.5em, 1.4fr)
                                        minmax(6em, 1fr) minmax(8em, 2fr) auto;
                 grid-template-areas: "lever lever lever lever lever actions"
                                      "start duration permanent intensity targets targets"
                                      "facts facts facts facts facts facts";
                 padding: 10px 0 8px; border-bottom: 1px solid #e3e7ec; }
.dkbm-plan-row > * { min-width: 0; }
.dkbm-plan-row .v-input { margin-top: 0; padding-top: 14px; }
.dkbm-lever-facts { grid-area: facts; font-size: 0.8em; color: #555; line-height: 1.35;
                    padding-top: 4px; }
.dkbm-permanent { grid-area: permanent; align-self: end; padding-bottom: 6px; }
.dkbm-permanent .v-input--checkbox { padding-top: 0 !important; margin: 0; }
.dkbm-permanent label { font-size: 0.85em; }
.dkbm-permanent-text { grid-area: duration; padding-bottom: 8px; font-weight: 600;
                       color: #1f4e79; align-self: end; }
.dkbm-row-actions { grid-area: actions; display: flex; align-items: center; justify-content: end;
                    white-space: nowrap; }
@media (max-width: 1100px) {
  .dkbm-plan-row { grid-template-columns: 1fr 1fr;
                   grid-template-areas: "lever lever" "start duration" "permanent intensity"
                                        "targets targets" "facts facts" "actions actions"; }
}
"""


def lever_items(lang: str) -> list[tuple[str, str]]:
    return [(lv.id, lv.name(lang)) for lv in models.LEVERS]


def shock_items(lang: str) -> list[tuple[str, str]]:
    return [(kind, models.Shock(kind, 0).name(lang)) for kind in models.SHOCK_KINDS]


def department_items(session: Session, lang: str) -> list[tuple[str, str]]:
    return [(s.key, s.name(lang)) for s in session.scenario.value.department_specs()]


def lever_facts(entry: dict, lang: str, months: int, n_departments: int) -> str:
    """One line under a lever row: what it does, what it costs, when it acts, how long
    its effect lasts (from the lever table in ``models.levers``)."""
    lever = models.get_lever(entry["lever"])
    intensity = float(entry.get("intensity", models.DEFAULT_INTENSITY))
    start = int(entry["start"])
    paid = max(min(int(entry["duration"]), months - start), 0)
    targets = len(entry.get("targets", ())) or n_departments
    euros = lever.euros * intensity
    hours = (lever.office_hours + lever.dept_hours * targets) * intensity
    cost = t(
        "lever_cost",
        lang,
        euros=F.euros(euros, lang),
        office=F.hours(lever.office_hours * intensity, lang),
        dept=F.number(lever.dept_hours * intensity, lang, 1, trim=True),
        total_euros=F.euros(euros * paid, lang),
        total_hours=F.hours(hours * paid, lang),
    )
    acts = start + lever.delay
    delay = (
        t("lever_acts_at", lang, delay=F.months(lever.delay, lang), month=acts)
        if lever.delay
        else t("lever_acts_now", lang)
    )
    persistence = lever_persistence.of(lever.id).text(lang)
    return f"{lever.effect(lang)} · {cost} · {delay} · {persistence}"


def is_permanent(entry: dict, months: int) -> bool:
    """A lever kept up to the horizon ("bis Horizont": made permanent, verstetigt)."""
    return int(entry["start"]) + int(entry["duration"]) >= max(months, PERMANENT)


@solara.component
def InterventionRow(session: Session, index: int, entry: dict, lang: str, months: int):
    box = session.plan_message
    n_departments = len(session.scenario.value.department_specs())

    def setter(field):
        def set_value(value):
            def mutate(data):
                data["interventions"][index][field] = value

            session.change(mutate)

        return guarded(box, set_value)

    def set_targets(keys):
        def mutate(data):
            if keys:
                data["interventions"][index]["targets"] = list(keys)
            else:
                data["interventions"][index].pop("targets", None)

        session.change(mutate)

    def set_permanent(on):
        def mutate(data):
            row = data["interventions"][index]
            if on:
                row["duration"] = MAX_MONTHS  # acts to the end, whatever the horizon
            else:
                row["duration"] = min(models.DEFAULT_DURATION, MAX_MONTHS)

        session.change(mutate)

    def move(delta):
        def go():
            start = min(max(int(entry["start"]) + delta, 0), months - 1)
            setter("start")(start)

        return go

    def remove():
        session.change(lambda data: data["interventions"].pop(index))

    permanent = is_permanent(entry, months)
    with solara.Div(classes=["dkbm-plan-row", "dkbm-lever-row"]):
        ItemSelect(
            t("lever", lang),
            lever_items(lang),
            entry["lever"],
            setter("lever"),
            style="grid-area: lever; min-width: 0",
        )
        NumberField(
            t("start", lang),
            entry["start"],
            setter("start"),
            lang,
            0,
            months - 1,
            integer=True,
            style="grid-area: start; min-width: 0",
        ).key(f"s{index}-{entry['start']}-{lang}")
        if permanent:
            solara.Text(t("until_horizon_short", lang), classes=["dkbm-permanent-text"])
        else:
            NumberField(
                t("duration", lang),
                entry["duration"],
                setter("duration"),
                lang,
                1,
                MAX_MONTHS,
                integer=True,
                style="grid-area: duration; min-width: 0",
            ).key(f"d{index}-{entry['duration']}-{lang}")
        with solara.Div(classes=["dkbm-permanent"]):
            rv.Checkbox(
                label=t("until_horizon", lang),
                v_model=permanent,
                on_v_model=guarded(box, set_permanent),
                dense=True,
                hide_details=True,
                class_="dkbm-permanent-box",
            )
        NumberField(
            t("intensity", lang),
            entry["intensity"],
            setter("intensity"),
            lang,
            0,
            1,
            style="grid-area: intensity; min-width: 0",
        ).key(f"i{index}-{entry['intensity']}-{lang}")
        ItemSelect(
            t("targets", lang),
            department_items(session, lang),
            list(entry.get("targets", [])),
            guarded(box, set_targets),
            multiple=True,
            style="grid-area: targets; min-width: 0",
        )
        with solara.Div(classes=["dkbm-row-actions"]):
            solara.Button(
                icon_name="mdi-chevron-left",
                on_click=guarded(box, move(-MOVE_BY)),
                text=True,
                small=True,
                classes=["dkbm-earlier"],
                attributes={"title": t("earlier", lang)},
            )
            solara.Button(
                icon_name="mdi-chevron-right",
                on_click=guarded(box, move(MOVE_BY)),
                text=True,
                small=True,
                classes=["dkbm-later"],
                attributes={"title": t("later", lang)},
            )
            solara.Button(
                icon_name="mdi-delete",
                on_click=guarded(box, remove),
                text=True,
                small=True,
                classes=["dkbm-remove"],
                attributes={"title": t("remove", lang)},
            )
        solara.Text(lever_facts(entry, lang, months, n_departments), classes=["dkbm-lever-facts"])


@solara.component
def ShockRow(session: Session, index: int, entry: dict, lang: str, months: int):
    box = session.plan_message

    def setter(field):
        def set_value(value):
            def mutate(data):
                data["shocks"][index][field] = value
                if field == "kind":  # the new kind's own duration
                    data["shocks"][index].pop("duration", None)

            session.change(mutate)

        return guarded(box, set_value)

    def remove():
        session.change(lambda data: data["shocks"].pop(index))

    with solara.Div(classes=["dkbm-plan-row", "dkbm-shock-row"]):
        ItemSelect(
            t("shock", lang),
            shock_items(lang),
            entry["kind"],
            setter("kind"),
            style="grid-area: lever; min-width: 0",
        )
        NumberField(
            t("month_field", lang),
            entry["month"],
            setter("month"),
            lang,
            0,
            months - 1,
            integer=True,
            style="grid-area: start; min-width: 0",
        ).key(f"m{index}-{entry['month']}-{lang}")
        NumberField(
            t("severity", lang),
            entry["severity"],
            setter("severity"),
            lang,
            0,
            1,
            style="grid-area: duration; min-width: 0",
        ).key(f"v{index}-{entry['severity']}-{lang}")
        with solara.Div(classes=["dkbm-row-actions"]):
            solara.Button(
                icon_name="mdi-delete",
                on_click=guarded(box, remove),
                text=True,
                small=True,
                classes=["dkbm-remove"],
                attributes={"title": t("remove", lang)},
            )


@solara.component
def TimelineEditor(session: Session):
    lang = session.lang.value
    scenario = session.scenario.value
    data = scenario.to_dict()
    months = scenario.months
    new_lever = solara.use_reactive(DEFAULT_LEVER)
    new_shock = solara.use_reactive(DEFAULT_SHOCK)
    box = session.plan_message

    def add_lever():
        start = min(session.live.month, months - 1)
        session.change(
            lambda d: d["interventions"].append(
                {
                    "lever": new_lever.value,
                    "start": start,
                    "duration": models.DEFAULT_DURATION,
                    "intensity": models.DEFAULT_INTENSITY,
                }
            )
        )

    def add_shock():
        month = min(session.live.month + 1, months - 1)
        session.change(
            lambda d: d["shocks"].append(
                {"kind": new_shock.value, "month": month, "severity": models.DEFAULT_SEVERITY}
            )
        )

    with solara.Card(t("plan_card", lang), classes=["dkbm-plan"]):
        solara.Style(CSS)
        solara.Text(t("plan_help", lang), style="font-size: 0.85em; color: #555; display: block")
        MessageView(box.value, lang)
        if not data["interventions"] and not data["shocks"]:
            solara.Text(
                t("plan_empty", lang),
                style="font-style: italic; display: block; margin: 6px 0 10px",
            )
        for k, entry in enumerate(data["interventions"]):
            InterventionRow(session, k, entry, lang, months).key(f"iv-{k}")
        for k, entry in enumerate(data["shocks"]):
            ShockRow(session, k, entry, lang, months).key(f"sh-{k}")
        with solara.Row(
            gap="8px", style="align-items: center; flex-wrap: wrap; margin-top: 30px; row-gap: 24px"
        ):
            ItemSelect(
                t("lever", lang),
                lever_items(lang),
                new_lever.value,
                new_lever.set,
                style="min-width: 16em; max-width: 22em",
            )
            solara.Button(
                t("add_lever", lang),
                icon_name="mdi-plus",
                on_click=guarded(box, add_lever),
                color="primary",
                outlined=True,
                classes=["dkbm-add-lever"],
            )
            ItemSelect(
                t("shock", lang),
                shock_items(lang),
                new_shock.value,
                new_shock.set,
                style="min-width: 14em; max-width: 20em",
            )
            solara.Button(
                t("add_shock", lang),
                icon_name="mdi-plus",
                on_click=guarded(box, add_shock),
                outlined=True,
                classes=["dkbm-add-shock"],
            )

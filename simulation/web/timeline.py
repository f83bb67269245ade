"""The intervention timeline editor: add, move and remove levers and shocks.

Every edit goes through :meth:`Session.change`, i.e. through the scenario validator of
the CLI (``simulation.scenarios.scenario_from_dict``); a rejected edit leaves the plan
as it was and shows why. The plan itself is drawn as a strip above the live and
ensemble curves.
"""

from __future__ import annotations

import solara

import models
from simulation.scenarios import MAX_MONTHS

from .state import Session
from .texts import t
from .widgets import ItemSelect, MessageView, NumberField, guarded

DEFAULT_LEVER = "committees_structures"
DEFAULT_SHOCK = "election"
MOVE_BY = 6  # months per click on "earlier" / "later"


def lever_items(lang: str) -> list[tuple[str, str]]:
    return [(lv.id, lv.name(lang)) for lv in models.LEVERS]


def shock_items(lang: str) -> list[tuple[str, str]]:
    return [(kind, models.Shock(kind, 0).name(lang)) for kind in models.SHOCK_KINDS]


def department_items(session: Session, lang: str) -> list[tuple[str, str]]:
    return [(s.key, s.name(lang)) for s in session.scenario.value.department_specs()]


@solara.component
def InterventionRow(session: Session, index: int, entry: dict, lang: str, months: int):
    box = session.plan_message

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

    def move(delta):
        def go():
            start = min(max(int(entry["start"]) + delta, 0), months - 1)
            setter("start")(start)

        return go

    def remove():
        session.change(lambda data: data["interventions"].pop(index))

    with solara.Row(
        gap="6px",
        classes=["dkbm-plan-row", "dkbm-lever-row"],
        style="align-items: center; flex-wrap: wrap",
    ):
        ItemSelect(
            t("lever", lang),
            lever_items(lang),
            entry["lever"],
            setter("lever"),
            style="min-width: 16em; max-width: 22em",
        )
        NumberField(
            t("start", lang),
            entry["start"],
            setter("start"),
            lang,
            0,
            months - 1,
            integer=True,
            style="max-width: 7em",
        ).key(f"s{index}-{entry['start']}-{lang}")
        NumberField(
            t("duration", lang),
            entry["duration"],
            setter("duration"),
            lang,
            1,
            MAX_MONTHS,
            integer=True,
            style="max-width: 7em",
        ).key(f"d{index}-{entry['duration']}-{lang}")
        NumberField(
            t("intensity", lang),
            entry["intensity"],
            setter("intensity"),
            lang,
            0,
            1,
            style="max-width: 7em",
        ).key(f"i{index}-{entry['intensity']}-{lang}")
        ItemSelect(
            t("targets", lang),
            department_items(session, lang),
            list(entry.get("targets", [])),
            guarded(box, set_targets),
            multiple=True,
            style="min-width: 14em; max-width: 26em",
        )
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
            t("remove", lang),
            icon_name="mdi-delete",
            on_click=guarded(box, remove),
            text=True,
            small=True,
            classes=["dkbm-remove"],
        )


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

    with solara.Row(
        gap="6px",
        classes=["dkbm-plan-row", "dkbm-shock-row"],
        style="align-items: center; flex-wrap: wrap",
    ):
        ItemSelect(
            t("shock", lang),
            shock_items(lang),
            entry["kind"],
            setter("kind"),
            style="min-width: 16em; max-width: 22em",
        )
        NumberField(
            t("month_field", lang),
            entry["month"],
            setter("month"),
            lang,
            0,
            months - 1,
            integer=True,
            style="max-width: 7em",
        ).key(f"m{index}-{entry['month']}-{lang}")
        NumberField(
            t("severity", lang),
            entry["severity"],
            setter("severity"),
            lang,
            0,
            1,
            style="max-width: 7em",
        ).key(f"v{index}-{entry['severity']}-{lang}")
        solara.Button(
            t("remove", lang),
            icon_name="mdi-delete",
            on_click=guarded(box, remove),
            text=True,
            small=True,
            classes=["dkbm-remove"],
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
        solara.Text(t("plan_help", lang), style="font-size: 0.85em; color: #555")
        MessageView(box.value, lang)
        if not data["interventions"] and not data["shocks"]:
            solara.Text(t("plan_empty", lang), style="font-style: italic")
        for k, entry in enumerate(data["interventions"]):
            InterventionRow(session, k, entry, lang, months).key(f"iv-{k}")
        for k, entry in enumerate(data["shocks"]):
            ShockRow(session, k, entry, lang, months).key(f"sh-{k}")
        with solara.Row(
            gap="8px", style="align-items: center; flex-wrap: wrap; margin-top: 16px; row-gap: 20px"
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

"""German and English texts shared by the CLI, the report figures and the web app.

Model labels (metrics, parameters, levers, shocks, diagnoses) live with the model in
``models``; this table holds the words around them. Add a key here rather than writing
a text inline, so that both languages stay complete (a test checks every entry).
"""

from __future__ import annotations

LANGUAGES = ("de", "en")

TEXT: dict[str, dict[str, str]] = {
    # --- axes, units, legends ------------------------------------------------------------
    "month": {"de": "Monat", "en": "month"},
    "months": {"de": "Monate", "en": "months"},
    "share_axis": {"de": "Anteil (0–1)", "en": "share (0–1)"},
    "mean": {"de": "Mittelwert", "en": "mean"},
    "ci95_mean": {
        "de": "95-%-Konfidenzintervall des Mittelwerts",
        "en": "95% confidence interval of the mean",
    },
    "runs95": {"de": "95 % der Läufe", "en": "95% of runs"},
    "interventions": {"de": "Hebel (Maßnahmen)", "en": "Levers (interventions)"},
    "intervention_period": {"de": "Hebel aktiv", "en": "lever active"},
    "shocks": {"de": "Ereignisse", "en": "Shocks"},
    "funding_end": {"de": "Förderende", "en": "funding ends"},
    "no_interventions": {"de": "keine Hebel", "en": "no levers"},
    # --- report figure panels -------------------------------------------------------------
    "panel_cooperation": {
        "de": "Kooperation zwischen den Ämtern",
        "en": "Cooperation between departments",
    },
    "panel_dimensions": {
        "de": "Müssen, Wollen, Können (Mittel der Ämter)",
        "en": "Necessity, motivation, competence (mean of departments)",
    },
    "panel_trust": {"de": "Vertrauen", "en": "Trust"},
    "panel_institutions": {"de": "Institutionalisierung", "en": "Institutionalisation"},
    "panel_differences": {
        "de": "Unterschied zu „{name}“ (gepaarte Läufe, 95-%-KI)",
        "en": "Difference from '{name}' (paired runs, 95% CI)",
    },
    "report_subtitle": {
        "de": "{runs} Läufe × {months} Monate, Seed {seed}",
        "en": "{runs} runs × {months} months, seed {seed}",
    },
    "comparison_title": {"de": "Szenarienvergleich", "en": "Scenario comparison"},
    # --- summaries --------------------------------------------------------------------------
    "scenario": {"de": "Szenario", "en": "Scenario"},
    "metric": {"de": "Kennzahl", "en": "Metric"},
    "ci95": {"de": "95-%-KI", "en": "95% CI"},
    "difference": {"de": "Differenz", "en": "Difference"},
    "valid_runs": {"de": "gültige Läufe", "en": "valid runs"},
    "at_month": {"de": "Monat {month}", "en": "month {month}"},
    "over_horizon": {"de": "Mittel über alle Monate", "en": "mean over all months"},
    "takeoff_share": {"de": "Anteil der Läufe mit Durchbruch", "en": "Share of runs with take-off"},
    "ci_note": {
        "de": "95-%-KI: t-Intervall des Mittelwerts über die Läufe (ohne undefinierte Werte).",
        "en": "95% CI: t interval of the mean over runs (undefined values left out).",
    },
    "diff_note": {
        "de": "Differenzen: gepaarte Läufe mit denselben Seeds (gemeinsame Zufallszahlen).",
        "en": "Differences: paired runs with the same seeds (common random numbers).",
    },
    "diagnosis_heading": {
        "de": "Was begrenzt welches Amt? (Knoster-Diagnose im letzten Monat, häufigster Befund)",
        "en": "What limits which department? (Knoster diagnosis in the last month, most frequent)",
    },
    "of_runs": {"de": "der Läufe", "en": "of runs"},
    "report_at": {"de": "Bericht: {path}", "en": "Report: {path}"},
    "output_at": {"de": "Alle Ergebnisse: {path}", "en": "All results: {path}"},
    "hint_out": {
        "de": "Hinweis: mit --out VERZEICHNIS entstehen Bericht (PNG/SVG) und Tabellen.",
        "en": "Hint: --out DIR writes the report (PNG/SVG) and tables.",
    },
    "undefined": {"de": "undefiniert", "en": "undefined"},
    # --- listings ---------------------------------------------------------------------------
    "builtin_scenarios": {"de": "Mitgelieferte Szenarien", "en": "Built-in scenarios"},
    "levers": {"de": "Hebel", "en": "Levers"},
    "parameters": {"de": "Parameter", "en": "Parameters"},
    "default": {"de": "Standard", "en": "default"},
    "range": {"de": "Bereich", "en": "range"},
    "unit": {"de": "Einheit", "en": "unit"},
    "delay": {"de": "Verzögerung", "en": "delay"},
    "persistence": {"de": "Dauerhaftigkeit", "en": "persistence"},
    "cost": {"de": "Aufwand", "en": "cost"},
    "landkreis": {"de": "Landkreis", "en": "Landkreis (district)"},
    "kreisfreie_stadt": {"de": "Kreisfreie Stadt", "en": "kreisfreie Stadt (county-free city)"},
    # --- docking with Macy & Flache (2002) ----------------------------------------------------
    "docking_window": {"de": "Fenster P < A < R", "en": "window P < A < R"},
    "docking_locked_cc": {
        "de": "eingerastet in beiderseitige Kooperation",
        "en": "locked into mutual cooperation",
    },
    "docking_locked_dd": {
        "de": "eingerastet in beiderseitige Verweigerung",
        "en": "locked into mutual defection",
    },
    "docking_aspiration": {"de": "Anspruchsniveau A", "en": "aspiration A"},
    "docking_share_runs": {
        "de": "Anteil der {runs} Läufe nach 1.000 Runden",
        "en": "share of {runs} runs after 1,000 rounds",
    },
    "docking_mean_runs": {"de": "Mittel über {runs} Läufe", "en": "mean of {runs} runs"},
    "docking_sce": {
        "de": "selbstkorrigierendes Gleichgewicht (√3 − 1)/2",
        "en": "self-correcting equilibrium (√3 − 1)/2",
    },
    "docking_round": {"de": "Runde", "en": "round"},
    "docking_p_cooperate": {
        "de": "Kooperationswahrscheinlichkeit (Spieler 1)",
        "en": "probability to cooperate (player 1)",
    },
    "docking_col_result": {"de": "Ergebnis", "en": "result"},
    "docking_col_published": {"de": "veröffentlicht", "en": "published"},
    "docking_col_ours": {"de": "unser Wert", "en": "ours"},
    "docking_col_interval": {"de": "95-%-Intervall", "en": "95% interval"},
    "docking_col_runs": {"de": "Läufe", "en": "runs"},
    "docking_col_source": {"de": "Quelle", "en": "source"},
    # --- dkbm sweep status ------------------------------------------------------------------
    "sweep_head": {
        "de": "Sweep {path}: {status} (letzte Sitzung: {last})",
        "en": "sweep {path}: {status} (last session: {last})",
    },
    "sweep_design": {
        "de": "  Design   {kind}, {n} Parameter ({names}), {points} Punkte × {reps} "
        "Wiederholungen = {runs} Läufe [{formula}], {months} Monate",
        "en": "  design   {kind}, {n} parameters ({names}), {points} points x {reps} "
        "replications = {runs} runs [{formula}], {months} months",
    },
    "sweep_runs": {
        "de": "  Läufe    {done} fertig ({ok} ok, {failed} fehlgeschlagen), {missing} fehlen",
        "en": "  runs     {done} done ({ok} ok, {failed} failed), {missing} missing",
    },
    "sweep_session": {
        "de": "  Sitzung  {started} {executor}: {status}, {runs} Läufe in {took}",
        "en": "  session  {started} {executor}: {status}, {runs} runs in {took}",
    },
    "sweep_session_killed": {
        "de": "  Sitzung  {started} {executor}: {status} (Prozess {who} beendet, ohne "
        "abzuschließen), {runs} Läufe gespeichert",
        "en": "  session  {started} {executor}: {status} (process {who} ended without "
        "finishing), {runs} runs saved",
    },
    "sweep_on_host": {"de": "{pid} auf {host}", "en": "{pid} on {host}"},
    "sweep_error": {"de": "  Fehler   {count} × {message}", "en": "  error    {count} x {message}"},
    "sweep_resume": {"de": "  fortsetzen mit: {command}", "en": "  continue with: {command}"},
    "sweep_complete": {"de": "vollständig", "en": "complete"},
    "sweep_incomplete": {"de": "unvollständig", "en": "incomplete"},
    "sweep_completed": {"de": "abgeschlossen", "en": "completed"},
    "sweep_interrupted": {"de": "abgebrochen", "en": "interrupted"},
    "sweep_aborted": {"de": "gescheitert", "en": "aborted"},
    "sweep_running": {"de": "läuft", "en": "running"},
    "sweep_none": {"de": "keine", "en": "none"},
    # --- dkbm planspiel replay --------------------------------------------------------------
    "planspiel_replayed": {
        "de": "Planspiel nachgespielt: Szenario {scenario}, Seed {seed}, {rounds} Runden, "
        "{months} Monate, {decisions} Entscheidungen; Kooperationsrate am Ende "
        "{cooperation_rate}",
        "en": "Planspiel replayed: scenario {scenario}, seed {seed}, {rounds} rounds, "
        "{months} months, {decisions} decisions; final cooperation rate {cooperation_rate}",
    },
    "planspiel_same": {
        "de": "Die Kennzahlen gleichen der Aufzeichnung Bit für Bit.",
        "en": "The metrics equal the recording bit for bit.",
    },
    "planspiel_differs": {
        "de": "Abweichung von der Aufzeichnung: {names}",
        "en": "Differs from the recording: {names}",
    },
}


def t(key: str, lang: str = "de", **fields) -> str:
    """The text for ``key`` in ``lang`` (``"de"`` or ``"en"``), formatted with ``fields``.

    Raises
    ------
    KeyError
        For an unknown key (a programming error, not user input).
    """
    text = TEXT[key]["en" if lang == "en" else "de"]
    return text.format(**fields) if fields else text

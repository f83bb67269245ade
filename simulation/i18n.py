"""German and English texts shared by the CLI, the report figures and the web app.

Model labels (metrics, parameters, levers, shocks, diagnoses) live with the model in
``models``; this table holds the words around them. Add a key here rather than writing
a text inline, so that both languages stay complete (a test checks every entry).

Every translation table of the project has this one shape, ``key -> (German, English)``
(also the web app's :data:`simulation.web.texts.TEXTS`); numbers inside texts come
from :mod:`simulation.formatting`. ``explain:<key metric>`` holds the one-sentence
explanation of each key figure, ``chk_*`` the wording of input problems
(:mod:`simulation.checks`), ``sens_*`` the sensitivity tables and figures.
"""

from __future__ import annotations

LANGUAGES = ("de", "en")

TEXT: dict[str, tuple[str, str]] = {
    # --- axes, units, legends ------------------------------------------------------------
    "month": ("Monat", "month"),
    "months": ("Monate", "months"),
    "share_axis": ("Anteil (0–1)", "share (0–1)"),
    "mean": ("Mittelwert", "mean"),
    "ci95_mean": (
        "95-%-Konfidenzintervall des Mittelwerts",
        "95% confidence interval of the mean",
    ),
    "runs95": ("95 % der Läufe", "95% of runs"),
    "interventions": ("Hebel (Maßnahmen)", "Levers (interventions)"),
    "intervention_period": ("Hebel aktiv", "lever active"),
    "shocks": ("Ereignisse", "Shocks"),
    "funding_end": ("Förderende", "funding ends"),
    "plan_strip_title": (
        "Hebel (hell: Vorlauf), Ereignisse (rot), Förderende (gepunktet)",
        "Levers (light: lead time), events (red), funding end (dotted)",
    ),
    "no_levers_planned": ("keine Hebel geplant", "no levers planned"),
    "levers_band": (
        "Hebel wirken (Band unten, Farbe des Szenarios)",
        "levers act (band at the bottom, scenario colour)",
    ),
    "horizon_end": ("Horizont", "horizon"),
    "no_interventions": ("keine Hebel", "no levers"),
    # --- report figure panels -------------------------------------------------------------
    "panel_cooperation": (
        "Kooperation zwischen den Ämtern",
        "Cooperation between departments",
    ),
    "panel_dimensions": (
        "Müssen, Wollen, Können (Mittel der Ämter)",
        "Necessity, motivation, competence (mean of departments)",
    ),
    "panel_trust": ("Vertrauen", "Trust"),
    "panel_institutions": ("Institutionalisierung", "Institutionalisation"),
    "panel_differences": (
        "Unterschied zu „{name}“ (gepaarte Läufe, 95-%-KI)",
        "Difference from '{name}' (paired runs, 95% CI)",
    ),
    "report_subtitle": (
        "{runs} Läufe × {months} Monate, Seed {seed}",
        "{runs} runs × {months} months, seed {seed}",
    ),
    "comparison_title": ("Szenarienvergleich", "Scenario comparison"),
    # --- summaries --------------------------------------------------------------------------
    "scenario": ("Szenario", "Scenario"),
    "metric": ("Kennzahl", "Metric"),
    "ci95": ("95-%-KI", "95% CI"),
    "difference": ("Differenz", "Difference"),
    "valid_runs": ("gültige Läufe", "valid runs"),
    "at_month": ("Monat {month}", "month {month}"),
    "over_horizon": ("Mittel über alle Monate", "mean over all months"),
    "takeoff_share": ("Anteil der Läufe mit Durchbruch", "Share of runs with take-off"),
    "ci_note": (
        "95-%-KI: t-Intervall des Mittelwerts über die Läufe (ohne undefinierte Werte).",
        "95% CI: t interval of the mean over runs (undefined values left out).",
    ),
    "diff_note": (
        "Differenzen: gepaarte Läufe mit denselben Seeds (gemeinsame Zufallszahlen).",
        "Differences: paired runs with the same seeds (common random numbers).",
    ),
    "diagnosis_heading": (
        "Was begrenzt welches Amt? (Knoster-Diagnose im letzten Monat, häufigster Befund)",
        "What limits which department? (Knoster diagnosis in the last month, most frequent)",
    ),
    "of_runs": ("der Läufe", "of runs"),
    "report_at": ("Bericht: {path}", "Report: {path}"),
    "output_at": ("Alle Ergebnisse: {path}", "All results: {path}"),
    "hint_out": (
        "Hinweis: mit --out VERZEICHNIS entstehen Bericht (PNG/SVG) und Tabellen.",
        "Hint: --out DIR writes the report (PNG/SVG) and tables.",
    ),
    "undefined": ("undefiniert", "undefined"),
    "warn_lasting_short": (
        "Hinweis: Dauerhafte Kooperation ist undefiniert (–): Der Zeitraum endet in Monat "
        "{months}, die Messung braucht Monat 24–48 nach dem Ende aller Unterstützung "
        "(Monat {end}), also --months {need} oder mehr.",
        "Note: lasting cooperation is undefined (–): the horizon ends in month {months}, "
        "the measurement needs months 24–48 after the end of all support (month {end}), "
        "so --months {need} or more.",
    ),
    # --- what each key figure means (one sentence, shown as a caption or tooltip) --------
    "explain:cooperation_rate_final": (
        "Anteil der Ämterpaare, die im letzten Monat gemeinsam an einem Projekt arbeiten "
        "oder kürzlich eines erfolgreich abgeschlossen haben (0 = keines, 1 = alle).",
        "Share of department pairs working on a joint project in the last month or "
        "having recently completed one successfully (0 = none, 1 = all).",
    ),
    "explain:cooperation_rate_mean": (
        "Dieselbe Kooperationsrate, gemittelt über alle Monate des Zeitraums.",
        "The same cooperation rate, averaged over all months of the horizon.",
    ),
    "explain:sustained_cooperation_index": (
        "Trägt die Zusammenarbeit nach dem Förderende? Kooperation im 3. und 4. Jahr "
        "nach Förderende geteilt durch die im letzten geförderten Jahr: 1 = gehalten, "
        "unter 1 = abgebröckelt, über 1 = gewachsen.",
        "Does cooperation last after funding ends? Cooperation in years 3 and 4 after "
        "the funding end divided by that of the last funded year: 1 = kept, below 1 = "
        "eroded, above 1 = grown.",
    ),
    "explain:takeoff_month": (
        "Durchbruch: der erste Monat, in dem ein Viertel der Ämterpaare zusammenarbeitet "
        "(Mittel über die Läufe mit Durchbruch).",
        "Take-off: the first month in which a quarter of the department pairs "
        "cooperate (mean over the runs with a take-off).",
    ),
    "explain:lasting_cooperation": (
        "Was ohne jede Unterstützung bleibt: Kooperationsrate, gemittelt über die Monate "
        "24–48 nach dem späteren von Förderende und Ende des letzten Hebels. Anders als der "
        "Nachhaltigkeitsindex belohnt sie keine Hebel, die nur über das Förderende hinaus "
        "laufen; „–“, wenn der Zeitraum dafür zu kurz ist. Kooperation heißt: ein gemeinsames "
        "Projekt läuft oder eines war in den letzten 12 Monaten erfolgreich.",
        "What remains without any support: the cooperation rate averaged over months 24–48 "
        "after the later of the funding end and the end of the last lever. Unlike the "
        "sustained cooperation index it does not reward levers that merely run past the "
        "funding end; '–' when the horizon is too short. Cooperation means: a joint project "
        "is running or one succeeded in the last 12 months.",
    ),
    "explain:first_report_month": (
        "Monat des ersten Bildungsberichts (Mittel über die Läufe mit Bericht).",
        "Month of the first education report (mean over the runs with a report).",
    ),
    "explain:takeoff_share": (
        "Wie viele Läufe überhaupt einen Durchbruch erreichen (100 % = alle).",
        "How many runs reach a take-off at all (100% = all).",
    ),
    "explain:mean_necessity_final": (
        "Wie stark die Ämter im letzten Monat im Mittel den Handlungsbedarf sehen (0–1).",
        "How strongly the departments see the need for change in the last month, on average (0–1).",
    ),
    "explain:mean_motivation_final": (
        "Wie bereit die Ämter im letzten Monat im Mittel zur Veränderung sind (0–1).",
        "How ready for change the departments are in the last month, on average (0–1).",
    ),
    "explain:mean_competence_final": (
        "Wie gut die Ämter im letzten Monat im Mittel Zusammenarbeit gestalten können (0–1).",
        "How well the departments can shape cooperation in the last month, on average (0–1).",
    ),
    "explain:mean_trust_final": (
        "Mittleres Vertrauen zwischen den Ämterpaaren im letzten Monat (0–1): wächst "
        "langsam mit Erfolgen, sinkt schnell bei Ausstiegen.",
        "Mean trust between department pairs in the last month (0–1): grows slowly "
        "with successes, falls fast with withdrawals.",
    ),
    "explain:institutionalisation_final": (
        "Wie fest Zusammenarbeit in Gremien, Vereinbarungen und Routinen verankert ist "
        "(0–1); sie trägt über Personalwechsel und Förderende hinweg.",
        "How firmly cooperation is anchored in committees, agreements and routines "
        "(0–1); it carries over staff turnover and the funding end.",
    ),
    "explain:legitimacy_final": (
        "Rückhalt der Zusammenarbeit in Politik und Verwaltungsspitze im letzten Monat (0–1).",
        "Backing of the cooperation by politics and administrative leadership in the "
        "last month (0–1).",
    ),
    "explain:education_outcome_final": (
        "Ein vereinfachtes Maß dafür, wie gut die Bildungsangebote zum Bedarf passen "
        "(0–1); kein gemessener Wert.",
        "A simplified measure of how well education offers match needs (0–1); not a "
        "measured value.",
    ),
    "explain:lever_hours_final": (
        "Arbeitsstunden, die die geplanten Hebel über den ganzen Zeitraum kosten "
        "(Ämter und Bildungsbüro).",
        "Staff hours the planned levers cost over the whole horizon (departments and "
        "education office).",
    ),
    "explain:lever_euros_final": (
        "Geld, das die geplanten Hebel über den ganzen Zeitraum kosten.",
        "Money the planned levers cost over the whole horizon.",
    ),
    # --- dkbm sensitivity: tables and figures ------------------------------------------
    "sens_final": ("Endwert", "final value"),
    "sens_mean": ("Mittel über den Lauf", "mean over the run"),
    "sens_S1": ("S1 (erste Ordnung)", "S1 (first order)"),
    "sens_ST": ("ST (gesamt, mit Wechselwirkungen)", "ST (total, with interactions)"),
    "sens_mu_star": (
        "μ* (mittlerer Betrag des Elementareffekts)",
        "μ* (mean absolute elementary effect)",
    ),
    "sens_sigma": ("σ (Streuung der Elementareffekte)", "σ (spread of elementary effects)"),
    "sens_axis_sobol": (
        "Sobol-Index (Anteil der Varianz, 0–1)",
        "Sobol index (share of variance, 0–1)",
    ),
    "sens_axis_morris": (
        "Elementareffekt (Einheit der Zielgröße je Parameterspanne)",
        "elementary effect (output units per parameter range)",
    ),
    "sens_title_sobol": ("Sobol-Sensitivitätsanalyse", "Sobol sensitivity analysis"),
    "sens_title_morris": ("Morris-Screening", "Morris screening"),
    "sens_ci": ("{level}-%-Konfidenzintervall", "{level}% confidence interval"),
    "sens_whiskers": ("Fehlerbalken: {ci}", "error bars: {ci}"),
    "sens_runs": ("{runs} Läufe, {months} Monate", "{runs} runs, {months} months"),
    "sens_head": (
        "{method}: {points} Designpunkte × {replications} Wiederholungen = {runs} Läufe "
        "({months} Monate); {level}-%-Konfidenzintervalle",
        "{method}: {points} design points × {replications} replications = {runs} runs "
        "({months} months); {level}% confidence intervals",
    ),
    "sens_failed": (
        "; {failed} fehlgeschlagene Läufe ausgelassen",
        "; {failed} failed runs left out",
    ),
    "sens_noise": (
        "  Zufallsrauschen der Wiederholungen: {share} der Varianz der Punktmittel",
        "  replication noise: {share} of the variance of the point means",
    ),
    "sens_noise_more": ("; mehr Wiederholungen rechnen", "; add replications"),
    "sens_not_analysed": ("{name}: nicht ausgewertet: {reason}", "{name}: not analysed: {reason}"),
    "sens_col_rank": ("Rang", "rank"),
    "sens_figure": ("Abbildung", "figure"),
    "sens_col_parameter": ("Parameter", "parameter"),
    "sens_col_S1": ("S1", "S1"),
    "sens_col_S1_conf": ("S1 ± KI", "S1 ± CI"),
    "sens_col_ST": ("ST", "ST"),
    "sens_col_ST_conf": ("ST ± KI", "ST ± CI"),
    "sens_col_mu_star": ("μ*", "μ*"),
    "sens_col_mu_star_conf": ("μ* ± KI", "μ* ± CI"),
    "sens_col_sigma": ("σ", "σ"),
    "sens_col_mu": ("μ", "μ"),
    "sens_scatter_title": ("μ* gegen σ: {name}", "μ* against σ: {name}"),
    "sens_ratio": ("σ/μ* = {ratio}", "σ/μ* = {ratio}"),
    "sens_scatter_help": (
        "rechts: wichtig; oben: nichtlinear oder mit Wechselwirkungen",
        "right: important; top: nonlinear or interacting",
    ),
    # --- column headers of "CSV (Excel, deutsch)" -----------------------------------------------
    "csv_replication": ("Lauf", "run"),
    "csv_month": ("Monat", "month"),
    "csv_seed": ("Seed", "seed"),
    "csv_scenario": ("Szenario", "scenario"),
    "csv_metric": ("Kennzahl", "metric"),
    "csv_mean": ("Mittelwert", "mean"),
    "csv_ci95_low": ("95-%-KI unten", "95% CI low"),
    "csv_ci95_high": ("95-%-KI oben", "95% CI high"),
    "csv_n": ("gültige Läufe", "valid runs"),
    "csv_difference": ("Differenz zur Referenz", "difference from the reference"),
    "csv_difference_ci95_low": ("Differenz 95-%-KI unten", "difference 95% CI low"),
    "csv_difference_ci95_high": ("Differenz 95-%-KI oben", "difference 95% CI high"),
    # --- units of the parameter registry -----------------------------------------------------
    "unit:share 0..1": ("Anteil 0–1", "share 0–1"),
    "unit:1/month": ("pro Monat", "per month"),
    "unit:share/year": ("Anteil pro Jahr", "share per year"),
    "unit:months": ("Monate", "months"),
    "unit:hours/month": ("Stunden pro Monat", "hours per month"),
    "unit:FTE": ("Vollzeitstellen", "full-time posts"),
    "unit:departments": ("Ämter", "departments"),
    "unit:ratio": ("Verhältnis", "ratio"),
    "unit:factor": ("Faktor", "factor"),
    "unit:rule": ("Regel", "rule"),
    "unit:switch": ("Schalter (0/1)", "switch (0/1)"),
    "unit:logit": ("Logit", "logit"),
    # --- problems in input files (simulation.checks; the CLI prints the English form) -------
    "chk_hint": ("meinten Sie „{close}“? ", "did you mean '{close}'? "),
    "chk_unknown_key": (
        "unbekannt ({what}); {hint}erlaubt: {allowed}",
        "unknown {what}; {hint}(allowed: {allowed})",
    ),
    "chk_unknown_parameter": (
        "unbekannter Parameter; {hint}(erlaubt sind die Parameter unter „Stellschrauben des "
        "Modells“)",
        "unknown parameter; {hint}(allowed are the parameters under 'Model parameters')",
    ),
    "chk_table": (
        "muss ein Abschnitt sein, geschrieben [{key}]; angegeben: {got}",
        "must be a table written [{key}]; got {got}",
    ),
    "chk_array": (
        "muss eine Liste von Abschnitten sein, geschrieben [[{key}]]; angegeben: {got}",
        "must be an array of tables written [[{key}]]; got {got}",
    ),
    "chk_string": (
        "muss ein Text in Anführungszeichen sein; angegeben: {got}",
        "must be a string; got {got}",
    ),
    "chk_pattern_name": (
        "darf nur Kleinbuchstaben, Ziffern, „-“ und „_“ enthalten (z. B. „structures-first“); "
        "angegeben: {got}",
        "must be lower-case letters, digits, '-' or '_' (e.g. 'structures-first'); got {got}",
    ),
    "chk_pattern_key": (
        "darf nur Kleinbuchstaben, Ziffern und „_“ enthalten und muss mit einem Buchstaben "
        "beginnen (z. B. „jugendamt“); angegeben: {got}",
        "must be lower-case letters, digits or '_', starting with a letter (e.g. 'jugendamt'); "
        "got {got}",
    ),
    "chk_pattern": ("hat eine unzulässige Form; angegeben: {got}", "has a wrong form; got {got}"),
    "chk_integer": (
        "muss eine ganze Zahl von {low} bis {high} sein; angegeben: {got}",
        "must be an integer in [{low}, {high}]; got {got}",
    ),
    "chk_integer_min": (
        "muss eine ganze Zahl ab {low} sein; angegeben: {got}",
        "must be an integer >= {low}; got {got}",
    ),
    "chk_number": (
        "muss eine Zahl von {low} bis {high} sein; angegeben: {got}",
        "must be a number in [{low}, {high}]; got {got}",
    ),
    "chk_number_unit": (
        "muss eine Zahl von {low} bis {high} sein ({unit}); angegeben: {got}",
        "must be a number in [{low}, {high}] ({unit}); got {got}",
    ),
    "chk_integer_unit": (
        "muss eine ganze Zahl von {low} bis {high} sein ({unit}); angegeben: {got}",
        "must be an integer in [{low}, {high}] ({unit}); got {got}",
    ),
    "chk_boolean": (
        "muss true oder false sein; angegeben: {got}",
        "must be true or false; got {got}",
    ),
    "chk_choice_type": (
        "muss ein Text sein, der {what} nennt; angegeben: {got}",
        "must be a string naming {what}; got {got}",
    ),
    "chk_choice": (
        "„{value}“ gibt es nicht ({what}); {hint}erlaubt: {allowed}",
        "unknown {what} '{value}'; {hint}(allowed: {allowed})",
    ),
    "chk_what_lever": ("Hebel", "lever"),
    "chk_what_shock_kind": ("Ereignisart", "shock kind"),
    "chk_what_department": ("Amt", "department"),
    "chk_what_municipality_type": ("Art der Gebietskörperschaft", "municipality type"),
    "chk_what_section": ("Abschnitt", "section"),
    "chk_what_key": ("Eintrag", "key"),
    "chk_what_parameter": ("Parameter", "parameter"),
    "chk_required": ("fehlt, ist aber Pflicht", "is required"),
    "chk_model": ("ist so nicht möglich ({detail})", "is not possible ({detail})"),
    "chk_twice": (
        "„{value}“ kommt zweimal vor; die Schlüssel der Ämter müssen verschieden sein",
        "'{value}' is used twice; department keys must be unique",
    ),
    "chk_min_departments": (
        "braucht mindestens 2 Einträge [[departments]]; angegeben: {count}",
        "needs at least 2 [[departments]] entries; got {count}",
    ),
    "chk_n_departments": (
        "ist {given}, aber [[departments]] nennt {count} Ämter; weglassen oder angleichen",
        "is {given} but [[departments]] lists {count}; leave it out or make them agree",
    ),
    "chk_targets": (
        "muss eine Liste von Schlüsseln der Ämter sein; angegeben: {got}",
        "must be an array of department keys; got {got}",
    ),
    "chk_toml": (
        "Zeile {line}, Spalte {column}: Die Datei ist kein gültiges TOML (Schreibfehler, z. B. "
        "ein fehlendes „=“ oder Anführungszeichen)",
        "line {line}, column {column}: TOML syntax error",
    ),
    "chk_toml_nowhere": (
        "Die Datei ist kein gültiges TOML (Schreibfehler, z. B. ein fehlendes „=“ oder "
        "Anführungszeichen)",
        "TOML syntax error",
    ),
    # --- listings ---------------------------------------------------------------------------
    "builtin_scenarios": ("Mitgelieferte Szenarien", "Built-in scenarios"),
    "levers": ("Hebel", "Levers"),
    "parameters": ("Parameter", "Parameters"),
    "default": ("Standard", "default"),
    "range": ("Bereich", "range"),
    "unit": ("Einheit", "unit"),
    "delay": ("Verzögerung", "delay"),
    "persistence": ("Dauerhaftigkeit", "persistence"),
    # measured by simulation.persistence: what the lever built, 12-24 months after its end
    "persistence_while": ("wirkt nur, solange er läuft", "acts only while it runs"),
    "persistence_low": ("Wirkung verblasst bald nach dem Ende", "effect fades soon after it ends"),
    "persistence_medium": ("Wirkung hält eine Weile nach", "effect lasts a while after it ends"),
    "persistence_high": ("Wirkung hält lange nach", "effect lasts long after it ends"),
    "persistence_measured": (
        "{text} ({share} des Aufgebauten nach 1–2 Jahren)",
        "{text} ({share} of what it built after 1–2 years)",
    ),
    "cost": ("Aufwand", "cost"),
    "landkreis": ("Landkreis", "Landkreis (district)"),
    "kreisfreie_stadt": ("Kreisfreie Stadt", "kreisfreie Stadt (county-free city)"),
    # --- docking with Macy & Flache (2002) ----------------------------------------------------
    "docking_window": ("Fenster P < A < R", "window P < A < R"),
    "docking_locked_cc": (
        "eingerastet in beiderseitige Kooperation",
        "locked into mutual cooperation",
    ),
    "docking_locked_dd": (
        "eingerastet in beiderseitige Verweigerung",
        "locked into mutual defection",
    ),
    "docking_aspiration": ("Anspruchsniveau A", "aspiration A"),
    "docking_share_runs": (
        "Anteil der {runs} Läufe nach 1.000 Runden",
        "share of {runs} runs after 1,000 rounds",
    ),
    "docking_mean_runs": ("Mittel über {runs} Läufe", "mean of {runs} runs"),
    "docking_sce": (
        "selbstkorrigierendes Gleichgewicht (√3 − 1)/2",
        "self-correcting equilibrium (√3 − 1)/2",
    ),
    "docking_round": ("Runde", "round"),
    "docking_p_cooperate": (
        "Kooperationswahrscheinlichkeit (Spieler 1)",
        "probability to cooperate (player 1)",
    ),
    "docking_col_result": ("Ergebnis", "result"),
    "docking_col_published": ("veröffentlicht", "published"),
    "docking_col_ours": ("unser Wert", "ours"),
    "docking_col_interval": ("95-%-Intervall", "95% interval"),
    "docking_col_runs": ("Läufe", "runs"),
    "docking_col_source": ("Quelle", "source"),
    # --- dkbm sweep status ------------------------------------------------------------------
    "sweep_head": (
        "Sweep {path}: {status} (letzte Sitzung: {last})",
        "sweep {path}: {status} (last session: {last})",
    ),
    "sweep_design": (
        "  Design   {kind}, {n} Parameter ({names}), {points} Punkte × {reps} "
        "Wiederholungen = {runs} Läufe [{formula}], {months} Monate",
        "  design   {kind}, {n} parameters ({names}), {points} points x {reps} "
        "replications = {runs} runs [{formula}], {months} months",
    ),
    "sweep_runs": (
        "  Läufe    {done} fertig ({ok} ok, {failed} fehlgeschlagen), {missing} fehlen",
        "  runs     {done} done ({ok} ok, {failed} failed), {missing} missing",
    ),
    "sweep_session": (
        "  Sitzung  {started} {executor}: {status}, {runs} Läufe in {took}",
        "  session  {started} {executor}: {status}, {runs} runs in {took}",
    ),
    "sweep_session_killed": (
        "  Sitzung  {started} {executor}: {status} (Prozess {who} beendet, ohne "
        "abzuschließen), {runs} Läufe gespeichert",
        "  session  {started} {executor}: {status} (process {who} ended without "
        "finishing), {runs} runs saved",
    ),
    "sweep_on_host": ("{pid} auf {host}", "{pid} on {host}"),
    "sweep_error": ("  Fehler   {count} × {message}", "  error    {count} x {message}"),
    "sweep_resume": ("  fortsetzen mit: {command}", "  continue with: {command}"),
    "sweep_complete": ("vollständig", "complete"),
    "sweep_incomplete": ("unvollständig", "incomplete"),
    "sweep_completed": ("abgeschlossen", "completed"),
    "sweep_interrupted": ("abgebrochen", "interrupted"),
    "sweep_aborted": ("gescheitert", "aborted"),
    "sweep_running": ("läuft", "running"),
    "sweep_none": ("keine", "none"),
    # --- dkbm planspiel replay --------------------------------------------------------------
    "planspiel_replayed": (
        "Planspiel nachgespielt: Szenario {scenario}, Seed {seed}, {rounds} Runden, "
        "{months} Monate, {decisions} Entscheidungen; Kooperationsrate am Ende "
        "{cooperation_rate}",
        "Planspiel replayed: scenario {scenario}, seed {seed}, {rounds} rounds, "
        "{months} months, {decisions} decisions; final cooperation rate {cooperation_rate}",
    ),
    "planspiel_same": (
        "Die Kennzahlen gleichen der Aufzeichnung Bit für Bit.",
        "The metrics equal the recording bit for bit.",
    ),
    "planspiel_differs": (
        "Abweichung von der Aufzeichnung: {names}",
        "Differs from the recording: {names}",
    ),
    # --- trainer kit: animation and handout (issue 14) ---------------------------------------
    "month_of_total": ("Monat {month} von {months}", "month {month} of {months}"),
    "handout_page": ("Seite {page}", "page {page}"),
    "handout_title": ("Handout: {title}", "Handout: {title}"),
    "handout_framework": (
        "Das Rahmenmodell: Müssen, Wollen, Können",
        "The framework: necessity, motivation, competence",
    ),
    "handout_framework_text": (
        "Kooperation zwischen Ämtern entfaltet sich nur dort, wo die Notwendigkeit erkannt ist "
        "(Müssen), die Bereitschaft zur Veränderung besteht (Wollen) und die Kompetenz da ist, "
        "sie gemeinsam zu gestalten (Können). Nicht alles ist am Anfang gegeben: vieles "
        "entsteht im Prozess und braucht Zeit. Die 16 Hebel des Rahmenmodells wirken auf je "
        "eine dieser drei Dimensionen:",
        "Cooperation between departments unfolds only where the necessity is recognised "
        "(necessity), the readiness to change exists (motivation) and the competence to shape "
        "it together is there (competence). Not everything is given at the start: much emerges "
        "in the process and needs time. The framework's 16 levers each act on one of the three "
        "dimensions:",
    ),
    "handout_dim_necessity": (
        "Notwendigkeit der Veränderung erkennen",
        "recognise the need for change",
    ),
    "handout_dim_motivation": (
        "Bereitschaft zur Veränderung schaffen",
        "create readiness for change",
    ),
    "handout_dim_competence": ("Veränderung aktiv gestalten", "shape change actively"),
    "handout_panel_dimensions": ("Müssen, Wollen, Können", "Necessity, motivation, competence"),
    "handout_scenario": ("Das Szenario", "The scenario"),
    "handout_plan": ("Der Maßnahmenplan", "The plan"),
    "handout_plan_lever": (
        "{lever}: Monat {start} bis {end}, Intensität {intensity}",
        "{lever}: month {start} to {end}, intensity {intensity}",
    ),
    "handout_plan_shock": ("Ereignis in Monat {month}: {shock}", "Event in month {month}: {shock}"),
    "handout_plan_funding": (
        "Die Programmförderung endet in Monat {month}.",
        "Programme funding ends in month {month}.",
    ),
    "handout_curves": ("Was im Modell passiert", "What happens in the model"),
    "handout_curves_text": (
        "Mittelwert über {runs} Läufe mit verschiedenen Zufallszahlen; dunkles Band: "
        "95-%-Konfidenzintervall des Mittelwerts, helles Band: 95 % der Läufe.",
        "Mean over {runs} runs with different random numbers; dark band: 95% confidence "
        "interval of the mean, light band: 95% of runs.",
    ),
    "summary_heading": ("Kennzahlen (Mittelwert [95-%-KI])", "Key figures (mean [95% CI])"),
    "handout_diagnosis": (
        "Was fehlt welchem Amt? Die Knoster-Diagnose",
        "What does each department lack? The Knoster diagnosis",
    ),
    "handout_diagnosis_text": (
        "Nach Knoster gelingt Veränderung nur, wenn alle Elemente da sind; fehlt eines, zeigt "
        "sich ein typisches Symptom: ohne Müssen Verwirrung, ohne Wollen Widerstand, ohne "
        "Können Angst, ohne Ressourcen Frust. Die Tabelle zeigt je Amt den häufigsten Befund "
        "in Monat {months} und in wie vielen Läufen er auftritt.",
        "After Knoster, change succeeds only when every element is there; a missing one shows "
        "as a typical symptom: confusion without necessity, resistance without motivation, "
        "anxiety without competence, frustration without resources. The table shows each "
        "department's most frequent finding in month {months} and in how many runs it occurs.",
    ),
    "handout_col_department": ("Amt", "Department"),
    "handout_col_diagnosis": ("Häufigster Befund", "Most frequent finding"),
    "handout_col_share": ("Anteil der Läufe", "Share of runs"),
    "handout_questions": ("Fragen für die Diskussion", "Questions for discussion"),
    "handout_q1": (
        "Welches Amt in Ihrer Kommune entspricht welchem Befund der Tabelle? Was fehlt dort: "
        "Müssen, Wollen oder Können?",
        "Which department in your municipality matches which finding of the table? What does "
        "it lack: necessity, motivation or competence?",
    ),
    "handout_q2": (
        "Wann entsteht im Modell Kooperation, und wann bricht sie ein? Welche Ereignisse gehen "
        "dem voraus?",
        "When does cooperation emerge in the model, and when does it collapse? Which events "
        "come before?",
    ),
    "handout_q3": (
        "Was trägt nach dem Förderende weiter: Vertrauen, Strukturen oder Personen?",
        "What carries on after the funding ends: trust, structures or people?",
    ),
    "handout_q4": (
        "Welche drei Hebel würden Sie in Ihrer Kommune zuerst einsetzen, und in welcher "
        "Reihenfolge?",
        "Which three levers would you use first in your municipality, and in which order?",
    ),
    "handout_q5": (
        "Ein einzelner Lauf ist eine Geschichte, das Ensemble die Regel: Was an Ihrer eigenen "
        "Erfahrung war Zufall, was Muster?",
        "A single run is a story, the ensemble the rule: what in your own experience was "
        "chance, what was a pattern?",
    ),
    "handout_q6": (
        "Wer müsste in Ihrer Kommune am Tisch sitzen, damit ein Gremium mehr ist als ein Termin?",
        "Who would have to sit at the table in your municipality for a committee to be more "
        "than a meeting?",
    ),
    "handout_more": ("Selbst ausprobieren", "Try it yourself"),
    "handout_more_text": (
        "dkbm-sim läuft ohne Internet auf dem eigenen Rechner: „dkbm web“ öffnet die Web-App "
        "(Planen, Vergleichen, Training), „dkbm run SZENARIO“ rechnet ein Szenario mit vielen "
        "Läufen.",
        "dkbm-sim runs offline on your own computer: 'dkbm web' opens the web app (plan, "
        "compare, workshop), 'dkbm run SCENARIO' runs a scenario with many runs.",
    ),
    "first_report_marker": (
        "Erster Bildungsbericht (Median Monat {month}, {share} der Läufe)",
        "First education report (median month {month}, {share} of runs)",
    ),
}


def t(key: str, lang: str = "de", **fields) -> str:
    """The text for ``key`` in ``lang`` (``"de"`` or ``"en"``), formatted with ``fields``.

    Raises
    ------
    KeyError
        For an unknown key (a programming error, not user input).
    """
    text = TEXT[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text

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
    # --- what each key figure means (one sentence, shown as a caption or tooltip) --------
    "explain:cooperation_rate_final": {
        "de": "Anteil der Ämterpaare, die im letzten Monat gemeinsam an einem Projekt arbeiten "
        "oder kürzlich eines erfolgreich abgeschlossen haben (0 = keines, 1 = alle).",
        "en": "Share of department pairs working on a joint project in the last month or "
        "having recently completed one successfully (0 = none, 1 = all).",
    },
    "explain:cooperation_rate_mean": {
        "de": "Dieselbe Kooperationsrate, gemittelt über alle Monate des Zeitraums.",
        "en": "The same cooperation rate, averaged over all months of the horizon.",
    },
    "explain:sustained_cooperation_index": {
        "de": "Trägt die Zusammenarbeit nach dem Förderende? Kooperation im 3. und 4. Jahr "
        "nach Förderende geteilt durch die im letzten geförderten Jahr: 1 = gehalten, "
        "unter 1 = abgebröckelt, über 1 = gewachsen.",
        "en": "Does cooperation last after funding ends? Cooperation in years 3 and 4 after "
        "the funding end divided by that of the last funded year: 1 = kept, below 1 = "
        "eroded, above 1 = grown.",
    },
    "explain:takeoff_month": {
        "de": "Durchbruch: der erste Monat, in dem ein Viertel der Ämterpaare zusammenarbeitet "
        "(Mittel über die Läufe mit Durchbruch).",
        "en": "Take-off: the first month in which a quarter of the department pairs "
        "cooperate (mean over the runs with a take-off).",
    },
    "explain:takeoff_share": {
        "de": "Wie viele Läufe überhaupt einen Durchbruch erreichen (100 % = alle).",
        "en": "How many runs reach a take-off at all (100% = all).",
    },
    "explain:mean_necessity_final": {
        "de": "Wie stark die Ämter im letzten Monat im Mittel den Handlungsbedarf sehen (0–1).",
        "en": "How strongly the departments see the need for change in the last month, "
        "on average (0–1).",
    },
    "explain:mean_motivation_final": {
        "de": "Wie bereit die Ämter im letzten Monat im Mittel zur Veränderung sind (0–1).",
        "en": "How ready for change the departments are in the last month, on average (0–1).",
    },
    "explain:mean_competence_final": {
        "de": "Wie gut die Ämter im letzten Monat im Mittel Zusammenarbeit gestalten können (0–1).",
        "en": "How well the departments can shape cooperation in the last month, on average (0–1).",
    },
    "explain:mean_trust_final": {
        "de": "Mittleres Vertrauen zwischen den Ämterpaaren im letzten Monat (0–1): wächst "
        "langsam mit Erfolgen, sinkt schnell bei Ausstiegen.",
        "en": "Mean trust between department pairs in the last month (0–1): grows slowly "
        "with successes, falls fast with withdrawals.",
    },
    "explain:institutionalisation_final": {
        "de": "Wie fest Zusammenarbeit in Gremien, Vereinbarungen und Routinen verankert ist "
        "(0–1); sie trägt über Personalwechsel und Förderende hinweg.",
        "en": "How firmly cooperation is anchored in committees, agreements and routines "
        "(0–1); it carries over staff turnover and the funding end.",
    },
    "explain:legitimacy_final": {
        "de": "Rückhalt der Zusammenarbeit in Politik und Verwaltungsspitze im letzten Monat "
        "(0–1).",
        "en": "Backing of the cooperation by politics and administrative leadership in the "
        "last month (0–1).",
    },
    "explain:education_outcome_final": {
        "de": "Ein vereinfachtes Maß dafür, wie gut die Bildungsangebote zum Bedarf passen "
        "(0–1); kein gemessener Wert.",
        "en": "A simplified measure of how well education offers match needs (0–1); not a "
        "measured value.",
    },
    "explain:lever_hours_final": {
        "de": "Arbeitsstunden, die die geplanten Hebel über den ganzen Zeitraum kosten "
        "(Ämter und Bildungsbüro).",
        "en": "Staff hours the planned levers cost over the whole horizon (departments and "
        "education office).",
    },
    "explain:lever_euros_final": {
        "de": "Geld, das die geplanten Hebel über den ganzen Zeitraum kosten.",
        "en": "Money the planned levers cost over the whole horizon.",
    },
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
    # --- trainer kit: animation and handout (issue 14) ---------------------------------------
    "month_of_total": {"de": "Monat {month} von {months}", "en": "month {month} of {months}"},
    "handout_page": {"de": "Seite {page}", "en": "page {page}"},
    "handout_title": {"de": "Handout: {title}", "en": "Handout: {title}"},
    "handout_framework": {
        "de": "Das Rahmenmodell: Müssen, Wollen, Können",
        "en": "The framework: necessity, motivation, competence",
    },
    "handout_framework_text": {
        "de": "Kooperation zwischen Ämtern entfaltet sich nur dort, wo die Notwendigkeit "
        "erkannt ist (Müssen), die Bereitschaft zur Veränderung besteht (Wollen) und die "
        "Kompetenz da ist, sie gemeinsam zu gestalten (Können). Nicht alles ist am Anfang "
        "gegeben: vieles entsteht im Prozess und braucht Zeit. Die 16 Hebel des "
        "Rahmenmodells wirken auf je eine dieser drei Dimensionen:",
        "en": "Cooperation between departments unfolds only where the necessity is "
        "recognised (necessity), the readiness to change exists (motivation) and the "
        "competence to shape it together is there (competence). Not everything is given at "
        "the start: much emerges in the process and needs time. The framework's 16 levers "
        "each act on one of the three dimensions:",
    },
    "handout_dim_necessity": {
        "de": "Notwendigkeit der Veränderung erkennen",
        "en": "recognise the need for change",
    },
    "handout_dim_motivation": {
        "de": "Bereitschaft zur Veränderung schaffen",
        "en": "create readiness for change",
    },
    "handout_dim_competence": {
        "de": "Veränderung aktiv gestalten",
        "en": "shape change actively",
    },
    "handout_panel_dimensions": {
        "de": "Müssen, Wollen, Können",
        "en": "Necessity, motivation, competence",
    },
    "handout_scenario": {"de": "Das Szenario", "en": "The scenario"},
    "handout_plan": {"de": "Der Maßnahmenplan", "en": "The plan"},
    "handout_plan_lever": {
        "de": "{lever}: Monat {start} bis {end}, Intensität {intensity}",
        "en": "{lever}: month {start} to {end}, intensity {intensity}",
    },
    "handout_plan_shock": {
        "de": "Ereignis in Monat {month}: {shock}",
        "en": "Event in month {month}: {shock}",
    },
    "handout_plan_funding": {
        "de": "Die Programmförderung endet in Monat {month}.",
        "en": "Programme funding ends in month {month}.",
    },
    "handout_curves": {"de": "Was im Modell passiert", "en": "What happens in the model"},
    "handout_curves_text": {
        "de": "Mittelwert über {runs} Läufe mit verschiedenen Zufallszahlen; dunkles Band: "
        "95-%-Konfidenzintervall des Mittelwerts, helles Band: 95 % der Läufe.",
        "en": "Mean over {runs} runs with different random numbers; dark band: 95% confidence "
        "interval of the mean, light band: 95% of runs.",
    },
    "summary_heading": {
        "de": "Kennzahlen (Mittelwert [95-%-KI])",
        "en": "Key figures (mean [95% CI])",
    },
    "handout_diagnosis": {
        "de": "Was fehlt welchem Amt? Die Knoster-Diagnose",
        "en": "What does each department lack? The Knoster diagnosis",
    },
    "handout_diagnosis_text": {
        "de": "Nach Knoster gelingt Veränderung nur, wenn alle Elemente da sind; fehlt eines, "
        "zeigt sich ein typisches Symptom: ohne Müssen Verwirrung, ohne Wollen Widerstand, "
        "ohne Können Angst, ohne Ressourcen Frust. Die Tabelle zeigt je Amt den häufigsten "
        "Befund in Monat {months} und in wie vielen Läufen er auftritt.",
        "en": "After Knoster, change succeeds only when every element is there; a missing "
        "one shows as a typical symptom: confusion without necessity, resistance without "
        "motivation, anxiety without competence, frustration without resources. The table "
        "shows each department's most frequent finding in month {months} and in how many "
        "runs it occurs.",
    },
    "handout_col_department": {"de": "Amt", "en": "Department"},
    "handout_col_diagnosis": {"de": "Häufigster Befund", "en": "Most frequent finding"},
    "handout_col_share": {"de": "Anteil der Läufe", "en": "Share of runs"},
    "handout_questions": {"de": "Fragen für die Diskussion", "en": "Questions for discussion"},
    "handout_q1": {
        "de": "Welches Amt in Ihrer Kommune entspricht welchem Befund der Tabelle? Was fehlt "
        "dort: Müssen, Wollen oder Können?",
        "en": "Which department in your municipality matches which finding of the table? "
        "What does it lack: necessity, motivation or competence?",
    },
    "handout_q2": {
        "de": "Wann entsteht im Modell Kooperation, und wann bricht sie ein? Welche Ereignisse "
        "gehen dem voraus?",
        "en": "When does cooperation emerge in the model, and when does it collapse? Which "
        "events come before?",
    },
    "handout_q3": {
        "de": "Was trägt nach dem Förderende weiter: Vertrauen, Strukturen oder Personen?",
        "en": "What carries on after the funding ends: trust, structures or people?",
    },
    "handout_q4": {
        "de": "Welche drei Hebel würden Sie in Ihrer Kommune zuerst einsetzen, und in "
        "welcher Reihenfolge?",
        "en": "Which three levers would you use first in your municipality, and in which order?",
    },
    "handout_q5": {
        "de": "Ein einzelner Lauf ist eine Geschichte, das Ensemble die Regel: Was an Ihrer "
        "eigenen Erfahrung war Zufall, was Muster?",
        "en": "A single run is a story, the ensemble the rule: what in your own experience "
        "was chance, what was a pattern?",
    },
    "handout_q6": {
        "de": "Wer müsste in Ihrer Kommune am Tisch sitzen, damit ein Gremium mehr ist als "
        "ein Termin?",
        "en": "Who would have to sit at the table in your municipality for a committee to "
        "be more than a meeting?",
    },
    "handout_more": {"de": "Selbst ausprobieren", "en": "Try it yourself"},
    "handout_more_text": {
        "de": "dkbm-sim läuft ohne Internet auf dem eigenen Rechner: „dkbm web“ öffnet die "
        "Web-App (Planen, Vergleichen, Training), „dkbm run SZENARIO“ rechnet ein Szenario "
        "mit vielen Läufen.",
        "en": "dkbm-sim runs offline on your own computer: 'dkbm web' opens the web app "
        "(plan, compare, workshop), 'dkbm run SCENARIO' runs a scenario with many runs.",
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

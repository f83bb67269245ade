"""The web app's translation table: every text the page shows, in German and English.

German is the default. Model labels (parameters, levers, shocks, metrics, diagnoses,
departments) come with the model in ``models`` and scenario titles with the scenario;
texts shared with the CLI's figures come from :mod:`simulation.i18n`. Everything else
a planner or trainer reads is a key here: write ``t("key", lang)``, never a literal.
``tests/web/test_texts.py`` checks that every key has both languages with the same
fields, that every key used in the code exists, and that a rendered English page
shows no German text of this table (and vice versa).
"""

from __future__ import annotations

import os

from simulation import i18n
from simulation.formatting import number  # noqa: F401  (re-exported for the views)

LANGS = ("de", "en")
LANG_ENV = "DKBM_WEB_LANG"

TEXTS: dict[str, tuple[str, str]] = {
    # --- page frame ------------------------------------------------------------------------
    "app_title": (
        "dkbm-sim · Kooperation im Bildungsmanagement",
        "dkbm-sim · Cooperation in education management",
    ),
    "page_title": ("dkbm-sim: Zusammenarbeit der Ämter", "dkbm-sim: cooperation of departments"),
    "lang_switch": ("EN / DE", "EN / DE"),
    "lang_switch_help": (
        "Sprache: Deutsch (zu Englisch wechseln)",
        "Language: English (switch to German)",
    ),
    "view_planner": ("Planen", "Plan"),
    "view_compare": ("Vergleichen", "Compare"),
    "view_trainer": ("Training", "Workshop"),
    # --- messages --------------------------------------------------------------------------
    "err_invalid": (
        "Diese Eingabe ist nicht möglich, der bisherige Stand bleibt",
        "This input is not possible; the previous state is kept",
    ),
    "err_action": ("Das geht gerade nicht", "Not possible right now"),
    "err_internal": (
        "Interner Fehler; die Sitzung läuft weiter",
        "Internal error; the session continues",
    ),
    "err_upload_size": (
        "Die Datei „{name}“ ist {size} KB groß; erlaubt sind höchstens {limit} KB",
        "The file '{name}' is {size} KB; at most {limit} KB are allowed",
    ),
    "err_upload_encoding": (
        "Die Datei „{name}“ ist kein UTF-8-Text",
        "The file '{name}' is not UTF-8 text",
    ),
    "err_upload": ("Die Szenariodatei wurde nicht übernommen", "The scenario file was not used"),
    "ok_upload": (
        "Szenario „{title}“ aus „{name}“ geladen",
        "Scenario '{title}' loaded from '{name}'",
    ),
    "err_number": (
        "„{label}“: bitte eine Zahl eingeben (z. B. {example}); eingegeben: „{text}“",
        "'{label}': please enter a number (e.g. {example}); entered: '{text}'",
    ),
    "err_range": (
        "„{label}“: erlaubt ist {kind} von {low} bis {high}; eingegeben: {value}",
        "'{label}': allowed is {kind} from {low} to {high}; entered: {value}",
    ),
    "kind_number": ("eine Zahl", "a number"),
    "kind_integer": ("eine ganze Zahl", "a whole number"),
    "finished": (
        "Ende des Zeitraums erreicht ({months} Monate). „Zurücksetzen“ beginnt von vorn.",
        "End of the horizon reached ({months} months). 'Reset' starts again.",
    ),
    # --- scenario card ---------------------------------------------------------------------
    "scenario_card": ("Szenario", "Scenario"),
    "scenario_select": ("Mitgeliefertes Szenario", "Built-in scenario"),
    "scenario_uploaded": ("Hochgeladen: {title}", "Uploaded: {title}"),
    "upload_button": ("Szenariodatei hochladen (TOML)", "Upload scenario file (TOML)"),
    "upload_help": (
        "Eine .toml-Datei, höchstens {limit} KB; sie wird geprüft wie im "
        "Kommandozeilenprogramm und nie ausgeführt.",
        "A .toml file of at most {limit} KB; it is checked as by the command line "
        "tool and never executed.",
    ),
    "run_months": ("Zeitraum (Monate)", "Horizon (months)"),
    "run_replications": ("Läufe im Ensemble", "Runs in the ensemble"),
    "run_seed": ("Startwert des Zufalls (Seed)", "Random seed"),
    "download_toml": ("Szenario als TOML", "Scenario as TOML"),
    "modified_note": ("Angepasst gegenüber „{title}“.", "Modified from '{title}'."),
    "my_plan": ("Mein Plan (aus „{title}“)", "My plan (from '{title}')"),
    # --- parameter controls ----------------------------------------------------------------
    "params_card": ("Stellschrauben des Modells", "Model parameters"),
    "params_help": (
        "Änderungen gelten sofort: der Live-Lauf wird mit demselben Zufall bis "
        "zum aktuellen Monat neu gerechnet.",
        "Changes apply at once: the live run is recomputed with the same random "
        "numbers up to the current month.",
    ),
    "value_field": ("Wert", "Value"),
    "group_necessity": ("Müssen: Notwendigkeit erkennen", "Necessity: recognise the need"),
    "group_motivation": ("Wollen: Bereitschaft schaffen", "Motivation: create readiness"),
    "group_competence": ("Können: Veränderung gestalten", "Competence: shape change"),
    "group_environment": ("Umfeld: Rahmenbedingungen", "Environment: conditions"),
    # --- timeline --------------------------------------------------------------------------
    "plan_card": ("Maßnahmenplan: Hebel und Ereignisse", "Plan: levers and events"),
    "plan_help": (
        "Jede Zeile ist ein Hebel (Beginn, Dauer, Intensität, Ämter) oder ein "
        "Ereignis; darunter steht, was der Hebel bewirkt, was er kostet und wann er wirkt. "
        "„bis Horizont“ hält einen Hebel bis zum Ende aufrecht (Verstetigung). Der Plan "
        "erscheint als Streifen über den Kurven.",
        "Each row is a lever (start, duration, intensity, departments) or an event; below "
        "it, what the lever does, what it costs and when it acts. 'To the horizon' keeps a "
        "lever up to the end (made permanent). The plan appears as a strip above the curves.",
    ),
    "plan_empty": ("Noch keine Hebel oder Ereignisse geplant.", "No levers or events planned yet."),
    "lever": ("Hebel", "Lever"),
    "shock": ("Ereignis", "Event"),
    "start": ("Beginn (Monat)", "Start (month)"),
    "duration": ("Dauer (Monate)", "Duration (months)"),
    "intensity": ("Intensität (0–1)", "Intensity (0–1)"),
    "severity": ("Stärke (0–1)", "Severity (0–1)"),
    "month_field": ("Monat", "Month"),
    "targets": ("Ämter (leer = alle)", "Departments (empty = all)"),
    "remove": ("Entfernen", "Remove"),
    "until_horizon": ("bis Horizont (verstetigt)", "to the horizon (made permanent)"),
    "until_horizon_short": ("bis Horizont", "to the horizon"),
    "lever_cost": (
        "Aufwand je Monat: {euros}, {office} Bildungsbüro, {dept} h je Amt; im Zeitraum "
        "{total_euros} und {total_hours}",
        "cost per month: {euros}, {office} education office, {dept} h per department; "
        "over the horizon {total_euros} and {total_hours}",
    ),
    "lever_acts_at": (
        "Vorlauf {delay}, wirkt ab Monat {month}",
        "lead time {delay}, acts from month {month}",
    ),
    "lever_acts_now": ("wirkt sofort", "acts at once"),
    "earlier": ("6 Monate früher", "6 months earlier"),
    "later": ("6 Monate später", "6 months later"),
    "add_lever": ("Hebel hinzufügen", "Add lever"),
    "add_shock": ("Ereignis hinzufügen", "Add event"),
    # --- live run --------------------------------------------------------------------------
    "tab_live": ("Live-Lauf", "Live run"),
    "tab_ensemble": ("Ensemble", "Ensemble"),
    "step": ("Schritt", "Step"),
    "play": ("Abspielen", "Play"),
    "pause": ("Pause", "Pause"),
    "reset": ("Zurücksetzen", "Reset"),
    "speed": ("Tempo (Monate pro Sekunde)", "Speed (months per second)"),
    "month_of": ("Monat {month} von {months}", "Month {month} of {months}"),
    "month_now": ("Monat {month}", "Month {month}"),
    "live_help": (
        "Ein einzelner Lauf (Lauf 1 des Ensembles, gleicher Seed).",
        "A single run (run 1 of the ensemble, same seed).",
    ),
    "colour_by": ("Knoten färben nach", "Colour nodes by"),
    "colour_readiness": ("Veränderungsbereitschaft", "Readiness for change"),
    "colour_diagnosis": ("Knoster-Diagnose", "Knoster diagnosis"),
    "download_live_png": ("Kurven als PNG", "Curves as PNG"),
    "events_title": ("Was passiert (neueste zuerst)", "What happens (latest first)"),
    "events_empty": (
        "Noch nichts passiert: „Schritt“ oder „Abspielen“ drücken.",
        "Nothing has happened yet: press 'Step' or 'Play'.",
    ),
    "table_title": ("Ämter und ihre Knoster-Diagnose", "Departments and their Knoster diagnosis"),
    "col_department": ("Amt", "Department"),
    "col_necessity": ("Müssen", "Necessity"),
    "col_motivation": ("Wollen", "Motivation"),
    "col_competence": ("Können", "Competence"),
    "col_readiness": ("Bereitschaft", "Readiness"),
    "col_diagnosis": ("Diagnose (was fehlt?)", "Diagnosis (what is missing?)"),
    "col_projects": ("Laufende Projekte", "Running projects"),
    "col_hours": ("Freie Stunden/Monat", "Free hours/month"),
    # --- live chart and network ------------------------------------------------------------
    "live_panel_cooperation": ("Kooperationsrate", "Cooperation rate"),
    "live_panel_dimensions": (
        "Müssen, Wollen, Können (Mittel)",
        "Necessity, motivation, competence",
    ),
    "live_panel_trust": ("Vertrauen (Mittel der Paare)", "Trust (mean over pairs)"),
    "live_panel_institutions": ("Institutionalisierung", "Institutionalisation"),
    "axis_month": ("Monat", "Month"),
    "axis_share": ("Anteil (0–1)", "Share (0–1)"),
    "network_title": ("Netz der Ämter", "Network of departments"),
    "legend_edges": ("Linienbreite = Vertrauen", "Line width = trust"),
    "legend_project": ("gemeinsames Projekt", "joint project"),
    "legend_no_project": ("kein Projekt", "no project"),
    "legend_ready_low": ("nicht bereit", "not ready"),
    "legend_ready_mid": ("teilweise", "partly"),
    "legend_ready_high": ("bereit", "ready"),
    # --- events (the running log) ----------------------------------------------------------
    # names stand in the nominative ("Kooperation: Jugendamt – Schulamt"): no declension
    "ev_started": (
        "Neues gemeinsames Projekt: {a} – {b}",
        "New joint project: {a} – {b}",
    ),
    "ev_succeeded": (
        "Durchbruch: Projekt erfolgreich abgeschlossen, {a} – {b}",
        "Breakthrough: joint project completed, {a} – {b}",
    ),
    "ev_failed": (
        "Projekt gescheitert: {a} – {b}",
        "Joint project failed: {a} – {b}",
    ),
    "ev_defected": (
        "Ein Partner steigt aus: Projekt {a} – {b}",
        "A partner withdraws: project {a} – {b}",
    ),
    "ev_trust_drop": (
        "Vertrauensbruch: {a} – {b}",
        "Trust collapses: {a} – {b}",
    ),
    "ev_turnover": (
        "{a}: neue Ansprechperson, Erfahrung geht verloren",
        "{a}: new liaison person, experience is lost",
    ),
    "ev_ready": ("{a}: jetzt bereit für Veränderung", "{a}: now ready for change"),
    "ev_report": (
        "Ein Bildungsbericht erscheint und macht Bedarfe sichtbar",
        "An education report is published and makes needs visible",
    ),
    "ev_election": (
        "Wahl: Die politische Führung wechselt",
        "Election: the political leadership changes",
    ),
    "ev_funding_end": ("Die Programmförderung endet", "Programme funding ends"),
    "ev_shock": ("Ereignis: {item}", "Event: {item}"),
    "ev_lever_acts": ("Hebel wirkt ab jetzt: {item}", "Lever takes effect now: {item}"),
    "ev_now_lever": (
        "Jetzt eingesetzt: {item} (für {number} Monate)",
        "Applied now: {item} (for {number} months)",
    ),
    "ev_now_shock": ("Jetzt ausgelöst: {item}", "Triggered now: {item}"),
    "ev_now_funding_end": ("Jetzt beschlossen: Die Förderung endet", "Decided now: funding ends"),
    # --- trainer mode ----------------------------------------------------------------------
    "trainer_title": ("Workshop: Die Dynamik live zeigen", "Workshop: show the dynamics live"),
    "now_steering_group": ("Jetzt: Lenkungsgruppe einrichten", "Now: set up a steering group"),
    "now_election": ("Jetzt: Wahl", "Now: election"),
    "now_funding_end": ("Jetzt: Förderende", "Now: funding ends"),
    "now_lever": ("Jetzt: Hebel einsetzen", "Now: apply lever"),
    "now_shock": ("Jetzt: Ereignis auslösen", "Now: trigger event"),
    "choose_lever": ("Hebel wählen", "Choose lever"),
    "choose_shock": ("Ereignis wählen", "Choose event"),
    "trainer_hint": (
        "Hebel und Ereignisse wirken ab dem nächsten Monat; das Protokoll rechts "
        "erzählt, was in den Ämtern passiert.",
        "Levers and events act from the next month on; the log on the right tells "
        "what happens in the departments.",
    ),
    # --- ensemble --------------------------------------------------------------------------
    "run_ensemble": ("Ensemble rechnen ({runs} Läufe)", "Run ensemble ({runs} runs)"),
    "ensemble_help": (
        "Alle Läufe des Szenarios mit verschiedenen Zufallszahlen: Mittelwert, "
        "95-%-Band und was davon bleibt, wenn die Förderung endet.",
        "All runs of the scenario with different random numbers: mean, 95% band "
        "and what remains after funding ends.",
    ),
    "ensemble_running": ("Rechne … {percent} %", "Running … {percent}%"),
    "job_cancel": ("Abbrechen", "Cancel"),
    "job_cancelled": ("Abgebrochen; nichts wurde übernommen.", "Cancelled; nothing was kept."),
    "ensemble_none": ("Noch kein Ensemble gerechnet.", "No ensemble run yet."),
    "ensemble_done": (
        "{runs} Läufe in {seconds} s gerechnet",
        "{runs} runs computed in {seconds} s",
    ),
    "summary_title": (
        "Kennzahlen (Mittelwert und 95-%-Konfidenzintervall)",
        "Key figures (mean and 95% confidence interval)",
    ),
    "download_excel": ("CSV (Excel, deutsch)", "CSV (Excel, English)"),
    "download_csv": ("CSV (für Programme)", "CSV (machine-readable)"),
    "download_parquet": ("Parquet (für Programme)", "Parquet (machine-readable)"),
    "download_png": ("Abbildung als PNG", "Figure as PNG"),
    "col_share": ("Anteil der Läufe", "Share of runs"),
    # --- compare ---------------------------------------------------------------------------
    "compare_title": ("Szenarien vergleichen (gleiche Seeds)", "Compare scenarios (same seeds)"),
    "compare_help": (
        "Unter „Referenz“ wählen, wogegen verglichen wird; die Unterschiede werden über "
        "gepaarte Läufe mit denselben Zufallszahlen berechnet.",
        "Choose under 'Reference' what to compare against; differences come from paired "
        "runs with the same random numbers.",
    ),
    "compare_select": ("Szenarien (mindestens zwei)", "Scenarios (at least two)"),
    "compare_reference": ("Referenz (Vergleich gegen …)", "Reference (compare against …)"),
    "compare_run": ("Vergleich rechnen", "Run comparison"),
    "compare_need_two": (
        "Bitte mindestens zwei verschiedene Szenarien wählen.",
        "Please choose at least two different scenarios.",
    ),
    "compare_none": ("Noch kein Vergleich gerechnet.", "No comparison run yet."),
    "compare_table": (
        "Kennzahlen je Szenario: Mittelwert [95-%-KI]",
        "Key figures per scenario: mean [95% CI]",
    ),
    "compare_diff_table": (
        "Unterschied zur Referenz „{name}“: Mittelwert [95-%-KI]",
        "Difference from the reference '{name}': mean [95% CI]",
    ),
    "reference": ("Referenz", "reference"),
    # --- trainer kit (issue 14): grouped log, time control, Drehbuch, downloads -----------
    "ev_started_n": (
        "{count} neue gemeinsame Projekte: {list}",
        "{count} new joint projects: {list}",
    ),
    "ev_succeeded_n": (
        "Durchbruch: {count} Projekte erfolgreich abgeschlossen, {list}",
        "Breakthrough: {count} joint projects completed, {list}",
    ),
    "ev_failed_n": (
        "{count} Projekte gescheitert: {list}",
        "{count} joint projects failed: {list}",
    ),
    "ev_defected_n": (
        "Partner steigen aus {count} Projekten aus: {list}",
        "Partners withdraw from {count} projects: {list}",
    ),
    "ev_trust_drop_n": (
        "Vertrauensbruch in {count} Partnerschaften: {list}",
        "Trust collapses in {count} partnerships: {list}",
    ),
    "ev_turnover_n": (
        "Neue Ansprechpersonen in {count} Ämtern: {list}",
        "New liaison people in {count} departments: {list}",
    ),
    "ev_ready_n": (
        "Jetzt bereit für Veränderung ({count}): {list}",
        "Now ready for change ({count}): {list}",
    ),
    "ev_lever_acts_n": (
        "{count} Hebel wirken ab jetzt: {list}",
        "{count} levers take effect: {list}",
    ),
    "ev_more": ("und {count} weitere", "and {count} more"),
    "back": ("Monat zurück", "Month back"),
    "branch": ("Ab hier neu", "Branch here"),
    "branch_help": (
        "Ab diesem Monat neu beginnen: der bisherige Lauf bleibt gestrichelt zum Vergleich, "
        "dann einen Hebel oder ein Ereignis wählen und weiter abspielen (gleiche Zufallszahlen).",
        "Start again from this month: the run so far stays dashed for comparison; then choose "
        "a lever or event and play on (same random numbers).",
    ),
    "month_slider": ("Monat", "Month"),
    "branched": (
        "Neuer Zweig ab Monat {month}: der bisherige Lauf bleibt gestrichelt zum Vergleich.",
        "New branch from month {month}: the previous run stays dashed for comparison.",
    ),
    "clear_ghost": ("Vergleich ausblenden", "Hide comparison"),
    "ghost_note": (
        "Gestrichelt: der vorherige Lauf (gleiche Zufallszahlen)",
        "Dashed: the previous run (same random numbers)",
    ),
    "funding_done": ("Förderende ist schon erreicht", "Funding has already ended"),
    "more": ("Mehr", "More"),
    "speed_short": ("Tempo (Monate/s)", "Speed (months/s)"),
    "script_choose": ("Drehbuch wählen", "Choose a script"),
    "script_start": ("Drehbuch starten", "Start script"),
    "script_next": ("Weiter", "Next"),
    "script_stop": ("Drehbuch beenden", "End script"),
    "script_upload": ("Eigenes Drehbuch (TOML)", "Own script (TOML)"),
    "script_progress": (
        "Drehbuch „{title}“, Schritt {step} von {steps}",
        "Script '{title}', step {step} of {steps}",
    ),
    "script_done": ("Ende des Drehbuchs", "end of the script"),
    "err_script": ("Das Drehbuch wurde nicht übernommen", "The script was not used"),
    "download_gif": ("Animation (GIF)", "Animation (GIF)"),
    "download_mp4": ("Video (MP4)", "Video (MP4)"),
    "download_handout": ("Handout (PDF)", "Handout (PDF)"),
}

# --- Planspiel (rooms for phones; simulation/web/planspiel/) ----------------------------------
TEXTS.update(
    {
        "view_planspiel": ("Planspiel", "Role play"),
        "ps_title": ("Planspiel: Sie sind das Amt", "Role play: you are the department"),
        "ps_intro": (
            "Teilnehmende spielen die Ämter auf ihren Handys. Jede Runde entscheiden sie, "
            "wem sie Zusammenarbeit anbieten; Ämter ohne Spieler lenkt das Modell.",
            "Participants play the departments on their phones. Each round they decide to "
            "whom they offer joint work; departments nobody plays are run by the model.",
        ),
        "ps_open": ("Raum eröffnen", "Open room"),
        "ps_scenario": ("Szenario", "Scenario"),
        "ps_departments": ("Ämter", "Departments"),
        "ps_room": ("Raum {code}", "Room {code}"),
        "ps_join_at": (
            "Mitspielen: Adresse öffnen oder QR-Code scannen",
            "Join: open the address or scan the QR code",
        ),
        "ps_join_lan": (
            "Im WLAN erreichbar, wenn der Server mit dkbm web --host 0.0.0.0 läuft.",
            "Reachable on the local network when the server runs with dkbm web --host 0.0.0.0.",
        ),
        "ps_participants": ("Teilnehmende: {n}", "Participants: {n}"),
        "ps_decisions": ("Entscheidungen: {k}/{n}", "Decisions: {k}/{n}"),
        "ps_next": ("Nächste Runde", "Next round"),
        "ps_round_months": ("Monate je Runde", "Months per round"),
        "ps_pause": ("Pause", "Pause"),
        "ps_resume": ("Weiter", "Resume"),
        "ps_paused": ("Pause: gerade keine Entscheidungen", "Paused: no decisions right now"),
        "ps_debrief": ("Auswertung", "Debrief"),
        "ps_close": ("Raum schließen", "Close room"),
        "ps_closed": (
            "Dieser Raum ist geschlossen. Danke fürs Mitspielen!",
            "This room is closed. Thank you for playing!",
        ),
        "ps_export": (
            "Spiel exportieren (Szenario + Entscheidungen)",
            "Export the game (scenario + decisions)",
        ),
        "ps_export_hint": (
            "Nachspielen: dkbm planspiel replay decisions.json",
            "Replay: dkbm planspiel replay decisions.json",
        ),
        "ps_who_plays": ("Wer spielt welches Amt", "Who plays which department"),
        "ps_player": ("Spieler/in {n} (S{n})", "Player {n} (P{n})"),
        "ps_by_model": ("Modell", "model"),
        "ps_seat_short": ("S{n}", "P{n}"),
        "ps_month": ("Monat {month}", "Month {month}"),
        "ps_round": ("Runde {n}", "Round {n}"),
        "ps_code_label": ("Raum-Code", "Room code"),
        "ps_enter": ("Beitreten", "Join"),
        "ps_pick": ("Welches Amt spielen Sie?", "Which department do you play?"),
        "ps_taken": ("vergeben", "taken"),
        "ps_you_play": ("Sie spielen: {name}", "You play: {name}"),
        "ps_necessity": ("Müssen", "Necessity"),
        "ps_motivation": ("Wollen", "Motivation"),
        "ps_competence": ("Können", "Competence"),
        "ps_free_hours": ("Freie Stunden im Monat: {hours}", "Free hours per month: {hours}"),
        "ps_limits": ("Was Sie bremst: {label}", "What holds you back: {label}"),
        "ps_partners": (
            "Ihre Partner: Vertrauen und Ihre Entscheidung",
            "Your partners: trust and your decision",
        ),
        "ps_trust": ("Vertrauen {value}", "trust {value}"),
        "ps_project": ("gemeinsames Projekt läuft", "joint project running"),
        "ps_offer": ("Anbieten", "Offer"),
        "ps_decline": ("Nicht jetzt", "Not now"),
        "ps_submit": ("Entscheidung abgeben", "Submit decision"),
        "ps_submitted": (
            "Entscheidung abgegeben – warten auf die nächste Runde",
            "Decision submitted – waiting for the next round",
        ),
        "ps_change": ("Ändern", "Change"),
        "ps_undecided_note": (
            "Partner ohne Wahl entscheidet das Modell für Sie.",
            "For partners you leave open, the model decides for you.",
        ),
        "ps_last_round": ("Letzte Runde", "Last round"),
        "ps_events_empty": (
            "Noch nichts passiert: „Nächste Runde“ drücken.",
            "Nothing has happened yet: press “Next round”.",
        ),
        "ps_nothing": ("Nichts Besonderes passiert.", "Nothing special happened."),
        "ps_you_offered": ("Sie boten an: {names}", "You offered: {names}"),
        "ps_you_declined": ("Sie lehnten ab: {names}", "You declined: {names}"),
        "ps_waiting": ("Warten auf den Start …", "Waiting for the start …"),
        "ps_lang": ("EN", "DE"),
        "ps_connection_lost": (
            "Verbindung unterbrochen – verbinde neu …",
            "Connection lost – reconnecting …",
        ),
        "ps_debrief_pairs": ("Wer hat mit wem kooperiert", "Who cooperated with whom"),
        "ps_debrief_limits": (
            "Was jedes Amt begrenzt (Knoster)",
            "What limits each department (Knoster)",
        ),
        "ps_debrief_trust": ("Wie sich das Vertrauen entwickelt hat", "How trust developed"),
        "ps_col_pair": ("Paar", "Pair"),
        "ps_col_offers": ("Angebote", "Offers"),
        "ps_col_declines": ("Absagen", "Declines"),
        "ps_col_started": ("gestartet", "started"),
        "ps_col_succeeded": ("erfolgreich", "succeeded"),
        "ps_col_failed": ("gescheitert", "failed"),
        "ps_col_withdrawn": ("Rückzug", "withdrawn"),
        "ps_col_trust_start": ("Vertrauen Start", "trust at start"),
        "ps_col_trust_now": ("Vertrauen jetzt", "trust now"),
        "ps_col_department": ("Amt", "Department"),
        "ps_col_played_by": ("gespielt von", "played by"),
        "ps_col_limit": ("begrenzt durch", "limited by"),
        "ps_err_no_room": (
            "Einen Raum „{code}“ gibt es nicht (oder nicht mehr). Bitte den Code prüfen.",
            "There is no room '{code}' (or no longer). Please check the code.",
        ),
        "ps_err_full": (
            "Dieser Raum ist voll ({n} Teilnehmende).",
            "This room is full ({n} participants).",
        ),
        "ps_err_taken": (
            "Dieses Amt spielt schon jemand. Bitte ein anderes wählen.",
            "Someone already plays this department. Please pick another.",
        ),
        "ps_err_bad_department": (
            "Kein solches Amt (0 bis {n} − 1).",
            "No such department (0 to {n} − 1).",
        ),
        "ps_err_no_seat": ("Bitte dem Raum zuerst beitreten.", "Please join the room first."),
        "ps_err_no_department": ("Bitte zuerst ein Amt wählen.", "Please pick a department first."),
        "ps_err_bad_decision": (
            "Entscheidung ungültig: je Partner 1 (anbieten) oder 0 (nicht jetzt).",
            "Invalid decision: per partner 1 (offer) or 0 (not now).",
        ),
        "ps_err_not_trainer": ("Nur die Spielleitung darf das.", "Only the trainer may do this."),
        "ps_err_paused": ("Das Spiel ist gerade pausiert.", "The game is paused."),
        "ps_err_closed": ("Dieser Raum ist geschlossen.", "This room is closed."),
        "ps_err_bad_months": (
            "Monate je Runde: erlaubt sind {allowed}.",
            "Months per round: allowed are {allowed}.",
        ),
        "ps_err_rate": (
            "Zu viele Versuche. Bitte eine Minute warten.",
            "Too many attempts. Please wait a minute.",
        ),
        "ps_err_too_many_rooms": (
            "Schon {n} Räume offen: bitte einen schließen.",
            "{n} rooms are open already: please close one.",
        ),
        "ps_err_local_only": (
            "Räume eröffnen kann nur der Rechner, auf dem dkbm web läuft.",
            "Only the computer that runs dkbm web can open rooms.",
        ),
    }
)


# --- Empfehlung / Recommend (robust planning; simulation/web/recommend.py) --------------------
TEXTS.update(
    {
        "view_recommend": ("Empfehlung", "Recommend"),
        "rec_title": (
            "Empfehlung: Welches Hebelbündel trägt mit unserem Budget am sichersten?",
            "Recommendation: which lever bundle works most reliably within our budget?",
        ),
        "rec_help": (
            "Das Modell probiert viele Bündel aus den 16 Hebeln (welche, ab wann, wie lange, wie "
            "intensiv) unter vielen unsicheren Bedingungen und zeigt die Bündel, die für ihr Geld "
            "am meisten bewirken. Große Suchen: dkbm optimise (docs/planning.md).",
            "The model tries many bundles of the 16 levers (which, from when, how long, how "
            "intensive) under many uncertain conditions and shows the bundles that achieve most "
            "for their money. Large searches: dkbm optimise (docs/planning.md).",
        ),
        "rec_budget_euros": ("Budget (Euro)", "Budget (euros)"),
        "rec_budget_hours": ("Budget (Personalstunden)", "Budget (staff hours)"),
        "rec_err_amount": (
            "{label}: „{text}“ geht nicht – erlaubt ist eine Zahl von {low} bis {high} "
            "(z. B. {example})",
            "{label}: '{text}' is not possible – allowed is a number from {low} to {high} "
            "(e.g. {example})",
        ),
        "rec_err_fields": (
            "Bitte zuerst die markierten Felder korrigieren",
            "Please correct the marked fields first",
        ),
        "rec_base": ("Ausgangslage", "Base situation"),
        "rec_base_plan": (
            "Der Plan aus „Planen“ (mit seinen Hebeln)",
            "The plan from “Plan” (with its levers)",
        ),
        "rec_county": ("Kreis (optional)", "County (optional)"),
        "rec_no_county": ("kein bestimmter Kreis", "no particular county"),
        "rec_uncertain": (
            "Was wir nicht wissen: in diesen Bereichen wird gerechnet",
            "What we cannot know: the search covers these ranges",
        ),
        "rec_range": ("{label}: {low} bis {high}", "{label}: {low} to {high}"),
        "rec_robustness": ("Robust heißt", "Robust means"),
        "rob_mean": ("im Mittel über alle Bedingungen", "on average over all conditions"),
        "rob_p10": (
            "auch im schlechtesten Zehntel der Bedingungen",
            "also in the worst tenth of conditions",
        ),
        "rob_regret": (
            "möglichst wenig Bedauern gegenüber der besten Alternative",
            "as little regret as possible against the best alternative",
        ),
        "rec_search": ("Suchumfang", "Search size"),
        "rec_population": ("Bündel je Runde", "Bundles per round"),
        "rec_generations": ("Runden", "Rounds"),
        "rec_samples": ("Bedingungen", "Conditions"),
        "rec_replications": ("Läufe je Bedingung", "Runs per condition"),
        "rec_size_note": (
            "Etwa {runs} Modellläufe. Im Web bewusst klein; große Suchen mit dkbm optimise.",
            "About {runs} model runs. Deliberately small on the web; large searches with "
            "dkbm optimise.",
        ),
        "rec_run": ("Empfehlung rechnen", "Compute recommendation"),
        "rec_none": ("Noch keine Empfehlung gerechnet.", "No recommendation computed yet."),
        "rec_done": (
            "{bundles} Bündel geprüft, {runs} Modellläufe in {seconds}. Ziel: {objective}, {how}.",
            "{bundles} bundles checked, {runs} model runs in {seconds}. Objective: {objective}, "
            "{how}.",
        ),
        "rec_front_title": (
            "Die besten Bündel für ihr Geld (Pareto-Front, neu gerechnet auf frischen Seeds)",
            "The best bundles for their money (Pareto front, re-run on fresh seeds)",
        ),
        "rec_col_bundle": ("Bündel", "Bundle"),
        "rec_col_levers": ("Hebel", "Levers"),
        "rec_col_euros": ("Euro", "Euros"),
        "rec_col_hours": ("Stunden", "Hours"),
        "rec_col_objective": ("Robustes Ziel", "Robust objective"),
        "rec_col_mean": ("Mittel [95 %-Intervall]", "Mean [95% interval]"),
        "rec_recommended": ("empfohlen", "recommended"),
        "rec_regret_note": (
            "Bedauern: wie weit ein Bündel hinter dem besten zurückbleibt (kleiner ist besser).",
            "Regret: how far a bundle falls short of the best (smaller is better).",
        ),
        "rec_choose": ("Bündel ansehen:", "View bundle:"),
        "rec_bundle": ("Bündel {n}", "Bundle {n}"),
        "rec_facts": (
            "Kosten {euros} und {hours} zusätzlich zur Ausgangslage; robustes Ziel {value}.",
            "Costs {euros} and {hours} on top of the base; robust objective {value}.",
        ),
        "rec_apply": ("In den Planer übernehmen", "Load into the planner"),
        "rec_applied": (
            "Bündel {n} aus der Empfehlung übernommen: „{title}“",
            "Bundle {n} of the recommendation loaded: '{title}'",
        ),
        "rec_download_csv": ("Front (CSV für Excel)", "Front (CSV for Excel)"),
        "rec_download_toml": ("Szenario dieses Bündels (TOML)", "Scenario of this bundle (TOML)"),
    }
)


def default_lang() -> str:
    """The language of a new session: ``DKBM_WEB_LANG`` (set by ``dkbm web --lang``) or German."""
    lang = os.environ.get(LANG_ENV, "de").strip().lower()
    return lang if lang in LANGS else "de"


def t(key: str, lang: str = "de", **fields) -> str:
    """The text for ``key`` in ``lang``, formatted with ``fields``.

    Falls back to the table shared with the CLI (:data:`simulation.i18n.TEXT`).

    Raises
    ------
    KeyError
        For an unknown key (a programming error).
    """
    if key in TEXTS:
        text = TEXTS[key][1 if lang == "en" else 0]
        return text.format(**fields) if fields else text
    return i18n.t(key, lang, **fields)


def unit(name: str, lang: str) -> str:
    """A registry unit (English, e.g. ``"share 0..1"``) in ``lang``; unknown units as given."""
    key = f"unit:{name}"
    return t(key, lang) if key in TEXTS or key in i18n.TEXT else name


# --- counties (simulation/counties.py; ODD 6.1) ------------------------------------------------
TEXTS.update(
    {
        "county_select": ("Landkreis/Stadt", "County/city"),
        "county_none": ("keiner – Lage des Szenarios", "none – the scenario's own situation"),
        "county_kind_district": ("Landkreis", "rural district"),
        "county_kind_city": ("kreisfreie Stadt", "county-free city"),
        "county_note": (
            "Lage von {name} ({kind}, {people} Einwohner)",
            "Situation of {name} ({kind}, {people} inhabitants)",
        ),
        "county_help": (
            "Rechnet das Szenario in der Lage eines Brandenburger Kreises: Bedarf der Ämter und "
            "Arbeitsbelastung aus den Kreisindikatoren (Regionaldatenbank, dl-de/by-2-0).",
            "Runs the scenario in a Brandenburg county's situation: the departments' need and "
            "the workload from the county indicators (Regionaldatenbank, dl-de/by-2-0).",
        ),
    }
)

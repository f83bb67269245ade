"""The participant's phone page: one HTML file with its CSS and script, no external files.

Built for a phone about 400 px wide: one column, touch targets at least 48 px high,
German by default with an EN switch (kept in ``localStorage``). The script joins the
room (the seat token stays in an HttpOnly cookie, so a reload or a sleeping phone keeps
the seat), then renders whatever the server pushes over the WebSocket.
"""

from __future__ import annotations

import html
import json

from simulation.web.texts import LANGS, TEXTS

KEYS = tuple(k for k in TEXTS if k.startswith("ps_"))

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       font-size: 17px; color: #1b1b1b; background: #f4f6f9; }
header { background: #1f4e79; color: #fff; padding: 10px 14px; display: flex;
         align-items: center; gap: 10px; position: sticky; top: 0; z-index: 2; }
header .ps-title { font-weight: 700; flex: 1; font-size: 1.05rem; }
header .ps-month { font-weight: 700; font-size: 1.15rem; white-space: nowrap; }
main { padding: 12px; max-width: 520px; margin: 0 auto; }
button { font: inherit; min-height: 52px; border-radius: 10px; border: 2px solid #1f4e79;
         background: #fff; color: #1f4e79; padding: 8px 12px; cursor: pointer; }
button:disabled { border-color: #bbb; color: #999; background: #eee; cursor: default; }
.ps-lang { min-height: 44px; min-width: 56px; border-color: #fff; color: #fff;
           background: transparent; font-weight: 600; }
.ps-card { background: #fff; border-radius: 12px; padding: 12px; margin-bottom: 12px;
           box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.ps-card h2 { font-size: 1.05rem; margin: 0 0 8px; }
.ps-depts { display: grid; grid-template-columns: 1fr; gap: 8px; }
.ps-dept-btn { width: 100%; text-align: left; font-weight: 600; }
.ps-bar { display: flex; align-items: center; gap: 8px; margin: 6px 0; }
.ps-bar span:first-child { width: 7.4em; font-weight: 600; }
.ps-bar .ps-track { flex: 1; height: 14px; background: #e3e8ef; border-radius: 7px;
                    overflow: hidden; }
.ps-bar .ps-fill { height: 100%; background: #2c7fb8; }
.ps-bar .ps-val { width: 3em; text-align: right; }
.ps-partner { border-top: 1px solid #e3e8ef; padding: 10px 0; }
.ps-partner:first-of-type { border-top: 0; }
.ps-pname { font-weight: 600; }
.ps-meta { color: #555; font-size: .9rem; margin: 2px 0 6px; }
.ps-choice { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.ps-choice button.ps-on { background: #1f4e79; color: #fff; }
.ps-choice .ps-decline.ps-on { background: #8a3b12; border-color: #8a3b12; }
.ps-submit { width: 100%; background: #1f7a3a; border-color: #1f7a3a; color: #fff;
             font-weight: 700; font-size: 1.1rem; min-height: 60px; }
.ps-status { font-weight: 600; color: #1f7a3a; margin: 8px 0; }
.ps-error { background: #fdecea; color: #8a1c1c; border-radius: 10px; padding: 10px 12px;
            margin-bottom: 12px; font-weight: 600; }
.ps-note { color: #555; font-size: .9rem; }
.ps-paused { background: #fff4d6; border-radius: 10px; padding: 10px 12px; font-weight: 600;
             margin-bottom: 12px; }
ul.ps-last { margin: 0; padding-left: 1.1em; }
ul.ps-last li { margin: 4px 0; }
input.ps-code { font: inherit; font-size: 1.4rem; letter-spacing: .12em; text-transform: uppercase;
                width: 100%; min-height: 56px; padding: 8px 12px; border-radius: 10px;
                border: 2px solid #1f4e79; margin-bottom: 10px; }
.ps-enter { width: 100%; font-weight: 700; }
"""


def _texts() -> dict:
    return {lang: {k: TEXTS[k][i] for k in KEYS} for i, lang in enumerate(LANGS)}


def _frame(lang: str, body: str, script: str = "") -> str:
    texts = json.dumps(_texts(), ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Planspiel · dkbm-sim</title><style>{CSS}</style></head>
<body>{body}
<script>
const TEXTS = {texts};
let lang = localStorage.getItem("dkbm_lang") || "{lang}";
function tr(key, fields) {{
  let s = (TEXTS[lang] || TEXTS.de)[key] || key;
  for (const [k, v] of Object.entries(fields || {{}})) s = s.split("{{" + k + "}}").join(v);
  return s;
}}
function relabel() {{
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach(el => {{ el.textContent = tr(el.dataset.t); }});
}}
function switchLang() {{
  lang = lang === "de" ? "en" : "de";
  localStorage.setItem("dkbm_lang", lang);
  relabel();
  if (window.onLang) window.onLang();
}}
{script}
relabel();
</script></body></html>"""


def join_html(lang: str, error: str | None = None) -> str:
    """The page to type a room code (with the reason, if a code was wrong)."""
    message = f'<div class="ps-error" role="alert">{html.escape(error)}</div>' if error else ""
    body = f"""<header><span class="ps-title" data-t="ps_title"></span>
<button class="ps-lang" onclick="switchLang()" data-t="ps_lang"></button></header>
<main>{message}<form class="ps-card" method="get" action="/planspiel">
<label for="code"><h2 data-t="ps_code_label"></h2></label>
<input id="code" class="ps-code" name="code" autocomplete="off" autocapitalize="characters"
 maxlength="12" required>
<button class="ps-enter" type="submit" data-t="ps_enter"></button></form></main>"""
    return _frame(lang, body)


def room_html(code: str, lang: str) -> str:
    """The participant page of room ``code``."""
    body = """<header><span class="ps-title" data-t="ps_title"></span>
<span class="ps-month"></span>
<button class="ps-lang" onclick="switchLang()" data-t="ps_lang"></button></header>
<main><div class="ps-error" role="alert" hidden></div><div id="app"></div></main>"""
    return _frame(lang, body, SCRIPT.replace("__CODE__", json.dumps(code)))


SCRIPT = r"""
const CODE = __CODE__;
const API = "/planspiel/api/" + CODE;
let view = null, draft = {}, editing = false, socket = null, retry = 500;
const $ = (sel) => document.querySelector(sel);
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.onclick = v; else if (v !== false && v != null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}
function showError(text) {
  const box = $(".ps-error");
  box.textContent = text || ""; box.hidden = !text;
}
async function post(path, body) {
  const r = await fetch(API + path + "?lang=" + lang, {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(body || {}),
    credentials: "same-origin"});
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { showError(data.message || ("HTTP " + r.status)); return null; }
  showError("");
  return data;
}
function bar(label, value, text) {
  return el("div", {class: "ps-bar"}, el("span", {}, label),
    el("span", {class: "ps-track"}, el("span", {class: "ps-fill",
      style: "display:block;width:" + Math.round(100 * Math.max(0, Math.min(1, value))) + "%"})),
    el("span", {class: "ps-val"}, text));
}
function render() {
  const app = $("#app");
  app.replaceChildren();
  if (!view) { app.append(el("p", {class: "ps-note"}, tr("ps_waiting"))); return; }
  $(".ps-month").textContent = tr("ps_month", {month: view.month});
  if (view.closed) { app.append(el("div", {class: "ps-card ps-closed"}, tr("ps_closed"))); return; }
  if (view.paused) app.append(el("div", {class: "ps-paused"}, tr("ps_paused")));
  const me = view.me;
  if (!me) {
    const list = el("div", {class: "ps-depts"});
    for (const d of view.departments) {
      list.append(el("button", {class: "ps-dept-btn", "data-index": d.index, disabled: d.taken,
        onclick: () => post("/choose", {department: d.index})},
        d.name + (d.taken ? " (" + tr("ps_taken") + ")" : "")));
    }
    app.append(el("div", {class: "ps-card"}, el("h2", {}, tr("ps_pick")), list));
    return;
  }
  const card = el("div", {class: "ps-card ps-me", "data-index": me.index},
    el("h2", {class: "ps-you"}, tr("ps_you_play", {name: me.name})),
    bar(tr("ps_necessity"), me.necessity, me.necessity_text),
    bar(tr("ps_motivation"), me.motivation, me.motivation_text),
    bar(tr("ps_competence"), me.competence, me.competence_text),
    el("div", {class: "ps-hours"}, tr("ps_free_hours", {hours: me.free_hours_text})),
    el("div", {class: "ps-meta ps-limit"}, tr("ps_limits", {label: me.limit})));
  app.append(card);
  if (view.round > 0) {
    const items = me.last_round.length ? me.last_round : [tr("ps_nothing")];
    app.append(el("div", {class: "ps-card ps-last-card"}, el("h2", {}, tr("ps_last_round")),
      el("ul", {class: "ps-last"}, ...items.map(x => el("li", {}, x)))));
  }
  const decided = me.decided && !editing;
  const partners = el("div", {class: "ps-card ps-partners"}, el("h2", {}, tr("ps_partners")));
  for (const p of me.partners) {
    const choice = (p.index in draft) ? draft[p.index] : p.decision;
    const pick = (v) => () => { draft[p.index] = v; editing = true; render(); };
    partners.append(el("div", {class: "ps-partner", "data-index": p.index},
      el("div", {class: "ps-pname"}, p.name),
      el("div", {class: "ps-meta"}, tr("ps_trust", {value: p.trust_text}) +
        (p.project ? " · " + tr("ps_project") : "")),
      el("div", {class: "ps-choice"},
        el("button", {class: "ps-offer" + (choice === 1 ? " ps-on" : ""),
          disabled: decided || view.paused, "aria-pressed": choice === 1, onclick: pick(1)},
          tr("ps_offer")),
        el("button", {class: "ps-decline" + (choice === 0 ? " ps-on" : ""),
          disabled: decided || view.paused, "aria-pressed": choice === 0, onclick: pick(0)},
          tr("ps_decline")))));
  }
  app.append(partners);
  if (decided) {
    app.append(el("div", {class: "ps-status"}, tr("ps_submitted")),
      el("button", {class: "ps-change", onclick: () => { editing = true; render(); }},
        tr("ps_change")));
  } else {
    app.append(el("p", {class: "ps-note"}, tr("ps_undecided_note")),
      el("button", {class: "ps-submit", disabled: view.paused, onclick: submit}, tr("ps_submit")));
  }
}
async function submit() {
  const decision = {};
  for (const p of view.me.partners) {
    const v = (p.index in draft) ? draft[p.index] : p.decision;
    if (v === 0 || v === 1) decision[p.index] = v;
  }
  if (await post("/decide", {decision})) { editing = false; render(); }
}
function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/planspiel/ws/" + CODE + "?lang=" + lang);
  socket.onopen = () => { retry = 500; showError(""); };
  socket.onmessage = (msg) => {
    const next = JSON.parse(msg.data);
    if (view && next.round !== view.round) { draft = {}; editing = false; }
    view = next;
    window.dkbmView = view;
    render();
  };
  socket.onclose = (ev) => {
    if (view && view.closed) return;
    if (ev.code === 4404) { join(); return; }
    showError(tr("ps_connection_lost"));
    setTimeout(connect, retry); retry = Math.min(retry * 2, 5000);
  };
}
async function join() {
  const data = await post("/join");
  if (data) { view = data; render(); connect(); }
}
window.onLang = () => {
  if (socket && socket.readyState === 1) socket.send(JSON.stringify({lang}));
  render();
};
join();
"""

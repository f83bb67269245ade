"""Small components shared by the views: messages, selects with labels, number fields."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence

import ipyvuetify
import reacton
import reacton.ipyvuetify as rv
import solara
import traitlets

import models

from .state import Message
from .texts import number, t

log = logging.getLogger(__name__)


def guarded(box: solara.Reactive, fn: Callable) -> Callable:
    """Wrap an event handler: bad input and unexpected errors become a visible message in
    ``box`` (never a stack trace in the page); the session and the server keep running."""

    @functools.wraps(fn)
    def handler(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except models.InputError as exc:
            box.value = Message("err_invalid", detail=str(exc))
        except Exception as exc:  # the page must survive any bug in a handler
            log.exception("web handler %s failed", getattr(fn, "__name__", fn))
            box.value = Message("err_internal", detail=type(exc).__name__)
        return None

    return handler


@solara.component
def MessageView(message: Message | None, lang: str):
    """An inline message (error, warning or success) or nothing."""
    if message is None:
        return
    text = t(message.key, lang, **message.fields)
    if message.problems:
        from simulation.checks import problem_text

        lines = [problem_text(p, lang) for p in message.problems]
        head = f"{text} („{message.source}“):" if lang == "de" else f"{text} ('{message.source}'):"
        text = "\n".join([head, *(f"• {line}" for line in lines)])
    elif message.detail:
        text = f"{text}: {message.detail}"
    if message.level == "success":
        solara.Success(text, dense=True)
    elif message.level == "warning":
        solara.Warning(text, dense=True)
    else:
        solara.Error(text, dense=True, classes=["dkbm-error"])


@solara.component
def ItemSelect(
    label: str,
    items: Sequence[tuple[object, str]],
    value,
    on_value: Callable,
    multiple: bool = False,
    style: str = "",
    disabled: bool = False,
    classes: Sequence[str] = (),
):
    """A select showing texts for values (``items`` = (value, text) pairs)."""
    return rv.Select(
        label=label,
        items=[{"text": text, "value": val} for val, text in items],
        v_model=value,
        on_v_model=on_value,
        multiple=multiple,
        chips=multiple,
        small_chips=multiple,
        deletable_chips=multiple,
        dense=True,
        hide_details=True,
        disabled=disabled,
        style_=style,
        class_=" ".join(classes),
    )


def parse_number(text: str) -> float:
    """A number typed in German or English notation ("0,5" or "0.5")."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def check_number(
    text: str, label: str, low: float, high: float | None, integer: bool, lang: str
) -> tuple[float | int | None, str]:
    """Parse and bound-check a typed value; return (value, "") or (None, message)."""
    example = number(0.5, lang, trim=True) if not integer else "12"
    try:
        value = parse_number(text)
    except ValueError:
        return None, t("err_number", lang, label=label, example=example, text=text)
    upper = high if high is not None else float("inf")
    if not low <= value <= upper or (integer and value != int(value)):
        kind = t("kind_integer" if integer else "kind_number", lang)
        high_text = number(high, lang, 4, trim=True) if high is not None else "∞"
        return None, t(
            "err_range",
            lang,
            label=label,
            kind=kind,
            low=number(low, lang, 4, trim=True),
            high=high_text,
            value=number(value, lang, 4, trim=True),
        )
    return (int(value) if integer else value), ""


@solara.component
def NumberField(
    label: str,
    value: float,
    on_value: Callable,
    lang: str,
    low: float,
    high: float | None,
    integer: bool = False,
    style: str = "max-width: 9em",
    digits: int = 3,
    field_label: str | None = None,
):
    """A text field for a number with a visible, translated message for bad input.

    The typed text is kept while it is wrong, so the message stays next to it. Give the
    element a key that contains the value (``NumberField(...).key(f"x-{value}")``) so a
    change made elsewhere (slider, other scenario) resets the field. ``label`` names the
    value in messages; ``field_label`` (default ``label``) is shown on the field.
    """
    shown = number(value, lang, 0 if integer else digits, trim=True, group=False)
    text, set_text = solara.use_state(shown)
    error, set_error = solara.use_state("")

    def commit(new_text):
        set_text(new_text or "")
        parsed, message = check_number(new_text or "", label, low, high, integer, lang)
        set_error(message)
        if not message and parsed is not None:
            on_value(parsed)

    return solara.InputText(
        field_label or label,
        value=text,
        on_value=commit,
        error=error or False,
        dense=True,
        style=style,
        classes=["dkbm-number"],
    )


@solara.component
def Island(element_factory: Callable, classes: Sequence[str] = ()):
    """Render ``element_factory()`` in a render tree of its own.

    Reacton reconciles the whole tree of a render context on every update. The live
    run updates several times a second, so it gets its own small tree: a step then
    reconciles a few dozen widgets instead of the whole page (measured in
    ``benchmarks/bench_web.py``). The factory is called once per mount; the element
    it returns reads the reactive values it needs itself.
    """
    container = solara.use_memo(lambda: ipyvuetify.Html(tag="div", class_=" ".join(classes)), [])

    def mount():
        _, context = reacton.render(element_factory(), container, handle_error=False)
        return context.close

    solara.use_effect(mount, [])
    return solara.Column(children=[container], gap="0px")


@solara.component
def JobProgress(job, progress: float, lang: str):
    """The progress bar of a running :class:`simulation.web.jobs.Job`, with its cancel button."""
    solara.ProgressLinear(value=100 * progress, classes=["dkbm-progress"])
    with solara.Row(gap="12px", style="align-items: center"):
        solara.Text(t("ensemble_running", lang, percent=int(100 * progress)))
        solara.Button(
            t("job_cancel", lang),
            icon_name="mdi-close",
            on_click=job.cancel,
            small=True,
            outlined=True,
            classes=["dkbm-cancel"],
        )


MAX_UPLOAD_KB = 256  # larger files are not sent to the server, only their size


class UploadWidget(ipyvuetify.VuetifyTemplate):
    """A button that reads one file in the browser and hands its bytes to Python.

    ipywidgets' FileUpload shows a "(0)" counter and a "null" tooltip; this one shows
    the label and a real tooltip. Files above ``limit_kb`` are not sent, only their size.
    """

    label = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    limit_kb = traitlets.Int(MAX_UPLOAD_KB).tag(sync=True)
    template = traitlets.Unicode(
        """
<template>
  <v-btn outlined color="primary" class="dkbm-upload" :title="tooltip" @click="$refs.file.click()">
    <v-icon left>mdi-upload</v-icon>{{ label }}
    <input ref="file" type="file" accept=".toml,text/plain" style="display: none"
           @change="pick" />
  </v-btn>
</template>
<script>
module.exports = {
  methods: {
    pick(event) {
      const input = event.target;
      const file = input.files[0];
      if (!file) return;
      if (file.size > this.limit_kb * 1024) {
        this.upload({name: file.name, size: file.size, data: null});
        input.value = "";
        return;
      }
      const reader = new FileReader();
      reader.onload = () => {
        const url = reader.result;
        this.upload({name: file.name, size: file.size, data: url.slice(url.indexOf(",") + 1)});
        input.value = "";  // the same file can be chosen again
      };
      reader.readAsDataURL(file);
    },
  },
};
</script>
"""
    ).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_file = None

    def vue_upload(self, data):
        if self.on_file is not None:
            self.on_file(data)


def upload_content(data: dict) -> bytes:
    """The bytes sent by :class:`UploadWidget` (a size-only stand-in if it was too big)."""
    import base64

    if data.get("data") is None:
        return b"\0" * int(data.get("size", 0))
    return base64.b64decode(data["data"])


@solara.component
def TomlUpload(
    label: str,
    on_file: Callable[[str, bytes], object],
    box: solara.Reactive,
    tooltip: str = "",
):
    """An upload button for one TOML file: ``on_file(name, content)``; errors go to ``box``.

    Built on :class:`UploadWidget` (no "(0)" counter, no "null" tooltip); the same file can
    be uploaded again.
    """
    el = UploadWidget.element(label=label, tooltip=tooltip or label)

    def received(data):
        on_file(str(data.get("name", "upload.toml")), upload_content(data))

    def attach():
        solara.get_widget(el).on_file = guarded(box, received)

    solara.use_effect(attach, [label])
    return el

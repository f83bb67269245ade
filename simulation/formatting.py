"""Numbers for people, in German and English: one formatter for the CLI, the web app,
the figures and the sensitivity tables.

German uses the decimal comma, a full stop between thousands and a space before units
(``"153.900 €"``, ``"100 %"``, ``"Monat 19,5"``, ``"19,5 [18,2; 20,9]"``); English the
decimal point, a comma between thousands (``"€153,900"``, ``"100%"``, ``"month 19.5"``,
``"19.5 [18.2, 20.9]"``). Undefined values (NaN, None) show as :data:`NA`.

Rounding is chosen from the size of the value unless ``digits`` is given
(:func:`auto_digits`): whole numbers from 100 on, one decimal from 10, two below, three
below 0.1, so that a table reads at a glance and the digits shown are meaningful for
ensembles of tens to hundreds of runs.

Key metrics of the summaries (``simulation.ensemble.KEY_METRICS``) have a kind
(:data:`METRIC_KINDS`) that picks the formatter: ``"month"``, ``"percent"``, ``"euros"``,
``"hours"`` or a plain ``"number"``; :func:`metric_value` and :func:`metric_interval`
format a key metric by its kind.
"""

from __future__ import annotations

import math

NA = "–"
LANGS = ("de", "en")

# key metric (simulation.ensemble.KEY_METRICS) -> kind; everything else is a "number"
METRIC_KINDS: dict[str, str] = {
    "takeoff_month": "month",
    "first_report_month": "month",
    "takeoff_share": "percent",
    "lever_hours_final": "hours",
    "lever_euros_final": "euros",
}


def _finite(x) -> float | None:
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def auto_digits(x: float) -> int:
    """Decimals that suit the size of ``x``: 0 from 100, 1 from 10, 2 from 0.1, else 3."""
    x = abs(x)
    if x >= 100:
        return 0
    if x >= 10:
        return 1
    if x >= 0.1 or x == 0:
        return 2
    return 3


def number(
    x,
    lang: str = "de",
    digits: int | None = None,
    *,
    trim: bool = False,
    group: bool = True,
    na: str = NA,
) -> str:
    """``x`` with ``digits`` decimals (chosen by :func:`auto_digits` when None), the
    decimal and thousands separators of ``lang``; ``trim`` drops trailing zeros and
    ``group=False`` leaves out the thousands separators (for input fields, where
    ``"1.200"`` would read back as 1,2).

    >>> number(153900.0), number(19.533), number(0.5, "en", trim=True), number(-0.0001)
    ('153.900', '19,5', '0.5', '0,000')
    """
    if x is not None and isinstance(x, float) and math.isinf(x):
        return "∞" if x > 0 else "-∞"
    value = _finite(x)
    if value is None:
        return na
    if digits is None:
        digits = auto_digits(value)
    text = f"{value:,.{digits}f}" if group else f"{value:.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":  # "-0", "-0.00": no sign on zero
        text = text.lstrip("-")
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def count(n, lang: str = "de") -> str:
    """A whole number with thousands separators: ``"40.960"`` / ``"40,960"``."""
    return number(n, lang, 0)


def signed(x, lang: str = "de", digits: int | None = None, *, na: str = NA) -> str:
    """A difference with its sign: ``"+0,12"``, ``"-3"``, ``"0"``."""
    text = number(x, lang, digits, na=na)
    value = _finite(x)
    if value is not None and text[0] not in "-∞" and text.strip("0.,") != "":
        text = "+" + text
    return text


def percent(share, lang: str = "de", digits: int = 0, *, na: str = NA) -> str:
    """A share 0..1 as a percentage: ``1.0 -> "100 %"`` (de), ``"100%"`` (en)."""
    value = _finite(share)
    if value is None:
        return na
    text = number(100 * value, lang, digits)
    return f"{text} %" if lang == "de" else f"{text}%"


def euros(x, lang: str = "de", digits: int = 0, *, na: str = NA) -> str:
    """An amount of money: ``"153.900 €"`` (de), ``"€153,900"`` (en)."""
    value = _finite(x)
    if value is None:
        return na
    text = number(value, lang, digits)
    if lang == "de":
        return f"{text} €"
    return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"


def hours(x, lang: str = "de", digits: int = 0, *, na: str = NA) -> str:
    """Staff time: ``"1.200 h"``."""
    value = _finite(x)
    return na if value is None else f"{number(value, lang, digits)} h"


def month(x, lang: str = "de", digits: int | None = 1, *, na: str = NA) -> str:
    """A point in time: ``"Monat 19,5"`` / ``"month 19.5"`` (whole months without decimals)."""
    value = _finite(x)
    if value is None:
        return na
    if digits is not None and float(value).is_integer():
        digits = 0
    return f"{'Monat' if lang == 'de' else 'month'} {number(value, lang, digits)}"


def months(n, lang: str = "de") -> str:
    """A duration: ``"1 Monat"``, ``"24 Monate"`` / ``"1 month"``, ``"24 months"``."""
    value = _finite(n)
    if value is None:
        return NA
    one = value == 1
    word = ("Monat" if one else "Monate") if lang == "de" else ("month" if one else "months")
    return f"{number(value, lang, 0 if value.is_integer() else 1)} {word}"


def seconds(x, lang: str = "de") -> str:
    """A wall time: ``"1,3 s"``."""
    value = _finite(x)
    return NA if value is None else f"{number(value, lang, 1)} s"


def interval(mean, low, high, lang: str = "de", digits: int | None = None, *, na: str = NA) -> str:
    """A mean with its interval: ``"19,5 [18,2; 20,9]"`` / ``"19.5 [18.2, 20.9]"``.

    All three numbers get the same decimals (from the largest of them unless ``digits``
    is given); without a finite interval only the mean is shown, and ``na`` without a mean.
    """
    m, lo, hi = _finite(mean), _finite(low), _finite(high)
    if m is None:
        return na
    if digits is None:
        digits = auto_digits(max(abs(v) for v in (m, lo, hi) if v is not None))
    if lo is None or hi is None:
        return number(m, lang, digits)
    return f"{number(m, lang, digits)} {bounds(lo, hi, lang, digits)}"


def bounds(low, high, lang: str = "de", digits: int | None = None) -> str:
    """An interval alone: ``"[18,2; 20,9]"`` / ``"[18.2, 20.9]"``; ``"–"`` if undefined."""
    lo, hi = _finite(low), _finite(high)
    if lo is None or hi is None:
        return NA
    if digits is None:
        digits = auto_digits(max(abs(lo), abs(hi)))
    sep = "; " if lang == "de" else ", "
    return f"[{number(lo, lang, digits)}{sep}{number(hi, lang, digits)}]"


# --- key metrics -----------------------------------------------------------------------------
def metric_value(key: str, x, lang: str = "de", *, na: str = NA) -> str:
    """A key metric's value formatted by its kind (:data:`METRIC_KINDS`)."""
    kind = METRIC_KINDS.get(key, "number")
    if kind == "month":
        return month(x, lang, na=na)
    if kind == "percent":
        return percent(x, lang, na=na)
    if kind == "euros":
        return euros(x, lang, na=na)
    if kind == "hours":
        return hours(x, lang, na=na)
    return number(x, lang, na=na)


def _metric_digits(kind: str, values) -> int:
    if kind in ("percent", "euros", "hours"):
        return 0
    if kind == "month":
        return 1
    finite = [abs(v) for v in values if v is not None]
    return auto_digits(max(finite)) if finite else 2


def metric_bounds(key: str, mean, low, high, lang: str = "de") -> str:
    """The 95 % interval of a key metric alone, with the decimals of its mean:
    ``"[18,2; 20,9]"``, ``"[100; 100]"`` for a share of runs in percent."""
    kind = METRIC_KINDS.get(key, "number")
    scale = 100.0 if kind == "percent" else 1.0
    m, lo, hi = _finite(mean), _finite(low), _finite(high)
    if lo is None or hi is None:
        return NA
    lo, hi = lo * scale, hi * scale
    if kind == "percent":  # a share of runs: the t interval clipped to what is possible
        lo, hi = max(lo, 0.0), min(hi, 100.0)
    return bounds(lo, hi, lang, _metric_digits(kind, (m, lo, hi)))


def metric_interval(key: str, mean, low, high, lang: str = "de", *, na: str = NA) -> str:
    """A key metric's mean and 95 % interval by its kind: ``"Monat 19,5 [18,2; 20,9]"``,
    ``"100 % [100; 100]"``, ``"533.100 € [533.100; 533.100]"``."""
    if _finite(mean) is None:
        return na
    head = metric_value(key, mean, lang, na=na)
    if _finite(low) is None or _finite(high) is None:
        return head
    return f"{head} {metric_bounds(key, mean, low, high, lang)}"


def metric_difference(key: str, mean, low, high, lang: str = "de", *, na: str = NA) -> str:
    """A paired difference of a key metric with sign, unit and interval:
    ``"+0,12 [0,05; 0,19]"``, ``"+12 Pp. [5; 19]"`` (shares in percentage points),
    ``"-2,5 Monate [-4,1; -0,9]"``, ``"+14.400 € [14.400; 14.400]"``."""
    kind = METRIC_KINDS.get(key, "number")
    scale = 100.0 if kind == "percent" else 1.0
    m = _finite(mean)
    if m is None:
        return na
    head = signed(m * scale, lang, _metric_digits(kind, (m, _finite(low), _finite(high))))
    if kind == "euros":
        if lang == "de":
            head = f"{head} €"
        else:
            head = f"{head[0]}€{head[1:]}" if head[0] in "+-" else f"€{head}"
    elif kind == "hours":
        head += " h"
    elif kind == "month":
        head += " " + ("Monate" if lang == "de" else "months")
    elif kind == "percent":
        head += " " + ("Pp." if lang == "de" else "pp")
    if _finite(low) is None or _finite(high) is None:
        return head
    return f"{head} {metric_bounds(key, mean, low, high, lang)}"


# --- figures ---------------------------------------------------------------------------------
def axis_formatter(lang: str = "de"):
    """A matplotlib tick formatter with the separators of ``lang`` (trailing zeros dropped)."""

    from matplotlib.ticker import FuncFormatter

    def fmt(x, _pos=None):
        digits = 0 if float(x).is_integer() else 3
        return number(x, lang, digits, trim=True)

    return FuncFormatter(fmt)


# --- machine-style numbers in error messages and files ---------------------------------------
def plain(x) -> str:
    """A number as typed in a file: whole numbers without a decimal point, others the
    shortest ``%g`` form (``96``, ``0.0167``, ``-0.5``); no thousands separators."""
    x = float(x)
    if math.isfinite(x) and x.is_integer():
        return str(int(x))
    return f"{x:g}"

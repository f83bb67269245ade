"""The one number formatter (simulation.formatting) in German and English."""

import math

import pytest

from simulation import formatting as F

NAN = float("nan")


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (153900.0, "de", None, "153.900"),
        (153900.0, "en", None, "153,900"),
        (19.533, "de", None, "19,5"),
        (19.533, "en", None, "19.5"),
        (0.523, "de", None, "0,52"),
        (0.0523, "de", None, "0,052"),
        (0, "de", None, "0,00"),
        (0, "de", 0, "0"),
        (-0.0001, "de", 2, "0,00"),  # no "-0,00"
        (-0.4, "de", 0, "0"),
        (-1234.5, "de", 1, "-1.234,5"),
        (-1234.5, "en", 1, "-1,234.5"),
        (2.675, "en", 2, "2.67"),  # binary float: 2.675 is 2.67499...
        (0.125, "de", 2, "0,12"),  # round half to even, as Python does
        (99.96, "de", None, "100,0"),
        (1e7, "de", None, "10.000.000"),
    ],
)
def test_number(value, lang, digits, expected):
    assert F.number(value, lang, digits) == expected


def test_number_undefined_and_infinite():
    assert F.number(NAN) == F.NA == F.number(None)
    assert F.number(NAN, na="undefiniert") == "undefiniert"
    assert F.number(math.inf) == "∞" and F.number(-math.inf) == "-∞"


def test_number_trim_and_group():
    assert F.number(0.5, "de", 4, trim=True) == "0,5"
    assert F.number(3.0, "en", 2, trim=True) == "3"
    assert F.number(1200, "de", 0, group=False) == "1200"
    assert F.number(1200.5, "de", 1, group=False) == "1200,5"


def test_percent_euros_hours_months():
    assert F.percent(1.0, "de") == "100 %" and F.percent(1.0, "en") == "100%"
    assert F.percent(0.0, "de") == "0 %" and F.percent(0.1234, "de", 1) == "12,3 %"
    assert F.percent(NAN) == F.NA
    assert F.euros(153900, "de") == "153.900 €" and F.euros(153900, "en") == "€153,900"
    assert F.euros(-500, "en") == "-€500" and F.euros(0, "de") == "0 €"
    assert F.hours(1200, "de") == "1.200 h" and F.hours(1200, "en") == "1,200 h"
    assert F.month(19.533, "de") == "Monat 19,5" and F.month(24.0, "en") == "month 24"
    assert F.months(1, "de") == "1 Monat" and F.months(24, "de") == "24 Monate"
    assert F.months(24, "en") == "24 months"
    assert F.count(40960, "de") == "40.960" and F.count(40960, "en") == "40,960"


def test_intervals_share_their_decimals():
    assert F.interval(19.533, 18.24, 20.91, "de") == "19,5 [18,2; 20,9]"
    assert F.interval(19.533, 18.24, 20.91, "en") == "19.5 [18.2, 20.9]"
    assert F.interval(0.05, 0.04, 0.6, "de") == "0,05 [0,04; 0,60]"
    assert F.interval(0.5, NAN, NAN, "de") == "0,50"  # one valid run: no interval
    assert F.interval(NAN, NAN, NAN, "de") == F.NA
    assert F.bounds(NAN, 1.0) == F.NA


def test_signed():
    assert F.signed(0.12, "de") == "+0,12" and F.signed(-3, "en", 0) == "-3"
    assert F.signed(0.0, "de", 0) == "0" and F.signed(-0.0001, "de", 2) == "0,00"


def test_key_metrics_by_kind():
    assert F.metric_interval("takeoff_share", 1.0, 1.0, 1.0, "de") == "100 % [100; 100]"
    # a t interval of a share is clipped to what a share can be
    assert F.metric_interval("takeoff_share", 0.85, 0.68, 1.02, "en") == "85% [68, 100]"
    assert (
        F.metric_interval("lever_euros_final", 533100, 533100, 533100, "de")
        == "533.100 € [533.100; 533.100]"
    )
    assert F.metric_interval("takeoff_month", 19.533, 18.2, 20.9, "de") == (
        "Monat 19,5 [18,2; 20,9]"
    )
    assert F.metric_interval("cooperation_rate_final", 0.523, 0.49, 0.556, "de") == (
        "0,52 [0,49; 0,56]"
    )
    assert F.metric_interval("takeoff_month", NAN, NAN, NAN, "de", na="undefiniert") == (
        "undefiniert"
    )
    assert F.metric_value("lever_hours_final", 1234.4, "de") == "1.234 h"


def test_key_metric_differences():
    assert F.metric_difference("takeoff_share", 0.12, 0.05, 0.19, "de") == "+12 Pp. [5; 19]"
    assert F.metric_difference("lever_euros_final", -14400, -15000, -13000, "en") == (
        "-€14,400 [-15,000, -13,000]"
    )
    assert F.metric_difference("takeoff_month", -2.5, -4.1, -0.9, "de") == (
        "-2,5 Monate [-4,1; -0,9]"
    )
    assert F.metric_difference("mean_trust_final", 0.0, 0.0, 0.0, "de") == "0,00 [0,00; 0,00]"


def test_axis_formatter():
    fmt = F.axis_formatter("de")
    assert fmt(0.25, 0) == "0,25" and fmt(1000.0, 0) == "1.000" and fmt(0.0, 0) == "0"
    assert F.axis_formatter("en")(0.5, 0) == "0.5"


def test_plain_is_machine_style():
    assert F.plain(96.0) == "96" and F.plain(0.0167) == "0.0167" and F.plain(-0.5) == "-0.5"

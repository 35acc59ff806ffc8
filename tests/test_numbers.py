"""One formatter for the numbers, counts and dates a reader sees: French decimal comma and no-break space
before ":" and "%", English points; plurals; never "nan". Expected strings are written by hand."""

from __future__ import annotations

import math

import pytest

from viewer.core.messages import in_language, msg
from viewer.core.numbers import (
    NBSP,
    counted,
    fixed,
    format_date,
    is_finite,
    measured,
    percent,
    punctuate,
    trimmed,
    window_value,
)


@pytest.mark.parametrize(
    "value, fr, en",
    [(0.666667, "0,67", "0.67"), (2.0, "2", "2"), (2.5, "2,5", "2.5"), (1.25, "1,25", "1.25"), (0.004, "0", "0")],
)
def test_thickness_keeps_at_most_two_decimals_and_drops_trailing_zeros(value, fr, en):
    assert trimmed(value, "fr") == fr and trimmed(value, "en") == en


def test_fixed_decimals_never_say_minus_zero():
    assert fixed(-68.0, 1, "fr") == "-68,0" and fixed(-68.0, 1, "en") == "-68.0"
    assert fixed(-0.04, 1, "fr") == "0,0" and fixed(-0.04, 1, "en") == "0.0"


@pytest.mark.parametrize("value, fr, en", [(400, "400", "400"), (40.0, "40", "40"), (40.5, "40,5", "40.5"),
                                           (-1000.04, "-1000", "-1000")])
def test_window_values_have_decimals_only_when_fractional(value, fr, en):
    assert window_value(value, "fr") == fr and window_value(value, "en") == en


@pytest.mark.parametrize("value, fr", [(1234.4, "1234"), (45.25, "45,2"), (0.666, "0,67"), (-3.14159, "-3,14")])
def test_measured_values_keep_a_readers_precision(value, fr):
    assert measured(value, "fr") == fr and measured(value, "en") == fr.replace(",", ".")


def test_percent_has_a_no_break_space_in_french_only():
    assert percent(156.25, "fr") == "156" + NBSP + "%"
    assert percent(100.0, "en") == "100%"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_what_is_not_a_number_is_never_written_as_one(bad):
    assert not is_finite(bad)
    for text in (fixed(bad, 1, "fr"), trimmed(bad, "en"), measured(bad, "fr"), window_value(bad, "en"), percent(bad, "fr")):
        assert "nan" not in text.lower() and "inf" not in text.lower()


def test_french_punctuation_takes_a_no_break_space_but_not_qt_placeholders():
    assert punctuate("Calibration : PixelSpacing ; 12 %", "fr") == f"Calibration{NBSP}: PixelSpacing{NBSP}; 12{NBSP}%"
    assert punctuate("le port %1 n'a pas pu être ouvert : %2", "fr") == f"le port %1 n'a pas pu être ouvert{NBSP}: %2"
    assert punctuate("Calibration : x", "en") == "Calibration : x"
    assert punctuate("10:15", "fr") == "10:15"  # a time has no space to change


@pytest.mark.parametrize("n, fr, en", [(0, "0 examen", "0 studies"), (1, "1 examen", "1 study"), (2, "2 examens", "2 studies")])
def test_plurals_follow_each_language(n, fr, en):
    assert counted(n, "examen", "examens", "fr") == fr
    assert counted(n, "study", "studies", "en") == en


def test_messages_say_counts_with_real_plurals_in_both_languages():
    template = ("{n} {n:slice shares|slices share} the position of another slice: the series probably mixes echoes, "
                "phases or acquisitions (split it into stacks).")
    one, two = msg(template, n=1), msg(template, n=2)
    assert one.startswith("1 slice shares the position") and two.startswith("2 slices share the position")
    assert in_language(one, "fr").startswith(f"1 coupe à la même position qu'une autre{NBSP}: ")
    assert in_language(two, "fr").startswith("2 coupes à la même position")
    assert in_language(msg(template, n=0), "fr").startswith("0 coupe à")  # French: 0 is singular


def test_dates_in_the_readers_format():
    assert format_date("20261207", "fr") == "07/12/2026"
    assert format_date("20261207", "en") == "2026-12-07"
    assert format_date("2026", "fr") == "2026"  # not a full date: as it is

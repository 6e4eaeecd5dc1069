"""Tables and number formatting of the reports."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.report.numbers import display, display_share, exact_value, jsonable
from negotiation.report.render import to_json
from negotiation.report.tables import Table, heading, paragraph


# ---------------------------------------------------------------------- display
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(5, 4), "1.25"),
        (Fraction(-5, 4), "-1.25"),
        (Fraction(1, 3), "1/3"),
        (Fraction(-2, 3), "-2/3"),
        (Fraction(3), "3"),
        (7, "7"),
        (Fraction(1, 1_000_000), "0.000001"),
        (Fraction(1, 10_000_000), "1e-07"),
        (Fraction(1, 10**9), "1e-09"),  # exact: never marked (review 4, finding 16)
        (Fraction(-3, 2 * 10**8), "-1.5e-08"),
        (Fraction(1000000000001, 1000), "1000000000.001"),  # the deciding edge stays visible
        (Fraction(10**30 + 1), "≈1e+30"),  # rounded: marked
        (Fraction(123457, 1000003), "≈0.1235"),
        (sympy.Rational(3, 8), "0.375"),
        (0.1, "0.1"),
        (2.0, "2"),
        (-0.0, "0"),
        (1.5e-17, "1.5e-17"),
        (123456.789, "≈1.235e+05"),  # a rounded float is marked
        (0.7577405954833746, "≈0.7577"),
        (1e-300, "1e-300"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        (None, "—"),
        (np.float64(0.25), "0.25"),
        (np.int64(4), "4"),
    ],
)
def test_display(value, text):
    assert display(value) == text


def test_display_symbolic_expression_is_its_text():
    x = sympy.Symbol("price")
    assert display(2 * x) == "2*price"


@given(st.fractions(max_denominator=10**6))
@settings(max_examples=200, derandomize=True)
def test_display_of_exact_values_is_exact_or_marked(q):
    text = display(q)
    if text.startswith("≈"):
        assert math.isclose(float(text[1:]), float(q), rel_tol=1e-3, abs_tol=1e-12)
    else:
        assert Fraction(text) == q  # shown exactly: as a terminating decimal or as p/q


@given(st.floats(allow_nan=False, allow_infinity=False))
@settings(max_examples=200, derandomize=True)
def test_display_of_floats_is_the_float_or_marked(x):
    text = display(x)
    if text.startswith("≈"):  # compared exactly: rounding near the float64 limit may overflow a float
        assert abs(Fraction(text[1:]) - Fraction(x)) <= abs(Fraction(x)) / 1000
    else:
        assert float(text) == x


def test_display_distinct_keeps_differences():
    from negotiation.report.numbers import display_distinct

    assert display_distinct([1e9, 1e9 + 0.5, 0.5, 0.0]) == ["1000000000", "1000000000.5", "0.5", "0"]
    exact = [Fraction(3000000001, 3), Fraction(1000000000), Fraction(1, 3)]
    texts = display_distinct(exact)
    assert len(set(t.lstrip("≈") for t in texts)) == 3
    assert display_distinct([Fraction(1, 2), 0.5]) == ["0.5", "0.5"]  # equal values may share a text


def test_exact_value():
    assert exact_value(Fraction(1, 2)) == Fraction(1, 2)
    assert exact_value(sympy.Rational(-1, 3)) == Fraction(-1, 3)
    assert exact_value(0.5) is None
    assert exact_value(True) is None
    assert exact_value("1/2") is None  # text is not a number here


def test_display_share():
    assert display_share(Fraction(2, 3)) == "66.7%"
    assert display_share(Fraction(1, 2)) == "50%"
    assert display_share(0) == "0%"
    assert display_share(1) == "100%"
    assert display_share(None) == "—"


# ---------------------------------------------------------------------- jsonable
def test_jsonable_exact_as_text_and_order_kept():
    data = {"z": Fraction(5, 4), "a": [Fraction(1, 3), 0.5, 2], "m": {"y": sympy.Rational(1, 2), "x": None}}
    out = jsonable(data)
    assert list(out) == ["z", "a", "m"]
    assert out == {"z": "5/4", "a": ["1/3", 0.5, 2], "m": {"y": "1/2", "x": None}}
    json.dumps(out, allow_nan=False)  # JSON-ready


def test_jsonable_nonfinite_and_arrays():
    assert jsonable([float("inf"), float("-inf"), float("nan")]) == ["inf", "-inf", "nan"]
    assert jsonable(np.array([[1.0, 2.5]])) == [[1.0, 2.5]]
    obj = np.array([Fraction(1, 2), Fraction(3)], dtype=object)
    assert jsonable(obj) == ["1/2", "3"]
    assert jsonable(-0.0) == 0.0 and str(jsonable(-0.0)) == "0.0"
    assert jsonable({3, 1, 2}) == [1, 2, 3]


def test_jsonable_uses_to_dict():
    class Thing:
        def to_dict(self):
            return {"value": Fraction(1, 4)}

    assert jsonable([Thing()]) == [{"value": "1/4"}]


def test_to_json_is_stable_text():
    data = {"b": "1/3", "é": [1, 2.5]}
    assert to_json(data) == to_json(json.loads(to_json(data)))
    assert to_json(data).endswith("\n")
    assert "é" in to_json(data)
    with pytest.raises(ValueError):
        to_json({"x": float("nan")})


# ---------------------------------------------------------------------- tables
def test_text_table_columns_align():
    t = Table(["name", "value"], [["a", "1"], ["longer name", "1/3"]], title="T", notes=["note"])
    lines = t.to_text().splitlines()
    assert lines[0] == "T"
    assert lines[-1] == "note"
    body = lines[1:-1]
    assert len({len(x) for x in body}) == 1  # every line has the same width (right-aligned last column)
    assert body[1].replace(" ", "") == "-" * (len("longer name") + len("value"))


def test_text_table_wraps_long_cells():
    long = "word " * 30
    t = Table(["k", "meaning"], [["x", long.strip()]], max_width=20)
    lines = t.to_text().splitlines()
    assert len(lines) > 3
    assert all(len(line) <= 1 + 2 + 20 for line in lines)


def test_markdown_table_escapes_pipes():
    t = Table(["a", "b"], [["x|y", "1"]])
    md = t.to_markdown().splitlines()
    assert md[0].startswith("| a")
    assert md[1].startswith("|:")
    assert "x\\|y" in md[2]
    assert all(line.count("|") - line.count("\\|") == 3 for line in md)


def test_table_validates_shape():
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        Table(["a", "b"], [["x"]])
    with pytest.raises(ValueError, match="align"):
        Table(["a", "b"], [["x", "y"]], align="lx")


def test_heading_and_paragraph():
    assert heading("Title", 1, "text") == "Title\n====="
    assert heading("Sub", 3, "markdown") == "### Sub"
    text = paragraph("word " * 50, "text", width=40)
    assert max(len(x) for x in text.splitlines()) <= 40
    assert "\n" not in paragraph("a\nb", "markdown")

"""The safe evaluator of parsed formulas: exactness, errors, and agreement with sympy."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.scenarios import parse_formula
from negotiation.scenarios.evaluate import MAX_BITS, EvaluationError, evaluate
from negotiation.scenarios.formula import parameter_symbol

X, Y = parameter_symbol("x"), parameter_symbol("y")


def ev(text: str, x: object = Fraction(0), y: object = Fraction(0)) -> object:
    return evaluate(parse_formula(text, ["x", "y"]), {X: x, Y: y})


def test_rational_arithmetic_stays_exact() -> None:
    got = ev("x / 3 + y ** 2 - 0.1", Fraction(1), Fraction(1, 2))
    assert got == Fraction(1, 3) + Fraction(1, 4) - Fraction(1, 10)
    assert isinstance(got, Fraction)


def test_exact_roots() -> None:
    assert ev("sqrt(x)", Fraction(49, 16)) == Fraction(7, 4)
    assert ev("x ** (3/2)", Fraction(4)) == Fraction(8)
    assert ev("x ** (-1/3)", Fraction(8, 27)) == Fraction(3, 2)
    irrational = ev("sqrt(x)", Fraction(2))
    assert isinstance(irrational, float) and math.isclose(irrational, math.sqrt(2), rel_tol=1e-15)


def test_float_values_give_float_results() -> None:
    got = ev("x + 1", 0.5)
    assert isinstance(got, float) and got == 1.5


def test_piecewise_min_max_abs() -> None:
    assert ev("piecewise(x < 0, -x, x == 0, 7, x)", Fraction(-2)) == 2
    assert ev("piecewise(x < 0, -x, x == 0, 7, x)", Fraction(0)) == 7
    assert ev("min(x, y) + max(x, y) + abs(y)", Fraction(3), Fraction(-1)) == 3
    assert ev("x if x > y and not x == 5 else y", Fraction(5), Fraction(1)) == 1


@pytest.mark.parametrize(
    ("text", "x", "fragment"),
    [
        ("1 / x", Fraction(0), "division by zero"),
        ("x ** -2", Fraction(0), "division by zero"),
        ("log(x)", Fraction(0), "log of 0"),
        ("log(x)", Fraction(-1), "log of -1"),
        ("sqrt(x)", Fraction(-4), "not a real number"),
        ("x ** (1/3)", Fraction(-8), "not a real number"),
        ("exp(x)", Fraction(10**4), "overflows"),
        ("exp(exp(x))", Fraction(10), "overflows"),
        ("x ** 64 * x ** 64 * x ** 64", Fraction(10**100), f"exceeds {MAX_BITS} bits"),
        ("x ** 64", 1e300, "math range error"),
        ("x * 10**60", 1e300, "not finite"),
    ],
)
def test_errors(text: str, x: object, fragment: str) -> None:
    with pytest.raises(EvaluationError, match=fragment):
        ev(text, x)


def test_missing_value() -> None:
    with pytest.raises(EvaluationError, match="no value for parameter y"):
        evaluate(parse_formula("x + y", ["x", "y"]), {X: Fraction(1)})


def test_special_sympy_values_are_refused() -> None:
    for expr in (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I, 1 + sympy.I):
        with pytest.raises(EvaluationError):
            evaluate(expr, {})
    assert evaluate(sympy.E, {}) == pytest.approx(math.e)


def test_unsupported_node() -> None:
    with pytest.raises(EvaluationError, match="unsupported"):
        evaluate(sympy.sin(X), {X: Fraction(1)})


# ------------------------------------------------------------------ oracle: sympy's own substitution
NUMBERS = st.fractions(min_value=-20, max_value=20, max_denominator=12)
ATOMS = st.one_of(st.sampled_from(["x", "y"]), st.integers(-9, 9).map(str), st.sampled_from(["0.5", "1/3"]))


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.sampled_from(["2", "3", "-1"])).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(st.sampled_from(["min", "max"]), children, children).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        children.map(lambda c: f"abs({c})"),
        st.tuples(children, st.sampled_from(["<", "<=", "=="]), children, children, children).map(
            lambda t: f"({t[3]} if {t[0]} {t[1]} {t[2]} else {t[4]})"),
    )


FORMULAS = st.recursive(ATOMS, _extend, max_leaves=10)


@settings(max_examples=150, deadline=None)
@given(FORMULAS, NUMBERS, NUMBERS)
def test_agrees_with_sympy_substitution(text: str, x: Fraction, y: Fraction) -> None:
    try:
        expr = parse_formula(text, ["x", "y"])
    except Exception:  # noqa: BLE001 - constant division by zero etc. is refused at parse time
        return
    values = {X: x, Y: y}
    try:
        got = evaluate(expr, values)
    except EvaluationError:
        reference = expr.xreplace({X: sympy.Rational(x.numerator, x.denominator),
                                   Y: sympy.Rational(y.numerator, y.denominator)})
        assert not reference.is_Rational  # sympy agrees there is no rational value (zoo, nan, ...)
        return
    reference = expr.xreplace({X: sympy.Rational(x.numerator, x.denominator),
                               Y: sympy.Rational(y.numerator, y.denominator)})
    assert reference.is_Rational
    assert got == Fraction(int(reference.p), int(reference.q))

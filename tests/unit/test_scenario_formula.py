"""The safe formula parser: what it accepts, what it builds, and how it refuses the rest."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy

from negotiation.errors import FormulaError, ScenarioError
from negotiation.scenarios import parse_formula
from negotiation.scenarios.evaluate import evaluate
from negotiation.scenarios.formula import MAX_DEPTH, MAX_LENGTH, MAX_NODES, is_valid_name, parameter_symbol

X = parameter_symbol("x")
Y = parameter_symbol("y")


def value(text: str, **values: object) -> object:
    expr = parse_formula(text, ["x", "y"])
    return evaluate(expr, {parameter_symbol(k): Fraction(v) for k, v in values.items()})  # type: ignore[arg-type]


# ------------------------------------------------------------------ numbers are exact from their text
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.1", Fraction(1, 10)),
        ("0.1 + 0.2", Fraction(3, 10)),
        ("1e-3", Fraction(1, 1000)),
        ("2.5E+2", Fraction(250)),
        (".5", Fraction(1, 2)),
        ("5.", Fraction(5)),
        ("1_000.25", Fraction(4001, 4)),
        ("0x1f", Fraction(31)),
        ("0b101", Fraction(5)),
        ("1/3", Fraction(1, 3)),
    ],
)
def test_numbers_are_exact(text: str, expected: Fraction) -> None:
    expr = parse_formula(text)
    assert expr.is_Rational
    assert Fraction(int(expr.p), int(expr.q)) == expected


def test_float_literal_is_not_the_binary_float() -> None:
    # 0.1 as a Python float is 3602879701896397/36028797018963968; the parser reads the text
    assert parse_formula("0.1") == sympy.Rational(1, 10)
    assert parse_formula("0.1") != sympy.Rational(0.1)


# ------------------------------------------------------------------ operators and functions
@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("x + y", {"x": 1, "y": 2}, Fraction(3)),
        ("x - y - 1", {"x": 1, "y": 2}, Fraction(-2)),
        ("x * y / 4", {"x": 3, "y": 2}, Fraction(3, 2)),
        ("-x", {"x": 3}, Fraction(-3)),
        ("+x", {"x": 3}, Fraction(3)),
        ("(x + 1) * (y - 1)", {"x": 1, "y": 3}, Fraction(4)),
        ("x ** 2", {"x": Fraction(-3, 2)}, Fraction(9, 4)),
        ("x ** -1", {"x": 4}, Fraction(1, 4)),
        ("2 ** 64", {}, Fraction(2**64)),
        ("min(x, y, 0)", {"x": 1, "y": 2}, Fraction(0)),
        ("max(x, y)", {"x": 1, "y": 2}, Fraction(2)),
        ("abs(x - y)", {"x": 1, "y": 5}, Fraction(4)),
        ("sqrt(x)", {"x": Fraction(9, 4)}, Fraction(3, 2)),
        ("exp(x)", {"x": 0}, Fraction(1)),
        ("log(x)", {"x": 1}, Fraction(0)),
        ("x if x < y else y", {"x": 1, "y": 2}, Fraction(1)),
        ("x if x < y else y", {"x": 3, "y": 2}, Fraction(2)),
        ("piecewise(x < 0, -1, x == 0, 0, 1)", {"x": 0}, Fraction(0)),
        ("piecewise(x < 0, -1, x == 0, 0, 1)", {"x": 5}, Fraction(1)),
        ("piecewise(0 < x <= 1, 7, 8)", {"x": 1}, Fraction(7)),
        ("piecewise(0 < x <= 1, 7, 8)", {"x": 0}, Fraction(8)),
        ("piecewise(x > 0 and y > 0, 1, 0)", {"x": 1, "y": -1}, Fraction(0)),
        ("piecewise(x > 0 or y > 0, 1, 0)", {"x": 1, "y": -1}, Fraction(1)),
        ("piecewise(not x >= 1, 1, 0)", {"x": 0}, Fraction(1)),
        ("piecewise(x != y, 1, 0)", {"x": 2, "y": 2}, Fraction(0)),
        ("piecewise(x >= y, 1, 0)", {"x": 2, "y": 2}, Fraction(1)),
        ("piecewise(x > y, 1, 0)", {"x": 2, "y": 2}, Fraction(0)),
        ("piecewise(x <= y, 1, 0)", {"x": 2, "y": 2}, Fraction(1)),
    ],
)
def test_operators_and_functions(text: str, values: dict[str, object], expected: Fraction) -> None:
    assert value(text, **values) == expected


def test_transcendental_values_are_floats() -> None:
    got = value("exp(x) + log(y) + sqrt(2)", x=1, y=2)
    assert isinstance(got, float)
    assert abs(got - (math.e + math.log(2) + math.sqrt(2))) < 1e-12


def test_symbols_are_real_and_named() -> None:
    expr = parse_formula("price * (1 + markup)", ["price", "markup"])
    assert {s.name for s in expr.free_symbols} == {"price", "markup"}
    assert all(s.is_real for s in expr.free_symbols)
    assert expr == parameter_symbol("price") * (1 + parameter_symbol("markup"))


def test_builds_the_expected_sympy_objects() -> None:
    assert parse_formula("min(x, y)", ["x", "y"]) == sympy.Min(X, Y)
    assert parse_formula("abs(x)", ["x"]) == sympy.Abs(X)
    assert parse_formula("x if x > 0 else 0", ["x"]) == sympy.Piecewise((X, X > 0), (0, True))
    assert parse_formula("max(1, 2, x)", ["x"]) == sympy.Max(2, X)


def test_constant_subexpressions_are_folded_exactly() -> None:
    assert parse_formula("max(1/3, 0.3) + abs(-2)") == sympy.Rational(7, 3)
    assert parse_formula("piecewise(1 < 2, 5, 6)") == 5


def test_multiline_formula() -> None:
    assert parse_formula("(x\n + 1)", ["x"]) == X + 1
    assert parse_formula("x\n  - 1\r\n  * 2\n", ["x"]) == X - 2
    with pytest.raises(FormulaError, match="comments"):
        parse_formula("x # + 1", ["x"])


def test_long_sums_are_not_deep() -> None:
    # a chain a + b + c + ... counts as one level, not one level per term
    text = " + ".join(["x"] * 200)
    assert parse_formula(text, ["x"]) == 200 * X


# ------------------------------------------------------------------ refusals, with file, field and text
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x.real", "attribute access"),
        ("x[0]", "subscripts"),
        ("lambda: 1", "lambda"),
        ("[a for a in y]", "comprehensions"),
        ("(y := 1)", "walrus"),
        ("'text'", "strings"),
        ("f'{x}'", "f-strings"),
        ("open('f')", "call to 'open' is not allowed"),
        ("min(x, key=y)", "keyword arguments"),
        ("__import__('os')", "dunder name"),
        ("__builtins__", "dunder name"),
        ("z + 1", "unknown name 'z'"),
        ("min", "is a function"),
        ("x // 2", "'//'"),
        ("x % 2", "'%'"),
        ("x @ y", "'@'"),
        ("x << 1", "'<<'"),
        ("x | y", "'|'"),
        ("~x", "'~'"),
        ("x is y", "'is'"),
        ("x in y", "'in'"),
        ("True", "constant True"),
        ("None", "constant None"),
        ("1j", "complex"),
        ("[x, y]", "lists"),
        ("(x, y)", "tuples"),
        ("{x: y}", "dicts"),
        ("x < y", "must be a number, not a condition"),
        ("piecewise(x, 1, 2)", "a number is used where a condition"),
        ("(x < 1) + 1", "a condition is used where a number"),
        ("x ** y", "exponent of ** must be a constant"),
        ("x ** 65", "too large"),
        ("x ** (1/65)", "too large"),
        ("9**9**9", "too large"),
        ("(x**64)**64", "after combining powers"),
        ("1/0", "division by zero"),
        ("x/(y - y)", "division by zero"),
        ("0 ** -1", "division by zero"),
        ("sqrt(-1)", "sqrt of a negative"),
        ("log(0)", "log of a number <= 0"),
        ("exp(exp(exp(100)))", "cannot be evaluated"),
        ("1" + "0" * 101, "larger than 10**100"),
        ("1e101", "out of range"),
        ("1e-101", "out of range"),
        ("abs(x, y)", "exactly 1 argument"),
        ("min(x)", "at least two arguments"),
        ("piecewise(x > 0, 1)", "odd number"),
        ("x +", "syntax error"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_refused(text: str, fragment: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text, ["x", "y"], file="deal.toml", field="payoffs.'A/B'[0]")
    err = info.value
    assert fragment in str(err)
    assert err.file == "deal.toml"
    assert err.field == "payoffs.'A/B'[0]"
    assert str(err).startswith("deal.toml: payoffs.'A/B'[0]: ")
    assert isinstance(err, ScenarioError)  # FormulaError is a ScenarioError


def test_error_points_at_the_offending_text() -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula("price + os.system", ["price"])
    assert info.value.value == "os.system"
    assert "column 9" in str(info.value)


def test_unknown_name_lists_known_names() -> None:
    with pytest.raises(FormulaError, match=r"known parameter names: markup, price"):
        parse_formula("prce * 2", ["price", "markup"])
    with pytest.raises(FormulaError, match=r"none declared"):
        parse_formula("x", [])


def test_limits() -> None:
    with pytest.raises(FormulaError, match=f"longer than {MAX_LENGTH}"):
        parse_formula("1+" * MAX_LENGTH + "1")
    with pytest.raises(FormulaError, match=f"more than {MAX_NODES} syntax nodes"):
        parse_formula("+".join(["x"] * (MAX_NODES // 2 + 10)), ["x"])
    nested = "abs(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(FormulaError, match="nested deeper"):
        parse_formula(nested, ["x"])
    ok = "abs(" * (MAX_DEPTH - 2) + "x" + ")" * (MAX_DEPTH - 2)
    assert parse_formula(ok, ["x"]) == sympy.Abs(X)


def test_non_text_is_refused() -> None:
    with pytest.raises(FormulaError, match="must be text"):
        parse_formula(3, [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_formula("x", [3])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("name", "ok"),
    [("price", True), ("lab_value2", True), ("A", True), ("_x", False), ("2x", False), ("min", False),
     ("piecewise", False), ("lambda", False), ("True", False), ("a-b", False), ("x" * 65, False), ("", False),
     ("é", False)],
)
def test_valid_parameter_names(name: str, ok: bool) -> None:
    assert is_valid_name(name) is ok

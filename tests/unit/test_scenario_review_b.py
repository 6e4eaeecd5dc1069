"""Regression tests for the scenario side of adversarial review B (findings F1, F4, F7, F8, F14,
F17, F18, F19): each reviewer input is refused quickly with a ScenarioError naming the file, the
field and the value, or (F19) accepted."""

from __future__ import annotations

import random
import time
from fractions import Fraction

import pytest
import sympy

from negotiation.errors import FormulaError, ScenarioError
from negotiation.scenarios import formula as formula_module
from negotiation.scenarios import load_scenario, loads_scenario, parse_formula
from negotiation.scenarios.evaluate import evaluate
from negotiation.scenarios.formula import FormulaBudget
from negotiation.scenarios.numtext import read_number_text

TINY = """
[scenario]
name = "tiny"
title = "tiny"
[parameters.x]
default = {default}
range = [{low}, 10]
[[players]]
name = "Ann"
actions = ["L", "R"]
[[players]]
name = "Bob"
actions = ["L", "R"]
[payoffs]
"L/L" = [{ll}, 1]
"L/R" = [0, 0]
"R/L" = [0, 0]
"R/R" = [1, "x"]
{extra}
"""


def tiny(default: str = "1", low: str = "-10", ll: str = '"x"', extra: str = "") -> str:
    return TINY.format(default=default, low=low, ll=ll, extra=extra)


def refused(text: str, field: str, *needles: str, kind: type[ScenarioError] = ScenarioError) -> ScenarioError:
    """Loading ``text`` fails fast with ``kind`` naming the file, ``field`` and every needle."""
    start = time.perf_counter()
    with pytest.raises(kind) as info:
        loads_scenario(text, file="review.toml").game()
    assert time.perf_counter() - start < 5
    err = info.value
    assert err.file == "review.toml" and err.field == field, str(err)
    message = str(err)
    assert message.startswith(f"review.toml: {field}: ")
    for needle in needles:
        assert needle in message, (needle, message)
    return err


# ---------------------------------------------------------------------- F1: huge exponents in number text
@pytest.mark.parametrize("text", ['"1e99999999"', '"1e9999_9999"', '"1E+0099999999"',
                                  '"1e\u0669\u0669\u0669\u0669\u0669"'])
def test_huge_exponent_default_is_refused_quickly(text):
    err = refused(tiny(default=text), "parameters.x.default", "not a usable number")
    assert err.value == text.strip('"')


def test_huge_exponent_in_range_is_refused_quickly():
    refused(tiny(low='"-1e99999999"'), "parameters.x.range[0]", "exponent 99999999 is out of range", "-1e99999999")


def test_unicode_digits_are_named():
    err = refused(tiny(default='"1e\u0669\u0669"'), "parameters.x.default", "U+0669")
    assert "position 3" in str(err)


def test_toml_integer_beyond_python_digit_limit_names_the_file():
    with pytest.raises(ScenarioError) as info:
        loads_scenario(tiny(default="9" * 5000), file="review.toml")
    assert info.value.file == "review.toml" and "malformed TOML" in str(info.value)


def test_toml_float_with_too_many_digits():
    refused(tiny(default="1." + "1" * 300), "parameters.x.default", "too many digits (301")


@pytest.mark.parametrize("text", ["1e99999999", "1e9999_9999", "1e\u0669\u0669\u0669\u0669", "\uff11", "1" * 201, "",
                                  "1/0"])
def test_read_number_text_refuses(text):
    start = time.perf_counter()
    with pytest.raises(ValueError):
        read_number_text(text)
    assert time.perf_counter() - start < 1


def test_read_number_text_reads_exactly():
    assert read_number_text("1_000.5") == Fraction(2001, 2)
    assert read_number_text("-2.5e-3") == Fraction(-1, 400)
    assert read_number_text("1e400") == 10**400  # the range check is the caller's
    with pytest.raises(ValueError, match="exponent 401"):
        read_number_text("1e401")


def test_override_with_huge_exponent_is_refused():
    s = loads_scenario(tiny(), file="review.toml")
    with pytest.raises(ScenarioError) as info:
        s.values(x="1e9999_9999")
    assert info.value.field == "parameters.x" and "exponent" in str(info.value)


# ---------------------------------------------------------------------- F4: payoffs beyond float64
def test_payoff_beyond_float_range_names_profile_and_player():
    ll = '"(x+9)**64 * (x+8)**64 * (x+7)**64 * (x+6)**64 * (x+5)**64 * (x+4)**64"'
    err = refused(tiny(ll=ll), "payoffs.'L/L'[0]", "payoff of 'Ann' at profile 'L/L'", "1e331", "float64")
    assert "(x + 4)**64" in str(err)


def test_payoff_spread_beyond_float_range_is_a_scenario_error():
    text = tiny(default='"1e100"', low="-1e100", ll='"x**3 * 150000000"').replace('"R/R" = [1, "x"]',
                                                                                  '"R/R" = ["-x**3 * 150000000", 1]')
    text = text.replace("range = [-1e100, 10]", "range = [-1e100, 1e100]")
    refused(text, "payoffs", "do not form a usable game", "spread")


# ---------------------------------------------------------------------- F8: discount rates
RATES = """
[negotiation]
parties = ["Ann", "Bob"]
feasible = "surplus"
surplus = "1"
discount_rates = [{r0}, "1"]
period_length = {dt}
"""


@pytest.mark.parametrize(
    "r0, dt, field, needle",
    [
        ('"-1000"', '"1"', "negotiation.discount_rates[0]", "discount rate of 'Ann' must be > 0"),
        ("0", '"1"', "negotiation.discount_rates[0]", "got 0"),
        ('"1"', '"0"', "negotiation.period_length", "period length must be > 0"),
        ('"1e100"', '"1e100"', "negotiation.discount_rates[0]", "strictly between 0 and 1, got 0"),
    ],
)
def test_discount_rates_are_validated(r0, dt, field, needle):
    s = loads_scenario(tiny(extra=RATES.format(r0=r0, dt=dt)), file="review.toml")
    with pytest.raises(ScenarioError) as info:
        s.negotiation_values()
    assert info.value.field == field and info.value.file == "review.toml"
    assert needle in str(info.value)


def test_positive_rates_still_give_factors():
    s = loads_scenario(tiny(extra=RATES.format(r0='"1/2"', dt='"2"')), file="review.toml")
    f0, f1 = s.negotiation_values()["discount_factors"]
    assert f0 == pytest.approx(0.36787944117144233) and f1 == pytest.approx(0.1353352832366127)


# ---------------------------------------------------------------------- F14: look-alike identifiers
@pytest.mark.parametrize("text, char", [("\uff58 + \U0001d465", "U+FF58"), ("x + \U0001d465", "U+1D465"),
                                        ("\ufb01 + 1", "U+FB01"), ("x \u2212 1", "U+2212")])
def test_non_ascii_in_formulas_is_refused(text, char):
    with pytest.raises(FormulaError) as info:
        parse_formula(text, ["x", "fi"], file="f.toml", field="payoffs.'L/L'[0]")
    message = str(info.value)
    assert message.startswith("f.toml: payoffs.'L/L'[0]: non-ASCII character") and char in message


def test_non_ascii_formula_in_a_file_names_the_field():
    refused(tiny(ll='"\uff58 + 1"'), "payoffs.'L/L'[0]", "U+FF58", kind=FormulaError)


# ---------------------------------------------------------------------- F7: work spent on formulas
def test_max_of_many_linear_terms_is_exact():
    rng = random.Random(7)
    terms = [(rng.randint(1, 999), rng.randint(1, 999), rng.randint(1, 999)) for _ in range(32)]
    text = "max(" + ", ".join(f"x*{a}+y*{b}-{c}" for a, b, c in terms) + ")"
    expr = parse_formula(text, ["x", "y"])
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    for _ in range(20):
        vx, vy = Fraction(rng.randint(-50, 50), 7), Fraction(rng.randint(-50, 50), 3)
        assert evaluate(expr, {x: vx, y: vy}) == max(vx * a + vy * b - c for a, b, c in terms)


def test_nested_min_max_flatten_and_keep_their_values():
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    expr = parse_formula("max(max(x, y), x, 3, max(y, 1))", ["x", "y"])
    assert isinstance(expr, sympy.Max) and set(expr.args) == {x, y, sympy.Integer(3), sympy.Integer(1)}
    assert parse_formula("min(x, x)", ["x"]) == x
    for vx, vy in [(0, 0), (5, 1), (-2, 4)]:
        assert evaluate(expr, {x: Fraction(vx), y: Fraction(vy)}) == max(vx, vy, 3)


def test_formula_budget_counts_nodes():
    budget = FormulaBudget(limit=10)
    parse_formula("x + 1", ["x"], budget=budget)
    assert budget.used == 3
    with pytest.raises(FormulaError) as info:
        parse_formula("max(x, 2, 3, 4, 5, 6, 7)", ["x"], file="f.toml", field="payoffs.a[1]", budget=budget)
    assert info.value.field == "payoffs.a[1]" and "more than 10 syntax nodes in all" in str(info.value)


def test_file_budget_is_enforced_across_formulas(monkeypatch):
    monkeypatch.setattr(formula_module, "MAX_FILE_NODES", 5)
    # 'x * 2 + x' (5 nodes) fits; 'x' in R/R pushes the file over 5 nodes
    err = refused(tiny(ll='"x * 2 + x"'), "payoffs.'R/R'[1]", "more than 5 syntax nodes", kind=FormulaError)
    assert err.value == "x"


def test_file_budget_fits_every_bundled_scenario():
    from negotiation.scenarios import list_scenarios

    assert all(load_scenario(name) for name, _ in list_scenarios())
    assert formula_module.MAX_FILE_NODES >= 10 * 292  # the largest bundled file uses 292 nodes


# ---------------------------------------------------------------------- F17: values shown as written
def test_out_of_range_override_shows_the_number():
    s = load_scenario("compute_deal")
    with pytest.raises(ScenarioError) as info:
        s.values(price=Fraction(1000))
    assert str(info.value).endswith("outside the allowed range [1/2, 3] (got 1000)")
    assert info.value.value == "1000"
    with pytest.raises(ScenarioError) as info:
        s.values(price=10**5000)
    assert "a number of about 5000 digits" in str(info.value)


# ---------------------------------------------------------------------- F18: market and coalitions
def test_market_and_coalition_values_fail_with_field():
    market = tiny(extra='[market]\nbuyers=["Ann"]\nsellers=["Bob"]\npairs={"Ann/Bob"="1/(x-1)"}')
    with pytest.raises(ScenarioError) as info:
        loads_scenario(market, file="review.toml").market_values()
    assert info.value.field == "market.pairs.'Ann/Bob'" and "division by zero" in str(info.value)
    coalitions = tiny(extra='[coalitions]\nplayers=["Ann","Bob"]\nvalues={"Ann+Bob"="1/(x-1)"}')
    with pytest.raises(ScenarioError) as info:
        loads_scenario(coalitions, file="review.toml").coalition_values()
    assert info.value.field == "coalitions.values.'Ann+Bob'"


# ---------------------------------------------------------------------- F19: suffix case
def test_existing_path_loads_whatever_its_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("GOOD.TOML", "good.Toml", "goodgame"):
        (tmp_path / name).write_text(tiny(), encoding="utf-8")
        s = load_scenario(name)
        assert s.name == "tiny" and s.path == name
    with pytest.raises(ScenarioError, match="unknown scenario 'missing'"):
        load_scenario("missing")
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario("MISSING.TOML")

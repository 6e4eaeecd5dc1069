"""Rubinstein alternating offers: formula, SPE conditions, variants, symbolic shares."""

from __future__ import annotations

import json
import math
from fractions import Fraction as F

import pytest
import sympy

from negotiation import BargainingError, rubinstein


def _spe_holds(r):
    """The equilibrium conditions: each proposer leaves its responder exactly the responder's best
    alternative max(o_R, q_R * x_R) (x_R: what R gets when it proposes)."""
    s = r.surplus
    q = r.effective_discount_factors
    o = r.outside_options or (None, None)
    for k in (0, 1):
        j = 1 - k
        alt = q[j] * r.proposer_payoffs[j]
        if o[j] is not None:
            alt = max(alt, o[j])
        assert s - r.proposer_payoffs[k] == alt


@pytest.mark.parametrize("d0, d1", [("1/2", "1/2"), ("1/2", "2/3"), ("9/10", "3/4"), ("1/100", "99/100")])
@pytest.mark.parametrize("first", [0, 1])
def test_classic_formula_and_spe(d0, d1, first):
    r = rubinstein((d0, d1), first)
    d = (F(d0), F(d1))
    R = 1 - first
    assert r.shares[first] == (1 - d[R]) / (1 - d[0] * d[1])
    assert r.shares[0] + r.shares[1] == 1
    assert r.offer == r.shares[R] and r.agreement_period == 0 and r.proposer == first
    assert r.outside_option_binds == (False, False)
    _spe_holds(r)


def test_surplus_scales_the_shares():
    r = rubinstein(("1/2", "1/2"), surplus=9)
    assert r.shares == (F(6), F(3)) and r.fractions == (F(2, 3), F(1, 3))


def test_float_inputs():
    r = rubinstein((0.9, 0.8))
    assert r.arithmetic == "float"
    assert r.shares[0] == pytest.approx((1 - 0.8) / (1 - 0.72))


def test_outside_option_not_binding():
    # responder 1's Rubinstein share is 9/19 > 1/10: the option does not matter
    r = rubinstein(("9/10", "9/10"), outside_options=(0, "1/10"))
    assert r.shares == (F(10, 19), F(9, 19)) and r.outside_option_binds == (False, False)
    _spe_holds(r)


def test_outside_option_binding_gives_exactly_the_option():
    r = rubinstein(("9/10", "9/10"), outside_options=(0, "1/2"))
    assert r.shares == (F(1, 2), F(1, 2)) and r.outside_option_binds == (False, True)
    assert "binds" in r.formula
    _spe_holds(r)
    r2 = rubinstein(("9/10", "9/10"), outside_options=(0, "3/5"))
    assert r2.shares[1] == F(3, 5)


def test_both_options_bind():
    r = rubinstein(("1/2", "1/2"), outside_options=("2/5", "1/2"))
    assert r.outside_option_binds == (True, True)
    assert r.shares == (F(1, 2), F(1, 2)) and r.proposer_payoffs == (F(1, 2), F(3, 5))
    _spe_holds(r)


def test_options_must_leave_something_to_bargain():
    with pytest.raises(BargainingError, match="nothing to bargain over"):
        rubinstein(("1/2", "1/2"), outside_options=("1/2", "1/2"))


def test_breakdown_risk_multiplies_the_discount_factors():
    r = rubinstein(("9/10", "9/10"), breakdown_probability="1/10")
    plain = rubinstein(("81/100", "81/100"))
    assert r.shares == plain.shares == (F(100, 181), F(81, 181))
    assert r.effective_discount_factors == (F(81, 100), F(81, 100))
    with pytest.raises(BargainingError, match="breakdown_probability"):
        rubinstein(("1/2", "1/2"), breakdown_probability=1)


@pytest.mark.parametrize("first", [0, 1])
def test_finite_horizon_backward_induction(first):
    d = ("9/10", "4/5")
    one = rubinstein(d, first, horizon=1)
    assert one.shares[first] == 1  # ultimatum
    two = rubinstein(d, first, horizon=2)
    R = 1 - first
    assert two.shares[R] == F(d[R])  # the responder gets what it would take in the last period
    inf = rubinstein(d, first)
    prev = None
    for T in (10, 20, 40, 120):
        gap = abs(rubinstein(d, first, horizon=T).shares[0] - inf.shares[0])
        assert prev is None or gap <= prev
        prev = gap
    assert prev < F(1, 10**7)


def test_finite_horizon_with_outside_option():
    r = rubinstein(("9/10", "9/10"), horizon=1, outside_options=(0, "3/10"))
    assert r.shares == (F(7, 10), F(3, 10)) and r.outside_option_binds == (False, True)


def test_discount_rates_and_period_length():
    r = rubinstein(discount_rates=(0.1, 0.2), period_length=0.5)
    d0, d1 = math.exp(-0.05), math.exp(-0.1)
    assert r.shares[0] == pytest.approx((1 - d1) / (1 - d0 * d1))
    exact = rubinstein(discount_rates=(1, 2), period_length="1/10")
    assert exact.arithmetic == "symbolic"
    assert float(exact.shares[0]) == pytest.approx((1 - math.exp(-0.2)) / (1 - math.exp(-0.3)))
    limit = rubinstein(discount_rates=(1, 3), period_length=0)
    assert limit.shares == (F(3, 4), F(1, 4))


def test_frequent_offer_limit_is_generalized_nash_with_weights_one_over_r():
    """Binmore, Rubinstein and Wolinsky (1986): shares -> r_j / (r_i + r_j) as dt -> 0."""
    r0, r1 = 0.05, 0.15
    target = r1 / (r0 + r1)
    errors = [abs(rubinstein(discount_rates=(r0, r1), period_length=dt).shares[0] - target)
              for dt in (1.0, 0.1, 0.01, 0.001)]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 1e-3
    # symbolically: the limit of the exact share as dt -> 0
    dt = sympy.Symbol("dt", positive=True)
    sym = rubinstein(discount_rates=(1, 3), period_length=dt)
    assert sympy.limit(sym.shares[0], dt, 0) == sympy.Rational(3, 4)


def test_limit_with_a_binding_outside_option():
    r = rubinstein(discount_rates=(1, 1), period_length=0, outside_options=(0, "3/5"))
    assert r.shares == (F(2, 5), F(3, 5)) and r.outside_option_binds == (False, True)


def test_symbolic_shares_and_derivatives():
    d0, d1 = sympy.symbols("delta_0 delta_1", positive=True)
    r = rubinstein((d0, d1))
    assert sympy.simplify(r.shares[0] - (1 - d1) / (1 - d0 * d1)) == 0
    # the proposer gains from its own patience
    deriv = sympy.diff(r.shares[0], d0).subs({d0: sympy.Rational(1, 2), d1: sympy.Rational(1, 2)})
    assert deriv > 0


def test_symbolic_outside_option_needs_values_to_decide_binding():
    o = sympy.Symbol("o")
    with pytest.raises(BargainingError, match="give values"):
        rubinstein(("9/10", "9/10"), outside_options=(0, o))
    r = rubinstein(("9/10", "9/10"), outside_options=(0, o), parameters={"o": "1/2"})
    assert r.shares == (1 - o, o) and r.outside_option_binds == (False, True)
    assert sympy.Gt(19 * o - 9, 0) in r.conditions


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"discount_factors": (1, "1/2")}, r"\(0, 1\)"),
        ({"discount_factors": (0, "1/2")}, r"\(0, 1\)"),
        ({"discount_factors": ("1/2",)}, "pair"),
        ({}, "either"),
        ({"discount_factors": ("1/2", "1/2"), "discount_rates": (1, 1)}, "either"),
        ({"discount_factors": ("1/2", "1/2"), "period_length": 1}, "period_length"),
        ({"discount_factors": ("1/2", "1/2"), "first_proposer": 2}, "first_proposer"),
        ({"discount_factors": ("1/2", "1/2"), "horizon": 0}, "horizon"),
        ({"discount_factors": ("1/2", "1/2"), "surplus": 0}, "surplus"),
        ({"discount_rates": (1, -1)}, "positive"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(BargainingError, match=match):
        rubinstein(**kwargs)


def test_to_dict_and_repr():
    r = rubinstein(("1/2", "2/3"), players=("Lab", "Owner"))
    data = r.to_dict()
    json.dumps(data)
    assert data["shares"] == ["1/2", "1/2"] and data["players"] == ["Lab", "Owner"]
    assert repr(r) == "RubinsteinResult(Lab=1/2, Owner=1/2; proposer Lab)"


# ---------------------------------------------------------------------- review 4 (findings 8-10, 12)
def test_finding8_a_tiny_float_surplus_is_positive():
    r = rubinstein((0.5, 0.5), surplus=1e-10)
    assert r.shares == pytest.approx((2e-10 / 3, 1e-10 / 3), rel=1e-12)
    assert rubinstein((0.5, 0.5), surplus=5e-324).arithmetic == "float"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"discount_factors": (1 - 1e-12, 0.5)},
        {"discount_factors": (1e-10, 0.5)},
        {"discount_factors": (0.5, 0.5), "breakdown_probability": 1 - 1e-10},
        {"discount_factors": (0.5, 0.5), "breakdown_probability": 1e-300},
    ],
)
def test_finding8_dimensionless_inputs_are_checked_exactly(kwargs):
    r = rubinstein(**kwargs)
    exact = rubinstein(**{k: (tuple(F(x) for x in v) if isinstance(v, tuple) else F(v)) for k, v in kwargs.items()})
    assert r.shares == pytest.approx(tuple(float(x) for x in exact.shares), rel=1e-9, abs=1e-15)


def test_finding8_patient_proposer_keeps_the_digits_of_one_minus_delta():
    # P0 proposes: 0.5 / (1 - 0.5 * (1 - 1e-12)) = 1 / (1 + 1e-12)
    r = rubinstein((1 - 1e-12, 0.5))
    assert r.shares[0] == pytest.approx(1 / (1 + 1e-12), rel=1e-15)


def test_short_periods_do_not_round_the_factors_to_one():
    # exp(-r*dt) == 1.0 in float64 for dt = 1e-17, yet 1 - delta = r*dt > 0: the share tends to r1/(r0+r1)
    r = rubinstein(discount_rates=(1.0, 2.0), period_length=1e-17)
    assert r.shares == pytest.approx((2 / 3, 1 / 3), rel=1e-12)
    r = rubinstein(discount_rates=(1.0, 2.0), period_length=1e-9)
    exact = rubinstein(discount_rates=(1, 2), period_length=sympy.Rational(1, 10**9))
    assert r.shares[0] == pytest.approx(float(exact.shares[0]), rel=1e-12)


def test_finding9_pure_breakdown_model():
    """Binmore, Rubinstein and Wolinsky (1986): no impatience, breakdown risk p; proposer 1/(2 - p)."""
    r = rubinstein((1, 1), breakdown_probability="1/2")
    assert r.shares == (F(2, 3), F(1, 3))
    assert r.effective_discount_factors == (F(1, 2), F(1, 2))
    _spe_holds(r)
    for p in ("1/10", "9/10"):
        assert rubinstein((1, 1), breakdown_probability=p).shares[0] == 1 / (2 - F(p))
    one = rubinstein((1, "9/10"), 1, breakdown_probability="1/5")
    _spe_holds(one)
    assert rubinstein((1.0, 1.0), breakdown_probability=0.5).shares == pytest.approx((2 / 3, 1 / 3))


def test_finding9_a_factor_of_one_needs_a_breakdown_risk():
    with pytest.raises(BargainingError, match=r"breakdown_probability p > 0.*got 1"):
        rubinstein((1, "1/2"))
    with pytest.raises(BargainingError, match=r"must be in \(0, 1\)"):
        rubinstein(("11/10", "1/2"), breakdown_probability="1/2")
    assert rubinstein((1, 1), horizon=3).shares == (F(1), F(0))  # finite horizons allow [0, 1]


def _binds_oracle(s, q, o, P, T):
    """Independent backward induction: does j's option beat bargaining on the first time j responds?"""
    nxt = None
    binds = [False, False]
    for t in range(T - 1, -1, -1):
        prop = P if t % 2 == 0 else 1 - P
        resp = 1 - prop
        cont = F(0) if nxt is None else q[resp] * nxt
        if t <= 1 and o[resp] > cont:
            binds[resp] = True
        nxt = s - max(o[resp], cont)
    return tuple(binds)


def test_finding10_binds_means_the_same_in_finite_and_infinite_horizons():
    flags = [rubinstein(("9/10", "9/10"), outside_options=("9/10", 0), horizon=T).outside_option_binds
             for T in (None, 2, 50)]
    assert flags == [(True, False)] * 3
    for T in (None, 2, 50):
        assert rubinstein(("9/10", "9/10"), outside_options=("9/10", 0), horizon=T).shares == (F(91, 100), F(9, 100))
    assert rubinstein(("9/10", "9/10"), outside_options=("9/10", 0), horizon=1).outside_option_binds == (False, False)


@pytest.mark.parametrize("seed", range(3))
def test_finding10_binds_flags_against_backward_induction(seed):
    import random

    rng = random.Random(seed)
    for _ in range(60):
        s = F(rng.randint(1, 20), rng.randint(1, 3))
        d = (F(rng.randint(1, 9), 10), F(rng.randint(1, 9), 10))
        while True:
            o = (F(rng.randint(-2, 10), 10) * s, F(rng.randint(-2, 10), 10) * s)
            if o[0] + o[1] < s:
                break
        P, T = rng.randint(0, 1), rng.choice([1, 2, 3, 4, 7, 20])
        r = rubinstein(d, P, surplus=s, outside_options=o, horizon=T)
        assert r.outside_option_binds == _binds_oracle(s, d, o, P, T)


def test_finding12_first_proposer_must_be_an_index():
    with pytest.raises(BargainingError, match=r"first_proposer must be 0 or 1.*got 1\.0.*surplus="):
        rubinstein((0.5, 0.5), 1.0)
    assert rubinstein((0.5, 0.5), __import__("numpy").int64(1)).proposer == 1


def test_finding12_unknown_parameter_names_are_errors():
    with pytest.raises(BargainingError, match=r"parameters \['typo'\] were given but no input has symbols"):
        rubinstein(("1/2", "1/2"), parameters={"typo": 1})
    o = sympy.Symbol("o")
    with pytest.raises(BargainingError, match=r"unknown parameters \['p'\]; the inputs' symbols are \['o'\]"):
        rubinstein(("9/10", "9/10"), outside_options=(0, o), parameters={"o": "1/2", "p": 1})
    r = rubinstein(("9/10", "9/10"), outside_options=(0, o), parameters={"o": "1/2", "p": 1}, strict=False)
    assert r.shares == (1 - o, o)


def test_finding12_players_must_be_a_pair_of_names():
    with pytest.raises(BargainingError, match="pair of names"):
        rubinstein(("1/2", "1/2"), players="AB")


def test_outside_option_decisions_scale_with_the_surplus():
    exact = rubinstein(("9/10", "9/10"), outside_options=("1/2", 0))
    for scale in (1e-9, 1.0, 1e15):
        r = rubinstein((0.9, 0.9), surplus=scale, outside_options=(0.5 * scale, 0.0))
        assert r.outside_option_binds == exact.outside_option_binds
        assert r.shares == pytest.approx(tuple(float(x) * scale for x in exact.shares), rel=1e-12)


# ---------------------------------------------------------------------- second review 4 (findings 7, 9d, 10)
@pytest.mark.parametrize("horizon", [None, 3, 50])
def test_review4b_finding7_a_negative_option_does_not_widen_the_tolerance(horizon):
    # P1's option 1/2 beats 9/10 of its proposing share 10/19 by 1/38: it binds whatever P0's option below 0
    r = rubinstein((0.9, 0.9), surplus=1.0, outside_options=(-1e9, 0.5), horizon=horizon)
    assert r.outside_option_binds == (False, True)
    assert r.shares == pytest.approx((0.5, 0.5), rel=1e-12)


def test_review4b_finding7_frequent_offer_limit():
    r = rubinstein(discount_rates=(1.0, 1.0), period_length=0, outside_options=(-1e9, 0.5 + 1e-6))
    assert r.outside_option_binds == (False, True)
    assert r.shares == pytest.approx((0.5 - 1e-6, 0.5 + 1e-6), rel=1e-12)


def test_review4b_finding9d_a_factor_of_one_needs_a_numeric_breakdown_risk():
    p = sympy.Symbol("p", positive=True)
    with pytest.raises(BargainingError, match=r"numeric breakdown_probability p > 0.*got 1; a symbolic"):
        rubinstein((1, "1/2"), breakdown_probability=p)
    r = rubinstein(("1/2", "1/2"), breakdown_probability=p)  # factors below 1: a symbolic p is fine
    assert sympy.simplify(r.shares[0] - 1 / (1 + (1 - p) / 2)) == 0
    assert rubinstein((1, "1/2"), breakdown_probability="1/2").shares == (F(6, 7), F(1, 7))


def test_review4b_finding10_horizon_accepts_numpy_integers():
    import numpy as np

    r = rubinstein(("1/2", "1/2"), horizon=np.int64(3))
    assert r.horizon == 3 and type(r.horizon) is int
    assert r.shares == rubinstein(("1/2", "1/2"), horizon=3).shares
    for bad in (3.0, True, np.float64(3.0), 0, np.int64(MAX + 1)):
        with pytest.raises(BargainingError, match="horizon must be an int"):
            rubinstein(("1/2", "1/2"), horizon=bad)


MAX = 100_000

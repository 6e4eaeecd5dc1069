"""Rubinstein with discount factors close to 1 in floats: which outside option binds is decided exactly on
the floats' binary values in an infinite horizon, in every period of a finite one and in the frequent-offer
limit (second review of session 4, finding 1)."""

from __future__ import annotations

import math
import sys
from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from negotiation import rubinstein


def test_finding1_short_periods_with_rates():
    r = rubinstein(discount_rates=(0.1, 1.0), period_length=1e-9, surplus=1.0, outside_options=(0.7, 0.1))
    exact = rubinstein(discount_rates=(sympy.Rational(1, 10), 1), period_length=sympy.Rational(1, 10**9),
                       outside_options=(sympy.Rational(7, 10), sympy.Rational(1, 10)))
    assert exact.outside_option_binds == (False, True)
    assert r.outside_option_binds == (False, True)
    assert r.shares == pytest.approx(tuple(float(x) for x in exact.shares), abs=1e-12)
    assert r.shares == pytest.approx((0.9, 0.1), abs=1e-8)
    # the binds flag was already wrong at dt = 1e-8
    assert rubinstein(discount_rates=(0.1, 1.0), period_length=1e-8, outside_options=(0.7, 0.1)).outside_option_binds \
        == (False, True)


def test_finding1_factors_close_to_one_match_the_exact_solution_of_the_same_floats():
    d, o = (1 - 1e-12, 1 - 1e-11), (0.7, 0.1)
    r = rubinstein(d, 0, surplus=1.0, outside_options=o)
    exact = rubinstein(tuple(F(x) for x in d), 0, outside_options=tuple(F(x) for x in o))
    assert r.outside_option_binds == exact.outside_option_binds == (False, True)
    assert r.shares == pytest.approx(tuple(float(x) for x in exact.shares), abs=1e-15)


def _exact_twin(d, P, s, o, p):
    return rubinstein(tuple(F(x) for x in d), P, surplus=F(s), outside_options=tuple(F(x) for x in o),
                      breakdown_probability=F(p))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_finding1_property_factors_near_one(seed):
    """Random delta in 1 - [1e-12, 1e-6] (log-uniform) with random options and surplus scales: the float
    result has the exact solution's binds flags and its shares within a tolerance of the surplus."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        d = tuple(float(1 - 10 ** rng.uniform(-12, -6)) for _ in range(2))
        s = float(10 ** rng.uniform(-3, 6))
        while True:
            o = tuple(float(s * rng.uniform(-0.3, 1.0)) for _ in range(2))
            if F(o[0]) + F(o[1]) < F(s):
                break
        P = int(rng.integers(2))
        p = 0.0 if rng.random() < 0.7 else float(10 ** rng.uniform(-12, -6))
        r = rubinstein(d, P, surplus=s, outside_options=o, breakdown_probability=p)
        exact = _exact_twin(d, P, s, o, p)
        assert r.outside_option_binds == exact.outside_option_binds, (d, P, s, o, p)
        for got, want in zip(r.shares, exact.shares, strict=True):
            assert abs(got - float(want)) <= 1e-9 * s, (d, P, s, o, p)
        for got, want in zip(r.proposer_payoffs, exact.proposer_payoffs, strict=True):
            assert abs(got - float(want)) <= 1e-9 * s, (d, P, s, o, p)


@pytest.mark.parametrize("seed", [0, 1])
def test_finding1_property_short_periods(seed):
    """Rates with short periods: the float result matches the exact solution of delta_i = 1 - c_i with
    c_i the float -expm1(-r_i*dt) (the digits the float factors keep)."""
    rng = np.random.default_rng(100 + seed)
    for _ in range(60):
        rates = tuple(float(10 ** rng.uniform(-2, 1)) for _ in range(2))
        dt = float(10 ** rng.uniform(-12, -6))
        while True:
            o = tuple(float(rng.uniform(-0.3, 1.0)) for _ in range(2))
            if F(o[0]) + F(o[1]) < 1:
                break
        P = int(rng.integers(2))
        r = rubinstein(discount_rates=rates, period_length=dt, first_proposer=P, outside_options=o)
        d = tuple(1 - F(-np.expm1(-rates[i] * dt)) for i in (0, 1))
        exact = rubinstein(d, P, outside_options=tuple(F(x) for x in o))
        assert r.outside_option_binds == exact.outside_option_binds, (rates, dt, o, P)
        assert r.shares == pytest.approx(tuple(float(x) for x in exact.shares), abs=1e-9), (rates, dt, o, P)


def _random_options(rng, s):
    while True:  # options in [-0.3 s, s), negative ones included, leaving something to bargain over
        o = tuple(float(s * rng.uniform(-0.3, 1.0)) for _ in range(2))
        if F(o[0]) + F(o[1]) < F(s):
            return o


def _agree(r, exact, s, what):
    assert r.outside_option_binds == exact.outside_option_binds, what
    for got, want in zip(r.shares + r.proposer_payoffs, exact.shares + exact.proposer_payoffs, strict=True):
        assert abs(got - float(want)) <= 1e-9 * s, what


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_finding1_property_finite_horizons_near_one(seed):
    """Horizons 1..60 with delta in 1 - [1e-12, 1e-6]: every period's comparison of an option with the
    continuation value is exact, so flags and shares are the exact solution's for the same floats (a
    tolerance relative to the surplus got 24 of 400 such draws wrong)."""
    rng = np.random.default_rng(200 + seed)
    for _ in range(100):
        d = tuple(float(1 - 10 ** rng.uniform(-12, -6)) for _ in range(2))
        s = float(10 ** rng.uniform(-3, 6))
        o = _random_options(rng, s)
        P, T = int(rng.integers(2)), int(rng.integers(1, 61))
        p = 0.0 if rng.random() < 0.7 else float(10 ** rng.uniform(-12, -6))
        r = rubinstein(d, P, surplus=s, outside_options=o, breakdown_probability=p, horizon=T)
        exact = rubinstein(tuple(F(x) for x in d), P, surplus=F(s), outside_options=tuple(F(x) for x in o),
                           breakdown_probability=F(p), horizon=T)
        _agree(r, exact, s, (d, P, s, o, p, T))


@pytest.mark.parametrize("seed", [0, 1])
def test_finding1_property_finite_horizons_with_short_periods(seed):
    rng = np.random.default_rng(300 + seed)
    for _ in range(60):
        rates = tuple(float(10 ** rng.uniform(-2, 1)) for _ in range(2))
        dt = float(10 ** rng.uniform(-12, -6))
        o = _random_options(rng, 1.0)
        P, T = int(rng.integers(2)), int(rng.integers(1, 61))
        r = rubinstein(discount_rates=rates, period_length=dt, first_proposer=P, outside_options=o, horizon=T)
        d = tuple(1 - F(-np.expm1(-rates[i] * dt)) for i in (0, 1))
        exact = rubinstein(d, P, outside_options=tuple(F(x) for x in o), horizon=T)
        _agree(r, exact, 1.0, (rates, dt, o, P, T))


@pytest.mark.parametrize("seed", [0, 1])
def test_finding1_property_frequent_offer_limit(seed):
    """period_length=0: an option at (or within 1e-9 relative of) the player's limit share s*r_j/(r_0 + r_1)
    binds exactly when the exact comparison of the same floats says so (a tolerance got 130/255 wrong)."""
    rng = np.random.default_rng(400 + seed)
    for _ in range(150):
        rates = tuple(float(10 ** rng.uniform(-2, 1)) for _ in range(2))
        s = float(10 ** rng.uniform(-3, 6))
        j, P = int(rng.integers(2)), int(rng.integers(2))
        near = s * rates[1 - j] / (rates[0] + rates[1])
        if rng.random() < 0.7:
            near *= 1 + float(rng.choice([-1.0, 1.0])) * 10 ** rng.uniform(-16, -9)
        if rng.random() < 0.3:
            near = math.nextafter(near, float(rng.choice([0.0, 2 * s])))
        other = float(s * rng.uniform(-0.5, 0.4))
        o = (near, other) if j == 0 else (other, near)
        if F(o[0]) + F(o[1]) >= F(s):
            continue
        r = rubinstein(discount_rates=rates, period_length=0, first_proposer=P, surplus=s, outside_options=o)
        exact = rubinstein(discount_rates=tuple(F(x) for x in rates), period_length=0, first_proposer=P,
                           surplus=F(s), outside_options=tuple(F(x) for x in o))
        _agree(r, exact, s, (rates, s, o, P))


@pytest.mark.parametrize("T", [2, 3, 5, 9, 20])
def test_finding1_exact_ties_in_finite_horizons(T):
    """Factors 3/4 keep the backward induction dyadic and short: an option equal to the continuation value
    (a tie: bargaining on is as good, the option does not bind), one ulp above and one below."""
    x1 = rubinstein((F(3, 4), F(3, 4)), 0, horizon=T).proposer_payoffs[1]
    tie = float(F(3, 4) * x1)
    assert F(tie) == F(3, 4) * x1
    for o1 in (tie, math.nextafter(tie, 1.0), math.nextafter(tie, 0.0)):
        r = rubinstein((0.75, 0.75), 0, horizon=T, outside_options=(0.0, o1), surplus=1.0)
        exact = rubinstein((F(3, 4), F(3, 4)), 0, horizon=T, outside_options=(F(0), F(o1)))
        _agree(r, exact, 1.0, (T, o1))


@pytest.mark.parametrize("guard", [1, 3])
def test_finding1_finite_horizon_precision_escalation(monkeypatch, guard):
    """With only a few fixed-point guard bits most comparisons are undecided at first: the walk must double
    its precision and recompute from the last restart until each decision is exact. The flags (decided from
    every later period) must still be the exact ones; the shares are only as good as the crude precision."""
    module = sys.modules["negotiation.bargaining.rubinstein"]
    monkeypatch.setattr(module, "_GUARD_BITS", guard)
    rng = np.random.default_rng(500 + guard)
    for _ in range(150):
        d = tuple(float(rng.choice([0.0, 0.375, 0.5, 0.75, 0.9, 1 - 1e-9, 1.0])) for _ in range(2))
        s = float(rng.choice([0.1, 1.0, 3.0]))
        o = tuple(float(s * rng.choice([-0.25, 0.0, 0.1875, 0.25, 0.375, 0.5, 0.75])) for _ in range(2))
        if F(o[0]) + F(o[1]) >= F(s):
            continue
        P, T = int(rng.integers(2)), int(rng.integers(1, 40))
        r = rubinstein(d, P, surplus=s, outside_options=o, horizon=T)
        exact = rubinstein(tuple(F(x) for x in d), P, surplus=F(s), outside_options=tuple(F(x) for x in o), horizon=T)
        assert r.outside_option_binds == exact.outside_option_binds, (d, s, o, P, T)


def test_finding1_long_horizon_at_the_stationary_threshold_is_fast_and_exact():
    """Options at the float value of the stationary threshold keep every comparison within rounding of a
    tie for 100000 periods; the fixed-point walk decides them without unbounded exact fractions."""
    o = (0.0, 0.9 * (1 - 0.9) / (1 - 0.81))
    r = rubinstein((0.9, 0.9), horizon=100_000, surplus=1.0, outside_options=o)
    inf = rubinstein((F(0.9), F(0.9)), surplus=1, outside_options=tuple(F(x) for x in o))
    assert r.outside_option_binds == inf.outside_option_binds
    assert r.shares == pytest.approx(tuple(float(x) for x in inf.shares), abs=1e-15)
    exact = rubinstein((F(0.9), F(0.9)), horizon=1000, outside_options=tuple(F(x) for x in o))
    _agree(rubinstein((0.9, 0.9), horizon=1000, surplus=1.0, outside_options=o), exact, 1.0, "T=1000")

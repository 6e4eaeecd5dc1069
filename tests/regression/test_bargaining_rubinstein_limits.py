"""Rubinstein with discount factors close to 1 (floats, infinite horizon): the outside-option case is
decided exactly on the floats' binary values (second review of session 4, finding 1)."""

from __future__ import annotations

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

"""Float bargaining problems agree with their exact twins at any scale (review 4's random oracle).

A random integer problem is solved exactly; its float twin is the image under positive affine maps
``u_i -> a_i * u_i + b_i`` with ``a_i`` from 1e-9 to 1e15 (independently per player or common) and
offsets ``b_i`` up to 1e9 times ``a_i``. The axioms say where the twin's solutions must be: Nash
and Kalai-Smorodinsky move with the maps (invariance under positive affine maps of each player's
utility); the proportional solution with weights ``r`` moves to the one with weights
``(a0*r0, a1*r1)``; the weighted utilitarian one with ``w`` to ``(w0/a0, w1/a1)``. Results must agree
to a tolerance relative to each player's range, Pareto flags exactly, and both twins must be
accepted or both rejected. The exact solutions are checked against the definitions elsewhere
(test_bargaining_axioms.py). Rubinstein's shares are compared the same way over surplus scales.
"""

from __future__ import annotations

from fractions import Fraction as F

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation import (
    BargainingError,
    BargainingProblem,
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    rubinstein,
    utilitarian_solution,
)

coord = st.integers(-5, 20)
points_st = st.lists(st.tuples(coord, coord), min_size=1, max_size=7)
disagreement_st = st.tuples(st.integers(-6, 12), st.integers(-6, 12))
factor_st = st.builds(lambda m, k: m * 10.0**k, st.sampled_from([1.0, 1.25, 3.7, 7.0]), st.integers(-9, 15))
offset_st = st.sampled_from([0.0, -3.0, 100.0, 1e6, 1e9])  # in units of the player's factor
RTOL = 1e-6  # agreement required, relative to each player's range


@st.composite
def maps(draw):
    a = [draw(factor_st), draw(factor_st)]
    c = [draw(offset_st), draw(offset_st)]
    if draw(st.booleans()):
        a[1] = a[0]
    if draw(st.booleans()):
        c[1] = c[0]
    return (a[0], a[1]), (c[0] * a[0], c[1] * a[1])


def _twins(points, d, a, b):
    def T(u):
        return (a[0] * float(u[0]) + b[0], a[1] * float(u[1]) + b[1])

    try:
        exact = BargainingProblem.from_points(points, d)
    except BargainingError:
        exact = None
    try:
        twin = BargainingProblem.from_points([T(p) for p in points], T(d))
    except BargainingError as exc:
        twin = None
        if exact is not None:
            raise AssertionError(f"float twin rejected, exact problem accepted: {exc}") from None
    assert (exact is None) == (twin is None), "exact problem rejected, float twin accepted"
    assume(exact is not None)
    ranges = [max(1, max(p[i] for p in [*points, d]) - min(p[i] for p in [*points, d])) for i in (0, 1)]
    return exact, twin, T, ranges


def _agree(name, exact_sol, twin_sol, T, a, ranges):
    expected = T(exact_sol.payoffs)
    for i in (0, 1):
        got = twin_sol.payoffs[i]
        assert isinstance(got, float), name
        assert abs(got - expected[i]) <= RTOL * a[i] * ranges[i], (name, i, got, expected[i])
    assert twin_sol.pareto_optimal == exact_sol.pareto_optimal, name


@settings(max_examples=150, deadline=None)
@given(points_st, disagreement_st, maps())
def test_nash_and_kalai_smorodinsky_move_with_each_players_affine_map(points, d, ab):
    a, b = ab
    exact, twin, T, ranges = _twins(points, d, a, b)
    _agree("nash", nash_bargaining_solution(exact), nash_bargaining_solution(twin), T, a, ranges)
    _agree("nash(1, 2)", nash_bargaining_solution(exact, (1, 2)), nash_bargaining_solution(twin, (1, 2)), T, a, ranges)
    _agree("ks", kalai_smorodinsky_solution(exact), kalai_smorodinsky_solution(twin), T, a, ranges)


@settings(max_examples=120, deadline=None)
@given(points_st, disagreement_st, maps())
def test_weighted_solutions_move_with_rescaled_weights(points, d, ab):
    a, b = ab
    exact, twin, T, ranges = _twins(points, d, a, b)
    for r in ((1, 1), (2, 1)):
        tw = (a[0] * r[0], a[1] * r[1])
        _agree(f"egalitarian{r}", egalitarian_solution(exact, r), egalitarian_solution(twin, tw), T, a, ranges)
        _agree(f"leximin{r}", egalitarian_solution(exact, r, lexicographic=True),
               egalitarian_solution(twin, tw, lexicographic=True), T, a, ranges)
    for w in ((1, 1), (1, 3)):
        tw = (w[0] / a[0], w[1] / a[1])
        _agree(f"utilitarian{w}", utilitarian_solution(exact, w), utilitarian_solution(twin, tw), T, a, ranges)


@st.composite
def rubinstein_cases(draw):
    s = F(draw(st.integers(1, 50)), draw(st.integers(1, 5)))
    den = draw(st.sampled_from([2, 10, 30, 10**6, 10**12]))
    deltas = [F(draw(st.integers(1, den - 1)), den) for _ in (0, 1)]
    p = draw(st.sampled_from([F(0), F(0), F(1, 10), F(2, 5)]))
    if p and draw(st.booleans()):
        deltas[draw(st.integers(0, 1))] = F(1)  # no impatience, only the breakdown risk
    options = None
    if draw(st.booleans()):
        o = (F(draw(st.integers(-3, 20)), 20) * s, F(draw(st.integers(-3, 20)), 20) * s)
        options = o if o[0] + o[1] < s else None
    horizon = draw(st.sampled_from([None, None, 1, 2, 3, 7, 50]))
    return s, tuple(deltas), p, options, draw(st.integers(0, 1)), horizon, draw(factor_st)


@settings(max_examples=150, deadline=None)
@given(rubinstein_cases())
def test_rubinstein_float_twins_agree_at_any_surplus_scale(case):
    s, deltas, p, options, first, horizon, scale = case
    exact = rubinstein(deltas, first, surplus=s, breakdown_probability=p, outside_options=options, horizon=horizon)
    twin = rubinstein(
        tuple(float(x) for x in deltas), first, surplus=float(s) * scale, breakdown_probability=float(p),
        outside_options=None if options is None else tuple(float(x) * scale for x in options), horizon=horizon,
    )
    assert twin.arithmetic == "float"
    for i in (0, 1):
        assert abs(twin.shares[i] / scale - float(exact.shares[i])) <= 1e-9 * float(s)
    assert twin.outside_option_binds == exact.outside_option_binds

"""The bargaining axioms as properties on random polygons (exact arithmetic).

Oracles are the definitions, checked against the raw points rather than the package's frontier:
Pareto optimality and feasibility by an exact scan of the segments between the given points,
the Nash product by comparison with every vertex and a grid of frontier points.
"""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations_with_replacement

import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from negotiation import (
    BargainingError,
    BargainingProblem,
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    utilitarian_solution,
)

coord = st.integers(0, 30)
points_st = st.lists(st.tuples(coord, coord), min_size=1, max_size=7)
disagreement_st = st.tuples(st.integers(0, 10), st.integers(0, 10))
weights_st = st.tuples(st.integers(1, 5), st.integers(1, 5))
SETTINGS = settings(max_examples=60, deadline=None)

PARETO_CONCEPTS = {
    "nash": nash_bargaining_solution,
    "kalai_smorodinsky": kalai_smorodinsky_solution,
    "utilitarian": utilitarian_solution,
    "egalitarian_lex": lambda p: egalitarian_solution(p, lexicographic=True),
}
ALL = {**PARETO_CONCEPTS, "egalitarian": egalitarian_solution}


def _problem(points, d):
    try:
        return BargainingProblem.from_points(points, d)
    except BargainingError:
        assume(False)
        raise  # pragma: no cover


def _best_sum_dominating(points, u):
    """max of x0 + x1 over the convex hull of ``points`` intersected with {x >= u}; None if empty.

    The optimum of this LP sits on a segment between two given points, so scanning all pairs is exact."""
    best = None
    for p, q in combinations_with_replacement(points, 2):
        lo, hi = F(0), F(1)
        for k in (0, 1):
            a, slope = F(p[k]) - u[k], F(q[k]) - F(p[k])  # need a + lam * slope >= 0
            if slope == 0:
                if a < 0:
                    lo, hi = F(1), F(0)
            elif slope > 0:
                lo = max(lo, -a / slope)
            else:
                hi = min(hi, -a / slope)
        if lo > hi:
            continue
        for lam in (lo, hi):
            value = sum(F(p[k]) + lam * (F(q[k]) - F(p[k])) for k in (0, 1))
            best = value if best is None else max(best, value)
    return best


@SETTINGS
@given(points_st, disagreement_st)
def test_feasible_individually_rational_and_pareto_optimal(points, d):
    p = _problem(points, d)
    for name, f in ALL.items():
        u = f(p).payoffs
        best = _best_sum_dominating(points, u)
        assert best is not None, f"{name}: infeasible {u}"
        assert u[0] >= d[0] and u[1] >= d[1], name
        if name in PARETO_CONCEPTS:
            assert best == u[0] + u[1], f"{name}: {u} is dominated"
            assert f(p).pareto_optimal


@SETTINGS
@given(points_st, st.integers(0, 10))
def test_symmetry(points, c):
    sym_points = points + [(b, a) for a, b in points]
    p = _problem(sym_points, (c, c))
    for name, f in ALL.items():
        u = f(p).payoffs
        assert u[0] == u[1], name


@SETTINGS
@given(
    points_st,
    disagreement_st,
    st.tuples(st.fractions(F(1, 10), 10), st.fractions(F(1, 10), 10)),
    st.tuples(st.integers(-20, 20), st.integers(-20, 20)),
    weights_st,
)
def test_invariance_to_positive_affine_transforms(points, d, a, b, w):
    p = _problem(points, d)

    def t(x):
        return (a[0] * x[0] + b[0], a[1] * x[1] + b[1])

    q = BargainingProblem.from_points([t(x) for x in points], t(d))
    for f in (nash_bargaining_solution, kalai_smorodinsky_solution):
        assert f(q).payoffs == t(f(p).payoffs), f.__name__
    assert nash_bargaining_solution(q, w).payoffs == t(nash_bargaining_solution(p, w).payoffs)


@SETTINGS
@given(points_st, disagreement_st, st.data())
def test_independence_of_irrelevant_alternatives_for_nash(points, d, data):
    p = _problem(points, d)
    for w in ((1, 1), data.draw(weights_st)):
        u = nash_bargaining_solution(p, w).payoffs
        keep = data.draw(st.lists(st.sampled_from(points), max_size=len(points)))
        smaller = BargainingProblem.from_points(keep + [u], d)  # a subset of S that still contains N(S)
        assert nash_bargaining_solution(smaller, w).payoffs == u


@SETTINGS
@given(points_st, disagreement_st, weights_st)
def test_nash_maximizes_the_weighted_product(points, d, w):
    p = _problem(points, d)
    u = nash_bargaining_solution(p, w).payoffs

    def product(x):
        return (x[0] - d[0]) ** w[0] * (x[1] - d[1]) ** w[1]

    best = product(u)
    chain = p.bargaining_set
    for k in range(len(chain) - 1):
        for t in range(0, 21):
            lam = F(t, 20)
            x = tuple(chain[k][i] + lam * (chain[k + 1][i] - chain[k][i]) for i in (0, 1))
            assert product(x) <= best
    for x in points:
        if x[0] >= d[0] and x[1] >= d[1]:
            assert product(x) <= best


@SETTINGS
@given(
    st.tuples(st.integers(0, 5), st.integers(0, 5)),
    st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 25)), min_size=1, max_size=3),
)
def test_individual_monotonicity_for_kalai_smorodinsky(d, offsets, extra_offsets):
    """Kalai and Smorodinsky (1975): enlarging S while player 1's best payoff stays the same never
    hurts player 0."""
    points = [(d[0] + a, d[1] + b) for a, b in offsets]
    p = _problem(points, d)
    top = max(y for _, y in points)
    extra = [(d[0] + a, min(d[1] + b, top)) for a, b in extra_offsets]
    bigger = BargainingProblem.from_points(points + extra, d)
    assert bigger.ideal_point()[1] == p.ideal_point()[1]
    assert kalai_smorodinsky_solution(bigger).payoffs[0] >= kalai_smorodinsky_solution(p).payoffs[0]


@settings(max_examples=40, deadline=None)
@given(points_st, disagreement_st)
def test_float_arithmetic_agrees_with_exact(points, d):
    p = _problem(points, d)
    q = BargainingProblem.from_points([(float(a), float(b)) for a, b in points], (float(d[0]), float(d[1])))
    for name, f in ALL.items():
        e, x = f(p).payoffs, f(q).payoffs
        assert abs(x[0] - float(e[0])) <= 1e-9 * 30 and abs(x[1] - float(e[1])) <= 1e-9 * 30, name


@settings(max_examples=12, deadline=None)
@given(points_st, disagreement_st, st.data())
def test_symbolic_closed_forms_agree_with_exact(points, d, data):
    p = _problem(points, d)
    k = data.draw(st.integers(0, len(points) - 1))
    c = sympy.Symbol("c")
    sym_points = list(points)
    sym_points[k] = (c, points[k][1])
    sym = BargainingProblem.from_points(sym_points, d, parameters={"c": points[k][0]})
    for name, f in ALL.items():
        assert f(sym).evaluate() == f(p).payoffs, name

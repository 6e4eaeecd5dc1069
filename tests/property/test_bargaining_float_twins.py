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


# ---- review 4b finding 6: the float frontier is the exact frontier of the same floats, to a distance
def _float_cloud(draw):
    """Seeded random float points (a cloud, a dense arc, or decimal points on a line) under random
    per-player scales and offsets (offsets up to 1e14 times the scale, where float64 still resolves
    the data to ~1e-2 of the range: dense points there are quantized)."""
    import math
    import random

    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(3, 300))
    shape = draw(st.sampled_from(["cloud", "arc", "line"]))
    if shape == "cloud":
        base = [(rng.random(), rng.random()) for _ in range(n)]
    elif shape == "arc":
        base = [(math.cos(t), math.sin(t)) for t in (rng.uniform(0, math.pi / 2) for _ in range(n))]
    else:
        base = [(k / 10, 1 - k / 10) for k in range(11)] + [(rng.random() * 0.5, rng.random() * 0.5) for _ in range(n)]
    a = (10.0 ** rng.uniform(-6, 9), 10.0 ** rng.uniform(-6, 9))
    b = tuple(rng.choice([0.0, 1.0, -1.0]) * 10.0 ** rng.uniform(0, 14) * a[i] for i in (0, 1))
    return [(a[0] * x + b[0], a[1] * y + b[1]) for x, y in base], (b[0], b[1])


def _above(polygon, q):
    """Signed distance of ``q`` above the chain ``polygon`` (x increasing) in the same coordinates."""
    import math

    x, y = q
    if x <= polygon[0][0]:
        return y - polygon[0][1]
    if x >= polygon[-1][0]:
        return max(x - polygon[-1][0], y - polygon[-1][1]) if x > polygon[-1][0] else y - polygon[-1][1]
    k = max(j for j in range(len(polygon) - 1) if polygon[j][0] <= x)
    (x0, y0), (x1, y1) = polygon[k], polygon[k + 1]
    return ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / math.hypot(x1 - x0, y1 - y0)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.data())
def test_float_frontier_is_the_exact_frontier_of_the_same_floats_within_the_distance_tolerance(data):
    """Every vertex of the exact frontier of the floats' binary values lies within the distance
    tolerance above the float frontier, and every float vertex within it below the exact frontier
    (distances in normalized coordinates, each player's payoffs over its range; up to 2 * tol, as
    points within tol of each other in both coordinates are merged). Dropping every vertex within tol
    of its current neighbours' chord instead lets dense quantized arcs drift by over 5 * tol."""
    pts, d = _float_cloud(data.draw)
    try:
        pf = BargainingProblem.from_points(pts, d)
    except BargainingError:
        assume(False)
    pe = BargainingProblem.from_points([(F(x), F(y)) for x, y in pts], (F(d[0]), F(d[1])))
    tol = pf.arith().distance_tolerance()
    s0, s1 = pf.scales
    lo0, lo1 = min(F(p[0]) for p in pts), min(F(p[1]) for p in pts)

    def norm(q):
        return (float((F(q[0]) - lo0) / F(s0)), float((F(q[1]) - lo1) / F(s1)))

    xs = [p[0] for p in pf.frontier]
    ys = [p[1] for p in pf.frontier]
    assert all(u < v for u, v in zip(xs, xs[1:], strict=False)) and all(u > v for u, v in zip(ys, ys[1:], strict=False))
    assert set(pf.frontier) <= set(pts)
    fpoly, epoly = [norm(q) for q in pf.frontier], [norm(q) for q in pe.frontier]
    margin = 2 * tol + 1e-12  # merged near-duplicates: up to sqrt(2) * tol; the top: tol in u1
    assert max(_above(fpoly, q) for q in epoly) <= margin
    assert min(_above(epoly, q) for q in fpoly) >= -margin

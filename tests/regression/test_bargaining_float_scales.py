"""Float bargaining problems at any scale and offset (review 4, findings 1-3, 12, 13).

Each test is a reviewer's reproducer. The expected values are the exact twins' (the same problem in
integers, mapped by the same affine maps), which are checked elsewhere against the definitions.
Before the fix the float tolerance was one scale for both players, ``max(|value|, spread)``,
squared for cross products, and weights were checked against it.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from negotiation import (
    BargainingError,
    BargainingProblem,
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    power_report,
    utilitarian_solution,
)

BP = BargainingProblem


def close(pair, expected, rel=1e-9):
    return all(x == pytest.approx(e, rel=rel) for x, e in zip(pair, expected, strict=True))


def test_finding1_egalitarian_at_dollar_scale_exits_through_the_flat_top():
    exact = egalitarian_solution(BP.from_points([(19, 1), (12, 12)], (1, 6)))
    assert exact.payoffs == (F(7), F(12)) and not exact.pareto_optimal
    sol = egalitarian_solution(BP.from_points([(19e9, 1e9), (12e9, 12e9)], (1e9, 6e9)))
    assert close(sol.payoffs, (7e9, 12e9))
    assert sol.gains[0] == pytest.approx(sol.gains[1])  # equal gains, 6e9 each
    assert not sol.pareto_optimal


def test_finding1_proportional_at_dollar_scale():
    exact = egalitarian_solution(BP.from_points([(19, 1), (12, 12)], (1, 6)), weights=(2, 1))
    sol = egalitarian_solution(BP.from_points([(19e9, 1e9), (12e9, 12e9)], (1e9, 6e9)), weights=(2, 1))
    assert close(sol.payoffs, (float(exact.payoffs[0]) * 1e9, float(exact.payoffs[1]) * 1e9))
    assert sol.pareto_optimal == exact.pareto_optimal


def test_finding2a_kalai_smorodinsky_keeps_a_vertex_of_the_small_player():
    exact = kalai_smorodinsky_solution(BP.from_points([(0, 10), (10**9, 9), (2 * 10**9, 0)], (0, 0)))
    p = BP.from_points([(0.0, 10.0), (1e9, 9.0), (2e9, 0.0)], (0.0, 0.0))
    assert len(p.frontier) == 3
    assert close(kalai_smorodinsky_solution(p).payoffs, tuple(float(x) for x in exact.payoffs))


def test_finding2a_disagreement_below_the_frontier_is_accepted():
    p = BP.from_points([(0.0, 10.0), (1e9, 9.99), (2e9, 0.0)], (0.0, 9.5))
    assert p.bargaining_set[0] == (0.0, 10.0)
    assert p.scales == (2e9, 10.0)


@pytest.mark.parametrize("offset", [1e6, 1e9, 1e10])
def test_finding2b_a_common_offset_keeps_the_kink(offset):
    pts = [(0, 4), (3, 3), (4, 0)]
    exact = nash_bargaining_solution(BP.from_points(pts, (0, 0)))
    assert exact.payoffs == (3, 3)
    p = BP.from_points([(x + offset, y + offset) for x, y in pts], (offset, offset))
    assert len(p.frontier) == 3
    u = nash_bargaining_solution(p).payoffs
    assert u[0] - offset == pytest.approx(3, abs=1e-5) and u[1] - offset == pytest.approx(3, abs=1e-5)


def test_tolerances_follow_each_players_range_not_magnitude():
    p = BP.from_points([(1e9, 1e9 + 4), (1e9 + 3, 1e9 + 3), (1e9 + 4, 1e9)], (1e9, 1e9))
    assert p.scales == (4.0, 4.0)
    ar = p.arith()
    assert ar.tolerance((1, 0)) < 1e-5  # 1e-9 * 4 plus the rounding of numbers near 1e9 (~2e-6)
    assert ar.tolerance((1, 1)) < 1e-4  # a cross product: ~ rtol * 4 * 4, not rtol * (1e9)**2


def test_tolerance_is_invariant_under_a_positive_scaling_of_one_player():
    base = BP.from_points([(0.0, 10.0), (6.0, 8.0), (10.0, 0.0)], (1.0, 1.0))
    scaled = BP.from_points([(0.0, 10e-7), (6e9, 8e-7), (10e9, 0.0)], (1e9, 1e-7))
    r0, r1 = base.arith(), scaled.arith()
    assert r1.tolerance((1, 0)) == pytest.approx(r0.tolerance((1, 0)) * 1e9)
    assert r1.tolerance((0, 1)) == pytest.approx(r0.tolerance((0, 1)) * 1e-7)
    assert r1.tolerance((1, 1)) == pytest.approx(r0.tolerance((1, 1)) * 1e2)


@pytest.mark.parametrize(
    "solve, expected",
    [
        (nash_bargaining_solution, (0.83e9, 1.37e9)),
        (egalitarian_solution, (0.65e9 + 0.3 * 0.6e9, 0.95e9 + 0.7 * 0.6e9)),
        (utilitarian_solution, (0.65e9, 1.55e9)),  # 0.7 > 0.3 per unit: the whole gain goes to P1
    ],
)
@pytest.mark.parametrize("weights", [(0.3, 0.7), 0.3, ("3/10", "7/10")])
def test_finding3_valid_weights_on_a_dollar_scale_problem(solve, expected, weights):
    p = BP.transferable(2.2e9, (0.65e9, 0.95e9))
    exact = solve(BP.transferable("11/5", ("13/20", "19/20")), weights=("3/10", "7/10"))
    assert close(tuple(float(x) * 1e9 for x in exact.payoffs), expected)
    assert close(solve(p, weights=weights).payoffs, expected)


def test_finding3_only_the_ratio_of_the_weights_matters():
    p = BP.from_points([(0.0, 10.0), (6.0, 8.0), (10.0, 0.0)], (0.0, 0.0))
    tiny = nash_bargaining_solution(p, weights=(1e-9, 1e-9)).payoffs
    assert close(tiny, nash_bargaining_solution(p).payoffs)
    assert close(nash_bargaining_solution(p, weights=(1e-300, 3e-300)).payoffs,
                 nash_bargaining_solution(p, weights=(1, 3)).payoffs)


def test_weights_are_checked_exactly_and_quoted_as_given():
    p = BP.transferable(10)
    with pytest.raises(BargainingError, match=r"got -0\.2$"):
        nash_bargaining_solution(p, weights=-0.2)
    with pytest.raises(BargainingError, match=r"weights\[1\] must be positive, got 0\.0"):
        egalitarian_solution(p, weights=(1.0, 0.0))
    with pytest.raises(BargainingError, match="finite"):
        nash_bargaining_solution(p, weights=(float("nan"), 1.0))
    # positive however small
    assert nash_bargaining_solution(p, weights=(5e-324, 5e-324)).payoffs == pytest.approx((5.0, 5.0))


def test_finding13_float_weights_on_an_exact_problem_use_float_arithmetic():
    p = BP.transferable(10, (4, 0))
    sol = nash_bargaining_solution(p, weights=0.3)
    assert sol.arithmetic == "float"
    assert all(isinstance(v, float) for v in (*sol.payoffs, *sol.gains, *sol.disagreement))
    assert sol.payoffs == pytest.approx((5.8, 4.2))
    exact = nash_bargaining_solution(p, weights="3/10")
    assert exact.arithmetic == "exact" and exact.payoffs == (F(29, 5), F(21, 5))
    huge = nash_bargaining_solution(p, weights=(1e-300, 1))
    assert huge.arithmetic == "float" and huge.payoffs == pytest.approx((4.0, 6.0))
    for solve in (egalitarian_solution, utilitarian_solution):
        assert solve(p, weights=(0.5, 0.5)).arithmetic == "float"
        assert solve(p, weights=(1, 1)).arithmetic == "exact"
    assert sol.to_dict()["arithmetic"] == "float"


def test_players_must_be_a_pair_not_a_string():
    with pytest.raises(BargainingError, match="pair of names"):
        BP.transferable(10, players="AB")
    with pytest.raises(BargainingError, match="pair of names"):
        BP.from_points([(0, 1), (1, 0)], (0, 0), players="AB")


def test_transferable_gain_is_checked_against_rounding_only():
    assert BP.transferable(2.2e-10, (0.65e-10, 0.95e-10)).scales == pytest.approx((6e-11, 6e-11))
    with pytest.raises(BargainingError, match="nothing to bargain over"):
        BP.transferable(0.3, (0.1, 0.2))  # 0.3 - 0.1 - 0.2 is rounding noise


def test_finding8_power_report_at_a_tiny_scale():
    rep = power_report(BP.transferable(2.2e-10, (0.65e-10, 0.95e-10)), discount_factors=(0.9, 0.9))
    assert rep.rubinstein is not None
    assert sum(rep.rubinstein.shares) == pytest.approx(0.6e-10)


def test_with_disagreement_keeps_the_ranges_of_the_original_points():
    p = BP.from_points([(0.0, 10.0), (3.0, 3.0), (-50.0, -80.0), (10.0, 0.0)], (0.0, 0.0))
    assert p.scales == (60.0, 90.0)
    assert p.with_disagreement((1.0, 1.0)).scales == p.scales


def test_float_weights_on_payoffs_beyond_float64_say_so():
    p = BP.transferable(10**400, (0, 0))
    with pytest.raises(BargainingError, match="give exact weights"):
        nash_bargaining_solution(p, weights=0.3)
    assert nash_bargaining_solution(p, weights="3/10").payoffs == (F(3, 10) * 10**400, F(7, 10) * 10**400)


# ---- review 4b finding 2: float payoffs whose cross-player products overflow or underflow float64
HUGE_POINTS = [(2.0, 1.0), (0.0, 0.0), (1.0, 2.0), (1.5, 1.6)]


@pytest.mark.parametrize("k", [1e155, 1e160, 1e-145, 1e-170])
def test_finding4b2_float_payoffs_beyond_float64_products_are_refused(k):
    with pytest.raises(BargainingError, match="float payoffs too (large|small).*exact numbers"):
        BP.from_points([(x * k, y * k) for x, y in HUGE_POINTS], (0.0, 0.0))


@pytest.mark.parametrize("k", [1e150, 1e-140])
def test_finding4b2_float_payoffs_just_inside_the_limits_are_solved(k):
    p = BP.from_points([(x * k, y * k) for x, y in HUGE_POINTS], (0.0, 0.0))
    assert [v / k for v in p.frontier[1]] == pytest.approx([1.5, 1.6])
    assert close(nash_bargaining_solution(p).payoffs, (1.5 * k, 1.6 * k))
    ks = kalai_smorodinsky_solution(p).payoffs  # exact twin: (17/11, 17/11)
    assert close(ks, (17 / 11 * k, 17 / 11 * k))
    assert close(egalitarian_solution(p).payoffs, (17 / 11 * k, 17 / 11 * k))


def test_finding4b2_exact_text_of_the_same_payoffs_is_solved():
    p = BP.from_points([("2e155", "1e155"), (0, 0), ("1e155", "2e155"), ("1.5e155", "1.6e155")], (0, 0))
    assert nash_bargaining_solution(p).payoffs == (F(15, 10) * 10**155, F(16, 10) * 10**155)


@pytest.mark.parametrize("k", [1e155, 1e160])
def test_finding4b2_transferable_and_threats_refuse_huge_floats(k):
    from negotiation import NormalFormGame, nash_threat_solution

    with pytest.raises(BargainingError, match="float payoffs too large"):
        BP.transferable(k)
    game = NormalFormGame.from_bimatrix([[2 * k, 0.0], [0.0, k]], [[k, 0.0], [0.0, 2 * k]])
    with pytest.raises(BargainingError, match="float payoffs too large"):
        nash_threat_solution(game)
    big = 10**160
    exact = nash_threat_solution(NormalFormGame.from_bimatrix([[2 * big, 0], [0, big]], [[big, 0], [0, 2 * big]]))
    assert exact.payoffs == (F(3, 2) * big, F(3, 2) * big)


def test_finding4b2_float_weights_on_a_huge_exact_problem_are_refused():
    p = BP.transferable(10**160)
    with pytest.raises(BargainingError, match="exact weights"):
        nash_bargaining_solution(p, weights=0.3)
    assert nash_bargaining_solution(p, weights="3/10").payoffs == (F(3, 10) * 10**160, F(7, 10) * 10**160)


def test_finding4b2_threat_game_at_1e150_floats():
    from negotiation import NormalFormGame, nash_threat_solution

    k = 1e150
    s = nash_threat_solution(NormalFormGame.from_bimatrix([[2 * k, 0.0], [0.0, k]], [[k, 0.0], [0.0, 2 * k]]))
    assert close(s.payoffs, (1.5 * k, 1.5 * k))


# ---- review 4b finding 6: float frontiers decide turns by a distance in normalized coordinates
_EPS = 2.0**-52


def _circle(n, seed, offset=0.0, scales=(1.0, 1.0)):
    """``n`` seeded random points of a quarter circle (scaled, shifted) and a disagreement point inside."""
    import math
    import random

    rng = random.Random(seed)
    angles = sorted(rng.uniform(0.0, math.pi / 2) for _ in range(n))
    pts = [(offset + scales[0] * math.cos(t), offset + scales[1] * math.sin(t)) for t in angles]
    d = (offset + scales[0] * rng.uniform(0.0, 0.4), offset + scales[1] * rng.uniform(0.0, 0.4))
    return pts, d


def _float_and_exact(pts, d):
    """The float problem and the exact problem of the same floats (their binary values)."""
    return BP.from_points(pts, d), BP.from_points([(F(x), F(y)) for x, y in pts], (F(d[0]), F(d[1])))


def _error(sol_f, sol_e, ranges):
    """Largest distance of the float solution from the exact one, relative to each player's range."""
    return max(abs(F(sol_f.payoffs[i]) - sol_e.payoffs[i]) / F(ranges[i]) for i in (0, 1))


@pytest.mark.parametrize("seed", [1, 2])
def test_finding6_dense_quarter_circle_keeps_its_vertices_and_solutions(seed):
    """2000 random points of a quarter circle: the float frontier kept ~863 of them (cross products
    against ``rtol * s0 * s1``: consecutive points are ~1e-3 apart, so a cross product is ~1e-9 however
    far a vertex lies from the chord) and Nash was off by ~1e-4 of the range. Now a vertex is dropped
    only within rtol (1e-9) of the chord that replaces it: Nash and KS agree with the exact solution of
    the same floats to ~1e-8 of the range."""
    pts, d = _circle(2000, seed, scales=(3.0, 5e6))
    pf, pe = _float_and_exact(pts, d)
    assert len(pf.frontier) >= 0.97 * len(pe.frontier)
    for solve in (nash_bargaining_solution, kalai_smorodinsky_solution, egalitarian_solution):
        assert _error(solve(pf), solve(pe), pf.scales) <= 1e-8, solve.__name__
    w = (1, 3)
    assert _error(nash_bargaining_solution(pf, w), nash_bargaining_solution(pe, w), pf.scales) <= 1e-8


@pytest.mark.parametrize("offset", [1e6, 1e10, 5e12, 2e13, 1e14])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_finding6_large_common_offset_costs_only_the_datas_resolution(offset, seed):
    """Payoffs offset + cos/sin (range 1): at offset 5e12 KS was off by 7% of the range, at 1e14 by 25%
    (the rounding allowance ``8 eps * offset`` made the cross-product tolerance ~2e-2 * s0 * s1, and
    dropped vertices accumulated). Now the errors stay within a few times float64's resolution of the
    data relative to the range, ``eps * offset`` (the data themselves are resolved to about that)."""
    pts, d = _circle(60, seed, offset=offset)
    try:
        pf, pe = _float_and_exact(pts, d)
    except BargainingError:  # at 1e14 a disagreement point may lie within the resolution of the frontier
        assert offset >= 1e14
        return
    resolution = _EPS * offset  # range ~1
    for solve in (nash_bargaining_solution, kalai_smorodinsky_solution, egalitarian_solution):
        err = _error(solve(pf), solve(pe), pf.scales)
        assert err <= 1e-8 + 4 * resolution, (solve.__name__, err / resolution)


def test_finding6_a_vertex_is_dropped_only_within_the_distance_tolerance_of_its_chord():
    """Three points with the middle one at a normalized distance h above the chord: kept for h = 1e-8,
    dropped for h = 1e-10 (rtol 1e-9), whatever the players' scales and offsets (the distance is measured
    in each player's range)."""
    for (a0, b0), (a1, b1) in [((1.0, 0.0), (1.0, 0.0)), ((1e-3, 7.0), (2e8, -3e9))]:
        for h, kept in [(1e-8, True), (1e-10, False)]:
            mid = 0.5 + h / 2**0.5  # (0.5, 0.5) + h * (1, 1) / sqrt(2): distance h from x + y = 1
            pts = [(0.0, 1.0), (mid, mid), (1.0, 0.0)]
            p = BP.from_points([(a0 * x + b0, a1 * y + b1) for x, y in pts], (b0, b1))
            assert (len(p.frontier) == 3) is kept, (a0, b0, a1, b1, h)


def test_finding6_drops_do_not_accumulate_along_a_dense_chain():
    """400 points of a quarter circle at offset 1e13: float64 resolves them to ~1e-3 of the range, and
    consecutive points lie far closer than that to their neighbours' chord. Dropping each such vertex in
    turn (a local test) let the frontier drift inward by many tolerances (at 1e14 it cut the arc to
    a few chords); now every input point lies below the frontier or within the tolerance of it."""
    import math

    offset, n = 1e13, 400
    pts = [(offset + math.cos(t), offset + math.sin(t)) for t in (math.pi / 2 * k / (n - 1) for k in range(n))]
    p = BP.from_points(pts, (offset, offset))
    tol = p.arith().distance_tolerance()
    assert 1e-4 < tol < 1e-2
    s0, s1 = p.scales

    def norm(q):
        return ((q[0] - offset) / s0, (q[1] - offset) / s1)

    frontier = [norm(q) for q in p.frontier]
    worst = 0.0
    for q in pts:
        x, y = norm(q)
        k = max((j for j in range(len(frontier) - 1) if frontier[j][0] <= x), default=0)
        (x0, y0), (x1, y1) = frontier[k], frontier[k + 1]
        above = ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / math.hypot(x1 - x0, y1 - y0)
        worst = max(worst, above)
    assert worst <= tol
    assert len(frontier) > 5

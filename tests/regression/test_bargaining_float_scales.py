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

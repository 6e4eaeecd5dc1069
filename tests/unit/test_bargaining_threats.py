"""Security levels and Nash's (1953) variable-threat solution."""

from __future__ import annotations

import random
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import (
    BargainingError,
    BargainingProblem,
    NormalFormGame,
    NotApplicableError,
    nash_bargaining_solution,
    nash_threat_solution,
    power_report,
)
from negotiation.bargaining.threats import security_levels
from negotiation.solvers.zero_sum import solve_zero_sum


def test_security_levels_battle_of_the_sexes():
    g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert security_levels(g) == (F(2, 3), F(2, 3))


def test_hand_computed_transferable_example():
    """Frontier u0 + u1 = 10; threat game A - B = [[10, -3], [4, -10]] has the saddle (T, R) with
    value -3, so d = (-2, 1) and the gains 11 are split equally: (7/2, 13/2)."""
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]], actions=[["T", "B"], ["L", "R"]])
    sol = nash_threat_solution(g)
    assert sol.concept == "nash_threat"
    assert sol.payoffs == (F(7, 2), F(13, 2)) and sol.disagreement == (F(-2), F(1))
    assert dict(sol.threat_strategies[0]) == {"T": 1, "B": 0}
    assert dict(sol.threat_strategies[1]) == {"L": 0, "R": 1}
    assert sol.options["threat_game_value"] == -3 and sol.options["frontier_piece"] == "segment 1"
    A, B = (np.asarray(m) for m in g.bimatrix())
    assert solve_zero_sum(A - B).value == -3  # the classic TU threat game


def test_weighted_threats_on_a_transferable_frontier():
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]])
    sol = nash_threat_solution(g, weights=(2, 1))
    d = sol.disagreement
    # weighted Nash on u0 + u1 = 10: player 0 gets its threat payoff plus 2/3 of the gains
    assert sol.payoffs[0] == d[0] + F(2, 3) * (10 - d[0] - d[1])
    assert nash_bargaining_solution(sol.problem, weights=(2, 1)).payoffs == sol.payoffs


def test_symmetric_game_gives_a_symmetric_outcome():
    chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    sol = nash_threat_solution(chicken)
    assert sol.payoffs[0] == sol.payoffs[1]


def test_constant_sum_game_agrees_on_the_value():
    """Every threat point of a constant-sum game lies on the frontier; the agreement is the value of the
    game (Nash 1953), not an error (this test expected 'nothing to bargain over' before session 4)."""
    sol = nash_threat_solution(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    assert sol.payoffs == (0, 0) and sol.disagreement == (0, 0)
    assert sol.gains == (0, 0) and sol.gain_shares == (None, None)
    assert sol.problem.bargaining_set == ((0, 0),) and any("boundary" in n for n in sol.notes)
    assert sol.to_dict()["gain_shares"] == [None, None]
    tu = NormalFormGame.from_bimatrix([[3, 1], [0, 2]], [[2, 4], [5, 3]])  # constant sum 5
    vs = solve_zero_sum(np.asarray(tu.bimatrix()[0])).value  # value of A: 3/2
    assert nash_threat_solution(tu).payoffs == (vs, 5 - vs)


def test_needs_a_two_player_game():
    g3 = NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(NotApplicableError):
        nash_threat_solution(g3)
    with pytest.raises(TypeError):
        nash_threat_solution([[1, 2], [3, 4]])  # type: ignore[arg-type]


def test_from_game_with_nash_threat_disagreement():
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]])
    p = BargainingProblem.from_game(g, "nash_threat")
    assert p.disagreement == (F(-2), F(1))


def _nash0(points, d, weights=None):
    """Player 0's payoff in the Nash solution at disagreement d, extended by continuity to threat points on
    the boundary: there the agreement is the strongly Pareto-optimal point weakly above or right of d."""
    try:
        return nash_bargaining_solution(BargainingProblem.from_points(points, d), weights=weights).payoffs[0]
    except BargainingError:
        below = (min(p[0] for p in points) - 1, min(p[1] for p in points) - 1)
        V = BargainingProblem.from_points(points, below).frontier
        if d[1] >= V[0][1]:
            return V[0][0]  # on the flat top (or at its end)
        if d[0] >= V[-1][0]:
            return V[-1][0]  # on the vertical part below the right end
        return d[0]  # on the strong frontier


def _check_optimal_threats(g, sol, weights=None):
    """The definition (Nash 1953): the agreement is N(d(x, y)), and no pure threat deviation moves it in the
    deviator's favour. Pure deviations suffice because the outcome depends on d through a half-plane test
    (module docstring)."""
    A, B = (np.asarray(m) for m in g.bimatrix())
    pts = [(A[i, j], B[i, j]) for i in range(A.shape[0]) for j in range(A.shape[1])]
    x = np.array(list(sol.threat_strategies[0].values()), dtype=object)
    y = np.array(list(sol.threat_strategies[1].values()), dtype=object)
    assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
    assert (x @ A @ y, x @ B @ y) == sol.disagreement
    v = sol.payoffs[0]
    assert _nash0(pts, sol.disagreement, weights) == v
    for i in range(A.shape[0]):
        assert _nash0(pts, (A[i] @ y, B[i] @ y), weights) <= v, ("row deviation", i)
    for j in range(A.shape[1]):
        assert _nash0(pts, (x @ A[:, j], x @ B[:, j]), weights) >= v, ("column deviation", j)


def test_polygon_frontier_segment_example_by_hand():
    """Frontier (0,10)-(6,8)-(9,3)-(10,0). On the segment (6,8)-(9,3) (5*u0 + 3*u1 = 54) the threat game
    is 5A - 3B, with the saddle (a1, a2) of value 13: d = (2, -1), gains 54 - 10 + 3 = 47 split as
    47/10 and 47/6, i.e. (67/10, 41/6), which lies on that segment."""
    A = [[0, 6, -1], [9, 10, 2], [1, -2, 0]]
    B = [[10, 8, 1], [3, 0, -1], [-3, 2, 0]]
    g = NormalFormGame.from_bimatrix(A, B)
    sol = nash_threat_solution(g)
    assert len(sol.problem.frontier) == 4
    assert sol.payoffs == (F(67, 10), F(41, 6)) and sol.disagreement == (F(2), F(-1))
    assert sol.options["frontier_piece"] == "segment 2" and sol.options["threat_game_value"] == F(13, 5)
    _check_optimal_threats(g, sol)


def test_polygon_frontier_vertex_example():
    A = [[7, -2, -1], [0, -1, 7], [8, 4, -3]]
    B = [[-2, 1, 2], [5, 3, 0], [-1, 5, 6]]
    g = NormalFormGame.from_bimatrix(A, B)
    sol = nash_threat_solution(g)
    assert sol.payoffs == (F(4), F(5)) and sol.options["frontier_piece"] == "vertex 1"
    assert nash_bargaining_solution(sol.problem).payoffs == sol.payoffs
    _check_optimal_threats(g, sol)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 3).flatmap(
        lambda m: st.integers(2, 3).flatmap(
            lambda n: st.tuples(
                st.lists(st.lists(st.integers(-5, 9), min_size=n, max_size=n), min_size=m, max_size=m),
                st.lists(st.lists(st.integers(-5, 9), min_size=n, max_size=n), min_size=m, max_size=m),
            )
        )
    )
)
def test_random_games_threats_satisfy_the_definition(AB):
    g = NormalFormGame.from_bimatrix(*AB)
    sol = nash_threat_solution(g)  # always a solution, also when the threat point is on the frontier
    assert sol.arithmetic == "exact" and all(type(v) is F for v in (*sol.payoffs, *sol.disagreement))
    _check_optimal_threats(g, sol)
    # the float game agrees
    fsol = nash_threat_solution(g.to_float())
    assert fsol.payoffs[0] == pytest.approx(float(sol.payoffs[0]), abs=1e-7)


# ---------------------------------------------------------------------- review 4 (session 4) regressions
def test_agreement_does_not_depend_on_the_row_order():
    """Rows 1 and 2 (and any mix) are optimal threats in A - B; the first gives d = (2, 2) on the frontier,
    the second d = (1, 1). Before the fix one order raised 'nothing to bargain over', the other gave (2, 2)."""
    A, B = [[2, 2], [1, 1], [4, 0]], [[2, 2], [1, 1], [0, 4]]
    for order in ([0, 1, 2], [1, 0, 2], [2, 1, 0]):
        g = NormalFormGame.from_bimatrix([A[i] for i in order], [B[i] for i in order])
        sol = nash_threat_solution(g)
        assert sol.payoffs == (F(2), F(2)), order
        _check_optimal_threats(g, sol)
        assert BargainingProblem.from_game(g, "nash_threat").disagreement == sol.disagreement  # inside the set


@pytest.mark.parametrize("unit", [1.0, 1e-3, 1e-6, 1e6])
def test_agreement_does_not_depend_on_the_payoff_unit(unit):
    """Rows 1 and 2 are both optimal threats; one LP answer is d = (2, 5) on the flat top of the frontier
    (this raised at unit 1e-6 before the fix)."""
    A, B = [[0, 0], [1, 6], [2, 7]], [[4, 2], [3, 5], [5, 3]]
    exact = nash_threat_solution(NormalFormGame.from_bimatrix(A, B))
    assert exact.payoffs == (F(6), F(5))
    g = NormalFormGame.from_bimatrix([[v * unit for v in r] for r in A], [[v * unit for v in r] for r in B])
    sol = nash_threat_solution(g)
    assert sol.arithmetic == "float"
    assert sol.payoffs == pytest.approx((6 * unit, 5 * unit), rel=1e-9)


def test_single_point_frontier_stays_exact():
    """Before the fix the uniform threats were int/int -> float: arithmetic 'float', d = (7.0, 6.5)."""
    sol = nash_threat_solution(NormalFormGame.from_bimatrix([[5, 9]], [[6, 7]]))
    assert sol.arithmetic == "exact" and sol.payoffs == (F(9), F(7))
    assert sol.disagreement == (F(7), F(13, 2)) and all(type(v) is F for v in sol.disagreement)
    assert dict(sol.threat_strategies[1]) == {"a0": F(1, 2), "a1": F(1, 2)}
    assert all(type(p) is F for s in sol.threat_strategies for p in s.values())
    fsol = nash_threat_solution(NormalFormGame.from_bimatrix([[5.0, 9.0]], [[6.0, 7.0]]))
    assert fsol.arithmetic == "float" and fsol.payoffs == (9.0, 7.0)


def test_threat_point_on_the_flat_top_gives_the_end_of_the_frontier():
    """Player 1 has one payoff, 0; the frontier is the single point (4, 0) and every threat point lies on
    its flat top: the agreement is (4, 0), the gains (2, 0)."""
    sol = nash_threat_solution(NormalFormGame.from_bimatrix([[0], [4], [2]], [[0], [0], [0]]))
    assert sol.payoffs == (F(4), F(0)) and sol.disagreement == (F(2), F(0))
    assert sol.gains == (F(2), F(0)) and sol.gain_shares == (F(1), F(0))
    assert any("boundary" in n for n in sol.notes)


def test_threat_that_takes_everything():
    """Player 1 has a single action; player 0's threat (row 2) already gives it the frontier point (2, 0)."""
    g = NormalFormGame.from_bimatrix([[0], [2]], [[1], [0]])
    sol = nash_threat_solution(g)
    assert sol.payoffs == sol.disagreement == (F(2), F(0)) and sol.options["frontier_piece"] == "vertex 1"
    _check_optimal_threats(g, sol)


_games = st.integers(1, 3).flatmap(
    lambda m: st.integers(1, 3).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-4, 6), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-4, 6), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
).filter(lambda AB: len(AB[0]) * len(AB[0][0]) > 1)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    _games,
    st.randoms(use_true_random=False),
    st.tuples(st.fractions(F(1, 5), 7), st.fractions(F(1, 5), 7)),
    st.tuples(st.integers(-10, 10), st.integers(-10, 10)),
    st.sampled_from([None, (1, 2), (3, 1)]),
)
def test_threat_solution_invariant_under_permutations_and_affine_maps(AB, rnd, scale, shift, weights):
    """Nash (1953): the agreement does not depend on the order of actions and moves with positive affine
    maps of each player's payoffs (whatever optimal threats the solver returns)."""
    A, B = (np.array(M, dtype=object) for M in AB)
    g = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    sol = nash_threat_solution(g, weights=weights)
    _check_optimal_threats(g, sol, weights)
    rows, cols = list(range(A.shape[0])), list(range(A.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    A2 = (A[np.ix_(rows, cols)] * scale[0] + shift[0]).tolist()
    B2 = (B[np.ix_(rows, cols)] * scale[1] + shift[1]).tolist()
    sol2 = nash_threat_solution(NormalFormGame.from_bimatrix(A2, B2), weights=weights)
    assert sol2.payoffs == (sol.payoffs[0] * scale[0] + shift[0], sol.payoffs[1] * scale[1] + shift[1])


def test_float_games_follow_positive_affine_maps_of_each_player():
    """Float twins of exact games under per-player maps a_i*u + b_i (units 1e-6..1e9, offsets up to 1e9):
    the agreement moves with the map, to the accuracy float64 keeps of each player's payoffs (their
    magnitude-to-range ratio; 1e8 + 1e-6*k keeps ~3 digits)."""
    rng = random.Random(7)
    eps = float(np.finfo(float).eps)
    for _ in range(60):
        m, n = rng.randint(1, 3), rng.randint(2, 3)
        A = [[rng.randint(-5, 9) for _ in range(n)] for _ in range(m)]
        B = [[rng.randint(-5, 9) for _ in range(n)] for _ in range(m)]
        w = rng.choice([None, (1, 2)])
        exact = nash_threat_solution(NormalFormGame.from_bimatrix(A, B), weights=w)
        maps = [(10.0 ** rng.randint(-6, 9), rng.choice([0.0, 1e3, -1e6]) * 10.0 ** rng.randint(-3, 3)) for _ in "01"]
        Af = np.array([[maps[0][0] * v + maps[0][1] for v in r] for r in A])
        Bf = np.array([[maps[1][0] * v + maps[1][1] for v in r] for r in B])
        sol = nash_threat_solution(NormalFormGame.from_bimatrix(Af.tolist(), Bf.tolist()), weights=w)
        spreads = [max(np.ptp(M), maps[i][0]) for i, M in enumerate((Af, Bf))]
        rel = 1e-7 + 64 * eps * sum(abs(M).max() / s for M, s in zip((Af, Bf), spreads, strict=True))
        for i in (0, 1):
            expected = maps[i][0] * float(exact.payoffs[i]) + maps[i][1]
            assert abs(sol.payoffs[i] - expected) <= rel * spreads[i], (A, B, w, maps, i)


def test_float_rounding_beyond_the_checks_falls_back_to_the_exact_binary_values():
    """Player 0's payoffs 1e-6*k - 1e8 keep about 3 digits of their spread; with weights (1, 1) the float
    computation misses its own consistency check, so the game of the floats' exact values is solved.
    (Weights (1, 1): since float frontiers decide turns by distance (review 4b 6) the weights (1, 2) pass
    the check and agree with the binary values to the last bit.)"""
    A = [[4, 3, -2, -3], [8, 7, -4, 5]]
    B = [[3, -4, 3, 8], [-1, 6, 7, 7]]
    g = NormalFormGame.from_bimatrix([[1e-6 * v - 1e8 for v in r] for r in A], [[0.01 * v + 1 for v in r] for r in B])
    sol = nash_threat_solution(g, weights=(1, 1))
    assert sol.arithmetic == "float" and any("binary values" in n for n in sol.notes)
    binary = nash_threat_solution(g.to_exact(), weights=(1, 1))
    assert sol.payoffs == (float(binary.payoffs[0]), float(binary.payoffs[1]))


# ---- review 4b finding 3: the degenerate problem at a boundary threat point is usable
@pytest.mark.parametrize(
    "A, B, agreement, d",
    [
        ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], (0, 0), (0, 0)),  # matching pennies: d is the agreement
        ([[4, 4]], [[1, 0]], (4, 1), (4, F(1, 2))),  # d on a flat part below the agreement
    ],
)
def test_degenerate_threat_problem_every_concept_gives_the_agreement(A, B, agreement, d):
    from negotiation.bargaining import (
        egalitarian_solution,
        kalai_smorodinsky_solution,
        nash_bargaining_solution,
        utilitarian_solution,
    )

    s = nash_threat_solution(NormalFormGame.from_bimatrix(A, B))
    assert s.problem.degenerate
    assert tuple(s.disagreement) == d and tuple(s.payoffs) == agreement
    for f in (nash_bargaining_solution, kalai_smorodinsky_solution, egalitarian_solution, utilitarian_solution):
        sol = f(s.problem)
        assert tuple(sol.payoffs) == agreement, f.__name__
        assert any("degenerate" in n for n in sol.notes)
        total = sum(a - b for a, b in zip(agreement, d, strict=True))
        if total == 0:
            assert sol.gain_shares == (None, None)
        else:
            assert sum(sol.gain_shares) == 1
        sol.to_dict()
    with pytest.raises(BargainingError, match="degenerate"):
        power_report(s.problem)
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from negotiation.plotting.bargaining import plot_bargaining

    plot_bargaining(s.problem)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_float_weights_make_the_threat_solution_float():
    """Review 4b finding 8: weights=0.3 on an exact game used 0.3's binary value and stayed exact."""
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]])
    s = nash_threat_solution(g, weights=0.3)
    exact = nash_threat_solution(g, weights="3/10")
    assert s.arithmetic == "float" and exact.arithmetic == "exact"
    assert exact.payoffs == (F(13, 10), F(87, 10))
    assert s.payoffs == pytest.approx((1.3, 8.7), rel=1e-12)
    with pytest.raises(BargainingError, match="strictly between 0 and 1"):
        nash_threat_solution(g, weights=1.5)
    k = 10**160
    huge = NormalFormGame.from_bimatrix([[2 * k, 0], [0, k]], [[k, 0], [0, 2 * k]])
    with pytest.raises(BargainingError, match="give exact weights"):
        nash_threat_solution(huge, weights=0.3)


# ---- review 4b finding 5: optimal threats in the relative interior, not only pure ones


def _frontier(pts):
    """Vertices (left to right) of the strong Pareto frontier of the convex hull of ``pts``, exact."""
    pareto = sorted({p for p in pts if not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in pts)})
    chain = []
    for p in pareto:  # u0 increasing, u1 decreasing: keep the upper concave chain
        while len(chain) >= 2:
            (ax, ay), (bx, by) = chain[-2], chain[-1]
            if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) >= 0:  # b is not strictly above a-p
                chain.pop()
            else:
                break
        chain.append(p)
    return chain


def _has_gain(pts, d):
    """Some convex combination of two payoff pairs gives both players strictly more than ``d``."""
    for p in pts:
        for q in pts:
            lo, hi = F(0), F(1)  # lam in (lo, hi) with lam*p + (1-lam)*q > d
            ok = True
            for i in (0, 1):
                slope, rest = p[i] - q[i], q[i] - d[i]  # lam*slope + rest > 0
                if slope > 0:
                    lo = max(lo, -rest / slope)
                elif slope < 0:
                    hi = min(hi, -rest / slope)
                elif rest <= 0:
                    ok = False
            if ok and (lo < hi or (lo == hi and all(lo * p[i] + (1 - lo) * q[i] > d[i] for i in (0, 1)))):
                return True
    return False


def _solve(rows, rhs):
    """Unique solution of a square rational system, or None (Gauss-Jordan in Fractions)."""
    n = len(rows)
    T = [list(r) + [b] for r, b in zip(rows, rhs, strict=True)]
    for c in range(n):
        piv = next((r for r in range(c, n) if T[r][c] != 0), None)
        if piv is None:
            return None
        T[c], T[piv] = T[piv], T[c]
        for r in range(n):
            if r != c and T[r][c] != 0:
                f = T[r][c] / T[c][c]
                T[r] = [a - f * b for a, b in zip(T[r], T[c], strict=True)]
    return [T[r][n] / T[r][r] for r in range(n)]


def _vertices(G):
    """Vertices of ``{x >= 0, sum x = 1, x^T G >= 0}`` by enumerating tight sets (exact)."""
    from itertools import combinations

    n, c = len(G), len(G[0])
    cons = [[F(int(i == k)) for i in range(n)] for k in range(n)] + [[G[i][j] for i in range(n)] for j in range(c)]
    out = set()
    for tight in combinations(cons, n - 1):
        x = _solve(list(tight) + [[F(1)] * n], [F(0)] * (n - 1) + [F(1)])
        feasible = x is not None and all(v >= 0 for v in x)
        if feasible and all(sum(x[i] * G[i][j] for i in range(n)) >= 0 for j in range(c)):
            out.add(tuple(x))
    return sorted(out)


def _optimal_threat_sets(A, B, p):
    """Matrices ``G`` (row form) of both players' optimal-threat polytopes at the agreement ``p``.

    With equal weights, on a frontier segment with normal ``(a, b)`` the Nash solution moves along
    ``h(d) = a d0 - b d1`` (Nash 1953); player 0's threat ``x`` is optimal when ``h(d(x, j)) >= h(p)``
    against every column ``j`` (for the segment left of ``p`` when ``p`` is a vertex), player 1's
    ``y`` when ``h(d(i, y)) <= h(p)`` against every row (the segment right of ``p``). ``None``: all.
    """
    pts = [(F(A[i][j]), F(B[i][j])) for i in range(len(A)) for j in range(len(A[0]))]
    V = _frontier(pts)
    left = right = None
    for P, Q in zip(V, V[1:], strict=False):
        cross = (Q[0] - P[0]) * (p[1] - P[1]) - (Q[1] - P[1]) * (p[0] - P[0])
        if cross == 0 and P[0] <= p[0] <= Q[0]:
            if p != P:
                left = (P, Q)
            if p != Q:
                right = (P, Q)
    assert p in V or (left is not None and left == right), (p, V)

    def h(seg, d):
        (P, Q) = seg
        return (P[1] - Q[1]) * d[0] - (Q[0] - P[0]) * d[1]

    m, n = len(A), len(A[0])
    Gx = None if left is None else [[h(left, (A[i][j], B[i][j])) - h(left, p) for j in range(n)] for i in range(m)]
    Gy = None if right is None else [[h(right, p) - h(right, (A[i][j], B[i][j])) for i in range(m)] for j in range(n)]
    return pts, Gx, Gy


def _centroid(G, size):
    if G is None:
        return [F(1, size)] * size
    vs = _vertices(G)
    assert vs, "the optimal-threat set is empty"
    return [sum(v[k] for v in vs) / len(vs) for k in range(size)]


def test_mixed_optimal_threats_move_the_threat_point_inside():
    """Review 4b finding 5: widening by pure optimal threats left d = (4, 1) on the boundary, but
    x = (2/3, 1/3), y = (0, 1) are optimal and give d = (11/3, 5/3) inside; the agreement is (4, 2)."""
    A, B = [[4, 4], [4, 3]], [[1, 1], [2, 3]]
    sol = nash_threat_solution(NormalFormGame.from_bimatrix(A, B))
    assert sol.payoffs == (F(4), F(2))
    assert _has_gain([(F(4), F(1)), (F(4), F(2)), (F(3), F(3))], sol.disagreement)
    assert not any("boundary" in n for n in sol.notes) and any("relative interior" in n for n in sol.notes)
    assert nash_bargaining_solution(sol.problem).payoffs == sol.payoffs
    _, Gx, Gy = _optimal_threat_sets(A, B, sol.payoffs)
    x, y = (list(s.values()) for s in sol.threat_strategies)
    assert all(sum(x[i] * Gx[i][j] for i in range(2)) >= 0 for j in range(2))  # still optimal, exactly
    assert Gy is None or all(sum(y[j] * Gy[j][i] for j in range(2)) >= 0 for i in range(2))
    fsol = nash_threat_solution(NormalFormGame.from_bimatrix(np.array(A, float), np.array(B, float)))
    assert fsol.payoffs == pytest.approx((4.0, 2.0)) and not any("boundary" in n for n in fsol.notes)
    k = 10**160  # exact payoffs whose threat games overflow float64: the LPs see them scaled exactly
    scaled = [[[k * v for v in r] for r in M] for M in (A, B)]
    big = nash_threat_solution(NormalFormGame.from_bimatrix(*scaled))
    assert big.payoffs == (4 * k, 2 * k) and big.disagreement == (k * sol.disagreement[0], k * sol.disagreement[1])


def test_boundary_threat_point_only_when_every_optimal_pair_is_on_the_boundary():
    """Seeded random 2-3 x 2-3 games with payoffs 0..4: the oracle enumerates the vertices of both
    optimal-threat polytopes exactly; their centroids form a relative-interior pair, which (d is
    bilinear) gives an interior threat point exactly when some optimal pair does. The float copies of
    the games agree on the agreement and on whether the threat point is on the boundary."""
    rng = np.random.default_rng(20261127)
    boundary = inside_after_mixing = 0
    for _ in range(150):
        m, n = rng.integers(2, 4, size=2)
        A = rng.integers(0, 5, size=(m, n)).tolist()
        B = rng.integers(0, 5, size=(m, n)).tolist()
        sol = nash_threat_solution(NormalFormGame.from_bimatrix(A, B))
        pts, Gx, Gy = _optimal_threat_sets(A, B, sol.payoffs)
        x, y = (list(s.values()) for s in sol.threat_strategies)
        assert all(type(v) is F for v in x + y)
        # the reported threats are optimal, exactly
        assert Gx is None or all(sum(x[i] * Gx[i][j] for i in range(m)) >= 0 for j in range(n))
        assert Gy is None or all(sum(y[j] * Gy[j][i] for j in range(n)) >= 0 for i in range(m))
        xc, yc = _centroid(Gx, m), _centroid(Gy, n)
        dc = tuple(sum(xc[i] * M[i][j] * yc[j] for i in range(m) for j in range(n)) for M in (A, B))
        reported_boundary = any("boundary" in note for note in sol.notes)
        fsol = nash_threat_solution(NormalFormGame.from_bimatrix(np.array(A, float), np.array(B, float)))
        assert fsol.payoffs == pytest.approx(tuple(map(float, sol.payoffs)), abs=1e-9)
        assert any("boundary" in note for note in fsol.notes) == reported_boundary, (A, B, fsol.notes)
        assert reported_boundary == (not _has_gain(pts, dc)), (A, B, sol.notes)
        assert reported_boundary == (not _has_gain(pts, sol.disagreement)), (A, B)
        if reported_boundary:
            boundary += 1
            assert any(note.startswith("every pair of optimal threats") for note in sol.notes), (A, B)
        else:
            assert nash_bargaining_solution(sol.problem).payoffs == sol.payoffs  # the agreement is unchanged
            inside_after_mixing += any("relative interior" in note for note in sol.notes)
    assert boundary >= 5 and inside_after_mixing >= 5, (boundary, inside_after_mixing)

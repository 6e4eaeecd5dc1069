"""Security levels and Nash's (1953) variable-threat solution."""

from __future__ import annotations

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


def test_constant_sum_game_leaves_nothing_to_bargain():
    with pytest.raises(BargainingError, match="nothing to bargain"):
        nash_threat_solution(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))


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


def _nash0(points, d):
    """Player 0's payoff in the Nash solution at disagreement d (None when nothing to bargain)."""
    try:
        return nash_bargaining_solution(BargainingProblem.from_points(points, d)).payoffs[0]
    except BargainingError:
        return None


def _check_optimal_threats(g, sol):
    """The definition (Nash 1953): no pure threat deviation moves the outcome in the deviator's favour.
    Pure deviations suffice because the outcome depends on d through a half-plane test (module docstring)."""
    A, B = (np.asarray(m) for m in g.bimatrix())
    pts = [(A[i, j], B[i, j]) for i in range(A.shape[0]) for j in range(A.shape[1])]
    x = np.array(list(sol.threat_strategies[0].values()), dtype=object)
    y = np.array(list(sol.threat_strategies[1].values()), dtype=object)
    v = sol.payoffs[0]
    for i in range(A.shape[0]):
        n0 = _nash0(pts, (A[i] @ y, B[i] @ y))
        assert n0 is None or n0 <= v, ("row deviation", i)
    for j in range(A.shape[1]):
        n0 = _nash0(pts, (x @ A[:, j], x @ B[:, j]))
        assert n0 is None or n0 >= v, ("column deviation", j)


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
    try:
        sol = nash_threat_solution(g)
    except BargainingError:
        return  # the optimal threats already sit on the frontier (nothing to bargain over)
    _check_optimal_threats(g, sol)
    # the float game agrees
    fsol = nash_threat_solution(g.to_float())
    assert fsol.payoffs[0] == pytest.approx(float(sol.payoffs[0]), abs=1e-7)

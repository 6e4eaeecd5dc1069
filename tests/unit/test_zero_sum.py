"""Zero-sum games by linear programming: known values, the minimax definition as oracle, nashpy."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.errors import InvalidGameError, NotApplicableError
from negotiation.solvers import zero_sum as zs_module
from negotiation.solvers.result import Status
from negotiation.solvers.zero_sum import ZeroSumSolution, solve_zero_sum, zero_sum_lp


def assert_optimal_exact(A, sol: ZeroSumSolution) -> None:
    """The definition: x secures the value, y concedes no more than the value (exactly)."""
    A = np.array([[F(v) for v in row] for row in A], dtype=object)
    x, y = sol.row_strategy, sol.column_strategy
    assert all(p >= 0 for p in x) and sum(x) == 1
    assert all(q >= 0 for q in y) and sum(y) == 1
    assert min(x.dot(A)) == sol.value
    assert max(A.dot(y)) == sol.value


def assert_optimal_float(A, sol: ZeroSumSolution, tol: float = 1e-9) -> None:
    A = np.asarray(A, dtype=float)
    scale = max(float(A.max() - A.min()), 1.0)
    x, y = np.asarray(sol.row_strategy, float), np.asarray(sol.column_strategy, float)
    assert np.all(x >= 0) and abs(x.sum() - 1) < 1e-12
    assert np.all(y >= 0) and abs(y.sum() - 1) < 1e-12
    assert (x @ A).min() >= sol.value - tol * scale
    assert (A @ y).max() <= sol.value + tol * scale


KNOWN = [
    ("matching pennies", [[1, -1], [-1, 1]], F(0), [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]),
    (
        "rock-paper-scissors",
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        F(0),
        [F(1, 3)] * 3,
        [F(1, 3)] * 3,
    ),
    # by hand: 2p - (1 - p) = -p + (1 - p) gives p = 2/5, value 1/5; the game is symmetric in x, y
    ("2x2 value 1/5", [[2, -1], [-1, 1]], F(1, 5), [F(2, 5), F(3, 5)], [F(2, 5), F(3, 5)]),
    # saddle point: row 1 dominates row 0, then column 1 is the column player's best reply
    ("saddle point", [[3, 1], [4, 2]], F(2), [F(0), F(1)], [F(0), F(1)]),
    # by hand: x = (p, 1 - p) secures min(1 - p, p, 2 + p), best at p = 1/2; column 2 is never used
    ("2x3", [[0, 1, 3], [1, 0, 2]], F(1, 2), [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2), F(0)]),
    ("1x1", [[7]], F(7), [F(1)], [F(1)]),
]


@pytest.mark.parametrize("name, A, value, x, y", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_values_exact(name, A, value, x, y):
    sol = solve_zero_sum(A)
    assert sol.arithmetic == "exact"
    assert sol.value == value
    assert list(sol.row_strategy) == x
    assert list(sol.column_strategy) == y
    assert sol.gap == 0
    assert_optimal_exact(A, sol)


@pytest.mark.parametrize("name, A, value, x, y", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_values_float(name, A, value, x, y):
    sol = solve_zero_sum(np.asarray(A, dtype=float))
    assert sol.arithmetic == "float"
    assert abs(sol.value - float(value)) < 1e-12
    assert_optimal_float(A, sol, tol=1e-12)


def test_accepts_zero_sum_game_and_rejects_others():
    g = NormalFormGame.zero_sum([[2, -1], [-1, 1]])
    assert solve_zero_sum(g).value == F(1, 5)
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    with pytest.raises(NotApplicableError, match="zero-sum"):
        solve_zero_sum(bos)
    with pytest.raises(NotApplicableError, match="zero-sum"):
        zero_sum_lp(bos)
    three = NormalFormGame.from_array(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotApplicableError, match="two-player"):
        zero_sum_lp(three)


@pytest.mark.parametrize("bad", [[1, 2, 3], [[1.0, float("nan")]], [[1, 2], [3]], [[]]])
def test_bad_matrix(bad):
    with pytest.raises(InvalidGameError):
        solve_zero_sum(bad)


def test_bad_arithmetic():
    with pytest.raises(ValueError, match="arithmetic"):
        solve_zero_sum([[1]], arithmetic="symbolic")


def test_solution_is_frozen():
    sol = solve_zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(AttributeError):
        sol.value = 3  # type: ignore[misc]
    with pytest.raises(ValueError):
        sol.row_strategy[0] = 0


def test_exact_from_float_input():
    sol = solve_zero_sum([[0.5, -0.25], [-0.25, 0.25]], arithmetic="exact")
    assert sol.arithmetic == "exact"
    assert sol.value == F(1, 20)  # a quarter of the 1/5 game
    assert_optimal_exact([[F(1, 2), F(-1, 4)], [F(-1, 4), F(1, 4)]], sol)


def test_zero_sum_lp_result():
    rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    res = zero_sum_lp(rps)
    assert res.status is Status.PARTIAL
    assert res.arithmetic == "exact" and res.method == "zero_sum_lp"
    assert len(res) == 1 and res[0].regret == 0
    assert rps.is_equilibrium(res[0].strategies)
    assert any("product" in n for n in res.notes)
    assert any("value" in n for n in res.notes)
    res_f = zero_sum_lp(rps, arithmetic="float")
    assert res_f.arithmetic == "float"
    assert rps.to_float().is_equilibrium(res_f[0].strategies, rtol=1e-12)


def test_zero_sum_lp_exact_on_float_game():
    g = NormalFormGame.zero_sum([[2.0, -1.0], [-1.0, 1.0]])
    res = zero_sum_lp(g, arithmetic="exact")
    assert res.arithmetic == "exact"
    assert res[0]["Row"] == {"a0": F(2, 5), "a1": F(3, 5)}


@pytest.mark.parametrize("n", [3, 10, 40, 120])
def test_random_float_games_match_nashpy(rng, n):
    nashpy = pytest.importorskip("nashpy")
    for _ in range(3):
        A = rng.standard_normal((n, n + 2))
        sol = solve_zero_sum(A)
        assert_optimal_float(A, sol)
        x, y = nashpy.Game(A).linear_program()
        assert abs(float(x @ A @ y) - sol.value) < 1e-6


@pytest.mark.parametrize("shape", [(4, 4), (6, 3), (3, 9), (12, 12)])
def test_random_integer_games_exact(rng, shape):
    for _ in range(5):
        A = rng.integers(-3, 4, size=shape).tolist()  # small range: many ties, degenerate games
        sol = solve_zero_sum(A)
        assert sol.arithmetic == "exact"
        assert_optimal_exact(A, sol)
        sol_f = solve_zero_sum(np.asarray(A, dtype=float))
        assert abs(sol_f.value - float(sol.value)) < 1e-9


def test_interior_point_path(rng, monkeypatch):
    """Large games go to HiGHS's interior point method (with crossover); same answers."""
    from negotiation.solvers import zero_sum

    A = rng.uniform(-1, 1, size=(60, 50))
    simplex = solve_zero_sum(A)
    monkeypatch.setattr(zero_sum, "IPM_THRESHOLD", 0)
    ipm = solve_zero_sum(A)
    assert_optimal_float(A, ipm)
    assert abs(ipm.value - simplex.value) < 1e-12
    exact = solve_zero_sum(np.round(A * 10).astype(int).tolist())
    assert exact.arithmetic == "exact"


def test_polish_skipped_when_gap_negligible_and_used_otherwise(rng):
    A = rng.standard_normal((12, 9))
    x, y, _ = zs_module._lp(A)
    s = float(A.max() - A.min())
    assert zs_module._gap(A, x, y) <= 1e-12 * s  # HiGHS's vertex is already optimal to rounding
    xp, yp = zs_module._polish(A, x, y)
    assert xp is x and yp is y  # nothing to do
    # a visibly suboptimal pair on the right supports is re-solved to a smaller gap
    noisy_x = x + 1e-6 * (x > 0)
    noisy_x /= noisy_x.sum()
    xp, yp = zs_module._polish(A, noisy_x, y)
    assert zs_module._gap(A, xp, yp) < zs_module._gap(A, noisy_x, y)


@pytest.mark.parametrize("A", [np.zeros((3, 4)), np.ones((5, 5)), np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 3.0]])])
def test_degenerate_lps_without_presolve(A):
    """Constant and duplicated rows: the LP (run without HiGHS's presolve) still gives optimal strategies."""
    sol = solve_zero_sum(A, arithmetic="float")
    assert (A @ sol.column_strategy).max() - (sol.row_strategy @ A).min() <= 1e-12
    exact = solve_zero_sum(A.tolist(), arithmetic="exact")
    assert exact.gap == 0

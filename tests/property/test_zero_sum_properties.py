"""Property tests of the zero-sum LP: the minimax definition and the value's invariances."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers.zero_sum import solve_zero_sum


@st.composite
def integer_matrices(draw, max_dim=6, lo=-5, hi=5):
    m = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_dim))
    return draw(st.lists(st.lists(st.integers(lo, hi), min_size=n, max_size=n), min_size=m, max_size=m))


def _exact(A):
    return np.array([[F(v) for v in row] for row in A], dtype=object)


@settings(max_examples=60, deadline=None)
@given(integer_matrices())
def test_exact_solution_satisfies_minimax(A):
    sol = solve_zero_sum(A)
    assert sol.arithmetic == "exact"
    E = _exact(A)
    x, y = sol.row_strategy, sol.column_strategy
    assert all(p >= 0 for p in x) and sum(x) == 1
    assert all(q >= 0 for q in y) and sum(y) == 1
    assert min(x.dot(E)) == sol.value == max(E.dot(y))


@settings(max_examples=40, deadline=None)
@given(integer_matrices(), st.fractions(min_value=F(1, 7), max_value=F(9, 2)), st.integers(-4, 4))
def test_value_is_affine_equivariant_and_antisymmetric(A, a, b):
    v = solve_zero_sum(A).value
    transformed = [[a * F(val) + b for val in row] for row in A]
    assert solve_zero_sum(transformed).value == a * v + b
    minus_transpose = (-np.array(A, dtype=np.int64).T).tolist()
    assert solve_zero_sum(minus_transpose).value == -v


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 25), st.integers(1, 25), st.integers(0, 2**32 - 1))
def test_float_solution_is_optimal_to_tolerance(m, n, seed):
    A = np.random.default_rng(seed).standard_normal((m, n)) * 10.0 ** np.random.default_rng(seed).integers(-3, 4)
    sol = solve_zero_sum(A)
    scale = float(A.max() - A.min()) or 1.0
    x, y = sol.row_strategy, sol.column_strategy
    assert (x @ A).min() >= sol.value - 1e-9 * scale
    assert (A @ y).max() <= sol.value + 1e-9 * scale


# ------------------------------------------------------------------ payoffs spanning 12 orders of magnitude


def wide_matrix(seed: int, m: int, n: int) -> np.ndarray:
    """Entries normal * 10**uniform(-6, 6): the review's distribution (126 of 750 such games failed before)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, n)) * 10.0 ** rng.uniform(-6, 6, size=(m, n))


def value_2xn(A) -> F:
    """Exact value of a 2 x n game by the definition: max over p of min_j, at p in {0, 1} or a crossing."""
    a = [[F(v) for v in row] for row in A]
    n = len(a[0])
    ps = {F(0), F(1)}
    for j in range(n):
        for k in range(j + 1, n):
            slope = (a[0][j] - a[1][j]) - (a[0][k] - a[1][k])
            if slope != 0 and 0 <= (a[1][k] - a[1][j]) / slope <= 1:
                ps.add((a[1][k] - a[1][j]) / slope)
    return max(min(p * a[0][j] + (1 - p) * a[1][j] for j in range(n)) for p in ps)


def certified_bounds(A, sol) -> tuple[F, F]:
    """``(min_j (x^T A)_j, max_i (A y)_i)`` evaluated exactly on the float strategies (renormalized):
    by the minimax theorem the value lies between them."""
    E = _exact(A)
    x = np.array([F(float(p)) for p in sol.row_strategy], dtype=object)
    y = np.array([F(float(q)) for q in sol.column_strategy], dtype=object)
    x, y = x / sum(x), y / sum(y)
    return min(x.dot(E)), max(E.dot(y))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10), st.integers(0, 2**32 - 1), st.sampled_from([1e-9, 1e-12]))
def test_wide_2xn_value_matches_exact_oracle(n, seed, rtol):
    A = wide_matrix(seed, 2, n)
    tol = max(rtol, 1e-12) * (float(A.max() - A.min()) or 1.0)
    sol = solve_zero_sum(A, rtol=rtol)
    exact = value_2xn(A)
    assert sol.gap <= tol
    assert abs(F(sol.value) - exact) <= F(tol)
    guaranteed, conceded = certified_bounds(A, sol)
    assert guaranteed >= F(sol.value) - F(tol)  # the row strategy guarantees the value
    assert conceded <= F(sol.value) + F(tol)  # the column strategy concedes no more


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_wide_small_games_certify_and_match_exact_arithmetic(m, n, seed):
    """Both float strategies certify exactly (so the value is within the tolerance of the true one), and the
    float value agrees with the exact solution of the floats' binary values."""
    A = wide_matrix(seed, m, n)
    tol = 1e-9 * (float(A.max() - A.min()) or 1.0)
    sol = solve_zero_sum(A)
    guaranteed, conceded = certified_bounds(A, sol)
    assert guaranteed >= F(sol.value) - F(tol)
    assert conceded <= F(sol.value) + F(tol)
    exact = solve_zero_sum(A, arithmetic="exact")
    assert exact.arithmetic == "exact"
    assert min(exact.row_strategy.dot(_exact(A))) == exact.value == max(_exact(A).dot(exact.column_strategy))
    assert abs(F(sol.value) - exact.value) <= F(tol)


@settings(max_examples=12, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_wide_small_games_match_pygambit(m, n, seed):
    gbt = pytest.importorskip("pygambit")
    A = wide_matrix(seed, m, n)
    E = _exact(A)
    game = gbt.Game.from_arrays(E, -E)
    eqs = gbt.nash.enummixed_solve(game, rational=True).equilibria
    assert eqs
    x = [F(str(eqs[0][s])) for s in list(game.players)[0].strategies]
    gambit_value = min(np.array(x, dtype=object).dot(E))
    tol = 1e-9 * float(A.max() - A.min())
    assert abs(F(solve_zero_sum(A).value) - gambit_value) <= F(tol)

"""Property tests of the zero-sum LP: the minimax definition and the value's invariances."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
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

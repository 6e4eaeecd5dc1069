"""The exact linear-algebra kernel against sympy's rational matrices on random integer systems."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers._exact import rank_integer, solve_exact, solve_integer


@st.composite
def integer_matrices(draw, max_rows=6, max_cols=5):
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(1, max_cols))
    # small entries and low-rank products, so singular and rank-deficient matrices are common
    if draw(st.booleans()):
        return [[draw(st.integers(-3, 3)) for _ in range(cols)] for _ in range(rows)]
    k = draw(st.integers(1, min(rows, cols)))
    U = [[draw(st.integers(-2, 2)) for _ in range(k)] for _ in range(rows)]
    V = [[draw(st.integers(-2, 2)) for _ in range(cols)] for _ in range(k)]
    return [[sum(U[i][t] * V[t][j] for t in range(k)) for j in range(cols)] for i in range(rows)]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(integer_matrices())
def test_rank_equals_sympy(M):
    assert rank_integer(M) == sympy.Matrix(M).rank()


@settings(max_examples=150, deadline=None, derandomize=True)
@given(integer_matrices(), st.data())
def test_solve_exact_is_the_unique_rational_solution(M, data):
    rows, cols = len(M), len(M[0])
    consistent = data.draw(st.booleans())
    if consistent:  # b = M z0 for a rational z0, so the system has a solution
        z0 = [Fraction(data.draw(st.integers(-5, 5)), data.draw(st.integers(1, 4))) for _ in range(cols)]
        b = [sum((Fraction(M[i][j]) * z0[j] for j in range(cols)), Fraction(0)) for i in range(rows)]
    else:
        b = [Fraction(data.draw(st.integers(-5, 5))) for _ in range(rows)]
    scaled = [[Fraction(v, 3) for v in row] for row in M]  # rational entries
    z = solve_exact(scaled, [v / 3 for v in b])
    A = sympy.Matrix(M)
    rank, rank_aug = A.rank(), A.row_join(sympy.Matrix(b)).rank()
    if rank == cols and rank_aug == rank:  # unique solution
        assert z is not None
        assert all(sum((M[i][j] * z[j] for j in range(cols)), Fraction(0)) == b[i] for i in range(rows))
        if consistent:
            assert z == z0
    else:
        assert z is None


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(1, 5).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-4, 4), min_size=k, max_size=k), min_size=k, max_size=k),
    st.lists(st.integers(-4, 4), min_size=k, max_size=k))))
def test_solve_integer_equals_sympy(system):
    M, b = system
    out = solve_integer(M, b)
    A = sympy.Matrix(M)
    if A.det() == 0:
        assert out is None
    else:
        num, det = out
        assert [Fraction(v, det) for v in num] == [Fraction(int(v.p), int(v.q)) for v in A.LUsolve(sympy.Matrix(b))]

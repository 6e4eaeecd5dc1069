"""Exact rational linear algebra with Python integers (private kernel of the solvers).

Every routine eliminates fraction-free (integer pivoting): after pivoting on a column, every entry
of the working matrix is a minor of the input, so every division is exact and no ``Fraction`` is
built until the end (Edmonds 1967; Bareiss 1968; von Stengel 2007, section 3.5). Square systems
of the enumeration solvers are solved by Gauss-Jordan (:func:`solve_integer`); rational systems
that recover an exact point from a float one (an LP optimum, a Lemke-Howson endpoint: the float
solution says which constraints are tight) by forward elimination and back substitution
(:func:`solve_exact`), which shares its elimination with :func:`rank_integer`. Nothing here
trusts floats.

References
----------
J. Edmonds (1967), "Systems of distinct representatives and linear algebra", *Journal of Research
of the National Bureau of Standards* 71B, 241-245.
E. H. Bareiss (1968), "Sylvester's identity and multistep integer-preserving Gaussian
elimination", *Mathematics of Computation* 22(103), 565-578.
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", chapter 3 of *Algorithmic Game Theory*.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = ["solve_integer", "solve_exact", "rank_integer", "positive_integer_matrix"]


def solve_integer(M: Sequence[Sequence[int]], rhs: Sequence[int]) -> tuple[list[int], int] | None:
    """Solve the square integer system ``M z = rhs``: ``(numerators, det)`` with ``z = num / det``.

    Returns ``None`` when ``M`` is singular.

    Examples
    --------
    >>> solve_integer([[2, 1], [1, 3]], [1, 1])
    ([2, 1], 5)
    >>> solve_integer([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    k = len(M)
    T = [list(row) + [b] for row, b in zip(M, rhs, strict=True)]
    if _eliminate(T, k, jordan=True) != list(range(k)):
        return None
    return [T[i][k] for i in range(k)], (T[-1][k - 1] if k else 1)


def _eliminate(T: list[list[int]], cols: int, *, jordan: bool = False) -> list[int]:
    """Fraction-free elimination (Bareiss 1968) of the integer rows ``T`` in place, over their first
    ``cols`` columns: forward (rows below each pivot), or Gauss-Jordan with ``jordan=True`` (every
    other row; the pivots then all equal the last one, the determinant of the pivot block). A column
    with no nonzero entry left is skipped. Returns the pivot columns: pivot ``r`` sits in row ``r``,
    and the rows below the last pivot are zero on the first ``cols`` columns."""
    rows = len(T)
    det = 1
    pivots: list[int] = []
    for c in range(cols):
        r = len(pivots)
        if r == rows:
            break
        p = r
        while p < rows and T[p][c] == 0:
            p += 1
        if p == rows:
            continue
        if p != r:
            T[p], T[r] = T[r], T[p]
        row_r = T[r]
        piv = row_r[c]
        for i in range(0 if jordan else r + 1, rows):
            if i == r:
                continue
            Ti = T[i]
            a = Ti[c]
            if a == 0:
                if piv != det:
                    T[i] = [(piv * v) // det for v in Ti]
            else:
                T[i] = [(piv * v - a * w) // det for v, w in zip(Ti, row_r, strict=True)]
        det = piv
        pivots.append(c)
    return pivots


def rank_integer(M: Sequence[Sequence[int]]) -> int:
    """Rank of an integer matrix (exact).

    Examples
    --------
    >>> rank_integer([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    2
    """
    T = [list(row) for row in M]
    return len(_eliminate(T, len(T[0]) if T else 0))


def solve_exact(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """Unique solution ``z`` of ``M z = b`` over the rationals, or ``None``.

    ``M`` may have more rows than columns (an over-determined but consistent system is fine).
    Returns ``None`` when the system is inconsistent or its solution is not unique (rank of ``M``
    below the number of unknowns).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> solve_exact([[F(2), F(1)], [F(1), F(3)], [F(3), F(4)]], [F(3), F(4), F(7)])
    [Fraction(1, 1), Fraction(1, 1)]
    >>> solve_exact([[F(1), F(1)], [F(2), F(2)]], [F(1), F(2)]) is None   # not unique
    True
    """
    if not rows:
        return None
    n = len(rows[0])
    aug: list[list[int]] = []  # integer rows, scaled by the lcm of their denominators
    for given, b in zip(rows, rhs, strict=True):
        vals = [Fraction(v) for v in given] + [Fraction(b)]
        den = math.lcm(*(v.denominator for v in vals))
        aug.append([v.numerator * (den // v.denominator) for v in vals])
    if _eliminate(aug, n) != list(range(n)):
        return None  # a free variable: the solution is not unique
    if any(aug[r][n] != 0 for r in range(n, len(aug))):
        return None  # rows below the pivots read 0 = b with b != 0: inconsistent
    z: list[Fraction] = [Fraction(0)] * n
    for k in range(n - 1, -1, -1):
        row = aug[k]
        acc = Fraction(row[n]) - sum((row[c] * z[c] for c in range(k + 1, n)), Fraction(0))
        z[k] = acc / row[k]
    return z


def positive_integer_matrix(F: np.ndarray) -> list[list[int]]:
    """Integer matrix ``(F - min F) * L + 1`` where ``L`` clears every denominator of ``F``.

    A positive affine transform of the payoffs, so best responses and equilibria are unchanged.

    Examples
    --------
    >>> from fractions import Fraction as Fr
    >>> positive_integer_matrix(np.array([[Fr(1, 2), Fr(0)], [Fr(-1), Fr(1, 3)]], dtype=object))
    [[10, 7], [1, 9]]
    """
    flat = [Fraction(v) for v in F.reshape(-1)]
    L = 1
    for v in flat:
        L = L * v.denominator // math.gcd(L, v.denominator)
    low = min(flat)
    ints = [int((v - low) * L) + 1 for v in flat]
    rows, cols = F.shape
    return [ints[r * cols:(r + 1) * cols] for r in range(rows)]

"""Exact rational linear algebra with Python integers (private kernel of the enumeration solvers).

Systems are solved by fraction-free Gauss-Jordan elimination (integer pivoting): after pivoting
on column ``c`` every entry of the working matrix is a minor of the input, so every division is
exact and no ``Fraction`` is built until the end (Edmonds 1967; von Stengel 2007, section 3.5).

References
----------
J. Edmonds (1967), "Systems of distinct representatives and linear algebra", *Journal of Research
of the National Bureau of Standards* 71B, 241-245.
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", chapter 3 of *Algorithmic Game Theory*.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = ["solve_integer", "rank_integer", "positive_integer_matrix"]


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
    det = 1
    for c in range(k):
        p = c
        while p < k and T[p][c] == 0:
            p += 1
        if p == k:
            return None
        if p != c:
            T[p], T[c] = T[c], T[p]
        row_c = T[c]
        piv = row_c[c]
        for i in range(k):
            if i == c:
                continue
            Ti = T[i]
            a = Ti[c]
            if a == 0:
                if piv != det:
                    T[i] = [(piv * v) // det for v in Ti]
            else:
                T[i] = [(piv * v - a * w) // det for v, w in zip(Ti, row_c, strict=True)]
        det = piv
    return [T[i][k] for i in range(k)], det


def rank_integer(M: Sequence[Sequence[int]]) -> int:
    """Rank of an integer matrix (exact).

    Examples
    --------
    >>> rank_integer([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    2
    """
    T = [list(row) for row in M]
    rows = len(T)
    cols = len(T[0]) if rows else 0
    det = 1
    r = 0
    for c in range(cols):
        p = r
        while p < rows and T[p][c] == 0:
            p += 1
        if p == rows:
            continue
        T[p], T[r] = T[r], T[p]
        row_r = T[r]
        piv = row_r[c]
        for i in range(r + 1, rows):
            Ti = T[i]
            a = Ti[c]
            T[i] = [(piv * v - a * w) // det for v, w in zip(Ti, row_r, strict=True)]
        det = piv
        r += 1
        if r == rows:
            break
    return r


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

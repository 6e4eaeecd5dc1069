"""Exact rational linear algebra on small systems (private helper of the solvers).

Fraction-free Gaussian elimination (Bareiss 1968) on Python integers, used to turn a float
solution found by a fast method (an LP, a Lemke–Howson path) into the exact rational one it approximates: the float
solution says *which* constraints are tight; the exact solve recovers the point, and the caller
then verifies it exactly. Nothing here trusts floats.

References
----------
Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
elimination. *Mathematics of Computation* 22(103).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

__all__ = ["solve_exact"]


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
    # integer rows (scaled by the lcm of their denominators), then fraction-free elimination
    # (Bareiss 1968): every intermediate entry is a minor of the input, so divisions are exact
    aug: list[list[int]] = []
    for given, b in zip(rows, rhs, strict=True):
        vals = [Fraction(v) for v in given] + [Fraction(b)]
        den = math.lcm(*(v.denominator for v in vals))
        aug.append([v.numerator * (den // v.denominator) for v in vals])
    m = len(aug)
    prev = 1
    for k in range(n):
        pick = next((r for r in range(k, m) if aug[r][k] != 0), None)
        if pick is None:
            return None  # a free variable: the solution is not unique
        aug[k], aug[pick] = aug[pick], aug[k]
        pk = aug[k]
        akk = pk[k]
        for r in range(k + 1, m):
            row = aug[r]
            ark = row[k]
            if ark == 0:
                if akk != prev:
                    for c in range(k + 1, n + 1):
                        row[c] = row[c] * akk // prev
                continue
            for c in range(k + 1, n + 1):
                row[c] = (akk * row[c] - ark * pk[c]) // prev
            row[k] = 0
        prev = akk
    # rows below the pivots must read 0 = 0
    if any(aug[r][n] != 0 for r in range(n, m)):
        return None
    z: list[Fraction] = [Fraction(0)] * n
    for k in range(n - 1, -1, -1):
        row = aug[k]
        acc = Fraction(row[n]) - sum((row[c] * z[c] for c in range(k + 1, n)), Fraction(0))
        z[k] = acc / row[k]
    return z

"""Assignment markets (Shapley and Shubik 1971): who trades with whom, at the largest total value.

References
----------
Shapley, L. S. and Shubik, M. (1971). The assignment game I: the core. *International Journal of
Game Theory* 1(1), 111-130.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..errors import NotApplicableError

__all__ = ["efficient_assignment", "MARKET_ASSIGNMENT_LIMIT"]

#: Largest smaller side of a market for which the efficient assignment is computed (exactly).
MARKET_ASSIGNMENT_LIMIT = 12


def efficient_assignment(
    values: Mapping[tuple[str, str], Any], buyers: tuple[str, ...], sellers: tuple[str, ...]
) -> tuple[tuple[tuple[str, str, Any], ...], Any, bool]:
    """An assignment of buyers to sellers (each in at most one pair) with the largest total value.

    Only listed pairs with a positive value trade (a pair worth 0 or less is better left apart, as
    in Shapley and Shubik's 1971 assignment game). Solved exactly by dynamic programming over the
    subsets of the smaller side, so it is limited to :data:`MARKET_ASSIGNMENT_LIMIT` members there.

    Returns ``(assignment, total, unique)``: the pairs ``(buyer, seller, value)`` in buyer order, their
    total, and whether no other assignment reaches the same total.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> v = {("A", "X"): F(3), ("A", "Y"): F(2), ("B", "X"): F(2), ("B", "Y"): F(0)}
    >>> efficient_assignment(v, ("A", "B"), ("X", "Y"))
    ((('A', 'Y', Fraction(2, 1)), ('B', 'X', Fraction(2, 1))), Fraction(4, 1), True)
    """
    swap = len(sellers) > len(buyers)
    rows, cols = (sellers, buyers) if swap else (buyers, sellers)
    if len(cols) > MARKET_ASSIGNMENT_LIMIT:
        raise NotApplicableError(
            f"the efficient assignment is not computed for markets with more than {MARKET_ASSIGNMENT_LIMIT} "
            f"members on each side (this one has {len(buyers)} buyers and {len(sellers)} sellers)"
        )

    def weight(r: str, c: str) -> Any:
        v = values.get((c, r) if swap else (r, c))
        return v if v is not None and v > 0 else None

    zero: Any = Fraction(0)
    layers: list[dict[int, tuple[Any, int]]] = [{0: (zero, 1)}]
    for r in rows:
        new: dict[int, tuple[Any, int]] = {}
        for mask, (val, count) in layers[-1].items():
            moves = [(mask, val)]
            for k, c in enumerate(cols):
                w = weight(r, c)
                if not mask >> k & 1 and w is not None:
                    moves.append((mask | 1 << k, val + w))
            for m, v in moves:
                old = new.get(m)
                if old is None or v > old[0]:
                    new[m] = (v, count)
                elif v == old[0]:
                    new[m] = (v, old[1] + count)
        layers.append(new)
    last = layers[-1]
    total = max(v for v, _ in last.values())
    count = sum(c for v, c in last.values() if v == total)
    mask = min(m for m, (v, _) in last.items() if v == total)
    pairs: list[tuple[str, str, Any]] = []
    for k in range(len(rows), 0, -1):
        r = rows[k - 1]
        val = layers[k][mask][0]
        before = layers[k - 1]
        if mask in before and before[mask][0] == val:
            continue
        for b, c in enumerate(cols):
            w = weight(r, c)
            prev = mask & ~(1 << b)
            if mask >> b & 1 and w is not None and prev in before and before[prev][0] + w == val:
                pairs.append((c, r, w) if swap else (r, c, w))
                mask = prev
                break
    order = {name: k for k, name in enumerate(buyers)}
    pairs.sort(key=lambda p: order[p[0]])
    return tuple(pairs), total, count == 1

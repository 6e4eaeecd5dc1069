r"""Two-player zero-sum games by linear programming (von Neumann's minimax theorem).

For a matrix game ``A`` (the row player's payoffs; the column player gets ``-A``) the value is

.. math:: v = \max_{x \in \Delta_m} \min_j (x^\top A)_j = \min_{y \in \Delta_n} \max_i (A y)_i ,

and a profile ``(x, y)`` is a Nash equilibrium exactly when ``x`` and ``y`` are optimal
(maxmin and minmax) strategies. The equilibrium set is therefore the *product* of the two
polytopes of optimal strategies, and every equilibrium gives each player the same payoff.

Method: one linear program solved by HiGHS (``scipy.optimize.linprog``). The payoffs are mapped
affinely to ``P = (A - min A) / s + 1`` with entries in ``[1, 2]`` (``s`` the payoff range), so the
value of ``P`` is positive and the classic form applies (Dantzig 1951; Vanderbei 2014, ch. 11):

.. math:: \min \mathbf 1^\top u \quad \text{s.t.}\quad P^\top u \ge \mathbf 1,\ u \ge 0,

with ``x = u / \sum u`` and ``v_P = 1 / \sum u``. The LP's dual variables are the column player's
scaled optimal strategy, so one LP gives both players (HiGHS's presolve is switched off: it removes
nothing from a dense game LP and cost ~40% of the time at 100x100). Unless its optimality gap is
already at most ``1e-12`` of the payoff range, the float solution is then polished on its supports
(least squares on the indifference equations). With exact payoffs, the tight constraints
of the float solution are re-solved in rational arithmetic and the result is verified exactly
(``min_j (x^T A)_j = max_i (A y)_i``), so exact games get exact values and strategies.

References
----------
von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische Annalen* 100.
Dantzig, G. B. (1951). A proof of the equivalence of the programming problem and the game problem.
In Koopmans (ed.), *Activity Analysis of Production and Allocation*.
Vanderbei, R. J. (2014). *Linear Programming: Foundations and Extensions*, 4th ed., ch. 11.
Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10 (HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError, NotApplicableError, SolverError
from ..model.normal_form import NormalFormGame
from ..numeric import DEFAULT_RTOL, as_number_array, format_number, to_float_array
from ._common import check_rtol, require_two_players
from ._exact import solve_exact
from .result import EquilibriumResult, Status, make_result

__all__ = ["ZeroSumSolution", "solve_zero_sum", "zero_sum_lp"]

#: From this many matrix entries on, the LP is solved by HiGHS's interior point method (with
#: crossover to a vertex); below, HiGHS chooses (its dual simplex). Measured on random games:
#: simplex is faster up to about 400x400, the interior point method ~2x faster at 1000x1000.
IPM_THRESHOLD = 250_000

_ARITHMETICS = ("auto", "exact", "float")


@dataclass(frozen=True, eq=False)
class ZeroSumSolution:
    """Value and one pair of optimal (maxmin / minmax) strategies of a matrix game.

    Attributes
    ----------
    value:
        The value of the game to the row player (``Fraction`` in exact arithmetic).
    row_strategy:
        An optimal (maxmin) strategy of the row player, read-only array.
    column_strategy:
        An optimal (minmax) strategy of the column player, read-only array.
    arithmetic:
        ``"exact"`` (Fractions, verified exactly) or ``"float"``.
    gap:
        ``max_i (A y)_i - min_j (x^T A)_j >= 0``: 0 at an exact solution; the achieved
        optimality gap in float arithmetic.
    """

    value: Any
    row_strategy: np.ndarray
    column_strategy: np.ndarray
    arithmetic: str = "float"
    gap: Any = 0.0

    def __repr__(self) -> str:
        x = ", ".join(format_number(p) for p in self.row_strategy)
        y = ", ".join(format_number(p) for p in self.column_strategy)
        return (
            f"ZeroSumSolution(value={format_number(self.value)}, row=[{x}], column=[{y}], "
            f"{self.arithmetic}, gap={format_number(self.gap, 3)})"
        )


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, copy=True)
    arr.setflags(write=False)
    return arr


def _matrix_of(A: Any) -> np.ndarray:
    """The row player's payoff matrix from a matrix or a zero-sum two-player game."""
    if isinstance(A, NormalFormGame):
        require_two_players(A, "solve_zero_sum")
        if not A.is_zero_sum:
            raise NotApplicableError(
                "solve_zero_sum needs a zero-sum game (payoffs summing to 0 at every profile); "
                f"{A!r} is not zero-sum"
            )
        return A.payoffs[0]
    try:
        arr = as_number_array(A)
    except ValueError as exc:
        raise InvalidGameError(f"matrix game: {exc}") from None
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise InvalidGameError(f"a matrix game needs a non-empty 2-D payoff matrix; got shape {arr.shape}")
    return arr


# ---------------------------------------------------------------------------- float LP


def _lp(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Optimal ``x, y`` from one HiGHS LP on the positive rescaling of ``A`` (see module docstring)."""
    from scipy.optimize import linprog

    m, n = A.shape
    lo = float(A.min())
    spread = float(A.max()) - lo
    s = spread if spread > 0 else 1.0
    P = (A - lo) / s + 1.0
    method = "highs-ipm" if m * n >= IPM_THRESHOLD else "highs"
    # presolve finds nothing to remove in a dense game LP and took ~40% of the time at 100x100
    res = linprog(np.ones(m), A_ub=-P.T, b_ub=-np.ones(n), bounds=(0, None), method=method,
                  options={"presolve": False})
    if res.status != 0 or res.x is None:
        raise SolverError(f"HiGHS ({method}) failed on the {m}x{n} matrix game: {res.message}")
    u = np.clip(res.x, 0.0, None)
    w = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    if u.sum() <= 0 or w.sum() <= 0:
        raise SolverError(f"HiGHS ({method}) returned a degenerate solution on the {m}x{n} matrix game")
    return u / u.sum(), w / w.sum(), method


def _gap(A: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    return float((A @ y).max() - (x @ A).min())


def _polish_side(A: np.ndarray, x: np.ndarray, tight: np.ndarray) -> np.ndarray | None:
    """Least-squares re-solve of ``x`` on its support against the tight columns ``tight``."""
    support = np.flatnonzero(x > 0)
    cols = np.flatnonzero(tight)
    k = len(support)
    M = np.zeros((len(cols) + 1, k + 1))
    M[:-1, :k] = A[np.ix_(support, cols)].T
    M[:-1, k] = -1.0
    M[-1, :k] = 1.0
    rhs = np.zeros(len(cols) + 1)
    rhs[-1] = 1.0
    z, *_ = np.linalg.lstsq(M, rhs, rcond=None)
    xs = z[:k]
    if np.any(xs < 0) or not np.isfinite(xs).all():
        return None
    out = np.zeros_like(x)
    out[support] = xs / xs.sum()
    return out


def _polish(A: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shrink the optimality gap by re-solving the indifference equations on the supports.

    Nothing is done when the gap is already at most ``1e-12`` of the payoff range.
    """
    s = float(A.max() - A.min()) or 1.0
    tol = 1e-7 * s
    best = (x, y, _gap(A, x, y))
    if best[2] <= 1e-12 * s:
        return x, y
    v_row = (x @ A).min()
    v_col = (A @ y).max()
    x2 = _polish_side(A, x, (x @ A) <= v_row + tol)
    y2 = _polish_side(-A.T, y, (A @ y) >= v_col - tol)
    for cx in (x, x2):
        for cy in (y, y2):
            if cx is not None and cy is not None:
                g = _gap(A, cx, cy)
                if g < best[2]:
                    best = (cx, cy, g)
    return best[0], best[1]


# ---------------------------------------------------------------------------- exact recovery


def _exact_side(A: np.ndarray, xf: np.ndarray, Af: np.ndarray) -> tuple[list[Fraction], Fraction] | None:
    """Exact ``(x, v)`` with ``x^T A >= v`` solving the tight constraints of the float ``xf``.

    At a vertex of ``{(x, v): x^T A >= v 1, x in simplex}`` the tight constraints determine the
    point; they are read off the float solution and solved in rationals.
    """
    s = float(Af.max() - Af.min()) or 1.0
    support = [int(i) for i in np.flatnonzero(xf > 1e-9)]
    payoff = xf @ Af
    tight = [int(j) for j in np.flatnonzero(payoff <= payoff.min() + 1e-7 * s)]
    k = len(support)
    rows = [[A[i, j] for i in support] + [Fraction(-1)] for j in tight]
    rows.append([Fraction(1)] * k + [Fraction(0)])
    rhs = [Fraction(0)] * len(tight) + [Fraction(1)]
    z = solve_exact(rows, rhs)
    if z is None or any(p < 0 for p in z[:k]):
        return None
    x = [Fraction(0)] * A.shape[0]
    for i, p in zip(support, z[:k], strict=True):
        x[i] = p
    return x, z[k]


def _exact(A: np.ndarray, xf: np.ndarray, yf: np.ndarray) -> tuple[Fraction, np.ndarray, np.ndarray] | None:
    Af = to_float_array(A)
    row = _exact_side(A, xf, Af)
    col = _exact_side(-A.T, yf, -Af.T)
    if row is None or col is None:
        return None
    x = np.array(row[0], dtype=object)
    y = np.array(col[0], dtype=object)
    guaranteed = min(x.dot(A))  # row player secures at least this
    conceded = max(A.dot(y))  # column player holds the row player to at most this
    if guaranteed != conceded:
        return None
    return guaranteed, x, y


# ---------------------------------------------------------------------------- public


def solve_zero_sum(A: Any, *, arithmetic: str = "auto") -> ZeroSumSolution:
    """Value and optimal strategies of a two-player zero-sum game, by one HiGHS LP.

    Parameters
    ----------
    A:
        The row player's payoff matrix (array-like, float or exact), or a zero-sum two-player
        :class:`~negotiation.NormalFormGame` (its row player's payoffs are used).
    arithmetic:
        ``"auto"`` (exact when the payoffs are exact), ``"exact"`` or ``"float"``. Exact results
        are recovered from the LP's tight constraints and verified in rational arithmetic.

    Returns
    -------
    ZeroSumSolution

    Raises
    ------
    NotApplicableError
        If a game is given that is not zero-sum or not two-player.
    InvalidGameError
        If the matrix is not a finite, non-empty 2-D array.
    SolverError
        If HiGHS fails, or exact arithmetic was requested and could not be certified.

    References
    ----------
    von Neumann (1928); Dantzig (1951); Vanderbei (2014), *Linear Programming*, ch. 11.

    Examples
    --------
    >>> sol = solve_zero_sum([[1, -1], [-1, 1]])          # matching pennies
    >>> sol.value, list(sol.row_strategy), list(sol.column_strategy)
    (Fraction(0, 1), [Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)])
    >>> float_sol = solve_zero_sum([[2.0, -1.0], [-1.0, 1.0]])
    >>> round(float_sol.value, 12)
    0.2
    """
    if arithmetic not in _ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {_ARITHMETICS}, got {arithmetic!r}")
    M = _matrix_of(A)
    exact_input = M.dtype == object
    want_exact = arithmetic == "exact" or (arithmetic == "auto" and exact_input)
    Mf = to_float_array(M)
    x, y, _method = _lp(Mf)
    x, y = _polish(Mf, x, y)
    if want_exact:
        Me = M if exact_input else np.array([[Fraction(float(v)) for v in row] for row in Mf], dtype=object)
        found = _exact(Me, x, y)
        if found is not None:
            exact_value, xe, ye = found
            return ZeroSumSolution(exact_value, _frozen(xe), _frozen(ye), "exact", Fraction(0))
        if arithmetic == "exact":
            raise SolverError(
                f"could not certify an exact solution of the {M.shape[0]}x{M.shape[1]} matrix game "
                "from the LP's tight constraints; use arithmetic='float'"
            )
    value = 0.5 * float((x @ Mf).min() + (Mf @ y).max())
    return ZeroSumSolution(value, _frozen(x), _frozen(y), "float", max(0.0, _gap(Mf, x, y)))


def zero_sum_lp(game: NormalFormGame, *, arithmetic: str = "auto", rtol: float = DEFAULT_RTOL) -> EquilibriumResult:
    """One Nash equilibrium (a pair of optimal strategies) of a zero-sum game by linear programming.

    The status is ``PARTIAL``: the equilibrium set of a zero-sum game is the product of the two
    players' polytopes of optimal strategies, and one vertex pair of it is returned (a note says
    so, with the value).

    Parameters
    ----------
    game:
        A two-player zero-sum game.
    arithmetic:
        ``"auto"`` (exact for exact games when the exact solution is certified, else float),
        ``"exact"`` (fails with :class:`SolverError` if it cannot be certified) or ``"float"``.
    rtol:
        Regret tolerance, relative to the payoff range, for certifying a float result.

    References
    ----------
    von Neumann (1928); Dantzig (1951).

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> result = zero_sum_lp(rps)
    >>> result[0]["Row"]
    {'a0': Fraction(1, 3), 'a1': Fraction(1, 3), 'a2': Fraction(1, 3)}
    >>> result.status.value, result[0].payoffs
    ('partial', (Fraction(0, 1), Fraction(0, 1)))
    """
    require_two_players(game, "zero_sum_lp")
    rtol = check_rtol(rtol)
    if arithmetic not in _ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {_ARITHMETICS}, got {arithmetic!r}")
    if arithmetic == "exact" and not game.is_exact:
        game_for_exact = game.to_exact()
    else:
        game_for_exact = game
    sol = solve_zero_sum(game_for_exact, arithmetic="float" if arithmetic == "float" else arithmetic)
    notes = [
        f"value of the game to {game.players[0]}: {format_number(sol.value, 12)}",
        "the equilibrium set of a zero-sum game is the product of the players' optimal-strategy polytopes; "
        "one pair of optimal strategies is listed",
    ]
    if sol.arithmetic == "exact":
        work = game_for_exact
    else:
        work = game.to_float()
        if arithmetic == "auto" and game.is_exact:
            notes.append("exact certification of the LP solution failed; the float solution is returned")
    return make_result(
        work,
        [(sol.row_strategy, sol.column_strategy)],
        method="zero_sum_lp",
        arithmetic=sol.arithmetic,
        status=Status.PARTIAL,
        options={"arithmetic": arithmetic, "rtol": rtol},
        rtol=max(rtol, 1e-12),
        notes=notes,
        libraries=("numpy", "scipy"),
    )

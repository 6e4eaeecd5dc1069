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

Badly scaled payoffs. HiGHS's feasibility tolerances (default ``1e-7``) are absolute on the rescaled
LP, so they allow errors of about ``1e-7`` of the payoff range: on a 2x5 game with entries from
``1e-7`` to ``8.8e5`` the dual simplex method stopped at a wrong vertex with a gap of ``0.139``
(``1.5e-7`` of the range), and about one game in six with entries ``normal * 10**uniform(-6, 6)``
failed alike. When the polished gap exceeds the tolerance (``rtol`` of the payoff range), further
LPs are tried (the interior point method with tight tolerances, then the dual simplex method with
tight tolerances), then the exact game on the floats' binary values (``Fraction(float)``): its
tight constraints re-solved exactly, and for small games an exact simplex method with integer
pivoting. A float result whose gap is still above the tolerance is never returned:
:class:`~negotiation.errors.SolverError` says so.

nashpy backend. ``backend="nashpy"`` solves the game with ``nashpy.Game(A).linear_program()``
instead (nashpy's two minimax LPs, one per player, each solved by ``scipy.optimize.linprog`` with
its default method and tolerances on the unscaled payoffs) and does none of the above: no polish, no
re-solve, no exact recovery. Its strategies are only checked: :func:`solve_zero_sum` raises
:class:`~negotiation.errors.SolverError` when their optimality gap exceeds the tolerance, and
:func:`zero_sum_lp` drops a profile that fails certification and says so in ``notes``. nashpy
works in float arithmetic only.

References
----------
von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele. *Mathematische Annalen* 100.
Dantzig, G. B. (1951). A proof of the equivalence of the programming problem and the game problem.
In Koopmans (ed.), *Activity Analysis of Production and Allocation*.
Vanderbei, R. J. (2014). *Linear Programming: Foundations and Extensions*, 4th ed., ch. 11.
Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10 (HiGHS).
Bland, R. G. (1977). New finite pivoting rules for the simplex method. *Mathematics of Operations
Research* 2, 103-107.
Edmonds, J. (1967). Systems of distinct representatives and linear algebra. *Journal of Research of
the National Bureau of Standards* 71B (integer pivoting); von Stengel, B. (2007), chapter 3 of
*Algorithmic Game Theory*, section 3.5.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError, NotApplicableError, SolverError
from ..model.normal_form import NormalFormGame, float_image_loss_of, is_mixed
from ..numeric import (
    DEFAULT_RTOL,
    absolute_tolerance,
    as_number_array,
    format_number,
    to_exact_array,
    to_float_array,
)
from ..provenance import package_version
from ._common import FLOAT_LOSS_ADVICE, check_rtol, require_two_players, resolve_arithmetic
from ._exact import positive_integer_matrix, solve_exact
from ._nashpy_backend import check_backend, warning_notes
from .result import EquilibriumResult, Status, make_result

__all__ = ["ZeroSumSolution", "solve_zero_sum", "zero_sum_lp"]

#: From this many matrix entries on, the LP is solved by HiGHS's interior point method (with
#: crossover to a vertex); below, HiGHS chooses (its dual simplex). Measured on random games:
#: simplex is faster up to about 400x400, the interior point method ~2x faster at 1000x1000.
IPM_THRESHOLD = 250_000

#: HiGHS options of the second, tight LP (the smallest feasibility tolerances HiGHS accepts; its
#: defaults are 1e-7, i.e. about 1e-7 of the payoff range after the rescaling in :func:`_lp`).
_TIGHT_OPTIONS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10,
                  "ipm_optimality_tolerance": 1e-12}

#: Up to this many matrix entries, a float solution whose gap exceeds the tolerance (and an exact
#: game whose tight constraints do not certify) is recomputed by an exact simplex method on the
#: exact values of the payoffs (:func:`_exact_simplex`). Measured on games with entries spanning 12
#: orders of magnitude: ~6 ms at 10x10, ~0.13 s at 20x20, ~1 s at 30x30, ~10 s at 50x50.
EXACT_SIMPLEX_MAX_ENTRIES = 400

#: Up to this many matrix entries, the tight constraints of a float solution whose gap exceeds the
#: tolerance are re-solved exactly (one rational linear system) before the exact simplex is tried.
EXACT_RECOVERY_MAX_ENTRIES = 40_000

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
        optimality gap in float arithmetic, never above the tolerance ``solve_zero_sum`` was given.
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


#: Exact matrices whose largest entry is beyond ``2**BINARY_RANGE`` in magnitude (or below
#: ``2**-BINARY_RANGE``) are solved scaled by a power of two: float64 would overflow (or lose the
#: entries to underflow) in the LP. A matrix game scaled by ``c > 0`` has the same optimal
#: strategies and ``c`` times the value.
BINARY_RANGE = 960


def _binary_shift(M: np.ndarray) -> int:
    """``k`` such that ``M / 2**k`` has its largest entry near 1, when ``M``'s largest entry is out of
    ``2**±BINARY_RANGE``; else 0."""
    top = max((abs(v) for v in M.reshape(-1)), default=Fraction(0))
    if top == 0:
        return 0
    top = Fraction(top)
    k = top.numerator.bit_length() - top.denominator.bit_length()
    return k if abs(k) > BINARY_RANGE else 0


# ---------------------------------------------------------------------------- float LP


def _lp(A: np.ndarray, *, tight: bool = False, method: str | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """Optimal ``x, y`` from one HiGHS LP on the positive rescaling of ``A`` (see module docstring).

    HiGHS's feasibility tolerances are absolute on the rescaled LP, whose entries lie in ``[1, 2]``:
    an error of ``t`` there is an error of about ``t * (max A - min A)`` in payoffs. ``tight=True``
    runs with the smallest tolerances HiGHS accepts (:data:`_TIGHT_OPTIONS`). ``method`` is HiGHS's
    algorithm; by default its dual simplex below :data:`IPM_THRESHOLD` entries, the interior point
    method (with crossover) from there on.
    """
    from scipy.optimize import linprog

    m, n = A.shape
    lo = float(A.min())
    spread = float(A.max()) - lo
    s = spread if spread > 0 else 1.0
    P = (A - lo) / s + 1.0
    if method is None:
        method = "highs-ipm" if m * n >= IPM_THRESHOLD else "highs"
    # presolve finds nothing to remove in a dense game LP and took ~40% of the time at 100x100
    options: dict[str, Any] = {"presolve": False}
    if tight:
        options.update(_TIGHT_OPTIONS)
    res = linprog(np.ones(m), A_ub=-P.T, b_ub=-np.ones(n), bounds=(0, None), method=method, options=options)
    if res.status != 0 or res.x is None:
        raise SolverError(f"HiGHS ({method}) failed on the {m}x{n} matrix game: {res.message}")
    u = np.clip(res.x, 0.0, None)
    w = np.clip(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0, None)
    if u.sum() <= 0 or w.sum() <= 0:
        raise SolverError(f"HiGHS ({method}) returned a degenerate solution on the {m}x{n} matrix game")
    return u / u.sum(), w / w.sum(), method


def _midpoint_value(A: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The value of the float game ``A`` at the nearly optimal pair ``(x, y)``: the midpoint of what ``x``
    secures and what ``y`` concedes."""
    return 0.5 * float((x @ A).min() + (A @ y).max())


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


def _exact_side(
    A: np.ndarray, xf: np.ndarray, Af: np.ndarray, tight_cols: np.ndarray | None = None,
) -> tuple[list[Fraction], Fraction] | None:
    """Exact ``(x, v)`` with ``x^T A >= v`` solving the tight constraints of the float ``xf``.

    At a vertex of ``{(x, v): x^T A >= v 1, x in simplex}`` the tight constraints determine the
    point; they are read off the float solution (or given as ``tight_cols``) and solved in rationals.
    """
    s = float(Af.max() - Af.min()) or 1.0
    support = [int(i) for i in np.flatnonzero(xf > 1e-9)]
    if tight_cols is None:
        payoff = xf @ Af
        tight_cols = np.flatnonzero(payoff <= payoff.min() + 1e-7 * s)
    tight = [int(j) for j in tight_cols]
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


def _exact(
    A: np.ndarray, xf: np.ndarray, yf: np.ndarray, *, by_support: bool = False,
) -> tuple[Fraction, np.ndarray, np.ndarray] | None:
    """Exact optimal strategies from the tight constraints of the float pair ``(xf, yf)``, verified.

    With ``by_support=True`` the tight constraints are the complementary-slackness ones: ``x`` is
    made indifferent over the support of ``yf`` and ``y`` over the support of ``xf`` (the
    indifference system; no payoff threshold, which matters when the payoffs are badly scaled).
    """
    Af = to_float_array(A)
    if by_support:
        row = _exact_side(A, xf, Af, np.flatnonzero(yf > 0))
        col = _exact_side(-A.T, yf, -Af.T, np.flatnonzero(xf > 0))
    else:
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


def _exact_simplex(A: np.ndarray) -> tuple[Fraction, np.ndarray, np.ndarray]:
    """Value and optimal strategies of the exact matrix game ``A`` by the simplex method in integers.

    The column player's LP ``max 1^T w  s.t.  P w <= 1, w >= 0`` on the positive integer matrix
    ``P = (A - min A) L + 1`` (``L`` clears the denominators) is solved from the slack basis with
    integer pivoting (every tableau entry is an integer, the common denominator is the last pivot;
    Edmonds 1967, von Stengel 2007, section 3.5), entering the most negative reduced cost (Dantzig)
    and switching to Bland's (1977) smallest-index rule after a degenerate pivot, which cannot cycle.
    At the optimum ``y = w / 1^T w``, the reduced costs of the slacks are the row player's dual ``u``
    (``x = u / 1^T u``) and the value of ``P`` is ``1 / 1^T w``.
    """
    P = positive_integer_matrix(A)
    m, n = len(P), len(P[0])
    width = n + m  # columns: w_0 .. w_{n-1}, then the slacks; column ``width`` is the right-hand side
    T = [list(P[i]) + [1 if k == i else 0 for k in range(m)] + [1] for i in range(m)]
    T.append([-1] * n + [0] * (m + 1))  # reduced costs; T[m][width] = det * (1^T w)
    basic = list(range(n, width))
    det = 1
    bland = False
    while True:
        obj = T[m]
        if bland:
            c = next((j for j in range(width) if obj[j] < 0), -1)
        else:
            c = min(range(width), key=obj.__getitem__)
            c = c if obj[c] < 0 else -1
        if c < 0:
            break
        r, best_num, best_den = -1, 0, 1
        for i in range(m):
            a = T[i][c]
            if a > 0:
                num = T[i][width]
                if r < 0 or num * best_den < best_num * a or (num * best_den == best_num * a and basic[i] < basic[r]):
                    r, best_num, best_den = i, num, a
        if r < 0:  # pragma: no cover - the LP is bounded: P > 0 bounds every w_j by 1
            raise SolverError("exact simplex: unbounded column in a bounded game LP")
        bland = bland or best_num == 0
        p, row_r = T[r][c], T[r]
        for i in range(m + 1):
            if i != r:
                Ti, f = T[i], T[i][c]
                if f:
                    T[i] = [(v * p - f * w) // det for v, w in zip(Ti, row_r, strict=True)]
                elif p != det:
                    T[i] = [v * p // det for v in Ti]
        det = p
        basic[r] = c
    total = T[m][width]
    y = [Fraction(0)] * n
    for i, b in enumerate(basic):
        if b < n:
            y[b] = Fraction(T[i][width], total)
    x = np.array([Fraction(T[m][n + i], total) for i in range(m)], dtype=object)
    ye = np.array(y, dtype=object)
    value = min(x.dot(A))
    if value != max(A.dot(ye)):  # pragma: no cover - strong duality of an exactly solved LP
        raise SolverError("exact simplex: the optimal strategies do not certify (a bug)")
    return value, x, ye


# ---------------------------------------------------------------------------- nashpy backend

#: Probabilities this far below zero in nashpy's strategies are LP round-off, set to zero before
#: renormalising; anything more negative makes the strategies unusable.
_NASHPY_NEGATIVE = 1e-9


def _nashpy_pair(Mf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``nashpy.Game(Mf).linear_program()`` as two probability vectors (not yet checked for optimality).

    Any failure inside nashpy (for instance the ``TypeError`` it raises when scipy's LP fails and
    returns no solution) and any output that is not a pair of probability vectors of the right
    sizes becomes a :class:`SolverError` naming it.
    """
    import nashpy

    m, n = Mf.shape
    where = f"nashpy {package_version('nashpy')} linear_program on the {m}x{n} matrix game"
    try:
        raw = nashpy.Game(Mf).linear_program()
        x, y = (np.asarray(s, dtype=float).reshape(-1) for s in raw)
    except Exception as exc:  # nashpy's (or scipy's, inside nashpy) own failures, never ours
        raise SolverError(f"{where} failed: {type(exc).__name__}: {exc}") from exc
    for name, p, size in (("row", x, m), ("column", y, n)):
        if p.shape != (size,) or not np.all(np.isfinite(p)) or p.min(initial=0.0) < -_NASHPY_NEGATIVE:
            raise SolverError(f"{where} returned a {name} strategy that is not a probability vector of size {size}: "
                              f"{p.tolist()}")
    x, y = np.clip(x, 0.0, None), np.clip(y, 0.0, None)
    if x.sum() <= 0 or y.sum() <= 0:
        raise SolverError(f"{where} returned an all-zero strategy")
    return x / x.sum(), y / y.sum()


def _nashpy_solution(Mf: np.ndarray, tol: float, rtol: float) -> ZeroSumSolution:
    """:func:`solve_zero_sum` with ``backend="nashpy"``: nashpy's strategies if their gap is within ``tol``."""
    x, y = _nashpy_pair(Mf)
    gap = _gap(Mf, x, y)
    if gap > tol:
        raise SolverError(
            f"nashpy's linear_program returned strategies of the {Mf.shape[0]}x{Mf.shape[1]} matrix game with "
            f"optimality gap {gap:.3g} > {tol:.3g} ({rtol:g} of the payoff range); backend='native' re-solves "
            "and repairs such answers"
        )
    value = _midpoint_value(Mf, x, y)
    return ZeroSumSolution(value, _frozen(x), _frozen(y), "float", max(0.0, gap))


def _zero_sum_lp_nashpy(game: NormalFormGame, arithmetic: str, rtol: float) -> EquilibriumResult:
    """:func:`zero_sum_lp` with ``backend="nashpy"``: nashpy's profile, certified, or none and a note why."""
    resolve_arithmetic(game, arithmetic, method="zero_sum_lp with backend='nashpy'", exact_supported=False)
    _matrix_of(game)  # a zero-sum game, or NotApplicableError
    work = game.to_float()
    Mf = np.asarray(work.payoffs[0], dtype=float)
    cert_rtol = max(rtol, 1e-12)
    notes = [f"computed by nashpy {package_version('nashpy')} linear_program (float arithmetic; "
             "its strategies are certified here, not repaired)"]
    profiles = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            x, y = _nashpy_pair(Mf)
        except SolverError as exc:
            notes.append(f"no equilibrium: {exc}")
        else:
            profile = work.profile((x, y))
            if work.is_equilibrium(profile, cert_rtol):  # make_result's test, run first to drop with a note
                profiles.append((x, y))
                value = _midpoint_value(Mf, x, y)
                notes += [
                    f"value of the game to {game.players[0]}: {format_number(value, 12)}",
                    "the equilibrium set of a zero-sum game is the product of the players' optimal-strategy "
                    "polytopes; one pair of optimal strategies is listed",
                ]
            else:
                regret = float(work.max_regret(profile))
                allowed = max(work.tolerances(cert_rtol, mixed=is_mixed(profile)))  # equal: both players' range
                notes.append(f"the profile returned by nashpy failed certification (regret {regret:.3g} > "
                             f"tolerance {allowed:.3g}) and was dropped; backend='native' repairs such answers")
    notes += warning_notes(caught)
    return make_result(
        work, profiles, method="zero_sum_lp", arithmetic="float", status=Status.PARTIAL,
        options={"arithmetic": arithmetic, "rtol": rtol, "backend": "nashpy"}, rtol=cert_rtol, notes=notes,
        libraries=("numpy", "scipy", "nashpy"), source=game,
    )


# ---------------------------------------------------------------------------- public


def _float_solution(Mf: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, float]:
    """The best polished HiGHS solution ``(x, y, gap)``, trying LPs until the gap is at most ``tol``.

    First HiGHS's default (dual simplex below :data:`IPM_THRESHOLD` entries, interior point
    above) with default tolerances: enough for all but badly scaled games. Then the interior point
    method (with crossover) with tight tolerances, then (below the threshold) the dual simplex
    method with tight tolerances. Tight tolerances are not simply better: on some badly scaled
    games HiGHS's dual simplex method stops with status "unknown" under them, so every attempt is
    only a candidate, and an attempt that fails is skipped (its error is raised if all fail).
    """
    attempts: list[tuple[str | None, bool]] = [(None, False), ("highs-ipm", True)]
    if Mf.size < IPM_THRESHOLD:
        attempts.append(("highs", True))
    best: tuple[np.ndarray, np.ndarray, float] | None = None
    error: SolverError | None = None
    for method, tight in attempts:
        try:
            x, y, _method = _lp(Mf, tight=tight, method=method)
        except SolverError as exc:
            error = exc
            continue
        x, y = _polish(Mf, x, y)
        gap = _gap(Mf, x, y)
        if best is None or gap < best[2]:
            best = (x, y, gap)
        if best[2] <= tol:
            break
    if best is None:
        assert error is not None
        raise error
    return best


def _exact_rescue(
    Me: np.ndarray, x: np.ndarray, y: np.ndarray, *, thresholds_tried: bool,
) -> tuple[Fraction, np.ndarray, np.ndarray] | None:
    """Exact optimal strategies when the float pair ``(x, y)`` does not certify: its tight
    constraints re-solved exactly (by payoff threshold, then by complementary slackness), then,
    for small games, the exact simplex method. ``None`` if the game is too large for both."""
    entries = Me.shape[0] * Me.shape[1]
    found = None
    if entries <= EXACT_RECOVERY_MAX_ENTRIES:
        if not thresholds_tried:
            found = _exact(Me, x, y)
        if found is None:
            found = _exact(Me, x, y, by_support=True)
    if found is None and entries <= EXACT_SIMPLEX_MAX_ENTRIES:
        found = _exact_simplex(Me)
    return found


def _require_float_image(M: np.ndarray, row: str, what: str) -> None:
    """:class:`NotApplicableError` when rounding the exact matrix ``M`` (the payoffs of ``row``) to float64
    changes the game."""
    lost = float_image_loss_of((M,), (row,))
    if lost:
        raise NotApplicableError(f"{what}: {lost}; {FLOAT_LOSS_ADVICE}")


def _as_float_strategy(p: np.ndarray) -> np.ndarray:
    out = np.array([float(v) for v in p])
    return out / out.sum()


def solve_zero_sum(
    A: Any, *, arithmetic: str = "auto", rtol: float = DEFAULT_RTOL, backend: str = "native",
) -> ZeroSumSolution:
    """Value and optimal strategies of a two-player zero-sum game, by a HiGHS LP.

    Steps: one HiGHS LP (default tolerances) and a polish of its solution on its supports; if the
    optimality gap then exceeds the tolerance (badly scaled payoffs: HiGHS's tolerances are
    absolute on the LP rescaled to the payoff range), a second LP with tight tolerances; if the gap
    still exceeds it, the exact solution of the game on the exact (binary) values of the payoffs,
    from the tight constraints or, for games of at most :data:`EXACT_SIMPLEX_MAX_ENTRIES` entries,
    by an exact simplex method. A float result never has a gap above the tolerance: if none of the
    steps reaches it, :class:`SolverError` is raised.

    Parameters
    ----------
    A:
        The row player's payoff matrix (array-like, float or exact), or a zero-sum two-player
        :class:`~negotiation.NormalFormGame` (its row player's payoffs are used).
    arithmetic:
        ``"auto"`` (exact when the payoffs are exact), ``"exact"`` or ``"float"``. Exact results
        are recovered from the LP's tight constraints (or, for small games, by the exact simplex
        method) and verified in rational arithmetic.
    rtol:
        Tolerance of a float result's optimality gap, relative to the payoff range (at least
        ``1e-12``; the absolute tolerance is the game's ``tolerance(rtol)``).
    backend:
        ``"native"`` (default: the steps above) or ``"nashpy"``: ``nashpy.Game(A).linear_program()``
        in float arithmetic, its strategies returned as they are if their optimality gap is within
        the tolerance (no polish, re-solve or exact recovery); ``"auto"`` arithmetic then means float.

    Returns
    -------
    ZeroSumSolution

    Raises
    ------
    NotApplicableError
        If a game is given that is not zero-sum or not two-player, or ``arithmetic="exact"`` with
        ``backend="nashpy"``.
    InvalidGameError
        If the matrix is not a finite, non-empty 2-D array.
    SolverError
        If HiGHS fails, exact arithmetic was requested and could not be certified, or no float
        solution with a gap within the tolerance was found (with ``backend="nashpy"``: nashpy failed
        or its strategies' gap exceeds the tolerance).

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
    >>> nashpy_sol = solve_zero_sum([[2, -1], [-1, 1]], backend="nashpy")  # float arithmetic only
    >>> nashpy_sol.arithmetic, round(float(nashpy_sol.value), 9), nashpy_sol.row_strategy.round(9).tolist()
    ('float', 0.2, [0.4, 0.6])
    """
    if arithmetic not in _ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {_ARITHMETICS}, got {arithmetic!r}")
    rtol = max(check_rtol(rtol), 1e-12)
    backend = check_backend(backend)
    if backend == "nashpy" and arithmetic == "exact":
        raise NotApplicableError("solve_zero_sum with backend='nashpy' has no exact arithmetic; use "
                                 "arithmetic='float' or backend='native'")
    M = _matrix_of(A)
    exact_input = M.dtype == object
    row = A.players[0] if isinstance(A, NormalFormGame) else "the row player"
    shift = _binary_shift(M) if exact_input else 0
    if shift:  # exact entries beyond float64's comfortable range: solve the game scaled by 2**-shift
        if arithmetic == "float" or backend == "nashpy":  # checked here, where the player's name is known
            _require_float_image(M * Fraction(2) ** -shift, f"{row} (scaled by 2**{-shift})",
                                 "solve_zero_sum in float arithmetic")
        scaled = solve_zero_sum(M * Fraction(2) ** -shift, arithmetic=arithmetic, rtol=rtol, backend=backend)
        if scaled.arithmetic == "exact":
            return dataclasses.replace(scaled, value=scaled.value * Fraction(2) ** shift)
        try:
            value, gap = math.ldexp(float(scaled.value), shift), math.ldexp(float(scaled.gap), shift)
        except OverflowError:
            raise SolverError(
                f"the value of the {M.shape[0]}x{M.shape[1]} matrix game is beyond float64 (its payoffs reach "
                f"2**{shift}); use arithmetic='exact'" + (" with backend='native'" if backend == "nashpy" else "")
            ) from None
        return dataclasses.replace(scaled, value=value, gap=gap)
    want_exact = arithmetic == "exact" or (arithmetic == "auto" and exact_input)
    if exact_input and not want_exact:  # float arithmetic on exact payoffs: only if rounding keeps the game
        _require_float_image(M, row, "solve_zero_sum in float arithmetic")
    Mf = to_float_array(M)
    tol = (A.tolerance(rtol, mixed=True) if isinstance(A, NormalFormGame)
           else absolute_tolerance(Mf[np.newaxis], rtol, mixed=True))
    if backend == "nashpy":
        return _nashpy_solution(Mf, tol, rtol)
    x, y, gap = _float_solution(Mf, tol)
    Me = None
    if want_exact:
        Me = to_exact_array(M)  # the exact payoffs, or the floats' exact binary values
        found = _exact(Me, x, y)
        if found is None:
            found = _exact_rescue(Me, x, y, thresholds_tried=True)
        if found is not None:
            exact_value, xe, ye = found
            return ZeroSumSolution(exact_value, _frozen(xe), _frozen(ye), "exact", Fraction(0))
        if arithmetic == "exact":
            raise SolverError(
                f"could not certify an exact solution of the {M.shape[0]}x{M.shape[1]} matrix game "
                f"from the LP's tight constraints (the exact simplex fallback is limited to "
                f"{EXACT_SIMPLEX_MAX_ENTRIES} entries); use arithmetic='float'"
            )
        if exact_input:  # "auto" falls back to the float solution: only if rounding keeps the game
            _require_float_image(M, row, "solve_zero_sum's float fallback (exact certification failed)")
    if gap > tol:
        found = _exact_rescue(to_exact_array(M) if Me is None else Me, x, y, thresholds_tried=want_exact)
        if found is not None:
            x, y = _as_float_strategy(found[1]), _as_float_strategy(found[2])
            gap = _gap(Mf, x, y)
    if gap > tol:
        raise SolverError(
            f"no pair of optimal strategies of the {M.shape[0]}x{M.shape[1]} float matrix game was found to the "
            f"tolerance: the best pair has optimality gap {gap:.3g} > {tol:.3g} ({rtol:g} of the payoff range, "
            f"after a tight re-solve and exact recovery; the exact simplex fallback is limited to "
            f"{EXACT_SIMPLEX_MAX_ENTRIES} entries)"
        )
    value = _midpoint_value(Mf, x, y)
    return ZeroSumSolution(value, _frozen(x), _frozen(y), "float", max(0.0, gap))


def zero_sum_lp(
    game: NormalFormGame, *, arithmetic: str = "auto", rtol: float = DEFAULT_RTOL, backend: str = "native",
) -> EquilibriumResult:
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
    backend:
        ``"native"`` (default: :func:`solve_zero_sum`'s HiGHS LP with its repairs) or ``"nashpy"``
        (``nashpy.Game(A).linear_program()``, float arithmetic only: ``"auto"`` means float and
        ``"exact"`` is refused). nashpy's profile is certified like every result; if it fails
        certification, or nashpy fails, the result lists no equilibrium and ``notes`` says why.
        ``options["backend"]`` records the choice; the provenance lists nashpy's version.

    Returns
    -------
    EquilibriumResult
        Status ``PARTIAL``: one certified pair of optimal strategies (none if the nashpy backend's
        answer failed).

    Raises
    ------
    NotApplicableError
        If the game is not a two-player zero-sum game, or ``arithmetic="exact"`` with
        ``backend="nashpy"``.
    ValueError
        For an unknown ``arithmetic`` or ``backend``.
    SolverError
        From the native backend, see :func:`solve_zero_sum`.

    References
    ----------
    von Neumann (1928); Dantzig (1951). nashpy: Knight, V. and Campbell, J. (2018). Nashpy: a Python
    library for the computation of Nash equilibria. *Journal of Open Source Software* 3(30), 904.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> rps = NormalFormGame.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> result = zero_sum_lp(rps)
    >>> result[0]["Row"]
    {'a0': Fraction(1, 3), 'a1': Fraction(1, 3), 'a2': Fraction(1, 3)}
    >>> result.status.value, result[0].payoffs
    ('partial', (Fraction(0, 1), Fraction(0, 1)))
    >>> by_nashpy = zero_sum_lp(rps, backend="nashpy")
    >>> by_nashpy.arithmetic, by_nashpy.options["backend"], len(by_nashpy)
    ('float', 'nashpy', 1)
    >>> {action: round(p, 9) for action, p in by_nashpy[0]["Row"].items()}
    {'a0': 0.333333333, 'a1': 0.333333333, 'a2': 0.333333333}
    """
    require_two_players(game, "zero_sum_lp")
    rtol = check_rtol(rtol)
    if arithmetic not in _ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {_ARITHMETICS}, got {arithmetic!r}")
    if check_backend(backend) == "nashpy":
        return _zero_sum_lp_nashpy(game, arithmetic, rtol)
    if arithmetic == "exact" and not game.is_exact:
        game_for_exact = game.to_exact()
    else:
        game_for_exact = game
    sol = solve_zero_sum(game_for_exact, arithmetic=arithmetic, rtol=rtol)
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
        options={"arithmetic": arithmetic, "rtol": rtol, "backend": "native"},
        rtol=max(rtol, 1e-12),
        notes=notes,
        libraries=("numpy", "scipy"),
        source=game,
    )

r"""Lemke–Howson: one Nash equilibrium of a two-player game by complementary pivoting.

The algorithm follows a path of the best-response polytopes' edges from the artificial
equilibrium ``(0, 0)``, dropping one *initial label* (an action of either player), until every
label is present again: that vertex pair is a Nash equilibrium (Lemke and Howson 1964; von
Stengel 2007, Algorithm 3.6). Labels ``0 .. m-1`` are the row player's actions and
``m .. m+n-1`` the column player's. Different labels may reach different equilibria, and some
equilibria are reached from no label, so the status is ``PARTIAL``.

Steps, as implemented here:

1. Map each player's payoffs to ``[1, 2]`` (a positive affine transform: same equilibria, same
   path) and set up one compact tableau per polytope (see :mod:`._lh_kernel`).
2. Pivot, breaking ties in the ratio test lexicographically, so that in exact arithmetic
   degenerate games neither stall nor cycle. Stop when the initial label leaves the basis, or at
   ``max_pivots`` (status ``LIMIT_REACHED``, no equilibrium for that label). In floats, rounding
   can misjudge a near-tie and make the path cycle; a lexicographic path visits no pair of bases
   twice, so a float path that returns to a pair of bases it has visited has cycled and is
   stopped. The kernels compare the bases, exactly and as sets, with those at checkpoints placed
   at pivots 0, 1, 2, 4, 8, ... (Brent 1980; see :mod:`._lh_kernel`): a few extra operations per
   pivot, and a cycle entered after ``S`` pivots, of length ``L``, is stopped within
   ``2 max(S, L) + L`` pivots. As a second guard, a float path longer than :func:`path_bound`
   (``comb(m+n, m)**2`` pivots) has cycled too and is stopped there.
3. Polish the endpoint: recompute the vertex from the final bases (one LU solve per polytope)
   and by least squares on the indifference equations of its supports; keep the candidate with
   the smallest regret. For exact games, solve the final bases in rationals instead and verify
   the equilibrium exactly; if that fails, pivot again in exact arithmetic.
4. Certify: every listed profile has max regret at most ``rtol`` times the payoff range (exactly
   0 in exact arithmetic). When a float path cycles, breaks down (no positive pivot entry) or
   ends at an endpoint that fails certification, games of at most ``EXACT_PIVOTING_LIMIT``
   profiles are walked again in exact arithmetic on the exact binary values of the float payoffs
   (exact lexicographic pivoting ends at an equilibrium), and that endpoint is certified in the
   float game. Larger games report the failure (see :func:`lemke_howson`, Returns); a profile
   that fails certification is never returned.

Paths can be exponentially long (Savani and von Stengel 2006); on random 400x400 games some
exceed 10^6 pivots, hence the limit. Long paths run in a numba-compiled loop when numba is
importable (``kernel="auto"``), else in numpy with BLAS rank-1 updates; once the compiled kernels
are loaded in the process, a whole path (tableaux, pivots, endpoint and its regret) is one
compiled call, so short paths cost little more than their pivots plus the certification.

References
----------
Brent, R. P. (1980). An improved Monte Carlo factorization algorithm. *BIT Numerical Mathematics*
20(2), 176-184.
Lemke, C. E. and Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413-423.
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. Chapter 3 of *Algorithmic Game Theory*, Cambridge University Press.
Savani, R. and von Stengel, B. (2006). Hard-to-solve bimatrix games. *Econometrica* 74(2).
Codenotti, B., De Rossi, S. and Pagan, M. (2008). An experimental analysis of Lemke-Howson
algorithm. arXiv:0811.3247.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame
from ..numeric import DEFAULT_RTOL, to_exact_array, to_float_array
from . import _lh_kernel as K
from ._common import check_rtol, require_two_players, resolve_arithmetic
from ._exact import solve_exact
from .result import EquilibriumResult, Status, make_result

__all__ = ["lemke_howson", "lemke_howson_all", "path_bound"]

BACKENDS = ("native", "nashpy")
KERNELS = ("auto", "numpy", "numba")

#: ``kernel="auto"``: after roughly this many seconds of numpy pivoting (estimated from the
#: tableau size, so the choice is deterministic), a path continues in the numba kernel, whose
#: one-time import and load cost is about a second.
SWITCH_SECONDS = 1.0

#: ``arithmetic="auto"`` pivots again in exact arithmetic only for games up to this many profiles
#: when the exact re-solve of the float path's final bases fails (degenerate games); in float
#: arithmetic, games up to this many profiles are walked again exactly (on the float payoffs' exact
#: binary values) when the float path cycles, breaks down or ends at an uncertified endpoint. The
#: exact walk on float values is slow: measured 0.2-25 s per label on random 50x50 games.
EXACT_PIVOTING_LIMIT = 2_500

#: What became of one label's path (``options["outcome"]``; ``options["outcomes"]`` per label).
EQUILIBRIUM, PIVOT_LIMIT, CYCLED, FAILED = "equilibrium", "pivot_limit", "cycled", "failed"

#: ``initial_label="any"``: the per-label pivot budget of the first round, doubled every round. On random
#: games with standard normal payoffs few paths are short (of the 800 labels of three 400x400 games, 14-36
#: finish within 16 pivots, 39-74 within 64, 78-125 within 256; the rest run far longer), so the search
#: costs about ``budget / (share of labels within budget)`` pivots. Measured over 11 such 400x400 games,
#: first budgets of 16, 32, 64 and 128 pivots took 5,247, 6,916, 11,016 and 15,152 pivots in all (0.69,
#: 0.70, 0.90, 1.13 s); on four 800x800 games 16 was also the cheapest (1.9 s against 2.8-3.0 s).
ANY_FIRST_BUDGET = 16
ANY = "any"


@functools.cache
def path_bound(m: int, n: int) -> int:
    """More pivots than any lexicographic Lemke–Howson path of an ``m x n`` game can take.

    A vertex of ``P = {x >= 0 : B^T x <= 1}`` is determined by its basis, ``n`` of the ``m + n``
    variables, so ``P`` has at most ``C = comb(m + n, m)`` vertices, and so has ``Q``. The path
    moves along the graph of almost completely labelled vertex pairs, in which the lexicographic
    perturbation makes every vertex nondegenerate; there it is a simple path (its vertex pairs
    have degree 1 at its two ends and 2 elsewhere), so it visits each of the at most ``C**2``
    pairs of bases once: at most ``C**2 - 1`` pivots (Shapley 1974; von Stengel 2007, ch. 3 on the
    path and on lexicographic degeneracy resolution). A float path still running after ``C**2``
    pivots has cycled (rounding misjudged a near-tie). The kernels detect the return to a pair of
    bases directly, soon after the cycle starts (see the module docstring); this bound is the second
    guard.

    >>> path_bound(3, 3), path_bound(7, 4)
    (400, 108900)
    """
    return math.comb(m + n, m) ** 2


# ------------------------------------------------------------------------------------ data


class _Prepared:
    """A game's payoffs in the forms the paths need (the positive tables are built on demand)."""

    __slots__ = ("A", "B", "Aex", "Bex", "atols", "sharp", "ranges", "_maps", "_positive")

    def __init__(self, A: np.ndarray, B: np.ndarray, Aex: np.ndarray | None, Bex: np.ndarray | None,
                 atols: tuple[float, ...], sharp: float, bounds: tuple[tuple[float, float], ...],
                 ranges: tuple[tuple[Fraction, Fraction], ...] = ()) -> None:
        self.A, self.B = A, B  # float payoffs
        self.Aex, self.Bex = Aex, Bex  # exact payoffs (exact arithmetic only)
        # each player's certification tolerance, and a regret below which no player's needs polishing
        self.atols, self.sharp = atols, sharp
        self.ranges = ranges  # (min, spread) of Aex and Bex
        # (min, spread) of A and B from their (min, max), e.g. the game's cached payoff_bounds()
        (la, ha), (lb, hb) = bounds
        self._maps = ((la, ha - la if ha > la else 1.0), (lb, hb - lb if hb > lb else 1.0))
        self._positive: tuple[np.ndarray, np.ndarray] | None = None

    def maps(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``(min, spread)`` of ``A`` and of ``B``: the affine maps to ``[1, 2]``."""
        return self._maps

    @property
    def Ap(self) -> np.ndarray:
        """Positive float payoffs of the row player, in ``[1, 2]``."""
        return self._positive_pair()[0]

    @property
    def Bp(self) -> np.ndarray:
        """Positive float payoffs of the column player, in ``[1, 2]``."""
        return self._positive_pair()[1]

    def _positive_pair(self) -> tuple[np.ndarray, np.ndarray]:
        if self._positive is None:
            (la, sa), (lb, sb) = self.maps()
            self._positive = ((self.A - la) / sa + 1.0, (self.B - lb) / sb + 1.0)
        return self._positive

    def start(self, label: int) -> K.PathState:
        """A fresh path state: both tableaux built directly in positive form (one temporary-free pass each)."""
        m, n = self.A.shape
        (la, sa), (lb, sb) = self.maps()
        T0 = np.empty((n, m + 1), order="F")
        T1 = np.empty((m, n + 1), order="F")
        # the same operations as ``(M - lo) / spread + 1``, so the same values and the same path
        for T, M, lo, spread, k in ((T0, self.B.T, lb, sb, m), (T1, self.A, la, sa, n)):
            V = T[:, :k]
            np.subtract(M, lo, out=V)
            np.divide(V, spread, out=V)
            np.add(V, 1.0, out=V)
            T[:, k] = 1.0
        return K.start_tableaux(T0, T1, label)

    def positive_entry(self, player: int, i: int, j: int) -> Fraction:
        """One entry of ``Ap`` (player 0) or ``Bp`` (player 1) in exact arithmetic."""
        M = self.Aex if player == 0 else self.Bex
        assert M is not None
        lo, spread = self.ranges[player]
        return (M[i, j] - lo) / spread + 1

    def positive_exact(self) -> tuple[np.ndarray, np.ndarray]:
        """``Ap`` and ``Bp`` in exact arithmetic (the same map to ``[1, 2]``, so the same path).

        In float arithmetic the exact payoffs are first set to the float payoffs' exact binary values.
        """
        if self.Aex is None or self.Bex is None:
            self.Aex, self.Bex = to_exact_array(self.A), to_exact_array(self.B)
            self.ranges = (_exact_range(self.Aex), _exact_range(self.Bex))
        return _positive_exact(self.Aex), _positive_exact(self.Bex)


@dataclass(frozen=True)
class _Outcome:
    label: int
    kind: str  # EQUILIBRIUM, PIVOT_LIMIT, CYCLED or FAILED
    pivots: int  # of the path whose endpoint this is (the exact re-walk's if there was one)
    profile: tuple[np.ndarray, np.ndarray] | None
    exact: bool
    note: str
    walked: int = -1  # pivots walked in all: a failed float path's plus its exact re-walk's (-1: ``pivots``)

    def __post_init__(self) -> None:
        if self.walked < 0:
            object.__setattr__(self, "walked", self.pivots)


def _exact_range(M: np.ndarray) -> tuple[Fraction, Fraction]:
    flat = M.reshape(-1)
    lo, hi = min(flat), max(flat)
    return lo, (hi - lo if hi > lo else Fraction(1))


def _positive_exact(M: np.ndarray) -> np.ndarray:
    """The same map to ``[1, 2]`` as :meth:`_Prepared.start`, in rationals (so both walk the same path)."""
    lo, spread = _exact_range(M)
    return (M - lo) / spread + 1


def _prepare(game: NormalFormGame, exact: bool, rtol: float) -> _Prepared:
    A, B = (np.ascontiguousarray(to_float_array(M)) for M in game.bimatrix())
    Aex = Bex = None
    ranges: tuple[tuple[Fraction, Fraction], ...] = ()
    if exact:
        Aex, Bex = (to_exact_array(M) for M in game.bimatrix())
        ranges = (_exact_range(Aex), _exact_range(Bex))
    atols = game.tolerances(rtol, mixed=True)
    sharp = min(min(atols), min(game.tolerances(1e-12)))  # within every tolerance and 1e-12 of every range
    return _Prepared(A, B, Aex, Bex, atols, sharp, game.payoff_bounds(), ranges)


def _label_of(game: NormalFormGame, label: Any) -> int:
    m, n = game.shape
    if isinstance(label, tuple) and len(label) == 2:
        player = game.player_index(label[0])
        k = game.action_index(player, label[1])
        return k if player == 0 else m + k
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool) and 0 <= int(label) < m + n:
        return int(label)
    raise ValueError(
        f"initial_label must be an int in range({m + n}) (0..{m - 1} are {game.players[0]!r}'s actions, "
        f"{m}..{m + n - 1} {game.players[1]!r}'s), a (player, action) pair or 'any'; got {label!r}"
    )


def _pivots(count: int, kind: str = "") -> str:
    """``"1 pivot"``, ``"4 exact pivots"``: a pivot count for the notes."""
    return f"{count} {kind + ' ' if kind else ''}pivot{'' if count == 1 else 's'}"


def _describe(game: NormalFormGame, label: int) -> str:
    m = game.shape[0]
    player, k = (0, label) if label < m else (1, label - m)
    return f"label {label} ({game.players[player]}: {game.actions[player][k]})"


# ------------------------------------------------------------------------------------ polishing


def _excess(prep: _Prepared, x: np.ndarray, y: np.ndarray) -> float:
    """The largest player regret as a multiple of that player's tolerance: certified when at most 1."""
    Ay, xB = prep.A @ y, x @ prep.B
    regrets = (float(Ay.max() - x @ Ay), float(xB.max() - xB @ y))
    return max(r / t if t > 0 else (0.0 if r <= 0 else math.inf) for r, t in zip(regrets, prep.atols, strict=True))


def _normalized(v: np.ndarray) -> np.ndarray | None:
    if not np.all(np.isfinite(v)) or np.any(v < -1e-12):
        return None
    v = np.clip(v, 0.0, None)
    total = v.sum()
    return v / total if total > 0 else None


def _negligible(prep: _Prepared, regret: float) -> bool:
    """True when an endpoint's (largest) regret needs no polishing: at most ``1e-12`` of every player's
    payoff range (and within every player's tolerance)."""
    return regret <= prep.sharp


def _tight_systems(bases: np.ndarray, m: int, n: int) -> tuple[list[int], list[int], list[int], list[int]]:
    """Supports and tight constraints of the final vertex pair, read off the bases.

    In ``P``, the basic ``x_i`` (support ``S``) satisfy ``(B^T x)_j = 1`` for every nonbasic slack
    ``s_j`` (tight columns ``T'``); a basis has ``|S| = |T'|``. Likewise in ``Q``. So each vertex is
    one square system of the size of its support, not of the whole basis.
    """
    b0, b1, w0, w1 = K.split_bases(bases, m, n)
    S = [lab for lab in b0.tolist() if lab < m]
    tight_cols = [lab - m for lab in range(m, m + n) if w0[lab] < 0]
    T = [lab - m for lab in b1.tolist() if lab >= m]
    tight_rows = [lab for lab in range(m) if w1[lab] < 0]
    return S, tight_cols, T, tight_rows


def _basis_solve(prep: _Prepared, bases: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The vertex pair of the final bases, recomputed from scratch (one LU solve per polytope)."""
    m, n = prep.A.shape
    S, cols, T, rows = _tight_systems(bases, m, n)
    if len(S) != len(cols) or len(T) != len(rows) or not S or not T:
        return None
    try:
        xs = np.linalg.solve(prep.Bp[np.ix_(S, cols)].T, np.ones(len(S)))
        ys = np.linalg.solve(prep.Ap[np.ix_(rows, T)], np.ones(len(T)))
    except np.linalg.LinAlgError:
        return None
    x = np.zeros(m)
    y = np.zeros(n)
    x[S] = xs
    y[T] = ys
    xn, yn = _normalized(x), _normalized(y)
    return (xn, yn) if xn is not None and yn is not None else None


def _support_solve(M: np.ndarray, S: np.ndarray, T: np.ndarray, size: int) -> np.ndarray | None:
    """Least squares: a mixture on ``T`` making every row of ``S`` indifferent under ``M``."""
    k = len(T)
    E = np.zeros((len(S) + 1, k + 1))
    E[:-1, :k] = M[np.ix_(S, T)]
    E[:-1, k] = -1.0
    E[-1, :k] = 1.0
    rhs = np.zeros(len(S) + 1)
    rhs[-1] = 1.0
    z, *_ = np.linalg.lstsq(E, rhs, rcond=None)
    out = np.zeros(size)
    out[T] = z[:k]
    return _normalized(out)


def _polish(
    prep: _Prepared, x: np.ndarray, y: np.ndarray, bases: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Best of: the basis re-solve, the raw endpoint, the support least squares (smallest
    :func:`_excess`, which it returns).

    The basis re-solve is tried first and accepted at once when its regrets are negligible.
    """
    cands = []
    if bases is not None:
        sol = _basis_solve(prep, bases)
        if sol is not None:
            excess = _excess(prep, *sol)
            if excess <= 1e-3:
                return sol[0], sol[1], excess
            cands.append(sol)
    xs, ys = _normalized(x), _normalized(y)
    if xs is not None and ys is not None:
        cands.append((xs, ys))
        S, T = np.flatnonzero(xs > 1e-12), np.flatnonzero(ys > 1e-12)
        xl = _support_solve(prep.B.T, T, S, len(xs))  # x makes the column player indifferent on T
        yl = _support_solve(prep.A, S, T, len(ys))  # y makes the row player indifferent on S
        if xl is not None and yl is not None:
            cands.append((xl, yl))
    if not cands:
        return x, y, float("inf")
    scored = [(_excess(prep, cx, cy), k) for k, (cx, cy) in enumerate(cands)]
    best, k = min(scored)
    return cands[k][0], cands[k][1], best


def _exact_from_bases(prep: _Prepared, bases: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The vertex pair of the final bases in rational arithmetic, if it is an exact equilibrium."""
    m, n = prep.A.shape
    S, cols, T, rows = _tight_systems(bases, m, n)
    if len(S) != len(cols) or len(T) != len(rows) or not S or not T:
        return None
    one = Fraction(1)
    entry = prep.positive_entry
    xs = solve_exact([[entry(1, i, j) for i in S] for j in cols], [one] * len(S))
    ys = solve_exact([[entry(0, i, j) for j in T] for i in rows], [one] * len(T))
    if xs is None or ys is None or any(v < 0 for v in xs) or any(v < 0 for v in ys):
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for i, v in zip(S, xs, strict=True):
        x[i] = v
    for j, v in zip(T, ys, strict=True):
        y[j] = v
    return _exact_profile(prep, x, y)


def _exact_profile(prep: _Prepared, x: list[Fraction], y: list[Fraction]) -> tuple[np.ndarray, np.ndarray] | None:
    sx, sy = sum(x, Fraction(0)), sum(y, Fraction(0))
    if sx <= 0 or sy <= 0:
        return None
    assert prep.Aex is not None and prep.Bex is not None  # exact arithmetic only
    xe = np.array([v / sx for v in x], dtype=object)
    ye = np.array([v / sy for v in y], dtype=object)
    Ay = prep.Aex.dot(ye)
    xB = xe.dot(prep.Bex)
    if max(Ay) != xe.dot(Ay) or max(xB) != xB.dot(ye):
        return None
    return xe, ye


# ------------------------------------------------------------------------------------ paths


def _numpy_seconds_per_pivot(m: int, n: int) -> float:
    """Rough cost of one numpy pivot (measured: ~10 us overhead + ~0.5 ns per tableau entry)."""
    return 10e-6 + 0.5e-9 * (m + 1) * (n + 1)


def _walk(prep: _Prepared, label: int, max_pivots: int, kernel: str) -> K.PathState:
    m, n = prep.A.shape
    state = prep.start(label)
    if kernel == "numba":
        K.run_numba(state, max_pivots)
        return state
    if kernel == "auto" and K.numba_ready():
        K.run_numba(state, max_pivots)
        return state
    if kernel == "numpy" or not K.numba_available():
        K.run_numpy(state, max_pivots)
        return state
    switch = max(1000, int(SWITCH_SECONDS / _numpy_seconds_per_pivot(m, n)))
    K.run_numpy(state, min(max_pivots, switch))
    if state.code == K.LIMIT and state.pivots < max_pivots:
        K.run_numba(state, max_pivots)
    return state


def _walk_to_endpoint(prep: _Prepared, label: int, max_pivots: int, kernel: str) -> K.Endpoint:
    """The path to its endpoint. With numba loaded (``kernel="auto"``) or asked for, one compiled call."""
    if (kernel == "numba" or (kernel == "auto" and K.numba_ready())) and K.path_kernel() is not None:
        return K.run_path(prep.A, prep.B, prep.maps(), label, max_pivots)
    return K.endpoint(_walk(prep, label, max_pivots, kernel), prep.A, prep.B)


def _native_path(game: NormalFormGame, prep: _Prepared, label: int, max_pivots: int, kernel: str,
                 exact: bool, exact_required: bool, shared_cap: bool = False) -> _Outcome:
    """One label's path. An exact re-walk (after a failed float path) is allowed ``max_pivots`` pivots of
    its own, or with ``shared_cap`` what the float path left of ``max_pivots`` (so the two walks together
    stay within it: ``initial_label="any"``)."""
    where = _describe(game, label)
    m, n = prep.A.shape
    bound = path_bound(m, n)
    end = _walk_to_endpoint(prep, label, min(max_pivots, bound), kernel)
    pivots = end.pivots
    # walk again exactly when the float path fails: always if arithmetic="exact", else on small games, and on
    # exact games whose float image is another game (asked only when needed: it scans the exact table)
    rewalk = (exact and exact_required) or m * n <= EXACT_PIVOTING_LIMIT
    pivot_exactly = exact and rewalk  # exact results wanted: skip the float certification
    if not rewalk and exact and end.code != K.DONE and game.float_image_loss() is not None:
        rewalk = pivot_exactly = True
    if end.code in (K.LIMIT, K.CYCLED):
        if end.code == K.CYCLED:
            why = (f"the float path returned to a pair of bases it had visited after {_pivots(pivots)}, which no "
                   "lexicographic path does: rounding in near-tied ratio tests made it cycle")
        elif pivots >= max_pivots:
            return _Outcome(label, PIVOT_LIMIT, pivots, None, False,
                            f"{where}: pivot limit reached after {_pivots(pivots)}; no equilibrium from this label")
        else:
            why = (f"the float path passed {bound} pivots, more than any lexicographic path of a {m}x{n} game "
                   "takes: rounding in near-tied ratio tests made it cycle")
        if not rewalk:
            return _Outcome(label, CYCLED, pivots, None, False,
                            f"{where}: path failed: {why}; stopped, no equilibrium from this label")
        return _exact_rewalk(prep, label, max_pivots, exact, where, why, pivots, shared_cap)
    if end.code == K.DONE:
        if exact:
            prof = _exact_from_bases(prep, end.bases)
            if prof is not None:
                return _Outcome(label, EQUILIBRIUM, pivots, prof, True, f"{where}: {_pivots(pivots)}")
            if not pivot_exactly and game.float_image_loss() is not None:
                pivot_exactly = rewalk = True  # the float game is another game: its endpoint proves nothing
        if pivot_exactly:
            why = f"the float path's endpoint after {_pivots(pivots)} is not an exact equilibrium"
        else:
            if _negligible(prep, end.regret):  # no polishing needed
                return _Outcome(label, EQUILIBRIUM, pivots, (end.x, end.y), False, f"{where}: {_pivots(pivots)}")
            x, y, excess = _polish(prep, end.x, end.y, end.bases)
            if excess <= 1.0:
                return _Outcome(label, EQUILIBRIUM, pivots, (x, y), False, f"{where}: {_pivots(pivots)}")
            why = (f"the float path's endpoint after {_pivots(pivots)} failed certification (a regret "
                   f"{excess:.3g} times its player's tolerance)")
    else:
        why = f"numerical breakdown after {_pivots(pivots, 'float')} (no positive pivot entry)"
    if not rewalk:
        return _Outcome(label, FAILED, pivots, None, False,
                        f"{where}: path failed: {why}; no equilibrium from this label (the game has more than "
                        f"{EXACT_PIVOTING_LIMIT:,} profiles, too many to walk again exactly)")
    return _exact_rewalk(prep, label, max_pivots, exact, where, why, pivots, shared_cap)


def _exact_rewalk(prep: _Prepared, label: int, max_pivots: int, exact: bool, where: str, why: str,
                  float_pivots: int, shared_cap: bool) -> _Outcome:
    """The path again on ``Fraction`` tableaux (exact lexicographic pivoting: no cycling, ends at an
    equilibrium), on the exact payoffs or on the float payoffs' exact binary values; in float arithmetic
    its endpoint is rounded to floats and certified in the float game.

    ``float_pivots`` were walked by the failed float path; with ``shared_cap`` the re-walk gets only what
    they left of ``max_pivots``, else ``max_pivots`` of its own. The outcome's ``walked`` counts both walks.
    """
    limit = max_pivots - float_pivots if shared_cap else max_pivots
    if limit < 1:
        return _Outcome(label, PIVOT_LIMIT, 0, None, False,
                        f"{where}: pivot limit reached: the float path's {_pivots(float_pivots)} left nothing of "
                        f"the cap of {max_pivots:,} for an exact re-walk ({why}); no equilibrium from this label",
                        float_pivots)
    code, pivots, xq, yq = K.run_exact(*prep.positive_exact(), label, limit)
    walked = float_pivots + pivots
    if code == K.LIMIT:
        left = f", what the float path left of the cap of {max_pivots:,}" if shared_cap else ""
        return _Outcome(label, PIVOT_LIMIT, pivots, None, False,
                        f"{where}: pivot limit reached after {_pivots(pivots, 'exact')}{left} ({why}); "
                        "no equilibrium from this label", walked)
    prof = _exact_profile(prep, xq, yq) if code == K.DONE else None
    if prof is None:  # pragma: no cover - exact pivoting ends at an equilibrium
        return _Outcome(label, FAILED, pivots, None, False,
                        f"{where}: path failed: exact pivoting failed after {_pivots(pivots)} ({why})", walked)
    if exact:
        return _Outcome(label, EQUILIBRIUM, pivots, prof, True, f"{where}: {_pivots(pivots)} (exact pivoting)",
                        walked)
    x, y = (np.asarray(v, dtype=float) for v in prof)
    excess = _excess(prep, x, y)
    if excess <= 1.0:
        return _Outcome(label, EQUILIBRIUM, pivots, (x, y), False,
                        f"{where}: {_pivots(pivots)} (walked again in exact arithmetic on the payoffs' binary values: "
                        f"{why})", walked)
    return _Outcome(label, FAILED, pivots, None, False,  # pragma: no cover - rounding an exact equilibrium
                    f"{where}: path failed: the exact re-walk's equilibrium rounded to floats has a regret "
                    f"{excess:.3g} times its player's tolerance ({why}); no equilibrium from this label", walked)


def _nashpy_path(game: NormalFormGame, prep: _Prepared, label: int, max_pivots: int) -> _Outcome:
    """nashpy's tableaux and lexicographic pivoting, stepped here so that the pivot limit and the cycle
    checks apply; its exceptions become a failed outcome.

    A return to a pair of bases (the two tableaux' sets of nonbasic variables) is detected as in
    :mod:`._lh_kernel`: the pair is compared, as sets, with the pair at a checkpoint placed at pivots
    0, 1, 2, 4, 8, ... (Brent 1980), in constant memory; :func:`path_bound` stays as a second guard.
    """
    import nashpy.linalg as nl

    where = _describe(game, label)
    m, n = game.shape
    bound = path_bound(m, n)
    limit = min(max_pivots, bound)
    pivots = 0
    try:
        with np.errstate(all="ignore"):
            cols = nl.create_col_tableau(prep.A, True)
            rows = nl.create_row_tableau(prep.B, True)
            order = (rows, cols) if label in rows.non_basic_variables else (cols, rows)
            everything = cols.labels
            entering, turn = label, 0
            seen, checkpoint = (rows.non_basic_variables, cols.non_basic_variables), 1
            while True:
                if pivots >= limit:
                    if pivots >= max_pivots:
                        return _Outcome(label, PIVOT_LIMIT, pivots, None, False,
                                        f"{where}: nashpy pivot limit reached after {_pivots(pivots)}; no equilibrium")
                    return _Outcome(label, CYCLED, pivots, None, False,
                                    f"{where}: path failed: nashpy's float path passed {bound} pivots, more than any "
                                    f"lexicographic path of a {m}x{n} game takes (it cycled); stopped, no equilibrium")
                entering = order[turn].pivot_and_drop_label(entering)
                pivots += 1
                turn = 1 - turn
                bases = (rows.non_basic_variables, cols.non_basic_variables)
                if bases[0] | bases[1] == everything:
                    break
                if K.DETECT_REVISITS and bases == seen:
                    return _Outcome(label, CYCLED, pivots, None, False,
                                    f"{where}: path failed: nashpy's float path returned to a pair of bases it had "
                                    f"visited after {_pivots(pivots)}, which no lexicographic path does (rounding, "
                                    "or nashpy's pivoting on a degenerate tableau such as a one-column game's); "
                                    "stopped, no equilibrium")
                if pivots == checkpoint:
                    seen, checkpoint = bases, 2 * checkpoint
            x = np.asarray(rows.to_strategy(cols.non_basic_variables), dtype=float)
            y = np.asarray(cols.to_strategy(rows.non_basic_variables), dtype=float)
    except Exception as exc:  # nashpy's own failures (e.g. KeyError on 1xn games); never ours
        return _Outcome(label, FAILED, pivots, None, False,
                        f"{where}: path failed: nashpy raised {type(exc).__name__}({exc}) after {_pivots(pivots)}; "
                        "no equilibrium from this label")
    if x.shape == (m,) and y.shape == (n,):
        x, y, excess = _polish(prep, x, y, None)
        if excess <= 1.0:
            return _Outcome(label, EQUILIBRIUM, pivots, (x, y), False, f"{where}: {_pivots(pivots, 'nashpy')}")
    else:
        excess = float("nan")
    return _Outcome(label, FAILED, pivots, None, False,
                    f"{where}: path failed: nashpy's output after {_pivots(pivots)} is not an equilibrium "
                    f"(a regret {excess:.3g} times its player's tolerance); dropped")


# ------------------------------------------------------------------------------------ public


def _setup(game: NormalFormGame, max_pivots: int, rtol: float, backend: str, arithmetic: str, kernel: str,
           method: str) -> tuple[_Prepared, str, bool]:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    require_two_players(game, method)
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, got {kernel!r}")
    if kernel == "numba" and not K.numba_available():
        raise NotApplicableError("kernel='numba' needs numba, which is not installed; use kernel='auto'")
    if isinstance(max_pivots, bool) or not isinstance(max_pivots, (int, np.integer)) or max_pivots < 1:
        raise ValueError(f"max_pivots must be a positive int, got {max_pivots!r}")
    arith = resolve_arithmetic(game, arithmetic, method=method, exact_supported=backend == "native")
    prep = _prepare(game, arith == "exact", rtol)
    return prep, arith, arithmetic == "exact"


def _run(game, prep, label, max_pivots, backend, kernel, arith, exact_required, shared_cap=False) -> _Outcome:
    if backend == "nashpy":
        return _nashpy_path(game, prep, label, int(max_pivots))
    return _native_path(game, prep, label, int(max_pivots), kernel, arith == "exact", exact_required, shared_cap)


def _result(game: NormalFormGame, outcomes: list[_Outcome], arith: str, options: dict[str, Any], method: str,
            rtol: float, libraries: tuple[str, ...], *, status: Status | None = None,
            extra_notes: tuple[str, ...] = ()) -> EquilibriumResult:
    found = [o.profile for o in outcomes if o.profile is not None]
    exact = arith == "exact" and all(o.exact for o in outcomes if o.profile is not None)
    notes = [o.note for o in outcomes] + list(extra_notes)
    profiles: list[tuple[np.ndarray, ...]]
    if exact:
        work, profiles = game.to_exact(), list(found)
    else:
        work = game.to_float()
        profiles = [tuple(np.asarray(s, dtype=float) for s in prof) for prof in found]
        if arith == "exact":
            notes.append("some endpoints could not be certified exactly; all equilibria are given in floats")
    if status is None:
        status = Status.LIMIT_REACHED if any(o.kind in (PIVOT_LIMIT, CYCLED) for o in outcomes) else Status.PARTIAL
    notes.append(
        "Lemke-Howson finds the equilibria at the end of its paths; others may exist"
        if method == "lemke_howson_all"
        else "Lemke-Howson finds one equilibrium per initial label; others may exist"
    )
    return make_result(
        work, profiles, method=method, arithmetic="exact" if exact else "float", status=status, options=options,
        rtol=max(rtol, 1e-12), notes=notes, libraries=libraries, source=game,
    )


@dataclass(frozen=True)
class _Search:
    """What :func:`_search_labels` found: the first equilibrium's outcome (or None) and the search's record."""

    found: _Outcome | None
    ended: tuple[_Outcome, ...]  # labels whose path ended without an equilibrium (cycled or failed)
    unfinished: int  # labels started whose path was still running at its cap when the search stopped
    untried: int  # labels never started (the total budget ran out first)
    tried: int  # distinct labels started
    rounds: int
    budget: int  # the per-label budget of the last round
    last_cap: int  # the cap of the last path started: the round's budget, or less if max_pivots had less left
    total: int  # pivots walked over all labels and rounds (a failed float path and its exact re-walk both)


def _search_labels(game: NormalFormGame, prep: _Prepared, max_pivots: int, backend: str, kernel: str, arith: str,
                   exact_required: bool) -> _Search:
    """Labels ``0 .. m+n-1`` in rounds, each path from scratch with a per-label budget of
    ``ANY_FIRST_BUDGET * 2**(round - 1)`` pivots (capped by what is left of ``max_pivots``), until a path
    ends at a certified equilibrium. A label whose path ended without one is not tried again. A label's
    cap covers all it walks: a failed float path and its exact re-walk together (``_Outcome.walked``)."""
    m, n = game.shape
    pending = list(range(m + n))
    ended: list[_Outcome] = []
    tried: set[int] = set()
    total, rounds, budget, cap = 0, 0, ANY_FIRST_BUDGET, 0
    while pending and total < max_pivots:
        rounds += 1
        unfinished: list[int] = []
        for k, label in enumerate(pending):
            if total >= max_pivots:
                unfinished.extend(pending[k:])
                break
            cap = min(budget, max_pivots - total)
            outcome = _run(game, prep, label, cap, backend, kernel, arith, exact_required, True)
            total += outcome.walked
            tried.add(label)
            if outcome.kind == EQUILIBRIUM:
                return _Search(outcome, tuple(ended), 0, m + n - len(tried), len(tried), rounds, budget, cap, total)
            if outcome.kind == PIVOT_LIMIT:
                unfinished.append(label)
            else:
                ended.append(outcome)
        pending = unfinished
        if pending and total < max_pivots:
            budget *= 2
    untried = m + n - len(tried)
    return _Search(None, tuple(ended), len(pending) - untried, untried, len(tried), rounds, budget, cap, total)


def _any_label_result(game: NormalFormGame, prep: _Prepared, options: dict[str, Any], arith: str,
                      exact_required: bool, rtol: float, libs: tuple[str, ...]) -> EquilibriumResult:
    m, n = game.shape
    max_pivots, backend, kernel = options["max_pivots"], options["backend"], options["kernel"]
    found = _search_labels(game, prep, max_pivots, backend, kernel, arith, exact_required)
    cycled = sum(o.kind == CYCLED for o in found.ended)
    ended = (f"; {len(found.ended)} label{'' if len(found.ended) == 1 else 's'} ended without an equilibrium "
             f"({cycled} cycled, {len(found.ended) - cycled} failed)" if found.ended else "")
    last = f"{found.budget} in the last"
    if found.last_cap < found.budget:
        last += f"; the last path started was capped at {_pivots(found.last_cap)}, all that was left of max_pivots"
    searched = (f"{found.tried} of {m + n} labels tried in {found.rounds} round{'' if found.rounds == 1 else 's'} "
                f"(per-label budget {ANY_FIRST_BUDGET} pivots, doubled each round, {last}), "
                f"{_pivots(found.total)} in all{ended}")
    options["pivots_total"], options["rounds"], options["labels_tried"] = found.total, found.rounds, found.tried
    winner = found.found
    if winner is not None:
        options.update(label=winner.label, pivots=winner.pivots, outcome=winner.kind)
        return _result(game, [winner], arith, options, "lemke_howson", rtol, libs, status=Status.PARTIAL,
                       extra_notes=(f"initial_label='any': {searched}",))
    options.update(label=None, pivots=None)
    if found.unfinished or found.untried:
        options["outcome"] = PIVOT_LIMIT
        left = []
        if found.unfinished:
            left.append(f"{found.unfinished} label{' was' if found.unfinished == 1 else 's were'} started "
                        "and left unfinished")
        if found.untried:
            left.append(f"{found.untried} {'was' if found.untried == 1 else 'were'} never tried")
        why = (f"initial_label='any': total pivot limit max_pivots={max_pivots:,} reached; "
               f"{' and '.join(left)}; no equilibrium. {searched}")
        status = Status.LIMIT_REACHED
    else:  # every label's path ended without an equilibrium (float trouble on a large game, or nashpy)
        options["outcome"] = CYCLED if cycled else FAILED
        why = f"initial_label='any': every label's path ended without an equilibrium; {searched}"
        status = Status.LIMIT_REACHED if cycled else Status.PARTIAL
    first = (found.ended[0].note,) if found.ended else ()
    return _result(game, [], arith, options, "lemke_howson", rtol, libs, status=status, extra_notes=(why, *first))


def lemke_howson(
    game: NormalFormGame,
    *,
    initial_label: int | tuple[int | str, int | str] | str = 0,
    max_pivots: int = 1_000_000,
    rtol: float = DEFAULT_RTOL,
    backend: str = "native",
    arithmetic: str = "auto",
    kernel: str = "auto",
) -> EquilibriumResult:
    """One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game:
        A two-player game.
    initial_label:
        The label dropped first: ``0 .. m-1`` for the row player's actions, ``m .. m+n-1`` for
        the column player's, or a ``(player, action)`` pair such as ``("Row", "Up")``. Or
        ``"any"``: search the labels for a short path. Labels ``0, 1, ..., m+n-1`` are tried in
        rounds, each path from its start, with a per-label budget of ``ANY_FIRST_BUDGET`` (16)
        pivots doubled every round, and the first path that ends at a certified equilibrium
        gives the result. A label whose path ended without one (cycled or failed) is not tried
        again. Deterministic. Since the budget doubles, all earlier rounds together walk at most
        as many pivots as one full round at the last budget, and a label whose path takes ``p``
        pivots (counting both walks of a path walked again exactly) ends in the first round whose
        budget is at least ``p`` (if ``max_pivots`` lasts that long): that budget is below ``2p``
        when ``p > 16``, and 16 otherwise. Paths' lengths vary widely between labels (on random
        400x400 games from a few pivots to more than 10^6), so this is what ``nash_equilibria``
        uses on large games.
    max_pivots:
        Pivot limit. For one label it caps the path, and separately the exact re-walk of a failed
        float path (see ``arithmetic`` and Returns), so such a label may walk up to twice
        ``max_pivots`` pivots in all. For ``initial_label="any"`` it caps the *total* walked over
        all labels and rounds, both walks of a re-walked label included: a label's exact re-walk
        gets only what its float path left of the label's cap. When the limit is hit the status
        is ``LIMIT_REACHED`` and no equilibrium is listed; a note names the label (or, for
        ``"any"``, how many labels were started and left unfinished, how many were never tried,
        and the rounds) and the pivot count. A float path is also stopped when it returns
        to a pair of bases it has visited, or after :func:`path_bound` pivots
        (``comb(m+n, m)**2``): no honest lexicographic path does either, so it has cycled
        numerically (see Returns).
    rtol:
        Regret tolerance relative to the payoff range for certifying a float equilibrium.
    backend:
        ``"native"`` (this module's kernels) or ``"nashpy"`` (nashpy's tableaux and pivots,
        stepped here so the pivot limit and the cycle checks apply; its endpoint is polished and
        certified, and dropped with a note if it is not an equilibrium; an exception raised by
        nashpy is a failed path). nashpy's integer-style pivoting in floats breaks down beyond
        about 25x25. No exact re-walk.
    arithmetic:
        ``"auto"`` (exact for exact games), ``"exact"`` or ``"float"``. Exact: the float path's
        final bases are solved in rationals and verified exactly; when that fails (degenerate
        games), the path is pivoted again on ``Fraction`` tableaux (``"auto"`` does so only up
        to 2,500 profiles, else returns the float equilibrium, unless the float game is another
        game: see :meth:`~negotiation.model.normal_form.NormalFormGame.float_image_loss`). Only the native backend
        has it; ``"float"`` refuses an exact game whose float image is another game.
    kernel:
        ``"auto"`` (numpy, continuing in numba on long paths when numba is importable; the
        whole path in numba once numba's kernels are loaded in the process), ``"numpy"`` or
        ``"numba"``. They walk the same path in exact arithmetic and on games whose ratio-test
        ties are exact or clearly separated; on near-degenerate float games (ties within rounding)
        their rank-1 updates round differently (BLAS vs loops), so their paths and endpoints can
        differ. Either way every listed equilibrium is certified.

    Returns
    -------
    EquilibriumResult
        ``options["outcome"]`` says what became of the path, with a note naming the label:

        - ``"equilibrium"``: status ``PARTIAL`` with the certified equilibrium at the path's end
          (on a float game whose float path failed, of the exact re-walk; the note says so).
        - ``"pivot_limit"``: status ``LIMIT_REACHED``, no equilibrium; ``max_pivots`` was hit.
        - ``"cycled"``: status ``LIMIT_REACHED``, no equilibrium; the float path came back to a
          pair of bases it had visited (detected within a few times the length of the path up
          to the cycle plus the cycle's, however large the game), or passed :func:`path_bound`,
          on a game too large (over ``EXACT_PIVOTING_LIMIT`` = 2,500 profiles) to walk again
          exactly; with the nashpy backend, on any game. The note starts
          ``"label k (...): path failed: "`` and gives the pivots walked. On smaller games the
          path is walked again exactly and ends ``"equilibrium"`` (the note says why).
        - ``"failed"``: status ``PARTIAL`` with *no* equilibrium; the float path broke down or its
          endpoint failed certification on a game too large to walk again exactly, or the nashpy
          backend failed. The note starts ``"label k (...): path failed: "`` and says why.

        Games of at most 2,500 profiles never end ``"cycled"`` or ``"failed"`` with the native
        backend. The notes give the number of pivots, and so does ``options["pivots"]`` (an int:
        the pivots of the path whose endpoint is listed, the exact re-walk's if there was one).

        With ``initial_label="any"``: ``options["initial_label"]`` is ``"any"``,
        ``options["label"]`` the label whose path gave the equilibrium and ``options["pivots"]``
        that path's pivots (both ``None`` when no label did; after an exact re-walk, the re-walk's
        only), ``options["pivots_total"]`` the pivots walked over all labels and rounds (a failed
        float path's and its exact re-walk's both; at most ``max_pivots``), ``options["rounds"]``
        and ``options["labels_tried"]`` the search's extent. ``options["outcome"]`` is
        ``"equilibrium"`` (status ``PARTIAL``);
        ``"pivot_limit"`` when ``max_pivots`` ran out first (status ``LIMIT_REACHED``, no
        equilibrium); or, when every label's path ended without an equilibrium, ``"cycled"``
        (``LIMIT_REACHED``) if some path cycled, else ``"failed"`` (``PARTIAL``, no
        equilibrium). The first note is the successful label's (as for an int label), the next
        one sums up the search: labels tried, rounds, budgets and total pivots.

    References
    ----------
    Lemke and Howson (1964); von Stengel (2007), Algorithmic Game Theory, ch. 3.

    Examples
    --------
    The 3x2 game of von Stengel (2007, Fig. 3.3); from label 1 the path takes 4 pivots:

    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> res = lemke_howson(g, initial_label=1)
    >>> res[0]["Row"], res[0]["Column"]
    ({'a0': Fraction(0, 1), 'a1': Fraction(1, 3), 'a2': Fraction(2, 3)}, {'a0': Fraction(1, 3), 'a1': Fraction(2, 3)})
    >>> res.status.value, res.notes[0]
    ('partial', 'label 1 (Row: a1): 4 pivots')
    >>> lemke_howson(g, initial_label=1, max_pivots=2).status.value
    'limit_reached'

    Searching the labels: label 0's path is the first that ends within the first round's budget.

    >>> res = lemke_howson(g, initial_label="any")
    >>> res.options["label"], res.options["pivots"], res.options["pivots_total"], res.notes[0]
    (0, 2, 2, 'label 0 (Row: a0): 2 pivots')
    >>> res.notes[1]
    "initial_label='any': 1 of 5 labels tried in 1 round (per-label budget 16 pivots,
     doubled each round, 16 in the last), 2 pivots in all"
    """
    rtol = check_rtol(rtol)
    prep, arith, exact_required = _setup(game, max_pivots, rtol, backend, arithmetic, kernel, "lemke_howson")
    libs = ("numpy", "scipy", "nashpy") if backend == "nashpy" else ("numpy", "scipy")
    if isinstance(initial_label, str) and initial_label == ANY:
        options: dict[str, Any] = {"initial_label": ANY, "max_pivots": int(max_pivots), "rtol": rtol,
                                   "backend": backend, "arithmetic": arithmetic, "kernel": kernel}
        return _any_label_result(game, prep, options, arith, exact_required, rtol, libs)
    label = _label_of(game, initial_label)
    outcome = _run(game, prep, label, max_pivots, backend, kernel, arith, exact_required)
    options = {"initial_label": label, "max_pivots": int(max_pivots), "rtol": rtol, "backend": backend,
               "arithmetic": arithmetic, "kernel": kernel, "pivots": outcome.pivots, "outcome": outcome.kind}
    return _result(game, [outcome], arith, options, "lemke_howson", rtol, libs)


def lemke_howson_all(
    game: NormalFormGame,
    *,
    max_pivots: int = 1_000_000,
    rtol: float = DEFAULT_RTOL,
    backend: str = "native",
    arithmetic: str = "auto",
    kernel: str = "auto",
) -> EquilibriumResult:
    """The distinct equilibria reached by Lemke–Howson from every initial label.

    Runs :func:`lemke_howson` from each of the ``m + n`` labels (``max_pivots`` applies per
    label) and lists the distinct equilibria found. Status ``PARTIAL`` (the labels need not reach
    every equilibrium), or ``LIMIT_REACHED`` when some label hit the limit or cycled; the notes
    give the pivots per label, ``options["pivots"]`` lists them in label order and
    ``options["outcomes"]`` what became of each path (as ``options["outcome"]`` of
    :func:`lemke_howson`: a ``"failed"`` label's note starts with ``"path failed"``). Options as
    for :func:`lemke_howson`.

    References
    ----------
    Lemke and Howson (1964); Shapley (1974), A note on the Lemke-Howson algorithm, *Mathematical
    Programming Study* 1; von Stengel (2007), ch. 3.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> [e.supports for e in lemke_howson_all(bos)]
    [(('a0',), ('a0',)), (('a1',), ('a1',))]
    """
    rtol = check_rtol(rtol)
    prep, arith, exact_required = _setup(game, max_pivots, rtol, backend, arithmetic, kernel, "lemke_howson_all")
    m, n = game.shape
    outcomes = [_run(game, prep, label, max_pivots, backend, kernel, arith, exact_required) for label in range(m + n)]
    options = {"max_pivots": int(max_pivots), "rtol": rtol, "backend": backend, "arithmetic": arithmetic,
               "kernel": kernel, "pivots": tuple(o.pivots for o in outcomes),
               "outcomes": tuple(o.kind for o in outcomes)}
    libs = ("numpy", "scipy", "nashpy") if backend == "nashpy" else ("numpy", "scipy")
    return _result(game, outcomes, arith, options, "lemke_howson_all", rtol, libs)

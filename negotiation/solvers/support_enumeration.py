"""All Nash equilibria of a nondegenerate two-player game by support enumeration.

In a nondegenerate bimatrix game every equilibrium ``(x, y)`` has supports of equal size ``k``
and is the unique solution of the indifference equations on its supports ``I`` (rows) and ``J``
(columns): ``y`` makes the rows in ``I`` indifferent, ``x`` makes the columns in ``J``
indifferent. Support enumeration solves these equations for every pair ``(I, J)`` with
``|I| = |J| = k`` and keeps the solutions that are probability vectors with no profitable
deviation (Porter, Nudelman and Shoham 2008 give the method and its heuristics; von Stengel 2007
section 3.3 the nondegeneracy argument).

The same equations detect degeneracy. After making payoffs positive, ``x`` solves
``B[I, J]^T z = 1`` (``x = z / sum(z)``). A game is degenerate exactly when some mixed strategy
with ``k`` actions in its support has more than ``k`` pure best responses; such a strategy solves
the system of some ``(I, J)`` with ``J`` among its best responses, and there either the system is
singular but consistent, or its unique solution has a zero entry or more than ``k`` best
responses. This function checks both sides of every ``(I, J)``; when it sees either sign it does
not drop equilibria silently but hands the game to
:func:`~negotiation.solvers.vertex_enumeration.vertex_enumeration` (which also reports the
components) and says so in ``notes``. A consistent singular system does not always mean the game
is degenerate, so ``result.degenerate`` is then whatever vertex enumeration finds.

Cost: ``sum_k C(m, k) C(n, k)`` pairs of small linear systems (184,756 for 10 x 10). Float
arithmetic solves them in numpy batches; exact arithmetic with fraction-free integer elimination
in Python, which is practical to about 8 x 8 (vertex enumeration is much faster there).

References
----------
R. Porter, E. Nudelman, Y. Shoham (2008), "Simple search methods for finding a Nash
equilibrium", *Games and Economic Behavior* 63, 642-662.
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", chapter 3 of *Algorithmic Game Theory*.
"""

from __future__ import annotations

import enum
import functools
import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Final, Literal

import numpy as np

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame
from ..numeric import DEFAULT_RTOL
from ._common import check_rtol, require_two_players, resolve_arithmetic
from ._exact import positive_integer_matrix, rank_integer, solve_integer
from ._nashpy_backend import check_backend, nashpy_result
from .result import EquilibriumResult
from .vertex_enumeration import Outcome, extreme_equilibria, finish, singleton_components, unit_positive

__all__ = ["support_enumeration"]

#: Largest number of support pairs attempted (``sum_k C(m, k) C(n, k)``; 10.4 million at 13 x 13).
MAX_SUPPORT_PAIRS = 12_000_000

#: Pairs of supports solved per numpy batch.
_BATCH = 1 << 15

#: A solution entry this large (payoffs scaled to [1, 2], so genuine entries are below 1) means an
#: ill-conditioned system that float arithmetic cannot classify.
_ILL_CONDITIONED = 1e8


class _Degenerate(Exception):
    """Raised inside the enumeration when degeneracy (or a consistent singular system) is seen."""


def support_enumeration(
    game: NormalFormGame, *, arithmetic: str = "auto", rtol: float = DEFAULT_RTOL, backend: str = "native"
) -> EquilibriumResult:
    """All Nash equilibria of a two-player game by enumerating pairs of equal-size supports.

    Complete on nondegenerate games. Degeneracy is detected (see the module docstring) and the
    game is then solved by vertex enumeration, which returns every extreme equilibrium and the
    components; ``notes`` says so.

    Parameters
    ----------
    game:
        A two-player :class:`~negotiation.NormalFormGame`.
    arithmetic:
        ``"auto"`` (exact for exact payoffs, float otherwise), ``"exact"`` or ``"float"``.
    rtol:
        Tolerance of float arithmetic: payoffs within ``rtol`` times the player's payoff range
        count as ties when counting best responses, and results are certified to ``rtol`` times
        the game's payoff scale.
    backend:
        ``"native"`` (default), or ``"nashpy"`` to run ``nashpy.Game.support_enumeration``
        instead: its profiles are certified, failures dropped and counted in ``notes``, and the
        status is ``PARTIAL`` (nashpy 0.0.43 misses equilibria of some random 6x6 to 10x10
        games).

    Returns
    -------
    EquilibriumResult
        Status ``COMPLETE``; ``degenerate=False`` and one singleton component per equilibrium, or,
        after the fallback, whatever vertex enumeration reports.

    Raises
    ------
    NotApplicableError
        For more than :data:`MAX_SUPPORT_PAIRS` support pairs (beyond about 13 x 13).

    Warns
    -----
    DegenerateGameWarning
        When the fallback to vertex enumeration finds the game degenerate.

    References
    ----------
    R. Porter, E. Nudelman, Y. Shoham (2008), "Simple search methods for finding a Nash
    equilibrium", *Games and Economic Behavior* 63, 642-662.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> chicken = NormalFormGame.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    ...                                        actions=[["swerve", "straight"]] * 2)
    >>> for eq in support_enumeration(chicken):
    ...     print(eq)
    Equilibrium(Row={swerve: 1}; Column={straight: 1}; regret=0)
    Equilibrium(Row={swerve: 9/10, straight: 1/10}; Column={swerve: 9/10, straight: 1/10}; regret=0)
    Equilibrium(Row={straight: 1}; Column={swerve: 1}; regret=0)
    """
    require_two_players(game, "support_enumeration")
    rtol = check_rtol(rtol)
    backend = check_backend(backend)
    options = {"arithmetic": arithmetic, "rtol": rtol, "backend": backend}
    if backend == "nashpy":
        return nashpy_result(game, "support_enumeration", arithmetic=arithmetic, rtol=rtol, options=options)
    arith = resolve_arithmetic(game, arithmetic, method="support_enumeration")
    m, n = game.shape
    pairs = sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))
    if pairs > MAX_SUPPORT_PAIRS:
        raise NotApplicableError(
            f"support_enumeration: a {m}x{n} game has {pairs} pairs of equal-size supports (limit "
            f"{MAX_SUPPORT_PAIRS}); use vertex_enumeration, which is complete and much faster"
        )
    work = game.to_exact() if arith == "exact" else game.to_float()
    try:
        profiles = _exact_supports(work) if arith == "exact" else _float_supports(work, rtol)
    except _Degenerate as exc:
        note = f"support enumeration stopped: {exc}; the game was solved by vertex enumeration instead"
        return finish(
            game, extreme_equilibria(game, arith), method="support_enumeration", options=options, rtol=rtol,
            notes=(note,),
        )
    outcome = Outcome(work, arith, profiles, False, singleton_components(len(profiles)))
    return finish(game, outcome, method="support_enumeration", options=options, rtol=rtol)


# --------------------------------------------------------------------------- float
def _float_supports(work: NormalFormGame, rtol: float) -> list[tuple[np.ndarray, np.ndarray]]:
    A, B = (np.asarray(M, dtype=float) for M in work.bimatrix())
    m, n = A.shape
    Ap, Bp = unit_positive(A), unit_positive(B)
    # best-response ties are judged on the [1, 2]-scaled payoffs, in units of the payoff range
    tie = max(rtol, 1e-12)
    zero = 1e-12
    found = []
    for k in range(1, min(m, n) + 1):
        rows = np.array(list(itertools.combinations(range(m), k)), dtype=np.intp)
        cols = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        total = len(rows) * len(cols)
        for start in range(0, total, _BATCH):
            pairs = np.arange(start, min(total, start + _BATCH))
            I = rows[pairs // len(cols)]  # noqa: E741 - the standard name of a support
            J = cols[pairs % len(cols)]
            x_ok = _side(np.swapaxes(Bp[I[:, :, None], J[:, None, :]], 1, 2), Bp, I, J, m, tie, zero, "row")
            y_ok = _side(Ap[I[:, :, None], J[:, None, :]], Ap.T, J, I, n, tie, zero, "column")
            both = np.flatnonzero(x_ok[0] & y_ok[0])
            for e in both:
                found.append((x_ok[1][e], y_ok[1][e]))
    return found


def _side(
    S: np.ndarray, M: np.ndarray, own: np.ndarray, other: np.ndarray, size: int, tie: float, zero: float, who: str
) -> tuple[np.ndarray, np.ndarray]:
    """Solve one side's indifference systems ``S z = 1`` for a batch of support pairs.

    ``S[g]`` is ``k x k``; the solution ``z`` lives on ``own[g]`` (a subset of ``range(size)``) and
    must make the opponent's actions ``other[g]`` indifferent and best among all columns of
    ``M`` (the opponent's payoffs, own actions as rows). Returns ``(ok, strategies)``; raises
    :class:`_Degenerate` on a sign of degeneracy.
    """
    G, k, _ = S.shape
    ones = np.ones((G, k, 1))
    try:
        z = np.linalg.solve(S, ones)[:, :, 0]
    except np.linalg.LinAlgError:
        z = np.full((G, k), np.nan)
        for g in range(G):
            try:
                z[g] = np.linalg.solve(S[g], ones[g, :, 0])
            except np.linalg.LinAlgError:
                if _consistent(S[g]):
                    raise _Degenerate(
                        f"the indifference system of the {who} player's support {own[g].tolist()} against "
                        f"{other[g].tolist()} is singular but consistent"
                    ) from None
    finite = np.all(np.isfinite(z), axis=1)
    if np.any(finite & (np.abs(z).max(axis=1, initial=0.0) > _ILL_CONDITIONED)):
        raise _Degenerate(f"an indifference system of the {who} player is too ill-conditioned to classify")
    candidate = finite & np.all(z >= -zero, axis=1)
    strategies = np.zeros((G, size))
    if not candidate.any():
        return candidate, strategies
    idx = np.flatnonzero(candidate)
    zc = np.clip(z[idx], 0.0, None)
    x = zc / zc.sum(axis=1, keepdims=True)
    full = np.zeros((len(idx), size))
    full[np.arange(len(idx))[:, None], own[idx]] = x
    pay = full @ M  # opponent's payoff of each of its actions, in [1, 2]-scaled units
    best = pay.max(axis=1)
    on_support = np.take_along_axis(pay, other[idx], axis=1)
    supported_best = np.all(on_support >= best[:, None] - tie, axis=1)
    n_best = np.count_nonzero(pay >= best[:, None] - tie, axis=1)
    thin = np.any(zc <= zero, axis=1)
    bad = supported_best & ((n_best > k) | thin)
    if bad.any():
        e = int(np.flatnonzero(bad)[0])
        raise _Degenerate(
            f"a strategy of the {who} player with support {own[idx[e]][zc[e] > zero].tolist()} has "
            f"{int(n_best[e])} pure best responses, so the game is degenerate"
        )
    ok = np.zeros(G, dtype=bool)
    ok[idx] = supported_best
    strategies[idx] = full
    return ok, strategies


def _consistent(S: np.ndarray) -> bool:
    """Whether ``S z = 1`` has a solution (least squares residual at rounding level)."""
    z, *_ = np.linalg.lstsq(S, np.ones(S.shape[0]), rcond=None)
    return bool(np.abs(S @ z - 1.0).max() <= 1e-9)


# --------------------------------------------------------------------------- exact
def _exact_supports(work: NormalFormGame) -> list[tuple[np.ndarray, np.ndarray]]:
    A, B = work.bimatrix()
    m, n = A.shape
    Ai = positive_integer_matrix(A)  # Ai[i][j]: row player's payoff
    BiT = [list(col) for col in zip(*positive_integer_matrix(B), strict=True)]  # BiT[j][i]: column player's
    found = []
    for k in range(1, min(m, n) + 1):
        for I in itertools.combinations(range(m), k):  # noqa: E741 - the standard name of a support
            for J in itertools.combinations(range(n), k):
                x = _exact_side(BiT, I, J, "row")
                y = _exact_side(Ai, J, I, "column")
                if x is not None and y is not None:
                    found.append((_expand(x, I, m), _expand(y, J, n)))
    return found


def _exact_side(
    opp: list[list[int]], own: tuple[int, ...], other: tuple[int, ...], who: str
) -> list[Fraction] | None:
    """The strategy on ``own`` making the opponent indifferent on ``other`` and best there, if any.

    ``opp[a][b]`` is the opponent's payoff when it plays ``a`` and this player ``b``. Raises
    :class:`_Degenerate` on a consistent singular system, or on a solution with a zero entry or more
    best responses than its support size.
    """
    S = [[opp[a][b] for b in own] for a in other]
    sol = _solve(S)
    if sol is None:
        if rank_integer(S) == rank_integer([row + [1] for row in S]):
            raise _Degenerate(
                f"the indifference system of the {who} player's support {list(own)} against {list(other)} is "
                "singular but consistent (the game may be degenerate)"
            )
        return None
    if sol is _NEGATIVE:
        return None
    nums, det = sol
    if det < 0:
        nums, det = [-v for v in nums], -det
    if any(v < 0 for v in nums):
        return None
    values = [sum(v * row[b] for v, b in zip(nums, own, strict=True)) for row in opp]
    if max(values) > det:
        return None  # some action outside `other` does better than the supposed best responses
    n_best = sum(1 for v in values if v == det)
    if n_best > len(own) or any(v == 0 for v in nums):
        support = [b for v, b in zip(nums, own, strict=True) if v]
        raise _Degenerate(
            f"a strategy of the {who} player with support {support} has {n_best} pure best responses, so the game "
            "is degenerate"
        )
    total = sum(nums)
    return [Fraction(v, total) for v in nums]


class _Marker(enum.Enum):
    NEGATIVE = "negative"


#: Marker: the system has a unique solution with a negative entry.
_NEGATIVE: Final = _Marker.NEGATIVE

#: What an indifference-system solver returns: ``(numerators, common denominator)``, the
#: :data:`_NEGATIVE` marker, or ``None`` when the solution is not unique.
_Solution = tuple[list[int], int] | Literal[_Marker.NEGATIVE] | None


def _solve_python(S: list[list[int]]) -> tuple[list[int], int] | None:
    return solve_integer(S, [1] * len(S))


def _solve_flint(S: list[list[int]]) -> _Solution:
    k = len(S)
    try:
        sol = _flint.fmpz_mat(S).solve(_flint_ones(k))
    except ZeroDivisionError:
        return None
    entries = sol.entries()
    if any(q < 0 for q in entries):
        return _NEGATIVE
    den = 1
    for q in entries:
        d = int(q.q)
        den = den * d // math.gcd(den, d)
    return [int(q.p) * (den // int(q.q)) for q in entries], den


@functools.cache
def _flint_ones(k: int) -> _flint.fmpz_mat:
    return _flint.fmpz_mat(k, 1, [1] * k)


try:  # optional accelerator: python-flint solves small integer systems about 10x faster
    import flint as _flint

    _HAVE_FLINT = True
except ImportError:  # pragma: no cover - depends on the environment
    _HAVE_FLINT = False

#: The exact solver of the indifference systems: python-flint when installed, else pure Python.
_solve: Callable[[list[list[int]]], _Solution] = _solve_flint if _HAVE_FLINT else _solve_python


def _expand(values: list[Fraction], support: tuple[int, ...], size: int) -> np.ndarray:
    out = np.full(size, Fraction(0), dtype=object)
    for i, v in zip(support, values, strict=True):
        out[i] = v
    return out

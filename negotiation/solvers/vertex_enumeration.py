"""All extreme Nash equilibria of a two-player game by vertex enumeration, with components.

For an ``m x n`` bimatrix game ``(A, B)`` made positive by a positive affine transform, the
best-response polytopes are (von Stengel 2007, section 3.2)

.. math::

    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\ B^\\top x \\le 1\\}, \\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\ y \\ge 0\\}.

Label ``i < m`` of a point of ``P`` means ``x_i = 0`` and of a point of ``Q`` that row ``i`` is
a best response to ``y``; label ``m + j`` of ``P`` means column ``j`` is a best response to
``x``, and of ``Q`` that ``y_j = 0``. The extreme equilibria are the completely labelled vertex
pairs ``(x, y) != (0, 0)`` (every label in the union of the two label sets), rescaled to
probabilities.

The steps:

1. Float games (:func:`one_polytope_equilibria`): enumerate the vertices of *one* polytope with
   their label sets (see :mod:`negotiation.solvers._polytope`; Qhull up to dimension 11, a
   vectorized numpy BFS above), normally the one of the player with fewer actions (in a square
   game, the one whose actions have the more alike payoffs, which predicts fewer vertices). For
   each vertex ``x`` the partner ``y`` carrying the complementary labels solves one linear system;
   all systems are solved in numpy batches and ``x`` is kept when ``y`` lies in the other
   polytope. This replaces the second enumeration by one batched solve.
2. Exact games, and float games the one-polytope path declines (singular or ill-conditioned
   partner systems; ties in both players' payoffs): enumerate both polytopes (exact arithmetic
   pivots with Python integers and also handles degenerate polytopes) and match vertex pairs
   whose label sets are complementary through a hash (sorted keys), so the matching is linear in
   the number of vertices rather than quadratic. In a degenerate game a vertex may have more labels
   than its dimension; then a pair matches when the label sets cover everything.
3. Solve each equilibrium from its labels (float: small linear solves in one batch) and certify it
   with :func:`~negotiation.solvers.result.make_result`; a float equilibrium whose regret is above
   ``1e-12`` of the payoff range is then re-solved exactly from its labels and certified again.
4. Degenerate games: :class:`~negotiation.errors.DegenerateGameWarning` is emitted,
   ``result.degenerate`` is ``True`` and ``result.components`` lists the connected components
   of the equilibrium set as unions of maximal cliques of extreme equilibria (Avis et al. 2010).
   For nondegenerate games every equilibrium is its own singleton component.

A float game that turns out degenerate (a vertex with a basic variable within ``1e-11`` of zero
after scaling payoffs to ``[1, 2]``, or a partner within ``1e-11`` of the boundary of its
polytope) is enumerated exactly on the binary values of its payoffs, and the result says so in
``notes``.

What the one-polytope path sees of degeneracy: every vertex of the enumerated polytope, and the
partner of each of its vertices. A degeneracy of the other polytope that no equilibrium touches
(a strategy of that player with more pure best responses than its support size, paired with no
completely labelled vertex) is not seen: the equilibria returned are then still all of them, each
isolated and nondegenerate. So when this path finishes, ``degenerate`` is ``None`` ("not checked in
full": no equilibrium touches a degeneracy), never ``False``; ``False`` means both polytopes were
enumerated and neither is degenerate. Ties are the usual source of
degeneracy in float data, so when one matrix has two entries within ``1e-11`` (after scaling) the
polytope built from it (``P`` from ``B``, ``Q`` from ``A``) is the one enumerated, and with ties in
both matrices both polytopes are enumerated, which sees every degeneracy (as the exact path does).

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", chapter 3 of *Algorithmic Game Theory* (Nisan, Roughgarden, Tardos, Vazirani, eds.).
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import DegenerateGameWarning, SolverError
from ..model.normal_form import NormalFormGame
from ..numeric import DEFAULT_RTOL
from ._common import check_rtol, require_two_players, resolve_arithmetic
from ._components import equilibrium_components
from ._exact import positive_integer_matrix, solve_integer
from ._nashpy_backend import check_backend, nashpy_result
from ._polytope import Degeneracy, exact_vertices, fast_vertices, mask_keys
from .result import EquilibriumComponent, EquilibriumResult, Status, make_result

__all__ = ["vertex_enumeration"]

#: A basic variable this close to zero (payoffs scaled to [1, 2]) marks a degenerate vertex.
DEGENERACY_TOL = 1e-11

#: A partner solution with an entry this large comes from an ill-conditioned system (a feasible
#: partner has entries at most 1, the payoffs being scaled to [1, 2]).
_ILL_CONDITIONED = 1e8

#: Matrix entries per batch of partner systems (bounds the memory of one numpy call).
_PARTNER_CELLS = 1 << 21

#: :func:`_beaten` screens vertices (bit tables over column subsets) from this many vertices on,
#: when the partner side has at most this many actions; below, the screen costs more than it saves.
_BEATEN_MIN_VERTICES = 100
_BEATEN_MAX_COLUMNS = 10

#: Up to this dimension partners are solved as full basic solutions in one batch; above it the
#: slacks are eliminated first and systems grouped by support size (measured crossover: 8 to 9).
_BASIS_SOLVE_MAX = 8

#: Powers of two as floats: ``flags @ _POW2[:k]`` is the bit mask of ``k <= 53`` boolean columns.
_POW2 = 2.0 ** np.arange(53)
_POW2.setflags(write=False)

#: Every subset of ``_BEATEN_MAX_COLUMNS`` columns as a bit mask (the rows of :func:`_beaten`'s table).
_SUBSETS = np.arange(1 << _BEATEN_MAX_COLUMNS, dtype=np.uint16)
_SUBSETS.setflags(write=False)


def vertex_enumeration(
    game: NormalFormGame, *, arithmetic: str = "auto", rtol: float = DEFAULT_RTOL, backend: str = "native"
) -> EquilibriumResult:
    """All extreme Nash equilibria of a two-player game, and the components of degenerate games.

    Parameters
    ----------
    game:
        A two-player :class:`~negotiation.NormalFormGame`.
    arithmetic:
        ``"auto"`` (exact for exact payoffs, float otherwise), ``"exact"`` or ``"float"``.
    rtol:
        Certification tolerance of float results, relative to the payoff range (exact results
        have regret exactly 0).
    backend:
        ``"native"`` (default), or ``"nashpy"`` to run ``nashpy.Game.vertex_enumeration``
        instead: its profiles are certified, failures dropped and counted in ``notes``, and the
        status is ``PARTIAL`` since nashpy's completeness is not proven.

    Returns
    -------
    EquilibriumResult
        Status ``COMPLETE``: every equilibrium of a nondegenerate game; every extreme
        equilibrium of a degenerate one, with ``degenerate=True`` and ``components``.
        ``degenerate`` is ``False`` when the whole game was checked (exact games, and float games
        whose both polytopes were enumerated) and ``None`` when only the equilibria were (the
        float one-polytope path: every listed equilibrium is isolated, see the module docstring).

    Warns
    -----
    DegenerateGameWarning
        When the game is degenerate (some mixed strategy with ``k`` actions in its support has more
        than ``k`` pure best responses). Float games: when that is seen, which is always the case
        if it touches an equilibrium (see the module docstring for the exception).

    References
    ----------
    B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and
    extensive form", chapter 3 of *Algorithmic Game Theory*. D. Avis, G. Rosenberg, R. Savani,
    B. von Stengel (2010), "Enumeration of Nash equilibria for two-player games", *Economic
    Theory* 42, 9-37.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed one:

    >>> from negotiation import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = vertex_enumeration(bos)
    >>> for eq in result:
    ...     print(eq)
    Equilibrium(Row={a0: 1}; Column={a0: 1}; regret=0)
    Equilibrium(Row={a0: 2/3, a1: 1/3}; Column={a0: 1/3, a1: 2/3}; regret=0)
    Equilibrium(Row={a1: 1}; Column={a1: 1}; regret=0)
    >>> result.status.value, result.degenerate, len(result.components)
    ('complete', False, 3)
    """
    require_two_players(game, "vertex_enumeration")
    rtol = check_rtol(rtol)
    backend = check_backend(backend)
    options = {"arithmetic": arithmetic, "rtol": rtol, "backend": backend}
    if backend == "nashpy":
        return nashpy_result(game, "vertex_enumeration", arithmetic=arithmetic, rtol=rtol, options=options)
    arith = resolve_arithmetic(game, arithmetic, method="vertex_enumeration")
    outcome = extreme_equilibria(game, arith, one_polytope=True)
    return finish(game, outcome, method="vertex_enumeration", options=options, rtol=rtol)


# --------------------------------------------------------------------------- shared pieces
@dataclass(frozen=True)
class Outcome:
    """What an enumeration found, before certification."""

    work: NormalFormGame
    arithmetic: str
    profiles: list[tuple[np.ndarray, np.ndarray]]
    degenerate: bool | None  # None: only the equilibria were checked (the float one-polytope path)
    components: list[EquilibriumComponent]
    notes: tuple[str, ...] = ()
    #: Label sets (row player's layout, see :func:`_polish`) of float profiles whose regrets have not
    #: been checked yet: :func:`finish` polishes them if a regret is above ``1e-12`` of the payoffs.
    labels: np.ndarray | None = field(default=None, compare=False)


def finish(
    game: NormalFormGame, outcome: Outcome, *, method: str, options: dict[str, Any], rtol: float,
    notes: Sequence[str] = (),
) -> EquilibriumResult:
    """Warn on degeneracy and certify the profiles into an :class:`EquilibriumResult`.

    Float profiles that come with their label sets are certified first as they are; only if that
    fails, or some regret is above ``1e-12`` of the payoff range, are those profiles re-solved
    exactly from their labels (or, if even that fails, the game enumerated exactly) and certified
    again. One certification in the usual case instead of a check and then a certification.
    """
    if outcome.labels is not None:
        try:
            result = _certify(game, outcome, method=method, options=options, rtol=rtol, notes=notes)
            # each player's regrets within 1e-12 of its own payoff range
            sharp = outcome.work.tolerances(1e-12)
            if all(r <= t for e in result for r, t in zip(e.regrets, sharp, strict=True)):
                return result
        except SolverError:
            pass
        A, B = outcome.work.bimatrix()
        X = np.array([x for x, _ in outcome.profiles])
        Y = np.array([y for _, y in outcome.profiles])
        try:
            outcome = replace(outcome, profiles=_certified(A, B, outcome.work, outcome.labels, X, Y), labels=None)
        except _NumericalTrouble as exc:
            outcome = _enumerated_exactly(
                game, f"float enumeration was numerically unreliable ({exc}); the game was enumerated exactly instead"
            )
    if outcome.degenerate:
        name = f" {game.title!r}" if game.title else ""
        warnings.warn(
            DegenerateGameWarning(
                f"{method}: the {'x'.join(map(str, game.shape))} game{name} is degenerate; returning its extreme "
                "equilibria and the connected components of the equilibrium set (result.components)"
            ),
            stacklevel=2,
        )
    return _certify(game, outcome, method=method, options=options, rtol=rtol, notes=notes)


def _certify(
    game: NormalFormGame, outcome: Outcome, *, method: str, options: dict[str, Any], rtol: float,
    notes: Sequence[str],
) -> EquilibriumResult:
    return make_result(
        outcome.work, outcome.profiles, method=method, arithmetic=outcome.arithmetic, status=Status.COMPLETE,
        options=options, rtol=max(rtol, 1e-12), degenerate=outcome.degenerate, components=outcome.components,
        notes=tuple(notes) + outcome.notes, source=game,
    )


def singleton_components(count: int) -> list[EquilibriumComponent]:
    """One component per isolated equilibrium (shared immutable objects, built once per index)."""
    global _SINGLETONS
    cache = _SINGLETONS
    if len(cache) < count:  # a new list, so that a concurrent caller keeps the one it read
        cache = _SINGLETONS = [EquilibriumComponent((k,), ((k,),)) for k in range(max(count, 2 * len(cache)))]
    return cache[:count]


_SINGLETONS: list[EquilibriumComponent] = []


def unit_positive(M: np.ndarray) -> np.ndarray:
    """Positive affine image of a float matrix with entries in ``[1, 2]`` (all ones if constant)."""
    low, high = float(M.min()), float(M.max())
    if high > low:
        return (M - low) / (high - low) + 1.0
    return np.ones_like(M, dtype=float)


def extreme_equilibria(game: NormalFormGame, arithmetic: str, *, one_polytope: bool = False) -> Outcome:
    """Every extreme equilibrium of a two-player game, in the given arithmetic (not certified).

    ``one_polytope=True`` lets the float path enumerate one best-response polytope and solve for
    the partners (:func:`one_polytope_equilibria`); the default enumerates both, which also checks
    the whole of both polytopes for degeneracy.
    """
    if arithmetic == "exact":
        return exact_extreme_equilibria(game.to_exact())
    work = game.to_float()
    A, B = work.bimatrix()
    labels = None
    try:
        try:
            if not one_polytope:
                raise _Declined("both polytopes requested")
            profiles, labels = one_polytope_equilibria(A, B, work)
        except _Declined:
            profiles = float_extreme_equilibria(A, B, work)
    except Degeneracy as exc:
        note = (
            f"float enumeration met a degenerate vertex ({exc}); every vertex was then enumerated exactly on "
            "the binary values of the payoffs"
        )
    except _NumericalTrouble as exc:
        note = f"float enumeration was numerically unreliable ({exc}); the game was enumerated exactly instead"
    else:  # one polytope enumerated: its degeneracy and the equilibria's were checked, not the other's
        degenerate = None if labels is not None else False
        return Outcome(work, "float", profiles, degenerate, singleton_components(len(profiles)), labels=labels)
    return _enumerated_exactly(game, note)


def _enumerated_exactly(game: NormalFormGame, note: str) -> Outcome:
    """The float outcome of a game enumerated exactly (the float path's fallback), with ``note``."""
    exact = exact_extreme_equilibria(game.to_exact())
    floats = [(np.array([float(p) for p in x]), np.array([float(p) for p in y])) for x, y in exact.profiles]
    return Outcome(game.to_float(), "float", floats, exact.degenerate, exact.components, (note, *exact.notes))


# --------------------------------------------------------------------------- exact pipeline
def exact_extreme_equilibria(work: NormalFormGame) -> Outcome:
    """Extreme equilibria of an exact game: exact vertex enumeration of both polytopes."""
    A, B = work.bimatrix()
    m, n = A.shape
    Ai = positive_integer_matrix(A)
    Bi = positive_integer_matrix(B)
    VP, deg_p = exact_vertices(Bi)
    VQ, deg_q = exact_vertices([list(col) for col in zip(*Ai, strict=True)])
    low_n = (1 << n) - 1
    full = (1 << (m + n)) - 1
    rows_only = (1 << m) - 1
    q_labels = [((v.mask & low_n) << m) | (v.mask >> n) for v in VQ]
    pairs: list[tuple[int, int]] = []
    degenerate = deg_p or deg_q
    if not degenerate:
        by_label = {lab: k for k, lab in enumerate(q_labels)}
        for p, v in enumerate(VP):
            if v.mask == rows_only:
                continue
            q = by_label.get(full ^ v.mask)
            if q is not None:
                pairs.append((p, q))
    else:
        q_arr = np.array(q_labels, dtype=object)
        for p, v in enumerate(VP):
            if v.mask == rows_only:
                continue
            need = full ^ v.mask
            for hit in np.flatnonzero((q_arr & need) == need):
                pairs.append((p, int(hit)))
    profiles = []
    for p, q in pairs:
        profiles.append((_normalized(VP[p].coords), _normalized(VQ[q].coords)))
    comps = equilibrium_components(pairs) if degenerate else singleton_components(len(pairs))
    return Outcome(work, "exact", profiles, degenerate, comps)


def _normalized(coords: Sequence[int]) -> np.ndarray:
    total = sum(coords)
    out = np.empty(len(coords), dtype=object)
    for k, c in enumerate(coords):
        out[k] = Fraction(c, total)
    return out


# --------------------------------------------------------------------------- float pipeline
class _NumericalTrouble(Exception):
    """Float enumeration produced something certification rejects."""


def float_extreme_equilibria(A: np.ndarray, B: np.ndarray, work: NormalFormGame) -> list[tuple[np.ndarray, np.ndarray]]:
    """Equilibria of a nondegenerate float game (raises :class:`Degeneracy` otherwise)."""
    m, n = A.shape
    Ap, Bp = unit_positive(A), unit_positive(B)
    P = fast_vertices(Bp, degeneracy_tol=DEGENERACY_TOL)
    Q = fast_vertices(np.ascontiguousarray(Ap.T), degeneracy_tol=DEGENERACY_TOL)
    LP = P.tight  # constraint order of P is the label order
    LQ = np.concatenate([Q.tight[:, n:], Q.tight[:, :n]], axis=1)  # Q: y >= 0 first, then rows
    LP = LP[~LP[:, :m].all(axis=1)]  # drop the origin
    _, ip, _ = np.intersect1d(mask_keys(~LP), mask_keys(LQ), assume_unique=True, return_indices=True)
    L = LP[ip]
    if not len(L):  # pragma: no cover - every game has an equilibrium
        raise _NumericalTrouble("no completely labelled vertex pair was found")
    X, Y = _resolve(Ap, Bp, L, m, n)
    return _certified(A, B, work, L, X, Y)


class _Declined(Exception):
    """The one-polytope path cannot classify every vertex safely; enumerate both polytopes instead."""


def one_polytope_equilibria(
    A: np.ndarray, B: np.ndarray, work: NormalFormGame
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Equilibria of a nondegenerate float game from the vertices of one best-response polytope.

    Returns the profiles and their label sets (row player's layout, for :func:`_polish`); their
    regrets are checked when they are certified (:func:`finish`).

    Every extreme equilibrium ``(x, y)`` pairs a vertex ``x`` of ``P`` with the point ``y`` of ``Q``
    carrying the complementary labels: ``(A y)_i = 1`` on the support ``I`` of ``x`` and
    ``y_j = 0`` off the best responses ``J`` to ``x`` (``|I| = |J|`` at a vertex of a nondegenerate
    ``P``), that is ``A[I, J] y_J = 1``. So only ``P`` is enumerated; the partner systems of all
    vertices are solved in numpy batches (see :func:`_one_side`) and a vertex is kept when its
    partner has ``y >= 0`` and ``A y <= 1``. The polytope of the player with fewer actions is
    enumerated (the roles swap by transposing), in a square game the one whose actions have the more
    alike payoffs (:func:`_alike`, which predicts fewer vertices), unless the matrix the other
    polytope is built from has no ties and this one's has.

    Raises :class:`Degeneracy` (the caller enumerates exactly) when the enumerated polytope is
    degenerate or a partner lies within ``DEGENERACY_TOL`` of the boundary of ``Q`` (it has an extra
    label); raises :class:`_Declined` (the caller enumerates both polytopes) on a singular or
    ill-conditioned partner system, or when both matrices have ties. A degeneracy of the other
    polytope that no equilibrium touches is not seen (see the module docstring), which is why ties
    (the usual source of degeneracy in float data) steer the choice.
    """
    m, n = A.shape
    Ap, Bp = unit_positive(A), unit_positive(B)
    if m != n:  # the player with fewer actions: the lower dimension
        prefer_p = m < n
    else:  # the polytope whose actions have alike payoff vectors: it has fewer vertices (see _alike)
        prefer_p = _alike(Bp, axis=0) >= _alike(Ap, axis=1)
    # the polytope left out must come from a matrix without ties: P is built from B, Q from A
    if prefer_p:
        use_p = not _has_ties(Ap)
        both_tied = not use_p and _has_ties(Bp)
    else:
        use_p = _has_ties(Bp)
        both_tied = use_p and _has_ties(Ap)
    if both_tied:
        raise _Declined("both payoff matrices have ties")
    if use_p:  # the tight sets of P's vertices are their label sets
        labels, X, Y = _one_side(Bp, Ap)
    else:  # Q's constraints are y >= 0 (labels m + j when tight), then A y <= 1 (labels i)
        tight, Y, X = _one_side(np.ascontiguousarray(Ap.T), np.ascontiguousarray(Bp.T))
        labels = ~np.concatenate([tight[:, n:], tight[:, :n]], axis=1)  # the complementary labels, P's layout
    if not len(X):  # pragma: no cover - every game has an equilibrium
        raise _NumericalTrouble("no completely labelled vertex pair was found")
    return list(zip(X, Y, strict=True)), labels


def _alike(M: np.ndarray, axis: int) -> float:
    """How alike the lines of ``M`` across ``axis`` are: the share of the variance of its entries
    explained by the means along ``axis`` (``axis=0``: the rows; 1 when all rows are equal).

    A predictor of the vertex count: ``P(M)`` has fewer vertices when the rows of ``M`` (the own
    actions' payoff vectors against the other player's actions) are alike. Choosing, in a square
    game, the polytope with the more alike actions enumerates 191 vertices on average instead of 219
    (the smaller of the two has 183) on 200 random 8 x 8 games with normal and uniform payoffs;
    45.8 instead of 53.5 at 6 x 6, 891 instead of 1073 at 10 x 10 (Qhull's time is about
    proportional to the count). Costs four numpy reductions.
    """
    sums = M.sum(axis=axis)
    total = float(M.sum())
    square = total * total / M.size
    spread = float(np.vdot(M, M)) - square
    between = float(sums @ sums) * len(sums) / M.size - square
    return between / spread if spread > 0 else 0.0


def _has_ties(M: np.ndarray) -> bool:
    """Whether two entries of a ``[1, 2]``-scaled matrix are within ``DEGENERACY_TOL``."""
    values = np.sort(M, axis=None)
    return bool((values[1:] - values[:-1]).min(initial=np.inf) <= DEGENERACY_TOL)


def _one_side(M: np.ndarray, N: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equilibria from the vertices of ``P(M)`` and their partners in ``{w >= 0 : N w <= 1}``.

    ``M`` and ``N`` are ``d x e`` with entries in ``[1, 2]``. Returns the tight sets of the vertices
    (``(E, d + e)``: zero coordinates, then best responses) and the mixed strategies ``(Z, W)`` of
    the own (``d`` actions) and partner (``e`` actions) side, one row per equilibrium.

    The partner of a vertex is the basic solution of ``N w + s = 1`` whose basic variables are the
    labels tight at the vertex (slack ``s_i`` for label ``i < d``, ``w_j`` for label ``d + j``); it
    is feasible when every basic variable is nonnegative, so the *margin* is their minimum. Up to
    dimension ``_BASIS_SOLVE_MAX`` these ``d x d`` systems are solved as they are, in one batch;
    above it the slacks are eliminated first (``N[I, J] w_J = 1``, ``I`` the vertex's support,
    ``J`` its best responses) and the smaller systems grouped by size.
    """
    d, e = M.shape
    vertices = fast_vertices(M, degeneracy_tol=DEGENERACY_TOL)
    tight = vertices.tight
    if d <= min(8, _BASIS_SOLVE_MAX) and e <= _BEATEN_MAX_COLUMNS and len(tight) >= _BEATEN_MIN_VERTICES:
        key = vertices.keys  # bits: zero labels, then best responses
        if key is None:
            key = (tight @ _POW2[: d + e]).astype(np.int64)
        # the origin (its zero labels are all d) pairs with the origin: the artificial pair (0, 0)
        cand = np.flatnonzero((key != (1 << d) - 1) & ~_beaten(N, tight, key))
    else:
        cand = np.flatnonzero(~tight[:, :d].all(axis=1))
    tight = tight[cand]
    if d <= _BASIS_SOLVE_MAX:
        basis = np.nonzero(tight)[1].reshape(len(tight), d)
        u = _basic_solutions(np.concatenate([np.eye(d), N.T]), basis, _Declined)
        margin = u.min(axis=1)
    else:
        W, margin = _partners_by_support(N, tight)
    near = np.abs(margin) <= DEGENERACY_TOL
    if near.any():
        raise Degeneracy(
            f"a vertex's partner is {float(margin[near][0]):.3g} from the boundary of the other polytope "
            f"(tolerance {DEGENERACY_TOL:.3g})"
        )
    keep = np.flatnonzero(margin > DEGENERACY_TOL)
    tight = tight[keep]
    W = _scattered(u[keep], basis[keep], d + e, d, d + e) if d <= _BASIS_SOLVE_MAX else W[keep]
    if e <= _BASIS_SOLVE_MAX:  # the vertex itself: basic variables are the labels not tight
        basis = np.nonzero(~tight)[1].reshape(len(tight), e)
        Z = _scattered(_basic_solutions(np.concatenate([M, np.eye(e)]), basis, _NumericalTrouble), basis, d + e, 0, d)
    else:
        Z = _solve_supports(np.ascontiguousarray(M.T), tight[:, d:], ~tight[:, :d])
    if not Z.min(initial=np.inf) > -DEGENERACY_TOL:  # NaN fails too
        raise _NumericalTrouble("a vertex of a best-response polytope re-solved to a negative strategy")
    np.maximum(Z, 0.0, out=Z)
    np.maximum(W, 0.0, out=W)
    return tight, Z / Z.sum(axis=1, keepdims=True), W / W.sum(axis=1, keepdims=True)


def _beaten(N: np.ndarray, tight: np.ndarray, key: np.ndarray | None = None) -> np.ndarray:
    """Vertices whose partner certainly lies outside ``{w >= 0 : N w <= 1}``, found without solving.

    If some row ``i2`` beats a row ``i`` of the vertex's support on every column of its best
    responses ``J`` (``N[i2, j] > N[i, j] + 4 * DEGENERACY_TOL``), then any ``w >= 0`` on ``J``
    with ``(N w)_i = 1`` (so ``sum(w) >= 1/2``, entries being at most 2) has ``(N w)_{i2} > 1``
    by more than ``2 * DEGENERACY_TOL``: the partner is not a point of the other polytope (nor
    within the tolerance of one, up to rounding), so it is neither an equilibrium partner nor a
    vertex whose labels say anything about that polytope's degeneracy. About 70% of the vertices
    of random 8 x 8 games go this way. Bit masks: ``table[J]`` lists the rows beaten on ``J``,
    for every subset ``J`` of the ``e <= _BEATEN_MAX_COLUMNS`` columns; needs ``d <= 8``. ``key`` (optional)
    holds the rows of ``tight`` as bit masks (``tight @ _POW2[:d + e]`` as integers).
    """
    d, e = N.shape
    if key is None:
        key = (tight @ _POW2[: d + e]).astype(np.int64)
    no_beat = np.full((d, 8), (1 << e) - 1, dtype=np.uint16)  # [i, i2]: columns where i2 does not beat i
    no_beat[:, :d] = (N[None, :, :] <= N[:, None, :] + 4 * DEGENERACY_TOL) @ _POW2[:e]
    hit = (_SUBSETS[: 1 << e, None, None] & no_beat) == 0  # [J, i, i2]: i2 beats i on J
    # any over the 8 (padded) i2 at once: 8 booleans are one uint64; the table has bits below d only
    table = ((hit.view(np.uint64)[:, :, 0] != 0) @ _POW2[:d]).astype(np.int64)
    return (table[key >> d] & ~key) != 0


def _basic_solutions(columns: np.ndarray, basis: np.ndarray, error: type[Exception]) -> np.ndarray:
    """Basic variables ``u[v]`` with ``sum_s u[v, s] * columns[basis[v, s]] = 1``, one system per row.

    ``columns[l]`` is the constraint column of variable (label) ``l``. Raises ``error`` on a
    singular or ill-conditioned system.
    """
    V, size = basis.shape
    step = max(1, _PARTNER_CELLS // (size * size))  # systems per numpy call (bounds its memory)
    # right-hand sides as (systems, size, 1): a stack of matrices to every numpy >= 1.26 (numpy 2 would
    # read a (systems, size) array as one matrix)
    ones = np.ones((min(V, step), size, 1))
    try:
        if V <= step:  # the usual case: one call, no copy into a preallocated result
            u = np.linalg.solve(np.swapaxes(columns[basis], 1, 2), ones)[:, :, 0]
        else:
            u = np.empty((V, size))
            for lo in range(0, V, step):
                part = basis[lo:lo + step]
                u[lo:lo + step] = np.linalg.solve(np.swapaxes(columns[part], 1, 2), ones[: len(part)])[:, :, 0]
    except np.linalg.LinAlgError:
        raise error("a singular basis system") from None
    if not np.abs(u).max(initial=0.0) <= _ILL_CONDITIONED:  # NaN fails too
        raise error("an ill-conditioned basis system")
    return u


def _scattered(u: np.ndarray, basis: np.ndarray, labels: int, lo: int, hi: int) -> np.ndarray:
    """The values ``u`` of the basic variables ``basis`` (labels below ``labels``) as dense rows,
    nonbasic ones zero, restricted to the labels in ``[lo, hi)``."""
    out = np.zeros((len(u), labels))
    out[np.arange(len(u))[:, None], basis] = u
    return out[:, lo:hi]


def _partners_by_support(N: np.ndarray, tight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Partners and margins with the slacks eliminated: ``N[I, J] w_J = 1`` per vertex, then the
    slacks ``1 - N w`` off ``I``; systems grouped by size (cheaper than full bases for large ``d``)."""
    d = N.shape[0]
    S = ~tight[:, :d]
    T = tight[:, d:]
    W = _solve_supports(N, S, T)
    if not np.abs(W).max(initial=0.0) <= _ILL_CONDITIONED:  # NaN fails too
        raise _Declined("an ill-conditioned partner system")
    w_min = np.where(T, W, np.inf).min(axis=1)
    s_min = np.where(S, np.inf, 1.0 - W @ N.T).min(axis=1)
    return W, np.minimum(w_min, s_min)


def _solve_supports(N: np.ndarray, S: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Solve ``N[I, J] w = 1`` for every row pair ``(I, J) = (S[v], T[v])`` of equal sizes.

    Returns the solutions scattered into a ``(V, e)`` array, zero off ``J``. Systems are grouped
    by size (one ``np.linalg.solve`` per size and memory-bounded batch; size one is a division).
    Raises :class:`_Declined` on an exactly singular system.
    """
    k = S.sum(axis=1)
    if not np.array_equal(k, T.sum(axis=1)):
        raise _NumericalTrouble("a vertex has supports of different sizes")
    order = np.argsort(k, kind="stable")
    vi, ri = np.nonzero(S[order])  # sorted by size: each size is one contiguous block
    cj = np.nonzero(T[order])[1]
    sol = np.empty(len(ri))
    counts = np.bincount(k, minlength=1)
    pos = 0
    for size in np.flatnonzero(counts).tolist():
        if size == 0:  # the origin: no system, w = 0
            continue
        end = pos + int(counts[size]) * size
        step = max(1, _PARTNER_CELLS // (size * size)) * size  # whole systems per batch
        for lo in range(pos, end, step):
            hi = min(end, lo + step)
            rows = ri[lo:hi].reshape(-1, size)
            cols = cj[lo:hi].reshape(-1, size)
            if size == 1:
                sol[lo:hi] = 1.0 / N[rows[:, 0], cols[:, 0]]
                continue
            try:
                sol[lo:hi] = np.linalg.solve(
                    N[rows[:, :, None], cols[:, None, :]], np.ones((len(rows), size, 1))
                ).reshape(-1)
            except np.linalg.LinAlgError:
                raise _Declined("a singular partner system") from None
        pos = end
    out = np.zeros((len(S), T.shape[1]))
    out[order[vi], cj] = sol
    return out


def _certified(
    A: np.ndarray, B: np.ndarray, work: NormalFormGame, L: np.ndarray, X: np.ndarray, Y: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Check the regrets of the profiles ``(X[e], Y[e])``; polish the bad ones exactly from labels ``L``."""
    m = A.shape[0]
    bad = _beyond(_regrets(A, B, X, Y), work.tolerances(1e-12))
    if bad.any():
        for e in np.flatnonzero(bad):
            X[e], Y[e] = _polish(work, L[e], m)
        if _beyond(_regrets(A, B, X[bad], Y[bad]), work.tolerances(1e-9, mixed=True)).any():
            raise _NumericalTrouble("a completely labelled pair is not an equilibrium after exact polishing")
    return list(zip(X, Y, strict=True))


def _beyond(regrets: tuple[np.ndarray, np.ndarray], tols: tuple[float, ...]) -> np.ndarray:
    """Profiles where some player's regret exceeds that player's tolerance."""
    return (regrets[0] > tols[0]) | (regrets[1] > tols[1])


def _resolve(Ap: np.ndarray, Bp: np.ndarray, L: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Mixed strategies from label sets: solve every indifference system in one numpy batch.

    Systems of support size ``k`` are padded with an identity block to the largest size, so one
    ``np.linalg.solve`` call serves all equilibria.
    """
    E = len(L)
    S = ~L[:, :m]  # support of x
    T = L[:, m:]  # best responses to x = support of y
    k = S.sum(axis=1)
    if not np.array_equal(k, T.sum(axis=1)):
        raise _NumericalTrouble("a matched vertex pair has supports of different sizes")
    size = int(k.max())
    rows = np.argsort(~S, axis=1, kind="stable")[:, :size]  # support indices first, in order
    cols = np.argsort(~T, axis=1, kind="stable")[:, :size]
    valid = np.arange(size)[None, :] < k[:, None]
    block = valid[:, :, None] & valid[:, None, :]
    eye = np.broadcast_to(np.eye(size), (E, size, size))
    Bs = np.where(block, np.swapaxes(Bp[rows[:, :, None], cols[:, None, :]], 1, 2), eye)
    As = np.where(block, Ap[rows[:, :, None], cols[:, None, :]], eye)
    rhs = valid.astype(float)[:, :, None]
    try:
        z = np.linalg.solve(Bs, rhs)[:, :, 0]
        w = np.linalg.solve(As, rhs)[:, :, 0]
    except np.linalg.LinAlgError:
        raise _NumericalTrouble("a singular indifference system at a vertex pair") from None
    z = np.clip(z, 0.0, None) * valid
    w = np.clip(w, 0.0, None) * valid
    X = np.zeros((E, m))
    Y = np.zeros((E, n))
    idx = np.arange(E)[:, None]
    X[idx, rows] = z / z.sum(axis=1, keepdims=True)
    Y[idx, cols] = w / w.sum(axis=1, keepdims=True)
    # padded slots wrote zeros onto indices outside the support, which are zero anyway
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
        raise _NumericalTrouble("non-finite probabilities from an indifference system")
    return X, Y


def _regrets(A: np.ndarray, B: np.ndarray, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row and the column player's regret at each profile ``(X[e], Y[e])`` (vectorized)."""
    row = Y @ A.T
    col = X @ B
    return row.max(axis=1) - np.einsum("ij,ij->i", X, row), col.max(axis=1) - np.einsum("ij,ij->i", Y, col)


def _polish(work: NormalFormGame, labels: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact solution of the indifference systems of one label set, rounded to floats."""
    exact = work.to_exact()
    A, B = exact.bimatrix()
    Ai = positive_integer_matrix(A)
    Bi = positive_integer_matrix(B)
    rows = [i for i in range(m) if not labels[i]]
    cols = [j for j in range(len(labels) - m) if labels[m + j]]
    zx = solve_integer([[Bi[i][j] for i in rows] for j in cols], [1] * len(cols))
    zy = solve_integer([[Ai[i][j] for j in cols] for i in rows], [1] * len(rows))
    if zx is None or zy is None:
        raise _NumericalTrouble("a singular indifference system at a vertex pair")
    x = np.zeros(m)
    y = np.zeros(len(labels) - m)
    sx, sy = sum(zx[0]), sum(zy[0])
    if sx == 0 or sy == 0:
        raise _NumericalTrouble("a degenerate indifference system at a vertex pair")
    for i, v in zip(rows, zx[0], strict=True):
        x[i] = float(Fraction(v, sx))
    for j, v in zip(cols, zy[0], strict=True):
        y[j] = float(Fraction(v, sy))
    if (x < 0).any() or (y < 0).any():
        raise _NumericalTrouble("a matched vertex pair is not a pair of mixed strategies")
    return x, y

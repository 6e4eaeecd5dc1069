"""Vertex enumeration of best-response polytopes (private kernel of the enumeration solvers).

Every polytope here has the form

.. math::

    P(M) = \\{ z \\in \\mathbb{R}^d : z \\ge 0,\\; M^\\top z \\le 1 \\}

for a ``d x e`` matrix ``M`` with positive entries, so ``P(M)`` is bounded and has the origin as
a nondegenerate vertex. Constraint ``k < d`` is ``z_k >= 0``; constraint ``d + j`` is
``(M^T z)_j <= 1``. A vertex is identified by its *tight set*, the set of constraints holding with
equality, given as a bit mask over the ``d + e`` constraints (two distinct vertices of a polytope
never share a tight set). For the row player's best-response polytope of a bimatrix game
``(A, B)``, ``M = B`` and the tight set is the vertex's label set (von Stengel 2007, section 3.2).

Both enumerators walk the graph of feasible bases of the slack system
``s + M^T z = 1`` by simplex pivots, breadth first from the basis of the origin:

* :func:`float_vertices` does it in ``float64``, one numpy pass per BFS layer (ratio tests and
  pivots of a whole layer at once). It handles *nondegenerate* polytopes only and raises
  :class:`Degeneracy` as soon as it meets a basic variable within ``degeneracy_tol`` of zero,
  the sign of a vertex with more than ``d`` tight constraints.
* :func:`exact_vertices` pivots with Python integers (integer pivoting: every tableau entry is an
  integer and the common denominator is the last pivot element; von Stengel 2007, section 3.5)
  and follows *every* feasible pivot, including degenerate ones and all ties of the ratio test.
  The graph of feasible bases is connected (from any feasible basis, the simplex method with
  Bland's rule minimizing ``sum(z)`` reaches the origin's unique basis by feasible pivots, and a
  feasible pivot can be reversed), so the walk reaches every vertex of a degenerate polytope too.

References
----------
B. von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
form", chapter 3 of *Algorithmic Game Theory* (Nisan, Roughgarden, Tardos, Vazirani, eds.).
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42, 9-37.
R. G. Bland (1977), "New finite pivoting rules for the simplex method", *Mathematics of
Operations Research* 2, 103-107.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import SolverError

__all__ = [
    "Degeneracy",
    "ExactVertex",
    "FloatVertices",
    "float_vertices",
    "qhull_vertices",
    "fast_vertices",
    "exact_vertices",
    "labels_of_mask",
    "mask_keys",
    "MAX_BASES",
]

#: Safety limit on the number of feasible bases the exact walk visits.
MAX_BASES = 5_000_000

#: Frontier vertices processed per numpy pass (bounds the memory of one pass).
_CHUNK_CELLS = 1 << 22

#: ``flags @ _COUNT_AND_BITS[:k]``: per row of a boolean ``(rows, k)`` matrix, the number of true
#: entries and the bit mask of the row, in one matrix product (float64, exact for ``k <= 53``).
_COUNT_AND_BITS = np.stack([np.ones(53), 2.0 ** np.arange(53)], axis=1)
_COUNT_AND_BITS.setflags(write=False)


class Degeneracy(Exception):
    """Raised by :func:`float_vertices` when the polytope is (numerically) degenerate."""


@dataclass(frozen=True)
class FloatVertices:
    """Vertices of ``P(M)`` found in float arithmetic.

    ``tight[v, k]`` says whether constraint ``k`` is tight at vertex ``v`` (exactly ``d`` per
    row, the polytope being nondegenerate).
    """

    tight: np.ndarray
    #: The rows of ``tight`` as ``int64`` bit masks (bit ``k`` for constraint ``k``), when the
    #: enumerator has them at no extra cost (:func:`qhull_vertices` with ``d + e <= 53``), else ``None``.
    keys: np.ndarray | None = None

    @property
    def count(self) -> int:
        return self.tight.shape[0]


@dataclass(frozen=True)
class ExactVertex:
    """A vertex of ``P(M)`` in exact arithmetic.

    ``mask`` is the tight set as a Python int bit mask; ``coords`` are integers proportional to
    the vertex coordinates (``z_k = coords[k] / denominator``); only ratios matter to callers,
    who normalize to probabilities.
    """

    mask: int
    coords: tuple[int, ...]
    denominator: int


def labels_of_mask(mask: int) -> list[int]:
    """Indices of the set bits of a Python int.

    Examples
    --------
    >>> labels_of_mask(0b10110)
    [1, 2, 4]
    """
    out = []
    k = 0
    while mask:
        if mask & 1:
            out.append(k)
        mask >>= 1
        k += 1
    return out


# --------------------------------------------------------------------------- float kernel
def mask_keys(flags: np.ndarray) -> np.ndarray:
    """Hashable, sortable keys of the rows of a boolean matrix (equal rows, equal keys).

    ``uint64`` bit masks when there are at most 64 columns, packed bytes as a numpy ``void``
    dtype otherwise; either way ``np.unique`` and ``np.intersect1d`` work on them.

    Examples
    --------
    >>> mask_keys(np.array([[True, False, True], [False, True, False]])).tolist()
    [5, 2]
    """
    flags = np.asarray(flags, dtype=bool)
    rows, cols = flags.shape
    packed = np.packbits(flags, axis=1, bitorder="little")
    width = packed.shape[1]
    if cols <= 64:
        padded = np.zeros((rows, 8), dtype=np.uint8)
        padded[:, :width] = packed
        return padded.view("<u8").ravel()
    packed = np.ascontiguousarray(packed)
    return packed.view(np.dtype((np.void, width))).ravel()


def _member(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Which queries occur in a sorted key array."""
    if not len(sorted_keys):
        return np.zeros(len(queries), dtype=bool)
    if sorted_keys.dtype.kind == "V":
        return np.isin(queries, sorted_keys)
    pos = np.searchsorted(sorted_keys, queries).clip(max=len(sorted_keys) - 1)
    return sorted_keys[pos] == queries


def _flags(index_rows: np.ndarray, n_constraints: int) -> np.ndarray:
    rows = index_rows.shape[0]
    flags = np.zeros((rows, n_constraints), dtype=bool)
    flags[np.arange(rows)[:, None], index_rows] = True
    return flags


def float_vertices(M: np.ndarray, *, degeneracy_tol: float = 1e-11) -> FloatVertices:
    """All vertices of ``P(M)`` for a positive float matrix ``M`` (``d x e``), nondegenerate only.

    A BFS over vertices, one layer at a time: for every vertex of the layer and every
    nonbasic (tight) constraint, the ratio test finds the neighbour along that edge; new tight sets
    are deduplicated with ``np.unique`` and their tableaux are obtained by one vectorized pivot
    each. Raises :class:`Degeneracy` when a basic variable of a new vertex is at most
    ``degeneracy_tol`` (the entries of ``M`` should be scaled to about ``[1, 2]``, so values are
    of order one), and :class:`SolverError` on a numerically impossible pivot.

    Examples
    --------
    >>> import numpy as np
    >>> vs = float_vertices(np.array([[1.0, 2.0], [2.0, 1.0]]))
    >>> sorted(np.flatnonzero(row).tolist() for row in vs.tight)
    [[0, 1], [0, 2], [1, 3], [2, 3]]
    """
    M = np.asarray(M, dtype=float)
    d, e = M.shape
    K = d + e
    if not np.all(M > 0):
        raise ValueError("float_vertices needs a positive matrix")
    # tableau layout: Dt[f, k, r] is the coefficient of nonbasic slot k in basic row r
    # (basic_r = rhs_r - sum_k Dt[f, k, r] * nonbasic_k)
    Dt = M[None].copy()
    rhs = np.ones((1, e))
    basic = np.arange(d, K)[None].copy()
    nonb = np.arange(d)[None].copy()
    key = mask_keys(_flags(nonb, K)).astype(np.int64) if K <= 63 else mask_keys(_flags(nonb, K))
    previous = key[:0]  # keys of the layer before the current one (BFS: neighbours of layer t
    # lie in layers t - 1, t and t + 1, so only two layers need checking)
    all_tight = [nonb.copy()]
    # keys of up to 63 slots are int64 bit masks, updated by xor; longer ones are rebuilt from flags
    bits = np.int64(1) << np.arange(K, dtype=np.int64) if K <= 63 else None
    while len(key):
        F = len(key)
        step = max(1, _CHUNK_CELLS // max(1, d * e))
        cand_parts = []
        rstar_parts = []
        for s in range(0, F, step):
            sl = slice(s, min(F, s + step))
            # ratio test: with every basic value positive, min rhs/D over D > 0 is max D/rhs
            score = Dt[sl] * (1.0 / rhs[sl])[:, None, :]
            r_star = score.argmax(axis=2)  # (chunk, d)
            rstar_parts.append(r_star)
            leaving = np.take_along_axis(basic[sl], r_star, axis=1)
            if bits is not None:
                cand_parts.append((key[sl, None] ^ bits[nonb[sl]] ^ bits[leaving]).ravel())
            else:
                cand_nb = np.repeat(nonb[sl], d, axis=0).reshape(-1, d, d)
                idx = np.arange(d)
                cand_nb[:, idx, idx] = leaving
                cand_parts.append(mask_keys(_flags(cand_nb.reshape(-1, d), K)))
        cand = np.concatenate(cand_parts)
        r_star = np.concatenate(rstar_parts)
        uniq, first = np.unique(cand, return_index=True)
        new = ~(_member(previous, uniq) | _member(key, uniq))
        if not new.any():
            break
        uniq = uniq[new]
        first = first[new]
        previous = key
        pf, pk = np.divmod(first, d)
        pr = r_star[pf, pk]
        G = len(pf)
        g = np.arange(G)
        D2 = Dt[pf]
        r2 = rhs[pf]
        piv = D2[g, pk, pr]
        if not np.all(piv > 0):
            raise SolverError("vertex enumeration: nonpositive pivot in float arithmetic (numerical breakdown)")
        col = D2[g, pk, :].copy()
        prow = D2[g, :, pr] / piv[:, None]
        prhs = r2[g, pr] / piv
        D2 -= prow[:, :, None] * col[:, None, :]
        r2 -= col * prhs[:, None]
        D2[g, pk, :] = -col / piv[:, None]
        D2[g, :, pr] = prow
        D2[g, pk, pr] = 1.0 / piv
        r2[g, pr] = prhs
        if r2.min() <= degeneracy_tol:
            raise Degeneracy(f"a basic variable is {r2.min():.3g} at a vertex (tolerance {degeneracy_tol:.3g})")
        b2 = basic[pf]
        n2 = nonb[pf]
        leave = b2[g, pr]
        b2[g, pr] = n2[g, pk]
        n2[g, pk] = leave
        Dt, rhs, basic, nonb, key = D2, r2, b2, n2, uniq
        all_tight.append(n2)
    return FloatVertices(_flags(np.concatenate(all_tight), K))


def qhull_vertices(M: np.ndarray, *, degeneracy_tol: float = 1e-11) -> FloatVertices:
    """All vertices of ``P(M)`` by Qhull, nondegenerate only (raises :class:`Degeneracy`).

    Polar duality: with ``c`` an interior point, the constraints ``a_k z <= b_k`` become the points
    ``a_k / (b_k - a_k c)``; each facet of their convex hull is a vertex ``v`` of ``P(M)``
    (``v - c`` is the facet normal divided by minus its offset) and the facet's points are the
    constraints tight at ``v``. Qhull triangulates non-simplicial facets, so the tight sets are
    recomputed from the vertex coordinates: a vertex with more than ``d`` constraints within
    ``degeneracy_tol`` of tight (a non-simplicial facet, or a constraint point coplanar with a
    facet) means the polytope is degenerate. Faster than
    :func:`float_vertices` for small ``d`` (C code, no Python loop); slower from about ``d = 13`` on.
    """
    from scipy.spatial import QhullError

    M = np.asarray(M, dtype=float)
    d, e = M.shape
    if d < 2:
        return float_vertices(M, degeneracy_tol=degeneracy_tol)
    colsum = M.sum(axis=0)
    t = 0.5 / float(colsum.max())
    points = np.zeros((d + e, d))
    points[:d].flat[:: d + 1] = -1.0 / t  # the diagonal of the first d rows
    points[d:] = M.T / (1.0 - t * colsum)[:, None]
    try:
        eq = _hull_equations(points)
    except QhullError as exc:  # pragma: no cover - the polar of a full-dimensional polytope
        raise Degeneracy(f"Qhull failed: {str(exc).splitlines()[0]}") from None
    V = t - eq[:, :d] / eq[:, d:]
    # tight: z_k <= tol (k < d), or (M^T z)_j >= 1 - tol
    tight = np.empty((len(V), d + e), dtype=bool)
    np.less_equal(V, degeneracy_tol, out=tight[:, :d])
    np.greater_equal(V @ M, 1.0 - degeneracy_tol, out=tight[:, d:])
    # a non-simplicial facet (split by Qhull's triangulation into facets sharing one vertex) has
    # more than d points on its hyperplane, so this check also catches repeated vertices
    keys = None
    if d + e <= len(_COUNT_AND_BITS):  # the counts and the bit masks from one matrix product
        code = tight @ _COUNT_AND_BITS[: d + e]
        counts = code[:, 0]
        keys = code[:, 1].astype(np.int64)
    else:
        counts = tight.sum(axis=1)
    if (counts != d).any():
        raise Degeneracy("a vertex has more (or fewer) tight constraints than the dimension")
    return FloatVertices(tight, keys)


def _hull_equations(points: np.ndarray) -> np.ndarray:
    """Facet hyperplanes ``[normal, offset]`` of the convex hull of ``points`` (Qhull, options ``Qt``
    and, from dimension 5 on, ``Qx``: what :class:`scipy.spatial.ConvexHull` uses).

    ``ConvexHull`` also computes the hull's volume and area, about 20% of its time here; scipy's
    private ``_Qhull`` object gives the facets alone. It is used only after a self-check against
    ``ConvexHull`` on a fixed point set (once per process), so a scipy that changes it falls back to
    ``ConvexHull``.
    """
    from scipy.spatial import ConvexHull

    raw = _raw_qhull()
    if raw is None:
        return ConvexHull(points).equations
    return raw(points)


def _raw_facets(points: np.ndarray) -> np.ndarray:
    from scipy.spatial._qhull import _Qhull  # imported here: the module is private

    options = b"Qx" if points.shape[1] >= 5 else b""
    qhull = _Qhull(b"i", np.ascontiguousarray(points, dtype=np.float64), options, required_options=b"Qt")
    try:
        return np.asarray(qhull.get_simplex_facet_array()[2])
    finally:
        qhull.close()


#: ``[checked function or None]`` once :func:`_raw_qhull` has run.
_RAW_QHULL: list[Callable[[np.ndarray], np.ndarray] | None] = []


def _raw_qhull() -> Callable[[np.ndarray], np.ndarray] | None:
    """:func:`_raw_facets` if it agrees with ``ConvexHull`` on a fixed point set, else ``None``."""
    if not _RAW_QHULL:
        _RAW_QHULL.append(_checked_raw_facets())
    return _RAW_QHULL[0]


def _checked_raw_facets() -> Callable[[np.ndarray], np.ndarray] | None:
    from scipy.spatial import ConvexHull

    points = np.random.default_rng(0).normal(size=(12, 5))
    try:
        raw = _raw_facets(points)
        ref = ConvexHull(points).equations
        if raw.shape == ref.shape and np.allclose(
            raw[np.lexsort(np.round(raw, 9).T)], ref[np.lexsort(np.round(ref, 9).T)], rtol=0, atol=1e-12
        ):
            return _raw_facets
    except Exception:  # noqa: BLE001 - any change of the private API means: do not use it
        pass
    return None


def fast_vertices(M: np.ndarray, *, degeneracy_tol: float = 1e-11) -> FloatVertices:
    """Vertices of ``P(M)`` in float: Qhull for dimension 2 to 11, the numpy BFS otherwise (measured
    on random square matrices, mean of 6: Qhull 4.7 ms vs BFS 5.8 ms at 11, 12.0 vs 12.5 at 12,
    32 vs 27 at 13; the BFS is 2-3x faster at 16)."""
    if 2 <= M.shape[0] <= 11:
        return qhull_vertices(M, degeneracy_tol=degeneracy_tol)
    return float_vertices(M, degeneracy_tol=degeneracy_tol)


# --------------------------------------------------------------------------- exact kernel
def exact_vertices(M: list[list[int]], *, max_bases: int = MAX_BASES) -> tuple[list[ExactVertex], bool]:
    """All vertices of ``P(M)`` for a positive integer matrix ``M`` (``d`` rows, ``e`` columns).

    Returns ``(vertices, degenerate)`` where ``degenerate`` says whether some vertex has more than
    ``d`` tight constraints. Exact: integer pivoting on Python ints, every feasible pivot followed
    (see the module docstring for why this reaches every vertex).

    Examples
    --------
    >>> verts, degenerate = exact_vertices([[1, 2], [2, 1]])
    >>> sorted(labels_of_mask(v.mask) for v in verts), degenerate
    ([[0, 1], [0, 2], [1, 3], [2, 3]], False)
    >>> verts, degenerate = exact_vertices([[1, 1], [1, 1]])   # one constraint repeated
    >>> sorted(labels_of_mask(v.mask) for v in verts), degenerate
    ([[0, 1], [0, 2, 3], [1, 2, 3]], True)
    """
    d = len(M)
    e = len(M[0]) if d else 0
    if d == 0 or e == 0:
        raise ValueError("exact_vertices needs a non-empty matrix")
    if any(v <= 0 for row in M for v in row):
        raise ValueError("exact_vertices needs a positive matrix")
    # row r: det * x_{basic[r]} + sum_k T[r][k] * x_{nonbasic[k]} = T[r][d]
    T0 = tuple(tuple(int(M[k][j]) for k in range(d)) + (1,) for j in range(e))
    basic0 = tuple(range(d, d + e))
    nonb0 = tuple(range(d))
    start_key = (1 << d) - 1
    seen = {start_key}
    queue = deque([(T0, 1, basic0, nonb0)])
    vertices: dict[int, ExactVertex] = {}
    degenerate = False
    n_bases = 0
    while queue:
        T, det, basic, nonb = queue.popleft()
        n_bases += 1
        if n_bases > max_bases:
            raise SolverError(
                f"exact vertex enumeration visited more than {max_bases} feasible bases; the polytope is too "
                "degenerate or too large for this method"
            )
        # the vertex of this basis
        mask = 0
        for k in nonb:
            mask |= 1 << k
        zero_basic = [r for r in range(e) if T[r][d] == 0]
        for r in zero_basic:
            mask |= 1 << basic[r]
        if zero_basic:
            degenerate = True
        if mask not in vertices:
            coords = [0] * d
            for r in range(e):
                if basic[r] < d:
                    coords[basic[r]] = T[r][d]
            vertices[mask] = ExactVertex(mask, tuple(coords), det)
        base_key = 0
        for k in nonb:
            base_key |= 1 << k
        for k in range(d):
            # ratio test over rows with a positive entry in column k; keep every minimizer
            best_rows: list[int] = []
            bn = bd = 0
            for r in range(e):
                a = T[r][k]
                if a > 0:
                    num = T[r][d]
                    if not best_rows:
                        best_rows, bn, bd = [r], num, a
                    else:
                        lhs, rhs_ = num * bd, bn * a
                        if lhs < rhs_:
                            best_rows, bn, bd = [r], num, a
                        elif lhs == rhs_:
                            best_rows.append(r)
            if not best_rows:  # pragma: no cover - P(M) is bounded for positive M
                raise SolverError("exact vertex enumeration: unbounded edge in a bounded polytope")
            entering = nonb[k]
            for r in best_rows:
                leaving = basic[r]
                new_key = base_key ^ (1 << entering) ^ (1 << leaving)
                if new_key in seen:
                    continue
                seen.add(new_key)
                queue.append(_pivot(T, det, basic, nonb, r, k, d, e))
    return list(vertices.values()), degenerate


def _pivot(
    T: tuple[tuple[int, ...], ...], det: int, basic: tuple[int, ...], nonb: tuple[int, ...], r: int, k: int,
    d: int, e: int,
) -> tuple[tuple[tuple[int, ...], ...], int, tuple[int, ...], tuple[int, ...]]:
    """Integer pivot on row ``r``, nonbasic slot ``k`` (von Stengel 2007, section 3.5)."""
    p = T[r][k]
    row_r = T[r]
    new_rows = []
    for i in range(e):
        if i == r:
            row = list(row_r)
            row[k] = det
            new_rows.append(tuple(row))
            continue
        Ti = T[i]
        c = Ti[k]
        if c == 0:
            row = [(p * v) // det for v in Ti]
        else:
            row = [(p * v - c * w) // det for v, w in zip(Ti, row_r, strict=True)]
        row[k] = -c
        new_rows.append(tuple(row))
    new_basic = list(basic)
    new_nonb = list(nonb)
    new_basic[r], new_nonb[k] = nonb[k], basic[r]
    return tuple(new_rows), p, tuple(new_basic), tuple(new_nonb)

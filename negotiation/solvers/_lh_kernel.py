r"""Private kernel of Lemke–Howson: complementary pivoting on two compact tableaux.

Notation of von Stengel (2007, sec. 3.4-3.5). With payoffs made positive, the best-response
polytopes are

.. math:: P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\}.

Labels ``0 .. m-1`` are the row player's actions and ``m .. m+n-1`` the column player's. In ``P``
the variable ``x_i`` carries label ``i`` and the slack ``s_j = 1 - (B^\top x)_j`` label ``m + j``; in
``Q`` the slack ``r_i = 1 - (A y)_i`` carries label ``i`` and ``y_j`` label ``m + j``. A label is
*present* at a vertex when its variable is nonbasic (zero). Starting from the artificial
equilibrium ``(0, 0)`` with the initial label ``k`` dropped, the variable of label ``k`` enters;
the minimum-ratio test picks the variable that leaves; the leaving variable's label is now
duplicate, so its namesake enters in the other polytope; the path ends when label ``k`` leaves.

Each polytope is kept as a *compact* (dictionary) tableau ``x_B + D x_N = b`` of shape
``(rows, nonbasic + 1)``: half the size of the full tableau ``[I | D | b]``, because the identity
columns of the basic variables are implicit. A pivot is one in-place rank-1 update. Tableaux are
Fortran-ordered so that the pivot column, read by the ratio test, is contiguous.

Degeneracy is handled by the lexicographic minimum-ratio test (Lemke and Howson 1964; von Stengel
2007, ch. 3): the right-hand side ``1`` is perturbed to ``1 + (eps, eps^2, ...)`` along the
slacks in their original order; the coefficient of ``eps^j`` in the current right-hand side is the
tableau column of slack ``j`` (a unit vector while the slack is basic). The lexicographic test runs
only when plain ratios tie. Rounding noise that makes a basic variable negative is reset to 0
after each pivot, so that a degenerate vertex (a basic variable at 0) is seen as such.

Two interchangeable kernels: a numpy/BLAS one (always available) and a loop one compiled by numba
when numba is importable (used for long paths, see :func:`negotiation.solvers.lemke_howson.lemke_howson`).
They walk the same path when the ratio-test ties are exact or clearly separated (integer-like and
random games); on near-degenerate float games a BLAS ``dger`` update and a loop update round
differently, a near-tie can be judged differently, and the paths can diverge (each endpoint is
certified by the caller). A third, exact kernel pivots on ``Fraction`` tableaux: exact lexicographic
pivoting cannot cycle.

In floats the tolerant tests can make a path cycle: rounding misjudges a near-tie and the path comes
back to a pair of bases (basis of ``P``, basis of ``Q``) it has visited, which a lexicographic path
never does (Shapley 1974; von Stengel 2007, ch. 3). Both float kernels detect such a revisit with
Brent's (1980) checkpoints at pivots 0, 1, 2, 4, 8, ...: after every pivot they compare the current
pair of bases with the checkpoint's, as sets and exactly (no hashing, so never a false alarm), in
``O(1)``. They keep ``gap``, the number of labels basic now but not at the checkpoint (as many as
the converse, since each polytope keeps its number of basic variables); a pivot that makes ``e``
basic and ``l`` nonbasic in polytope ``t`` adds ``basic_then(t, l) - basic_then(t, e)``, and
``gap == 0`` is the checkpoint's bases. A label's status at the checkpoint is recorded when a pivot
first moves it after the checkpoint (its status just before): ``snap[t, label] = 2 c + status``,
stamped with ``c``, the pivot of the next checkpoint; a record below ``2 c`` is stale, so a new
checkpoint (``gap = 0``, ``c *= 2``) costs ``O(1)``, not ``O(m + n)``, and two fresh records'
difference is the difference of the statuses. A path that enters a cycle of length ``L`` after
``S`` pivots is stopped (code ``CYCLED``) after ``C + L`` pivots, ``C`` the first power of two
``>= max(S, L)``: at most ``2 max(S, L) + L``. The state survives a hand-over from
:func:`run_numpy` to :func:`run_numba` (:class:`PathState`). The caller keeps a bound on the length
of an honest path as a second guard (:func:`negotiation.solvers.lemke_howson.path_bound`).

References
----------
Brent, R. P. (1980). An improved Monte Carlo factorization algorithm. *BIT Numerical Mathematics*
20(2), 176-184 (the cycle detection with checkpoints at powers of two).
Lemke, C. E. and Howson, J. T. (1964). Equilibrium points of bimatrix games. *Journal of the
Society for Industrial and Applied Mathematics* 12(2), 413-423.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical Programming Study* 1, 175-189.
von Stengel, B. (2007). Equilibrium computation for two-player games in strategic and extensive
form. Chapter 3 of Nisan, Roughgarden, Tardos and Vazirani (eds.), *Algorithmic Game Theory*.
"""

from __future__ import annotations

import functools
import os
import sys
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

__all__ = ["PathState", "Endpoint", "start", "start_tableaux", "run_numpy", "run_numba", "run_path", "endpoint",
           "path_kernel", "numba_ready", "run_exact", "raw_strategies"]

#: Pivot-column entries at or below this are treated as nonpositive (payoffs are scaled to [1, 2]).
TOL_PIV = 1e-10
#: Ratios within ``TOL_TIE * max(1, |ratio|)`` of the minimum tie (then the lexicographic test decides).
TOL_TIE = 1e-12
#: The OpenBLAS shipped with scipy runs ``dger`` multi-threaded above 8192 entries (measured); on a
#: busy machine that made a pivot up to 1000x slower than one thread, so the rank-1 update is issued
#: in column blocks of at most this many entries.
BLAS_BLOCK = 8192

#: Kernel codes: the path ended (the initial label left), reached the pivot limit, broke down (no
#: positive pivot entry), or returned to a pair of bases it had visited (see :func:`run_numpy`).
DONE, LIMIT, FAILED, CYCLED = 0, 1, 2, 3

#: Watch float paths for a return to a pair of bases visited before (the tests switch it off to see
#: the undetected path). Read by :func:`run_numpy`, :func:`run_numba`, :func:`run_path` and the
#: nashpy backend's loop at each call.
DETECT_REVISITS = True


#: CPUs of this machine (``os.cpu_count`` takes microseconds: read once).
_CPUS = os.cpu_count() or 1


def _blas_single_threaded() -> bool:
    """True when OpenBLAS is told to use one thread (then one ``dger`` call per pivot suffices)."""
    return _CPUS == 1 or os.environ.get("OPENBLAS_NUM_THREADS") == "1"


class PathState:
    """Mutable state of one Lemke–Howson path: tableaux, bases, position. Private."""

    __slots__ = ("m", "n", "T0", "T1", "b0", "b1", "w0", "w1", "label", "entering", "turn", "pivots", "code",
                 "snap", "gap", "checkpoint")

    def __init__(self, T0, T1, b0, b1, w0, w1, m, n, label):
        self.m, self.n = m, n
        self.T0, self.T1 = T0, T1
        self.b0, self.b1 = b0, b1
        self.w0, self.w1 = w0, w1
        self.label = label
        self.entering = label
        self.turn = 0 if label < m else 1
        self.pivots = 0
        self.code = LIMIT  # not finished yet
        # revisit detection (see the module docstring): labels' status at the last checkpoint, recorded
        # lazily, the number of labels basic now but not then, and the pivot of the next checkpoint
        self.snap = np.zeros((2, m + n), dtype=np.int64)
        self.gap = 0
        self.checkpoint = 1


class Endpoint(NamedTuple):
    """Where a path stopped. Private.

    ``x`` and ``y`` are the endpoint normalized to sum to one and ``regret`` its max regret under
    the float payoffs, or ``inf`` unless the path finished (``code == DONE``) at a normalizable
    endpoint. ``bases`` packs the final bases and positions ``b0 | b1 | w0 | w1`` (see
    :func:`start`; :func:`split_bases` unpacks them).
    """

    code: int
    pivots: int
    x: np.ndarray
    y: np.ndarray
    regret: float
    bases: np.ndarray


def split_bases(bases: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(b0, b1, w0, w1)`` from :attr:`Endpoint.bases` (views)."""
    return bases[:n], bases[n:n + m], bases[n + m:n + 2 * m + n], bases[n + 2 * m + n:]


def start(Ap: np.ndarray, Bp: np.ndarray, label: int) -> PathState:
    """Initial state at the artificial equilibrium for positive payoffs ``Ap``, ``Bp`` (``m x n``).

    Tableau 0 is ``P`` (rows: the ``n`` constraints ``B^T x <= 1``; columns: ``x`` then ``b``);
    tableau 1 is ``Q`` (rows: ``A y <= 1``; columns: ``y`` then ``b``). ``w[t][label]`` is the row of
    a basic variable, or ``-(column + 1)`` for a nonbasic one.
    """
    m, n = Ap.shape
    dtype = Ap.dtype
    T0 = np.empty((n, m + 1), dtype=dtype, order="F")
    T0[:, :m] = Bp.T
    T0[:, m] = 1
    T1 = np.empty((m, n + 1), dtype=dtype, order="F")
    T1[:, :n] = Ap
    T1[:, n] = 1
    return start_tableaux(T0, T1, label)


def start_tableaux(T0: np.ndarray, T1: np.ndarray, label: int) -> PathState:
    """Initial state from the two initial tableaux (as built by :func:`start`), taken over in place.

    ``T0`` (``n x (m+1)``) and ``T1`` (``m x (n+1)``) must be Fortran-ordered float64 arrays; the
    path overwrites them.
    """
    n, m = T0.shape[0], T1.shape[0]
    return PathState(T0, T1, *_initial_bases(m, n), m, n, label)


def _initial_bases(m: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bases and positions at the artificial equilibrium: the slacks are basic (also compiled)."""
    labels = np.arange(m + n)
    b0 = labels[m:].copy()
    b1 = labels[:m].copy()
    w0 = np.concatenate((-(labels[:m] + 1), labels[:n]))
    w1 = np.concatenate((labels[:m], -(labels[:n] + 1)))
    return b0, b1, w0, w1


def raw_strategies(state: PathState) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalized ``x`` and ``y`` read off the tableaux (basic variables' right-hand sides)."""
    return _read_off(state.T0, state.T1, state.b0, state.b1, state.m, state.n)


def endpoint(state: PathState, A: np.ndarray, B: np.ndarray) -> Endpoint:
    """The :class:`Endpoint` of a path walked with :func:`run_numpy` or :func:`run_numba` on ``A``, ``B``."""
    x, y = raw_strategies(state)
    regret = np.inf
    if state.code == DONE:
        x, y, regret = normalized_endpoint(A, B, x, y)
    return Endpoint(state.code, state.pivots, x, y, float(regret),
                    np.concatenate((state.b0, state.b1, state.w0, state.w1)))


def _read_off(T0: np.ndarray, T1: np.ndarray, b0: np.ndarray, b1: np.ndarray, m: int,
              n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`raw_strategies` on the arrays (also compiled, inside :func:`_path_kernel`)."""
    x = np.zeros(m)
    y = np.zeros(n)
    rows0 = np.flatnonzero(b0 < m)
    x[b0[rows0]] = T0[rows0, m]
    rows1 = np.flatnonzero(b1 >= m)
    y[b1[rows1] - m] = T1[rows1, n]
    return x, y


def regret(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Max regret of the mixed profile ``(x, y)`` in the float game ``(A, B)`` (also compiled)."""
    Ay = A @ y
    xB = x @ B
    return max(Ay.max() - x @ Ay, xB.max() - xB @ y)


def normalized_endpoint(A: np.ndarray, B: np.ndarray, x: np.ndarray,
                        y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """A raw endpoint normalized, with its regret (``inf`` when it cannot be normalized).

    ``x`` and ``y`` come from the tableaux, whose right-hand sides are kept ``>= 0``; NaN fails
    the checks. Also compiled, inside :func:`_path_kernel`.
    """
    sx = x.sum()
    sy = y.sum()
    if not (0.0 < sx < np.inf and 0.0 < sy < np.inf):
        return x, y, np.inf
    x = x / sx
    y = y / sy
    return x, y, regret(A, B, x, y)


# ------------------------------------------------------------------------------------ numpy kernel


def _lex_rows(T: np.ndarray, col: np.ndarray, rhs: np.ndarray, where: list[int], slack_base: int,
              entering: int) -> int:
    """Lexicographic minimum-ratio test (rows with a positive pivot entry); -1 when there is none."""
    keep = np.flatnonzero(col > TOL_PIV)
    if keep.size == 0:
        return -1
    v = rhs[keep] / col[keep]
    mn = v.min()
    keep = keep[v <= mn + TOL_TIE * max(1.0, abs(mn))]
    R = T.shape[0]
    j = 0
    while keep.size > 1 and j < R:
        lab = slack_base + j
        j += 1
        if lab == entering:
            continue
        w = where[lab]
        if w >= 0:
            v = (keep == w).astype(float) / col[keep]
        else:
            v = T[keep, -w - 1] / col[keep]
        mn = v.min()
        keep = keep[v <= mn + TOL_TIE * max(1.0, abs(mn))]
    return int(keep[0])


def run_numpy(state: PathState, limit: int) -> int:
    """Pivot with numpy/BLAS until the path ends or ``state.pivots`` reaches ``limit``.

    Returns and stores the code ``DONE``, ``LIMIT``, ``FAILED`` (no positive pivot entry: a
    numerical breakdown, impossible in exact arithmetic for positive payoffs) or ``CYCLED`` (the
    path came back to a pair of bases it had visited: impossible on a lexicographic path, so
    rounding misjudged a near-tie; see the module docstring for how a revisit is detected).
    """
    from scipy.linalg.blas import dger

    m, n = state.m, state.n
    tabs = (state.T0, state.T1)
    basic = (state.b0.tolist(), state.b1.tolist())
    where = (state.w0.tolist(), state.w1.tolist())
    slack_base = (m, 0)
    rows = (n, m)
    ncols = (m + 1, n + 1)
    qbuf = (np.empty(n), np.empty(m))
    colbuf = (np.empty(n), np.empty(m))
    rowbuf = (np.empty(m + 1), np.empty(n + 1))
    blocks = []
    for t in range(2):
        width = ncols[t] if _blas_single_threaded() else max(1, BLAS_BLOCK // rows[t])
        blocks.append([(j0, min(ncols[t], j0 + width)) for j0 in range(0, ncols[t], width)])
    label = state.label
    entering, t, pivots = state.entering, state.turn, state.pivots
    detect = DETECT_REVISITS
    snaps = (state.snap[0].tolist(), state.snap[1].tolist())
    gap, checkpoint = state.gap, state.checkpoint
    fresh = 2 * checkpoint  # records below this are stale
    argmax, divide, multiply, maximum, inf = np.argmax, np.divide, np.multiply, np.maximum, np.inf
    code = LIMIT
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        while pivots < limit:
            T = tabs[t]
            wt = where[t]
            c = -wt[entering] - 1
            col = T[:, c]
            rhs = T[:, -1]
            q = qbuf[t]
            # fast ratio test: the largest col/rhs is the smallest rhs/col among positive entries
            divide(col, rhs, out=q)
            r = int(argmax(q))
            qr = q[r]
            ok = col[r] > TOL_PIV and 0.0 < qr < inf
            if ok:
                delta = TOL_TIE * max(1.0, 1.0 / qr)
                ok = int(np.count_nonzero(q >= qr / (1.0 + delta * qr))) == 1
            if not ok:
                r = _lex_rows(T, col, rhs, wt, slack_base[t], entering)
                if r < 0:
                    code = FAILED
                    break
            p = col[r]
            cb = colbuf[t]
            cb[:] = col
            rb = rowbuf[t]
            divide(T[r, :], p, out=rb)
            for j0, j1 in blocks[t]:
                dger(-1.0, cb, rb[j0:j1], a=T[:, j0:j1], overwrite_a=1)
            T[r, :] = rb
            multiply(cb, -1.0 / p, out=T[:, c])
            T[r, c] = 1.0 / p
            maximum(rhs, 0.0, out=rhs)  # basic variables are >= 0: rounding noise below 0 is 0
            bt = basic[t]
            leaving = bt[r]
            bt[r] = entering
            wt[entering] = r
            wt[leaving] = -c - 1
            pivots += 1
            if leaving == label:
                code = DONE
                break
            if detect:  # `entering` became basic in polytope t, `leaving` nonbasic (see the module docstring)
                snap = snaps[t]
                se = snap[entering]
                if se < fresh:  # first move since the checkpoint: it was nonbasic then
                    se = snap[entering] = fresh
                sl = snap[leaving]
                if sl < fresh:  # and this one basic
                    sl = snap[leaving] = fresh + 1
                gap += sl - se
            entering = leaving
            t = 1 - t
            if detect:
                if gap == 0:  # the bases of the checkpoint again
                    code = CYCLED
                    break
                if pivots == checkpoint:  # a new checkpoint: every record is now stale
                    gap, checkpoint = 0, 2 * checkpoint
                    fresh = 2 * checkpoint
    state.b0[:] = basic[0]
    state.b1[:] = basic[1]
    state.w0[:] = where[0]
    state.w1[:] = where[1]
    state.snap[0] = snaps[0]
    state.snap[1] = snaps[1]
    state.entering, state.turn, state.pivots, state.code = entering, t, pivots, code
    state.gap, state.checkpoint = gap, checkpoint
    return code


# ------------------------------------------------------------------------------------ loop kernel


def _loop_kernel(T0, T1, b0, b1, w0, w1, m, n, label, entering, turn, pivots, limit, tol_piv, tol_tie, snap, gap,
                 checkpoint, detect):
    """The same path as :func:`run_numpy`, as plain loops (compiled by numba; runs in Python too).

    ``snap``, ``gap`` and ``checkpoint`` are the revisit detector's state (:class:`PathState`);
    ``detect=False`` switches it off. Returns ``(code, entering, turn, pivots, gap, checkpoint)``.
    """
    size = max(m, n)
    fresh = 2 * checkpoint
    keep = np.empty(size, dtype=np.int64)
    colbuf = np.empty(size)
    rowbuf = np.empty(size + 1)
    ratios = np.empty(size)
    code = 1
    while pivots < limit:
        if turn == 0:
            T = T0
            b = b0
            w = w0
            slack_base = m
        else:
            T = T1
            b = b1
            w = w1
            slack_base = 0
        R = T.shape[0]
        C1 = T.shape[1]
        c = -w[entering] - 1
        # plain minimum-ratio test (each ratio computed once; inf for rows without a positive entry)
        mn = np.inf
        for i in range(R):
            ratio = T[i, C1 - 1] / T[i, c] if T[i, c] > tol_piv else np.inf
            ratios[i] = ratio
            if ratio < mn:
                mn = ratio
        if mn == np.inf:
            code = 2
            break
        bound = mn + tol_tie * max(1.0, abs(mn))
        k = 0
        for i in range(R):
            if ratios[i] <= bound:
                keep[k] = i
                k += 1
        # lexicographic tie-breaking along the slacks in their original order
        j = 0
        while k > 1 and j < R:
            lab = slack_base + j
            j += 1
            if lab == entering:
                continue
            wl = w[lab]
            mn = np.inf
            for s in range(k):
                i = keep[s]
                if wl >= 0:
                    v = (1.0 if i == wl else 0.0) / T[i, c]
                else:
                    v = T[i, -wl - 1] / T[i, c]
                if v < mn:
                    mn = v
            bound = mn + tol_tie * max(1.0, abs(mn))
            k2 = 0
            for s in range(k):
                i = keep[s]
                if wl >= 0:
                    v = (1.0 if i == wl else 0.0) / T[i, c]
                else:
                    v = T[i, -wl - 1] / T[i, c]
                if v <= bound:
                    keep[k2] = i
                    k2 += 1
            k = k2
        r = keep[0]
        # pivot on (r, c): one rank-1 update of the compact tableau
        p = T[r, c]
        for jj in range(C1):
            rowbuf[jj] = T[r, jj] / p
        for i in range(R):
            colbuf[i] = T[i, c]
        for jj in range(C1):
            f = rowbuf[jj]
            if f != 0.0 and jj != c:  # column c is rewritten below
                for i in range(R):
                    T[i, jj] -= colbuf[i] * f
        for jj in range(C1):
            T[r, jj] = rowbuf[jj]
        for i in range(R):
            T[i, c] = -colbuf[i] / p
            if T[i, C1 - 1] < 0.0:  # basic variables are >= 0: rounding noise below 0 is 0
                T[i, C1 - 1] = 0.0
        T[r, c] = 1.0 / p
        leaving = b[r]
        b[r] = entering
        w[entering] = r
        w[leaving] = -c - 1
        pivots += 1
        if leaving == label:
            code = 0
            break
        if detect:  # `entering` became basic in this polytope, `leaving` nonbasic (see run_numpy)
            se = snap[turn, entering]
            if se < fresh:
                se = fresh
                snap[turn, entering] = se
            sl = snap[turn, leaving]
            if sl < fresh:
                sl = fresh + 1
                snap[turn, leaving] = sl
            gap += sl - se
        entering = leaving
        turn = 1 - turn
        if detect:
            if gap == 0:  # the bases of the checkpoint again
                code = 3
                break
            if pivots == checkpoint:
                gap = 0
                checkpoint *= 2
                fresh = 2 * checkpoint
    return code, entering, turn, pivots, gap, checkpoint


def _path_kernel(A, B, la, sa, lb, sb, label, limit, tol_piv, tol_tie, detect):
    """A whole path in one call (compiled by numba; runs in Python too).

    Builds both tableaux from the float payoffs ``A``, ``B`` mapped to ``[1, 2]`` by
    ``(M - lo) / spread + 1`` (the map and operations of :meth:`_Prepared.start`, so the same values
    and the same path), walks with :func:`_loop_kernel`, and returns the fields of an
    :class:`Endpoint`. ``la, sa`` and ``lb, sb`` are the min and spread of ``A`` and ``B`` (numpy's
    reductions are several times faster than a compiled loop). The tableaux stay inside: returning
    arrays costs about a microsecond each.
    """
    m, n = A.shape
    T0 = np.empty((m + 1, n)).T  # Fortran-ordered n x (m + 1)
    T1 = np.empty((n + 1, m)).T  # Fortran-ordered m x (n + 1)
    for i in range(m):  # column i of T0 is row i of B: both contiguous
        for j in range(n):
            T0[j, i] = (B[i, j] - lb) / sb + 1.0
    for j in range(n):  # column j of T1 is column j of A
        for i in range(m):
            T1[i, j] = (A[i, j] - la) / sa + 1.0
    for j in range(n):
        T0[j, m] = 1.0
    for i in range(m):
        T1[i, n] = 1.0
    b0, b1, w0, w1 = _initial_bases(m, n)
    turn = 0 if label < m else 1
    snap = np.zeros((2, m + n), dtype=np.int64)
    code, entering, turn, pivots, gap, checkpoint = _loop_kernel(T0, T1, b0, b1, w0, w1, m, n, label, label, turn,
                                                                 0, limit, tol_piv, tol_tie, snap, 0, 1, detect)
    x, y = _read_off(T0, T1, b0, b1, m, n)
    regret = np.inf
    if code == 0:
        x, y, regret = normalized_endpoint(A, B, x, y)
    return code, pivots, x, y, regret, np.concatenate((b0, b1, w0, w1))


_COMPILED: list[Any] = []


def numba_ready() -> bool:
    """True when the compiled kernels are loaded in this process (no compile cost left)."""
    return bool(_COMPILED) and _COMPILED[0] is not None


def path_kernel() -> Any:
    """The compiled whole-path kernel (loaded on first use), or ``None`` without a working numba."""
    return _compiled_kernel(1) if numba_available() else None


def numba_available() -> bool:
    """True when numba can be imported (it is imported only when a long path needs it)."""
    if _COMPILED:
        return _COMPILED[0] is not None
    return "numba" in sys.modules or _numba_installed()


@functools.cache
def _numba_installed() -> bool:
    """Whether numba is installed, looked up once per process (the lookup reads the file system:
    ~100 us, more than a whole small game's path)."""
    import importlib.util

    return importlib.util.find_spec("numba") is not None


def _compiled_kernel(which: int = 0) -> Any:
    """A numba-compiled kernel (0: :func:`_loop_kernel`, 1: :func:`_path_kernel`), compiled (or
    loaded from numba's cache) on first use.

    ``None`` when numba is missing or fails to compile them; callers then use the numpy kernel.
    """
    if not _COMPILED:
        _COMPILED.extend(_compile())
    return _COMPILED[which]


def _compile() -> tuple[Any, Any]:
    try:
        import numba
        from numba.extending import register_jitable
    except ImportError:  # pragma: no cover - depends on the environment
        return None, None
    for helper in (_loop_kernel, _initial_bases, _read_off, regret, normalized_endpoint):
        register_jitable(helper)  # so that the compiled _path_kernel can call it (it stays a Python function)
    for cache in (True, False):  # no cache if no writable cache dir
        try:
            loop = numba.njit(cache=cache, nogil=True)(_loop_kernel)
            path = numba.njit(cache=cache, nogil=True)(_path_kernel)
            # compile now, on a 1x1 game (one pivot), so that a failure falls back cleanly
            probe = start(np.ones((1, 1)), np.ones((1, 1)), 0)
            code, *_ = loop(probe.T0, probe.T1, probe.b0, probe.b1, probe.w0, probe.w1, 1, 1, 0, 0, 0, 0, 10,
                            TOL_PIV, TOL_TIE, probe.snap, 0, 1, True)
            fused = path(np.ones((1, 1)), np.ones((1, 1)), 1.0, 1.0, 1.0, 1.0, 0, 10, TOL_PIV, TOL_TIE, True)
        except Exception:  # pragma: no cover - numba or cache trouble: try the next option, else numpy
            continue
        if code == DONE and fused[0] == DONE:
            return loop, path
    return None, None  # pragma: no cover


def run_numba(state: PathState, limit: int, *, compiled: bool = True) -> int:
    """Continue the path with the loop kernel (compiled by numba unless ``compiled=False``)."""
    kernel = _compiled_kernel() if compiled else _loop_kernel
    if kernel is None:
        return run_numpy(state, limit)
    code, entering, turn, pivots, gap, checkpoint = kernel(
        state.T0, state.T1, state.b0, state.b1, state.w0, state.w1, state.m, state.n, state.label,
        state.entering, state.turn, state.pivots, limit, TOL_PIV, TOL_TIE, state.snap, state.gap, state.checkpoint,
        DETECT_REVISITS,
    )
    state.entering, state.turn, state.pivots, state.code = int(entering), int(turn), int(pivots), int(code)
    state.gap, state.checkpoint = int(gap), int(checkpoint)
    return state.code


def run_path(A: np.ndarray, B: np.ndarray, maps: tuple[tuple[float, float], tuple[float, float]], label: int,
             limit: int, *, compiled: bool = True) -> Endpoint:
    """A whole path in one kernel call, to its :class:`Endpoint`.

    ``A``, ``B`` are the float payoffs (C-contiguous float64) and ``maps`` their ``(min, spread)``;
    the path is the one :func:`run_numpy` walks from :func:`start` on them mapped to ``[1, 2]``.
    Uses the numba-compiled kernel (the interpreted one with ``compiled=False``, for tests).
    """
    kernel = _compiled_kernel(1) if compiled else _path_kernel
    if kernel is None:  # pragma: no cover - callers check path_kernel() first
        raise RuntimeError("run_path needs numba")
    (la, sa), (lb, sb) = maps
    code, pivots, x, y, regret, bases = kernel(A, B, la, sa, lb, sb, label, limit, TOL_PIV, TOL_TIE, DETECT_REVISITS)
    return Endpoint(int(code), int(pivots), x, y, float(regret), bases)


# ------------------------------------------------------------------------------------ exact kernel


def run_exact(
    Ap: np.ndarray, Bp: np.ndarray, label: int, limit: int
) -> tuple[int, int, list[Fraction], list[Fraction]]:
    """The path in exact rational arithmetic (``Fraction`` tableaux, exact lexicographic test).

    ``Ap`` and ``Bp`` are positive exact ``object`` arrays. Returns ``(code, pivots, x, y)`` with
    unnormalized ``x`` and ``y``. Slow (Python loops); meant for small games.
    """
    m, n = Ap.shape
    tabs = [
        [[Fraction(Bp[i, j]) for i in range(m)] + [Fraction(1)] for j in range(n)],
        [[Fraction(Ap[i, j]) for j in range(n)] + [Fraction(1)] for i in range(m)],
    ]
    basic = [list(range(m, m + n)), list(range(m))]
    where = [[-(i + 1) for i in range(m)] + list(range(n)), list(range(m)) + [-(j + 1) for j in range(n)]]
    slack_base = (m, 0)
    entering, t, pivots = label, (0 if label < m else 1), 0
    while pivots < limit:
        T, wt = tabs[t], where[t]
        c = -wt[entering] - 1
        keep = [i for i, row in enumerate(T) if row[c] > 0]
        if not keep:
            return FAILED, pivots, [], []
        mn = min(T[i][-1] / T[i][c] for i in keep)
        keep = [i for i in keep if T[i][-1] / T[i][c] == mn]
        j = 0
        while len(keep) > 1 and j < len(T):
            lab = slack_base[t] + j
            j += 1
            if lab == entering:
                continue
            wl = wt[lab]
            vals = {i: ((1 if i == wl else 0) if wl >= 0 else T[i][-wl - 1]) / T[i][c] for i in keep}
            mn = min(vals.values())
            keep = [i for i in keep if vals[i] == mn]
        r = keep[0]
        p = T[r][c]
        prow = [v / p for v in T[r]]
        for i, row in enumerate(T):
            if i != r:
                f = row[c]
                if f:
                    for jj in range(len(row)):
                        row[jj] -= f * prow[jj]
                row[c] = -f / p
        prow[c] = 1 / p
        T[r] = prow
        leaving = basic[t][r]
        basic[t][r] = entering
        wt[entering] = r
        wt[leaving] = -c - 1
        pivots += 1
        if leaving == label:
            x = [Fraction(0)] * m
            y = [Fraction(0)] * n
            for rr, lab in enumerate(basic[0]):
                if lab < m:
                    x[lab] = tabs[0][rr][-1]
            for rr, lab in enumerate(basic[1]):
                if lab >= m:
                    y[lab - m] = tabs[1][rr][-1]
            return DONE, pivots, x, y
        entering = leaving
        t = 1 - t
    return LIMIT, pivots, [], []

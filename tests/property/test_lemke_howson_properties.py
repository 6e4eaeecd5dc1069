"""Property tests of Lemke–Howson on random games: the definition as oracle, and path invariances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.solvers import _lh_kernel as K
from negotiation.solvers import lemke_howson as lh_module
from negotiation.solvers.lemke_howson import lemke_howson, lemke_howson_all
from negotiation.solvers.result import Status


@st.composite
def integer_bimatrix(draw, max_dim=6, hi=3):
    m = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_dim))
    entries = st.lists(st.lists(st.integers(-hi, hi), min_size=n, max_size=n), min_size=m, max_size=m)
    return draw(entries), draw(entries)


@settings(max_examples=60, deadline=None)
@given(integer_bimatrix())
def test_degenerate_integer_games_every_label_exact(AB):
    """Small integer payoffs make ties common; every label still ends at an exact equilibrium."""
    g = NormalFormGame.from_bimatrix(*AB)
    res = lemke_howson_all(g, max_pivots=20_000)
    assert res.status is Status.PARTIAL, res.notes
    assert res.arithmetic == "exact" and len(res) >= 1
    assert all(e.regret == 0 and g.is_equilibrium(e.strategies) for e in res)


@settings(max_examples=40, deadline=None)
@given(integer_bimatrix(max_dim=5, hi=4))
def test_float_and_exact_kernels_walk_the_same_lexicographic_path(AB):
    g = NormalFormGame.from_bimatrix(*AB)
    prep = lh_module._prepare(g, True, 1e-9)
    m, n = g.shape
    for label in range(m + n):
        state = lh_module._walk(prep, label, 20_000, "numpy")
        code, pivots, _, _ = K.run_exact(*prep.positive_exact(), label, 20_000)
        assert state.code == code == K.DONE
        assert state.pivots == pivots


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(0, 2**32 - 1))
def test_float_games_every_label_certified(m, n, seed):
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_bimatrix(rng.standard_normal((m, n)) * 100, rng.uniform(-1, 1, (m, n)))
    res = lemke_howson_all(g)
    assert res.status is Status.PARTIAL and len(res) >= 1
    for e in res:
        assert g.is_equilibrium(e.strategies, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 8), st.integers(2, 8), st.integers(0, 2**32 - 1), st.data())
def test_path_invariant_under_relabelling_actions_and_players(m, n, seed, data):
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    g = NormalFormGame.from_bimatrix(A, B)
    label = data.draw(st.integers(0, m + n - 1))
    base = lemke_howson(g, initial_label=label)
    # permute the row player's actions: label k < m becomes position of k in the new order
    order = data.draw(st.permutations(range(m)))
    gp = g.permute_actions(0, order)
    new_label = order.index(label) if label < m else label
    res = lemke_howson(gp, initial_label=new_label)
    assert res.options["pivots"] == base.options["pivots"]
    assert np.allclose(res[0].strategies[0], base[0].strategies[0][list(order)], atol=1e-10)
    assert np.allclose(res[0].strategies[1], base[0].strategies[1], atol=1e-10)
    # swap the players: the row player's label k becomes the new column player's label n + k
    gs = g.permute_players([1, 0])
    swapped = n + label if label < m else label - m
    res = lemke_howson(gs, initial_label=swapped)
    assert res.options["pivots"] == base.options["pivots"]
    assert np.allclose(res[0].strategies[0], base[0].strategies[1], atol=1e-10)
    assert np.allclose(res[0].strategies[1], base[0].strategies[0], atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(integer_bimatrix(max_dim=6, hi=3), st.booleans())
def test_whole_path_kernel_walks_the_numpy_path_on_degenerate_games(AB, scaled):
    """The one-call path kernel (compiled, and interpreted) walks the numpy kernel's path on games
    full of ties, and its endpoint and regret are the numpy path's read-off."""
    pytest.importorskip("numba")
    A, B = (np.asarray(M, dtype=float) for M in AB)
    if scaled:  # non-integer payoffs with the same ties
        A, B = A * 0.3 - 1.7, B * 2.9 + 0.1
    g = NormalFormGame.from_bimatrix(A, B)
    prep = lh_module._prepare(g, False, 1e-9)
    m, n = g.shape
    for label in range(m + n):
        ref = K.endpoint(lh_module._walk(prep, label, 20_000, "numpy"), prep.A, prep.B)
        for compiled in (True, False):
            end = K.run_path(prep.A, prep.B, prep.maps(), label, 20_000, compiled=compiled)
            assert (end.code, end.pivots) == (ref.code, ref.pivots)
            assert np.array_equal(end.bases, ref.bases)
            assert np.allclose(end.x, ref.x, atol=1e-12) and np.allclose(end.y, ref.y, atol=1e-12)
            assert end.regret == ref.regret or abs(end.regret - ref.regret) <= 1e-12 * g.scale()


@settings(max_examples=40, deadline=None)
@given(integer_bimatrix(max_dim=5, hi=3))
def test_exact_games_give_the_same_results_with_every_kernel(AB):
    """Exact endpoints read off the final bases do not depend on the kernel that walked the path
    (the one-call compiled path included)."""
    pytest.importorskip("numba")
    g = NormalFormGame.from_bimatrix(*AB)
    by_kernel = {kernel: lemke_howson_all(g, max_pivots=20_000, kernel=kernel) for kernel in ("numpy", "numba")}
    a, b = by_kernel["numpy"], by_kernel["numba"]
    assert a.options["pivots"] == b.options["pivots"]
    assert list(a.equilibria) == list(b.equilibria) and a.arithmetic == b.arithmetic == "exact"
    assert all(e.regret == 0 for e in b)


# ------------------------------------------------------------------------------------ near-degenerate float games


def _exact_regret(A, B, x, y):
    """Max regret from the definition in rationals (payoffs and strategies at their exact binary values)."""
    from fractions import Fraction

    Aq = np.array([[Fraction(float(v)) for v in row] for row in A], dtype=object)
    Bq = np.array([[Fraction(float(v)) for v in row] for row in B], dtype=object)
    xq = np.array([Fraction(float(v)) for v in x], dtype=object)
    yq = np.array([Fraction(float(v)) for v in y], dtype=object)
    xq, yq = xq / sum(xq), yq / sum(yq)
    Ay, xB = Aq.dot(yq), xq.dot(Bq)
    return max(max(Ay) - xq.dot(Ay), max(xB) - xB.dot(yq))


@st.composite
def near_degenerate_bimatrix(draw, max_dim=5):
    """An integer game with payoffs in -2..2 (ties everywhere) plus noise of size 1e-12 .. 1e-6."""
    AB = draw(integer_bimatrix(max_dim=max_dim, hi=2))
    size = 10.0 ** draw(st.floats(-12, -6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    A, B = (np.asarray(M, dtype=float) + size * rng.standard_normal(np.shape(M)) for M in AB)
    return A, B


def _kernels():
    return st.sampled_from(("numpy", "numba") if K.numba_available() else ("numpy",))


def _assert_certified(A, B, res, rtol=1e-9):
    scale = max(np.ptp(A), np.ptp(B)) or 1.0
    rounding = 16 * np.finfo(float).eps * (sum(A.shape) + 1) * max(np.abs(A).max(), np.abs(B).max())
    for e in res:
        assert _exact_regret(A, B, *e.strategies) <= rtol * scale + rounding, e


@settings(max_examples=50, deadline=None)
@given(near_degenerate_bimatrix(), _kernels())
def test_near_degenerate_float_games_every_label_ends_at_a_certified_equilibrium(AB, kernel):
    """Small games (<= EXACT_PIVOTING_LIMIT profiles): a cycled, broken-down or uncertified float path
    is walked again exactly, so every label gives an equilibrium, within the path bound."""
    A, B = AB
    g = NormalFormGame.from_bimatrix(A, B)
    res = lemke_howson_all(g, kernel=kernel)
    m, n = g.shape
    assert res.status is Status.PARTIAL and len(res) >= 1, res.notes
    assert set(res.options["outcomes"]) == {"equilibrium"}, res.notes
    assert all(p < lh_module.path_bound(m, n) for p in res.options["pivots"])
    _assert_certified(A, B, res)


@settings(max_examples=40, deadline=None)
@given(near_degenerate_bimatrix(), _kernels())
def test_near_degenerate_float_games_without_exact_rewalk_explain_every_failure(lh_paths, AB, kernel):
    """As if the games were too large to walk again exactly: every label ends at a certified
    equilibrium, or at a cycled (LIMIT_REACHED) or failed path whose note says so; no float path
    runs past the bound, and a path said to return to a pair of bases did (checked by walking it again
    with detection off)."""
    from unittest import mock

    A, B = AB
    g = NormalFormGame.from_bimatrix(A, B)
    m, n = g.shape
    bound = lh_module.path_bound(m, n)
    with mock.patch.object(lh_module, "EXACT_PIVOTING_LIMIT", 0):
        res = lemke_howson_all(g, kernel=kernel)
    outcomes = res.options["outcomes"]
    assert set(outcomes) <= {"equilibrium", "cycled", "failed"}
    assert (res.status is Status.LIMIT_REACHED) == ("cycled" in outcomes)
    prep = lh_module._prepare(g, False, 1e-9)
    for label, (kind, pivots) in enumerate(zip(outcomes, res.options["pivots"], strict=True)):
        note = res.notes[label]
        assert note.startswith(f"label {label} ")
        assert pivots <= bound
        if kind == "cycled":
            assert note.startswith(f"label {label} ({g.players[label >= m]}: ") and "path failed: " in note
            assert "cycle" in note
            if pivots == bound:
                assert f"passed {bound} pivots" in note
            else:
                assert f"returned to a pair of bases it had visited after {pivots} pivots" in note
                seq = lh_paths.bases(prep, label, kernel, pivots)
                assert len(seq) == pivots + 1 and seq[pivots] in seq[:pivots]
        elif kind == "failed":
            assert "path failed" in note
        else:
            assert "path failed" not in note
    _assert_certified(A, B, res)


@settings(max_examples=60, deadline=None)
@given(integer_bimatrix(max_dim=5, hi=2))
def test_exact_lexicographic_paths_stay_below_the_path_bound(AB):
    """The bound's premise: exact lexicographic paths end, well within comb(m+n, m)**2 pivots."""
    g = NormalFormGame.from_bimatrix(*AB)
    prep = lh_module._prepare(g, True, 1e-9)
    m, n = g.shape
    for label in range(m + n):
        code, pivots, _, _ = K.run_exact(*prep.positive_exact(), label, lh_module.path_bound(m, n))
        assert code == K.DONE and pivots < lh_module.path_bound(m, n)


# ------------------------------------------------------------------------------------ revisit detection


def _honest_games():
    """300 seeded games up to 12x12: normal payoffs, small integers (ties everywhere) and integers times an
    inexact float (ties up to rounding, well inside the tie tolerance)."""
    for seed in range(300):
        rng = np.random.default_rng([7, seed])
        m, n = int(rng.integers(1, 13)), int(rng.integers(1, 13))
        if seed % 3 == 0:
            A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
        elif seed % 3 == 1:
            A, B = rng.integers(-3, 4, (m, n)).astype(float), rng.integers(-3, 4, (m, n)).astype(float)
        else:
            A, B = rng.uniform(0, 100, (m, n)), rng.integers(0, 5, (m, n)) * 0.37
        yield NormalFormGame.from_bimatrix(A, B)


#: Labels and pivots of all paths of :func:`_honest_games`, recorded before revisit detection was added
#: (the numpy, compiled loop and compiled whole-path kernels agreed on every path and its final bases).
HONEST_LABELS, HONEST_PIVOTS = 3861, 26168


def test_revisit_detection_leaves_honest_paths_unchanged(monkeypatch):
    """On a few hundred random games, every label: the same path (code, pivots, final bases) with and without
    revisit detection, in the numpy kernel and the whole-path kernel; never a cycle; and the pivot total
    recorded before the detector existed."""
    labels = pivots = 0
    compiled = K.numba_available()
    for g in _honest_games():
        prep = lh_module._prepare(g, False, 1e-9)
        m, n = g.shape
        for label in range(m + n):
            ends = {}
            for detect in (True, False):
                monkeypatch.setattr(K, "DETECT_REVISITS", detect)
                ends["numpy", detect] = K.endpoint(lh_module._walk(prep, label, 100_000, "numpy"), prep.A, prep.B)
                if compiled:
                    ends["path", detect] = K.run_path(prep.A, prep.B, prep.maps(), label, 100_000)
            ref = ends["numpy", False]
            assert ref.code == K.DONE
            for end in ends.values():
                assert (end.code, end.pivots) == (ref.code, ref.pivots) and np.array_equal(end.bases, ref.bases)
            labels += 1
            pivots += ref.pivots
    assert (labels, pivots) == (HONEST_LABELS, HONEST_PIVOTS)


def test_revisit_detection_on_near_degenerate_games(monkeypatch, lh_paths):
    """Seeded 6x6 games whose float paths often cycle (payoffs in {-2, ..., 2} times an inexact float, plus
    noise of 1e-13 .. 1e-8): a path stopped as cycled returned to a pair of bases at that very pivot, within
    Brent's bound of its first revisit; every other path is the one walked with detection off."""
    kinds = ("numpy", "numba") if K.numba_available() else ("numpy",)
    cycled = 0
    for seed in range(400):
        rng = np.random.default_rng([6, seed])
        factor = 0.1 if seed % 2 else 1 / 3
        size = 10.0 ** rng.uniform(-13, -8)
        A = rng.integers(-2, 3, (6, 6)) * factor + size * rng.standard_normal((6, 6))
        B = rng.integers(-2, 3, (6, 6)) * factor + size * rng.standard_normal((6, 6))
        prep = lh_module._prepare(NormalFormGame.from_bimatrix(A, B), False, 1e-9)
        for label in range(12):
            for kernel in kinds:
                monkeypatch.setattr(K, "DETECT_REVISITS", True)
                end = lh_module._walk_to_endpoint(prep, label, 5000, kernel)
                if end.code == K.CYCLED:
                    cycled += 1
                    seq = lh_paths.bases(prep, label, kernel, end.pivots)
                    assert seq[end.pivots] in seq[:end.pivots]
                    S, L = lh_paths.first_revisit(seq)
                    assert end.pivots <= 2 * max(S, L) + L
                    continue
                monkeypatch.setattr(K, "DETECT_REVISITS", False)
                unchecked = lh_module._walk_to_endpoint(prep, label, 5000, kernel)
                assert (end.code, end.pivots) == (unchecked.code, unchecked.pivots)
                assert np.array_equal(end.bases, unchecked.bases)
    assert cycled >= 3 * len(kinds)  # the games do exercise the detector (5 labels per kernel here)

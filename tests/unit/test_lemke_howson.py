"""Lemke–Howson: known paths and endpoints, every label, degeneracy, pivot limits, kernels, backends.

Oracle: the definition (every listed profile has no profitable deviation, checked by the game),
known equilibria of textbook games, pygambit's enummixed for the set of all equilibria, and
quantecon's Lemke–Howson for the path (same pivot counts and endpoint from the same label).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import NormalFormGame, nash_equilibria
from negotiation.errors import NotApplicableError
from negotiation.solvers import _lh_kernel as K
from negotiation.solvers import lemke_howson as lh_module
from negotiation.solvers.lemke_howson import lemke_howson, lemke_howson_all
from negotiation.solvers.result import Status

# von Stengel (2007), Algorithmic Game Theory, Fig. 3.3 (nondegenerate) and its degenerate variant
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS_EQUILIBRIA = [
    ([F(1), F(0), F(0)], [F(1), F(0)]),
    ([F(4, 5), F(1, 5), F(0)], [F(2, 3), F(1, 3)]),
    ([F(0), F(1, 3), F(2, 3)], [F(1, 3), F(2, 3)]),
]
VS_B_DEGENERATE = [[3, 3], [2, 6], [3, 1]]


def random_game(rng, m, n, exact=False):
    if exact:
        A, B = rng.integers(-9, 10, (m, n)), rng.integers(-9, 10, (m, n))
        return NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    return NormalFormGame.from_bimatrix(rng.standard_normal((m, n)), rng.standard_normal((m, n)))


def as_exact_lists(eq):
    return tuple(list(s) for s in eq.strategies)


# ------------------------------------------------------------------------------------ textbook games


def test_von_stengel_every_label_exact():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    seen = set()
    for label in range(5):
        res = lemke_howson(g, initial_label=label)
        assert res.status is Status.PARTIAL and res.arithmetic == "exact"
        assert len(res) == 1 and res[0].regret == 0
        assert as_exact_lists(res[0]) in [tuple(e) for e in VS_EQUILIBRIA]
        assert g.is_equilibrium(res[0].strategies)
        seen.add(tuple(map(tuple, as_exact_lists(res[0]))))
    # the mixed equilibrium (4/5, 1/5, 0), (2/3, 1/3) has index -1: no label reaches it (Shapley 1974)
    assert len(seen) == 2
    assert lemke_howson(g, initial_label=1).options["pivots"] == 4  # von Stengel (2007), sec. 3.4


def test_von_stengel_label_by_name():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B, actions=[["T", "M", "B"], ["l", "r"]])
    by_name = lemke_howson(g, initial_label=("Column", "r"))
    by_index = lemke_howson(g, initial_label=4)
    assert by_name[0] == by_index[0] and by_name.options["initial_label"] == 4


@pytest.mark.parametrize(
    "A, B, expected",
    [
        # prisoner's dilemma: (D, D)
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]], ([F(0), F(1)], [F(0), F(1)])),
        # matching pennies: the unique, mixed equilibrium
        ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], ([F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])),
        # rock-paper-scissors
        (
            [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
            ([F(1, 3)] * 3, [F(1, 3)] * 3),
        ),
    ],
    ids=["prisoners-dilemma", "matching-pennies", "rock-paper-scissors"],
)
def test_games_with_a_unique_equilibrium(A, B, expected):
    g = NormalFormGame.from_bimatrix(A, B)
    res = lemke_howson_all(g)
    assert [as_exact_lists(e) for e in res] == [expected]
    assert res.status is Status.PARTIAL and res.method == "lemke_howson_all"
    assert len(res.options["pivots"]) == sum(g.shape)


def test_battle_of_the_sexes_all_labels_reach_the_pure_equilibria():
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = lemke_howson_all(bos)
    assert [e.supports for e in res] == [(("a0",), ("a0",)), (("a1",), ("a1",))]
    assert all(e.regret == 0 for e in res)


# ------------------------------------------------------------------------------------ degeneracy


def test_degenerate_game_every_label():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B_DEGENERATE)
    for arithmetic in ("exact", "float"):
        for label in range(5):
            res = lemke_howson(g, initial_label=label, arithmetic=arithmetic)
            assert len(res) == 1, res.notes
            assert res.arithmetic == arithmetic
            assert g.is_equilibrium(res[0].strategies)
            if arithmetic == "exact":
                assert res[0].regret == 0


def test_fully_degenerate_games_terminate():
    # constant payoffs: every profile is an equilibrium; every ratio test ties
    const = NormalFormGame.from_bimatrix(np.ones((4, 5)), np.ones((4, 5)))
    res = lemke_howson_all(const, max_pivots=1000)
    assert res.status is Status.PARTIAL and len(res) >= 1
    assert all(const.is_equilibrium(e.strategies) for e in res)
    # payoffs in {0, 1}: many ties
    rng = np.random.default_rng(7)
    for _ in range(10):
        A, B = rng.integers(0, 2, (6, 6)), rng.integers(0, 2, (6, 6))
        g = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        res = lemke_howson_all(g, max_pivots=10_000)
        assert res.status is Status.PARTIAL, res.notes
        assert len(res) >= 1 and res.arithmetic == "exact"
        assert all(e.regret == 0 for e in res)


def test_exact_pivoting_fallback(monkeypatch):
    """If the exact re-solve of the float bases fails, the path is pivoted again in rationals."""
    g = NormalFormGame.from_bimatrix(VS_A, VS_B_DEGENERATE)
    expected = [lemke_howson(g, initial_label=k)[0] for k in range(5)]
    monkeypatch.setattr(lh_module, "_exact_from_bases", lambda *args: None)
    for k in range(5):
        res = lemke_howson(g, initial_label=k)
        assert res.arithmetic == "exact" and res[0].regret == 0
        assert "exact pivoting" in res.notes[0]
        assert g.is_equilibrium(res[0].strategies)
        assert res[0] == expected[k]


def test_exact_kernel_matches_float_kernel(rng):
    for _ in range(5):
        g = random_game(rng, 5, 6, exact=True)
        prep = lh_module._prepare(g, True, 1e-9)
        for label in range(11):
            state = lh_module._walk(prep, label, 10_000, "numpy")
            code, pivots, x, y = K.run_exact(*prep.positive_exact(), label, 10_000)
            assert code == state.code == K.DONE
            assert pivots == state.pivots
            xf, yf = K.raw_strategies(state)  # the exact payoffs are scaled differently: compare mixtures
            assert np.allclose(np.array(x, dtype=float) / float(sum(x)), xf / xf.sum(), atol=1e-9)
            assert np.allclose(np.array(y, dtype=float) / float(sum(y)), yf / yf.sum(), atol=1e-9)


# ------------------------------------------------------------------------------------ random games


@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (6, 6), (8, 5)])
def test_every_label_on_nondegenerate_games_matches_enummixed(rng, shape):
    gbt = pytest.importorskip("pygambit")
    for _ in range(3):
        g = random_game(rng, *shape)
        A, B = (np.asarray(M, dtype=float) for M in g.bimatrix())
        gg = gbt.Game.from_arrays(A, B)
        known = [
            [np.array([float(eq[p][s]) for s in p.strategies]) for p in gg.players]
            for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria
        ]
        res = lemke_howson_all(g)
        assert res.status is Status.PARTIAL and len(res) >= 1
        for e in res:
            assert g.is_equilibrium(e.strategies, rtol=1e-9)
            assert any(e.isclose(k, atol=1e-7) for k in known)


def test_same_path_as_quantecon(rng):
    qe = pytest.importorskip("quantecon.game_theory")
    for m, n in [(4, 4), (10, 7), (25, 25), (40, 30)]:
        for _ in range(2):
            A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
            g = NormalFormGame.from_bimatrix(A, B)
            qg = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
            res = lemke_howson_all(g)
            for label in range(m + n):
                NE, info = qe.lemke_howson(qg, init_pivot=label, full_output=True)
                assert info.converged
                assert res.options["pivots"][label] == info.num_iter
                single = lemke_howson(g, initial_label=label)
                assert single[0].isclose(NE, atol=1e-9)


def test_invariant_under_positive_affine_transforms(rng):
    g = random_game(rng, 7, 9)
    A, B = (np.asarray(M) for M in g.bimatrix())
    h = NormalFormGame.from_bimatrix(3.5 * A - 2.0, 0.25 * B + 7.0)
    for label in (0, 3, 8, 15):
        r1, r2 = lemke_howson(g, initial_label=label), lemke_howson(h, initial_label=label)
        assert r1.options["pivots"] == r2.options["pivots"]
        assert r1[0].isclose(r2[0], atol=1e-10)


def test_kernels_walk_the_same_path(rng):
    for m, n in [(3, 3), (6, 9), (20, 20)]:
        g = random_game(rng, m, n)
        prep = lh_module._prepare(g, False, 1e-9)
        for label in range(0, m + n, 3):
            a = lh_module._walk(prep, label, 100_000, "numpy")
            b = K.start(prep.Ap, prep.Bp, label)
            K.run_numba(b, 100_000, compiled=False)  # the loop kernel, interpreted
            assert a.code == b.code == K.DONE and a.pivots == b.pivots
            assert np.array_equal(a.b0, b.b0) and np.array_equal(a.b1, b.b1)
            assert np.allclose(a.T0, b.T0, atol=1e-9) and np.allclose(a.T1, b.T1, atol=1e-9)


def test_prepared_tableaux_equal_the_kernel_start(rng):
    """The tableaux built in place by the wrapper are bitwise those of K.start on the positive tables."""
    for m, n in [(1, 1), (3, 5), (8, 4)]:
        g = random_game(rng, m, n)
        prep = lh_module._prepare(g, False, 1e-9)
        for label in (0, m + n - 1):
            a, b = prep.start(label), K.start(prep.Ap, prep.Bp, label)
            assert a.T0.flags.f_contiguous and a.T1.flags.f_contiguous
            assert np.array_equal(a.T0, b.T0) and np.array_equal(a.T1, b.T1)
            for name in ("b0", "b1", "w0", "w1"):
                assert np.array_equal(getattr(a, name), getattr(b, name)), name
            assert (a.turn, a.entering, a.pivots) == (b.turn, b.entering, b.pivots)
    assert np.all(prep.Ap >= 1.0) and np.all(prep.Ap <= 2.0)


@pytest.mark.parametrize("exact", [False, True])
def test_maps_from_the_games_cached_bounds_equal_the_tables_ranges(rng, exact):
    """The map to [1, 2] read off game.payoff_bounds() is the one computed from the float tables."""
    for A, B in [(rng.integers(-9, 9, (4, 6)), rng.integers(-9, 9, (4, 6))), (np.full((3, 2), 7), np.eye(3, 2))]:
        g = NormalFormGame.from_bimatrix(A if exact else A * 0.37, B if exact else B * 1.3)
        prep = lh_module._prepare(g, False, 1e-9)
        ranges = tuple((float(M.min()), float(M.max()) - float(M.min()) or 1.0) for M in (prep.A, prep.B))
        assert prep.maps() == ranges


def test_negligible_raw_endpoint_skips_polishing(rng, monkeypatch):
    """A float endpoint with regret <= 1e-12 of the range is returned as is; otherwise it is polished."""
    g = random_game(rng, 12, 12)
    expected = lemke_howson(g, initial_label=3)

    def no_polish(*args):
        raise AssertionError("polished although the raw endpoint was certified")

    monkeypatch.setattr(lh_module, "_polish", no_polish)
    res = lemke_howson(g, initial_label=3)
    assert res[0].isclose(expected[0], atol=1e-9) and res[0].regret <= 1e-12 * g.scale()
    monkeypatch.undo()
    calls = []
    original = lh_module._polish
    monkeypatch.setattr(lh_module, "_negligible", lambda *args: False)
    monkeypatch.setattr(lh_module, "_polish", lambda *args: calls.append(1) or original(*args))
    res = lemke_howson(g, initial_label=3)
    assert calls and res[0].isclose(expected[0], atol=1e-9) and g.is_equilibrium(res[0].strategies)
    monkeypatch.undo()
    # the raw check itself refuses a profile with a visible regret, and a zero vector
    prep = lh_module._prepare(g, False, 1e-9)
    x = np.zeros(12)
    x[0] = 1.0

    def read_off(x, y):
        return K.normalized_endpoint(prep.A, prep.B, x, y)[2]

    assert read_off(np.zeros(12), x) == np.inf
    eq = expected[0].strategies
    assert lh_module._negligible(prep, read_off(np.asarray(eq[0], float), np.asarray(eq[1], float)))
    assert not lh_module._negligible(prep, read_off(np.asarray(eq[0], float) + x, np.asarray(eq[1], float)))


def test_numba_kernel_and_switching(rng):
    pytest.importorskip("numba")
    g = random_game(rng, 30, 30)
    prep = lh_module._prepare(g, False, 1e-9)
    for label in (0, 17, 45):
        ref = lh_module._walk(prep, label, 100_000, "numpy")
        compiled = lh_module._walk(prep, label, 100_000, "numba")
        assert compiled.pivots == ref.pivots and np.array_equal(compiled.b0, ref.b0)
        # the whole path in one compiled call, and interpreted: the same path and endpoint
        expected = K.endpoint(ref, prep.A, prep.B)
        assert expected.code == K.DONE and expected.pivots == ref.pivots
        assert np.array_equal(expected.bases, np.concatenate((ref.b0, ref.b1, ref.w0, ref.w1)))
        assert all(np.array_equal(part, getattr(ref, name))
                   for part, name in zip(K.split_bases(expected.bases, 30, 30), ("b0", "b1", "w0", "w1"), strict=True))
        for compiled_path in (True, False):
            end = K.run_path(prep.A, prep.B, prep.maps(), label, 100_000, compiled=compiled_path)
            assert (end.code, end.pivots) == (K.DONE, ref.pivots)
            assert np.array_equal(end.bases, expected.bases)
            assert np.allclose(end.x, expected.x, atol=1e-12) and np.allclose(end.y, expected.y, atol=1e-12)
            assert abs(end.regret - expected.regret) <= 1e-12 * g.scale()
        # switching kernels in the middle of a path continues the same path
        mid = K.start(prep.Ap, prep.Bp, label)
        K.run_numpy(mid, ref.pivots // 2)
        K.run_numba(mid, 100_000)
        assert mid.code == K.DONE and mid.pivots == ref.pivots and np.array_equal(mid.b1, ref.b1)


# ------------------------------------------------------------------------------------ limits


def test_pivot_limit_reported_without_false_equilibrium():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = lemke_howson(g, initial_label=1, max_pivots=3)  # the path needs 4
    assert res.status is Status.LIMIT_REACHED
    assert len(res) == 0
    assert "label 1" in res.notes[0] and "3 pivots" in res.notes[0]
    assert res.options["pivots"] == 3
    assert lemke_howson(g, initial_label=1, max_pivots=4).status is Status.PARTIAL


def test_limit_in_lemke_howson_all_keeps_the_other_labels(rng):
    g = random_game(rng, 12, 12)
    full = lemke_howson_all(g)
    pivots = full.options["pivots"]
    cap = sorted(pivots)[len(pivots) // 2]
    res = lemke_howson_all(g, max_pivots=cap)
    assert res.status is Status.LIMIT_REACHED
    reached = {k for k, p in enumerate(pivots) if p <= cap}
    assert 0 < len(reached) < len(pivots)
    for k, p in enumerate(res.options["pivots"]):
        assert p == min(pivots[k], cap)
    assert all(g.is_equilibrium(e.strategies) for e in res)
    assert sum("pivot limit reached" in note for note in res.notes) == len(pivots) - len(reached)


def test_large_games_finish_or_stop_cleanly(rng):
    for n, cap in [(200, 200_000), (400, 30_000)]:
        g = random_game(rng, n, n)
        res = lemke_howson(g, initial_label=0, max_pivots=cap)
        assert res.status in (Status.PARTIAL, Status.LIMIT_REACHED)
        if res.status is Status.PARTIAL:
            assert g.is_equilibrium(res[0].strategies, rtol=1e-9)
        else:
            assert len(res) == 0 and res.options["pivots"] == cap


# ------------------------------------------------------------------------------------ nashpy backend


def test_nashpy_backend_small_games():
    pytest.importorskip("nashpy")
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    for label in range(5):
        res = lemke_howson(g, initial_label=label, backend="nashpy")
        native = lemke_howson(g, initial_label=label, arithmetic="float")
        assert res.status is Status.PARTIAL and res.arithmetic == "float"
        assert res[0].isclose(native[0], atol=1e-9)
        assert res.options["pivots"] == native.options["pivots"]
        assert g.is_equilibrium(res[0].strategies, rtol=1e-12)


def test_nashpy_backend_stops_at_the_limit(rng):
    pytest.importorskip("nashpy")
    g = random_game(rng, 30, 30)
    res = lemke_howson(g, backend="nashpy", max_pivots=300)
    # nashpy's pivoting in floats cycles on games of this size: either it ends at a certified
    # equilibrium or it stops at the limit; never a false equilibrium
    assert res.status in (Status.PARTIAL, Status.LIMIT_REACHED)
    assert all(g.is_equilibrium(e.strategies, rtol=1e-9) for e in res)


def test_nashpy_backend_drops_uncertified_output(monkeypatch):
    nashpy_tableau = pytest.importorskip("nashpy.linalg.tableau")
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)

    def wrong(self, basic_labels):  # a valid mixed strategy that is not an equilibrium strategy
        size = len(self._original_basic_labels)
        out = np.zeros(size)
        out[-1] = 1.0
        return out

    monkeypatch.setattr(nashpy_tableau.Tableau, "to_strategy", wrong)
    res = lemke_howson(g, initial_label=1, backend="nashpy")
    assert len(res) == 0 and res.status is Status.PARTIAL
    assert "not an equilibrium" in res.notes[0] and "dropped" in res.notes[0]


# ------------------------------------------------------------------------------------ arithmetic


def test_arithmetic_choices(rng):
    g = random_game(rng, 5, 4, exact=True)
    assert lemke_howson(g).arithmetic == "exact"
    flt = lemke_howson(g, arithmetic="float")
    assert flt.arithmetic == "float" and flt[0].regret < 1e-12
    gf = g.to_float()
    ex = lemke_howson(gf, arithmetic="exact")
    assert ex.arithmetic == "exact" and ex[0].regret == 0
    assert ex[0].isclose(flt[0], atol=1e-12)


def test_polishing_reaches_machine_precision(rng):
    g = random_game(rng, 60, 60)
    res = lemke_howson_all(g, max_pivots=200_000)
    assert res.max_regret < 1e-13 * g.scale()


# ------------------------------------------------------------------------------------ bad input


def test_bad_input():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    with pytest.raises(ValueError, match="initial_label"):
        lemke_howson(g, initial_label=5)
    with pytest.raises(ValueError, match="initial_label"):
        lemke_howson(g, initial_label=True)
    with pytest.raises(ValueError, match="max_pivots"):
        lemke_howson(g, max_pivots=0)
    with pytest.raises(ValueError, match="backend"):
        lemke_howson(g, backend="gambit")
    with pytest.raises(ValueError, match="kernel"):
        lemke_howson(g, kernel="cuda")
    with pytest.raises(NotApplicableError, match="exact"):
        lemke_howson(g, backend="nashpy", arithmetic="exact")
    three = NormalFormGame.from_array(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotApplicableError, match="two-player"):
        lemke_howson(three)
    with pytest.raises(NotApplicableError, match="two-player"):
        lemke_howson_all(three)
    with pytest.raises(TypeError):
        lemke_howson([[1, 2], [3, 4]])


def test_dispatch_through_nash_equilibria():
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    res = nash_equilibria(g, method="lemke_howson", initial_label=2)
    assert res.method == "lemke_howson" and g.is_equilibrium(res[0].strategies)
    assert nash_equilibria(g, method="lemke_howson_all").method == "lemke_howson_all"


def test_one_action_games():
    g = NormalFormGame.from_bimatrix([[1, 5, 2]], [[0, 3, 3]])
    res = lemke_howson_all(g)
    assert all(g.is_equilibrium(e.strategies) for e in res)
    assert len(res) >= 1
    assert all(set(e.supports[1]) <= {"a1", "a2"} for e in res)  # column's best replies to the only row


# ------------------------------------------------------------------------------------ near-degenerate float games
# Reviewer's games (float payoffs given by their repr, so their binary values are fixed).

# 3x3, integers + ~1e-9 noise: from label 1 the float path ends at an endpoint failing certification
NEAR_3X3 = (
    [[2.000000000544177, 0.9999999996337783, 1.9999999985751515],
     [-7.038591205388718e-10, 1.0000000001361624, 0.9999999990848253],
     [-1.9147101971894068e-10, 1.0000000011202501, 1.0000000005704517]],
    [[9.914585596358674e-10, -1.5066600744223569e-09, 2.1608504316221636e-10],
     [1.9999999998916083, 1.0000000001372724, 2.000000000252337],
     [-3.3384257248018917e-10, 9.00983523443029e-10, 1.9999999987148986]],
)
# 3x3 with payoffs from 1e-8 to 1e8: the float path from label 3 cycles
WIDE_3X3 = (
    [[2.6088213286384547e-06, 1.0976689527925227e-07, -1.038847366526963e-06],
     [-1.1463456938637151e-08, -10360.191939498693, 715099.7596912199],
     [-1.4597899899721511e-06, 18.522431058526372, -74.49017908954465]],
    [[-28473205.02288474, 98998672.26511924, -4.495012622827887e-05],
     [36.50001637628411, -2.99646172953124e-06, 1830005.1345162806],
     [-11806.666484579402, -666713.0896498137, -39.538748453934474]],
)
# 7x4, integers + ~1e-9 noise: label 6 cycles; label 0 (numba) ends at an uncertified endpoint
NEAR_7X4 = (
    [[1.0000000001862435, 1.9999999995114939, -1.9514417687683333e-09, 1.0000000009568912],
     [1.0000000021269921, 2.0000000001629408, 1.000000000443767, 4.124843702111505e-10],
     [1.0831360241164727e-09, -1.3328897945511136e-09, 1.999999999413098, 2.0000000000959846],
     [1.0000000012254713, 2.0000000010331975, 5.483282902054262e-10, 1.999999999328096],
     [1.999999999256862, 5.898559228191941e-11, 2.000000000126014, 1.9999999993659379],
     [6.124136605597064e-10, -1.0671701132426424e-10, 1.999999999581308, 0.9999999992919225],
     [1.2609349149247555e-10, 0.9999999998525367, 2.0000000004829652, -1.1274931811623581e-11]],
    [[2.000000000471895, 1.0000000007026082, 1.999999999079972, 0.9999999991064695],
     [-6.765508635857314e-10, 1.0000000015290078, 8.838835517490589e-10, 1.0000000006534044],
     [1.9999999992295425, -5.321588545823812e-10, -9.232746154734285e-10, 2.000000000047981],
     [1.000000000445437, 0.9999999990331462, 1.1634523404472136e-09, 1.000000001149224],
     [0.9999999982178527, 2.0000000012646946, 4.540573787770837e-10, 0.9999999980470584],
     [1.000000001298908, 2.0000000008858416, 0.999999998231285, 1.0000000016529944],
     [-9.251278300388545e-10, 2.0000000006970113, 2.000000000326433, 1.9999999979991865]],
)


# 6x6, payoffs in {-2/3, ..., 2/3} (integers times the float 1/3) + noise of size 2.7e-10 (found by a seeded
# search of such games): labels 3 and 10 cycle, and without revisit detection each float path ran to
# path_bound(6, 6) = 853,776 pivots (about 9 s each with the numpy kernel)
CYCLING_6X6 = (
    [[0.3333333330178159, 0.6666666663300013, -0.6666666666216545, 0.3333333335890973, 0.6666666664101909,
      -0.6666666667563508],
     [0.3333333333116165, 2.2778240050549662e-10, 0.33333333268908777, -0.3333333334292414, 0.6666666666714142,
      0.3333333336245058],
     [0.3333333332408524, -7.0200706500714445e-12, -0.3333333335916744, -0.33333333322455194, 0.6666666667053862,
      0.3333333329720211],
     [0.666666666296264, -0.6666666669347512, -0.333333333318124, -0.66666666722161, 3.665533353171052e-10,
      -4.617460196178447e-10],
     [-3.170038313100773e-10, -0.666666666585498, 0.3333333331655293, -0.6666666663822641, -0.33333333355779576,
      0.6666666671676753],
     [0.6666666667365806, 0.3333333332420671, -0.6666666669671268, 0.6666666667698161, 0.6666666662626739,
      -0.6666666662003756]],
    [[0.33333333366951473, 0.6666666666609955, -0.6666666665970646, -0.3333333335396783, -0.33333333353775013,
      -1.2153260695228112e-10],
     [-0.333333333185561, -0.3333333333039345, -0.6666666667355066, 0.6666666671063786, 0.6666666667773119,
      -0.666666666652831],
     [2.2359572390570502e-11, 0.33333333318843616, 2.5231339625416525e-10, 0.3333333333410143, 1.427184324136962e-10,
      0.6666666668216722],
     [0.333333332902846, -9.265644940716177e-11, -0.33333333331985426, -3.1255988478717393e-10, 0.6666666662542783,
      -0.3333333334166535],
     [-0.33333333344024185, 0.33333333300434925, 0.3333333331785408, -0.3333333334015413, 4.577964938922065e-11,
      -0.666666666357825],
     [0.33333333321961606, 0.3333333328230846, 0.33333333349679317, 1.948371259845193e-10, 0.33333333322964975,
      -0.3333333336597364]],
)


def padded(AB, size):
    """A ``size x size`` game: ``AB`` in the top-left corner, every other payoff the player's minimum (so the
    map to [1, 2], and the corner's float tableau entries, are those of ``AB``)."""
    out = []
    for M in AB:
        M = np.asarray(M, dtype=float)
        big = np.full((size, size), M.min())
        big[:M.shape[0], :M.shape[1]] = M
        out.append(big)
    return tuple(out)


def brent_stop(S, L):
    """Where Brent's checkpoints (pivots 1, 2, 4, ...) stop a path entering a cycle of length L after S pivots."""
    c = 1
    while c < max(S, L):
        c *= 2
    return c + L


def exact_regret(A, B, x, y):
    """Max regret from the definition, in rationals: payoffs and strategies at their exact binary values."""
    A = [[F(v) for v in row] for row in A]
    B = [[F(v) for v in row] for row in B]
    x = [F(float(v)) if not isinstance(v, F) else v for v in x]
    y = [F(float(v)) if not isinstance(v, F) else v for v in y]
    sx, sy = sum(x), sum(y)
    x, y = [v / sx for v in x], [v / sy for v in y]
    Ay = [sum(a * q for a, q in zip(row, y, strict=True)) for row in A]
    xB = [sum(x[i] * B[i][j] for i in range(len(x))) for j in range(len(y))]
    return max(max(Ay) - sum(p * v for p, v in zip(x, Ay, strict=True)),
               max(xB) - sum(v * q for v, q in zip(xB, y, strict=True)))


def assert_certified_by_definition(A, B, res, rtol=1e-9):
    """Every listed profile's exact regret is within rtol of the payoff range (+ float rounding)."""
    Af, Bf = np.asarray(A, float), np.asarray(B, float)
    scale = max(np.ptp(Af), np.ptp(Bf)) or 1.0
    rounding = 16 * np.finfo(float).eps * (sum(Af.shape) + 1) * max(np.abs(Af).max(), np.abs(Bf).max())
    for e in res:
        assert exact_regret(A, B, *e.strategies) <= rtol * scale + rounding, e


def kernels():
    return ("numpy", "numba") if K.numba_available() else ("numpy",)


def test_path_bound_is_the_squared_number_of_bases():
    from math import comb

    assert lh_module.path_bound(3, 3) == 400 == comb(6, 3) ** 2
    assert lh_module.path_bound(6, 1) == 49 and lh_module.path_bound(1, 1) == 4
    assert lh_module.path_bound(7, 4) == lh_module.path_bound(4, 7) == 330**2


@pytest.mark.parametrize("kernel", kernels())
def test_uncertified_float_endpoint_is_walked_again_exactly(kernel):
    """Reviewer's game: the float endpoint from label 1 fails certification; the exact re-walk on the
    payoffs' binary values returns the (unique) equilibrium instead of an empty result."""
    g = NormalFormGame.from_bimatrix(*NEAR_3X3)
    prep = lh_module._prepare(g, False, 1e-9)
    end = lh_module._walk_to_endpoint(prep, 1, 10_000, kernel)
    assert end.code == K.DONE and lh_module._excess(prep, end.x, end.y) > 1  # the premise: not certified
    res = lemke_howson(g, initial_label=1, kernel=kernel)
    assert res.status is Status.PARTIAL and res.options["outcome"] == "equilibrium" and len(res) == 1
    assert "walked again in exact arithmetic" in res.notes[0] and "failed certification" in res.notes[0]
    assert res[0].supports == (("a0",), ("a0",))
    assert exact_regret(*NEAR_3X3, *res[0].strategies) == 0
    assert res.options["pivots"] <= lh_module.path_bound(3, 3)


def test_exact_rewalk_endpoint_is_an_exact_equilibrium_of_the_binary_values():
    g = NormalFormGame.from_bimatrix(*NEAR_3X3)
    prep = lh_module._prepare(g, False, 1e-9)
    code, pivots, x, y = K.run_exact(*prep.positive_exact(), 1, 10_000)
    assert code == K.DONE and pivots < lh_module.path_bound(3, 3)
    assert all(isinstance(v, F) for v in x + y)
    assert exact_regret(*NEAR_3X3, x, y) == 0


# (game, label, S, L): the float path from the label enters a cycle of length L after S pivots
CYCLES = [(WIDE_3X3, 3, 3, 6), (NEAR_7X4, 6, 6, 6), (CYCLING_6X6, 3, 4, 12), (CYCLING_6X6, 10, 3, 12)]


@pytest.mark.parametrize("AB, label, S, L", CYCLES, ids=["wide3x3-3", "near7x4-6", "cycling6x6-3", "cycling6x6-10"])
def test_revisit_of_a_pair_of_bases_stops_the_path_within_brents_bound(AB, label, S, L, lh_paths):
    """Every float walker (numpy, loop compiled and interpreted, whole path compiled and interpreted) stops a
    cycling path with code CYCLED where Brent's checkpoints catch the cycle, and only at a revisit."""
    g = NormalFormGame.from_bimatrix(*AB)
    prep = lh_module._prepare(g, False, 1e-9)
    stop = brent_stop(S, L)
    assert stop <= 2 * max(S, L) + L
    for kernel in kernels():
        seq = lh_paths.bases(prep, label, kernel, stop + 2 * L)
        assert lh_paths.first_revisit(seq) == (S, L)  # the premise, from the definition
        assert all(seq[p] == seq[p + L] for p in range(S, stop + L))  # a cycle, not a single return
        state = lh_module._walk(prep, label, 10**6, kernel)
        assert (state.code, state.pivots) == (K.CYCLED, stop)
        assert seq[stop] in seq[:stop]  # stopped at a revisit
        assert (frozenset(state.b0.tolist()), frozenset(state.b1.tolist())) == seq[stop]
    for compiled in (True, False) if K.numba_available() else (False,):
        end = K.run_path(prep.A, prep.B, prep.maps(), label, 10**6, compiled=compiled)
        assert (end.code, end.pivots, end.regret) == (K.CYCLED, stop, np.inf)
        loop = prep.start(label)
        K.run_numba(loop, 10**6, compiled=compiled)
        assert (loop.code, loop.pivots) == (K.CYCLED, stop)
    # a path limit below the stop is a plain limit
    short = lh_module._walk(prep, label, stop - 1, "numpy")
    assert (short.code, short.pivots) == (K.LIMIT, stop - 1)


def test_revisit_detection_survives_switching_kernels_mid_path():
    """The detector's state lives in PathState: any split between the numpy and the loop kernel (either
    order, compiled or not) stops the cycling path at the same pivot as one kernel alone."""
    prep = lh_module._prepare(NormalFormGame.from_bimatrix(*CYCLING_6X6), False, 1e-9)
    stop = brent_stop(4, 12)
    for split in range(1, stop):
        for first, second in ((K.run_numpy, K.run_numba), (K.run_numba, K.run_numpy)):
            state = prep.start(3)
            first(state, split)
            assert (state.code, state.pivots) == (K.LIMIT, split)
            second(state, 10**6)
            assert (state.code, state.pivots) == (K.CYCLED, stop)
        state = prep.start(3)
        K.run_numba(state, split, compiled=False)
        K.run_numpy(state, 10**6)
        assert (state.code, state.pivots) == (K.CYCLED, stop)


@pytest.mark.parametrize("detect, stopped", [
    (True, "returned to a pair of bases it had visited after 14 pivots"),
    (False, "passed 400 pivots"),  # the second guard, path_bound(3, 3)
])
def test_cycling_float_path_is_stopped_and_walked_again(monkeypatch, detect, stopped):
    """Reviewer's wide-range 3x3 game: label 3 used to run 10^6 pivots; its float path is stopped when it
    returns to a pair of bases (14 pivots), or with revisit detection off at path_bound(3, 3) = 400 pivots,
    and walked again exactly."""
    monkeypatch.setattr(K, "DETECT_REVISITS", detect)
    g = NormalFormGame.from_bimatrix(*WIDE_3X3)
    if not detect:
        state = lh_module._walk(lh_module._prepare(g, False, 1e-9), 3, 400, "numpy")
        assert state.code == K.LIMIT  # the premise: the float path does not end within the bound
    for kernel in kernels():
        res = lemke_howson(g, initial_label=3, kernel=kernel)
        assert res.status is Status.PARTIAL and res.options["outcome"] == "equilibrium", res.notes
        assert stopped in res.notes[0] and "cycle" in res.notes[0]
        assert "walked again in exact arithmetic" in res.notes[0] and res.options["pivots"] < 400
        assert_certified_by_definition(*WIDE_3X3, res)
        every = lemke_howson_all(g, kernel=kernel)
        assert every.status is Status.PARTIAL and set(every.options["outcomes"]) == {"equilibrium"}
        assert all(p < 400 for p in every.options["pivots"])
        assert_certified_by_definition(*WIDE_3X3, every)


def test_near_degenerate_7x4_every_label_certified(monkeypatch):
    g = NormalFormGame.from_bimatrix(*NEAR_7X4)
    bound = lh_module.path_bound(7, 4)
    for kernel in kernels():
        res = lemke_howson_all(g, kernel=kernel)
        assert res.status is Status.PARTIAL and set(res.options["outcomes"]) == {"equilibrium"}, res.notes
        assert all(p < bound for p in res.options["pivots"])
        assert_certified_by_definition(*NEAR_7X4, res)
        # label 6's float path cycled
        assert "cycle" in res.notes[6] and "returned to a pair of bases it had visited after 14 pivots" in res.notes[6]
    six = lemke_howson(g, initial_label=6, kernel=kernels()[-1])
    assert six[0].supports == (("a2",), ("a3",)) and exact_regret(*NEAR_7X4, *six[0].strategies) == 0
    # a pivot limit before the detection is a plain limit, not a cycle
    capped = lemke_howson(g, initial_label=6, max_pivots=13)
    assert capped.status is Status.LIMIT_REACHED and capped.options["outcome"] == "pivot_limit"
    assert len(capped) == 0 and "pivot limit reached after 13 pivots" in capped.notes[0]
    # without revisit detection the bound stops it; a pivot limit below the bound is a plain limit
    monkeypatch.setattr(K, "DETECT_REVISITS", False)
    unchecked = lemke_howson(g, initial_label=6, kernel=kernels()[-1])
    assert unchecked.options["outcome"] == "equilibrium" and "passed 108900 pivots" in unchecked.notes[0]
    assert unchecked[0].supports == (("a2",), ("a3",))
    capped = lemke_howson(g, initial_label=6, max_pivots=5000)
    assert capped.status is Status.LIMIT_REACHED and capped.options["outcome"] == "pivot_limit"
    assert len(capped) == 0 and "pivot limit reached after 5000 pivots" in capped.notes[0]


def test_cycling_6x6_every_label_in_few_pivots(monkeypatch):
    """Two labels of a 6x6 game cycle; without revisit detection lemke_howson_all walked 2 x 853,776 float
    pivots (about 18 s with the numpy kernel). Now each is stopped after 28 pivots and walked again exactly."""
    g = NormalFormGame.from_bimatrix(*CYCLING_6X6)
    res = lemke_howson_all(g, kernel="numpy")
    assert res.status is Status.PARTIAL and set(res.options["outcomes"]) == {"equilibrium"}, res.notes
    assert res.options["pivots"] == (2, 11, 13, 17, 2, 3, 10, 2, 2, 9, 13, 3)  # 10 and 3 of them exact re-walks
    for label in range(12):
        cycled = "returned to a pair of bases it had visited after 28 pivots" in res.notes[label]
        assert cycled == (label in (3, 10)) == ("walked again in exact arithmetic" in res.notes[label])
    assert_certified_by_definition(*CYCLING_6X6, res)
    assert len(res) == 3
    # as if the game were too large to walk again exactly
    monkeypatch.setattr(lh_module, "EXACT_PIVOTING_LIMIT", 0)
    res = lemke_howson_all(g, kernel="numpy")
    assert res.status is Status.LIMIT_REACHED
    assert res.options["outcomes"] == tuple("cycled" if k in (3, 10) else "equilibrium" for k in range(12))
    assert res.options["pivots"] == (2, 11, 13, 28, 2, 3, 10, 2, 2, 9, 28, 3)
    assert all(res.notes[k].startswith(f"label {k} (") and "path failed: " in res.notes[k] for k in (3, 10))
    assert_certified_by_definition(*CYCLING_6X6, res)


def test_large_game_cycle_is_reported_long_before_max_pivots(monkeypatch):
    """On a game too large to walk again exactly, whose path_bound exceeds any pivot limit, a cycling path
    used to run to max_pivots ("pivot_limit"); it is now "cycled" after 28 pivots."""
    g = NormalFormGame.from_bimatrix(*padded(CYCLING_6X6, 60))  # 3600 profiles > EXACT_PIVOTING_LIMIT
    assert 60 * 60 > lh_module.EXACT_PIVOTING_LIMIT and lh_module.path_bound(60, 60) > 10**30
    for kernel in kernels():
        res = lemke_howson(g, initial_label=3, kernel=kernel)
        assert res.status is Status.LIMIT_REACHED and len(res) == 0 and res.options["outcome"] == "cycled"
        assert res.options["pivots"] == 28 and res.notes[0].startswith("label 3 (Row: a3): path failed: ")
        assert "returned to a pair of bases it had visited after 28 pivots" in res.notes[0]
    # the brief's setting: a small game as if too large (EXACT_PIVOTING_LIMIT = 0), bound above max_pivots
    monkeypatch.setattr(lh_module, "EXACT_PIVOTING_LIMIT", 0)
    small = NormalFormGame.from_bimatrix(*padded(CYCLING_6X6, 12))
    assert lh_module.path_bound(12, 12) > 10**6
    res = lemke_howson(small, initial_label=3, kernel="numpy")
    assert (res.options["outcome"], res.options["pivots"], res.status) == ("cycled", 28, Status.LIMIT_REACHED)
    # the premise: without revisit detection the same path runs to the pivot limit
    monkeypatch.setattr(K, "DETECT_REVISITS", False)
    res = lemke_howson(g, initial_label=3, kernel="numpy", max_pivots=20_000)
    assert res.options["outcome"] == "pivot_limit" and res.options["pivots"] == 20_000


def test_large_games_report_a_cycled_or_failed_path(monkeypatch):
    """Above EXACT_PIVOTING_LIMIT there is no exact re-walk: a cycled path is LIMIT_REACHED and a
    failed endpoint an empty PARTIAL result, each with options["outcome"] and a 'path failed' note."""
    monkeypatch.setattr(lh_module, "EXACT_PIVOTING_LIMIT", 0)
    res = lemke_howson(NormalFormGame.from_bimatrix(*WIDE_3X3), initial_label=3, kernel="numpy")
    assert res.status is Status.LIMIT_REACHED and len(res) == 0 and res.options["outcome"] == "cycled"
    assert res.options["pivots"] == 14 and res.notes[0].startswith("label 3 (Column: a0): path failed: ")
    assert "returned to a pair of bases it had visited after 14 pivots" in res.notes[0] and "cycle" in res.notes[0]
    with monkeypatch.context() as patch:  # the second guard, with revisit detection off
        patch.setattr(K, "DETECT_REVISITS", False)
        res = lemke_howson(NormalFormGame.from_bimatrix(*WIDE_3X3), initial_label=3, kernel="numpy")
        assert res.status is Status.LIMIT_REACHED and len(res) == 0 and res.options["outcome"] == "cycled"
        assert res.options["pivots"] == 400
        assert "path failed" in res.notes[0] and "400 pivots" in res.notes[0] and "cycle" in res.notes[0]
    res = lemke_howson(NormalFormGame.from_bimatrix(*NEAR_3X3), initial_label=1, kernel="numpy")
    assert res.status is Status.PARTIAL and len(res) == 0 and res.options["outcome"] == "failed"
    assert "path failed" in res.notes[0] and "failed certification" in res.notes[0]
    assert "too many to walk again exactly" in res.notes[0]
    every = lemke_howson_all(NormalFormGame.from_bimatrix(*NEAR_3X3), kernel="numpy")
    assert every.options["outcomes"][1] == "failed" and every.status is Status.PARTIAL
    assert_certified_by_definition(*NEAR_3X3, every)


def test_float_breakdown_is_walked_again_exactly(monkeypatch):
    """A float path that breaks down (no positive pivot entry) is walked again exactly on small games."""
    g = NormalFormGame.from_bimatrix(VS_A, VS_B)
    broken = K.Endpoint(K.FAILED, 2, np.zeros(3), np.zeros(2), np.inf, np.zeros(1, dtype=np.int64))
    monkeypatch.setattr(lh_module, "_walk_to_endpoint", lambda *args: broken)
    res = lemke_howson(g, initial_label=1, arithmetic="float")
    assert res.options["outcome"] == "equilibrium" and "numerical breakdown" in res.notes[0]
    assert res.options["pivots"] == 4 and res[0].isclose(([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]), atol=1e-15)
    monkeypatch.setattr(lh_module, "EXACT_PIVOTING_LIMIT", 0)
    res = lemke_howson(g, initial_label=1, arithmetic="float")
    assert len(res) == 0 and res.options["outcome"] == "failed" and "path failed" in res.notes[0]


def test_nashpy_exceptions_become_a_failed_path():
    pytest.importorskip("nashpy")
    g = NormalFormGame.from_bimatrix([[1, 1]], [[1, 0]])  # nashpy raises KeyError on this 1x2 game
    res = lemke_howson(g, initial_label=1, backend="nashpy")
    assert res.status is Status.PARTIAL and len(res) == 0 and res.options["outcome"] == "failed"
    assert "path failed" in res.notes[0] and "nashpy raised KeyError" in res.notes[0]
    every = lemke_howson_all(g, backend="nashpy")
    assert "failed" in every.options["outcomes"]
    assert all(g.is_equilibrium(e.strategies) for e in every)


def test_nashpy_cycling_is_detected(monkeypatch):
    """On a degenerate 6x1 game nashpy's label 0 used to spin 10^6 pivots (its pivot makes the entering variable
    leave again): the pair of bases is back after one pivot. With revisit detection off, path_bound(6, 1) stops it."""
    pytest.importorskip("nashpy")
    g = NormalFormGame.from_bimatrix([[1]] * 6, [[0], [1], [1], [0], [2], [2]])
    res = lemke_howson(g, initial_label=0, backend="nashpy")
    assert res.status is Status.LIMIT_REACHED and len(res) == 0 and res.options["outcome"] == "cycled"
    assert res.options["pivots"] == 1 and res.notes[0].startswith("label 0 (Row: a0): path failed: ")
    assert "returned to a pair of bases it had visited after 1 pivot" in res.notes[0]
    every = lemke_howson_all(g, backend="nashpy")
    assert every.status is Status.LIMIT_REACHED
    assert all(p <= 2 for p in every.options["pivots"])
    assert all(g.is_equilibrium(e.strategies) for e in every)
    monkeypatch.setattr(K, "DETECT_REVISITS", False)
    res = lemke_howson(g, initial_label=0, backend="nashpy")
    assert res.status is Status.LIMIT_REACHED and len(res) == 0 and res.options["outcome"] == "cycled"
    assert res.options["pivots"] == 49 and "path failed" in res.notes[0] and "passed 49 pivots" in res.notes[0]
    every = lemke_howson_all(g, backend="nashpy")
    assert every.status is Status.LIMIT_REACHED
    assert all(p <= 49 for p in every.options["pivots"])
    assert all(g.is_equilibrium(e.strategies) for e in every)


def test_nashpy_backend_walks_the_native_path_on_random_games(rng, monkeypatch):
    """Revisit detection never stops an honest nashpy path: on random games it walks the native path, pivot
    for pivot, and the same with detection off (nashpy's read-off of the endpoint can still fail; a note says so)."""
    pytest.importorskip("nashpy")
    for _ in range(20):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        g = random_game(rng, m, n)
        ours = lemke_howson_all(g, arithmetic="float")
        theirs = lemke_howson_all(g, backend="nashpy")
        assert "cycled" not in theirs.options["outcomes"], theirs.notes
        assert theirs.options["pivots"] == ours.options["pivots"]
        with monkeypatch.context() as patch:
            patch.setattr(K, "DETECT_REVISITS", False)
            unchecked = lemke_howson_all(g, backend="nashpy")
        assert unchecked.options["outcomes"] == theirs.options["outcomes"] and unchecked.notes == theirs.notes

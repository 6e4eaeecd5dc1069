"""make_result's batched certification of two-player float profiles agrees with certifying one by one.

The batch (one validation and two matrix products for all profiles) must give the same strategies,
payoffs, regrets, order and errors as :meth:`Equilibrium.certify` per profile, which stays the path
for exact games, n-player games and profiles given as labels or mappings.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.errors import InvalidProfileError, SolverError
from negotiation.solvers.result import (
    Equilibrium,
    EquilibriumComponent,
    Status,
    _certify_bimatrix_floats,
    _certify_bimatrix_pair,
    _certify_pure,
    canonical_key,
    make_result,
)
from negotiation.solvers.vertex_enumeration import vertex_enumeration


def _game(seed: int, m: int, n: int) -> NormalFormGame:
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_bimatrix(rng.normal(size=(m, n)) * 50, rng.uniform(-3, 7, size=(m, n)))


def _mixed(rng: np.random.Generator, k: int) -> np.ndarray:
    v = rng.exponential(size=k) * (rng.random(k) < 0.7)
    v[rng.integers(k)] += 1.0
    return v / v.sum()


@pytest.mark.parametrize("seed", range(12))
def test_batch_matches_one_by_one_certification(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    game = _game(seed, m, n)
    profiles = [(_mixed(rng, m), _mixed(rng, n)) for _ in range(int(rng.integers(1, 9)))]
    eqs, keys = _certify_bimatrix_floats(game, profiles)
    for eq, key, p in zip(eqs, keys, profiles, strict=True):
        one = Equilibrium.certify(game, p)
        assert key == canonical_key(one.strategies)
        for a, b in zip(eq.strategies, one.strategies, strict=True):
            np.testing.assert_array_equal(a, b)
            assert not a.flags.writeable
        np.testing.assert_allclose(eq.payoffs, one.payoffs, rtol=1e-12, atol=1e-12)
        assert eq.regret == pytest.approx(one.regret, rel=1e-12, abs=1e-12)
        assert eq.regret >= 0 and eq.players == game.players and eq.actions == game.actions


@pytest.mark.parametrize("seed", range(12))
def test_single_profile_path_matches_one_by_one_certification(seed):
    rng = np.random.default_rng(50 + seed)
    m, n = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    game = _game(seed, m, n)
    p = (_mixed(rng, m), _mixed(rng, n))
    eq, one = _certify_bimatrix_pair(game, p), Equilibrium.certify(game, p)
    for a, b in zip(eq.strategies, one.strategies, strict=True):
        np.testing.assert_array_equal(a, b)
        assert not a.flags.writeable
    np.testing.assert_allclose(eq.payoffs, one.payoffs, rtol=1e-12, atol=1e-12)
    assert eq.regret == pytest.approx(one.regret, rel=1e-12, abs=1e-12)
    assert p[0].flags.writeable  # the caller's arrays are not frozen in place
    result = make_result(game, [p], method="t", arithmetic="float", status=Status.PARTIAL, rtol=1e6)
    assert result[0] == one and result.provenance.options == result.options


@pytest.mark.parametrize("seed", range(6))
def test_make_result_is_unchanged_by_the_batch(seed, monkeypatch):
    game = _game(100 + seed, 5, 4)
    raw = [tuple(np.array(s, dtype=float) for s in eq.strategies) for eq in vertex_enumeration(game)]
    raw = raw[::-1] + raw[:1]  # out of order, with a duplicate
    comps = [EquilibriumComponent((k,), ((k,),)) for k in range(len(raw))]
    kwargs = dict(method="test", arithmetic="float", status=Status.COMPLETE, rtol=1e-9, components=comps)
    batched = make_result(game, raw, **kwargs)
    monkeypatch.setattr("negotiation.solvers.result._certify_bimatrix_floats", lambda g, p: None)
    single = make_result(game, raw, **kwargs)
    assert len(batched) == len(single) == len(raw) - 1
    for a, b in zip(batched, single, strict=True):
        assert a == b and a.payoffs == pytest.approx(b.payoffs) and a.regret == pytest.approx(b.regret, abs=1e-12)
    assert batched.components == single.components
    assert batched.to_dict()["provenance"] == single.to_dict()["provenance"]


def test_a_false_equilibrium_still_raises():
    game = NormalFormGame.from_bimatrix(np.array([[2.0, 0], [0, 1]]), np.array([[1.0, 0], [0, 2]]))
    good = (np.array([1.0, 0.0]), np.array([1.0, 0.0]))
    bad = (np.array([1.0, 0.0]), np.array([0.0, 1.0]))  # row should switch to a1: regret 1
    with pytest.raises(SolverError, match="regret"):
        make_result(game, [good, bad], method="test", arithmetic="float", status=Status.COMPLETE)


@pytest.mark.parametrize(
    "x, message",
    [
        (np.array([1.2, -0.2]), "negative"),
        (np.array([0.5, 0.6]), "sums to"),
        (np.array([np.nan, 1.0]), "finite|NaN|nan"),
        (np.array([np.inf, 1.0]), "must be finite"),
        (np.array([1.0, -np.inf]), "must be finite"),
        (np.array([0.5, 0.25, 0.25]), "must have 2"),
    ],
)
def test_invalid_profiles_raise_the_one_by_one_errors(x, message):
    game = NormalFormGame.from_bimatrix(np.array([[2.0, 0], [0, 1]]), np.array([[1.0, 0], [0, 2]]))
    good = (np.array([1.0, 0.0]), np.array([1.0, 0.0]))
    assert _certify_bimatrix_floats(game, [good, (x, np.array([1.0, 0.0]))]) is None
    assert _certify_bimatrix_pair(game, (x, np.array([1.0, 0.0]))) is None
    with pytest.raises(InvalidProfileError, match=message):
        make_result(game, [good, (x, np.array([1.0, 0.0]))], method="t", arithmetic="float", status=Status.PARTIAL)
    with pytest.raises(InvalidProfileError, match=message):
        make_result(game, [(x, np.array([1.0, 0.0]))], method="t", arithmetic="float", status=Status.PARTIAL)


def test_other_inputs_take_the_one_by_one_path():
    floats = NormalFormGame.from_bimatrix(np.array([[2.0, 0], [0, 1]]), np.array([[1.0, 0], [0, 2]]))
    exact = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    three = NormalFormGame.from_array(np.zeros((3, 2, 2, 2)))
    assert _certify_bimatrix_floats(floats, [(0, 0)]) is None  # pure actions by index
    assert _certify_bimatrix_floats(floats, [{"Row": "a0", "Column": "a0"}]) is None
    assert _certify_bimatrix_floats(exact, [(np.array([1.0, 0]), np.array([1.0, 0]))]) is None
    assert _certify_bimatrix_floats(three, [tuple(np.array([1.0, 0]) for _ in range(3))]) is None
    assert _certify_bimatrix_floats(floats, []) is None
    for bad in ((0, 0), {"Row": "a0", "Column": "a0"}, (np.array([1, 0]), np.array([1, 0]))):
        assert _certify_bimatrix_pair(floats, bad) is None  # labels, mappings, integer arrays
    assert _certify_bimatrix_pair(exact, (np.array([1.0, 0]), np.array([1.0, 0]))) is None
    assert make_result(floats, [(1, 1)], method="t", arithmetic="float", status=Status.PARTIAL)[0].supports == (
        ("a1",), ("a1",))
    result = make_result(floats, [(0, 0), (1, 1)], method="t", arithmetic="float", status=Status.PARTIAL)
    assert [e.supports for e in result] == [(("a0",), ("a0",)), (("a1",), ("a1",))]


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_pure_profiles_read_off_the_table_match_one_by_one_certification(seed, exact):
    rng = np.random.default_rng(200 + seed)
    shape = tuple(int(k) for k in rng.integers(1, 5, size=int(rng.integers(2, 5))))
    payoffs = rng.integers(-4, 5, size=(len(shape), *shape))
    game = NormalFormGame.from_array(payoffs if exact else payoffs * 0.75)
    profiles = [tuple(int(rng.integers(k)) for k in shape) for _ in range(5)]
    profiles.append(tuple(np.int64(a) for a in profiles[0]))  # numpy integers too
    fast = _certify_pure(game, profiles)
    for eq, p in zip(fast, profiles, strict=True):
        one = Equilibrium.certify(game, p)
        assert eq == one and eq.payoffs == one.payoffs and eq.regret == one.regret
        assert type(eq.regret) is type(one.regret) and all(not s.flags.writeable for s in eq.strategies)
        assert all(s.dtype == t.dtype for s, t in zip(eq.strategies, one.strategies, strict=True))


def test_pure_fast_path_declines_what_it_cannot_read():
    game = NormalFormGame.from_array(np.zeros((3, 2, 2, 2)))
    for bad in ((0, 0), (0, 0, 2), (0, 0, -1), (True, 0, 0), ("a0", 0, 0), [0, 0, 0], (0.0, 0, 0)):
        assert _certify_pure(game, [(1, 1, 1), bad]) is None
    with pytest.raises(InvalidProfileError):
        make_result(game, [(0, 0, 2)], method="t", arithmetic="float", status=Status.PARTIAL)

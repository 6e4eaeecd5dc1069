"""The fixed-cost shortcuts of float vertex enumeration, each checked against what it replaces.

- :func:`qhull_vertices` returns the tight sets as bit masks (``FloatVertices.keys``) from the same
  matrix product that counts them; the keys are the bit masks of the rows, and a vertex with a
  wrong count is still degeneracy.
- In a square game the polytope to enumerate is chosen by :func:`_alike` (the share of the payoff
  variance explained by the other player's actions); either choice must give the same equilibria,
  and the choice must still give way to ties.
- :func:`_beaten` given the keys equals :func:`_beaten` computing them.
- :func:`singleton_components` hands out shared immutable components; a caller cannot damage the cache.
"""

from __future__ import annotations

import numpy as np
import pytest

from negotiation import DegenerateGameWarning, NormalFormGame
from negotiation.solvers import _polytope
from negotiation.solvers import vertex_enumeration as ve
from negotiation.solvers._polytope import Degeneracy, float_vertices, qhull_vertices
from negotiation.solvers.result import EquilibriumComponent


def _strategies(result) -> list[np.ndarray]:
    return sorted((np.concatenate([np.asarray(s, float) for s in e.strategies]) for e in result), key=tuple)


def _same(a, b, atol=1e-12) -> bool:
    return len(a) == len(b) and all(np.allclose(p, q, atol=atol, rtol=0) for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("shape", [(2, 3), (3, 3), (5, 8), (8, 8), (9, 4), (11, 11)], ids=str)
def test_qhull_keys_are_the_bit_masks_of_the_tight_sets(shape):
    rng = np.random.default_rng(sum(shape))
    M = rng.uniform(1.0, 2.0, size=shape)
    found = qhull_vertices(M)
    assert found.keys is not None and found.keys.dtype == np.int64
    by_hand = np.array([sum(1 << int(k) for k in np.flatnonzero(row)) for row in found.tight])
    np.testing.assert_array_equal(found.keys, by_hand)
    # the same vertex set as the BFS (the BFS does not produce keys)
    bfs = float_vertices(M)
    assert bfs.keys is None
    assert sorted(by_hand.tolist()) == sorted(sum(1 << int(k) for k in np.flatnonzero(r)) for r in bfs.tight)


def test_qhull_vertices_without_keys_above_53_constraints_still_counts():
    rng = np.random.default_rng(5)
    M = rng.uniform(1.0, 2.0, size=(3, 60))  # 63 constraints: no float bit masks
    found = qhull_vertices(M)
    assert found.keys is None
    assert (found.tight.sum(axis=1) == 3).all()


def test_a_repeated_constraint_is_degeneracy_for_qhull():
    M = np.array([[1.0, 1.0, 2.0], [1.5, 1.5, 1.2], [1.1, 1.1, 1.7]])  # columns 0 and 1 equal
    with pytest.raises(Degeneracy):
        qhull_vertices(M)


def test_alike_is_the_share_of_variance_between_the_lines():
    rng = np.random.default_rng(2)
    M = rng.uniform(1.0, 2.0, size=(6, 9))
    total = ((M - M.mean()) ** 2).sum()
    within_columns = ((M - M.mean(axis=0)) ** 2).sum()  # rows around the mean row
    within_rows = ((M - M.mean(axis=1, keepdims=True)) ** 2).sum()
    assert ve._alike(M, axis=0) == pytest.approx(1 - within_columns / total, rel=1e-12)
    assert ve._alike(M, axis=1) == pytest.approx(1 - within_rows / total, rel=1e-12)
    assert ve._alike(M.T, axis=1) == pytest.approx(ve._alike(M, axis=0), rel=1e-12)
    assert ve._alike(np.tile(M[0], (4, 1)), axis=0) == pytest.approx(1.0)  # equal rows
    assert ve._alike(np.ones((3, 3)), axis=0) == 0.0  # no variance at all


def test_alike_predicts_the_smaller_polytope_on_average():
    # the measurement behind the rule, on fresh games: the chosen polytope has fewer vertices on
    # average than always taking P (and never fewer than the smaller one)
    rng = np.random.default_rng(11)
    chosen, always_p = [], []
    for k in range(30):
        A, B = rng.standard_normal((2, 7, 7)) if k % 2 else rng.uniform(size=(2, 7, 7))
        Ap, Bp = ve.unit_positive(A), ve.unit_positive(B)
        p = qhull_vertices(Bp).count
        q = qhull_vertices(np.ascontiguousarray(Ap.T)).count
        chosen.append(p if ve._alike(Bp, axis=0) >= ve._alike(Ap, axis=1) else q)
        always_p.append(p)
    assert np.mean(chosen) < np.mean(always_p)


@pytest.mark.parametrize("n", [3, 6, 8, 10])
@pytest.mark.parametrize("kind", ["normal", "uniform"])
def test_either_polytope_gives_the_same_equilibria(n, kind, monkeypatch):
    rng = np.random.default_rng(100 + n)
    for _ in range(2):
        A, B = rng.standard_normal((2, n, n)) if kind == "normal" else rng.uniform(size=(2, n, n))
        game = NormalFormGame.from_bimatrix(A, B)
        results = {}
        for side, value in (("P", 1.0), ("Q", 0.0)):  # _alike(Bp) >= _alike(Ap) decides for P
            monkeypatch.setattr(ve, "_alike", lambda M, axis, v=value: v if axis == 0 else 0.5)
            profiles, labels = ve.one_polytope_equilibria(A, B, game)
            results[side] = (profiles, labels)
            result = ve.vertex_enumeration(game)
            assert result.degenerate is None and not result.notes  # checked at the equilibria only
        (pp, lp), (pq, lq) = results["P"], results["Q"]
        as_rows = lambda ps: sorted((np.concatenate(p) for p in ps), key=tuple)  # noqa: E731
        assert _same(as_rows(pp), as_rows(pq))
        # the label sets are the same sets, in the row player's layout either way
        assert sorted(map(tuple, lp.tolist())) == sorted(map(tuple, lq.tolist()))


def test_ties_still_override_the_prediction_in_square_games(monkeypatch):
    # A has a tie, so Q (built from A) must be enumerated whatever _alike predicts
    A = np.array([[0.0, 6.0, 7.3], [5.0, 1.0, 0.0], [2.0, 4.0, 0.55]])  # two zeros: a tie in A
    B = np.array([[0.19, -0.52, -0.41], [-2.44, 1.8, 1.14], [-0.33, 0.77, 0.28]])
    game = NormalFormGame.from_bimatrix(A, B)
    seen = []
    real = ve._one_side

    def spy(M, N):
        seen.append(M.shape)
        seen.append(np.allclose(M, ve.unit_positive(A).T))
        return real(M, N)

    monkeypatch.setattr(ve, "_one_side", spy)
    monkeypatch.setattr(ve, "_alike", lambda M, axis: 1.0 if axis == 0 else 0.0)  # predicts P
    try:
        ve.one_polytope_equilibria(A, B, game)
    except Degeneracy:
        pass  # a degenerate game is fine here: what matters is which polytope was enumerated
    assert seen and seen[1] is True  # Q's matrix (A transposed) was enumerated


def test_ties_in_both_matrices_of_a_square_game_still_decline():
    # against row 0 the column player is indifferent (B's tie): a degenerate game; A has a tie too
    A = np.array([[1.0, 1.0], [0.0, 2.0]])
    B = np.array([[3.0, 3.0], [0.0, 1.0]])
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.raises(ve._Declined, match="ties"):
        ve.one_polytope_equilibria(A, B, game)
    with pytest.warns(DegenerateGameWarning):
        assert ve.vertex_enumeration(game).degenerate is True


def test_beaten_with_and_without_given_keys():
    rng = np.random.default_rng(8)
    for d, e in ((8, 8), (5, 7), (3, 10)):
        M = ve.unit_positive(rng.standard_normal((d, e)))
        N = ve.unit_positive(rng.standard_normal((d, e)))
        found = qhull_vertices(M)
        np.testing.assert_array_equal(ve._beaten(N, found.tight, found.keys), ve._beaten(N, found.tight))


def test_has_ties_on_tiny_and_tied_matrices():
    assert ve._has_ties(np.array([[1.5]])) is False  # one entry: nothing to compare
    assert ve._has_ties(np.array([[1.0, 2.0], [1.5, 1.0 + 5e-12]])) is True
    assert ve._has_ties(np.array([[1.0, 2.0], [1.5, 1.2]])) is False


def test_singleton_components_are_shared_but_the_cache_cannot_be_damaged():
    first = ve.singleton_components(3)
    assert first == [EquilibriumComponent((k,), ((k,),)) for k in range(3)]
    first.clear()  # the caller owns the list it got
    again = ve.singleton_components(5)
    assert again == [EquilibriumComponent((k,), ((k,),)) for k in range(5)]
    assert ve.singleton_components(0) == []
    big = ve.singleton_components(100)
    assert [c.equilibria for c in big] == [(k,) for k in range(100)]


def test_the_qhull_point_set_is_the_polar_of_the_polytope(monkeypatch):
    # the points handed to Qhull: -e_k / t for z_k >= 0, M^T_j / (1 - t colsum_j) for the rest
    M = np.array([[1.0, 2.0, 1.5], [1.25, 1.0, 2.0]])
    captured = []
    real = _polytope._hull_equations
    monkeypatch.setattr(_polytope, "_hull_equations", lambda pts: captured.append(pts.copy()) or real(pts))
    qhull_vertices(M)
    t = 0.5 / M.sum(axis=0).max()
    expected = np.concatenate([np.diag(np.full(2, -1.0 / t)), M.T / (1.0 - t * M.sum(axis=0))[:, None]])
    np.testing.assert_array_equal(captured[0], expected)

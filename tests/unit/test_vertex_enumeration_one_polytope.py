"""The float one-polytope path of vertex enumeration, pinned against the two-polytope path and Gambit.

``vertex_enumeration`` on a float game enumerates the vertices of one best-response polytope and
solves for each vertex's partner (:func:`one_polytope_equilibria`); the previous path enumerates
both polytopes and matches label sets (:func:`float_extreme_equilibria`). On seeded random games
from 1x5 to 12x12, square and not, both must return the same equilibria; on smaller ones also the
same as pygambit's ``enummixed_solve``. Then the ways out of the fast path: degeneracy seen by the
enumeration or at a partner (exact enumeration), singular partner systems (both polytopes), and
payoffs with ties (which decide which polytope is enumerated).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from negotiation import DegenerateGameWarning, NormalFormGame
from negotiation.solvers import _polytope
from negotiation.solvers import vertex_enumeration as ve_module
from negotiation.solvers._polytope import Degeneracy
from negotiation.solvers.vertex_enumeration import (
    DEGENERACY_TOL,
    Outcome,
    _basic_solutions,
    _beaten,
    _Declined,
    finish,
    float_extreme_equilibria,
    one_polytope_equilibria,
    singleton_components,
    vertex_enumeration,
)

SHAPES = [(k, k) for k in range(2, 13)] + [
    (1, 5), (6, 1), (2, 5), (5, 2), (3, 12), (12, 3), (4, 11), (11, 6), (7, 9), (9, 7), (10, 12), (12, 10), (8, 10),
]


def _draw(seed: int, shape: tuple[int, int], kind: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if kind == "normal":
        return rng.standard_normal(shape), rng.standard_normal(shape)
    return rng.random(shape), rng.random(shape)


def _as_set(profiles) -> list[np.ndarray]:
    return sorted((np.concatenate([np.asarray(x, float), np.asarray(y, float)]) for x, y in profiles), key=tuple)


def _same(a, b, atol=1e-9) -> bool:
    a, b = _as_set(a), _as_set(b)
    return len(a) == len(b) and all(np.allclose(p, q, atol=atol, rtol=0) for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("kind", ["normal", "uniform"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_polytope_path_equals_two_polytope_path(shape, kind):
    for seed in range(2):
        A, B = _draw(7000 + 31 * seed + shape[0] * 13 + shape[1], shape, kind)
        game = NormalFormGame.from_bimatrix(A, B)
        fast, _ = one_polytope_equilibria(A, B, game)  # raises if it had to leave the fast path
        both = float_extreme_equilibria(A, B, game)
        assert len(fast) >= 1 and _same(fast, both)
        result = vertex_enumeration(game)
        assert result.degenerate is None and not result.notes and _same([e.strategies for e in result], both)


def _gambit(A, B):
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(A, B)
    row, col = list(g.players)
    return [
        (np.array([float(eq[s]) for s in row.strategies]), np.array([float(eq[s]) for s in col.strategies]))
        for eq in gbt.nash.enummixed_solve(g, rational=False).equilibria
    ]


@pytest.mark.parametrize("shape", [(2, 5), (5, 2), (3, 8), (8, 3), (4, 7), (7, 4), (6, 6), (8, 8)], ids=str)
def test_one_polytope_path_equals_gambit_enummixed(shape):
    for seed, kind in enumerate(["normal", "uniform"]):
        A, B = _draw(8000 + seed + 17 * shape[0] + shape[1], shape, kind)
        result = vertex_enumeration(NormalFormGame.from_bimatrix(A, B))
        assert _same([e.strategies for e in result], _gambit(A, B), atol=1e-7)


def test_a_partner_on_the_boundary_is_degeneracy_and_goes_exact():
    # y = (1/2, 1/2, 0) makes all three rows of A best responses (3 each): a degenerate vertex of Q
    # with no tie in A, met as the partner of a vertex of P (A has no ties, so P is enumerated)
    A = np.array([[0.0, 6.0, 7.3], [5.0, 1.0, -1.2], [2.0, 4.0, 0.55]])
    B = np.array([[0.19, -0.52, -0.41], [-2.44, 1.8, 1.14], [-0.33, 0.77, 0.28]])
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.raises(Degeneracy, match="from the boundary"):
        one_polytope_equilibria(A, B, game)
    with pytest.warns(DegenerateGameWarning):
        result = vertex_enumeration(game)
    assert result.degenerate is True and any("exactly" in note for note in result.notes)
    with pytest.warns(DegenerateGameWarning):
        exact = vertex_enumeration(game, arithmetic="exact")
    assert _same([e.strategies for e in result], [e.strategies for e in exact])


def _hidden_degeneracy_game() -> tuple[np.ndarray, np.ndarray]:
    # row 0 is strictly dominated for the row player, and against it both columns are best for
    # the column player (the tie 1.0, 1.0 in B): P is degenerate at a vertex no equilibrium uses
    A = np.array([[-5.1, -4.7], [3.2, 0.3], [0.1, 2.9]])
    B = np.array([[1.0, 1.0], [2.3, 0.4], [0.7, 1.9]])
    return A, B


def test_ties_choose_the_polytope_that_is_enumerated():
    # 3x2: by dimension Q would be enumerated and P (the degenerate one) skipped; B's tie sends the
    # enumeration to P instead, so the hidden degeneracy is seen and flagged as before
    A, B = _hidden_degeneracy_game()
    game = NormalFormGame.from_bimatrix(A, B)
    with pytest.raises(Degeneracy):
        one_polytope_equilibria(A, B, game)
    with pytest.warns(DegenerateGameWarning):
        result = vertex_enumeration(game)
    assert result.degenerate is True and len(result) == 3


def test_without_the_tie_rule_a_hidden_degeneracy_is_missed_but_the_set_is_complete(monkeypatch):
    # the documented limit: a degeneracy of the skipped polytope that no equilibrium touches is not
    # seen; the equilibria are still all found (each one isolated and nondegenerate)
    A, B = _hidden_degeneracy_game()
    game = NormalFormGame.from_bimatrix(A, B)
    monkeypatch.setattr(ve_module, "_has_ties", lambda M: False)
    fast, _ = one_polytope_equilibria(A, B, game)
    with pytest.warns(DegenerateGameWarning):
        exact = vertex_enumeration(game, arithmetic="exact")
    assert _same(fast, [e.strategies for e in exact]) and exact.degenerate is True
    # so the float result does not claim the game nondegenerate: degeneracy was checked at the equilibria only
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)
        result = vertex_enumeration(game)
    assert result.degenerate is None and _same([e.strategies for e in result], [e.strategies for e in exact])


def test_ties_in_both_players_payoffs_enumerate_both_polytopes():
    A = np.array([[3.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    B = np.array([[2.0, 0.0, 2.0], [0.0, 2.0, -5.0]])
    game = NormalFormGame.from_bimatrix(B.T.copy(), A.T.copy())  # the hidden degeneracy, players swapped
    with pytest.raises(_Declined, match="ties"):
        one_polytope_equilibria(*game.bimatrix(), game)
    with pytest.warns(DegenerateGameWarning):
        assert vertex_enumeration(game).degenerate is True


def test_a_declined_fast_path_falls_back_to_both_polytopes(monkeypatch):
    A, B = _draw(5, (6, 6), "normal")
    game = NormalFormGame.from_bimatrix(A, B)
    expected = vertex_enumeration(game)

    def decline(*args):
        raise _Declined("a singular partner system")

    monkeypatch.setattr(ve_module, "one_polytope_equilibria", decline)
    result = vertex_enumeration(game)
    assert result.degenerate is False and not result.notes
    assert _same([e.strategies for e in result], [e.strategies for e in expected])


def test_singular_and_ill_conditioned_basis_systems_decline():
    columns = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [1.0, 1.0]])
    with pytest.raises(_Declined, match="singular"):
        _basic_solutions(columns, np.array([[2, 3]]), _Declined)  # two proportional columns
    nearly = np.array([[1.0, 2.0], [1.0, 2.0 + 1e-12]])  # solution (1 + 1e12, -1e12)
    with pytest.raises(_Declined, match="ill-conditioned"):
        _basic_solutions(nearly, np.array([[0, 1]]), _Declined)
    u = _basic_solutions(columns, np.array([[0, 2], [1, 0]]), _Declined)
    np.testing.assert_allclose(u, [[0.0, 0.5], [1.0, 1.0]], atol=1e-15)


def test_qhull_facets_without_convexhull_match_convexhull(monkeypatch):
    from scipy.spatial import ConvexHull

    rng = np.random.default_rng(3)
    for d in (2, 4, 6, 9):
        points = rng.normal(size=(3 * d, d))
        mine = _polytope._hull_equations(points)
        ref = ConvexHull(points).equations
        order = lambda E: E[np.lexsort(np.round(E, 9).T)]  # noqa: E731
        np.testing.assert_allclose(order(mine), order(ref), atol=1e-12)
    # a scipy whose private Qhull object changed is detected once and ConvexHull used instead
    monkeypatch.setattr(_polytope, "_RAW_QHULL", [])
    monkeypatch.setattr(_polytope, "_raw_facets", lambda points: (_ for _ in ()).throw(TypeError("changed")))
    assert _polytope._raw_qhull() is None
    M = rng.uniform(1, 2, size=(5, 4))
    assert _polytope.qhull_vertices(M).count == _polytope.float_vertices(M).count


@pytest.mark.parametrize("shape", [(8, 8), (6, 6), (5, 8), (8, 3), (2, 2), (8, 10), (3, 10), (7, 9)], ids=str)
def test_the_beaten_screen_is_the_dominance_rule_and_drops_only_infeasible_partners(shape):
    d, e = shape
    for seed in range(3):
        rng = np.random.default_rng(900 + seed)
        M = ve_module.unit_positive(rng.standard_normal(shape))
        N = ve_module.unit_positive(rng.standard_normal(shape))
        if seed == 2:
            N = np.round(N, 1)  # ties: beaten needs a strict margin, a tie does not count
        tight = _polytope.float_vertices(M).tight
        screened = _beaten(N, tight)
        # the definition, by brute force: a support row beaten on every best response by one row
        by_definition = np.array([
            any(
                all(N[i2, j] > N[i, j] + 4 * DEGENERACY_TOL for j in np.flatnonzero(t[d:]))
                for i in np.flatnonzero(~t[:d]) for i2 in range(d)
            )
            for t in tight
        ])
        np.testing.assert_array_equal(screened, by_definition)
        if seed == 2:
            continue  # rounded payoffs make some partner systems singular
        basis = np.nonzero(tight)[1].reshape(len(tight), d)
        u = _basic_solutions(np.concatenate([np.eye(d), N.T]), basis, _Declined)
        assert np.all(u[screened].min(axis=1) < -2 * DEGENERACY_TOL)


def _outcome(game, profiles, labels):
    return Outcome(game, "float", profiles, False, singleton_components(len(profiles)), labels=labels)


def test_profiles_with_a_regret_above_1e_12_are_polished_exactly_when_certified():
    A, B = _draw(11, (5, 6), "normal")
    game = NormalFormGame.from_bimatrix(A, B)
    profiles, labels = one_polytope_equilibria(A, B, game)
    options = {"arithmetic": "auto", "rtol": 1e-9, "backend": "native"}
    clean = finish(game, _outcome(game, profiles, labels), method="vertex_enumeration", options=options, rtol=1e-9)
    assert clean.max_regret <= 1e-12 * game.scale()
    # nudge every profile by 1e-8 (regrets near 1e-8: certified at rtol=1e-6, but above the 1e-12 bar)
    rng = np.random.default_rng(0)
    nudged = []
    for x, y in profiles:
        x = np.where(x > 0, x + 1e-8 * rng.random(len(x)), 0.0)
        nudged.append((x / x.sum(), y))
    result = finish(game, _outcome(game, nudged, labels), method="vertex_enumeration", options=options, rtol=1e-6)
    assert result.max_regret <= 1e-12 * game.scale() and not result.notes
    assert _same([e.strategies for e in result], [e.strategies for e in clean], atol=1e-14)
    # profiles that fail certification outright (regret about 1) are polished as well
    broken = [(x, y[::-1].copy()) for x, y in profiles]
    result = finish(game, _outcome(game, broken, labels), method="vertex_enumeration", options=options, rtol=1e-9)
    assert _same([e.strategies for e in result], [e.strategies for e in clean], atol=1e-14)


def test_label_sets_that_are_not_equilibria_fall_back_to_exact_enumeration():
    A, B = _draw(12, (4, 4), "uniform")
    game = NormalFormGame.from_bimatrix(A, B)
    profiles, labels = one_polytope_equilibria(A, B, game)
    wrong = np.roll(labels, 1, axis=1)  # a shifted label set: its exact solution is no equilibrium
    bad = [(np.full(4, 0.25), np.full(4, 0.25))] * len(profiles)
    options = {"arithmetic": "auto", "rtol": 1e-9, "backend": "native"}
    try:
        result = finish(game, _outcome(game, bad, wrong), method="vertex_enumeration", options=options, rtol=1e-9)
    except Exception as exc:  # noqa: BLE001 - the point is which error, reported below
        pytest.fail(f"finish did not fall back to exact enumeration: {exc!r}")
    assert any("enumerated exactly" in note for note in result.notes)
    assert _same([e.strategies for e in result], profiles, atol=1e-12)


@pytest.mark.parametrize("shape", [(8, 8), (10, 10), (6, 11)], ids=str)
def test_small_memory_batches_give_the_same_equilibria(shape, monkeypatch):
    A, B = _draw(13, shape, "normal")
    game = NormalFormGame.from_bimatrix(A, B)
    whole, _ = one_polytope_equilibria(A, B, game)
    monkeypatch.setattr(ve_module, "_PARTNER_CELLS", 50)  # a few systems per numpy call
    batched, _ = one_polytope_equilibria(A, B, game)
    assert _same(whole, batched, atol=1e-13)

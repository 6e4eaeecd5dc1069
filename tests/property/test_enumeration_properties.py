"""Property tests of support and vertex enumeration, with the definition as oracle.

Every returned profile has no profitable deviation; the set is invariant under positive affine
payoff transforms (per player), permutations of actions and swapping the players; both methods
agree (also on degeneracy); every point of a clique of a degenerate game is an equilibrium; on
nondegenerate games the set equals pygambit's ``enummixed_solve``.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import DegenerateGameWarning, NormalFormGame, pure_nash_equilibria
from negotiation.solvers.support_enumeration import support_enumeration
from negotiation.solvers.vertex_enumeration import vertex_enumeration

METHODS = (vertex_enumeration, support_enumeration)


@st.composite
def integer_games(draw, max_dim=4, lo=-4, hi=4):
    """Small integer games: often degenerate (ties are likely)."""
    m = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_dim))
    cells = st.lists(st.lists(st.integers(lo, hi), min_size=n, max_size=n), min_size=m, max_size=m)
    return NormalFormGame.from_bimatrix(draw(cells), draw(cells))


@st.composite
def float_games(draw, max_dim=5):
    """Random float games (standard normal or uniform payoffs): nondegenerate with probability one."""
    m = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_dim))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if draw(st.booleans()):
        A, B = rng.standard_normal((m, n)), rng.standard_normal((m, n))
    else:
        A, B = rng.random((m, n)), rng.random((m, n))
    return NormalFormGame.from_bimatrix(A, B)


def _solve(method, game, **kwargs):
    """Run a method; the degeneracy warning must be emitted exactly when the result says degenerate."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = method(game, **kwargs)
    warned = any(issubclass(w.category, DegenerateGameWarning) for w in caught)
    assert warned == bool(result.degenerate)
    return result


def _key_set(result):
    return {tuple(tuple(s) for s in eq.strategies) for eq in result}


def _float_match(result, profiles, atol=1e-7):
    return len(result) == len(profiles) and all(any(eq.isclose(p, atol=atol) for eq in result) for p in profiles)


# ------------------------------------------------------------------------------- the definition
@settings(max_examples=60, deadline=None)
@given(integer_games())
def test_exact_results_are_equilibria_with_zero_regret(game):
    for method in METHODS:
        result = _solve(method, game)
        assert len(result) >= 1 and result.is_complete
        for eq in result:
            assert game.is_equilibrium(eq.strategies) and eq.regret == 0
        if not result.degenerate:
            # nondegenerate games: isolated equilibria with supports of equal size
            assert all(len(e.supports[0]) == len(e.supports[1]) for e in result)
            assert len(result) % 2 == 1  # the number of equilibria of a nondegenerate game is odd


@settings(max_examples=40, deadline=None)
@given(float_games())
def test_float_results_are_equilibria(game):
    for method in METHODS:
        result = _solve(method, game)
        assert len(result) % 2 == 1 and not result.degenerate
        for eq in result:
            assert game.is_equilibrium(eq.strategies, rtol=1e-9)


# ------------------------------------------------------------------------------- agreement
@settings(max_examples=60, deadline=None)
@given(integer_games())
def test_support_and_vertex_enumeration_agree_exactly(game):
    ve = _solve(vertex_enumeration, game)
    se = _solve(support_enumeration, game)
    assert se.degenerate == ve.degenerate
    assert _key_set(se) == _key_set(ve)
    assert [(c.equilibria, c.cliques) for c in se.components] == [(c.equilibria, c.cliques) for c in ve.components]


@settings(max_examples=30, deadline=None)
@given(integer_games(max_dim=4))
def test_float_arithmetic_matches_exact_arithmetic(game):
    exact = _solve(vertex_enumeration, game)
    flt = _solve(vertex_enumeration, game.to_float())
    if flt.degenerate is None:  # one polytope: no equilibrium touches a degeneracy, so every one is isolated
        assert all(c.is_singleton for c in exact.components)
    else:
        assert flt.degenerate == exact.degenerate
    assert _float_match(flt, [tuple(np.asarray(s, dtype=float) for s in e.strategies) for e in exact], atol=1e-12)


# ------------------------------------------------------------------------------- invariances
@settings(max_examples=40, deadline=None)
@given(
    integer_games(),
    st.fractions(min_value=F(1, 9), max_value=F(7, 2)),
    st.fractions(min_value=-5, max_value=5),
    st.fractions(min_value=F(1, 9), max_value=F(7, 2)),
    st.fractions(min_value=-5, max_value=5),
)
def test_positive_affine_transforms_per_player(game, a, b, c, d):
    A, B = game.bimatrix()
    moved = NormalFormGame.from_bimatrix(A * a + b, B * c + d)
    for method in METHODS:
        before, after = _solve(method, game), _solve(method, moved)
        assert after.degenerate == before.degenerate
        assert _key_set(after) == _key_set(before)


@settings(max_examples=30, deadline=None)
@given(float_games(), st.integers(-12, 12), st.integers(-12, 12), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3))
def test_float_equilibria_are_invariant_under_scaling_one_player(game, p, q, b, d):
    # regrets are certified against each player's own range, so a player whose payoffs span 1e-12 of the
    # other's keeps its preferences (a shift far larger than the spread would cost float precision: the
    # shifts stay within 1e3 and the scales at least 1e-12, so a spread of ~1 keeps ~1e-3 of its digits)
    A, B = game.bimatrix()
    moved = NormalFormGame.from_bimatrix(A * 10.0**p + b * 10.0**p, B * 10.0**q + d * 10.0**q)
    for method in METHODS:
        before, after = _solve(method, game), _solve(method, moved)
        assert _float_match(after, [e.strategies for e in before], atol=1e-6)
        assert all(moved.is_equilibrium(e.strategies, rtol=1e-9) for e in after)
    assert _key_set(pure_nash_equilibria(moved)) == _key_set(pure_nash_equilibria(game))


@settings(max_examples=40, deadline=None)
@given(integer_games(), st.randoms(use_true_random=False))
def test_permuting_actions_permutes_the_equilibria(game, rnd):
    m, n = game.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    permuted = game.permute_actions(0, rows).permute_actions(1, cols)
    for method in METHODS:
        before, after = _solve(method, game), _solve(method, permuted)
        assert after.degenerate == before.degenerate
        mapped = {(tuple(x[k] for k in rows), tuple(y[k] for k in cols)) for x, y in _key_set(before)}
        assert _key_set(after) == mapped
        assert len(after.components) == len(before.components)


@settings(max_examples=40, deadline=None)
@given(integer_games())
def test_swapping_players_swaps_the_equilibria(game):
    swapped = game.permute_players([1, 0])
    for method in METHODS:
        before, after = _solve(method, game), _solve(method, swapped)
        assert after.degenerate == before.degenerate
        assert _key_set(after) == {(y, x) for x, y in _key_set(before)}
        sizes = sorted(len(c.equilibria) for c in before.components)
        assert sorted(len(c.equilibria) for c in after.components) == sizes


@settings(max_examples=25, deadline=None)
@given(float_games(max_dim=5), st.floats(0.01, 1e4), st.floats(-1e3, 1e3), st.randoms(use_true_random=False))
def test_float_invariances(game, scale, shift, rnd):
    A, B = game.bimatrix()
    base = _solve(vertex_enumeration, game)
    moved = _solve(vertex_enumeration, NormalFormGame.from_bimatrix(A * scale + shift, B))
    assert _float_match(moved, [e.strategies for e in base], atol=1e-8)
    m, n = game.shape
    rows = list(range(m))
    rnd.shuffle(rows)
    permuted = _solve(vertex_enumeration, game.permute_actions(0, rows).permute_players([1, 0]))
    assert _float_match(permuted, [(e.strategies[1], e.strategies[0][rows]) for e in base], atol=1e-8)


# ------------------------------------------------------------------------------- components
@settings(max_examples=60, deadline=None)
@given(integer_games(max_dim=4, lo=-2, hi=2), st.integers(0, 2**32 - 1))
def test_every_point_of_every_clique_is_an_equilibrium(game, seed):
    result = _solve(vertex_enumeration, game)
    covered = sorted(k for c in result.components for k in c.equilibria)
    assert covered == list(range(len(result)))  # the components partition the extreme equilibria
    rng = np.random.default_rng(seed)
    for comp in result.components:
        assert set().union(*map(set, comp.cliques)) == set(comp.equilibria)
        for clique in comp.cliques:
            xs = sorted({tuple(result[k].strategies[0]) for k in clique})
            ys = sorted({tuple(result[k].strategies[1]) for k in clique})
            assert len(xs) * len(ys) == len(clique)
            wx = [F(int(v)) for v in rng.integers(1, 20, len(xs))]
            wy = [F(int(v)) for v in rng.integers(1, 20, len(ys))]
            x = sum(w * np.array(p, dtype=object) for w, p in zip(wx, xs, strict=True)) / sum(wx)
            y = sum(w * np.array(p, dtype=object) for w, p in zip(wy, ys, strict=True)) / sum(wy)
            assert game.max_regret((x, y)) == 0
    if not result.degenerate:
        assert all(c.is_singleton for c in result.components)


# ------------------------------------------------------------------------------- pygambit
def _gambit_set(game, rational):
    gbt = pytest.importorskip("pygambit")
    A, B = game.bimatrix()
    if rational:
        g = gbt.Game.from_arrays(np.array(A, dtype=object).astype(int), np.array(B, dtype=object).astype(int))
    else:
        g = gbt.Game.from_arrays(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
    row, col = list(g.players)
    out = []
    for eq in gbt.nash.enummixed_solve(g, rational=rational).equilibria:
        if rational:
            out.append((tuple(F(str(eq[s])) for s in row.strategies), tuple(F(str(eq[s])) for s in col.strategies)))
        else:
            x = np.array([float(eq[s]) for s in row.strategies])
            out.append((x, np.array([float(eq[s]) for s in col.strategies])))
    return out


@settings(max_examples=40, deadline=None)
@given(integer_games(max_dim=5, lo=-30, hi=30))
def test_integer_games_match_pygambit(game):
    ve = _solve(vertex_enumeration, game)
    # enummixed lists the extreme equilibria (repeating some of them in degenerate games)
    assert _key_set(ve) == set(_gambit_set(game, rational=True))


@settings(max_examples=40, deadline=None)
@given(float_games(max_dim=5))
def test_random_float_games_match_pygambit(game):
    theirs = _gambit_set(game, rational=False)
    for method in METHODS:
        assert _float_match(_solve(method, game), theirs)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_larger_random_games_match_pygambit(seed):
    rng = np.random.default_rng(seed)
    for m, n in [(7, 7), (9, 6), (6, 9), (9, 9)]:
        game = NormalFormGame.from_bimatrix(rng.standard_normal((m, n)), rng.standard_normal((m, n)))
        theirs = _gambit_set(game, rational=False)
        assert _float_match(_solve(vertex_enumeration, game), theirs)
        integer = NormalFormGame.from_bimatrix(rng.integers(-1000, 1000, (m, n)), rng.integers(-1000, 1000, (m, n)))
        ve = _solve(vertex_enumeration, integer)
        assert _key_set(ve) == set(_gambit_set(integer, rational=True))

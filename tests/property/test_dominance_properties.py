"""Property tests of iterated strict dominance: order independence, idempotence, nesting, arithmetic."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.solvers.dominance import iterated_elimination


@st.composite
def integer_games(draw, max_players=3, max_actions=4, hi=4):
    n = draw(st.integers(2, max_players))
    shape = tuple(draw(st.integers(1, max_actions)) for _ in range(n))
    size = n * int(np.prod(shape))
    values = draw(st.lists(st.integers(-hi, hi), min_size=size, max_size=size))
    return NormalFormGame.from_array(np.array(values, dtype=np.int64).reshape((n, *shape)))


def as_sets(res):
    return tuple(frozenset(s) for s in res.surviving)


@settings(max_examples=40, deadline=None)
@given(integer_games(), st.sampled_from(["pure", "mixed"]), st.data())
def test_strict_elimination_does_not_depend_on_labels_or_order(game, by, data):
    base = iterated_elimination(game, by=by)
    # relabelling: permute one player's actions, then the players
    i = data.draw(st.integers(0, game.n_players - 1))
    order = data.draw(st.permutations(range(game.shape[i])))
    permuted = iterated_elimination(game.permute_actions(i, order), by=by)
    assert as_sets(permuted) == as_sets(base)
    players = data.draw(st.permutations(range(game.n_players)))
    swapped = iterated_elimination(game.permute_players(players), by=by)
    assert as_sets(swapped) == tuple(as_sets(base)[p] for p in players)


@settings(max_examples=40, deadline=None)
@given(integer_games())
def test_idempotent_and_mixed_deletes_at_least_as_much(game):
    pure = iterated_elimination(game)
    mixed = iterated_elimination(game, by="mixed")
    assert iterated_elimination(pure.game).steps == ()
    assert iterated_elimination(mixed.game, by="mixed").steps == ()
    assert all(m <= p for m, p in zip(as_sets(mixed), as_sets(pure), strict=True))
    assert all(len(s) >= 1 for s in mixed.surviving)


@settings(max_examples=30, deadline=None)
@given(integer_games(max_players=2, max_actions=5))
def test_float_and_exact_agree_on_integer_games(game):
    for by in ("pure", "mixed"):
        exact = iterated_elimination(game, by=by)
        flt = iterated_elimination(game.to_float(), by=by)
        assert exact.arithmetic == "exact" and flt.arithmetic == "float"
        assert exact.surviving == flt.surviving

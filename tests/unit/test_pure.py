"""Pure-strategy equilibria: classic games, n players, chunking, and the definition as oracle."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation import NormalFormGame, Status, pure_nash_equilibria
from negotiation.solvers.pure import pure_equilibrium_mask


def _supports(result):
    return [tuple(s[0] for s in e.supports) for e in result]


def test_prisoners_dilemma():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    result = pure_nash_equilibria(pd)
    assert _supports(result) == [("D", "D")]
    assert result.status is Status.PARTIAL and result.arithmetic == "exact"


def test_coordination_and_pennies():
    stag = NormalFormGame.from_bimatrix([[4, 1], [3, 3]], [[4, 3], [1, 3]], actions=[["S", "H"], ["S", "H"]])
    assert _supports(pure_nash_equilibria(stag)) == [("S", "S"), ("H", "H")]
    pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    assert len(pure_nash_equilibria(pennies)) == 0


def test_three_player_majority_game():
    # each player gets 1 when it votes with the majority: both unanimous profiles are equilibria
    game = NormalFormGame.from_function(
        lambda a, b, c: tuple(int([a, b, c].count(x) >= 2) for x in (a, b, c)), [["x", "y"]] * 3
    )
    assert _supports(pure_nash_equilibria(game)) == [("x", "x", "x"), ("y", "y", "y")]


def test_float_tolerance_counts_near_ties():
    game = NormalFormGame.from_bimatrix(np.array([[1.0, 0], [1.0 - 1e-13, 0]]), np.array([[1.0, 0], [1.0, 0]]))
    assert len(pure_nash_equilibria(game)) == 2
    assert len(pure_nash_equilibria(game, rtol=0)) == 1


def test_chunked_mask_equals_unchunked(rng):
    payoffs = rng.integers(0, 3, size=(3, 7, 5, 4)).astype(float)
    whole = pure_equilibrium_mask(payoffs)
    for cells in (1, 3, 20, 21, 1000):
        assert np.array_equal(pure_equilibrium_mask(payoffs, chunk_cells=cells), whole)


def _brute_force(game: NormalFormGame) -> list[tuple[int, ...]]:
    found = []
    for prof in itertools.product(*(range(k) for k in game.shape)):
        def best(i, prof=prof):
            return max(game.payoffs[(i, *prof[:i], b, *prof[i + 1 :])] for b in range(game.shape[i]))

        if all(game.payoffs[(i, *prof)] >= best(i) for i in range(game.n_players)):
            found.append(prof)
    return found


shapes = st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple)


@settings(max_examples=60)
@given(shapes.flatmap(lambda s: hnp.arrays(np.int64, (len(s), *s), elements=st.integers(-3, 3))))
def test_matches_the_definition(payoffs):
    game = NormalFormGame(payoffs)
    result = pure_nash_equilibria(game)
    got = sorted(tuple(int(np.flatnonzero(s)[0]) for s in e.strategies) for e in result)
    assert got == sorted(_brute_force(game))
    assert all(e.regret == 0 for e in result)


def test_provenance_digest_is_computed_when_read(monkeypatch):
    # hashing a large table costs more than its pure-equilibrium search: the digest waits until it is read
    calls = []
    digest = NormalFormGame.digest

    def counted(self):
        calls.append(1)
        return digest(self)

    monkeypatch.setattr(NormalFormGame, "digest", counted)
    g = NormalFormGame.from_array(np.random.default_rng(5).standard_normal((3, 20, 20, 20)))
    result = pure_nash_equilibria(g)
    assert calls == []
    assert result.provenance.input_digest == digest(g) and len(calls) == 1
    assert result.provenance.input_digest and len(calls) == 1  # computed once
    assert pickle.loads(pickle.dumps(result)).provenance == result.provenance


@pytest.mark.slow
def test_game_above_the_old_profile_limit_is_solved():
    # 64 million profiles (a 1 GB table; refused before session 5, whose limit was 5e7 profiles)
    A, B = np.random.default_rng(8).standard_normal((2, 8000, 8000))
    B[3, 7] = B[3].max() + 1.0  # column 7 is the column player's best reply to row 3 ...
    A[3, 7] = A[:, 7].max() + 1.0  # ... and row 3 the row player's to column 7: (3, 7) is an equilibrium
    g = NormalFormGame.from_bimatrix(A, B)
    del A, B
    result = pure_nash_equilibria(g)
    assert (3, 7) in [tuple(int(np.argmax(s)) for s in e.strategies) for e in result]
    assert all(e.regret == 0.0 for e in result)

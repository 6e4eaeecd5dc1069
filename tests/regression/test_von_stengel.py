"""Regression: von Stengel's 6x6 bimatrix game with 75 equilibria.

B. von Stengel (1999), "New maximal numbers of equilibria in bimatrix games", *Discrete and
Computational Geometry* 21, 557-568: a 6x6 game with 75 equilibria, more than the conjectured
bound 2^6 - 1 = 63. The matrices below are the ones in Gambit's game catalog
(``journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg``); payoffs reach 1.7e6 in absolute value,
which defeats absolute tolerances: nashpy 0.0.43's vertex enumeration returns 505 profiles for this
game, 430 of them not equilibria.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation import NormalFormGame, Status
from negotiation.solvers.support_enumeration import support_enumeration
from negotiation.solvers.vertex_enumeration import vertex_enumeration

A = [
    [9504, -660, 19976, -20526, 1776, -8976],
    [-111771, 31680, -130944, 168124, -8514, 52764],
    [397584, -113850, 451176, -586476, 29216, -178761],
    [171204, -45936, 208626, -263076, 14124, -84436],
    [1303104, -453420, 1227336, -1718376, 72336, -461736],
    [737154, -227040, 774576, -1039236, 48081, -300036],
]
B = [
    [72336, 48081, 29216, 14124, 1776, -8514],
    [-461736, -300036, -178761, -84436, -8976, 52764],
    [1227336, 774576, 451176, 208626, 19976, -130944],
    [-1718376, -1039236, -586476, -263076, -20526, 168124],
    [1303104, 737154, 397584, 171204, 9504, -111771],
    [-453420, -227040, -113850, -45936, -660, 31680],
]

GAME = NormalFormGame.from_bimatrix(A, B, title="von Stengel (1999) 6x6 with 75 equilibria")


@pytest.fixture(scope="module")
def exact_result():
    return vertex_enumeration(GAME)


def test_exactly_75_equilibria_exact(exact_result):
    result = exact_result
    assert len(result) == 75
    assert result.status is Status.COMPLETE and result.degenerate is False and result.arithmetic == "exact"
    for eq in result:
        assert eq.regret == 0
        assert all(isinstance(p, Fraction) for s in eq.strategies for p in s)
        assert len(eq.supports[0]) == len(eq.supports[1])  # nondegenerate: equal support sizes
    # one known equilibrium (Gambit's enummixed lists it first)
    first = {tuple(e.strategies[0]): tuple(e.strategies[1]) for e in result}
    x = tuple(Fraction(v) for v in ("20/23", "3/23", 0, 0, 0, 0))
    assert first[x] == tuple(Fraction(v) for v in ("4/19", "15/19", 0, 0, 0, 0))


def test_exactly_75_equilibria_float(exact_result):
    game = GAME.to_float()
    result = vertex_enumeration(game)
    assert len(result) == 75 and result.degenerate is None and result.notes == ()  # one polytope enumerated
    assert float(result.max_regret) <= 1e-12 * game.scale()
    for eq, ex in zip(result, exact_result, strict=True):
        assert eq.isclose(ex, atol=1e-9)


@pytest.mark.parametrize("arithmetic", ["exact", "float"])
def test_support_enumeration_agrees(arithmetic, exact_result):
    result = support_enumeration(GAME, arithmetic=arithmetic)
    assert len(result) == 75 and result.degenerate is False and result.notes == ()
    for eq, ex in zip(result, exact_result, strict=True):
        assert eq.isclose(ex, atol=1e-9)


def test_scaled_down_payoffs_give_the_same_set(exact_result):
    small = NormalFormGame.from_bimatrix(np.array(A) / 1e6, np.array(B) / 1e6)
    result = vertex_enumeration(small)
    assert len(result) == 75
    for eq, ex in zip(result, exact_result, strict=True):
        assert eq.isclose(ex, atol=1e-9)


def test_pygambit_enummixed_agrees(exact_result):
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(np.array(A), np.array(B))
    theirs = set()
    for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        row, col = list(g.players)
        theirs.add(
            (tuple(Fraction(str(eq[s])) for s in row.strategies), tuple(Fraction(str(eq[s])) for s in col.strategies))
        )
    ours = {(tuple(e.strategies[0]), tuple(e.strategies[1])) for e in exact_result}
    assert ours == theirs


def test_nashpy_backend_drops_the_430_false_equilibria():
    pytest.importorskip("nashpy")
    result = vertex_enumeration(GAME.to_float(), backend="nashpy")
    assert result.status is Status.PARTIAL
    assert len(result) == 75
    assert any("430 of 505 profiles returned by nashpy failed certification" in note for note in result.notes)

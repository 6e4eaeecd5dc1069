"""Conversion to nashpy: payoffs, orientation and applicability."""

from __future__ import annotations

from fractions import Fraction

import nashpy
import numpy as np
import pytest

from negotiation import NormalFormGame, NotApplicableError
from negotiation.interop import to_nashpy


def test_payoff_matrices_and_round_trip():
    g = NormalFormGame.from_bimatrix([[3.5, 0], [5, 1]], [[3, 5], [0, 1.25]])
    ng = to_nashpy(g)
    assert isinstance(ng, nashpy.Game)
    A, B = ng.payoff_matrices
    assert A.dtype == float and A.tolist() == [[3.5, 0.0], [5.0, 1.0]]
    assert B.tolist() == [[3.0, 5.0], [0.0, 1.25]]
    assert NormalFormGame.from_nashpy(ng) == g


def test_exact_game_becomes_float():
    g = NormalFormGame.from_bimatrix([["1/3", 0, 2]], [[1, "0.1", 0]])
    A, B = to_nashpy(g).payoff_matrices
    assert A.shape == (1, 3)
    assert A[0, 0] == float(Fraction(1, 3)) and B[0, 1] == 0.1
    assert NormalFormGame.from_nashpy(to_nashpy(g)) == g.to_float()


# nashpy warns "An even number of (2) equilibria ... degenerate" on this nondegenerate game (its support
# enumeration misses one of the 3 here); the test checks only that what it finds is an equilibrium. The
# message starts with a newline, which ".*" does not match.
@pytest.mark.filterwarnings(r"ignore:\s*An even number:RuntimeWarning")
def test_nashpy_equilibria_are_equilibria_of_our_game():
    rng = np.random.default_rng(11)
    A, B = rng.normal(size=(2, 4, 3))
    g = NormalFormGame.from_bimatrix(A, B)
    found = list(to_nashpy(g).support_enumeration())
    assert found
    for sigma_r, sigma_c in found:
        assert g.is_equilibrium((sigma_r, sigma_c), rtol=1e-7)


def test_more_than_two_players_not_applicable():
    g = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotApplicableError, match="two-player"):
        to_nashpy(g)


def test_rejects_non_game():
    with pytest.raises(TypeError):
        to_nashpy([[1, 0], [0, 1]])  # type: ignore[arg-type]

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


@pytest.mark.filterwarnings("ignore:.*even number.*:RuntimeWarning")  # nashpy's parity heuristic
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

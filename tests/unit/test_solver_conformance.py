"""Conformance: every method in the solver table honours the same contract.

Return type, certification (regret reported and within tolerance; exactly 0 in exact mode),
canonical order, determinism, pickling, stable JSON and provenance (Axelrod-style base test).
"""

from __future__ import annotations

import json
import pickle
from fractions import Fraction

import numpy as np
import pytest

from negotiation import EquilibriumResult, NormalFormGame, Status, nash_equilibria
from negotiation.solvers import METHODS
from negotiation.solvers.result import canonical_key

GAMES = {
    "battle_of_sexes": NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
    "pennies": NormalFormGame.zero_sum([[1, -1], [-1, 1]]),
    "rps_float": NormalFormGame.zero_sum(np.array([[0.0, -1, 1], [1, 0, -1], [-1, 1, 0]])),
    "random_4x3": NormalFormGame.from_bimatrix(
        np.random.default_rng(7).normal(size=(4, 3)), np.random.default_rng(8).normal(size=(4, 3))
    ),
}

APPLICABLE = [
    (method, name)
    for method in sorted(METHODS)
    for name, game in GAMES.items()
    if not (method == "zero_sum_lp" and not game.is_zero_sum)
]


def _solve(method: str, game: NormalFormGame) -> EquilibriumResult:
    try:
        return nash_equilibria(game, method)
    except (ModuleNotFoundError, AttributeError) as exc:  # a method whose module has not landed
        pytest.fail(f"method {method!r} is in the table but not importable: {exc}")


@pytest.mark.parametrize("method,name", APPLICABLE)
def test_contract(method, name):
    game = GAMES[name]
    result = _solve(method, game)
    assert isinstance(result, EquilibriumResult)
    assert result.method == method
    assert isinstance(result.status, Status)
    assert result.arithmetic in ("exact", "float")
    assert result.provenance is not None and result.provenance.input_digest == game.digest()
    if method != "pure" or name == "battle_of_sexes":
        assert len(result) >= 1
    for eq in result:
        assert game.is_equilibrium(eq.strategies)
        if result.arithmetic == "exact":
            assert eq.regret == 0 and isinstance(eq.regret, Fraction)
        else:
            assert float(eq.regret) <= 1e-6 * game.scale()
    keys = [canonical_key(e.strategies) for e in result]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # determinism, pickling, stable JSON
    again = _solve(method, game)
    assert json.dumps(result.to_dict(), sort_keys=True) == json.dumps(again.to_dict(), sort_keys=True)
    clone = pickle.loads(pickle.dumps(result))
    assert clone.to_dict() == result.to_dict()
    with pytest.raises(AttributeError):
        result.method = "other"  # type: ignore[misc]


def test_unknown_method_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown method 'nope'"):
        nash_equilibria(GAMES["pennies"], "nope")


def test_two_player_methods_refuse_three_players():
    from negotiation import NotApplicableError

    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(NotApplicableError, match="two-player"):
        nash_equilibria(game, "vertex_enumeration")
    assert nash_equilibria(game).method == "pure"

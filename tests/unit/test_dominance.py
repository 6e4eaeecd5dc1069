"""Iterated elimination of dominated strategies: textbook examples and the definition as oracle."""

from __future__ import annotations

import json
import pickle
import warnings
from fractions import Fraction as F

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.solvers.dominance import DominanceResult, EliminationStep, iterated_elimination


def payoff_rows(game: NormalFormGame, player: int, actions: list[list[str]]) -> dict[str, np.ndarray]:
    """Player's payoff row per own action, against the others' listed actions (independent oracle)."""
    sub = game.restrict(actions)
    arr = np.moveaxis(sub.payoffs[player], player, 0).reshape(len(actions[player]), -1)
    return {lab: arr[k] for k, lab in enumerate(actions[player])}


def assert_steps_valid(game: NormalFormGame, res: DominanceResult, strict: bool = True) -> None:
    """Replay the deletions: each dominator really dominates in the game at the start of its round."""
    alive = [list(a) for a in game.actions]
    for rnd in range(1, res.rounds + 1):
        this = [s for s in res.steps if s.round == rnd]
        for step in this:
            i = game.players.index(step.player)
            rows = payoff_rows(game, i, alive)
            if isinstance(step.dominated_by, str):
                better = rows[step.dominated_by]
            else:
                assert sum(step.dominated_by.values()) == pytest.approx(1)
                assert all(p >= 0 for p in step.dominated_by.values())
                better = sum(p * rows[lab] for lab, p in step.dominated_by.items())
            diff = better - rows[step.action]
            if strict:
                assert all(d > 0 for d in diff), step
            else:
                assert all(d >= 0 for d in diff) and any(d > 0 for d in diff), step
        for step in this:
            alive[game.players.index(step.player)].remove(step.action)
    assert tuple(map(tuple, alive)) == res.surviving


def test_prisoners_dilemma():
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])
    for by in ("pure", "mixed"):
        res = iterated_elimination(pd, by=by)
        assert res.surviving == (("D",), ("D",))
        assert res.is_solvable and res.rounds == 1
        assert {(s.player, s.action, s.dominated_by) for s in res.steps} == {("Row", "C", "D"), ("Column", "C", "D")}
        assert res.game == pd.restrict([["D"], ["D"]])
        assert_steps_valid(pd, res)


def test_gibbons_three_rounds():
    # Gibbons (1992), A Primer in Game Theory, sec. 1.1.B: Right, then Down, then Left go; (Up, Middle) is left
    g = NormalFormGame.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]], actions=[["Up", "Down"], ["Left", "Middle", "Right"]]
    )
    res = iterated_elimination(g)
    assert [(s.round, s.player, s.action, s.dominated_by) for s in res.steps] == [
        (1, "Column", "Right", "Middle"),
        (2, "Row", "Down", "Up"),
        (3, "Column", "Left", "Middle"),
    ]
    assert res.surviving == (("Up",), ("Middle",)) and res.is_solvable
    assert_steps_valid(g, res)


def test_dominated_only_by_a_mixture():
    g = NormalFormGame.from_bimatrix(
        [[3, 0], [0, 3], [1, 1]], [[1, 2], [2, 1], [0, 0]], actions=[["T", "M", "B"], ["L", "R"]]
    )
    pure = iterated_elimination(g)
    assert pure.surviving == (("T", "M", "B"), ("L", "R")) and pure.steps == ()
    mixed = iterated_elimination(g, by="mixed")
    assert mixed.steps[0].action == "B" and mixed.steps[0].player == "Row"
    sigma = dict(mixed.steps[0].dominated_by)
    assert set(sigma) == {"T", "M"} and all(isinstance(p, F) for p in sigma.values())
    assert sum(sigma.values()) == 1
    assert mixed.arithmetic == "exact"
    assert_steps_valid(g, mixed)
    # the float game gives the same deletion, with a float mixture that also dominates
    mixed_f = iterated_elimination(g.to_float(), by="mixed")
    assert mixed_f.surviving == mixed.surviving and mixed_f.arithmetic == "float"
    assert_steps_valid(g.to_float(), mixed_f)


def test_mixture_tie_is_not_strict():
    # (1.5, 1.5) equals the 50:50 mixture of T and M: not strictly (nor weakly) dominated
    g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], ["3/2", "3/2"]], [[0, 0]] * 3)
    assert iterated_elimination(g, by="mixed").steps == ()
    with pytest.warns(UserWarning, match="order"):
        assert iterated_elimination(g, by="mixed", strict=False).steps == ()
    # a hair better than the mixture: the row survives; a hair worse: it goes
    assert iterated_elimination(NormalFormGame.from_bimatrix([[3, 0], [0, 3], ["1.5000001", "1.5"]], [[0, 0]] * 3),
                                by="mixed").steps == ()
    worse = NormalFormGame.from_bimatrix([[3, 0], [0, 3], ["1.4999999", "1.4999999"]], [[0, 0]] * 3)
    res = iterated_elimination(worse, by="mixed")
    assert [s.action for s in res.steps] == ["a2"]
    assert_steps_valid(worse, res)


def test_mixed_dominance_needs_three_actions_in_the_mixture():
    # row 3 gives 1 everywhere; rows 0-2 give 3.3 in one column each: only the uniform mixture (1.1) beats it
    A = [[F(33, 10), 0, 0], [0, F(33, 10), 0], [0, 0, F(33, 10)], [1, 1, 1]]
    g = NormalFormGame.from_bimatrix(A, [[0, 0, 0]] * 4)
    res = iterated_elimination(g, by="mixed")
    assert [s.action for s in res.steps] == ["a3"]
    assert dict(res.steps[0].dominated_by) == {"a0": F(1, 3), "a1": F(1, 3), "a2": F(1, 3)}


def test_weak_dominance_warns_and_deletes_an_equilibrium():
    # (Down, Right) is a Nash equilibrium, but Down and Right are weakly dominated
    g = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 0]], actions=[["Up", "Down"], ["Left", "Right"]])
    assert g.is_equilibrium(["Down", "Left"])
    with pytest.warns(UserWarning, match="depends on the order"):
        res = iterated_elimination(g, strict=False)
    assert res.surviving == (("Up",), ("Left",))
    assert_steps_valid(g, res, strict=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert iterated_elimination(g).steps == ()  # nothing strictly dominated; no warning


def test_weak_mixed_dominance():
    g = NormalFormGame.from_bimatrix([[2, 2], [0, 2], [1, 1]], [[0, 0]] * 3)
    with pytest.warns(UserWarning):
        res = iterated_elimination(g, by="mixed", strict=False)
    # rows 1 and 2 are both weakly dominated by row 0 (pure), in the same round
    assert {(s.round, s.action, s.dominated_by) for s in res.steps} == {(1, "a1", "a0"), (1, "a2", "a0")}
    # row 2 is weakly dominated only by mixtures (p, 1 - p, 0) with 1/2 <= p <= 3/4; never strictly
    g2 = NormalFormGame.from_bimatrix([[2, 0, 0], [0, 2, 0], [1, F(1, 2), 0]], [[0, 0, 0]] * 3)
    assert iterated_elimination(g2, by="mixed").steps == ()
    with pytest.warns(UserWarning):
        res2 = iterated_elimination(g2, by="mixed", strict=False)
    assert [s.action for s in res2.steps] == ["a2"] and not isinstance(res2.steps[0].dominated_by, str)
    assert F(1, 2) <= res2.steps[0].dominated_by["a0"] <= F(3, 4)
    assert_steps_valid(g2, res2, strict=False)


def test_three_players():
    # player 2's action "x" is strictly dominated by "y"; then player 0 prefers a1; then player 1 prefers b0
    def f(a, b, c):
        u0 = (2 if a == "a1" else 1) if c == "y" else (0 if a == "a1" else 3)
        u1 = (1 if b == "b0" else 0) if a == "a1" else (0 if b == "b0" else 1)
        u2 = 1 if c == "y" else 0
        return u0, u1, u2

    g = NormalFormGame.from_function(f, [["a0", "a1"], ["b0", "b1"], ["x", "y"]])
    res = iterated_elimination(g)
    assert res.surviving == (("a1",), ("b0",), ("y",))
    assert [s.round for s in res.steps] == [1, 2, 3]
    assert_steps_valid(g, res)


def test_float_tolerance():
    # a difference of 1e-13 of the payoff range is noise, not strict dominance
    g = NormalFormGame.from_bimatrix([[1.0, 0.0], [1.0 + 1e-13, 1e-13]], [[0.0, 0.0], [0.0, 0.0]])
    assert iterated_elimination(g).steps == ()
    assert [s.action for s in iterated_elimination(g, rtol=0.0).steps] == ["a0"]


def test_result_is_frozen_serializable_and_picklable():
    g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 2], [2, 1], [0, 0]])
    res = iterated_elimination(g, by="mixed")
    with pytest.raises(AttributeError):
        res.by = "pure"  # type: ignore[misc]
    with pytest.raises(TypeError):
        res.steps[0].dominated_by["a0"] = 1  # type: ignore[index]
    data = json.loads(json.dumps(res.to_dict()))
    assert data["surviving"] == {"Row": ["a0", "a1"], "Column": ["a0", "a1"]}
    assert data["steps"][0]["dominated_by"] == {"a0": "1/2", "a1": "1/2"}
    assert data["provenance"]["method"] == "iterated_elimination"
    assert isinstance(res.steps[0], EliminationStep) and "dominated by" in str(res.steps[0])
    assert "DominanceResult" in repr(res)
    again = pickle.loads(pickle.dumps(res.game))
    assert again == res.game


def test_bad_arguments():
    g = NormalFormGame.from_bimatrix([[1]], [[1]])
    with pytest.raises(ValueError, match="by"):
        iterated_elimination(g, by="correlated")
    with pytest.raises(TypeError, match="strict"):
        iterated_elimination(g, strict="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        iterated_elimination([[1, 2]])  # type: ignore[arg-type]
    assert iterated_elimination(g).surviving == (("a0",), ("a0",))


@pytest.mark.parametrize("by", ["pure", "mixed"])
def test_equilibria_survive_on_random_games(rng, by):
    from negotiation.solvers.lemke_howson import lemke_howson_all
    from negotiation.solvers.pure import pure_nash_equilibria

    for _ in range(8):
        m, n = rng.integers(2, 7, size=2)
        A, B = rng.integers(-4, 5, (m, n)), rng.integers(-4, 5, (m, n))
        g = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        res = iterated_elimination(g, by=by)
        assert_steps_valid(g, res)
        for eq in list(pure_nash_equilibria(g)) + list(lemke_howson_all(g)):
            for i in range(2):
                assert set(eq.supports[i]) <= set(res.surviving[i])

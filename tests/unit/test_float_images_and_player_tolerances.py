"""Float images of exact games (refused when rounding changes the game), per-player tolerances (scaling one
player changes no equilibrium), size checks before conversion, exact= flags, provenance digests, nashpy failures."""

from __future__ import annotations

import pickle
from fractions import Fraction

import numpy as np
import pytest

from negotiation import NormalFormGame, nash_equilibria, pure_nash_equilibria
from negotiation.errors import DegenerateGameWarning, InvalidGameError, NotApplicableError
from negotiation.provenance import Provenance
from negotiation.solvers.zero_sum import zero_sum_lp

TINY = Fraction(1, 2**1100)  # below float64's range: as floats these payoffs are all 0
TINY_GAME = NormalFormGame.zero_sum([[3 * TINY, -TINY], [-TINY, TINY]])  # unique equilibrium (1/3, 2/3) twice
# as floats the row player's payoffs are all 1: the float game makes it indifferent everywhere
FLAT = NormalFormGame.from_bimatrix([[1, 1 + Fraction(1, 2**60)], [1, 1]], [[0, 1], [1, 0]])


@pytest.mark.parametrize("call", [
    lambda: zero_sum_lp(TINY_GAME, backend="nashpy"),  # listed ([0, 1], [0, 1]) as certified before
    lambda: nash_equilibria(TINY_GAME, method="vertex_enumeration", arithmetic="float"),
    lambda: nash_equilibria(FLAT, method="support_enumeration", backend="nashpy"),
    lambda: nash_equilibria(FLAT, method="lemke_howson", arithmetic="float"),
    lambda: pure_nash_equilibria(FLAT, arithmetic="float"),
])
def test_float_arithmetic_refuses_an_exact_game_it_cannot_resolve(call):
    with pytest.raises(NotApplicableError, match="when rounded to float64"):
        call()


def test_exact_and_rescaling_solvers_still_solve_those_games():
    third = (Fraction(1, 3), Fraction(2, 3))
    assert tuple(nash_equilibria(TINY_GAME)[0].strategies[0]) == third
    native = zero_sum_lp(TINY_GAME, arithmetic="float")[0]  # the native LP rescales by a power of two
    assert np.allclose(native.strategies[0], [1 / 3, 2 / 3])
    with pytest.warns(DegenerateGameWarning):  # exactly: (a0, a1) and a continuum with Column on a0
        flat = nash_equilibria(FLAT)
    assert [e.supports for e in flat] == [(("a0",), ("a1",)), (("a0", "a1"), ("a0",)), (("a1",), ("a0",))]
    # a constant player is no loss: its float payoffs are exact
    const = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[0, 1], [1, 0]])
    with pytest.warns(DegenerateGameWarning):
        assert len(nash_equilibria(const, method="vertex_enumeration", arithmetic="float")) >= 1


def test_integer_arrays_meet_the_exact_size_limit_before_conversion():
    # 128M int8 entries would become 128M Fractions (~13 GB) before the check; refused at once instead
    with pytest.raises(InvalidGameError, match="accepted for exact payoffs"):
        NormalFormGame(np.zeros((2, 8000, 8000), dtype=np.int8))
    assert not NormalFormGame(np.zeros((2, 3, 3), dtype=np.int8), exact=False).is_exact


def test_provenance_checks_its_digest():
    for bad in (None, 5, b"ab"):
        with pytest.raises(TypeError, match="input_digest must be a str"):
            Provenance("x", input_digest=bad)
    lazy = Provenance("x", input_digest=lambda: 123)
    with pytest.raises(TypeError, match="must be a str, got 123"):
        lazy.input_digest  # noqa: B018 - the read is the test


def test_provenance_records_the_given_game_not_a_conversion():
    g = NormalFormGame.from_array(np.random.default_rng(4).standard_normal((3, 4, 4, 4)))
    exact = pure_nash_equilibria(g, arithmetic="exact")
    assert exact.arithmetic == "exact" and exact.provenance.input_digest == g.digest()
    assert pickle.loads(pickle.dumps(exact)).provenance.input_digest == g.digest()
    vertex = nash_equilibria(NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), arithmetic="float")
    assert vertex.provenance.input_digest == NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).digest()


def test_lemke_howson_walks_exactly_when_the_float_image_is_another_game(monkeypatch):
    # Column's payoffs are 1 + d, d tiny: as floats Column is indifferent everywhere. Above the size where
    # a failed float path is walked again exactly, "auto" used to return the float game's equilibrium.
    import negotiation.solvers.lemke_howson as lh

    monkeypatch.setattr(lh, "EXACT_PIVOTING_LIMIT", 0)
    d = Fraction(1, 2**70)
    A = [[3, 0, 1], [0, 2, 1], [1, 1, 0]]
    B = [[1 + d * v for v in row] for row in [[2, 0, 1], [0, 3, 1], [1, 0, 2]]]
    g = NormalFormGame.from_bimatrix(A, B)
    for label in range(6):
        result = lh.lemke_howson(g, initial_label=label)
        assert result.arithmetic == "exact" and len(result) == 1
        assert g.is_equilibrium(result[0].strategies) and result[0].regret == 0


def test_float_image_loss_catches_partial_collapse_and_conversions_before_solving():
    b = 2**60  # as floats Row's rows are equal: (b + 256, b) twice
    g = NormalFormGame.from_bimatrix([[b + 300, b], [b + 200, b + 100]], [[0, 1], [1, 0]])
    assert "Row's payoffs move by up to 100" in g.float_image_loss()
    with pytest.raises(NotApplicableError, match="Row's payoffs move"):
        pure_nash_equilibria(g, arithmetic="float")  # listed two pure profiles with exact regret 100 before
    assert pure_nash_equilibria(g).equilibria == ()
    from negotiation.analysis import analyze
    from negotiation.bargaining import nash_threat_solution
    from negotiation.errors import BargainingError

    with pytest.raises(NotApplicableError, match="float arithmetic"):
        analyze(TINY_GAME, arithmetic="float")  # converted before solving: the solvers saw a float game
    with pytest.raises(BargainingError, match="float weights"):
        nash_threat_solution(TINY_GAME, weights=(0.5, 0.5))
    # faithful images: dollar-scale integers, thirds (rounding far below the range), float games
    assert NormalFormGame.from_bimatrix([[1250000000, 1250000003], [1250000001, 1250000002]],
                                        [[1, 0], [0, 1]]).float_image_loss() is None
    assert NormalFormGame.from_bimatrix([["1/3", 1], [0, 2]], [[1, 0], [0, 1]]).float_image_loss() is None
    assert g.to_float().float_image_loss() is None


def test_exact_flags_are_read_as_booleans():
    assert not NormalFormGame(np.zeros((2, 2, 2), dtype=int), exact=0).is_exact
    assert NormalFormGame(np.zeros((2, 2, 2)), exact=np.True_).is_exact
    with pytest.raises(InvalidGameError, match="accepted for exact payoffs"):  # before converting 128M entries
        NormalFormGame(np.zeros((2, 8000, 8000)), exact=np.True_)


@pytest.mark.parametrize("factor", [1e-14, 1e-6, 1.0, 1e8])
def test_scaling_one_players_payoffs_changes_no_equilibrium(factor):
    # regrets are certified against each player's own payoff range: with the game's largest range as the
    # unit, matching pennies with Column's payoffs times 1e-10 had two pure "equilibria"
    rng = np.random.default_rng(12)
    for A, B in [(np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([[-1.0, 1.0], [1.0, -1.0]])),
                 tuple(rng.standard_normal((2, 5, 4)))]:
        base = NormalFormGame.from_bimatrix(A, B)
        scaled = NormalFormGame.from_bimatrix(A, B * factor)
        for method in ("pure", "vertex_enumeration", "support_enumeration"):
            ours = nash_equilibria(scaled, method=method)
            reference = nash_equilibria(base, method=method)
            assert len(ours) == len(reference), (method, factor)
            assert all(e.isclose(r, atol=1e-9) for e, r in zip(ours, reference, strict=True)), (method, factor)
            assert all(scaled.is_equilibrium(e.strategies, rtol=1e-9) for e in ours)
        label = nash_equilibria(scaled, method="lemke_howson")[0]
        assert scaled.is_equilibrium(label.strategies, rtol=1e-9) and label.regrets[1] <= 1e-9 * factor * 4
    pennies = NormalFormGame.from_bimatrix([[1.0, -1.0], [-1.0, 1.0]], [[-1e-14, 1e-14], [1e-14, -1e-14]])
    assert not pennies.is_equilibrium(([1.0, 0.0], [1.0, 0.0]))  # Column gains 2e-14 of its range 2e-14
    assert pennies.best_responses(([1.0, 0.0], [1.0, 0.0]), "Column") == (1,)


def test_a_constant_non_dyadic_player_loses_nothing_as_floats():
    # every payoff 1/10 (no float64 holds it): the float image is constant too; the check divided by 0
    g = NormalFormGame.from_bimatrix([["0.1", "0.1"], ["0.1", "0.1"]], [[1, 0], [0, 1]])
    assert g.float_image_loss() is None
    with pytest.warns(DegenerateGameWarning):
        assert len(nash_equilibria(g, method="vertex_enumeration", arithmetic="float")) >= 2
    big = NormalFormGame.from_bimatrix(np.full((30, 30), Fraction(1, 3), dtype=object),
                                       np.random.default_rng(1).integers(0, 9, (30, 30)))
    assert len(nash_equilibria(big)) >= 1  # exact Lemke-Howson on 900 profiles (it crashed)


def test_native_zero_sum_float_refuses_a_lossy_exact_game():
    b = 2**60
    g = NormalFormGame.zero_sum([[b + 200, b + 100], [b + 300, b]])
    with pytest.raises(NotApplicableError, match="move by up to 100"):
        zero_sum_lp(g, arithmetic="float")
    assert zero_sum_lp(g)[0].supports == (("a0",), ("a1",))  # exactly: a saddle point


def test_exact_flag_must_be_a_boolean():
    for bad in ("False", 2.5, 2):
        with pytest.raises(TypeError, match="exact must be True, False or None"):
            NormalFormGame(np.zeros((2, 2, 2)), exact=bad)


@pytest.mark.parametrize("A, B, error", [([[1]], [[1]], "QhullError"), ([[0, 0]], [[0, 0]], "TypeError")])
def test_an_exception_inside_nashpy_becomes_a_note(A, B, error):
    result = nash_equilibria(NormalFormGame.from_bimatrix(A, B), method="vertex_enumeration", backend="nashpy")
    assert len(result) == 0 and any(f"nashpy raised {error} after 0 profiles" in n for n in result.notes)


def test_dominance_uses_each_players_own_range():
    # the prisoner's dilemma with Column's payoffs times 1e-10: Column's C is still strictly dominated
    from negotiation.analysis import analyze
    from negotiation.solvers.dominance import iterated_elimination

    A, B = np.array([[3.0, 0.0], [5.0, 1.0]]), np.array([[3.0, 5.0], [0.0, 1.0]])
    g = NormalFormGame.from_bimatrix(A, B * 1e-10, actions=[["C", "D"], ["C", "D"]])
    assert iterated_elimination(g).surviving == (("D",), ("D",))
    a = analyze(g, bargaining=False)
    assert a.dominance_tolerances == pytest.approx((5e-9, 5e-19)) and a.dominance_tolerance == pytest.approx(5e-9)
    assert a.to_dict()["dominance"]["absolute_tolerances"] == pytest.approx({"Row": 5e-9, "Column": 5e-19})


def test_the_rounding_note_names_the_coarse_player():
    # Row's payoffs 1e15 + [0, 5] (coarse in float64), Column's ordinary: the note names Row
    A = np.array([[1e15 + 5, 1e15], [1e15, 1e15 + 5]])
    B = np.array([[0.0, 1.0], [1.0, 0.0]])
    notes = nash_equilibria(NormalFormGame.from_bimatrix(A, B), method="vertex_enumeration").notes
    assert any("to about" in n and "for Row" in n for n in notes)


def test_a_lossy_exact_game_is_walked_exactly_after_any_float_failure(monkeypatch):
    # a float path that breaks down on an exact game whose float image is another game (payoffs 2**60 + k)
    import negotiation.solvers.lemke_howson as lh

    rng = np.random.default_rng(0)
    A = np.array([[2**60 + int(v) for v in row] for row in rng.integers(0, 50, (6, 6))], dtype=object)
    B = np.array([[int(v) for v in row] for row in rng.integers(0, 50, (6, 6))], dtype=object)
    g = NormalFormGame.from_bimatrix(A, B)
    real = lh._walk_to_endpoint
    monkeypatch.setattr(lh, "EXACT_PIVOTING_LIMIT", 0)  # as on a game of more than 2,500 profiles
    monkeypatch.setattr(lh, "_walk_to_endpoint", lambda *a: real(*a)._replace(code=lh.K.FAILED))
    result = lh.lemke_howson(g, kernel="numpy")
    assert result.arithmetic == "exact" and len(result) == 1 and "exact pivoting" in result.notes[0]
    assert g.is_equilibrium(result[0].strategies)


def test_float_weights_refuse_an_exact_problem_that_rounding_changes():
    from negotiation.bargaining import nash_bargaining_solution
    from negotiation.bargaining.problem import BargainingProblem
    from negotiation.errors import BargainingError

    b = 2**60
    p = BargainingProblem.from_points([(b, b + 300), (b + 300, b), (b + 100, b + 100)], disagreement=(b, b))
    assert nash_bargaining_solution(p).payoffs == (b + 150, b + 150)
    for w in [(0.5, 0.5), (0.3, 0.7)]:  # (0.5, 0.5) divided by zero; (0.3, 0.7) solved the rounded problem
        with pytest.raises(BargainingError, match="move by up to 44"):
            nash_bargaining_solution(p, weights=w)
    plain = BargainingProblem.from_points([(0, 3), (3, 0)], (0, 0))
    assert nash_bargaining_solution(plain, weights=(0.5, 0.5)).payoffs == pytest.approx((1.5, 1.5))


def test_far_points_neither_hide_nor_cause_a_float_refusal():
    from negotiation.bargaining import nash_bargaining_solution
    from negotiation.bargaining.problem import BargainingProblem
    from negotiation.errors import BargainingError

    b = 2**60
    # a far feasible point (0, 0) widened the range the check used: the bargaining set still collapses
    far = BargainingProblem.from_points([(b, b + 300), (b + 300, b), (b + 100, b + 100), (0, 0)], (b, b))
    with pytest.raises(BargainingError, match="move by up to"):
        nash_bargaining_solution(far, weights=(0.5, 0.5))
    # a dominated interior point that rounds is never read by a solution: no refusal
    k = 2**36
    fine = BargainingProblem.from_points([(b - k, b + k), (b + k, b - k), (b + 100, b + 100)], (b - k, b - k))
    assert nash_bargaining_solution(fine, weights=(0.5, 0.5)).payoffs == pytest.approx((b, b))

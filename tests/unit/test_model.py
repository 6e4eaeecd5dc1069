"""NormalFormGame: construction, queries, immutability and one test per kind of bad input."""

from __future__ import annotations

import pickle
from fractions import Fraction

import numpy as np
import pytest

from negotiation import InvalidGameError, InvalidProfileError, NormalFormGame

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Ann", "Bob"], actions=[["C", "D"], ["C", "D"]]
)


class TestConstruction:
    def test_bimatrix_layout(self):
        assert PD.shape == (2, 2)
        assert PD.payoffs.shape == (2, 2, 2)
        assert PD.payoff(("D", "C")) == (Fraction(5), Fraction(0))
        assert PD.payoff((0, 1)) == (0, 5)

    def test_exact_from_ints_and_strings(self):
        g = NormalFormGame.from_bimatrix([["0.1", "1/3"], [1, 2]], [[0, 0], [0, 0]])
        assert g.is_exact
        assert g.payoffs[0, 0, 0] == Fraction(1, 10)
        assert g.payoffs[0, 0, 1] == Fraction(1, 3)

    def test_floats_make_a_float_game(self):
        g = NormalFormGame.from_bimatrix([[0.5, 1], [1, 2]], [[0, 0], [0, 0]])
        assert not g.is_exact and g.payoffs.dtype == float

    def test_forced_arithmetic(self):
        assert NormalFormGame.from_bimatrix([[0.5]], [[1]], exact=True).payoffs[0, 0, 0] == Fraction(1, 2)
        assert not NormalFormGame.from_bimatrix([[1]], [[1]], exact=False).is_exact

    def test_zero_sum(self):
        g = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
        assert g.is_zero_sum
        assert not PD.is_zero_sum

    def test_from_array_three_players(self):
        arr = np.arange(3 * 2 * 3 * 4, dtype=float).reshape(3, 2, 3, 4)
        g = NormalFormGame.from_array(arr)
        assert g.n_players == 3 and g.shape == (2, 3, 4)
        assert g.players == ("P0", "P1", "P2")
        assert g.payoff((1, 2, 3)) == (arr[0, 1, 2, 3], arr[1, 1, 2, 3], arr[2, 1, 2, 3])

    def test_from_function_labels(self):
        g = NormalFormGame.from_function(lambda a, b: (len(a) + len(b), 0), [["x", "yy"], ["z", "ww", "vvv"]])
        assert g.actions == (("x", "yy"), ("z", "ww", "vvv"))
        assert g.payoff(("yy", "vvv")) == (5, 0)

    def test_from_function_counts(self):
        g = NormalFormGame.from_function(lambda i, j: (i * j, i + j), [2, 3])
        assert g.payoff((1, 2)) == (2, 3)

    def test_from_nashpy(self):
        nashpy = pytest.importorskip("nashpy")
        g = NormalFormGame.from_nashpy(nashpy.Game([[1, 2], [3, 4]], [[0, 1], [1, 0]]))
        assert g.payoff((1, 0)) == (3.0, 1.0)

    def test_conversions_round_trip(self):
        assert PD.to_float().to_exact() == PD
        assert PD.to_float().payoffs.dtype == float

    def test_immutable(self):
        with pytest.raises(ValueError):
            PD.payoffs[0, 0, 0] = 7
        with pytest.raises(AttributeError):
            PD.title = "x"  # type: ignore[misc]

    def test_pickle_and_hash(self):
        clone = pickle.loads(pickle.dumps(PD))
        assert clone == PD and hash(clone) == hash(PD)
        assert PD.digest() == clone.digest()

    def test_equal_games_hash_alike(self):
        a = NormalFormGame.from_bimatrix(np.array([[0.0, 1.0]]), np.array([[1.0, 2.0]]))
        b = NormalFormGame.from_bimatrix(np.array([[-0.0, 1.0]]), np.array([[1.0, 2.0]]))
        assert a == b and a.digest() == b.digest() and hash(a) == hash(b)

    def test_permutations(self):
        swapped = PD.permute_players([1, 0])
        assert swapped.players == ("Bob", "Ann")
        assert swapped.payoff(("C", "D")) == tuple(reversed(PD.payoff(("D", "C"))))
        flipped = PD.permute_actions("Ann", [1, 0])
        assert flipped.actions[0] == ("D", "C")
        assert flipped.payoff(("D", "C")) == PD.payoff(("D", "C"))

    def test_restrict(self):
        sub = PD.restrict([["D"], ["C", "D"]])
        assert sub.shape == (1, 2) and sub.payoff(("D", "D")) == (1, 1)

    def test_table_text(self):
        text = PD.table()
        assert "Ann (rows) vs Bob (columns)" in text and "5, 0" in text


class TestQueries:
    def test_expected_payoffs_exact(self):
        assert PD.expected_payoffs(([Fraction(1, 2), Fraction(1, 2)], "D")) == (Fraction(1, 2), Fraction(3))

    def test_profile_by_mapping_and_labels(self):
        prof = PD.profile({"Ann": {"D": 1}, "Bob": "D"})
        assert [list(s) for s in prof] == [[0, 1], [0, 1]]

    def test_best_responses(self):
        assert PD.best_responses(("C", "C"), "Ann") == (1,)
        bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        assert bos.best_responses((["2/3", "1/3"], ["1/3", "2/3"]), 0) == (0, 1)

    def test_regret_and_equilibrium(self):
        assert PD.regrets(("C", "C")) == (2, 2)
        assert PD.is_equilibrium(("D", "D"))
        assert not PD.is_equilibrium(("C", "D"))

    def test_float_tolerance_is_relative(self):
        big = NormalFormGame.from_bimatrix(np.array([[1e6, 0], [0, 1e6]]), np.array([[1e6, 0], [0, 1e6]]))
        almost = ([0.5 + 1e-12, 0.5 - 1e-12], [0.5, 0.5])
        assert big.is_equilibrium(almost)
        assert not big.is_equilibrium(("a0", "a1"))

    def test_n_player_regret(self, rng):
        g = NormalFormGame(rng.normal(size=(3, 2, 2, 2)))
        prof = ([0.5, 0.5], [0.25, 0.75], [1.0, 0.0])
        u = g.action_payoffs(prof, 1)
        direct = [sum(0.5 * g.payoffs[1, a, k, 0] for a in range(2)) for k in range(2)]
        assert np.allclose(u, direct)
        assert g.regrets(prof)[1] == pytest.approx(max(direct) - (0.25 * direct[0] + 0.75 * direct[1]))


class TestBadInput:
    def test_nan(self):
        with pytest.raises(InvalidGameError, match="finite"):
            NormalFormGame.from_bimatrix([[np.nan, 0]], [[0, 0]])

    def test_infinite(self):
        with pytest.raises(InvalidGameError, match="finite"):
            NormalFormGame.from_array(np.array([[[np.inf]], [[0.0]]]))

    def test_ragged(self):
        with pytest.raises(InvalidGameError, match="ragged"):
            NormalFormGame.from_bimatrix([[1, 2], [3]], [[1, 2], [3, 4]])

    def test_mismatched_shapes(self):
        with pytest.raises(InvalidGameError, match="same shape"):
            NormalFormGame.from_bimatrix([[1, 2]], [[1], [2]])

    def test_first_axis_must_count_players(self):
        with pytest.raises(InvalidGameError, match="first axis"):
            NormalFormGame.from_array(np.zeros((3, 2, 2)))

    def test_too_few_dimensions(self):
        with pytest.raises(InvalidGameError, match="n_players >= 2"):
            NormalFormGame.from_array([[1, 2]])

    def test_no_actions(self):
        with pytest.raises(InvalidGameError, match="at least one action"):
            NormalFormGame.from_array(np.zeros((2, 0, 3)))

    def test_duplicate_labels(self):
        with pytest.raises(InvalidGameError, match="duplicate labels"):
            NormalFormGame.from_bimatrix([[1, 2]], [[1, 2]], actions=[["U"], ["L", "L"]])

    def test_duplicate_players(self):
        with pytest.raises(InvalidGameError, match="duplicate"):
            NormalFormGame.from_bimatrix([[1]], [[1]], players=["A", "A"])

    def test_wrong_number_of_players(self):
        with pytest.raises(InvalidGameError, match="expected 2 labels"):
            NormalFormGame.from_bimatrix([[1]], [[1]], players=["A", "B", "C"])

    def test_wrong_number_of_labels(self):
        with pytest.raises(InvalidGameError, match="expected 2 labels"):
            NormalFormGame.from_bimatrix([[1, 2]], [[1, 2]], actions=[["U"], ["L"]])

    def test_non_number(self):
        with pytest.raises(InvalidGameError, match="exact number"):
            NormalFormGame.from_bimatrix([["one"]], [[1]])

    def test_boolean_payoff(self):
        with pytest.raises(InvalidGameError, match="boolean"):
            NormalFormGame.from_bimatrix([[True]], [[1]])

    def test_huge_game_refused(self):
        # 2 x 10^10 float entries (160 GB): refused before any copy, with the count and the limit
        with pytest.raises(InvalidGameError, match=r"too large: 2 players x 10,000,000,000 profiles .* float64"):
            NormalFormGame.from_array(np.broadcast_to(np.zeros(1), (2, 10**5, 10**5)))

    def test_huge_exact_game_refused(self):
        # exact tables hold a Fraction per entry: the limit is 10^8 entries
        with pytest.raises(InvalidGameError, match="accepted for exact payoffs"):
            NormalFormGame.from_array(np.broadcast_to(np.zeros(1), (2, 10**4, 10**4)), exact=True)
        with pytest.raises(InvalidGameError, match="too large"):
            NormalFormGame.from_function(lambda *a: (0, 0, 0), [10**4] * 3)

    def test_from_function_without_actions(self):
        with pytest.raises(InvalidGameError, match="at least one action"):
            NormalFormGame.from_function(lambda a, b: (0, 0), [[], ["x"]])

    def test_negative_probability(self):
        with pytest.raises(InvalidProfileError, match="negative"):
            PD.expected_payoffs(([-0.5, 1.5], [1, 0]))

    def test_probabilities_not_summing_to_one(self):
        with pytest.raises(InvalidProfileError, match="sums to"):
            PD.expected_payoffs((["1/2", "1/3"], [1, 0]))

    def test_wrong_profile_length(self):
        with pytest.raises(InvalidProfileError, match="one strategy per player"):
            PD.expected_payoffs(([1, 0],))

    def test_wrong_strategy_length(self):
        with pytest.raises(InvalidProfileError, match="must have 2 probabilities"):
            PD.expected_payoffs(([1, 0, 0], [1, 0]))

    def test_unknown_action_and_player(self):
        with pytest.raises(InvalidProfileError, match="unknown action"):
            PD.payoff(("C", "X"))
        with pytest.raises(InvalidProfileError, match="unknown player"):
            PD.best_responses(("C", "C"), "Zed")

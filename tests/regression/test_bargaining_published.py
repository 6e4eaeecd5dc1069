"""Published bargaining numbers, reproduced exactly.

* Nash (1950), "The bargaining problem", Econometrica 18 (Bill and Jack): reproduced in
  papers/nash_1950_bargaining, run by tests/regression/test_papers.py.
* Kalai and Smorodinsky (1975), "Other solutions to Nash's bargaining problem", Econometrica 43: the
  sets conv{(0,0),(0,1),(1,0),(3/4,3/4)} and conv{(0,0),(0,1),(1,7/10),(1,0)}, on which Nash's solution
  gives player 1 less in the larger set while theirs does not (the sets as the example is usually
  quoted; the values below are computed from the definitions by hand).
* Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50: the first proposer
  gets (1 - d2) / (1 - d1 d2).
* Binmore, Shaked and Sutton (1989): the outside-option principle.
* Nash (1953), "Two-person cooperative games": variable threats on a small game computed by hand.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from negotiation import (
    BargainingProblem,
    NormalFormGame,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    nash_threat_solution,
    rubinstein,
)


def test_kalai_smorodinsky_1975_monotonicity_example():
    s1 = BargainingProblem.from_points([(0, 0), (0, 1), (1, 0), ("3/4", "3/4")], (0, 0))
    s2 = BargainingProblem.from_points([(0, 0), (0, 1), (1, "7/10"), (1, 0)], (0, 0))
    assert nash_bargaining_solution(s1).payoffs == (F(3, 4), F(3, 4))
    assert nash_bargaining_solution(s2).payoffs == (F(1), F(7, 10))  # player 1 gets less in the larger set
    assert kalai_smorodinsky_solution(s1).payoffs == (F(3, 4), F(3, 4))
    assert kalai_smorodinsky_solution(s2).payoffs == (F(10, 13), F(10, 13))  # ... but not under KS
    assert s1.ideal_point() == s2.ideal_point() == (F(1), F(1))


@pytest.mark.parametrize(
    "d1, d2, expected",
    [("1/2", "1/2", F(2, 3)), ("9/10", "9/10", F(10, 19)), ("1/2", "2/3", F(1, 2)), ("99/100", "9/10", F(100, 109))],
)
def test_rubinstein_1982_formula(d1, d2, expected):
    r = rubinstein((d1, d2))
    assert r.shares[0] == expected == (1 - F(d2)) / (1 - F(d1) * F(d2))
    assert r.shares[1] == 1 - expected


def test_outside_option_principle_binding_and_not():
    # without options the responder (player 1) gets 9/19 with both factors 9/10
    assert rubinstein(("9/10", "9/10")).shares[1] == F(9, 19)
    low = rubinstein(("9/10", "9/10"), outside_options=(0, "2/5"))  # 2/5 < 9/19: irrelevant
    assert low.shares == (F(10, 19), F(9, 19)) and not low.outside_option_binds[1]
    high = rubinstein(("9/10", "9/10"), outside_options=(0, "1/2"))  # 1/2 > 9/19: gets exactly 1/2
    assert high.shares == (F(1, 2), F(1, 2)) and high.outside_option_binds[1]


def test_nash_1953_threats_by_hand():
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]], actions=[["T", "B"], ["L", "R"]])
    sol = nash_threat_solution(g)
    assert sol.disagreement == (F(-2), F(1)) and sol.payoffs == (F(7, 2), F(13, 2))

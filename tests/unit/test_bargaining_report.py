"""The power report: shares, dependency, parity, sensitivities, threats, verdict, serialization."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
import sympy

from negotiation import (
    BargainingError,
    BargainingProblem,
    NormalFormGame,
    PowerReport,
    nash_bargaining_solution,
    power_report,
)


def test_transferable_deal_numbers():
    deal = BargainingProblem.transferable(10, (4, 0), players=("Lab", "Owner"))
    r = power_report(deal)
    assert isinstance(r, PowerReport)
    lab, owner = r.sides
    assert r.concepts == ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
    assert lab.shares["nash"] == F(7, 10) and owner.shares["nash"] == F(3, 10)
    assert lab.payoffs["nash"] == 7 and lab.disagreement == 4 and owner.disagreement == 0
    assert lab.breakdown_loss == 3 and owner.breakdown_loss == 3
    assert lab.dependency == F(3, 7) and owner.dependency == 1
    assert r.leader == 0 and r.margin == F(1, 5)
    assert r.verdict == "Lab holds the table: 70% of the surplus under Nash bargaining (spread 70-70% across concepts)"
    assert r.share_basis == "payoff"


def test_parity_point_gives_equal_nash_payoffs():
    pts = [(0, 12), (5, 10), (9, 6), (11, 0)]
    p = BargainingProblem.from_points(pts, (1, 3), players=("A", "B"))
    r = power_report(p)
    for i in (0, 1):
        v = r.sides[i].parity_disagreement
        assert v is not None
        d = list(p.disagreement)
        d[i] = v
        u = nash_bargaining_solution(p.with_disagreement(d)).payoffs
        assert u[0] == u[1], (i, v, u)


def test_parity_on_a_vertex_is_the_nearest_threshold():
    # equal payoffs only at the vertex (5, 5); a range of disagreement points is sent there
    p = BargainingProblem.from_points([(0, 8), (5, 5), (8, 0)], (0, 0))
    r = power_report(p)
    assert r.sides[0].parity_disagreement == 0  # already at parity: the Nash point is the vertex
    q = p.with_disagreement((0, 3))
    v = power_report(q).sides[0].parity_disagreement
    assert nash_bargaining_solution(q.with_disagreement((v, 3))).payoffs == (F(5), F(5))
    below = nash_bargaining_solution(q.with_disagreement((v - F(1, 100), 3))).payoffs
    assert below[0] < below[1]


def test_parity_unreachable():
    p = BargainingProblem.from_points([(6, 5), (10, 0)], (0, 0))  # every frontier point favours player 0
    r = power_report(p)
    assert r.sides[0].parity_disagreement is None and r.sides[1].parity_disagreement is None


def test_symbolic_sensitivities_are_exact_derivatives():
    s, o = sympy.symbols("s o", positive=True)
    deal = BargainingProblem.transferable(s, (o, 0), players=("Lab", "Owner"))
    r = power_report(deal, parameters={"s": 10, "o": 4, "unused": 1})
    lab, owner = r.sides
    # Nash share of the lab: (s + o) / (2 s)
    assert lab.shares["nash"] == F(7, 10)
    assert lab.sensitivities == {"o": F(1, 20), "s": F(-1, 50), "unused": F(0)}
    assert owner.sensitivities["o"] == F(-1, 20)
    assert sympy.simplify(lab.expressions["nash_share"] - (s + o) / (2 * s)) == 0
    assert lab.parity_disagreement == 0 and owner.parity_disagreement == 4
    assert any("unused" in n for n in r.notes)
    assert r.parameters == {"o": F(4), "s": F(10), "unused": F(1)}


def test_symbolic_polygon_report_matches_numeric_report():
    a, c = sympy.symbols("a c")
    sym = BargainingProblem.from_points([(0, a), (c, c + 1), (a, 0)], (1, 0), parameters={"a": 10, "c": 6})
    rs = power_report(sym)
    rn = power_report(sym.evaluate())
    for i in (0, 1):
        assert dict(rs.sides[i].shares) == dict(rn.sides[i].shares)
        assert rs.sides[i].parity_disagreement == rn.sides[i].parity_disagreement
    # the derivative agrees with a one-sided exact difference quotient to first order
    h = F(1, 10**6)
    up = power_report(sym, parameters={"c": 6 + h}).sides[0].shares["nash"]
    slope = (up - rs.sides[0].shares["nash"]) / h
    assert abs(slope - rs.sides[0].sensitivities["c"]) < F(1, 10**4)


def test_missing_parameter_values():
    s, o = sympy.symbols("s o", positive=True)
    with pytest.raises(BargainingError, match=r"needs values for the parameters \['o', 's'\]"):
        power_report(BargainingProblem.transferable(s, (o, 0)))


def test_outside_options_and_rubinstein():
    deal = BargainingProblem.transferable(10, (0, 0), players=("Lab", "Owner"))
    r = power_report(deal, outside_options=(4, 0), discount_factors=("9/10", "9/10"))
    assert r.status_quo == (4, 0)
    assert r.sides[0].shares["nash"] == F(7, 10)
    assert "rubinstein" in r.concepts
    # outside-option principle: the lab gets 100/19 as proposer and 90/19 as responder, both above its
    # option 4, so the option does not bind; an option of 6 does, and the lab then gets exactly 6
    assert r.rubinstein.outside_option_binds == (False, False)
    assert r.sides[0].payoffs["rubinstein"] == F(100, 19)
    bound = power_report(deal, outside_options=(6, 0), discount_factors=("9/10", "9/10"), first_proposer=1)
    assert bound.rubinstein.outside_option_binds == (True, False)
    assert bound.sides[0].payoffs["rubinstein"] == 6


def test_rubinstein_on_a_scaled_linear_frontier():
    # frontier 2*u0 + u1 = 8 (u1 in units worth half of u0's): Rubinstein in player 0's units
    p = BargainingProblem.from_points([(0, 8), (4, 0)], (0, 0))
    r = power_report(p, discount_factors=("1/2", "1/2"))
    assert r.sides[0].payoffs["rubinstein"] == F(8, 3)  # proposer gets 2/3 of the 4 units
    assert r.sides[1].payoffs["rubinstein"] == F(8, 3)  # responder gets 1/3 * 4 = 4/3 units = 8/3 of u1


def test_rubinstein_skipped_on_kinked_frontier():
    p = BargainingProblem.from_points([(0, 10), (6, 7), (10, 0)], (0, 0))
    r = power_report(p, discount_factors=("9/10", "9/10"))
    assert "rubinstein" not in r.concepts and r.rubinstein is None
    assert any("Rubinstein skipped" in n for n in r.notes)


def test_threat_pair_and_mapping():
    deal = BargainingProblem.transferable(10, (2, 2), players=("Lab", "Owner"))
    r = power_report(deal, threat=(0, 4))
    assert r.sides[0].threat_loss == F(1, 5) and r.sides[1].threat_loss == F(-1, 5)
    r2 = power_report(deal, threat={"Owner": (0, 4), 0: (4, 2)})
    assert r2.sides[0].threat_loss == F(1, 5)  # loss to the owner's threat
    assert r2.sides[1].threat_loss == F(1, 10)  # loss to the lab's threat
    with pytest.raises(BargainingError, match="unknown party"):
        power_report(deal, threat={"Cloud": (0, 4)})


def test_game_input_adds_the_threat_solution():
    g = NormalFormGame.from_bimatrix([[10, -2], [1, 0]], [[0, 1], [-3, 10]])
    r = power_report(g)
    assert "nash_threat" in r.concepts
    assert r.solutions["nash_threat"].payoffs == (F(7, 2), F(13, 2))
    assert any("security" in n for n in r.notes)


def test_negative_payoffs_use_the_gain_basis():
    p = BargainingProblem.from_points([(-8, 2), (2, -8)], (-8, -8))
    r = power_report(p)
    assert r.share_basis == "gain" and r.sides[0].shares["nash"] == F(1, 2)
    assert r.leader is None and r.verdict.startswith("Neither side holds the table")
    with pytest.raises(BargainingError, match="positive total"):
        power_report(p, share_basis="payoff")


def test_float_problem():
    deal = BargainingProblem.transferable(10.0, (4.0, 0.0))
    r = power_report(deal)
    assert r.sides[0].shares["nash"] == pytest.approx(0.7)
    assert r.to_dict()["sides"][0]["shares"]["nash"] == 0.7


def test_to_dict_is_stable_json_and_to_text_is_readable():
    deal = BargainingProblem.transferable(10, (4, 0), players=("Lab", "Owner"))
    r = power_report(deal, threat=(4, 3), discount_factors=("9/10", "9/10"))
    data = r.to_dict()
    text = json.dumps(data)
    assert json.dumps(power_report(deal, threat=(4, 3), discount_factors=("9/10", "9/10")).to_dict()) == text
    assert list(data) == [
        "players", "verdict", "leader", "margin", "share_basis", "concepts", "status_quo", "threat", "parameters",
        "sides", "solutions", "rubinstein", "conditions", "notes", "provenance",
    ]
    assert data["sides"][0]["shares"]["nash"] == "7/10"
    out = r.to_text()
    assert r.verdict in out and "loss if talks break down" in out and "Lab" in out


def test_bad_arguments():
    deal = BargainingProblem.transferable(10)
    with pytest.raises(BargainingError, match="share_basis"):
        power_report(deal, share_basis="money")
    with pytest.raises(BargainingError, match="first_proposer"):
        power_report(deal, first_proposer=3)
    with pytest.raises(TypeError):
        power_report([(0, 1)])  # type: ignore[arg-type]
    renamed = power_report(deal, players=("X", "Y"))
    assert renamed.players == ("X", "Y")


def test_symbolic_outside_options_and_status_quo_with_their_own_parameters():
    """Options and status quo may use symbols the feasible set does not (as scenario files do),
    including piecewise terms such as Max."""
    s, v, c1, c2 = sympy.symbols("s v c1 c2")
    deal = BargainingProblem.transferable(s, (0, 0), players=("Lab", "Owner"), parameters={"s": 10})
    option = sympy.Max(v - c1, v - c2)
    r = power_report(deal, outside_options=(option, 1), parameters={"s": 10, "v": 6, "c1": 3, "c2": 2})
    assert r.status_quo == (4, 1)
    assert r.sides[0].shares["nash"] == F(13, 20)
    # d share / d v = 1/(2s) through the binding branch of Max; c1 is not the binding one
    assert r.sides[0].sensitivities["v"] == F(1, 20)
    assert r.sides[0].sensitivities["c1"] == 0 and r.sides[0].sensitivities["c2"] == F(-1, 20)
    q = deal.with_outside_options((option, 1), parameters={"v": 6, "c1": 3, "c2": 2})
    assert q.evaluate({"v": 6, "c1": 3, "c2": 2}).disagreement == (F(4), F(1))

"""The power report: shares, dependency, parity, sensitivities, threats, verdict, serialization."""

from __future__ import annotations

import json
import random
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert r.verdict == "Lab holds the table: 70% of the surplus under Nash bargaining (the same under every concept)"
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


def test_problems_without_transferable_utility_use_the_ideal_basis():
    """Before session 4 negative payoffs switched the basis to 'gain' (review 4, finding 7); a problem
    without transferable utility now always measures each side's gain against its own ideal gain."""
    p = BargainingProblem.from_points([(-8, 2), (2, -8)], (-8, -8))
    r = power_report(p)
    assert r.share_basis == "ideal" and r.sides[0].shares["nash"] == F(1, 2)  # gains 5 of 10 each
    assert r.leader is None and r.verdict.startswith("Neither side holds the table")
    assert "surplus" not in r.verdict
    assert power_report(p, share_basis="gain").sides[0].shares["nash"] == F(1, 2)
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


# ---------------------------------------------------------------------- review 4 (session 4) regressions
def test_sensitivity_at_a_tie_comes_from_the_branches_beside_it():
    """Finding 4: d0 = 3 equals the vertex's x-coordinate a = 3, so Eq(a - 3, 0) is recorded and the closed
    form at the defaults holds only on that hyperplane (it gave -5/432). By hand the Nash point (7, 5) is
    strictly inside the segment (a, 9)-(8, 4) for a near 3: u0 = 3 + (49 - 3a)/10, u1 = 1 + (49 - 3a)/(16 - 2a)."""
    a = sympy.Symbol("a")
    p = BargainingProblem.from_points([(0, 10), (a, 9), (8, 4), (10, 0)], (3, 1), parameters={"a": 3})
    r = power_report(p, share_basis="payoff")
    assert r.sides[0].sensitivities["a"] == F(-5, 144) and r.sides[1].sensitivities["a"] == F(5, 144)
    assert not r.sides[0].one_sided_sensitivities
    u0 = 3 + (49 - 3 * a) / 10
    u1 = 1 + (49 - 3 * a) / (16 - 2 * a)
    assert sympy.diff(u0 / (u0 + u1), a).subs(a, 3) == sympy.Rational(-5, 144)
    assert any(isinstance(c, sympy.Eq) for c in r.conditions)
    assert any("tie" in n for n in r.notes)
    # default (ideal) basis: P1's ideal payoff, the frontier's height at d0 = 3, has a kink in a (slope 1
    # from the left, 1/3 from the right), so P1's share is one-sided there while P0's is smooth
    ideal = power_report(p)
    assert ideal.sides[0].sensitivities["a"] == F(-3, 65) and not ideal.sides[0].one_sided_sensitivities
    assert ideal.sides[1].sensitivities["a"] is None
    assert ideal.sides[1].one_sided_sensitivities["a"] == (F(0), F(1, 24))


def test_kink_gives_both_one_sided_derivatives_and_no_two_sided_one():
    """Finding 4: the Nash point is exactly the vertex (8, 6); one-sided derivatives by hand (exact
    difference quotients agree to 1e-6): a: 0 left, -5/84 right; b: 8/147, -2/49; o: 1/28, 0."""
    a, b, o = sympy.symbols("a b o")
    p = BargainingProblem.from_points([(0, 10), (a, 9), (8, b), (10, 0)], (o, 1),
                                      parameters={"a": 5, "b": 6, "o": 3})
    r = power_report(p, share_basis="payoff")
    lab = r.sides[0]
    assert dict(lab.sensitivities) == {"a": None, "b": None, "o": None}
    assert dict(lab.one_sided_sensitivities) == {
        "a": (F(0), F(-5, 84)), "b": (F(8, 147), F(-2, 49)), "o": (F(1, 28), F(0)),
    }
    # the same by exact one-sided difference quotients
    def share(av, bv, ov):
        q = BargainingProblem.from_points([(0, 10), (av, 9), (8, bv), (10, 0)], (ov, 1))
        u = nash_bargaining_solution(q).payoffs
        return u[0] / (u[0] + u[1])

    h = F(1, 10**8)
    base = share(5, 6, 3)
    assert abs((share(5 + h, 6, 3) - base) / h - F(-5, 84)) < F(1, 10**6)
    assert abs((base - share(5, 6 - h, 3)) / h - F(8, 147)) < F(1, 10**6)
    text = r.to_text()
    assert "left / right" in text and "valid near the defaults" not in text
    assert "equalities at the defaults" in text
    data = r.to_dict()["sides"][0]
    assert data["sensitivities"]["a"] is None and data["one_sided_sensitivities"]["a"] == ["0", "-5/84"]


def test_outside_option_at_the_status_quo_is_a_kink():
    """max(status quo, option) with the option equal to the status quo: the derivative is one-sided."""
    s, o = sympy.symbols("s o")
    deal = BargainingProblem.transferable(s, (0, 0), players=("Lab", "Owner"), parameters={"s": 10})
    r = power_report(deal, outside_options=(o, 0), parameters={"s": 10, "o": 0})
    assert r.sides[0].sensitivities["o"] is None
    assert r.sides[0].one_sided_sensitivities["o"] == (F(0), F(1, 20))
    assert sympy.Eq(o, 0) in r.conditions
    away = power_report(deal, outside_options=(o, 0), parameters={"s": 10, "o": 2})
    assert away.sides[0].sensitivities["o"] == F(1, 20) and not away.sides[0].one_sided_sensitivities


def test_max_of_inputs_at_its_switch_is_a_kink():
    s, v, c1, c2 = sympy.symbols("s v c1 c2")
    deal = BargainingProblem.transferable(s, (0, 0), players=("Lab", "Owner"), parameters={"s": 10})
    option = sympy.Max(v - c1, v - c2)
    r = power_report(deal, outside_options=(option, 1), parameters={"s": 10, "v": 6, "c1": 3, "c2": 3})
    lab = r.sides[0]
    assert lab.one_sided_sensitivities["c1"] == (F(-1, 20), F(0)) and lab.sensitivities["c1"] is None
    assert lab.sensitivities["v"] == F(1, 20)  # both branches agree for v


def test_transferable_verdict_does_not_flip_on_the_sign_of_a_payoff():
    """Finding 7a: d = (-1, 6) switched to the gain basis ('an even split') while d = (0, 6) said 80%."""
    neg = power_report(BargainingProblem.transferable(10, (-1, 6)))
    assert neg.share_basis == "payoff" and neg.leader == 1
    assert neg.verdict == "P1 holds the table: 85% of the surplus under Nash bargaining (the same under every concept)"
    assert power_report(BargainingProblem.transferable(10, (0, 6))).verdict.startswith("P1 holds the table: 80%")


def test_threat_loss_reflects_the_payoff_change():
    """Finding 7a: under the gain basis the threat loss was always 0 with transferable utility."""
    deal = BargainingProblem.transferable(10, (-1, 6))
    r = power_report(deal, threat=(-1, 0))  # Nash payoffs (3/2, 17/2) -> (9/2, 11/2)
    assert [side.threat_loss for side in r.sides] == [F(-3, 10), F(3, 10)]
    g = power_report(deal, threat=(-1, 0), share_basis="gain")  # over the total gain 5 at the status quo
    assert [side.threat_loss for side in g.sides] == [F(-3, 5), F(3, 5)]
    p = BargainingProblem.from_points([(0, 4), (3, 3), (4, 0)], (0, 0))
    ideal = power_report(p, threat=(0, "7/2"))  # Nash (3, 3) -> (3/4, 15/4); ideal gains (4, 4)
    assert [side.threat_loss for side in ideal.sides] == [F(9, 16), F(-3, 16)]


def test_non_transferable_verdict_ignores_the_utility_unit():
    """Finding 7b: multiplying P1's utility by 10 turned 'an even split' into 'P1 holds the table: 90.9%
    of the surplus' with the same Nash outcome."""
    one = power_report(BargainingProblem.from_points([(0, 4), (3, 3), (4, 0)], (0, 0)))
    ten = power_report(BargainingProblem.from_points([(0, 40), (3, 30), (4, 0)], (0, 0)))
    assert one.verdict == ten.verdict and one.leader is None and ten.leader is None
    assert "surplus" not in ten.verdict and ten.share_basis == "ideal"
    assert any("common unit" in n for n in ten.notes)
    common = power_report(BargainingProblem.from_points([(0, 40), (3, 30), (4, 0)], (0, 0)), share_basis="payoff")
    assert "common unit" in common.verdict and "surplus" not in common.verdict


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=2, max_size=5),
    st.tuples(st.integers(0, 3), st.integers(0, 3)),
    st.fractions(F(1, 7), 9),
    st.integers(-20, 20),
)
def test_verdict_invariant_under_one_players_unit(points, d, scale, shift):
    """A positive affine map of one side's utility changes neither the Nash outcome (mapped) nor the
    verdict of a problem without transferable utility."""
    try:
        p = BargainingProblem.from_points(points, d, players=("Ann", "Bob"))
    except BargainingError:
        return  # nothing to bargain over at d
    q = BargainingProblem.from_points([(x, y * scale + shift) for x, y in points], (d[0], d[1] * scale + shift),
                                      players=("Ann", "Bob"))
    r, s = power_report(p), power_report(q)
    assert (r.leader, r.margin, r.verdict) == (s.leader, s.margin, s.verdict)
    assert r.sides[0].shares["nash"] == s.sides[0].shares["nash"]
    assert r.sides[1].shares["kalai_smorodinsky"] == s.sides[1].shares["kalai_smorodinsky"]


def test_rubinstein_says_the_status_quo_is_an_inside_option():
    """Finding 11: the formula's s is the gains G = s - d0 - d1 over the status quo."""
    deal = BargainingProblem.transferable("11/5", ("13/20", "19/20"), players=("Lab", "Owner"))
    r = power_report(deal, discount_factors=("19/20", "49/50"), first_proposer=1)
    assert r.rubinstein.surplus == F(3, 5)
    assert r.sides[1].payoffs["rubinstein"] == F(19, 20) + F(3, 5) * F(50, 69)  # Owner 62.9% of 11/5
    text = r.to_text()
    assert "s = G = 0.6" in text and "inside option" in text


def test_errors_name_the_argument():
    """Finding 12: 'input must be a pair' did not say which input; a threat point's error did not say
    it came from `threat`."""
    deal = BargainingProblem.transferable(10)
    with pytest.raises(BargainingError, match=r"^discount_factors must be a pair"):
        power_report(deal, discount_factors=("1/2",))
    with pytest.raises(BargainingError, match=r"^status_quo must be a pair"):
        power_report(deal, status_quo=(1, 2, 3))
    with pytest.raises(BargainingError, match=r"^outside_options must be a pair"):
        power_report(deal, outside_options=5)
    with pytest.raises(BargainingError, match=r"^threat: the point \(20, 20\) does not work .*20 \+ 20"):
        power_report(deal, threat=(20, 20))
    with pytest.raises(BargainingError, match=r"^threat\['P1'\]: the point \(20, 20\)"):
        power_report(deal, threat={"P1": (20, 20)})
    with pytest.raises(BargainingError, match=r"^status_quo: the point \(20, 0\)"):
        power_report(deal, status_quo=(20, 0))
    with pytest.raises(BargainingError, match=r"^share_basis must be one of .*'ideal'"):
        power_report(deal, share_basis="surplus")


@pytest.mark.slow
def test_sensitivities_match_exact_one_sided_difference_quotients():
    """Seeded oracle (finding 4: 16 of 150 derivative checks failed, all at ties or kinks): on symbolic
    polygons with small integer defaults (ties are frequent), every reported derivative, or both one-sided
    ones, agrees with exact difference quotients of the numeric problems at h = 1e-7 on each side."""
    a, b, o = sympy.symbols("a b o")
    pts = [(0, 10), (a, 9), (8, b), (10, 0)]
    rng = random.Random(3)
    h = F(1, 10**7)
    checked = one_sided = 0
    for case in range(6):
        vals = {"a": F(rng.randint(2, 7)), "b": F(rng.randint(3, 8)), "o": F(rng.randint(0, 4))}
        basis = ("payoff", "ideal")[case % 2]
        try:
            r = power_report(BargainingProblem.from_points(pts, (o, 1), parameters=vals), share_basis=basis)
        except BargainingError:
            continue

        def share(v, i, basis=basis):
            q = BargainingProblem.from_points([(0, 10), (v["a"], 9), (8, v["b"]), (10, 0)], (v["o"], 1))
            u, d, ideal = nash_bargaining_solution(q).payoffs, q.disagreement, q.ideal_point()
            return u[i] / (u[0] + u[1]) if basis == "payoff" else (u[i] - d[i]) / (ideal[i] - d[i])

        for name in "abo":
            up, down = dict(vals), dict(vals)
            up[name] += h
            down[name] -= h
            for i in (0, 1):
                right = (share(up, i) - share(vals, i)) / h
                left = (share(vals, i) - share(down, i)) / h
                got = r.sides[i].sensitivities[name]
                if got is None:
                    one_sided += 1
                    got_left, got_right = r.sides[i].one_sided_sensitivities[name]
                else:
                    got_left = got_right = got
                assert abs(got_left - left) < F(1, 10**4) and abs(got_right - right) < F(1, 10**4), (vals, name, i)
                checked += 1
    assert checked >= 24 and one_sided >= 1


def test_game_report_keeps_the_threat_solution_in_every_row_order():
    """Finding 5: power_report(game) dropped nash_threat (a note only) in one row order."""
    A, B = [[2, 2], [1, 1], [4, 0]], [[2, 2], [1, 1], [0, 4]]
    for order in ([0, 1, 2], [1, 0, 2]):
        r = power_report(NormalFormGame.from_bimatrix([A[i] for i in order], [B[i] for i in order]))
        assert r.solutions["nash_threat"].payoffs == (F(2), F(2))
        assert not any("skipped" in n for n in r.notes)


def test_rubinstein_applicability_uses_each_players_own_tolerance():
    """A frontier ending at 2e-7 for P1 does not reach P1's status quo 1e-7, however large P0's payoffs
    (1e9): the check compares P1's payoffs with P1's resolution, as on the same problem in unit scale."""
    for p in (BargainingProblem.from_points([(0.0, 1e-6), (1e9, 2e-7)], (0.0, 1e-7)),
              BargainingProblem.from_points([(0.0, 10.0), (10.0, 2.0)], (0.0, 1.0))):
        report = power_report(p, discount_factors=(0.9, 0.9))
        assert "rubinstein" not in report.solutions
        assert any("Rubinstein skipped" in n for n in report.notes)


def test_symbolic_outside_option_of_a_numeric_problem_reaches_rubinstein():
    """Review 4b finding 4: the option is taken at its parameter value, like the numeric option 7."""
    o = sympy.Symbol("o")
    p = BargainingProblem.transferable(10)
    r = power_report(p, outside_options=(o, 0), discount_factors=("9/10", "9/10"), parameters={"o": 7})
    numeric = power_report(p, outside_options=(7, 0), discount_factors=("9/10", "9/10"))
    assert r.solutions["rubinstein"].payoffs == numeric.solutions["rubinstein"].payoffs
    # P0's option 7 binds: P1 offers 7, so P0 proposes 10 - (9/10)*(10 - 7)
    assert r.solutions["rubinstein"].payoffs == (F(73, 10), F(27, 10))
    low = power_report(p, outside_options=(o, 0), discount_factors=("9/10", "9/10"), parameters={"o": 2})
    assert low.solutions["rubinstein"].payoffs == (F(100, 19), F(90, 19))


def test_tie_at_a_max_switch_is_not_called_a_recorded_equality():
    """Review 4b finding 9b: d0 = Max(o**3, 0) switches branch at o = 0 (both derivatives 0); no Eq is recorded."""
    o = sympy.Symbol("o")
    r = power_report(BargainingProblem.transferable(10, (sympy.Max(o**3, 0), 0), parameters={"o": 0}))
    assert not any(isinstance(c, sympy.Eq) for c in r.conditions)
    assert r.sides[0].sensitivities["o"] == 0
    ties = [n for n in r.notes if "tie for ['o']" in n]
    assert ties and all("max/min" in n and "recorded equality" not in n for n in ties)


def test_discount_factor_one_names_what_power_report_accepts():
    """Review 4b finding 9e: the message suggested a breakdown_probability argument power_report lacks."""
    with pytest.raises(BargainingError, match=r"discount_factors.*rubinstein\(\.\.\., breakdown_probability"):
        power_report(BargainingProblem.transferable(10), discount_factors=(1, "1/2"))


def test_a_share_above_100_percent_is_explained():
    """Transferable utility with d = (-20, 25): P0's Nash payoff is negative, so P1's share of the surplus is
    275%; the report says why (it compares payoffs, not gains), and says nothing when every payoff is >= 0."""
    report = power_report(BargainingProblem.transferable(10, (-20, 25)))
    assert report.sides[1].shares["nash"] == F(11, 4)
    assert any("exceeds 100%" in n for n in report.notes)
    assert not any("exceeds 100%" in n for n in power_report(BargainingProblem.transferable(10, (4, 0))).notes)

"""BargainingProblem: construction, frontier, validation, arithmetic kinds, symbolic parameters."""

from __future__ import annotations

import pickle
from fractions import Fraction as F

import numpy as np
import pytest
import sympy

from negotiation import BargainingError, BargainingProblem, NormalFormGame


def test_from_points_frontier_and_bargaining_set():
    p = BargainingProblem.from_points([(0, 0), (4, 0), (0, 2), (1, 1)], (0, 0), players=("Ann", "Bob"))
    assert p.players == ("Ann", "Bob")
    assert p.frontier == ((F(0), F(2)), (F(4), F(0)))
    assert p.bargaining_set == p.frontier
    assert p.ideal_point() == (F(4), F(2))
    assert p.arithmetic == "exact" and p.kind == "polygon"
    assert p.pareto_frontier() == (((F(0), F(2)), (F(4), F(0))),)


def test_frontier_drops_dominated_and_collinear_points_and_flat_parts():
    pts = [(0, 3), (1, 3), (2, 2), (3, 1), (3, 0), (1, 1), (2, 0)]
    p = BargainingProblem.from_points(pts, (0, 0))
    # (0,3) is dominated by (1,3) (flat top); (2,2) is collinear between (1,3) and (3,1); (3,0) below (3,1)
    assert p.frontier == ((F(1), F(3)), (F(3), F(1)))


def test_clipping_to_the_individually_rational_part():
    pts = [(0, 3), (1, "5/2"), (3, 0)]
    p = BargainingProblem.from_points(pts, (2, 0))
    assert p.bargaining_set == ((F(2), F(5, 4)), (F(3), F(0)))
    q = BargainingProblem.from_points(pts, ("1/2", "1/2"))
    assert q.bargaining_set == ((F(1, 2), F(11, 4)), (F(1), F(5, 2)), (F(13, 5), F(1, 2)))
    assert q.ideal_point() == (F(13, 5), F(11, 4))
    # a disagreement payoff exactly at a vertex's coordinate starts the chain at that vertex
    r = BargainingProblem.from_points(pts, (1, 0))
    assert r.bargaining_set == ((F(1), F(5, 2)), (F(3), F(0)))


def test_free_disposal_makes_dominated_disagreement_points_feasible():
    # the segment alone does not contain (0, 0), its comprehensive hull does
    p = BargainingProblem.from_points([(1, 0), (0, 1)], (0, 0))
    assert p.bargaining_set == ((F(0), F(1)), (F(1), F(0)))
    BargainingProblem.from_points([(1, 0), (0, 1)], (-5, -7))


def test_infeasible_disagreement_point_is_named():
    with pytest.raises(BargainingError, match=r"\(1, 1\) is not feasible"):
        BargainingProblem.from_points([(0, 1), (1, 0)], (1, 1))


@pytest.mark.parametrize("d", [(1, 0), (0, 1), ("1/2", "1/2")])
def test_nothing_to_bargain_over(d):
    with pytest.raises(BargainingError, match="nothing to bargain over"):
        BargainingProblem.from_points([(0, 1), (1, 0)], d)


def test_transferable():
    p = BargainingProblem.transferable(10, (2, 3))
    assert p.kind == "transferable" and p.surplus == 10
    assert p.bargaining_set == ((F(2), F(8)), (F(7), F(3)))
    assert p.with_disagreement((4, 0)).bargaining_set == ((F(4), F(6)), (F(10), F(0)))
    with pytest.raises(BargainingError, match="nothing to bargain over"):
        BargainingProblem.transferable(5, (3, 2))


def test_numbers_exact_from_text_and_float_otherwise():
    p = BargainingProblem.from_points([("0.1", 1), (1, "1/3")], (0, 0))
    assert p.arithmetic == "exact" and p.frontier[0] == (F(1, 10), F(1))
    q = BargainingProblem.from_points([(0.1, 1.0), (1.0, 0.2)], (0, 0))
    assert q.arithmetic == "float" and isinstance(q.frontier[0][0], float)


@pytest.mark.parametrize(
    "points, d, match",
    [
        ([], (0, 0), "at least one"),
        ([(0, 1, 2)], (0, 0), "pair"),
        ([(0, "x")], (0, 0), "not an exact number"),
        ([(0, float("nan"))], (0, 0), "finite"),
        ([(0, 1), (1, 0)], (0,), "pair"),
        ([(0, True), (1, 0)], (0, 0), "number"),
    ],
)
def test_bad_input(points, d, match):
    with pytest.raises(BargainingError, match=match):
        BargainingProblem.from_points(points, d)


def test_bad_player_names():
    with pytest.raises(BargainingError, match="differ"):
        BargainingProblem.transferable(1, players=("A", "A"))
    with pytest.raises(BargainingError, match="two players"):
        BargainingProblem.transferable(1, players=("A", "B", "C"))


def test_outside_options_raise_the_disagreement_point():
    p = BargainingProblem.transferable(10, (1, 2)).with_outside_options((4, 0))
    assert p.disagreement == (F(4), F(2))


def test_from_game_security_levels_and_given_point():
    g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    p = BargainingProblem.from_game(g)
    assert p.disagreement == (F(2, 3), F(2, 3))  # maxmin of battle of the sexes
    assert p.players == ("Row", "Column") and p.game is g
    assert p.frontier == ((F(1), F(2)), (F(2), F(1)))
    assert BargainingProblem.from_game(g, (0, 0)).disagreement == (F(0), F(0))
    with pytest.raises(BargainingError, match="security"):
        BargainingProblem.from_game(g, "maxmin")


def test_from_game_float_game():
    g = NormalFormGame.from_bimatrix(np.array([[2.0, 0], [0, 1]]), np.array([[1.0, 0], [0, 2]]))
    p = BargainingProblem.from_game(g)
    assert p.arithmetic == "float"
    assert p.disagreement[0] == pytest.approx(2 / 3)


def test_symbolic_transferable_records_its_assumption():
    s, o = sympy.symbols("s o")
    p = BargainingProblem.transferable(s, (o, 0))
    assert p.is_symbolic and p.symbols == {s, o}
    assert p.conditions == (sympy.Lt(o - s, 0),)
    assert p.evaluate({"s": 10, "o": 3}).bargaining_set == ((F(3), F(7)), (F(10), F(0)))


def test_symbolic_polygon_needs_values_or_assumptions():
    a = sympy.Symbol("a")
    with pytest.raises(BargainingError, match=r"give values for the parameters \['a'\]"):
        BargainingProblem.from_points([(0, a), (a, 0), (a / 2, a)], (0, 0))
    p = BargainingProblem.from_points([(0, a), (a, 0), (a / 2, a)], (0, 0), parameters={"a": 3})
    assert p.bargaining_set == ((a / 2, a), (a, 0))
    assert sympy.Gt(a, 0) in p.conditions
    b = sympy.Symbol("b", positive=True)
    q = BargainingProblem.from_points([(0, b), (b, 0), (b / 2, b)], (0, 0))
    assert q.bargaining_set == ((b / 2, b), (b, 0)) and q.conditions == ()


def test_symbolic_structure_follows_the_defaults():
    c = sympy.Symbol("c")
    pts = [(0, 10), (c, c), (10, 0)]
    inside = BargainingProblem.from_points(pts, (0, 0), parameters={"c": 4})  # (4, 4) is inside the hull
    outside = BargainingProblem.from_points(pts, (0, 0), parameters={"c": 6})
    assert len(inside.frontier) == 2 and len(outside.frontier) == 3
    assert outside.with_parameters({"c": 4}).frontier == inside.frontier


def test_unknown_parameters_and_parameters_of_numeric_problems_are_errors():
    s = sympy.Symbol("s")
    with pytest.raises(BargainingError, match="unknown parameters"):
        BargainingProblem.transferable(s, parameters={"t": 1})
    with pytest.raises(BargainingError, match="no symbols"):
        BargainingProblem.transferable(10, parameters={"t": 1})


def test_immutable_picklable_and_digest_stable():
    p = BargainingProblem.transferable(10, (2, 3))
    with pytest.raises(AttributeError):
        p.surplus = 3  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(p)).bargaining_set == p.bargaining_set
    assert p.digest() == BargainingProblem.transferable(10, (2, 3)).digest()
    assert p.digest() != BargainingProblem.transferable(10, (2, 2)).digest()


# ---- review 4b finding 6: float turns are decided by a normalized distance
@pytest.mark.parametrize("offset", [0.0, 1e9])
def test_float_decimal_points_on_a_line_are_one_segment(offset):
    """(k/10, 1 - k/10) are collinear in decimal but not in binary (off the line by ~1e-17 of the range):
    within the distance tolerance, so the float frontier is the one segment, as the exact one is."""
    pts = [(offset + k / 10, offset + 1 - k / 10) for k in range(11)]
    p = BargainingProblem.from_points(pts, (offset, offset))
    assert p.frontier == ((offset + 0.0, offset + 1.0), (offset + 1.0, offset + 0.0))
    exact = BargainingProblem.from_points([(f"{k}/10", f"{10 - k}/10") for k in range(11)], (0, 0))
    assert len(exact.frontier) == 2


def test_float_distance_tolerance_follows_each_players_range_and_magnitude():
    """rtol plus half an ulp of the largest magnitude relative to its range (plus a few eps)."""
    p = BargainingProblem.from_points([(1e12, 0.0), (1e12 + 2.0, 5.0)], (1e12, 0.0))
    ar = p.arith()
    eps = 2.0**-52
    assert ar.distance_tolerance() == pytest.approx(ar.rtol + 0.5 * eps * (1e12 + 2) / 2 + 4 * eps)
    assert BargainingProblem.from_points([(0, 0), (2, 5)], (0, 0)).arith().distance_tolerance() == 0.0

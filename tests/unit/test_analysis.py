"""The analysis pipeline on plain games (scenario analyses: test_analysis_scenarios.py)."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from negotiation import NormalFormGame
from negotiation.analysis import Analysis, analyze
from negotiation.errors import NotApplicableError
from negotiation.report.render import render


@pytest.fixture
def pd():
    return NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]], players=["Ann", "Bob"], title="PD"
    )


@pytest.fixture
def battle():
    return NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]], actions=[["Opera", "Fight"], ["Opera", "Fight"]], title="BoS"
    )


def test_equilibria_are_equilibria_of_the_game(battle):
    a = analyze(battle, dominance="none")
    assert isinstance(a, Analysis)
    assert len(a.equilibria) >= 2
    for e in a.equilibria:
        assert battle.is_equilibrium(e.strategies)
    assert a.scenario is None and a.parameters == () and a.problem is None and a.power is None


def test_battle_of_the_sexes_has_its_three_equilibria(battle):
    a = analyze(battle, dominance="none")
    assert a.equilibria.is_complete
    mixed = [e for e in a.equilibria if not e.is_pure]
    assert len(a.equilibria) == 3 and len(mixed) == 1
    assert mixed[0].strategy(0) == {"Opera": Fraction(2, 3), "Fight": Fraction(1, 3)}


def test_dominance_solves_the_prisoners_dilemma(pd):
    a = analyze(pd)
    assert a.dominance is not None
    assert a.dominance.game.actions == (("D",), ("D",))


def test_to_dict_is_json_and_deterministic(pd):
    one = json.dumps(analyze(pd).to_dict())
    two = json.dumps(analyze(pd).to_dict())
    assert one == two
    data = json.loads(one)
    assert list(data)[:4] == ["format", "title", "scenario", "parameters"]
    eq = data["equilibria"]["equilibria"]
    assert eq[0]["supports"] == {"Ann": ["D"], "Bob": ["D"]}
    assert eq[0]["payoffs"] == {"Ann": "1", "Bob": "1"}
    assert data["game"]["payoffs"]["Ann"] == [["3", "0"], ["5", "1"]]
    prov = data["provenance"]
    assert prov["versions"]["negotiation"]
    assert prov["scenario"] is None
    assert prov["game_digest"] == pd.digest()
    assert prov["methods"]["equilibria"]["method"] == data["equilibria"]["method"]
    assert not any(key in one for key in ('"timestamp"', '"date"', '"time"', '"host"'))


def test_float_arithmetic_is_recorded(battle):
    a = analyze(battle, arithmetic="float", dominance="none")
    assert a.game.arithmetic == "float"
    assert a.equilibria.arithmetic == "float"
    d = a.to_dict()
    assert d["provenance"]["options"]["arithmetic"] == "float"
    assert isinstance(d["equilibria"]["equilibria"][0]["payoffs"]["Row"], float)


def test_exact_arithmetic_from_float_game():
    g = NormalFormGame.from_bimatrix([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]])
    a = analyze(g, arithmetic="exact", dominance="none")
    assert a.game.is_exact and a.equilibria.arithmetic == "exact"
    assert all(e.regret == 0 for e in a.equilibria)


def test_exact_with_a_float_only_method_is_refused(battle, monkeypatch):
    import negotiation.analysis as module

    def float_only(game, *, rtol=1e-9):  # a method without an ``arithmetic`` option
        raise AssertionError("must not be called")

    monkeypatch.setattr(module, "solver", lambda name: float_only)
    with pytest.raises(NotApplicableError, match="no exact arithmetic"):
        analyze(battle, method="lemke_howson", arithmetic="exact")


def test_bad_options(pd):
    with pytest.raises(ValueError, match="unknown method 'simplex'"):
        analyze(pd, method="simplex")
    with pytest.raises(ValueError, match="arithmetic must be one of"):
        analyze(pd, arithmetic="decimal")
    with pytest.raises(ValueError, match="dominance must be one of"):
        analyze(pd, dominance="weak")
    with pytest.raises(ValueError, match="only scenarios have parameters"):
        analyze(pd, overrides={"price": 1})
    with pytest.raises(TypeError, match="expected a scenario name"):
        analyze(42)


def test_method_that_does_not_apply_is_an_input_error(battle):
    with pytest.raises(NotApplicableError):
        analyze(battle, method="zero_sum_lp")


def test_three_player_game():
    g = NormalFormGame.from_function(
        lambda a, b, c: [int(a == b), int(b == c), int(a == c)], [["x", "y"], ["x", "y"], ["x", "y"]]
    )
    a = analyze(g, dominance="pure")
    assert a.equilibria.method == "pure"
    assert all(g.is_equilibrium(e.strategies) for e in a.equilibria)
    text = render(a, "text")
    assert "P0" in text and "payoff P2" in text


def test_degenerate_warning_becomes_a_note():
    # the column player is indifferent everywhere: a continuum of equilibria
    g = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]])
    a = analyze(g, dominance="none")  # no warning escapes (pytest turns it into an error)
    assert a.equilibria.degenerate is True
    assert a.equilibria.components
    assert not any("DegenerateGameWarning" in n for n in a.notes)  # the result says it; no duplicate
    assert all(g.is_equilibrium(e.strategies) for e in a.equilibria)


def test_overrides_are_read_exactly():
    from negotiation.analysis import _exact_override

    assert _exact_override("p", "1.25") == Fraction(5, 4)
    assert _exact_override("p", 0.1) == Fraction(1, 10)
    assert _exact_override("p", Fraction(1, 3)) == Fraction(1, 3)
    with pytest.raises(ValueError, match="parameter 'p'.*not a usable number"):
        _exact_override("p", "abc")
    with pytest.raises(ValueError, match="boolean"):
        _exact_override("p", True)
    with pytest.raises(ValueError, match="identifier"):
        _exact_override("1p", 1)


def test_read_exact_refuses_huge_exponents_quickly():
    import time

    from negotiation.analysis import read_exact

    assert read_exact("1e3") == 1000 and read_exact("-2.5E-2") == Fraction(-1, 40)
    start = time.perf_counter()
    with pytest.raises(ValueError, match="exponent"):
        read_exact("1e100000000")
    with pytest.raises(ValueError, match="too long"):
        read_exact("1" * 101)
    assert time.perf_counter() - start < 1.0


def test_analyze_reports_undefined_coalition_values(tmp_path):
    """[coalitions] is not analysed, but a value undefined at the run's parameters is bad input
    (found by review: only the command line evaluated it)."""
    from negotiation.errors import ScenarioError

    path = tmp_path / "tiny.toml"
    path.write_text(
        '[scenario]\nname = "tiny"\ntitle = "tiny"\n[parameters.x]\ndefault = 1\nrange = [-10, 10]\n'
        '[[players]]\nname = "Ann"\nactions = ["L", "R"]\n[[players]]\nname = "Bob"\nactions = ["L", "R"]\n'
        '[payoffs]\n"L/L" = ["x", 1]\n"L/R" = [0, 0]\n"R/L" = [0, 0]\n"R/R" = [1, "x"]\n'
        '[coalitions]\nplayers = ["Ann", "Bob"]\nvalues = {"Ann+Bob" = "1/(x-1)"}\n'
    )
    with pytest.raises(ScenarioError, match="coalitions"):
        analyze(path)
    assert len(analyze(path, overrides={"x": 2}).equilibria) >= 1


def test_auto_on_a_large_game_searches_labels():
    # label 0's Lemke-Howson path of this 100x100 game takes 44,965 pivots, label 1's four
    A, B = np.random.default_rng(5).standard_normal((2, 100, 100))
    result = analyze(NormalFormGame.from_bimatrix(A, B), bargaining=False).equilibria
    assert result.method == "lemke_howson" and result.options["initial_label"] == "any"
    assert len(result) == 1 and result.options["pivots_total"] < 1000

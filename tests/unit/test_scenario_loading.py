"""Loading scenarios (paths, bundled names, text), parameter values and overrides, games."""

from __future__ import annotations

import pickle
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

import negotiation
from negotiation import NormalFormGame
from negotiation.errors import NotApplicableError, ScenarioError
from negotiation.scenarios import (
    Scenario,
    SymbolicGame,
    list_scenarios,
    load_scenario,
    loads_scenario,
)
from negotiation.scenarios.catalog import bundled_names
from negotiation.scenarios.formula import parameter_symbol

REPO = Path(__file__).resolve().parents[2]

SMALL = '''
[scenario]
name = "small"
title = "Small"
[[sources]]
id = "src"
citation = "A citation."
url = "https://example.org/x"
supports = "the price"
[parameters.price]
default = 1.25
range = [0.5, 3]
unit = "$B/month"
description = "price"
source = "src"
[parameters.value]
default = "11/5"
range = [1, 5]
[parameters.free]
default = 0
[[players]]
name = "Lab"
role = "lab"
actions = ["Sign", "Walk"]
[[players]]
name = "Owner"
role = "compute_owner"
actions = ["Hold", "Reprice"]
[payoffs]
"Sign/Hold" = ["value - price", "price"]
"Sign / Reprice" = { Owner = "price * 1.2", Lab = "value - price * 1.2" }
"Walk/Hold" = ["value - 1.6 + free", 0.95]
"Walk/Reprice" = ["value - 1.6", "0.95"]
[negotiation]
parties = ["Owner", "Lab"]
feasible = "surplus"
surplus = "value"
disagreement = [0.95, "value - 1.6"]
outside_options = [0, "value - 1.55"]
discount_factors = [0.98, 0.95]
first_proposer = "Owner"
threat = [0.6, "value - 2.6"]
[market]
buyers = ["L1", "L2"]
sellers = ["S1"]
roles = { L1 = "lab", S1 = "hyperscaler" }
[market.pairs]
"L1/S1" = "value - 1"
"L2 / S1" = 0.5
[coalitions]
players = ["A", "B", "C"]
[coalitions.values]
"A+B" = "value"
"C" = 1
"A+B+C" = "2 * value"
'''


@pytest.fixture
def small() -> Scenario:
    return loads_scenario(SMALL, file="small.toml")


def test_metadata_and_parameters(small: Scenario) -> None:
    assert small.name == "small" and small.title == "Small"
    assert small.player_names == ("Lab", "Owner")
    assert small.roles == ("lab", "compute_owner")
    assert small.actions == (("Sign", "Walk"), ("Hold", "Reprice"))
    assert small.shape == (2, 2) and small.n_players == 2
    price = small.parameters["price"]
    assert price.default == Fraction(5, 4) and isinstance(price.default, Fraction)
    assert (price.low, price.high, price.unit, price.source) == (Fraction(1, 2), Fraction(3), "$B/month", "src")
    assert small.parameters["value"].default == Fraction(11, 5)
    assert small.parameters["free"].low is None and small.parameters["free"].high is None
    assert list(small.parameters) == ["price", "value", "free"]
    assert small.sources[0].to_dict() == {"id": "src", "citation": "A citation.", "url": "https://example.org/x",
                                          "supports": "the price"}
    assert small.defaults == {"price": Fraction(5, 4), "value": Fraction(11, 5), "free": Fraction(0)}
    assert re.fullmatch(r"[0-9a-f]{64}", small.sha256)


def test_game_is_exact_and_in_order(small: Scenario) -> None:
    g = small.game()
    assert isinstance(g, NormalFormGame) and g.is_exact
    assert g.players == ("Lab", "Owner") and g.title == "Small"
    assert g.payoff(["Sign", "Hold"]) == (Fraction(19, 20), Fraction(5, 4))
    assert g.payoff(["Sign", "Reprice"]) == (Fraction(7, 10), Fraction(3, 2))
    assert g.payoff(["Walk", "Hold"]) == (Fraction(3, 5), Fraction(19, 20))
    assert g.payoff(["Walk", "Reprice"]) == (Fraction(3, 5), Fraction(19, 20))


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (2, Fraction(2)),
        ("0.7", Fraction(7, 10)),
        ("3/2", Fraction(3, 2)),
        (Fraction(3, 2), Fraction(3, 2)),
        (Decimal("1.1"), Fraction(11, 10)),
        (sympy.Rational(5, 2), Fraction(5, 2)),
        (np.int64(2), Fraction(2)),
    ],
)
def test_exact_overrides(small: Scenario, override: object, expected: Fraction) -> None:
    values = small.values(price=override)
    assert values["price"] == expected and isinstance(values["price"], Fraction)
    g = small.game(price=override)
    assert g.is_exact
    assert g.payoff(["Sign", "Hold"])[1] == expected


def test_float_override_makes_a_float_game(small: Scenario) -> None:
    g = small.game(price=1.5)
    assert not g.is_exact
    assert g.payoff(["Sign", "Hold"]) == pytest.approx((0.7, 1.5))
    assert small.values(price=np.float64(1.5))["price"] == 1.5


@pytest.mark.parametrize(
    ("overrides", "fragment", "field"),
    [
        ({"prce": 1}, "unknown parameter 'prce'; did you mean 'price'?", "parameters.prce"),
        ({"zzz": 1}, "parameters: price, value, free", "parameters.zzz"),
        ({"price": 9}, "outside the allowed range [1/2, 3]", "parameters.price"),
        ({"price": "0.49"}, "outside the allowed range", "parameters.price"),
        ({"price": True}, "boolean", "parameters.price"),
        ({"price": "cheap"}, "is not a number", "parameters.price"),
        ({"price": float("nan")}, "finite", "parameters.price"),
        ({"price": float("inf")}, "finite", "parameters.price"),
        ({"price": None}, "is not a number", "parameters.price"),
        ({"free": 10**101}, "out of range", "parameters.free"),
        ({"free": "1/" + "3" * 120}, "out of range", "parameters.free"),
    ],
)
def test_bad_overrides(small: Scenario, overrides: dict[str, object], fragment: str, field: str) -> None:
    for call in (small.values, small.game):
        with pytest.raises(ScenarioError) as info:
            call(**overrides)
        assert fragment in str(info.value)
        assert info.value.field == field
        assert info.value.file == "small.toml"


def test_range_is_inclusive(small: Scenario) -> None:
    assert small.values(price="0.5")["price"] == Fraction(1, 2)
    assert small.values(price=3)["price"] == 3


def test_unbounded_parameter_takes_any_finite_value(small: Scenario) -> None:
    assert small.game(free=-10**6).payoff(["Walk", "Hold"])[0] == Fraction(11, 5) - Fraction(8, 5) - 10**6


def test_symbolic_game(small: Scenario) -> None:
    sg = small.symbolic_game()
    assert isinstance(sg, SymbolicGame)
    price, value = parameter_symbol("price"), parameter_symbol("value")
    assert sg.payoff(["Sign", "Hold"]) == (value - price, price)
    assert sg.payoffs.shape == (2, 2, 2)
    assert sg.symbols == {price, value, parameter_symbol("free")}
    with pytest.raises(ValueError):
        sg.payoffs[0, 0, 0] = 1  # read-only
    assert sg.subs() == small.game()
    assert sg.subs(price=2) == small.game(price=2)
    with pytest.raises(ScenarioError, match="outside the allowed range"):
        sg.subs(price=100)
    assert "Sign/Hold : -price + value; price" in sg.table()
    assert "SymbolicGame" in repr(sg)


def test_evaluation_error_names_profile_and_player() -> None:
    text = SMALL.replace('"Walk/Reprice" = ["value - 1.6", "0.95"]',
                         '"Walk/Reprice" = ["1 / (value - 2)", "log(free)"]')
    s = loads_scenario(text, file="bad.toml")
    with pytest.raises(ScenarioError) as info:
        s.game(value=2)
    err = info.value
    assert err.file == "bad.toml"
    assert err.field == "payoffs.'Walk/Reprice'[0]"
    assert "payoff of 'Lab' at profile 'Walk/Reprice'" in str(err)
    assert "division by zero" in str(err)
    with pytest.raises(ScenarioError, match=r"payoff of 'Owner' at profile 'Walk/Reprice'.*log of 0"):
        s.game()
    assert s.game(free=1).payoff(["Walk", "Reprice"]) == (Fraction(5), Fraction(0))


def test_transcendental_payoffs_make_a_float_game() -> None:
    text = SMALL.replace('"Walk/Reprice" = ["value - 1.6", "0.95"]', '"Walk/Reprice" = ["sqrt(value)", "exp(free)"]')
    g = loads_scenario(text).game()
    assert not g.is_exact
    assert g.payoff(["Walk", "Reprice"]) == pytest.approx((2.2**0.5, 1.0))
    assert loads_scenario(text).game(value="9/4").payoff(["Walk", "Reprice"]) == (Fraction(3, 2), Fraction(1))


def test_negotiation_values(small: Scenario) -> None:
    nv = small.negotiation_values()
    assert nv["parties"] == ("Owner", "Lab")
    assert nv["surplus"] == Fraction(11, 5)
    assert nv["disagreement"] == (Fraction(19, 20), Fraction(3, 5))
    assert nv["outside_options"] == (Fraction(0), Fraction(13, 20))
    assert nv["discount_factors"] == (Fraction(49, 50), Fraction(19, 20))
    assert nv["first_proposer"] == 0
    assert nv["threat"] == (Fraction(3, 5), Fraction(-2, 5))
    assert small.negotiation_values(value=3)["surplus"] == 3


def test_bargaining_problem_applies_outside_options(small: Scenario) -> None:
    p = small.bargaining_problem()
    assert p.players == ("Owner", "Lab")
    assert p.kind == "transferable"
    assert p.disagreement == (Fraction(19, 20), Fraction(13, 20))  # lab's option 0.65 beats its status quo 0.6
    assert p.surplus == Fraction(11, 5)
    sym = small.symbolic_bargaining_problem()
    assert sym.is_symbolic and sym.surplus == parameter_symbol("value")


def test_market_and_coalitions(small: Scenario) -> None:
    m = small.market
    assert m is not None
    assert m.buyers == ("L1", "L2") and m.sellers == ("S1",)
    assert dict(m.roles) == {"L1": "lab", "S1": "hyperscaler"}
    assert small.market_values() == {("L1", "S1"): Fraction(6, 5), ("L2", "S1"): Fraction(1, 2)}
    assert small.market_values(value=3)[("L1", "S1")] == 2
    c = small.coalitions
    assert c is not None and c.players == ("A", "B", "C")
    assert small.coalition_values() == {frozenset("AB"): Fraction(11, 5), frozenset("C"): 1,
                                        frozenset("ABC"): Fraction(22, 5)}
    d = small.to_dict()
    assert d["market"]["pairs"] == {"L1/S1": "value - 1", "L2/S1": "1/2"}
    assert d["coalitions"]["values"] == {"A+B": "value", "C": "1", "A+B+C": "2*value"}


def test_sections_are_optional() -> None:
    text = SMALL.split("[negotiation]")[0]
    s = loads_scenario(text)
    assert s.negotiation is None and s.market is None and s.coalitions is None
    for call in (s.bargaining_problem, s.power_report, s.market_values, s.coalition_values,
                 s.negotiation_values):
        with pytest.raises(NotApplicableError):
            call()


def test_to_dict_is_json_ready(small: Scenario) -> None:
    import json

    d = small.to_dict()
    json.dumps(d)
    assert d["parameters"]["price"] == {"default": "5/4", "unit": "$B/month", "range": ["1/2", "3"],
                                        "description": "price", "source": "src"}
    assert d["parameters"]["free"]["range"] is None
    assert d["payoffs"]["Sign/Hold"] == ["-price + value", "price"]
    assert d["negotiation"]["parties"] == ["Owner", "Lab"]
    assert d["negotiation"]["first_proposer"] == "Owner"
    assert d["sha256"] == small.sha256


def test_pickle_round_trip(small: Scenario) -> None:
    again = pickle.loads(pickle.dumps(small))
    assert again == small
    assert again.game() == small.game()
    assert pickle.loads(pickle.dumps(small.symbolic_game())).subs() == small.game()


def test_scenario_is_immutable(small: Scenario) -> None:
    with pytest.raises(AttributeError):
        small.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        small.parameters["price"] = None  # type: ignore[index]


# ------------------------------------------------------------------ paths, names, caching
def test_load_by_path_and_by_name_agree(tmp_path: Path) -> None:
    src = REPO / "games" / "prisoners_dilemma.toml"
    copy = tmp_path / "pd.toml"
    copy.write_bytes(src.read_bytes())
    by_name = load_scenario("prisoners_dilemma")
    by_path = load_scenario(copy)
    by_str = load_scenario(str(copy))
    assert by_name.sha256 == by_path.sha256 == by_str.sha256
    assert by_path.path == str(copy) and by_name.path == "games/prisoners_dilemma.toml"
    assert by_name.game() == by_path.game()


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "s.toml"
    path.write_text(SMALL)
    assert load_scenario(path).sha256 == hashlib.sha256(SMALL.encode()).hexdigest()
    path.write_text(SMALL.replace('title = "Small"', 'title = "Changed"'))
    changed = load_scenario(path)
    assert changed.title == "Changed"  # the cache is keyed by content, not by path


def test_unknown_bundled_name() -> None:
    with pytest.raises(ScenarioError, match="unknown scenario 'compute_dael'; did you mean 'compute_deal'"):
        load_scenario("compute_dael")
    with pytest.raises(ScenarioError, match="not a bundled scenario name"):
        load_scenario("Compute Deal")


def test_missing_and_non_regular_files(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(tmp_path)
    with pytest.raises(TypeError):
        load_scenario(3)  # type: ignore[arg-type]


def test_list_scenarios_matches_the_games_directory() -> None:
    on_disk = sorted(p.stem for p in (REPO / "games").glob("*.toml"))
    assert bundled_names() == on_disk
    listed = list_scenarios()
    assert [name for name, _ in listed] == on_disk
    assert all(isinstance(title, str) and title for _, title in listed)


def test_public_names() -> None:
    assert negotiation.load_scenario is load_scenario
    assert negotiation.list_scenarios is list_scenarios
    assert negotiation.Scenario is Scenario
    assert negotiation.parse_formula is negotiation.scenarios.parse_formula


def test_readme_example_is_a_valid_scenario() -> None:
    readme = (REPO / "games" / "README.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", readme, flags=re.S)
    example = max(blocks, key=len)
    s = loads_scenario(example, file="README example")
    assert s.name == "supplier_choice"
    g = s.game()
    assert g.payoff(["Sign", "Reprice"]) == (Fraction(7, 10), Fraction(3, 2))
    assert s.bargaining_problem().disagreement == (Fraction(3, 5), Fraction(19, 20))


def test_packaging_ships_the_games() -> None:
    # negotiation/games is a link to games/ in the checkout; the wheel copies games/*.toml into it
    link = REPO / "negotiation" / "games"
    assert link.is_symlink() and link.resolve() == (REPO / "games").resolve()
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "games/*.toml" in config["tool"]["setuptools"]["package-data"]["negotiation"]


def test_power_report_symbolic_path(small: Scenario) -> None:
    report = small.power_report()
    assert report.players == ("Owner", "Lab")
    owner, lab = report.sides
    # status quo (19/20, 3/5) raised to the options (0, 13/20): the Nash split of 11/5 is (5/4, 19/20)
    assert (owner.payoffs["nash"], lab.payoffs["nash"]) == (Fraction(5, 4), Fraction(19, 20))
    assert "value" in lab.sensitivities  # symbolic problem: derivatives with respect to the parameters
    assert report.to_dict()["players"] == ["Owner", "Lab"]
    again = small.power_report(value=3)
    assert again.sides[1].payoffs["nash"] > lab.payoffs["nash"]


def test_power_report_game_path() -> None:
    text = SMALL.replace('feasible = "surplus"\nsurplus = "value"\n', 'feasible = "game"\n')
    s = loads_scenario(text)
    with pytest.raises(NotApplicableError, match="feasible = 'surplus'"):
        s.symbolic_bargaining_problem()
    problem = s.bargaining_problem()
    assert problem.kind == "polygon" and problem.players == ("Owner", "Lab")
    report = s.power_report()
    assert report.players == ("Owner", "Lab")
    assert report.sides[0].payoffs["nash"] == nash_payoff_of(problem)[0]


def nash_payoff_of(problem: object) -> tuple[object, object]:
    from negotiation.bargaining import nash_bargaining_solution

    return tuple(nash_bargaining_solution(problem).payoffs)  # type: ignore[arg-type,return-value]

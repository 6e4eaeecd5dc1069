"""The analysis pipeline on bundled scenarios: metadata, parameters, bargaining, power, provenance."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path

import pytest

from negotiation.analysis import analyze
from negotiation.errors import ScenarioError
from negotiation.numeric import format_number
from negotiation.report.render import render_json
from negotiation.scenarios import list_scenarios, load_scenario


@pytest.fixture(scope="module")
def holdup():
    return analyze("repricing_holdup")


def test_every_bundled_scenario_analyses():
    for name, title in list_scenarios():
        scenario = load_scenario(name)
        a = analyze(scenario, dominance="pure", bargaining=scenario.name != "compute_deal")  # compute_deal: below
        assert a.title == title
        assert a.scenario.sha256 == scenario.sha256
        for e in a.equilibria:  # the definition is the oracle
            assert a.game.is_equilibrium(e.strategies), (name, e)
        if scenario.negotiation is None:
            assert a.power is None and any("[negotiation]" in n for n in a.notes)


@pytest.mark.slow
def test_compute_deal_full_analysis():
    a = analyze("compute_deal")
    assert a.scenario.name == "compute_deal"
    assert a.problem is not None and a.power is not None
    assert set(a.bargaining) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert a.equilibria.is_complete
    for e in a.equilibria:
        assert a.game.is_equilibrium(e.strategies)
    # the reported price of $1.25B a month is the default
    assert a.parameter_values["price"] == Fraction(5, 4)
    data = a.to_dict()
    assert data["power_report"]["verdict"] == a.power.verdict
    json.dumps(data, allow_nan=False)


def test_parameters_record_defaults_and_overrides():
    scenario = load_scenario("prisoners_dilemma")
    name, spec = next(iter(scenario.parameters.items()))
    new = spec.low if spec.low is not None and spec.low != spec.default else spec.default + Fraction(1, 4)
    a = analyze(scenario, overrides={name: str(new)})
    p = a.parameters[0]
    assert (p.name, p.value, p.default, p.overridden) == (name, new, spec.default, True)
    assert all(not q.overridden for q in a.parameters[1:])
    d = a.to_dict()
    assert d["parameters"][name]["value"] == format_number(new)
    assert d["provenance"]["options"]["overrides"] == {name: d["parameters"][name]["value"]}
    assert a.game == scenario.game(**{name: new})


def test_out_of_range_override_is_a_scenario_error():
    scenario = load_scenario("prisoners_dilemma")
    name, spec = next((k, p) for k, p in scenario.parameters.items() if p.high is not None)
    with pytest.raises(ScenarioError, match=name):
        analyze(scenario, overrides={name: spec.high + 1})
    with pytest.raises(ScenarioError, match="no_such"):
        analyze(scenario, overrides={"no_such": 1})


def test_provenance_has_the_file_hash(holdup):
    scenario = load_scenario("repricing_holdup")
    digest = hashlib.sha256(Path(scenario.path).read_bytes()).hexdigest()
    prov = holdup.to_dict()["provenance"]
    assert prov["scenario"] == {"name": "repricing_holdup", "file": "repricing_holdup.toml", "sha256": digest}
    assert set(prov["parameters"]) == set(scenario.parameters)
    assert prov["methods"]["equilibria"]["method"] == holdup.equilibria.method
    assert prov["methods"]["equilibria"]["requested"] == "auto"
    # every concept the report shows, the power report's additions included (review 4, finding 19)
    assert prov["methods"]["bargaining"] == [*holdup.bargaining, "rubinstein"]
    assert prov["methods"]["bargaining_arithmetic"] == "exact"
    assert prov["methods"]["power_report"] is True
    assert "/" not in prov["scenario"]["file"]  # no machine-specific paths


def test_json_is_stable(holdup):
    again = analyze("repricing_holdup")
    assert render_json(holdup) == render_json(again)
    data = json.loads(render_json(holdup))
    assert list(data) == [
        "format", "title", "scenario", "parameters", "game", "equilibria", "pure_search", "dominance", "bargaining",
        "power_report", "threat_checks", "market", "caveats", "notes", "provenance",
    ]
    assert data["format"] == "negotiation.analysis/2"
    # exact numbers as "p/q" text
    assert data["parameters"]["price"]["value"] == "5/4"


def test_bargaining_solutions_are_on_the_problem(holdup):
    for concept, sol in holdup.bargaining.items():
        assert sol.concept == concept
        d = holdup.problem.disagreement
        assert all(u >= di for u, di in zip(sol.payoffs, d, strict=True))


def test_bargaining_off():
    a = analyze("stag_hunt", bargaining=False)
    assert a.problem is None and a.power is None and not a.bargaining
    assert a.to_dict()["bargaining"] is None


def test_nothing_to_bargain_over_is_a_note(monkeypatch):
    from negotiation.errors import BargainingError
    from negotiation.scenarios import Scenario

    def no_deal(self, **overrides):
        raise BargainingError("nothing to bargain over: the disagreement point is on the frontier")

    monkeypatch.setattr(Scenario, "bargaining_problem", no_deal)
    a = analyze("repricing_holdup")
    assert a.problem is None and a.power is None
    assert any("nothing to bargain over" in n for n in a.notes)

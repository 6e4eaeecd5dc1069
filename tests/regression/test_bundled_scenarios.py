"""Every bundled scenario: it loads, instantiates, and gives the pinned equilibria and bargaining numbers.

The pinned equilibrium sets are the extreme equilibria of each game at its defaults, exact. They
were computed with the package's vertex enumeration and agree with Gambit's ``enummixed``
(checked again below when pygambit is installed); each pinned profile is also checked against
the definition (no profitable deviation) without any solver. The economic claims made in the
scenarios' ``assumptions`` paragraphs are checked here too, from the payoffs.
"""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import pytest

from negotiation import nash_equilibria
from negotiation.bargaining import (
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
)
from negotiation.errors import DegenerateGameWarning
from negotiation.scenarios import list_scenarios, load_scenario
from negotiation.scenarios.catalog import bundled_names

F = Fraction

# name -> (degenerate, extreme equilibria in canonical order, components as equilibrium indices)
EQUILIBRIA: dict[str, tuple[bool, list[tuple[tuple[str, ...], ...]], list[tuple[int, ...]]]] = {
    "battle_of_the_sexes": (
        False,
        [(("1", "0"), ("1", "0")), (("2/3", "1/3"), ("1/3", "2/3")), (("0", "1"), ("0", "1"))],
        [(0,), (1,), (2,)],
    ),
    "chicken": (
        False,
        [(("1", "0"), ("0", "1")), (("9/10", "1/10"), ("9/10", "1/10")), (("0", "1"), ("1", "0"))],
        [(0,), (1,), (2,)],
    ),
    "compute_deal": (
        True,
        [
            (("1", "0", "0", "0", "0"), ("0", "1", "0")),
            (("0", "0", "0", "0", "1"), ("3/10", "0", "7/10")),
            (("0", "0", "0", "0", "1"), ("0", "3/5", "2/5")),
            (("0", "0", "0", "0", "1"), ("0", "0", "1")),
        ],
        [(0,), (1, 2, 3)],
    ),
    "compute_market": (
        False,
        [
            (("1", "0", "0"), ("0", "0", "1")),
            (("5/8", "0", "3/8"), ("0", "2/5", "3/5")),
            (("0", "0", "1"), ("1", "0", "0")),
        ],
        [(0,), (1,), (2,)],
    ),
    "divide_the_dollar": (
        False,
        [
            (("1", "0", "0"), ("0", "0", "1")),
            (("2/3", "1/3", "0"), ("0", "1/2", "1/2")),
            (("1/3", "1/6", "1/2"), ("1/3", "1/6", "1/2")),
            (("1/3", "0", "2/3"), ("1/3", "0", "2/3")),
            (("0", "1", "0"), ("0", "1", "0")),
            (("0", "1/2", "1/2"), ("2/3", "1/3", "0")),
            (("0", "0", "1"), ("1", "0", "0")),
        ],
        [(0,), (1,), (2,), (3,), (4,), (5,), (6,)],
    ),
    "information_leak": (False, [(("0", "1", "0"), ("0", "1"))], [(0,)]),
    "matching_pennies": (False, [(("1/2", "1/2"), ("1/2", "1/2"))], [(0,)]),
    "prisoners_dilemma": (False, [(("0", "1"), ("0", "1"))], [(0,)]),
    "repricing_holdup": (
        True,
        [
            (("4/9", "5/9", "0"), ("1", "0", "0")),
            (("0", "1", "0"), ("1", "0", "0")),
            (("0", "0", "1"), ("17/22", "0", "5/22")),
            (("0", "0", "1"), ("1/3", "2/3", "0")),
            (("0", "0", "1"), ("0", "1", "0")),
            (("0", "0", "1"), ("0", "0", "1")),
        ],
        [(0, 1), (2, 3, 4, 5)],
    ),
    "stag_hunt": (
        False,
        [(("1", "0"), ("1", "0")), (("3/4", "1/4"), ("3/4", "1/4")), (("0", "1"), ("0", "1"))],
        [(0,), (1,), (2,)],
    ),
    "ultimatum": (
        True,
        [
            (("1", "0", "0"), ("1", "0", "0", "0")),
            (("0", "1", "0"), ("7/9", "2/9", "0", "0")),
            (("0", "1", "0"), ("0", "1", "0", "0")),
            (("0", "0", "1"), ("5/9", "10/63", "2/7", "0")),
            (("0", "0", "1"), ("5/9", "0", "4/9", "0")),
            (("0", "0", "1"), ("0", "5/7", "2/7", "0")),
            (("0", "0", "1"), ("0", "0", "1", "0")),
        ],
        [(0,), (1, 2), (3, 4, 5, 6)],
    ),
}

# name -> Nash, Kalai-Smorodinsky and egalitarian payoffs (parties' order) of bargaining_problem()
BARGAINING: dict[str, dict[str, tuple[Fraction, Fraction]]] = {
    "battle_of_the_sexes": {"nash": (F(3, 2), F(3, 2)), "ks": (F(3, 2), F(3, 2)), "egalitarian": (F(3, 2), F(3, 2))},
    "chicken": {"nash": (F(0), F(0)), "ks": (F(0), F(0)), "egalitarian": (F(0), F(0))},
    "compute_deal": {"nash": (F(19, 20), F(5, 4)), "ks": (F(19, 20), F(5, 4)), "egalitarian": (F(19, 20), F(5, 4))},
    "divide_the_dollar": {"nash": (F(1, 2), F(1, 2)), "ks": (F(1, 2), F(1, 2)), "egalitarian": (F(1, 2), F(1, 2))},
    "information_leak": {
        "nash": (F(19, 20), F(5, 4)),
        "ks": (F(4667, 5480), F(142929, 109600)),
        "egalitarian": (F(569, 620), F(393, 310)),
    },
    "prisoners_dilemma": {"nash": (F(3), F(3)), "ks": (F(3), F(3)), "egalitarian": (F(3), F(3))},
    "repricing_holdup": {"nash": (F(7, 8), F(49, 40)), "ks": (F(7, 8), F(49, 40)), "egalitarian": (F(7, 8), F(49, 40))},
    "stag_hunt": {"nash": (F(4), F(4)), "ks": (F(4), F(4)), "egalitarian": (F(4), F(4))},
    "ultimatum": {"nash": (F(5), F(5)), "ks": (F(5), F(5)), "egalitarian": (F(5), F(5))},
}

COMPUTE = {"compute_deal", "repricing_holdup", "compute_market", "information_leak"}
TEACHING = {"prisoners_dilemma", "battle_of_the_sexes", "chicken", "stag_hunt", "matching_pennies", "ultimatum",
            "divide_the_dollar"}


def _solve(name: str):  # noqa: ANN202
    game = load_scenario(name).game()
    degenerate = EQUILIBRIA[name][0]
    if degenerate:
        with pytest.warns(DegenerateGameWarning):
            return game, nash_equilibria(game)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateGameWarning)
        return game, nash_equilibria(game)


def test_the_catalog_is_complete() -> None:
    assert set(bundled_names()) == COMPUTE | TEACHING
    assert set(EQUILIBRIA) == COMPUTE | TEACHING
    assert [n for n, _ in list_scenarios()] == sorted(COMPUTE | TEACHING)


@pytest.mark.parametrize("name", sorted(COMPUTE | TEACHING))
def test_loads_with_metadata_and_instantiates(name: str) -> None:
    s = load_scenario(name)
    assert s.name == name
    assert s.title and s.description.strip() and s.license and len(s.assumptions) > 100
    assert s.sources, "every bundled scenario cites its sources"
    ids = {src.id for src in s.sources}
    for pname, p in s.parameters.items():
        assert p.source in ids, f"{name}: parameter {pname} has no source"
        assert p.description and p.unit
        assert p.low is not None and p.high is not None
    g = s.game()
    assert g.is_exact and g.players == s.player_names and g.actions == s.actions
    # every parameter at either end of its range still gives a valid game
    for pname, p in s.parameters.items():
        s.game(**{pname: p.low})
        s.game(**{pname: p.high})


@pytest.mark.parametrize("name", sorted(EQUILIBRIA))
def test_pinned_equilibria(name: str) -> None:
    degenerate, expected, components = EQUILIBRIA[name]
    game, result = _solve(name)
    assert result.status.value == "complete"
    assert result.arithmetic == "exact"
    assert bool(result.degenerate) is degenerate
    got = [tuple(tuple(str(p) for p in s) for s in e.strategies) for e in result]
    assert got == expected
    assert [c.equilibria for c in result.components] == components
    for profile in expected:  # the definition, without the solver
        strategies = [[Fraction(p) for p in s] for s in profile]
        assert game.is_equilibrium(strategies)
        assert game.max_regret(strategies) == 0


@pytest.mark.parametrize("name", sorted(EQUILIBRIA))
def test_pinned_equilibria_agree_with_gambit(name: str) -> None:
    gbt = pytest.importorskip("pygambit")
    game = load_scenario(name).game()
    A, B = game.bimatrix()
    g = gbt.Game.from_arrays([[Fraction(x) for x in row] for row in A.tolist()],
                             [[Fraction(x) for x in row] for row in B.tolist()])
    found = set()
    for prof in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        found.add(tuple(tuple(str(Fraction(str(prof[st]))) for st in p.strategies) for p in g.players))
    assert found == set(EQUILIBRIA[name][1])


@pytest.mark.parametrize("name", sorted(BARGAINING))
def test_pinned_bargaining_solutions(name: str) -> None:
    problem = load_scenario(name).bargaining_problem()
    expected = BARGAINING[name]
    assert tuple(nash_bargaining_solution(problem).payoffs) == expected["nash"]
    assert tuple(kalai_smorodinsky_solution(problem).payoffs) == expected["ks"]
    assert tuple(egalitarian_solution(problem).payoffs) == expected["egalitarian"]


def test_scenarios_without_negotiation() -> None:
    assert load_scenario("matching_pennies").negotiation is None
    assert load_scenario("compute_market").negotiation is None


# ------------------------------------------------------------------ the claims in the assumptions paragraphs
def test_compute_deal_nash_price_is_the_reported_price() -> None:
    s = load_scenario("compute_deal")
    problem = s.bargaining_problem()
    assert problem.disagreement == (F(13, 20), F(19, 20))  # lab's best alternative (build) and owner's own use
    lab, owner = nash_bargaining_solution(problem).payoffs
    assert s.values()["lab_value"] - lab == F(5, 4)  # the price the lab pays
    assert owner == F(5, 4)


def test_compute_deal_equilibrium_story() -> None:
    s = load_scenario("compute_deal")
    g = s.game()
    # the lab signs the exclusive tier and the owner reprices
    assert g.payoff(["Exclusive", "Reprice"]) == (F(17, 20), F(27, 20))
    # pulling is not credible against a signed lab: repricing pays the owner more
    for lab in ("Exclusive", "Accept", "MultiSource"):
        assert g.payoff([lab, "Reprice"])[1] > g.payoff([lab, "Pull"])[1]
    # ... unless its own use of the capacity is worth enough: then it pulls and the lab builds its own
    high = s.game(owner_use_value="2.1")
    assert high.payoff(["Exclusive", "Pull"])[1] > high.payoff(["Exclusive", "Reprice"])[1]
    result = nash_equilibria(high, "pure")
    assert [e.supports for e in result] == [(("BuildOwn",), ("Pull",))]
    # the exclusive tier survives repricing up to a markup of 17/45 (about 38%); beyond it the lab builds its own
    at = s.game(reprice_markup=F(17, 45))
    assert at.payoff(["Exclusive", "Reprice"])[0] == at.payoff(["BuildOwn", "Reprice"])[0]
    above = nash_equilibria(s.game(reprice_markup="0.4"), "pure")
    assert len(above) == 2 and all(e.supports[0] == ("BuildOwn",) for e in above)


def test_compute_deal_multi_sourcing_pays_against_a_moderate_pull_risk() -> None:
    g = load_scenario("compute_deal").game()

    def best(pull: Fraction) -> set[str]:  # best replies to "reprice, or pull with probability `pull`"
        u = g.action_payoffs([0, [0, 1 - pull, pull]], "Lab")
        top = max(u)
        return {g.actions[0][k] for k, v in enumerate(u) if v == top}

    assert best(F(1, 10)) == {"Exclusive"}
    assert best(F(6, 47)) == {"Exclusive", "MultiSource"}
    assert best(F(1, 4)) == {"MultiSource"}
    assert best(F(2, 5)) == {"MultiSource", "BuildOwn"}
    assert best(F(1, 2)) == {"BuildOwn"}
    # ... yet the owner reprices a multi-sourcing lab, so multi-sourcing is in no equilibrium
    assert g.payoff(["MultiSource", "Reprice"])[1] > max(g.payoff(["MultiSource", a])[1] for a in ("Hold", "Pull"))


def test_repricing_holdup_price_lock_threshold() -> None:
    s = load_scenario("repricing_holdup")

    def commit_pays(lock: str) -> int:  # backward induction on the strategic form's payoffs
        g = s.game(price_lock=lock)
        accept = g.payoff(["CommitAccept", "Reprice"])[0]
        switch = g.payoff(["CommitSwitch", "Reprice"])[0]
        decline = g.payoff(["Decline", "Reprice"])[0]
        assert accept > switch  # once committed, the lab accepts a repricing
        return (max(accept, switch) > decline) - (max(accept, switch) < decline)

    assert commit_pays("0.3") == -1
    assert commit_pays("1/3") == 0
    assert commit_pays("0.34") == 1
    # the strategic form's equilibrium (CommitSwitch, Hold) rests on the non-credible switch
    g = s.game()
    assert g.is_equilibrium([[0, 1, 0], [1, 0, 0]])
    assert g.payoff(["CommitAccept", "Reprice"])[0] > g.payoff(["CommitSwitch", "Reprice"])[0]


def test_repricing_holdup_threat_and_termination_fee() -> None:
    s = load_scenario("repricing_holdup")
    nv = s.negotiation_values()
    assert nv["threat"] == {"Owner": (F(-1, 4), F(3, 5))}
    lab_fee, owner_fee = s.negotiation_values(termination_fee=1)["threat"]["Owner"]
    assert (lab_fee, owner_fee) == (F(1, 2), F(-3, 20))
    f0, f1 = nv["discount_factors"]
    assert f0 == pytest.approx(0.951229424500714) and f1 == pytest.approx(0.9793821813312401)


def test_information_leak_structure() -> None:
    s = load_scenario("information_leak")
    assert [e.supports for e in nash_equilibria(s.game(), "pure")] == [(("Obfuscate",), ("Observe",))]
    risky = s.game(observe_cost="0.13")
    assert len(nash_equilibria(risky, "pure")) == 0  # no pure equilibrium: both randomize
    eq = nash_equilibria(risky)
    assert len(eq) == 1 and not eq[0].is_pure


def test_compute_market_efficient_assignment_is_the_reported_deal() -> None:
    s = load_scenario("compute_market")
    values = s.market_values()
    m = s.market
    assert m is not None
    best = []
    for sellers in itertools.permutations(m.sellers):
        total = sum(values[(b, sl)] for b, sl in zip(m.buyers, sellers, strict=True))
        best.append((total, sellers))
    best.sort(reverse=True)
    top_total, top = best[0]
    assert top_total == F(17, 10)
    assert best[1][0] < top_total  # unique
    assert dict(zip(m.buyers, top, strict=True))["LabA"] == "RivalCluster"
    assert dict(zip(m.buyers, top, strict=True))["LabB"] == "HyperscalerA"


def test_teaching_claims() -> None:
    chicken = nash_equilibria(load_scenario("chicken").game())
    mixed = [e for e in chicken if not e.is_pure][0]
    p = mixed.strategies[0][1] * mixed.strategies[1][1]
    assert p == F(1, 100)  # crash probability
    ultimatum = load_scenario("ultimatum")
    envious = ultimatum.game(envy="0.2")
    assert envious.payoff(["Low", "AcceptAny"])[1] < 0  # the low offer is worse than rejecting
    low = [e for e in nash_equilibria(envious, "pure") if e.supports[0] == ("Low",)]
    assert low and all(e.payoffs == (0, 0) for e in low)  # a low offer is only ever rejected
    dtd = load_scenario("divide_the_dollar").game(high="0.5")
    assert dtd.payoff(["Half", "High"]) == (F(1, 2), F(1, 2))  # demands that fit exactly pay out


# ------------------------------------------------------------------ power reports
@pytest.mark.parametrize("name", sorted(BARGAINING))
def test_every_negotiation_has_a_power_report(name: str) -> None:
    import json

    report = load_scenario(name).power_report()
    assert report.players == load_scenario(name).negotiation.parties  # type: ignore[union-attr]
    json.dumps(report.to_dict())
    assert report.verdict and report.to_text().startswith("Power report")
    nash = BARGAINING[name]["nash"]
    assert tuple(side.payoffs["nash"] for side in report.sides) == nash


def test_compute_deal_power_report() -> None:
    report = load_scenario("compute_deal").power_report()
    lab, owner = report.sides
    assert report.leader == 1 and report.margin == F(3, 44)  # the owner: 25/44 = 56.8% of the surplus
    assert (lab.shares["nash"], owner.shares["nash"]) == (F(19, 44), F(25, 44))
    # Rubinstein with the owner proposing, delta = (0.95, 0.98), from the status quo (13/20, 19/20)
    assert (lab.payoffs["rubinstein"], owner.payoffs["rubinstein"]) == (F(75, 92), F(637, 460))
    # the pull-out threat: from (-3/20, 3/5) the Nash share of the lab falls from 19/44 to 29/88
    assert lab.threat_loss == F(9, 88)
    # the lab's share moves with its build-out cost (its best alternative) but not with the hyperscaler's
    assert lab.sensitivities["build_cost"] < 0 and lab.sensitivities["hyperscaler_price"] == 0
    assert report.verdict.startswith("Owner holds the table")


def test_repricing_holdup_power_report() -> None:
    report = load_scenario("repricing_holdup").power_report()
    lab, owner = report.sides
    assert (lab.shares["nash"], owner.shares["nash"]) == (F(5, 12), F(7, 12))
    assert lab.threat_loss == F(5, 42)
    # Rubinstein with delta_i = exp(-r_i / 12): floats
    assert lab.payoffs["rubinstein"] == pytest.approx(0.7577405954833746, rel=1e-9)
    # a larger termination fee protects the lab against the pull-out threat
    assert load_scenario("repricing_holdup").power_report(termination_fee="0.5").sides[0].threat_loss < F(5, 42)


def test_divide_the_dollar_rubinstein_share() -> None:
    report = load_scenario("divide_the_dollar").power_report()
    assert report.sides[0].payoffs["rubinstein"] == F(10, 19)
    assert report.sides[1].payoffs["rubinstein"] == F(9, 19)


# ------------------------------------------------------------------ what the reports say (review 4)
SEQUENTIAL = {"ultimatum", "repricing_holdup"}


@pytest.mark.parametrize("name", sorted(EQUILIBRIA))
def test_report_describes_the_equilibrium_set_as_computed(name: str) -> None:
    from negotiation.analysis import analyze
    from negotiation.report.render import render

    a = analyze(name, bargaining=False)
    text = " ".join(render(a, "text").split())
    degenerate, expected, components = EQUILIBRIA[name]
    continua = [c for c in components if len(c) > 1]
    isolated = len(components) - len(continua)
    if continua:
        assert f"{len(expected)} extreme Nash equilibria (every extreme equilibrium and every component" in text
        assert "the complete set" not in text
        structure = f"{len(continua)} {'continuum' if len(continua) == 1 else 'continua'}"
        if isolated:
            structure = f"{isolated} isolated equilibri{'um' if isolated == 1 else 'a'} plus {structure}"
        assert f"the equilibrium set is {structure}" in text
    else:
        word = "equilibrium" if len(expected) == 1 else "equilibria"
        assert f"{len(expected)} Nash {word} (the complete set; " in text
    assert ("sequential but given in strategic form" in text) == (name in SEQUENTIAL)
    assert load_scenario(name).sequential == (name in SEQUENTIAL)


@pytest.mark.parametrize("name", ["compute_deal", "repricing_holdup"])
def test_pull_out_threats_are_not_credible_at_the_defaults(name: str) -> None:
    from negotiation.analysis import threat_checks

    s = load_scenario(name)
    g = s.game()
    (check,) = threat_checks(s, g, {})
    assert check.threatener == "Owner" and check.verdict == "not_credible"
    for profile in check.profiles:  # the definition: Pull is not a best reply of the owner there
        lab = profile[0]
        owner = {o: g.payoff([lab, o])[1] for o in g.actions[1]}
        assert profile[1] == "Pull" and owner["Pull"] < max(owner.values())
    # a high enough own use, no fee and no penalty make pulling the owner's best reply to a committed lab
    values = {"owner_use_value": "2.1", "termination_fee": "0", "pull_penalty": "0"}
    (check,) = threat_checks(s, s.game(**values), values)
    assert check.verdict == "credible"

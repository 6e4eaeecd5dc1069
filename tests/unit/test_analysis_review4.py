"""What ``negotiation analyze`` says, after review 4: never more than was computed.

The reviewer's scenarios are in ``tests/data/review4``. Every equilibrium number was right; these
tests pin how the report describes the results: extreme equilibria and continua of degenerate
games, what is known about pure equilibria, dominance rounds and float tolerances, threat
credibility, sequential games, the solver that produced the result, number display, bargaining
caveats, the [market] section and Markdown escaping. Oracles are the definitions (best replies,
no profitable deviation, brute force over assignments), not the code under test.
"""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.analysis import analyze, efficient_assignment, threat_checks
from negotiation.errors import ScenarioError
from negotiation.report.render import render
from negotiation.report.tables import MD_SPECIAL, md_escape, md_paragraph
from negotiation.scenarios import load_scenario, loads_scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "review4"
F = Fraction


def brief(text: str) -> str:
    """The "In brief" section of a text report, on one line (without the first bullet's dash)."""
    body = text.split("In brief\n--------\n\n", 1)[1].split("\n\n", 1)[0]
    return " ".join(body.split()).removeprefix("- ")


def section(text: str, title: str) -> str:
    """A section of a text report (from its heading to the next heading), on one line."""
    start = text.index(f"\n{title}\n" + "-" * len(title) + "\n")
    rest = text[start + 2 * len(title) + 3:]
    end = re.search(r"\n\n[^\n]+\n-+\n", rest)
    return " ".join((rest[: end.start()] if end else rest).split())


def pure_equilibria_by_definition(game: NormalFormGame) -> set[tuple[int, ...]]:
    """Every pure profile where no player gains by a unilateral deviation (the oracle)."""
    out = set()
    for idx in itertools.product(*(range(k) for k in game.shape)):
        ok = True
        for i in range(game.n_players):
            own = game.payoffs[(i, *idx[:i], slice(None), *idx[i + 1:])]
            if own[idx[i]] < max(own):
                ok = False
                break
        if ok:
            out.add(idx)
    return out


def cells(eqs) -> set[tuple[int, ...]]:  # noqa: ANN001
    return {tuple(int(np.argmax([float(p) for p in s])) for s in e.strategies) for e in eqs}


# ---------------------------------------------------------------------- finding 1: degenerate games
@pytest.mark.parametrize(
    ("scenario", "n", "structure"),
    [
        ("compute_deal", 4, "1 isolated equilibrium plus 1 continuum"),
        ("ultimatum", 7, "1 isolated equilibrium plus 2 continua"),
        ("repricing_holdup", 6, "2 continua"),
        (str(DATA / "zero_sum_many_optima.toml"), 2, "1 continuum"),
    ],
)
def test_degenerate_games_are_extreme_equilibria_plus_continua(scenario, n, structure):
    a = analyze(scenario, bargaining=False)
    comps = [c for c in a.equilibria.components if not c.is_singleton]
    assert a.equilibria.is_complete and comps  # a continuum: infinitely many equilibria
    text = render(a, "text")
    line = brief(text)
    assert line.startswith(f"{n} extreme Nash equilibria (every extreme equilibrium and every component is listed")
    assert f"the equilibrium set is {structure}" in line
    assert "the complete set" not in text and "every equilibrium is listed" not in text
    eq = section(text, "Nash equilibria")
    assert eq.startswith(f"{n} extreme equilibria by vertex enumeration")
    assert "so it has infinitely many equilibria" in eq
    # the continuum is real: a midpoint of two extreme equilibria of a clique is an equilibrium
    clique = next(q for c in comps for q in c.cliques if len(q) > 1)
    x, y = (a.equilibria[k] for k in clique[:2])
    mid = [[(p + q) / 2 for p, q in zip(s, t, strict=True)] for s, t in zip(x.strategies, y.strategies, strict=True)]
    assert a.game.max_regret(mid) == 0


def test_finite_complete_sets_keep_their_wording():
    a = analyze("battle_of_the_sexes", bargaining=False)
    line = brief(render(a, "text"))
    assert line.startswith("3 Nash equilibria (the complete set; 2 pure); pure:")
    assert "every equilibrium is listed. No degeneracy was found" in render(a, "text").replace("\n", " ")


# ---------------------------------------------------------------------- findings 8 and 9: pure equilibria
def test_lemke_howson_on_a_large_game_states_the_searched_pure_equilibria():
    rng = np.random.default_rng(4)
    A, B = rng.integers(0, 100, (21, 20)), rng.integers(0, 100, (21, 20))
    A[3, 0], B[3, 0] = 200, 200  # a pure equilibrium that Lemke-Howson from label 0 need not find
    game = NormalFormGame.from_bimatrix(A, B)
    a = analyze(game, dominance="none")
    assert a.equilibria.method == "lemke_howson" and not a.equilibria.is_complete
    expected = pure_equilibria_by_definition(game)
    assert (3, 0) in expected
    assert a.pure_search is not None and cells(a.pure_equilibria) == expected
    line = brief(render(a, "text"))
    assert "found by Lemke–Howson (not proven complete: others may exist)" in line
    k = len(expected)
    assert f"a search of all 420 pure profiles found {k} pure equilibri" in line
    assert not re.search(r"\b0 pure", line)
    data = json.loads(render(a, "json"))
    assert data["provenance"]["methods"]["pure_search"]["method"] == "pure"
    assert len(data["pure_search"]["equilibria"]) == k


def test_lemke_howson_on_compute_deal_counts_both_pure_equilibria():
    a = analyze("compute_deal", method="lemke_howson", bargaining=False)
    assert len(a.equilibria) == 1
    assert cells(a.pure_equilibria) == pure_equilibria_by_definition(a.game) == {(0, 1), (4, 2)}
    text = render(a, "text")
    assert "found 2 pure equilibria: (Exclusive, Reprice), (BuildOwn, Pull)" in " ".join(text.split())
    table = section(text, "Payoff table")
    assert table.count(" *") - table.count("* marks") == 2  # both marked, not just the one found


def test_complete_results_need_no_separate_pure_search():
    assert analyze("compute_deal", bargaining=False).pure_search is None
    assert analyze("prisoners_dilemma", method="pure", bargaining=False).pure_search is None


def test_pure_search_limit_is_said(monkeypatch):
    import negotiation.analysis as module

    monkeypatch.setattr(module, "PURE_SEARCH_LIMIT", 10)
    a = analyze("compute_deal", method="lemke_howson", bargaining=False)
    assert a.pure_search is None and a.pure_equilibria is None
    assert any("pure equilibria were not searched separately" in n for n in a.notes)
    text = render(a, "text")
    assert "pure equilibria were not searched" in brief(text)
    assert "others were not searched" in section(text, "Payoff table")


@pytest.mark.parametrize(("scenario", "players"), [(str(DATA / "three_nopure.toml"), 3), ("matching_pennies", 2)])
def test_no_pure_equilibrium_is_said_with_nash_and_the_solver_notes(scenario, players):
    a = analyze(scenario, method="pure", bargaining=False)
    assert len(a.equilibria) == 0 and pure_equilibria_by_definition(a.game) == set()
    text = render(a, "text")
    line = brief(text)
    assert line.startswith(f"No pure-strategy Nash equilibrium: all {2 ** players} pure profiles were searched.")
    assert "A mixed equilibrium exists (Nash 1951) but mixed equilibria were not searched" in line
    assert "0 Nash equilibria" not in text and "0 pure" not in text
    eq = section(text, "Nash equilibria")
    assert "the game has no pure-strategy Nash equilibrium" in eq and "Nash's theorem (1951)" in eq
    assert "Solver note: all pure-strategy equilibria; mixed equilibria are not searched" in eq
    md = render(a, "markdown")
    assert "- Solver note: all pure-strategy equilibria; mixed equilibria are not searched" in md


def test_auto_on_three_players_is_the_pure_search():
    a = analyze(str(DATA / "three_nopure.toml"), bargaining=False)
    assert a.equilibria.method == "pure"
    assert brief(render(a, "text")).startswith("No pure-strategy Nash equilibrium")


# ---------------------------------------------------------------------- findings 12 and 13: dominance
def test_dominance_distinguishes_the_original_game_from_later_rounds():
    a = analyze("information_leak", bargaining=False)
    g = a.game
    # the oracle: FullScale is the Lab's best reply to Respect in the original game, so it is not
    # dominated there; Partition is dominated by Obfuscate from the start
    respect = g.action_payoffs([0, [1, 0]], "Lab")
    assert respect[0] == max(respect)
    assert all(g.payoff(["Obfuscate", o])[0] > g.payoff(["Partition", o])[0] for o in ("Respect", "Observe"))
    rounds = {(s.player, s.action): s.round for s in a.dominance.steps}
    assert rounds == {("Lab", "Partition"): 1, ("Owner", "Respect"): 2, ("Lab", "FullScale"): 3}
    line = brief(render(a, "text"))
    assert "Strictly dominated in the game: Lab never plays Partition." in line
    assert "Removed only by iterated elimination, once dominated actions are gone: Owner's Respect (round 2), " \
           "Lab's FullScale (round 3)" in line
    assert "never plays Partition or FullScale" not in line
    assert "Round 1 removes the actions strictly dominated in the original game" in section(
        render(a, "text"), "Dominated strategies")


def test_float_dominance_states_its_tolerance():
    path = str(DATA / "bigsmall.toml")
    exact = analyze(path, overrides={"eps": "0.5"})
    assert [(s.player, s.action) for s in exact.dominance.steps] == [("Row", "C"), ("Col", "C")]
    assert exact.dominance_tolerance is None
    flt = analyze(path, overrides={"eps": "0.5"}, arithmetic="float")
    assert flt.dominance.steps == ()  # the edge 0.5 is below 1e-9 of the payoff range 1e9 + 0.5
    tol = flt.dominance_tolerance
    assert tol == pytest.approx(1e-9 * (1e9 + 0.5)) and tol > 0.5
    dom = section(render(flt, "text"), "Dominated strategies")
    assert "payoff differences up to ≈1, 1e-09 times the payoff range, count as ties" in dom
    assert "use exact arithmetic" in dom
    assert json.loads(render(flt, "json"))["dominance"]["absolute_tolerance"] == pytest.approx(tol)
    # with something eliminated, the tolerance is still stated, in brief too
    pd = analyze("prisoners_dilemma", arithmetic="float", bargaining=False)
    assert "(float arithmetic: payoff differences up to" in brief(render(pd, "text"))


# ---------------------------------------------------------------------- finding 4: threats
def test_compute_deal_threat_is_not_credible():
    a = analyze("compute_deal")
    (check,) = a.threat_checks
    assert (check.threatener, check.verdict, check.profiles) == ("Owner", "not_credible", (("Accept", "Pull"),))
    g = a.game  # the oracle: the owner's payoffs against a signed (Accept) lab
    owner = {o: g.payoff(["Accept", o])[1] for o in g.actions[1]}
    assert owner == {"Hold": F(5, 4), "Reprice": F(3, 2), "Pull": F(3, 5)}
    assert max(owner, key=owner.get) != "Pull"
    text = render(a, "text")
    assert "Caveat: Owner's threat is not credible in the game" in brief(text)
    assert "against Accept, Owner gets 0.6 from Pull but 1.5 from Reprice" in brief(text)
    power = section(text, "Power report: who holds the table")
    assert "Nash share lost to the threat, if carried out" in power
    assert "Threat check: Owner's threat is not credible" in power
    assert "Owner's threat is not credible" in render(a, "markdown")
    assert json.loads(render(a, "json"))["threat_checks"][0]["verdict"] == "not_credible"


def test_threat_verdicts_follow_the_game():
    path = DATA / "threats.toml"
    scenario = load_scenario(path)
    low = {c.threatener: c for c in threat_checks(scenario, scenario.game(), {})}
    assert low["Owner"].verdict == "not_credible"
    assert low["Lab"].verdict == "unchecked" and low["Lab"].profiles == ()  # (1/4, 1/4) is no profile's payoff
    assert "is the payoff of no profile of the game" in low["Lab"].summary
    high = {c.threatener: c for c in threat_checks(scenario, scenario.game(pull_gain=2), {"pull_gain": 2})}
    assert high["Owner"].verdict == "credible" and high["Owner"].profiles == (("Sign", "Pull"),)
    a = analyze(path, overrides={"pull_gain": 2})
    line = brief(render(a, "text"))
    assert "Owner's threat" not in line  # a credible threat needs no caveat ...
    assert "Lab's threat point (Lab 0.25, Owner 0.25) is the payoff of no profile" in line  # ... an unchecked one does
    assert "Threat check: Owner's threat passes the check" in section(render(a, "text"),
                                                                      "Power report: who holds the table")


def test_unnamed_threat_is_unchecked():
    text = (DATA / "threats.toml").read_text().replace(
        '[negotiation.threat]\nOwner = [-1, "pull_gain"]\nLab = ["1/4", "1/4"]\n', 'threat = [-1, "pull_gain"]\n'
    )
    scenario = loads_scenario(text)
    (check,) = threat_checks(scenario, scenario.game(), {})
    assert check.threatener is None and check.verdict == "unchecked"
    assert "does not name the threatening party" in check.summary


# ---------------------------------------------------------------------- finding 14: sequential games
def test_sequential_scenarios_carry_a_subgame_perfection_caveat():
    for name in ("ultimatum", "repricing_holdup"):
        a = analyze(name)
        assert load_scenario(name).sequential and a.scenario.sequential
        text = render(a, "text")
        assert "Caveat: The scenario's game is sequential but given in strategic form" in brief(text)
        assert "not subgame perfect" in brief(text)
        assert "(a sequential game given in strategic form)" in text
        assert json.loads(render(a, "json"))["scenario"]["sequential"] is True
    for name in ("prisoners_dilemma", "compute_deal"):
        assert not load_scenario(name).sequential
        assert "sequential" not in brief(render(analyze(name), "text"))


def test_sequential_must_be_a_boolean():
    text = (DATA / "zero_sum_many_optima.toml").read_text().replace(
        'title = "Zero-sum with many optima"', 'title = "Zero-sum with many optima"\nsequential = "yes"'
    )
    with pytest.raises(ScenarioError, match=r"scenario\.sequential.*true or false|true or false.*sequential"):
        loads_scenario(text)


# ---------------------------------------------------------------------- finding 15: the solver named
def test_support_enumeration_handover_names_vertex_enumeration():
    a = analyze("compute_deal", method="support_enumeration", bargaining=False)
    assert a.equilibria.method == "support_enumeration" and a.solved_by == "vertex_enumeration"
    text = render(a, "text")
    assert section(text, "Nash equilibria").startswith("4 extreme equilibria by vertex enumeration")
    assert "The method asked for, support enumeration, stopped on degeneracy" in text.replace("\n", " ")
    assert "method vertex_enumeration, exact (support_enumeration was asked for and handed over)" in " ".join(
        text.split())
    used = a.to_dict()["provenance"]["methods"]["equilibria"]
    assert (used["method"], used["requested"]) == ("vertex_enumeration", "support_enumeration")


# ---------------------------------------------------------------------- finding 16: numbers
def test_payoff_table_keeps_the_deciding_edge():
    path = str(DATA / "bigsmall.toml")
    table = section(render(analyze(path), "text"), "Payoff table")
    assert "1000000000.001" in table and "≈" not in table  # exact values, shown exactly
    flt = section(render(analyze(path, overrides={"eps": "0.5"}, arithmetic="float"), "text"), "Payoff table")
    assert "1000000000.5" in flt and "1000000000," in flt


def test_rounded_numbers_are_marked_and_exact_ones_are_not():
    a = analyze("repricing_holdup")
    rub = a.power.sides[0].payoffs["rubinstein"]
    assert isinstance(rub, float)
    outcomes = section(render(a, "text"), "Bargaining outcomes")
    assert "≈0.7577" in outcomes
    g = NormalFormGame.from_bimatrix([[F(1, 10**9), 0], [0, 1]], [[1, 0], [0, F(1, 10**9)]])
    text = render(analyze(g, dominance="none"), "text")
    table = section(text, "Payoff table")
    assert "1e-09, 1" in table and "≈" not in table  # exact 1/10**9, shown exactly
    # a mixed equilibrium's probability 1/(10**9 + 1) is not 1e-09: shown rounded, and marked
    assert "a0 ≈1e-09, a1 ≈1" in text


# ---------------------------------------------------------------------- finding 7: bargaining caveats
def test_bargaining_caveats_reach_text_and_markdown():
    a = analyze("information_leak", overrides={
        "price": "15/8", "obfuscated_exposure": "7/10", "obfuscation_cost": "1/20", "hyperscaler_price": "25/8",
        "owner_use_value": "3/5"})
    egal = a.power.solutions["egalitarian"]
    assert egal.pareto_optimal is False
    # the oracle: another feasible point (the Nash point here) is at least as good for both, better for one
    nash = a.power.solutions["nash"].payoffs
    assert nash[0] >= egal.payoffs[0] and nash[1] > egal.payoffs[1]
    for fmt in ("text", "markdown"):
        out = " ".join(render(a, fmt).split())
        assert re.search(r"Egalitarian \(Kalai 1977\) \\?\[(\w)\\?\]", out), fmt
        assert "Egalitarian (Kalai 1977): not Pareto optimal here" in out, fmt
        assert "only weakly Pareto optimal" in out


def test_utilitarian_tie_is_footnoted():
    text = " ".join(render(analyze("compute_deal"), "text").split())
    assert "Utilitarian [a]" in text
    assert "[a] Utilitarian: tie: every point of a frontier segment maximizes the sum" in text


# ---------------------------------------------------------------------- finding 17: market and coalitions
def test_market_section_shows_the_efficient_assignment():
    a = analyze("compute_market")
    m = a.market
    assert m is not None and m.total == F(17, 10) and m.unique
    assert {(b, s) for b, s, _ in m.assignment} == {("LabA", "RivalCluster"), ("LabB", "HyperscalerA")}
    market = section(render(a, "text"), "Market")
    assert "LabA with RivalCluster (1.1), LabB with HyperscalerA (0.6); total 1.7 (the only one)" in market
    assert "Left out: LabC, HyperscalerB" in market
    assert json.loads(render(a, "json"))["market"]["total"] == "17/10"


def test_market_beats_greedy_and_reports_ties_and_coalitions():
    path = DATA / "market_coalitions.toml"
    a = analyze(path)
    assert a.market.total == 4 and a.market.unique  # A-Y and B-X (2 + 2), not A-X alone (3)
    assert any("[coalitions] section is not analysed" in n for n in a.notes)
    tie = analyze(path, overrides={"v": 4}).market
    assert tie.total == 4 and tie.unique is False
    assert "(one of several with this total)" in section(render(analyze(path, overrides={"v": 4}), "text"), "Market")


@st.composite
def markets(draw):
    nb, ns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    buyers, sellers = tuple(f"b{i}" for i in range(nb)), tuple(f"s{j}" for j in range(ns))
    values = {}
    for b in buyers:
        for s in sellers:
            if draw(st.booleans()) or True:
                values[(b, s)] = F(draw(st.integers(-3, 6)), draw(st.integers(1, 3)))
    return values, buyers, sellers


def _brute_force(values, buyers, sellers):  # noqa: ANN001, ANN202
    best, count = F(0), 0
    k = min(len(buyers), len(sellers))
    totals = set()
    for r in range(k + 1):
        for bs in itertools.combinations(buyers, r):
            for ss in itertools.permutations(sellers, r):
                pairs = list(zip(bs, ss, strict=True))
                if all(values.get(p, 0) > 0 for p in pairs):
                    totals.add((sum((values[p] for p in pairs), F(0)), tuple(pairs)))
    best = max(t for t, _ in totals)
    count = sum(1 for t, _ in totals if t == best)
    return best, count


@given(markets())
@settings(max_examples=60, derandomize=True, deadline=None)
def test_efficient_assignment_against_brute_force(market):
    values, buyers, sellers = market
    pairs, total, unique = efficient_assignment(values, buyers, sellers)
    best, count = _brute_force(values, buyers, sellers)
    assert total == best and unique == (count == 1)
    assert sum((v for _, _, v in pairs), F(0)) == total
    assert len({b for b, _, _ in pairs}) == len(pairs) == len({s for _, s, _ in pairs})
    assert all(values[(b, s)] == v > 0 for b, s, v in pairs)


# ---------------------------------------------------------------------- finding 18: Markdown
def test_markdown_escapes_title_description_and_labels():
    md = render(analyze(str(DATA / "markdown_syntax.toml")), "markdown")
    assert md.startswith("# Pipes \\| and \\*stars\\* \\_under\\_\n")
    assert "A \\<b\\>bold\\</b\\> claim with \\| pipe and \\[a link\\](http://example.com)" in md
    assert "<b>" not in md
    assert "| Row\\|1 \\\\ Col\\_ |" in md
    assert "(A\\|B, \\`c\\`), (\\*x\\*, d\\\\e)" in md


_UNESCAPE = re.compile(r"\\(.)")


@given(st.text(alphabet=st.sampled_from(sorted(MD_SPECIAL) + list("ab #-1.) \n")), max_size=30))
@settings(max_examples=200, derandomize=True)
def test_md_escape_leaves_no_special_character_bare(text):
    for out in (md_escape(text), md_paragraph(text)):
        assert "\n" not in out
        assert not re.search(r"(?<!\\)(?:\\\\)*[" + re.escape("".join(sorted(MD_SPECIAL - {"\\"}))) + "]", out)
        assert _UNESCAPE.sub(r"\1", out) == text.replace("\n", " ").replace("\r", " ")


# ---------------------------------------------------------------------- findings 19 and 20
def test_float_does_not_reach_the_bargaining_and_says_so():
    a = analyze("compute_deal", arithmetic="float")
    assert a.equilibria.arithmetic == "float"
    assert a.to_dict()["provenance"]["methods"]["bargaining_arithmetic"] == "exact"
    assert "Float arithmetic applies to the equilibria and dominance only" in brief(render(a, "text"))
    assert "Float arithmetic applies" not in brief(render(analyze("compute_deal"), "text"))


def test_parity_row_is_not_called_an_outside_option():
    text = render(analyze("information_leak"), "text")
    power = section(text, "Power report: who holds the table")
    assert "disagreement payoff for parity" in power and "outside option for parity" not in power


# ---------------------------------------------------------------------- second review of session 4
def test_sequential_caveat_claims_no_more_than_was_computed():
    """'may include' non-subgame-perfect equilibria (nothing checks subgame perfection), and the bargaining
    clause only when bargaining is shown."""
    with_bargaining = analyze("ultimatum").caveats[0]
    without = analyze("ultimatum", bargaining=False).caveats[0]
    assert "may include ones that are not subgame perfect" in with_bargaining
    assert "subgame perfection is not checked here" in with_bargaining
    assert "[negotiation]" in with_bargaining and "[negotiation]" not in without
    assert load_scenario("ultimatum").to_dict()["sequential"] is True
    assert load_scenario("compute_deal").to_dict()["sequential"] is False


def test_threat_check_ignores_profiles_where_the_threatener_is_indifferent():
    """With no fee, penalty or disruption, the owner's threat point is also the payoff of every Hyperscaler
    profile, where the owner uses the capacity itself whatever its policy: its choice changes nothing there,
    so only (Accept, Pull) carries the threat out, and Pull is not a best reply to Accept."""
    params = {"termination_fee": 0, "pull_penalty": 0, "disruption_cost": 0}
    scenario = load_scenario("compute_deal")
    game = scenario.game(**params)
    (check,) = threat_checks(scenario, game, params)
    assert check.verdict == "not_credible" and check.profiles == (("Accept", "Pull"),)
    owner = game.players.index("Owner")
    skipped = 0
    for labels in itertools.product(*game.actions):  # the oracle: the skipped profiles are the indifferent ones
        idx = tuple(game.actions[k].index(a) for k, a in enumerate(labels))
        pays = tuple(game.payoffs[k][idx] for k in range(2))
        own = game.payoffs[(owner, *idx[:owner], slice(None), *idx[owner + 1:])]
        if pays == tuple(check.point) and labels not in check.profiles:
            assert len(set(own.tolist())) == 1
            skipped += 1
    assert skipped == 3  # the three Hyperscaler profiles


@pytest.mark.parametrize("text", ["---", "===", "- - -", "***", "___"])
def test_markdown_rule_and_setext_lines_stay_text(text):
    assert md_paragraph(text).startswith("\\")


def test_float_pure_search_states_the_regrets_it_tolerates():
    """bigsmall at eps=0.5 in floats: every profile is within the tolerance (1e-9 of a range of 1e9), so the
    pure search lists all four; the report says their regrets reach 0.5 and to use exact arithmetic."""
    for method in ("lemke_howson", "pure"):
        a = analyze(DATA / "bigsmall.toml", arithmetic="float", method=method, overrides={"eps": 0.5})
        text = " ".join(render(a, "text").split())
        assert "count as equilibria; the largest regret listed is 0.5: use exact arithmetic" in text
    exact = analyze(DATA / "bigsmall.toml", method="pure", overrides={"eps": F(1, 2)})
    assert "largest regret listed" not in render(exact, "text")

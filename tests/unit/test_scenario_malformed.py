"""Malformed scenario files: one case per kind of bad input, each naming file, field and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.errors import FormulaError, ScenarioError
from negotiation.scenarios import load_scenario, loads_scenario
from negotiation.scenarios.loader import MAX_FILE_BYTES

BASE = '''[scenario]
name = "base"
title = "Base"

[[sources]]
id = "src"
citation = "A citation."

[parameters.price]
default = 1.25
range = [0.5, 3]
source = "src"

[parameters.markup]
default = 0.2
range = [0, 1]

[[players]]
name = "Lab"
role = "lab"
actions = ["Sign", "Walk"]

[[players]]
name = "Owner"
role = "compute_owner"
actions = ["Hold", "Reprice"]

[payoffs]
"Sign/Hold" = ["2 - price", "price"]
"Sign/Reprice" = ["2 - price * (1 + markup)", "price * (1 + markup)"]
"Walk/Hold" = [0.6, 0.95]
"Walk/Reprice" = [0.6, 0.95]

[negotiation]
parties = ["Lab", "Owner"]
feasible = "surplus"
surplus = "2"
disagreement = [0.6, 0.95]
discount_factors = [0.95, 0.98]
first_proposer = "Owner"

[market]
buyers = ["L1"]
sellers = ["S1"]
[market.pairs]
"L1/S1" = 1

[coalitions]
players = ["A", "B"]
[coalitions.values]
"A+B" = 1
'''


def edit(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_base_document_is_valid() -> None:
    s = loads_scenario(BASE, file="base.toml")
    assert s.game().shape == (2, 2)


CASES = [
    # (id, text, field (None: no field), message fragment)
    ("toml-syntax", edit(('title = "Base"', 'title = "Base')), None, "malformed TOML"),
    ("toml-duplicate-key", edit(('title = "Base"', 'title = "Base"\ntitle = "Again"')), None, "malformed TOML"),
    ("toml-duplicate-profile-key",
     edit(('"Walk/Hold" = [0.6, 0.95]', '"Walk/Hold" = [0.6, 0.95]\n"Walk/Hold" = [1, 1]')), None, "malformed TOML"),
    ("unknown-top-level-typo", edit(("[negotiation]", "[negotation]")), "negotation", "did you mean 'negotiation'?"),
    ("unknown-top-level", "junk = 1\n" + BASE, "junk", "unknown key 'junk'"),
    ("missing-scenario", BASE.replace('[scenario]\nname = "base"\ntitle = "Base"\n', ""), "scenario",
     "missing the [scenario] table"),
    ("scenario-not-table", BASE.replace('[scenario]\nname = "base"\ntitle = "Base"\n', 'scenario = 3\n'), "scenario",
     "must be a table"),
    ("scenario-unknown-key", edit(('title = "Base"', 'title = "Base"\nlicence = "MIT"')), "scenario.licence",
     "did you mean 'license'?"),
    ("scenario-missing-name", edit(('name = "base"\n', "")), "scenario", "missing required key 'name'"),
    ("scenario-bad-name", edit(('name = "base"', 'name = "Base Deal"')), "scenario.name", "lower-case"),
    ("scenario-empty-title", edit(('title = "Base"', 'title = "  "')), "scenario.title", "must not be empty"),
    ("scenario-title-type", edit(('title = "Base"', "title = 3")), "scenario.title", "must be text"),
    ("scenario-title-long", edit(('title = "Base"', f'title = "{"x" * 201}"')), "scenario.title", "longer than 200"),
    ("sources-not-list", 'sources = "x"\n' + BASE.replace('[[sources]]\nid = "src"\ncitation = "A citation."\n', ""),
     "sources", "must be a list"),
    ("source-duplicate-id", edit(('citation = "A citation."', 'citation = "A citation."\n[[sources]]\nid = "src"\n'
                                  'citation = "Other."')), "sources[1]", "duplicate source id 'src'"),
    ("source-missing-citation", edit(('citation = "A citation."', "")), "sources[0]",
     "missing required key 'citation'"),
    ("source-bad-url", edit(('citation = "A citation."', 'citation = "A citation."\nurl = "javascript:alert(1)"')),
     "sources[0].url", "http(s) URL"),
    ("source-unknown-key", edit(('citation = "A citation."', 'citation = "A citation."\nsupport = "x"')),
     "sources[0].support", "did you mean 'supports'?"),
    ("parameter-bad-name", edit(("[parameters.markup]", '[parameters."mark up"]')), "parameters.'mark up'",
     "parameter name must be an identifier"),
    ("parameter-function-name", edit(("[parameters.markup]", "[parameters.max]")), "parameters.max",
     "not a keyword or a function name"),
    ("parameter-missing-default", edit(("default = 0.2\n", "")), "parameters.markup", "missing required key 'default'"),
    ("parameter-default-bool", edit(("default = 0.2", "default = true")), "parameters.markup.default",
     "must be a number"),
    ("parameter-default-text", edit(("default = 0.2", 'default = "a fifth"')), "parameters.markup.default",
     "is not a number"),
    ("parameter-default-nan", edit(("default = 0.2", "default = nan")), "parameters.markup.default", "finite"),
    ("parameter-default-inf", edit(("default = 0.2", "default = inf")), "parameters.markup.default", "finite"),
    ("parameter-default-huge", edit(("default = 0.2", "default = 1e101")), "parameters.markup.default",
     "out of range"),
    ("parameter-default-outside-range", edit(("default = 0.2", "default = 1.5")), "parameters.markup.default",
     "default 3/2 is outside its range [0, 1]"),
    ("parameter-range-shape", edit(("range = [0, 1]", "range = [0, 1, 2]")), "parameters.markup.range",
     "must be a list [low, high]"),
    ("parameter-range-order", edit(("range = [0, 1]", "range = [1, 0]")), "parameters.markup.range",
     "low 1 is above high 0"),
    ("parameter-range-type", edit(("range = [0, 1]", 'range = [0, "one"]')), "parameters.markup.range[1]",
     "is not a number"),
    ("parameter-unknown-source", edit(('source = "src"', 'source = "scr"')), "parameters.price.source",
     "unknown source id"),
    ("parameter-unknown-key", edit(("range = [0, 1]", "range = [0, 1]\nunits = \"x\"")), "parameters.markup.units",
     "did you mean 'unit'?"),
    ("parameter-not-table", edit(("[parameters.markup]\ndefault = 0.2\nrange = [0, 1]", "[parameters]\nmarkup = 0.2")),
     "parameters.markup", "must be a table"),
    ("players-misspelt", edit(('[[players]]\nname = "Lab"', '[[actors]]\nname = "Lab"')), "actors",
     "unknown key 'actors'"),
    ("players-one", edit(('[[players]]\nname = "Owner"\nrole = "compute_owner"\nactions = ["Hold", "Reprice"]\n', "")),
     "players", "needs at least 2 entries"),
    ("player-duplicate-name", edit(('name = "Owner"', 'name = "Lab"')), "players[1]", "duplicate player name 'Lab'"),
    ("player-missing-actions", edit(('actions = ["Hold", "Reprice"]\n', "")), "players[1]",
     "missing required key 'actions'"),
    ("player-no-actions", edit(('actions = ["Hold", "Reprice"]', "actions = []")), "players[1].actions",
     "needs at least 1 entries"),
    ("player-duplicate-action", edit(('actions = ["Hold", "Reprice"]', 'actions = ["Hold", "Hold"]')),
     "players[1].actions[1]", "duplicate action label of player 'Owner'"),
    ("player-action-slash", edit(('actions = ["Hold", "Reprice"]', 'actions = ["Hold", "Re/price"]')),
     "players[1].actions[1]", "must not contain '/'"),
    ("player-action-type", edit(('actions = ["Hold", "Reprice"]', 'actions = ["Hold", 2]')),
     "players[1].actions[1]", "must be text"),
    ("player-action-spaces", edit(('actions = ["Hold", "Reprice"]', 'actions = ["Hold", " Reprice"]')),
     "players[1].actions[1]", "leading or trailing spaces"),
    ("player-bad-role", edit(('role = "compute_owner"', 'role = "Compute Owner"')), "players[1].role",
     "lower-case identifier"),
    ("player-unknown-key", edit(('role = "lab"', 'role = "lab"\nstrategies = ["x"]')), "players[0].strategies",
     "unknown key 'strategies'"),
    ("too-many-profiles", edit(('actions = ["Sign", "Walk"]', "actions = [" + ", ".join(f'"a{k}"' for k in range(100))
                                + "]"), ('actions = ["Hold", "Reprice"]', "actions = [" +
                                         ", ".join(f'"b{k}"' for k in range(100)) + ']\n[[players]]\nname = "C"\n'
                                         'actions = ["c0", "c1"]')),
     "players", "more than 10000 profiles"),
    ("payoffs-missing", edit(("[payoffs]", "[payofs]")), "payofs", "did you mean 'payoffs'?"),
    ("payoff-profile-missing", edit(('"Walk/Reprice" = [0.6, 0.95]\n', "")), "payoffs",
     "missing payoffs for 1 profile(s): 'Walk/Reprice'"),
    ("payoff-profile-twice", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice" = [0.6, 0.95]\n'
                                   '"Walk / Reprice" = [0.6, 0.95]')), "payoffs.'Walk / Reprice'",
     "profile given twice"),
    ("payoff-unknown-label", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Repriced" = [0.6, 0.95]')),
     "payoffs.'Walk/Repriced'", "unknown action 'Repriced' of player 'Owner' at position 2 (did you mean 'Reprice'?)"),
    ("payoff-key-count", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice/Now" = [0.6, 0.95]')),
     "payoffs.'Walk/Reprice/Now'", "one action per player (2)"),
    ("payoff-value-count", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice" = [0.6]')),
     "payoffs.'Walk/Reprice'", "needs one payoff per player (2: Lab, Owner), got 1"),
    ("payoff-value-type", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice" = [0.6, true]')),
     "payoffs.'Walk/Reprice'[1]", "must be a formula"),
    ("payoff-not-list", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice" = 0.6')), "payoffs.'Walk/Reprice'",
     "must be a list of payoff formulas"),
    ("payoff-table-unknown-player", edit(('"Walk/Reprice" = [0.6, 0.95]',
                                          '"Walk/Reprice" = { Lab = 0.6, Ownr = 0.95 }')),
     "payoffs.'Walk/Reprice'.Ownr", "did you mean 'Owner'?"),
    ("payoff-table-missing-player", edit(('"Walk/Reprice" = [0.6, 0.95]', '"Walk/Reprice" = { Lab = 0.6 }')),
     "payoffs.'Walk/Reprice'", "missing payoffs for players ['Owner']"),
    ("payoff-formula-unknown-name", edit(('"2 - price"', '"2 - prices"')), "payoffs.'Sign/Hold'[0]",
     "unknown name 'prices'"),
    ("payoff-formula-forbidden", edit(('"2 - price"', '"price.real"')), "payoffs.'Sign/Hold'[0]",
     "attribute access not allowed"),
    ("negotiation-unknown-party", edit(('parties = ["Lab", "Owner"]', 'parties = ["Lab", "Ownr"]')),
     "negotiation.parties[1]", "unknown player"),
    ("negotiation-same-party", edit(('parties = ["Lab", "Owner"]', 'parties = ["Lab", "Lab"]')),
     "negotiation.parties", "must differ"),
    ("negotiation-three-parties", edit(('parties = ["Lab", "Owner"]', 'parties = ["Lab", "Owner", "Lab"]')),
     "negotiation.parties", "more than 2 entries"),
    ("negotiation-bad-feasible", edit(('feasible = "surplus"', 'feasible = "hull"')), "negotiation.feasible",
     "must be 'game'"),
    ("negotiation-missing-surplus", edit(('surplus = "2"\n', "")), "negotiation", "needs a 'surplus' formula"),
    ("negotiation-surplus-with-game", edit(('feasible = "surplus"', 'feasible = "game"')), "negotiation.surplus",
     "only used with feasible = 'surplus'"),
    ("negotiation-bad-disagreement", edit(("disagreement = [0.6, 0.95]", 'disagreement = "threat"')),
     "negotiation.disagreement", "'security' or 'nash_threat'"),
    ("negotiation-security-with-surplus", edit(("disagreement = [0.6, 0.95]", 'disagreement = "security"')),
     "negotiation.disagreement", "needs feasible = 'game'"),
    ("negotiation-pair-length", edit(("disagreement = [0.6, 0.95]", "disagreement = [0.6]")),
     "negotiation.disagreement", "a list of two formulas, one per party (Lab, Owner)"),
    ("negotiation-factors-and-rates", edit(("discount_factors = [0.95, 0.98]", "discount_factors = [0.95, 0.98]\n"
                                            "discount_rates = [0.1, 0.1]\nperiod_length = 1")),
     "negotiation.discount_rates", "either discount_factors or discount_rates"),
    ("negotiation-rates-without-period", edit(("discount_factors = [0.95, 0.98]", "discount_rates = [0.1, 0.1]")),
     "negotiation", "need a period_length"),
    ("negotiation-period-without-rates", edit(("discount_factors = [0.95, 0.98]",
                                               "discount_factors = [0.95, 0.98]\nperiod_length = 1")),
     "negotiation.period_length", "only used with discount_rates"),
    ("negotiation-bad-proposer", edit(('first_proposer = "Owner"', 'first_proposer = "Nobody"')),
     "negotiation.first_proposer", "must be one of the parties"),
    ("negotiation-threat-unknown-party", edit(('first_proposer = "Owner"', 'first_proposer = "Owner"\n'
                                               '[negotiation.threat]\nOwnr = [0, 0]')),
     "negotiation.threat.Ownr", "did you mean 'Owner'?"),
    ("negotiation-unknown-key", edit(('first_proposer = "Owner"', 'first_proposer = "Owner"\noutside_option = [0, 0]')),
     "negotiation.outside_option", "did you mean 'outside_options'?"),
    ("market-missing-pairs", edit(('[market.pairs]\n"L1/S1" = 1\n', "")), "market", "missing required key 'pairs'"),
    ("market-both-sides", edit(('sellers = ["S1"]', 'sellers = ["S1", "L1"]')), "market.sellers",
     "names on both sides"),
    ("market-unknown-buyer", edit(('"L1/S1" = 1', '"L2/S1" = 1')), "market.pairs.'L2/S1'", "unknown buyer 'L2'"),
    ("market-pair-twice", edit(('"L1/S1" = 1', '"L1/S1" = 1\n"L1 / S1" = 2')), "market.pairs.'L1 / S1'",
     "pair given twice"),
    ("market-bad-name", edit(('buyers = ["L1"]', 'buyers = ["L+1"]')), "market.buyers[0]", "must not contain '+'"),
    ("market-bad-role", edit(('sellers = ["S1"]', 'sellers = ["S1"]\nroles = { S1 = 3 }')), "market.roles.S1",
     "a role is a lower-case identifier"),
    ("coalition-unknown-player", edit(('"A+B" = 1', '"A+C" = 1')), "coalitions.values.'A+C'",
     "unknown players ['C']"),
    ("coalition-twice", edit(('"A+B" = 1', '"A+B" = 1\n"B+A" = 2')), "coalitions.values.'B+A'",
     "coalition given twice"),
    ("coalition-player-twice", edit(('"A+B" = 1', '"A+A" = 1')), "coalitions.values.'A+A'", "listed twice"),
]


@pytest.mark.parametrize(("text", "field", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed(text: str, field: str | None, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text, file="bad.toml")
    err = info.value
    assert fragment in str(err), str(err)
    assert err.file == "bad.toml"
    assert err.field == field
    assert str(err).startswith("bad.toml: ")


def test_malformed_toml_names_the_line() -> None:
    with pytest.raises(ScenarioError, match=r"malformed TOML: .*line 3"):
        loads_scenario(edit(('title = "Base"', 'title = "Base')), file="bad.toml")


def test_formula_errors_are_formula_errors() -> None:
    with pytest.raises(FormulaError) as info:
        loads_scenario(edit(('"2 - price"', '"__import__(1)"')), file="bad.toml")
    assert info.value.field == "payoffs.'Sign/Hold'[0]"


def test_discount_factor_outside_unit_interval_at_evaluation() -> None:
    s = loads_scenario(edit(("discount_factors = [0.95, 0.98]", "discount_factors = [0.95, \"1 + markup\"]")),
                       file="bad.toml")
    with pytest.raises(ScenarioError) as info:
        s.negotiation_values()
    assert info.value.field == "negotiation.discount_factors[1]"
    assert "strictly between 0 and 1" in str(info.value)
    with pytest.raises(ScenarioError, match="strictly between 0 and 1"):
        s.negotiation_values(markup=0)


def test_discount_rates_give_exponential_factors() -> None:
    import math

    s = loads_scenario(edit(("discount_factors = [0.95, 0.98]",
                             'discount_rates = [0.6, "markup"]\nperiod_length = "1/12"')))
    f0, f1 = s.negotiation_values()["discount_factors"]
    assert f0 == pytest.approx(math.exp(-0.05)) and f1 == pytest.approx(math.exp(-0.2 / 12))
    with pytest.raises(ScenarioError, match=r"discount rate of 'Owner' must be > 0") as info:
        s.negotiation_values(markup=0)
    assert info.value.field == "negotiation.discount_rates[1]"


def test_security_disagreement_needs_two_players() -> None:
    three = edit(
        ('[[players]]\nname = "Owner"', '[[players]]\nname = "Third"\nactions = ["t"]\n\n[[players]]\nname = "Owner"'),
        ('"Sign/Hold"', '"Sign/t/Hold"'), ('"Sign/Reprice"', '"Sign/t/Reprice"'), ('"Walk/Hold" = [0.6, 0.95]',
                                                                                   '"Walk/t/Hold" = [0.6, 0, 0.95]'),
        ('"Walk/Reprice" = [0.6, 0.95]', '"Walk/t/Reprice" = [0.6, 0, 0.95]'),
        ('["2 - price", "price"]', '["2 - price", 0, "price"]'),
        ('["2 - price * (1 + markup)", "price * (1 + markup)"]',
         '["2 - price * (1 + markup)", 0, "price * (1 + markup)"]'),
        ('feasible = "surplus"\nsurplus = "2"\ndisagreement = [0.6, 0.95]',
         'feasible = "game"\ndisagreement = "security"'),
    )
    with pytest.raises(ScenarioError, match="needs a two-player game") as info:
        loads_scenario(three, file="bad.toml")
    assert info.value.field == "negotiation.disagreement"
    fixed = three.replace('disagreement = "security"', "disagreement = [0.6, 0.95]")
    s = loads_scenario(fixed)
    p = s.bargaining_problem()  # the parties' payoff pairs of the three-player game
    assert p.players == ("Lab", "Owner")


def test_file_too_large(tmp_path: Path) -> None:
    big = BASE + "#" * (MAX_FILE_BYTES + 1) + "\n"
    path = tmp_path / "big.toml"
    path.write_text(big)
    with pytest.raises(ScenarioError, match="larger than 1000000 bytes") as info:
        load_scenario(path)
    assert info.value.file == str(path)
    with pytest.raises(ScenarioError, match="larger than"):
        loads_scenario(big)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.replace("Base", "Bäse").encode("latin-1"))
    with pytest.raises(ScenarioError, match="not valid UTF-8"):
        load_scenario(path)
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())  # a byte-order mark is tolerated
    assert load_scenario(path).name == "base"


def test_deeply_nested_toml() -> None:
    with pytest.raises(ScenarioError, match="malformed TOML"):
        loads_scenario("x = " + "[" * 100_000 + "]" * 100_000)

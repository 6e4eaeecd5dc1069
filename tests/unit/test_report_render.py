"""Text and Markdown reports of analyses: sections, tables, marks and wording."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame
from negotiation.analysis import analyze
from negotiation.report.render import render, strategy_text


@pytest.fixture(scope="module")
def holdup():
    return analyze("repricing_holdup")


SECTIONS = ["Parameters", "Payoff table", "Nash equilibria", "Bargaining outcomes", "Power report"]


def test_text_report_has_sections_in_order(holdup):
    text = render(holdup, "text")
    assert text.startswith(holdup.title + "\n" + "=" * len(holdup.title) + "\n")
    positions = [re.search(rf"^{re.escape(name)}.*\n-+$", text, re.M).start() for name in SECTIONS]
    assert positions == sorted(positions)
    assert "Verdict: " + holdup.power.verdict.split(":")[0] in text
    assert holdup.scenario.sha256 in text  # provenance line
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_report_structure(holdup):
    md = render(holdup, "markdown")
    assert md.startswith(f"# {holdup.title}\n")
    for name in SECTIONS:
        assert re.search(rf"^## {re.escape(name)}", md, re.M), name
    # every table row has the same number of cell separators as its header
    lines = md.splitlines()
    k = 0
    while k < len(lines):
        if lines[k].startswith("|"):
            block = []
            while k < len(lines) and lines[k].startswith("|"):
                block.append(lines[k])
                k += 1
            counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block}
            assert len(counts) == 1, block
            assert re.fullmatch(r"\|(:?-+:?\|)+", block[1]), block[1]
        k += 1


def test_pure_equilibria_are_marked_in_the_payoff_table():
    g = NormalFormGame.from_bimatrix(
        [[4, 0], [3, 3]], [[4, 3], [0, 3]], actions=[["Stag", "Hare"], ["Stag", "Hare"]], title="Stag hunt"
    )
    a = analyze(g, dominance="none")
    text = render(a, "text")
    table = text.split("Payoff table")[1].split("Nash equilibria")[0]
    rows = {line.split()[0]: line for line in table.splitlines() if line.startswith(("Stag ", "Hare "))}
    assert rows["Stag"].count("*") == 1 and rows["Stag"].index("4, 4 *") > 0
    assert rows["Hare"].count("*") == 1 and rows["Hare"].rstrip().endswith("3, 3 *")
    assert "mixed" in text and "Stag 0.75, Hare 0.25" in text


def test_strategy_text():
    g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]], actions=[["O", "F"], ["O", "F"]])
    a = analyze(g, dominance="none")
    mixed = next(e for e in a.equilibria if not e.is_pure)
    assert strategy_text(mixed, 0) == "O 2/3, F 1/3"
    pure = next(e for e in a.equilibria if e.is_pure)
    assert strategy_text(pure, 1) in ("O", "F")


def test_degenerate_components_are_described(holdup):
    assert holdup.equilibria.degenerate
    text = render(holdup, "text")
    assert "degenerate" in text
    assert "Component 1" in text and "continuum" in text and "any mixture of" in text


def test_float_report_rounds():
    g = NormalFormGame.from_bimatrix([[1.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 1.0]])
    text = render(analyze(g, dominance="none"), "text")
    assert "float arithmetic" in text
    assert "0.3333" in text or "0.6667" in text
    assert "0.333333333" not in text


def test_large_game_table_is_summarised():
    rng = np.random.default_rng(7)
    g = NormalFormGame.from_bimatrix(rng.integers(0, 9, (31, 3)), rng.integers(0, 9, (31, 3)))
    text = render(analyze(g, method="pure", dominance="none"), "text")
    assert "too large to show" in text


def test_three_players_listed_by_profile():
    g = NormalFormGame.from_function(
        lambda a, b, c: [Fraction(int(a == b)), int(b == c), int(a == c)], [["x", "y"], ["x", "y"], ["x", "y"]]
    )
    a = analyze(g, dominance="none")
    text = render(a, "text")
    body = text.split("Payoff table")[1].split("Nash equilibria")[0]
    assert body.count("\nx ") + body.count("\ny ") == 8
    assert body.count("*") - body.count("* marks") == sum(e.is_pure for e in a.equilibria)


def test_overridden_parameters_are_flagged():
    a = analyze("repricing_holdup", overrides={"price": "1.5"}, bargaining=False)
    text = render(a, "text")
    assert re.search(r"^price\s+1\.5 \*", text, re.M)
    assert "* set for this run (defaults: price = 1.25)" in text


def test_unknown_format(holdup):
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render(holdup, "html")


@st.composite
def small_games(draw):
    m = draw(st.integers(1, 3))
    n = draw(st.integers(1, 3))
    entries = st.fractions(min_value=-5, max_value=5, max_denominator=4)
    a = [[draw(entries) for _ in range(n)] for _ in range(m)]
    b = [[draw(entries) for _ in range(n)] for _ in range(m)]
    return NormalFormGame.from_bimatrix(a, b, actions=[[f"r{i}" for i in range(m)], [f"c|{j}*" for j in range(n)]])


@given(small_games())
@settings(max_examples=25, derandomize=True, deadline=None)
def test_reports_of_random_games(game):
    a = analyze(game, dominance="pure")
    for e in a.equilibria:
        assert game.is_equilibrium(e.strategies)
    text = render(a, "text")
    md = render(a, "markdown")
    data = json.loads(render(a, "json"))
    assert len(data["equilibria"]["equilibria"]) == len(a.equilibria)
    assert "Nash equilibria" in text and "## Nash equilibria" in md
    assert "c\\|0\\*" in md  # labels with Markdown syntax are escaped in tables

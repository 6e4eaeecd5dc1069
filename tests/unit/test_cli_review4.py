"""The command line after review 4 (findings 1, 9, 15, 18, 20): what ``negotiation analyze`` prints.

In-process (:func:`negotiation.cli.main`) to keep these tests fast; the reviewer's scenarios are in
``tests/data/review4``.
"""

from __future__ import annotations

import json
from pathlib import Path

from negotiation.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "review4"


def run(capsys, argv: list[str]) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_set_message_gives_one_hint(capsys):
    code, out, err = run(capsys, ["analyze", "compute_deal", "--set", "price=abc"])
    assert code == 2 and out == ""
    assert err.count("write e.g.") == 1
    assert "value 'abc' of parameter 'price' is not a number (write e.g. 1.25, 5/4 or 2e-3)" in err


def test_division_by_zero_names_a_denominator(capsys, tmp_path):
    path = tmp_path / "div0.toml"
    path.write_text(
        '[scenario]\nname = "div0"\ntitle = "div0"\n[parameters.k]\ndefault = 1\n[parameters.eps]\ndefault = 0\n'
        '[[players]]\nname = "Ann"\nactions = ["O", "F"]\n[[players]]\nname = "Bob"\nactions = ["O", "F"]\n'
        '[payoffs]\n"O/O" = ["2*k/eps", "k"]\n"O/F" = [0, 0]\n"F/O" = [0, 0]\n"F/F" = ["k", "2*k"]\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, ["analyze", str(path)])
    assert code == 2 and out == ""
    assert "division by zero (a denominator is 0)" in err and "negative power" not in err


def test_degenerate_scenario_in_every_format(capsys):
    for fmt in ("text", "markdown"):
        code, out, err = run(capsys, ["analyze", "ultimatum", "--format", fmt])
        assert code == 0 and err == ""
        assert "the complete set" not in out
        assert "7 extreme Nash equilibria" in out and "sequential but given in strategic form" in out
    code, out, _ = run(capsys, ["analyze", "ultimatum", "--format", "json"])
    data = json.loads(out)
    assert data["format"] == "negotiation.analysis/2"
    assert data["caveats"] and data["scenario"]["sequential"] is True


def test_pure_method_without_pure_equilibria(capsys):
    code, out, _ = run(capsys, ["analyze", "matching_pennies", "--method", "pure"])
    assert code == 0
    assert "No pure-strategy Nash equilibrium: all 4 pure profiles were searched." in out
    assert "Solver note: all pure-strategy equilibria; mixed equilibria are not searched" in out


def test_markdown_title_is_escaped(capsys):
    code, out, _ = run(capsys, ["analyze", str(DATA / "markdown_syntax.toml"), "--format", "markdown"])
    assert code == 0 and out.startswith("# Pipes \\| and \\*stars\\* \\_under\\_\n")


def test_reports_are_byte_stable(capsys, tmp_path):
    outs = []
    for _ in range(2):
        code, out, _ = run(capsys, ["analyze", "compute_deal", "--method", "lemke_howson", "--format", "markdown"])
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1]


def test_payoffs_near_the_float64_limit_are_analysed(capsys):
    """Review 4, finding 10: payoffs of 2e160 (legal: a game's payoffs fit float64) make the threat games of
    Nash's variable-threat solution reach 1e320; the zero-sum solver now solves exact matrices beyond
    float64 scaled by a power of two, so the analysis finishes instead of an internal OverflowError."""
    code, out, err = run(capsys, ["analyze", str(DATA / "huge_payoffs.toml")])
    assert code == 0, err
    assert "internal error" not in err and "Verdict:" in out

"""Regression tests for the command line from adversarial review B (F1-F4, F8, F9, F10, F17, F18,
F19): bad input exits 2 with one line naming what was wrong and where, and leaves nothing behind.

The command runs in-process (:func:`negotiation.cli.main`) to keep these tests fast.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from test_scenario_review_b import tiny  # the same small scenario text

from negotiation.cli import main


def scenario(tmp_path: Path, name: str = "tiny.toml", default: str = "1", ll: str = '"x"', extra: str = "") -> str:
    path = tmp_path / name
    path.write_text(tiny(default=default, ll=ll, extra=extra), encoding="utf-8")
    return str(path)


def bad_input(capsys, argv: list[str], *needles: str) -> str:
    """``main(argv)`` exits 2 quickly, prints nothing on stdout and one line naming every needle."""
    start = time.perf_counter()
    code = main(argv)
    elapsed = time.perf_counter() - start
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert elapsed < 10
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("negotiation: error: "), captured.err
    assert "Traceback" not in captured.err and "this is a bug" not in captured.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# ---------------------------------------------------------------------- F2, F3, F17: --set values
@pytest.mark.parametrize("value, exponent", [("1e9999_9999", "99999999"), ("1e1_000_000", "1000000"),
                                             ("1e99999999", "99999999")])
def test_set_huge_exponent_names_set_and_parameter(capsys, value, exponent):
    bad_input(capsys, ["analyze", "compute_deal", "--set", f"price={value}"], "--set", "'price'",
              f"exponent {exponent} is out of range")


def test_set_unicode_digits_are_refused(capsys):
    bad_input(capsys, ["analyze", "compute_deal", "--set", "price=1e\u0669\u0669\u0669\u0669\u0669\u0669"], "--set",
              "'price'", "U+0669")


def test_set_out_of_range_shows_the_number_as_written(capsys):
    line = bad_input(capsys, ["analyze", "compute_deal", "--set", "price=1000"], "parameters.price",
                     "value 1000 is outside the allowed range [1/2, 3]")
    assert "Fraction" not in line and line.endswith("(got 1000)")


# ---------------------------------------------------------------------- F1, F4, F8: scenario files
def test_huge_exponent_default(capsys, tmp_path):
    path = scenario(tmp_path, default='"1e99999999"')
    bad_input(capsys, ["analyze", path], path, "parameters.x.default", "exponent 99999999", "'1e99999999'")


def test_payoff_overflow_is_bad_input_naming_the_profile(capsys, tmp_path):
    path = scenario(tmp_path, ll='"(x+9)**64 * (x+8)**64 * (x+7)**64 * (x+6)**64 * (x+5)**64 * (x+4)**64"')
    bad_input(capsys, ["analyze", path], path, "payoffs.'L/L'[0]", "1e331", "float64")


def test_negative_discount_rate_is_bad_input(capsys, tmp_path):
    extra = ('[negotiation]\nparties=["Ann","Bob"]\nfeasible="surplus"\nsurplus="1"\n'
             'discount_rates=["-1000","1"]\nperiod_length="1"')
    path = scenario(tmp_path, extra=extra)
    bad_input(capsys, ["analyze", path], path, "negotiation.discount_rates[0]", "must be > 0", "-1000")


# ---------------------------------------------------------------------- F18: market and coalitions
@pytest.mark.parametrize("extra, field", [
    ('[coalitions]\nplayers=["Ann","Bob"]\nvalues={"Ann+Bob"="1/(x-1)"}', "coalitions.values.'Ann+Bob'"),
    ('[market]\nbuyers=["Ann"]\nsellers=["Bob"]\npairs={"Ann/Bob"="1/(x-1)"}', "market.pairs.'Ann/Bob'"),
])
def test_market_and_coalition_values_are_evaluated(capsys, tmp_path, extra, field):
    path = scenario(tmp_path, extra=extra)
    bad_input(capsys, ["analyze", path], path, field, "division by zero")
    assert main(["analyze", path, "--set", "x=2"]) == 0  # defined there: the analysis runs
    capsys.readouterr()


# ---------------------------------------------------------------------- F9, F10: --out
def test_empty_out_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", ""], "--out ''", "empty")
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", "  "], "--out '", "empty directory name")
    assert list(tmp_path.iterdir()) == []


def test_out_name_too_long_leaves_no_directories_behind(capsys, tmp_path):
    out = tmp_path / "np" / "deeper" / ("x" * 250)
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", str(out), "--no-figures"], "--out", "too long")
    assert list(tmp_path.iterdir()) == []


def test_out_existing_parent_is_kept(capsys, tmp_path):
    (tmp_path / "kept").mkdir()
    out = tmp_path / "kept" / "new" / ("x" * 250)
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", str(out), "--no-figures"], "--out")
    assert [p.name for p in tmp_path.iterdir()] == ["kept"] and list((tmp_path / "kept").iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux") or not os.path.isdir("/proc/self"), reason="needs /proc")
def test_out_in_proc_is_bad_input(capsys):
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", "/proc/x", "--no-figures"], "--out '/proc/x'")
    assert not os.path.exists("/proc/x")


def test_out_under_a_file_is_bad_input(capsys, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    bad_input(capsys, ["analyze", "prisoners_dilemma", "--out", str(tmp_path / "file" / "sub"), "--no-figures"],
              "--out")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_out_still_writes(capsys, tmp_path):
    out = tmp_path / "a" / "b"
    assert main(["analyze", "prisoners_dilemma", "--out", str(out), "--no-figures"]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "report.txt", "results.json"]


# ---------------------------------------------------------------------- F19: suffix case
def test_upper_case_suffix_is_a_path(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scenario(tmp_path, name="GOOD.TOML")
    assert main(["analyze", "GOOD.TOML"]) == 0
    assert capsys.readouterr().out.startswith("tiny")

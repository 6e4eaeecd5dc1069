"""Atomic writing of results, reports and figures (``--out DIR``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from negotiation import NormalFormGame
from negotiation.analysis import analyze
from negotiation.report import output
from negotiation.report.output import OutputError, write_outputs


@pytest.fixture
def analysis():
    g = NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma"
    )
    return analyze(g, method="pure", dominance="none")


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_writes_results_and_reports(tmp_path, analysis):
    out = tmp_path / "run"
    paths = write_outputs(analysis, out, figures=False)
    assert sorted(p.name for p in paths) == ["report.md", "report.txt", "results.json"]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data == analysis.to_dict()
    assert (out / "report.txt").read_text(encoding="utf-8").startswith("Prisoner's dilemma\n")
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# Prisoner's dilemma\n")
    assert _leftovers(tmp_path) == []


def test_directory_permissions_follow_the_umask(tmp_path, analysis):
    old = os.umask(0o027)
    try:
        write_outputs(analysis, tmp_path / "run", figures=False)
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "run").st_mode & 0o777 == 0o750  # not mkdtemp's private 0o700


def test_failure_leaves_nothing_behind(tmp_path, analysis, monkeypatch):
    def boom(ax):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(output, "figure_plan", lambda a: [("broken.png", boom)])
    out = tmp_path / "run"
    with pytest.raises(RuntimeError, match="figure failed"):
        write_outputs(analysis, out)
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_failure_keeps_previous_output(tmp_path, analysis, monkeypatch):
    out = tmp_path / "run"
    write_outputs(analysis, out, figures=False)
    before = (out / "results.json").read_bytes()

    def boom(ax):
        raise RuntimeError("figure failed")

    monkeypatch.setattr(output, "figure_plan", lambda a: [("broken.png", boom)])
    with pytest.raises(RuntimeError):
        write_outputs(analysis, out)
    assert (out / "results.json").read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_replaces_an_earlier_output(tmp_path, analysis):
    out = tmp_path / "run"
    write_outputs(analysis, out, figures=False)
    (out / "results.json").write_text("stale", encoding="utf-8")
    write_outputs(analysis, out, figures=False)
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["title"] == "Prisoner's dilemma"
    assert _leftovers(tmp_path) == []


def test_refuses_a_directory_with_other_files(tmp_path, analysis):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        write_outputs(analysis, out, figures=False)
    assert (out / "thesis.tex").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_refuses_a_file(tmp_path, analysis):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="not a directory"):
        write_outputs(analysis, target, figures=False)


def test_empty_directory_is_used(tmp_path, analysis):
    out = tmp_path / "empty"
    out.mkdir()
    write_outputs(analysis, out, figures=False)
    assert (out / "results.json").is_file()


def test_creates_missing_parents(tmp_path, analysis):
    out = tmp_path / "a" / "b" / "run"
    write_outputs(analysis, out, figures=False)
    assert (out / "results.json").is_file()


def test_identical_bytes_across_runs(tmp_path, analysis):
    write_outputs(analysis, tmp_path / "one", figures=False)
    write_outputs(analysis, tmp_path / "two", figures=False)
    for name in ("results.json", "report.txt", "report.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_figures_of_a_two_by_two_scenario(tmp_path):
    a = analyze("prisoners_dilemma")
    assert [name for name, _ in output.figure_plan(a)] == ["payoff_table.png", "best_responses.png", "bargaining.png"]
    paths = write_outputs(a, tmp_path / "pd")
    figures = sorted(p.name for p in paths if p.parent.name == "figures")
    assert figures == ["bargaining.png", "best_responses.png", "payoff_table.png"]
    for name in figures:
        data = (tmp_path / "pd" / "figures" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_no_figures_for_large_or_many_player_games():
    g3 = NormalFormGame.from_function(lambda a, b, c: [1, 2, 3], [["x", "y"], ["x", "y"], ["x", "y"]])
    assert output.figure_plan(analyze(g3, dominance="none")) == []
    big = NormalFormGame.from_bimatrix([[0] * 13] * 2, [[0] * 13] * 2)
    assert output.figure_plan(analyze(big, method="pure", dominance="none")) == []
    three_by_two = NormalFormGame.from_bimatrix([[1, 0], [0, 1], [1, 1]], [[0, 1], [1, 0], [0, 0]])
    names = [n for n, _ in output.figure_plan(analyze(three_by_two, dominance="none"))]
    assert names == ["payoff_table.png"]

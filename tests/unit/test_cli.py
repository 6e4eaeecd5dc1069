"""The ``negotiation`` command end to end, through ``python -m negotiation`` in a subprocess.

Exit codes: 0 success; 2 bad input (one line on stderr, no traceback); 1 internal error.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import negotiation
from negotiation import __version__
from negotiation.scenarios import list_scenarios, load_scenario

# the subprocess imports the same package as this test, wherever pytest runs from
_ROOT = str(Path(negotiation.__file__).resolve().parents[1])
ENV = {
    **os.environ,
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "PYTHONPATH": os.pathsep.join([_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])]),
}
TEACHING = "prisoners_dilemma"
MAIN = "compute_deal"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "negotiation", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=ENV,
        cwd=cwd,
        timeout=300,
    )


def assert_bad_input(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, exactly one line on stderr naming every needle, no traceback, nothing on stdout."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def ranged_parameter(name: str):
    """A parameter of a bundled scenario with an upper bound, to push out of range."""
    scenario = load_scenario(name)
    for p in scenario.parameters.values():
        if p.high is not None:
            return p
    pytest.skip(f"{name} has no parameter with an upper bound")


# ---------------------------------------------------------------------- success (exit 0)
def test_version():
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"negotiation {__version__}"


def test_list_names_every_bundled_scenario():
    proc = run("list")
    assert proc.returncode == 0, proc.stderr
    bundled = list_scenarios()
    assert {MAIN, TEACHING} <= {name for name, _ in bundled}
    for name, title in bundled:
        assert name in proc.stdout
        assert title in proc.stdout


def test_list_json():
    proc = run("list", "--format", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert [(d["name"], d["title"]) for d in data] == [tuple(x) for x in list_scenarios()]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_analyze_teaching_scenario_each_format(fmt):
    proc = run("analyze", TEACHING, "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    scenario = load_scenario(TEACHING)
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert data["scenario"]["name"] == TEACHING
        assert data["provenance"]["scenario"]["sha256"] == scenario.sha256
        eqs = data["equilibria"]["equilibria"]
        assert [e["supports"] for e in eqs] == [{"Row": ["Defect"], "Column": ["Defect"]}]
    else:
        assert scenario.title in proc.stdout
        assert "Payoff table" in proc.stdout and "Nash equilibria" in proc.stdout
        assert "Defect" in proc.stdout
        if fmt == "markdown":
            assert proc.stdout.startswith("# ")
            assert "| " in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_analyze_compute_deal_each_format(fmt):
    proc = run("analyze", MAIN, "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert data["power_report"] is not None
        assert data["bargaining"]["solutions"]
    else:
        for section in ("Parameters", "Payoff table", "Nash equilibria", "Bargaining outcomes", "Power report"):
            assert section in proc.stdout, section


def test_json_is_byte_identical_across_runs():
    one = run("analyze", TEACHING, "--format", "json", "--set", "reward=3")
    two = run("analyze", TEACHING, "--format", "json", "--set", "reward=3")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_set_values_are_exact():
    proc = run("analyze", TEACHING, "--format", "json", "--set", "reward=3.25")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["parameters"]["reward"]["value"] == "13/4"
    assert data["parameters"]["reward"]["overridden"] is True
    assert data["provenance"]["parameters"]["reward"] == "13/4"
    assert data["game"]["payoffs"]["Row"][0][0] == "13/4"


def test_out_writes_results_with_provenance_and_figures(tmp_path):
    out = tmp_path / "results" / "pd"
    proc = run("analyze", TEACHING, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    scenario = load_scenario(TEACHING)
    digest = hashlib.sha256(Path(scenario.path).read_bytes()).hexdigest()
    assert data["provenance"]["scenario"]["sha256"] == digest
    assert data["provenance"]["versions"]["negotiation"] == __version__
    assert data["provenance"]["methods"]["equilibria"]["method"]
    assert (out / "report.txt").read_text(encoding="utf-8") == proc.stdout
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert "payoff_table.png" in figures and "best_responses.png" in figures
    for name in figures:
        assert (out / "figures" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in out.parent.iterdir()] == ["pd"]  # no temporary directory left


def test_out_is_reproducible_byte_for_byte(tmp_path):
    for name in ("one", "two"):
        proc = run("analyze", "chicken", "--out", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) == 6  # results.json, two reports, three figures
    for rel in files:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_out_json_matches_stdout_json(tmp_path):
    proc = run("analyze", TEACHING, "--format", "json", "--out", str(tmp_path / "o"), "--no-figures")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o" / "results.json").read_text(encoding="utf-8") == proc.stdout
    assert not (tmp_path / "o" / "figures").exists()


def test_analyze_scenario_by_path():
    path = load_scenario(TEACHING).path
    proc = run("analyze", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["scenario"]["name"] == TEACHING


def test_float_and_exact_flags():
    proc = run("analyze", TEACHING, "--float", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["equilibria"]["arithmetic"] == "float"
    proc = run("analyze", TEACHING, "--exact", "--format", "json")
    assert json.loads(proc.stdout)["equilibria"]["arithmetic"] == "exact"


@pytest.fixture
def pd_nfg(tmp_path):
    path = tmp_path / "pd.nfg"
    path.write_text('NFG 1 R "Prisoners" { "Ann" "Bob" }\n{ { "C" "D" } { "C" "D" } }\n""\n\n'
                    '{ { "" 3, 3 } { "" 5, 0 } { "" 0, 5 } { "" 1, 1 } }\n1 2 3 4\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_solve_nfg_each_format(pd_nfg, fmt):
    proc = run("solve", str(pd_nfg), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert [e["supports"] for e in data["equilibria"]["equilibria"]] == [{"Ann": ["D"], "Bob": ["D"]}]
        assert data["equilibria"]["status"] == "complete"
    else:
        assert "Prisoners" in proc.stdout and "Ann plays" in proc.stdout


def test_solve_from_stdin_with_method(pd_nfg):
    proc = run("solve", "-", "--method", "support_enumeration", "--format", "json",
               stdin=pd_nfg.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["equilibria"]["method"] == "support_enumeration"


def test_solve_mixed_equilibrium_exact(tmp_path):
    path = tmp_path / "pennies.nfg"
    path.write_text('NFG 1 R "Pennies" { "A" "B" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n', encoding="utf-8")
    proc = run("solve", str(path), "--exact", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    eq = json.loads(proc.stdout)["equilibria"]["equilibria"]
    assert len(eq) == 1
    assert eq[0]["strategies"]["A"] == {"1": "1/2", "2": "1/2"}
    assert eq[0]["regret"] == "0"


# ---------------------------------------------------------------------- bad input (exit 2)
def test_unknown_scenario():
    assert_bad_input(run("analyze", "no_such_scenario"), "no_such_scenario")


def test_missing_scenario_file(tmp_path):
    assert_bad_input(run("analyze", str(tmp_path / "missing.toml")), "missing.toml")


def test_malformed_scenario_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[scenario\nname = 'x'\n", encoding="utf-8")
    assert_bad_input(run("analyze", str(path)), "broken.toml")


def test_scenario_with_forbidden_formula_is_bad_input(tmp_path):
    text = Path(load_scenario(TEACHING).path).read_text(encoding="utf-8")
    marker = tmp_path / "executed"
    evil = f"__import__('os').system('touch {marker}')"
    # replace the first payoff formula string with a malicious one
    head, sep, tail = text.partition("[payoffs]")
    assert sep, "the scenario format has a [payoffs] table"
    first_quote = tail.index('"')
    end_quote = tail.index('"', first_quote + 1)
    path = tmp_path / "evil.toml"
    path.write_text(head + sep + tail[:first_quote] + '"' + evil.replace('"', "'") + '"' + tail[end_quote + 1:],
                    encoding="utf-8")
    assert_bad_input(run("analyze", str(path)), "evil.toml")
    assert not marker.exists()


def test_set_without_equals():
    assert_bad_input(run("analyze", TEACHING, "--set", "reward"), "--set", "NAME=VALUE")


def test_set_unknown_parameter():
    assert_bad_input(run("analyze", TEACHING, "--set", "no_such_parameter=1"), "no_such_parameter")


def test_set_bad_value_names_the_parameter():
    assert_bad_input(run("analyze", TEACHING, "--set", "reward=lots"), "reward", "lots")


def test_set_twice():
    assert_bad_input(run("analyze", TEACHING, "--set", "reward=1", "--set", "reward=2"), "reward", "twice")


def test_set_out_of_range_names_the_parameter():
    p = ranged_parameter(TEACHING)
    value = p.high + 1
    text = str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    line = assert_bad_input(run("analyze", TEACHING, "--set", f"{p.name}={text}"), p.name)
    assert "range" in line.lower() or "between" in line.lower() or "<=" in line or "at most" in line.lower()


def test_set_out_of_range_in_compute_deal():
    p = ranged_parameter(MAIN)
    value = p.high + Fraction(1, 2)
    assert_bad_input(run("analyze", MAIN, "--set", f"{p.name}={value.numerator}/{value.denominator}"), p.name)


def test_unknown_option_is_one_line():
    assert_bad_input(run("analyze", TEACHING, "--frobnicate"), "--frobnicate")


def test_unknown_method_is_one_line():
    assert_bad_input(run("analyze", TEACHING, "--method", "simplex"), "simplex")


def test_no_command():
    proc = run()
    assert proc.returncode == 2
    assert "usage" in proc.stderr


def test_method_that_does_not_apply():
    # prisoner's dilemma is not zero-sum
    assert_bad_input(run("analyze", TEACHING, "--method", "zero_sum_lp"), "zero")


def test_lemke_howson_exact():
    proc = run("analyze", TEACHING, "--method", "lemke_howson", "--exact", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)["equilibria"]
    assert data["method"] == "lemke_howson" and data["arithmetic"] == "exact" and data["status"] == "partial"


def test_malformed_nfg(tmp_path):
    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" } { 2 2 } 1 2 3\n', encoding="utf-8")
    assert_bad_input(run("solve", str(path)), "bad.nfg")


def test_nfg_given_to_analyze_points_to_solve(pd_nfg):
    assert_bad_input(run("analyze", str(pd_nfg)), "negotiation solve")


def test_missing_nfg(tmp_path):
    assert_bad_input(run("solve", str(tmp_path / "none.nfg")), "none.nfg")


def test_out_is_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep", encoding="utf-8")
    assert_bad_input(run("analyze", TEACHING, "--out", str(target)), "not a directory")
    assert target.read_text(encoding="utf-8") == "keep"


def test_out_directory_with_foreign_files_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert_bad_input(run("analyze", TEACHING, "--out", str(tmp_path)), "did not write")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


# ---------------------------------------------------------------------- internal errors (exit 1)
BOOM = (
    "import sys, negotiation.analysis as A\n"
    "def boom(*a, **k):\n    raise RuntimeError('kaboom')\n"
    "A.analyze = boom\n"
    "from negotiation.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_internal_error_exit_1_with_hint_and_no_traceback():
    proc = subprocess.run([sys.executable, "-c", BOOM, "analyze", TEACHING], capture_output=True, text=True,
                          env=ENV, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "internal error" in proc.stderr and "kaboom" in proc.stderr
    assert "--debug" in proc.stderr  # the hint


def test_internal_error_traceback_with_debug():
    for argv in (["--debug", "analyze", TEACHING], ["analyze", TEACHING, "--debug"]):
        proc = subprocess.run([sys.executable, "-c", BOOM, *argv], capture_output=True, text=True, env=ENV,
                              timeout=120)
        assert proc.returncode == 1
        assert "Traceback" in proc.stderr and "RuntimeError: kaboom" in proc.stderr


def test_failed_out_leaves_nothing(tmp_path):
    code = (
        "import sys, negotiation.report.output as O\n"
        "def boom(a):\n    raise RuntimeError('no figure')\n"
        "O.figure_plan = lambda a: [('x.png', boom)]\n"
        "from negotiation.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-c", code, "analyze", TEACHING, "--out", str(out)],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""  # no report printed for a failed run
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- in-process main()
def test_main_returns_codes(capsys):
    from negotiation.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("negotiation ")
    assert main(["analyze", "--help"]) == 0
    assert "--set NAME=VALUE" in capsys.readouterr().out
    assert main(["analyze", TEACHING, "--set", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NAME=VALUE" in err
    assert main(["list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)

"""The benchmark script still runs (a quick pure-equilibria section). No assertion is on timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "run.py"


def test_quick_pure_section_runs_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--sections", "pure", "--json", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "(d) pure equilibria" in proc.stdout and "ratios are theirs / ours" in proc.stdout
    data = json.loads(out.read_text())
    assert data["meta"]["threads"]["OPENBLAS_NUM_THREADS"] == "1"
    assert list(data["sections"]) == ["pure"]
    rows = data["sections"]["pure"]["rows"]
    assert [r["shape"] for r in rows] == ["3x30", "4x12", "6x5"]
    for row in rows:
        # the baselines must agree with ours on what they count (a correctness check, not a timing)
        assert row["equilibria"]["ours"] == row["equilibria"]["numpy_mask"]
        assert row["counts_agree"], row["equilibria"]
        assert set(row["ratios"]) == {"numpy_mask", "numpy_mask_first", "quantecon"}
        assert row["seconds"]["ours_first"] > 0 and row["seconds"]["numpy_mask_first"] > 0


def test_unknown_section_is_a_usage_error():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--sections", "nope"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "unknown sections" in proc.stderr


def test_missing_solver_is_reported_not_available():
    code = (
        "import sys; sys.path.insert(0, 'benchmarks'); import run\n"
        "sec = run.Section('x')\n"
        "assert run.our_solver('no_such_module', 'solve', sec) is None\n"
        "print(sec.notes[0])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "not available" in proc.stdout

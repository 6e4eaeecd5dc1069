"""Every reproduction in papers/ runs and reproduces its publication's numbers (exit code 0)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PAPERS = Path(__file__).resolve().parents[2] / "papers"
SCRIPTS = sorted(PAPERS.glob("*/reproduce.py"))


def test_there_are_reproductions():
    assert SCRIPTS, f"no papers/*/reproduce.py under {PAPERS}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.parent.name for s in SCRIPTS])
def test_reproduction(script):
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "reproduced" in run.stdout

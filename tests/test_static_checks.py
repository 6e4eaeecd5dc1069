"""Static checks as tests: ``ruff`` lint and ``mypy`` type check of the package must be clean.

Both run in a subprocess with the interpreter running the tests (``python -m ruff``,
``python -m mypy``) from the repository root, so they read the configuration in
pyproject.toml. Each test is skipped only when its tool is not installed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    _require("ruff")
    proc = _run("ruff", "check", "negotiation", "tests", "benchmarks")
    assert proc.returncode == 0, f"ruff check failed:\n{proc.stdout}\n{proc.stderr}"


def test_mypy_is_clean() -> None:
    _require("mypy")
    proc = _run("mypy", "negotiation")
    assert proc.returncode == 0, f"mypy failed:\n{proc.stdout}\n{proc.stderr}"


#: Calls that turn text into code; the package never makes them (formulas are parsed with an ast whitelist).
TEXT_EVALUATORS = {"eval", "exec", "sympify", "parse_expr", "S"}


def test_the_package_never_evaluates_text() -> None:
    """No call to eval, exec, sympy.sympify (or its alias sympy.S) or parse_expr anywhere in the package,
    by name or attribute, found on the syntax tree of every module."""
    import ast

    found = []
    for path in sorted((ROOT / "negotiation").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name in TEXT_EVALUATORS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert not found, found

"""Reproduce Nash (1950)'s Bill and Jack barter with `negotiation` (see README.md beside this file)."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from itertools import product
from pathlib import Path

from negotiation import BargainingProblem, nash_bargaining_solution

HERE = Path(__file__).resolve().parent


def barter_outcomes(utilities: dict[str, dict[str, list[int]]]) -> dict[tuple[int, int], frozenset[str]]:
    """Utility gains (Bill, Jack) of every barter, with one set of goods traded per gain pair."""
    moves = [(good, (-b, j)) for good, (b, j) in utilities["Bill"].items()]  # Bill gives the good
    moves += [(good, (b, -j)) for good, (b, j) in utilities["Jack"].items()]  # Jack gives the good
    outcomes: dict[tuple[int, int], frozenset[str]] = {}
    for chosen in product((0, 1), repeat=len(moves)):
        gain = (
            sum(c * v[0] for c, (_, v) in zip(chosen, moves, strict=True)),
            sum(c * v[1] for c, (_, v) in zip(chosen, moves, strict=True)),
        )
        outcomes.setdefault(gain, frozenset(good for c, (good, _) in zip(chosen, moves, strict=True) if c))
    return outcomes


def main() -> int:
    expected = json.loads((HERE / "expected.json").read_text())
    outcomes = barter_outcomes(expected["utilities"])
    problem = BargainingProblem.from_points(list(outcomes), (0, 0), players=("Bill", "Jack"))
    solution = nash_bargaining_solution(problem)
    gains = tuple(Fraction(g) for g in solution.payoffs)
    traded = sorted(outcomes.get((int(gains[0]), int(gains[1])), frozenset()))
    print(f"Nash bargaining solution: Bill gains {gains[0]}, Jack gains {gains[1]} (product {gains[0] * gains[1]})")
    print(f"goods traded: {', '.join(traded)}")
    ok = gains == tuple(Fraction(g) for g in expected["solution_gains"]) and traded == expected["traded"]
    print("reproduced" if ok else f"MISMATCH: expected gains {expected['solution_gains']}, goods {expected['traded']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""negotiation: strategic analysis of negotiations with game theory.

The public API is curated here. Heavy optional libraries (matplotlib, pygambit) are imported
only by the functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    BargainingError,
    DegenerateGameWarning,
    FormulaError,
    InvalidGameError,
    InvalidProfileError,
    NegotiationError,
    NotApplicableError,
    ScenarioError,
    SolverError,
)
from .model import NormalFormGame
from .solvers import (
    Equilibrium,
    EquilibriumComponent,
    EquilibriumResult,
    Status,
    nash_equilibria,
)

__all__ = [
    "__version__",
    "NormalFormGame",
    "nash_equilibria",
    "Equilibrium",
    "EquilibriumComponent",
    "EquilibriumResult",
    "Status",
    "NegotiationError",
    "InvalidGameError",
    "InvalidProfileError",
    "ScenarioError",
    "FormulaError",
    "NotApplicableError",
    "SolverError",
    "BargainingError",
    "DegenerateGameWarning",
]

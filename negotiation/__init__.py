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

#: Public names that live in modules imported on first use: name -> module.
_LAZY: dict[str, str] = {
    # solvers, one function per method
    "pure_nash_equilibria": "negotiation.solvers.pure",
    "support_enumeration": "negotiation.solvers.support_enumeration",
    "vertex_enumeration": "negotiation.solvers.vertex_enumeration",
    "lemke_howson": "negotiation.solvers.lemke_howson",
    "lemke_howson_all": "negotiation.solvers.lemke_howson",
    "zero_sum_lp": "negotiation.solvers.zero_sum",
    "solve_zero_sum": "negotiation.solvers.zero_sum",
    "ZeroSumSolution": "negotiation.solvers.zero_sum",
    "iterated_elimination": "negotiation.solvers.dominance",
    "DominanceResult": "negotiation.solvers.dominance",
    # interop
    "read_nfg": "negotiation.interop.nfg",
    "NfgFormatError": "negotiation.interop.nfg",
    "write_nfg": "negotiation.interop.nfg",
    "to_nashpy": "negotiation.interop.nashpy_interop",
    "from_pygambit": "negotiation.interop.gambit",
    "to_pygambit": "negotiation.interop.gambit",
    # bargaining
    "BargainingProblem": "negotiation.bargaining",
    "BargainingSolution": "negotiation.bargaining",
    "nash_bargaining_solution": "negotiation.bargaining",
    "kalai_smorodinsky_solution": "negotiation.bargaining",
    "egalitarian_solution": "negotiation.bargaining",
    "utilitarian_solution": "negotiation.bargaining",
    "nash_threat_solution": "negotiation.bargaining",
    "rubinstein": "negotiation.bargaining",
    "RubinsteinResult": "negotiation.bargaining",
    "power_report": "negotiation.bargaining",
    "PowerReport": "negotiation.bargaining",
    # scenarios
    "Scenario": "negotiation.scenarios",
    "load_scenario": "negotiation.scenarios",
    "list_scenarios": "negotiation.scenarios",
    "parse_formula": "negotiation.scenarios",
    "loads_scenario": "negotiation.scenarios",
    "SymbolicGame": "negotiation.scenarios",
    # figures (matplotlib is imported when a function is called)
    "plot_payoff_table": "negotiation.plotting",
    "plot_best_responses": "negotiation.plotting",
    "plot_bargaining": "negotiation.plotting",
    "plot_share_vs_parameter": "negotiation.plotting",
    # the full analysis behind `negotiation analyze`
    "analyze": "negotiation.analysis",
    "Analysis": "negotiation.analysis",
    "EliminationStep": "negotiation.solvers.dominance",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'negotiation' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    *_LAZY,
]

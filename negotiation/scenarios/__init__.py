"""Scenarios: negotiations described as data (TOML files), with safe payoff formulas.

==============================  ==========================================================
name                            what
==============================  ==========================================================
:func:`load_scenario`           a scenario from a ``.toml`` path or a bundled name
:func:`loads_scenario`          a scenario from TOML text
:func:`list_scenarios`          ``(name, title)`` of the bundled scenarios
:class:`Scenario`               the validated scenario: ``game()``, ``symbolic_game()``,
                                ``bargaining_problem()``, ``power_report()``, ...
:class:`SymbolicGame`           a game with sympy payoffs; ``.subs(**values)``
:func:`parse_formula`           the safe formula parser (``ast`` whitelist -> sympy)
==============================  ==========================================================

The file format is documented, with a complete example, in ``games/README.md``.
"""

from .catalog import list_scenarios
from .formula import parse_formula
from .loader import load_scenario, loads_scenario
from .model import Scenario
from .schema import CoalitionSpec, MarketSpec, NegotiationSpec, Parameter, Player, Source
from .symbolic import SymbolicGame

__all__ = [
    "Scenario",
    "SymbolicGame",
    "load_scenario",
    "loads_scenario",
    "list_scenarios",
    "parse_formula",
    "Parameter",
    "Player",
    "Source",
    "NegotiationSpec",
    "MarketSpec",
    "CoalitionSpec",
]

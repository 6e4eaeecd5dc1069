"""Bargaining: problems, axiomatic solutions, alternating offers, threats and the power report.

========================================  ==================================================
name                                      what
========================================  ==================================================
:class:`BargainingProblem`                feasible set (convex, free disposal) + disagreement
:func:`nash_bargaining_solution`          Nash (1950), generalized with weights
:func:`kalai_smorodinsky_solution`        Kalai and Smorodinsky (1975)
:func:`egalitarian_solution`              Kalai (1977), egalitarian and proportional
:func:`utilitarian_solution`              maximal (weighted) sum of payoffs
:func:`nash_threat_solution`              Nash (1953) variable threats of a two-player game
:func:`rubinstein`                        Rubinstein (1982) alternating offers and variants
:func:`power_report`                      who holds the negotiating table, and why
========================================  ==================================================
"""

from __future__ import annotations

from .problem import BargainingProblem
from .report import PowerReport, SideReport, power_report
from .rubinstein import RubinsteinResult, rubinstein
from .solutions import (
    BargainingSolution,
    egalitarian_solution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    utilitarian_solution,
)
from .threats import nash_threat_solution, security_levels

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "nash_bargaining_solution",
    "kalai_smorodinsky_solution",
    "egalitarian_solution",
    "utilitarian_solution",
    "nash_threat_solution",
    "security_levels",
    "rubinstein",
    "RubinsteinResult",
    "power_report",
    "PowerReport",
    "SideReport",
]

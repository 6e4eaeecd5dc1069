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

__all__ = ["BargainingProblem"]

"""Coalitions and markets: transferable-utility games, assignment markets.

So far: :func:`efficient_assignment` of an assignment market (Shapley and Shubik 1971). The core,
the nucleolus and the Shapley value of TU games are planned here.
"""

from .assignment import MARKET_ASSIGNMENT_LIMIT, efficient_assignment

__all__ = ["efficient_assignment", "MARKET_ASSIGNMENT_LIMIT"]

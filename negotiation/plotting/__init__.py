"""Figures (matplotlib, imported only when a plotting function is called).

Every function takes ``ax=None`` (a new figure when omitted) and returns the Axes.
Game pictures live in :mod:`negotiation.plotting.games`, bargaining pictures in
:mod:`negotiation.plotting.bargaining`.
"""

from .bargaining import plot_bargaining, plot_share_vs_parameter
from .games import plot_best_responses, plot_payoff_table

__all__ = ["plot_bargaining", "plot_share_vs_parameter", "plot_best_responses", "plot_payoff_table"]

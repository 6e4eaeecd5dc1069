"""Figures (matplotlib, imported only when a plotting function is called).

Every function takes ``ax=None`` (a new figure when omitted) and returns the Axes.
Game pictures live in :mod:`negotiation.plotting.games`, bargaining pictures in
:mod:`negotiation.plotting.bargaining`.
"""

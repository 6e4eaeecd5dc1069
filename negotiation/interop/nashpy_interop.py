"""Conversion to :class:`nashpy.Game` (the reverse is :meth:`NormalFormGame.from_nashpy`).

nashpy works in floats on two-player games; exact payoffs are rounded to the nearest double.

References
----------
Knight, V. and Campbell, J. (2018), "Nashpy: A Python library for the computation of Nash
equilibria", Journal of Open Source Software 3(30), 904.
"""

from __future__ import annotations

from typing import Any

from ..model.normal_form import NormalFormGame
from ..numeric import to_float_array
from ..solvers._common import require_two_players

__all__ = ["to_nashpy"]


def to_nashpy(game: NormalFormGame) -> Any:
    """The game as a :class:`nashpy.Game` with float payoff matrices ``A`` (row) and ``B`` (column).

    Labels and names are dropped (nashpy has none). Raises
    :class:`~negotiation.errors.NotApplicableError` for games with more than two players.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> ng = to_nashpy(g)
    >>> ng.payoff_matrices[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    >>> NormalFormGame.from_nashpy(ng) == g.to_float()
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"to_nashpy needs a NormalFormGame, got {type(game).__name__}")
    require_two_players(game, "to_nashpy")
    import nashpy

    A, B = (to_float_array(m) for m in game.bimatrix())
    return nashpy.Game(A, B)

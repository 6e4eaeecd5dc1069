"""Equilibrium solvers: free functions, one module per family, one result type.

``nash_equilibria(game, method="auto")`` dispatches through :data:`METHODS`, the one explicit
table of methods. Each method is also importable on its own.

==========================  =========  ==========  ===========================================
method                      players    arithmetic  finds
==========================  =========  ==========  ===========================================
``pure``                    n          exact/float all pure equilibria (mixed not searched)
``support_enumeration``     2          exact/float all equilibria (nondegenerate); degenerate
                                                   games are detected and reported
``vertex_enumeration``      2          exact/float all extreme equilibria and the components
``lemke_howson``            2          exact/float one equilibrium, large games; with
                                                   ``initial_label="any"`` (what ``"auto"``
                                                   passes) the first label whose path is short
``lemke_howson_all``        2          exact/float the equilibria reached from every label
``zero_sum_lp``             2 (zero-   exact/float value and one pair of optimal strategies
                            sum)
==========================  =========  ==========  ===========================================
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame
from .result import Equilibrium, EquilibriumComponent, EquilibriumResult, Status

__all__ = [
    "METHODS",
    "nash_equilibria",
    "Equilibrium",
    "EquilibriumComponent",
    "EquilibriumResult",
    "Status",
]

#: method name -> "module:function" (resolved on first use, so importing stays light).
METHODS: dict[str, str] = {
    "pure": "pure:pure_nash_equilibria",
    "support_enumeration": "support_enumeration:support_enumeration",
    "vertex_enumeration": "vertex_enumeration:vertex_enumeration",
    "lemke_howson": "lemke_howson:lemke_howson",
    "lemke_howson_all": "lemke_howson:lemke_howson_all",
    "zero_sum_lp": "zero_sum:zero_sum_lp",
}

#: Largest two-player game (product of action counts) that ``method="auto"`` enumerates fully.
AUTO_ENUMERATION_LIMIT = 400


def solver(method: str) -> Callable[..., EquilibriumResult]:
    """The function behind a method name of :data:`METHODS`."""
    try:
        target = METHODS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; choose from {sorted(METHODS)} or 'auto'") from None
    module, func = target.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


def auto_method(game: NormalFormGame) -> str:
    """The method ``"auto"`` picks: complete enumeration when affordable, else one equilibrium."""
    if game.n_players != 2:
        return "pure"
    m, n = game.shape
    return "vertex_enumeration" if m * n <= AUTO_ENUMERATION_LIMIT else "lemke_howson"


def nash_equilibria(game: NormalFormGame, method: str = "auto", **options: Any) -> EquilibriumResult:
    """Nash equilibria of ``game`` by ``method`` (see the table in this module's docstring).

    ``"auto"`` uses vertex enumeration for two-player games up to 400 profiles (complete, also on
    degenerate games), Lemke–Howson beyond (one equilibrium, status ``PARTIAL``), and pure
    equilibria for more players (status ``PARTIAL``). Options are passed to the method. For
    Lemke–Howson, ``"auto"`` passes ``initial_label="any"`` unless ``initial_label`` is given:
    the labels are searched, with a per-label pivot budget doubled every round, for the first
    path that ends at an equilibrium, since one label's path can be very long where another's is
    short (on a random 400x400 game label 0's path passed 10^6 pivots while label 2's took 31);
    ``max_pivots`` then bounds the total (see :func:`~negotiation.solvers.lemke_howson.lemke_howson`).

    Examples
    --------
    >>> from negotiation import NormalFormGame, nash_equilibria
    >>> pennies = NormalFormGame.zero_sum([[1, -1], [-1, 1]])
    >>> result = nash_equilibria(pennies)
    >>> result[0]["Row"]
    {'a0': Fraction(1, 2), 'a1': Fraction(1, 2)}
    >>> result.status.value, result[0].regret
    ('complete', Fraction(0, 1))

    A 30x30 game (900 profiles) goes to Lemke–Howson, which searches the labels:

    >>> import numpy as np
    >>> big = NormalFormGame.from_bimatrix(*np.random.default_rng(0).standard_normal((2, 30, 30)))
    >>> result = nash_equilibria(big)
    >>> result.method, result.status.value, len(result), result.options["initial_label"]
    ('lemke_howson', 'partial', 1, 'any')
    >>> result.options["label"], result.options["pivots"], result.options["pivots_total"]
    (2, 4, 36)
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    chosen = auto_method(game) if method == "auto" else method
    if chosen not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {sorted(METHODS)} or 'auto'")
    if chosen != "pure" and game.n_players != 2:
        raise NotApplicableError(f"{chosen} needs a two-player game; this one has {game.n_players} players")
    if method == "auto" and chosen == "lemke_howson":
        options.setdefault("initial_label", "any")  # the first label whose path is short, not label 0's path
    return solver(chosen)(game, **options)

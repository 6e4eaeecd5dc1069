"""Conversion to and from pygambit games (optional; pygambit is GPL and never required).

pygambit is imported inside the functions. Install it with the ``gambit`` extra
(``pip install "negotiation[gambit]"``).

Exactness: pygambit keeps payoffs as exact numbers (``pygambit.Rational`` for ``p/q``,
``decimal.Decimal`` for decimals). :func:`to_pygambit` passes an exact game's payoffs as
Rationals; a float game's payoffs become decimals ``repr(x)`` (pygambit's own behaviour for
floats), except that floats of magnitude 1e16 or more, whose ``repr`` has an exponent ``e+``
that pygambit 16.7 refuses ("Invalid value"), are passed as the integer that decimal stands
for. :func:`from_pygambit` reads both kinds exactly (a decimal ``0.1`` is one tenth, the
package's convention); pass ``exact=False`` for a float game, which recovers a float game sent
with :func:`to_pygambit` exactly.

References
----------
McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016), "Gambit: Software Tools for Game
Theory", version 16.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InvalidGameError, NotApplicableError
from ..model.normal_form import MAX_PROFILES, NormalFormGame

__all__ = ["to_pygambit", "from_pygambit"]


def _import_pygambit() -> Any:
    try:
        import pygambit
    except ImportError as exc:
        raise ImportError(
            "pygambit is not installed; it is an optional dependency (GPL) of negotiation: "
            'install it with pip install "negotiation[gambit]"'
        ) from exc
    return pygambit


_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


def _check_label(text: str, what: str, *, title: bool = False) -> None:
    """Raise NotApplicableError for text pygambit (16.7) refuses, rather than its bare error."""
    if not _PRINTABLE_ASCII.fullmatch(text) and not (title and text.isascii()):
        raise NotApplicableError(f"pygambit accepts only ASCII text; {what} {text!r} is not")
    if not title and (text != text.strip() or "  " in text):
        raise NotApplicableError(
            f"pygambit refuses labels with leading, trailing or doubled spaces; {what} {text!r} has them"
        )


def _gambit_float(gbt: Any, x: float) -> Any:
    """A float as pygambit takes it: itself, or for ``repr`` forms like ``1e+16`` (which pygambit
    16.7 refuses) the integer that decimal stands for, as a ``pygambit.Rational``."""
    text = repr(x)
    if "e+" in text:  # |x| >= 1e16: the shortest decimal has at most 17 digits, so it is an integer
        return gbt.Rational(int(Fraction(text)), 1)
    return x


def to_pygambit(game: NormalFormGame) -> Any:
    """The game as a strategic-form :class:`pygambit.Game`, with its title, names and labels.

    Exact games keep exact payoffs (``pygambit.Rational``); float games are passed as
    ``repr`` decimals (as integers from 1e16 on, see the module docstring), so
    ``from_pygambit(to_pygambit(g), exact=False) == g``. pygambit (16.7) accepts only labels of
    printable ASCII without leading, trailing or doubled spaces, and an ASCII title; other text
    raises :class:`~negotiation.errors.NotApplicableError` naming it (rename with
    :meth:`~negotiation.NormalFormGame.with_labels`).

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([["1/3", 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                  actions=[["U", "D"], ["L", "R"]])
    >>> pg = to_pygambit(g)
    >>> [s.label for s in list(pg.players)[0].strategies]
    ['U', 'D']
    >>> from_pygambit(pg) == g
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"to_pygambit needs a NormalFormGame, got {type(game).__name__}")
    gbt = _import_pygambit()
    _check_label(game.title, "the title", title=True)
    for name, labels in zip(game.players, game.actions, strict=True):
        _check_label(name, "player name")
        for label in labels:
            _check_label(label, f"strategy label of player {name!r}")
    pg = gbt.Game.new_table(list(game.shape))
    pg.title = game.title
    players = list(pg.players)
    for player, name, labels in zip(players, game.players, game.actions, strict=True):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    if game.is_exact:
        table = np.empty(game.payoffs.shape, dtype=object)
        table.reshape(-1)[:] = [gbt.Rational(v.numerator, v.denominator) for v in game.payoffs.reshape(-1)]
    else:
        table = np.empty(game.payoffs.shape, dtype=object)
        table.reshape(-1)[:] = [_gambit_float(gbt, x) for x in game.payoffs.reshape(-1).tolist()]
    # one outcome per profile, as new_table creates them; setting cells directly is linear in the
    # table size (pygambit's from_arrays and its .nfg reader are much slower on large games)
    for profile in itertools.product(*(range(k) for k in game.shape)):
        outcome = pg[list(profile)]
        key: tuple[slice | int, ...] = (slice(None), *profile)
        cell = table[key]
        for player, value in zip(players, cell.tolist(), strict=True):
            outcome[player] = value
    return pg


def from_pygambit(g: Any, *, exact: bool | None = None) -> NormalFormGame:
    """A :class:`~negotiation.NormalFormGame` from a strategic-form pygambit game.

    Parameters
    ----------
    g:
        A ``pygambit.Game`` in strategic form (``g.is_tree`` false). Null outcomes count as
        zero payoffs. Empty names or labels become their 1-based position.
    exact:
        ``None`` (default): exact when every payoff is rational (pygambit's Rationals and
        decimals always are); ``False`` gives floats (each payoff rounded to the nearest double).

    Raises
    ------
    NotApplicableError
        For extensive-form games (convert them in pygambit first) and games with fewer than two
        players.

    Examples
    --------
    >>> import pygambit
    >>> pg = pygambit.Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> from_pygambit(pg).payoff([0, 0])
    (Fraction(1, 1), Fraction(1, 1))
    """
    gbt = _import_pygambit()
    if not isinstance(g, gbt.Game):
        raise TypeError(f"from_pygambit needs a pygambit.Game, got {type(g).__name__}")
    if g.is_tree:
        raise NotApplicableError(
            "from_pygambit reads strategic-form games; this pygambit game is an extensive-form tree"
        )
    players = list(g.players)
    if len(players) < 2:
        raise NotApplicableError(f"a strategic game needs at least 2 players; this one has {len(players)}")
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    if int(np.prod(shape, dtype=object)) > MAX_PROFILES:
        raise InvalidGameError(f"game too large: {shape} has more than {MAX_PROFILES} profiles")
    n = len(players)
    values: list[Any] = []
    all_rational = True
    zero = Fraction(0)
    for profile in itertools.product(*(range(k) for k in shape)):
        outcome = g[list(profile)]
        if outcome is None:
            values.extend([zero] * n)
            continue
        for p in players:
            v = outcome[p]
            if isinstance(v, float):
                all_rational = False
            values.append(v)
    use_exact = all_rational if exact is None else exact
    try:
        if use_exact:
            flat = np.empty(len(values), dtype=object)
            flat[:] = [Fraction(v) for v in values]
        else:
            flat = np.array([float(v) for v in values], dtype=float)
    except (ValueError, OverflowError, TypeError) as exc:
        raise InvalidGameError(f"pygambit game has a payoff that is not a finite number: {exc}") from None
    payoffs = np.moveaxis(flat.reshape(*shape, n), -1, 0)
    names = [p.label if p.label.strip() else str(i + 1) for i, p in enumerate(players)]
    labels = [[s.label if s.label.strip() else str(k + 1) for k, s in enumerate(strats)] for strats in strategies]
    return NormalFormGame(payoffs, names, labels, title=g.title or "", exact=use_exact)

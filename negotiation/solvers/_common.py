"""Small shared pieces of the solver wrappers: arithmetic choice and applicability checks."""

from __future__ import annotations

from fractions import Fraction

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame

__all__ = ["resolve_arithmetic", "require_two_players", "check_rtol", "float_image_loss"]

ARITHMETICS = ("auto", "exact", "float")


def resolve_arithmetic(game: NormalFormGame, arithmetic: str, *, method: str, exact_supported: bool = True) -> str:
    """Turn ``"auto" | "exact" | "float"`` into the arithmetic a method will use.

    ``"auto"`` follows the game: exact payoffs give exact arithmetic where the method has it.
    Asking for ``"exact"`` from a method without it is a :class:`NotApplicableError`, and so is
    float arithmetic on an exact game whose float image is another game (:func:`float_image_loss`).
    """
    if arithmetic not in ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {ARITHMETICS}, got {arithmetic!r}")
    if arithmetic == "auto":
        arithmetic = "exact" if (game.is_exact and exact_supported) else "float"
    if arithmetic == "exact" and not exact_supported:
        raise NotApplicableError(f"{method} has no exact arithmetic; use arithmetic='float'")
    lost = float_image_loss(game) if arithmetic == "float" else None
    if lost:
        raise NotApplicableError(f"{method} in float arithmetic: {lost}; use exact arithmetic or rescale the payoffs")
    return arithmetic


#: A player's float payoffs spread less than this (2**-960) resolve nothing: see :func:`float_image_loss`.
FLOAT_SPREAD_FLOOR = 2.0**-960


def float_image_loss(game: NormalFormGame) -> str | None:
    """Why the float image of an exact game is another game, or ``None`` when it is not.

    When every float payoff of a player is equal (``1`` and ``1 + 2**-60``) or differs by less than
    ``FLOAT_SPREAD_FLOOR`` (entries near ``2**-1100`` underflow to zero) while the exact payoffs
    differ, the float game is another game, in which that player is indifferent everywhere; its
    equilibria, certified in floats, need not be equilibria of the given game. The exact table is
    scanned only for a player whose float payoffs spread less than the floor.
    """
    if not game.is_exact:
        return None
    for i, (lo, hi) in enumerate(game.payoff_bounds()):
        if hi - lo >= FLOAT_SPREAD_FLOOR:
            continue
        values = game.payoffs[i].reshape(-1)
        spread = max(values) - min(values)
        if spread > 0:
            size = Fraction(spread)
            power = size.numerator.bit_length() - size.denominator.bit_length()  # spread ~ 2**power
            return (f"{game.players[i]}'s payoffs differ by up to about 2**{power}, which float64 does not resolve "
                    f"(as floats they differ by {hi - lo:.3g}): the float game would be another game")
    return None


def require_two_players(game: NormalFormGame, method: str) -> None:
    """Raise :class:`NotApplicableError` unless the game has two players."""
    if game.n_players != 2:
        raise NotApplicableError(f"{method} needs a two-player game; this one has {game.n_players} players")


def check_rtol(rtol: float) -> float:
    """Validate a relative tolerance."""
    rtol = float(rtol)
    if not (0 <= rtol < 1):
        raise ValueError(f"rtol must be in [0, 1), got {rtol!r}")
    return rtol

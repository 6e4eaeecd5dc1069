"""Small shared pieces of the solver wrappers: arithmetic choice and applicability checks."""

from __future__ import annotations

from ..errors import NotApplicableError
from ..model.normal_form import NormalFormGame

__all__ = ["resolve_arithmetic", "require_float_image", "require_two_players", "check_rtol"]

ARITHMETICS = ("auto", "exact", "float")

#: What to do about an exact game whose float image is another game.
FLOAT_LOSS_ADVICE = "use exact arithmetic, or subtract a constant from the payoffs and scale them"


def resolve_arithmetic(game: NormalFormGame, arithmetic: str, *, method: str, exact_supported: bool = True) -> str:
    """Turn ``"auto" | "exact" | "float"`` into the arithmetic a method will use.

    ``"auto"`` follows the game: exact payoffs give exact arithmetic where the method has it.
    Asking for ``"exact"`` from a method without it is a :class:`NotApplicableError`, and so is
    float arithmetic on an exact game whose float image is another game
    (:meth:`~negotiation.model.normal_form.NormalFormGame.float_image_loss`).
    """
    if arithmetic not in ARITHMETICS:
        raise ValueError(f"arithmetic must be one of {ARITHMETICS}, got {arithmetic!r}")
    if arithmetic == "auto":
        arithmetic = "exact" if (game.is_exact and exact_supported) else "float"
    if arithmetic == "exact" and not exact_supported:
        raise NotApplicableError(f"{method} has no exact arithmetic; use arithmetic='float'")
    if arithmetic == "float":
        require_float_image(game, f"{method} in float arithmetic")
    return arithmetic


def require_float_image(game: NormalFormGame, what: str) -> None:
    """:class:`NotApplicableError` naming ``what`` when ``game`` is exact and rounding it to float64 makes
    another game (:meth:`~negotiation.model.normal_form.NormalFormGame.float_image_loss`)."""
    lost = game.float_image_loss()
    if lost:
        raise NotApplicableError(f"{what}: {lost}; {FLOAT_LOSS_ADVICE}")


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

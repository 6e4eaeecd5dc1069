"""Exceptions and warnings raised by :mod:`negotiation`.

Every error is raised at the boundary where bad input enters, and says what was wrong and where
(file, field, player, action). All errors derive from :class:`NegotiationError`; errors about
bad input also derive from :class:`ValueError` so that generic handlers keep working.
"""

from __future__ import annotations

__all__ = [
    "NegotiationError",
    "InvalidGameError",
    "InvalidProfileError",
    "ScenarioError",
    "FormulaError",
    "NotApplicableError",
    "SolverError",
    "BargainingError",
    "DegenerateGameWarning",
]


class NegotiationError(Exception):
    """Base class of every error raised by this package."""


class InvalidGameError(NegotiationError, ValueError):
    """A game could not be built: bad shape, NaN payoff, duplicate label, ..."""


class InvalidProfileError(NegotiationError, ValueError):
    """A strategy profile is malformed: wrong length, negative or non-normalized probabilities."""


class ScenarioError(NegotiationError, ValueError):
    """A scenario file is invalid. The message names the file, the field and the value.

    Parameters
    ----------
    message:
        What is wrong.
    file:
        The scenario file (path or bundled name), if known.
    field:
        Dotted path of the offending field inside the file, e.g. ``payoffs.lab[2]``.
    value:
        The offending text or value, shortened for display.
    """

    def __init__(
        self, message: str, *, file: str | None = None, field: str | None = None, value: object = None
    ) -> None:
        self.reason = message
        self.file = file
        self.field = field
        self.value = value
        super().__init__(self._format())

    def _format(self) -> str:
        where = ": ".join(p for p in (self.file, self.field) if p)
        text = f"{where}: {self.reason}" if where else self.reason
        if self.value is not None:
            shown = repr(self.value)
            if len(shown) > 120:
                shown = shown[:117] + "..."
            text += f" (got {shown})"
        return text

    def located(self, *, file: str | None = None, field: str | None = None) -> ScenarioError:
        """Return a copy of this error with the file and/or an outer field prefix filled in."""
        new_field = self.field
        if field:
            new_field = f"{field}.{self.field}" if self.field else field
        err = type(self)(self.reason, file=file or self.file, field=new_field, value=self.value)
        return err


class FormulaError(ScenarioError):
    """A payoff formula is not allowed (unknown name, forbidden syntax, too large, ...)."""


class NotApplicableError(NegotiationError, ValueError):
    """The method does not apply to this game (e.g. a two-player method on three players)."""


class SolverError(NegotiationError, RuntimeError):
    """A solver failed in a way that is not the caller's fault (numerical breakdown, ...)."""


class BargainingError(NegotiationError, ValueError):
    """A bargaining problem is invalid (infeasible disagreement point, nothing to bargain over)."""


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may form continua; components are reported."""

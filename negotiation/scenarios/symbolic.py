"""A game whose payoffs are sympy formulas of named parameters.

:class:`SymbolicGame` is what :meth:`Scenario.symbolic_game
<negotiation.scenarios.model.Scenario.symbolic_game>` returns: the players, their actions, a
read-only ``object`` array of sympy payoffs in the package's layout
``payoffs[i, a_0, ..., a_{n-1}]``, and the parameters (with defaults and ranges).
:meth:`SymbolicGame.subs` turns it into a numeric :class:`~negotiation.model.NormalFormGame`.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..errors import InvalidGameError, ScenarioError
from ..model.normal_form import NormalFormGame
from .schema import FrozenMap, Parameter, evaluate_formula, resolve_values, symbol_values

__all__ = ["SymbolicGame", "instantiate"]


def instantiate(
    players: Sequence[str],
    actions: Sequence[Sequence[str]],
    payoffs: np.ndarray,
    values: Mapping[str, Any],
    *,
    file: str,
    title: str = "",
) -> NormalFormGame:
    """Evaluate a sympy payoff array at validated parameter ``values`` into a numeric game.

    Exact when every value is exact and every payoff stays rational; floats otherwise. A payoff
    that is undefined, infinite, complex or too large is a
    :class:`~negotiation.errors.ScenarioError` naming the profile and the player.
    """
    sv = symbol_values(values)
    n = len(players)
    out = np.empty(payoffs.shape, dtype=object)
    for idx in itertools.product(*(range(len(a)) for a in actions)):
        key = "/".join(actions[i][k] for i, k in enumerate(idx))
        for i in range(n):
            field = f"payoffs.{key!r}[{i}]"
            what = f"the payoff of {players[i]!r} at profile {key!r}"
            value = evaluate_formula(payoffs[(i, *idx)], sv, file=file, field=field, what=what)
            if abs(Fraction(value)) > _FLOAT_MAX:  # exact comparison (a float payoff is finite here)
                raise ScenarioError(
                    f"{what} is about {_magnitude(value)}, beyond the float64 range (about 1.8e308) that "
                    "tolerances and the solvers need; rescale the formula", file=file, field=field,
                    value=str(payoffs[(i, *idx)]))
            out[(i, *idx)] = value
    any_float = any(isinstance(v, float) for v in values.values())
    try:
        return NormalFormGame(out, list(players), [list(a) for a in actions], title=title,
                              exact=False if any_float else None)
    except InvalidGameError as exc:  # e.g. a payoff spread beyond the float range
        raise ScenarioError(f"the payoffs do not form a usable game: {exc}", file=file, field="payoffs") from None


_FLOAT_MAX = Fraction(sys.float_info.max)


def _magnitude(value: Fraction | float) -> str:
    """``"1e331"`` for a number too large to print or convert to float."""
    q = Fraction(value)
    digits = math.log10(abs(q.numerator)) - math.log10(q.denominator)
    return f"{'-' if q < 0 else ''}1e{digits:.0f}"


@dataclass(frozen=True, eq=False)
class SymbolicGame:
    """A finite game in strategic form whose payoffs are sympy expressions of parameters.

    Attributes
    ----------
    players:
        Player names.
    actions:
        Action labels per player.
    payoffs:
        Read-only ``object`` array of shape ``(n_players, a_1, ..., a_n)`` of sympy expressions.
    parameters:
        Parameter name -> :class:`~negotiation.scenarios.schema.Parameter` (default, range, ...).
    title:
        Free text.
    file:
        Where the formulas come from (for error messages).

    Examples
    --------
    >>> from negotiation.scenarios import load_scenario
    >>> sg = load_scenario("prisoners_dilemma").symbolic_game()
    >>> sg.payoff(["Cooperate", "Defect"])
    (sucker, temptation)
    >>> sg.subs(temptation=6).payoff(["Defect", "Cooperate"])
    (Fraction(6, 1), Fraction(0, 1))
    """

    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    parameters: Mapping[str, Parameter]
    title: str = ""
    file: str = ""

    def __post_init__(self) -> None:
        arr = np.array(self.payoffs, dtype=object, copy=True)
        arr.setflags(write=False)
        object.__setattr__(self, "payoffs", arr)
        object.__setattr__(self, "parameters", FrozenMap(self.parameters))

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.actions)

    @property
    def symbols(self) -> frozenset[sympy.Symbol]:
        """The parameter symbols the payoffs actually use."""
        out: set[sympy.Symbol] = set()
        for expr in self.payoffs.reshape(-1):
            out |= expr.free_symbols
        return frozenset(out)

    def payoff(self, profile: Sequence[int | str]) -> tuple[sympy.Expr, ...]:
        """Payoff formulas at a pure profile (action indices or labels)."""
        if len(profile) != self.n_players:
            raise ValueError(f"a pure profile needs {self.n_players} actions, got {len(profile)}")
        idx = []
        for i, a in enumerate(profile):
            if isinstance(a, str):
                if a not in self.actions[i]:
                    raise ValueError(f"unknown action {a!r} of player {self.players[i]!r}; "
                                     f"actions are {list(self.actions[i])}")
                idx.append(self.actions[i].index(a))
            else:
                idx.append(int(a))
        key: tuple[slice | int, ...] = (slice(None), *idx)
        return tuple(self.payoffs[key])

    def values(self, **overrides: Any) -> FrozenMap:
        """Parameter defaults with ``overrides`` applied (validated names and ranges)."""
        return resolve_values(self.parameters, overrides, file=self.file)

    def subs(self, **values: Any) -> NormalFormGame:
        """The numeric game at the given parameter values (defaults for the others).

        Unknown names and values outside a parameter's range raise
        :class:`~negotiation.errors.ScenarioError`.
        """
        return instantiate(self.players, self.actions, self.payoffs, self.values(**values), file=self.file,
                           title=self.title)

    def table(self) -> str:
        """Plain-text listing of the payoff formulas, one line per profile."""
        lines = [" / ".join(self.players) + " : payoffs"]
        for idx in itertools.product(*(range(len(a)) for a in self.actions)):
            labels = "/".join(self.actions[i][k] for i, k in enumerate(idx))
            pays = "; ".join(str(self.payoffs[(i, *idx)]) for i in range(self.n_players))
            lines.append(f"{labels} : {pays}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.shape))
        title = f" {self.title!r}" if self.title else ""
        return f"<SymbolicGame{title} {shape} players={list(self.players)} parameters={list(self.parameters)}>"

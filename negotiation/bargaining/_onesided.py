"""One-sided analysis of closed forms at a parameter value: signs, branches and ties.

The power report differentiates closed forms that hold where a list of recorded conditions holds
(see :mod:`negotiation.bargaining._numbers`). When the defaults sit on a *tie* (a recorded equality,
or a ``Max``/``Min``/``Abs``/``Piecewise`` of the inputs exactly at a switch), the closed form at the
defaults is valid only on a surface and its derivative need not be the derivative of the report's
quantity. This module decides, exactly, what holds just to one side of the default value ``p0`` of
one parameter ``p``, all other parameters fixed:

* the sign of an expression ``e(p0 + sigma*t)`` for all small ``t > 0`` (:meth:`Side.sign`): the sign
  of the first non-zero Taylor coefficient ``e^(k)(p0) * sigma**k`` (exact for rational functions
  and for analytic expressions whose first ``MAX_ORDER`` derivatives at ``p0`` are not all zero);
* the truth of a condition there (:meth:`Side.truth`);
* the branch of each ``Max``/``Min``/``Abs``/``Piecewise`` active there (:meth:`Side.resolve`).

A closed form whose recorded conditions all hold just to one side of ``p0`` (and which is
continuous at ``p0``, as the bargaining solutions are) has the report's one-sided derivative at
``p0``: the derivative of the closed form there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from ._numbers import Arith, as_expr, free_symbols

__all__ = ["MAX_ORDER", "Side", "Undecided", "equality_symbols", "tie_symbols"]

#: Highest Taylor order examined before a sign counts as zero.
MAX_ORDER = 8

_PIECEWISE = (sympy.Max, sympy.Min, sympy.Abs, sympy.Piecewise)


class Undecided(Exception):
    """A sign or branch could not be decided just to one side of the value (e.g. a pole)."""


class Side:
    """What holds at ``p0 + sigma*t`` for small ``t > 0`` (``sigma`` = +1: right, -1: left).

    Parameters
    ----------
    symbol:
        The parameter ``p``.
    value:
        Its default ``p0`` (a sympy number).
    sigma:
        +1 or -1.
    others:
        Values of the other symbols (substituted first).

    Examples
    --------
    >>> import sympy
    >>> a = sympy.Symbol("a")
    >>> right, left = Side(a, sympy.Integer(3), 1, {}), Side(a, sympy.Integer(3), -1, {})
    >>> right.sign(a - 3), left.sign(a - 3), right.sign((a - 3) ** 2), left.sign(-(a - 3) ** 3)
    (1, -1, 1, 1)
    >>> right.resolve(sympy.Max(a, 6 - a)), left.resolve(sympy.Max(a, 6 - a))
    (a, 6 - a)
    """

    def __init__(self, symbol: sympy.Symbol, value: Any, sigma: int, others: Mapping[sympy.Symbol, Any]) -> None:
        self.symbol = symbol
        self.value = value
        self.sigma = 1 if sigma > 0 else -1
        self.others = dict(others)
        self._numbers = Arith("symbolic")

    def substitute(self, e: Any) -> Any:
        """``e`` with the other symbols replaced by their values."""
        e = as_expr(e)
        return e.subs(self.others) if self.others and e.free_symbols else e

    def sign(self, e: Any) -> int:
        """Sign of ``e`` just to this side of ``p0`` (0: zero there to order :data:`MAX_ORDER`)."""
        e = self.resolve(self.substitute(e))
        if self.symbol not in e.free_symbols:
            return self._number_sign(e)
        dk = e
        for k in range(MAX_ORDER + 1):
            if k:
                dk = sympy.diff(dk, self.symbol)
            s = self._number_sign(dk.subs(self.symbol, self.value))
            if s:
                return s * (self.sigma**k)
        return 0

    def _number_sign(self, v: Any) -> int:
        v = as_expr(v)
        if v.free_symbols or v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise Undecided(f"cannot evaluate {v}")
        try:
            return self._numbers.sign(v)
        except Exception as exc:  # noqa: BLE001 - sympy may fail on odd numbers; undecided then
            raise Undecided(str(exc)) from None

    def truth(self, cond: Any) -> bool:
        """Whether a condition (relational or boolean combination) holds just to this side."""
        if cond is sympy.true or cond is True:
            return True
        if cond is sympy.false or cond is False:
            return False
        if isinstance(cond, sympy.And):
            return all(self.truth(c) for c in cond.args)
        if isinstance(cond, sympy.Or):
            return any(self.truth(c) for c in cond.args)
        if isinstance(cond, sympy.Not):
            return not self.truth(cond.args[0])
        if isinstance(cond, sympy.core.relational.Relational):
            s = self.sign(cond.lhs - cond.rhs)
            op = cond.rel_op
            return {
                ">": s > 0, ">=": s >= 0, "<": s < 0, "<=": s <= 0, "==": s == 0, "!=": s != 0,
            }[op]
        raise Undecided(f"cannot decide the condition {cond}")

    def resolve(self, e: Any) -> Any:
        """``e`` with every ``Max``, ``Min``, ``Abs`` and ``Piecewise`` replaced by its branch active
        just to this side of ``p0``."""
        if not isinstance(e, sympy.Basic) or e.is_Atom or not e.has(*_PIECEWISE):
            return e
        if isinstance(e, (sympy.Max, sympy.Min)):
            args = [self.resolve(a) for a in e.args]
            best = args[0]
            for a in args[1:]:
                s = self.sign(a - best)
                if (s > 0 and isinstance(e, sympy.Max)) or (s < 0 and isinstance(e, sympy.Min)):
                    best = a
            return best
        if isinstance(e, sympy.Abs):
            x = self.resolve(e.args[0])
            return x if self.sign(x) >= 0 else -x
        if isinstance(e, sympy.Piecewise):
            for piece in e.args:
                if self.truth(piece.cond):
                    return self.resolve(piece.expr)
            raise Undecided(f"no branch of {e} holds")
        return e.func(*[self.resolve(a) for a in e.args])


def equality_symbols(conditions: Iterable[Any]) -> set[sympy.Symbol]:
    """Free symbols of the recorded equalities (ties) among ``conditions``."""
    return free_symbols(c for c in conditions if isinstance(c, sympy.Eq))


def tie_symbols(expr: Any, values: Mapping[sympy.Symbol, Any]) -> set[sympy.Symbol]:
    """Symbols of the ``Max``/``Min``/``Abs``/``Piecewise`` parts of ``expr`` that sit exactly at a switch
    at ``values`` (two arguments of a Max or Min equal and extreme, the argument of Abs zero, or a
    Piecewise condition's two sides equal)."""
    if not isinstance(expr, sympy.Basic) or not expr.has(*_PIECEWISE):
        return set()
    out: set[sympy.Symbol] = set()
    for part in expr.atoms(*_PIECEWISE):
        if _at_switch(part, values):
            out |= part.free_symbols  # type: ignore[arg-type]
    return out


def _value(e: Any, values: Mapping[sympy.Symbol, Any]) -> Any:
    v = as_expr(e).subs(values)
    return sympy.nsimplify(v) if v.is_Float else v


def _at_switch(part: Any, values: Mapping[sympy.Symbol, Any]) -> bool:
    try:
        if isinstance(part, (sympy.Max, sympy.Min)):
            vals = [_value(a, values) for a in part.args]
            extreme = max(vals) if isinstance(part, sympy.Max) else min(vals)
            return sum(1 for v in vals if sympy.simplify(v - extreme) == 0) > 1
        if isinstance(part, sympy.Abs):
            return sympy.simplify(_value(part.args[0], values)) == 0
        rels = [r for piece in part.args for r in _relationals(piece.cond)]
        return any(sympy.simplify(_value(r.lhs - r.rhs, values)) == 0 for r in rels)
    except (TypeError, ValueError):  # values that do not compare: treat as a switch (one-sided analysis)
        return True


def _relationals(cond: Any) -> list[Any]:
    if isinstance(cond, sympy.core.relational.Relational):
        return [cond]
    if isinstance(cond, (sympy.And, sympy.Or, sympy.Not)):
        return [r for c in cond.args for r in _relationals(c)]
    return []

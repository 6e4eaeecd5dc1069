"""Numbers of a bargaining computation: exact, float or symbolic, and how to compare them.

A bargaining problem works in one of three *kinds* of arithmetic, chosen from its inputs:

``"exact"``
    every input is an int, :class:`~fractions.Fraction`, a sympy rational or numeric text
    (``"1/3"``, ``"0.1"`` is one tenth); values are ``Fraction``.
``"float"``
    some input is a float; values are ``float`` and comparisons use tolerances relative to each
    player's payoff range (see *Float tolerances* below).
``"symbolic"``
    some input is a sympy expression with free symbols (or an irrational constant such as
    ``sqrt(2)``); values are sympy expressions.

Every branch of an algorithm (which frontier segment holds the solution, which constraint binds)
is a sign decision. :meth:`Arith.sign` decides it exactly; in symbolic arithmetic it first asks
sympy (using the symbols' assumptions) and, when sympy cannot tell, evaluates the expression at
the problem's parameter values and *records* the decision as a condition (a sympy relational).
The closed forms returned are valid wherever those conditions hold. Without parameter values an
undecidable sign is a :class:`~negotiation.errors.BargainingError` naming the expression.

Float tolerances
----------------
Each player ``i`` has a payoff *range* ``s_i`` (spread ``max - min`` of its payoffs in the problem,
1 when they are all equal) and a *magnitude* ``m_i`` (largest ``|payoff|``). A payoff of player
``i`` is resolved to ``t_i = rtol * s_i + ROUNDING * eps * m_i``: the relative tolerance of the
package (:data:`negotiation.numeric.DEFAULT_RTOL`, relative to the range as in
:mod:`negotiation.numeric`) plus what float64 cannot resolve in numbers of that size (Higham 2002,
*Accuracy and Stability of Numerical Algorithms*, sec. 3.1). A quantity is compared in its own
units: ``u0**k0 * u1**k1`` (``units=(k0, k1)``) gets
``s0**k0 * s1**k1 * (rtol + ROUNDING * eps * (k0*m0/s0 + k1*m1/s1))``, so a cross product of two
payoff differences (units ``u0*u1``) is compared with ``~ rtol * s0 * s1``, never with a square
of one scale. A positive affine map ``a*u_i + b`` of one player's utility multiplies ``s_i``, and
with it every tolerance, by the same power of ``a`` as the quantity compared, so every decision is
the same (the rounding term grows with ``|b|`` only as far as float64 itself loses digits of
payoffs far from zero). Dimensionless inputs (weights, probabilities, discount factors) are
checked exactly, never against payoff units; callers with an expression of mixed units pass its
first-order sensitivity to the players' resolutions as ``atol``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from .._frozen import FrozenMap
from ..errors import BargainingError
from ..numeric import DEFAULT_RTOL, format_number, to_fraction

__all__ = [
    "Arith", "FrozenMap", "ROUNDING", "U0", "U1", "U01", "as_expr", "detect_kind", "evaluate", "is_symbolic",
    "free_symbols", "json_number", "parameter_values",
]

KINDS = ("exact", "float", "symbolic")

#: Units of a payoff of player 0, of player 1, and of a product of one of each (cross products).
U0 = (1, 0)
U1 = (0, 1)
U01 = (1, 1)

#: Multiple of ``eps * magnitude`` added to a player's float resolution: the rounding of a few
#: float operations on numbers of that size (an interpolated frontier height, a product of two
#: differences), with a margin.
ROUNDING = 8.0

_EPS = float(np.finfo(float).eps)


def is_symbolic(x: object) -> bool:
    """True for a sympy object that is not a plain rational or float number."""
    if not isinstance(x, sympy.Basic):
        return False
    if isinstance(x, (sympy.Rational, sympy.Float)):
        return False
    return True


def _is_float(x: object) -> bool:
    return isinstance(x, (float, np.floating, sympy.Float))


def detect_kind(values: Iterable[object]) -> str:
    """The arithmetic kind for a collection of inputs: ``"symbolic" > "float" > "exact"``."""
    kind = "exact"
    for v in values:
        if is_symbolic(v):
            return "symbolic"
        if _is_float(v):
            kind = "float"
    return kind


def _check_number(x: object, what: str) -> None:
    if isinstance(x, bool) or x is None:
        raise BargainingError(f"{what}: expected a number, got {x!r}")
    if isinstance(x, (str, numbers.Number, np.number, sympy.Basic)):
        return
    raise BargainingError(f"{what}: expected a number, got {type(x).__name__} {x!r}")


def parameter_values(params: Mapping[Any, Any] | None, symbols: Iterable[sympy.Symbol]) -> dict[sympy.Symbol, Any]:
    """Map parameter values given by name or by Symbol onto the given symbols (exact where exact).

    Names that match no symbol are ignored here (a caller that cares checks them); a symbol
    matches a name when ``symbol.name == name``.
    """
    if not params:
        return {}
    by_name: dict[str, list[sympy.Symbol]] = {}
    for s in symbols:
        by_name.setdefault(s.name, []).append(s)
    out: dict[sympy.Symbol, Any] = {}
    for key, value in params.items():
        name = key.name if isinstance(key, sympy.Symbol) else str(key)
        _check_number(value, f"parameter {name!r}")
        if is_symbolic(value):
            raise BargainingError(f"parameter {name!r}: a value must be a number, got the expression {value}")
        if _is_float(value):
            v: Any = sympy.Float(float(value))
            if not math.isfinite(float(value)):
                raise BargainingError(f"parameter {name!r}: value must be finite, got {value!r}")
        else:
            try:
                f = to_fraction(value)
            except ValueError as exc:
                raise BargainingError(f"parameter {name!r}: {exc}") from None
            v = sympy.Rational(f.numerator, f.denominator)
        for s in by_name.get(name, []):
            out[s] = v
    return out


def _magnitude(m: Any) -> float:
    """``|m|`` as a float, 0 when not a finite number (a magnitude only widens a tolerance)."""
    try:
        v = abs(float(m))
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return v if math.isfinite(v) else 0.0


class Arith:
    """Arithmetic context: converts inputs to one kind and decides signs (see module docstring).

    Parameters
    ----------
    kind:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    scales:
        Each player's payoff range ``(s0, s1)`` (spread of its payoffs; 1 where degenerate).
    magnitudes:
        Each player's largest payoff magnitude ``(m0, m1)``, for the float rounding allowance
        (default 0: no allowance).
    values:
        Symbol -> number, used to decide signs sympy cannot decide (symbolic kind only).
    rtol:
        Relative tolerance of float comparisons.

    Examples
    --------
    >>> ar = Arith("float", scales=(2e9, 10.0))
    >>> ar.tolerance(U0), ar.tolerance(U1), ar.tolerance(U01)
    (2.0, 1e-08, 20.0)
    >>> ar.cmp(9.99, 9.5, units=U1), ar.cmp(1.0, 2.5, units=U0)
    (1, 0)
    """

    def __init__(
        self, kind: str, *, scales: tuple[float, float] | None = None,
        magnitudes: tuple[float, float] | None = None, values: Mapping[sympy.Symbol, Any] | None = None,
        rtol: float = DEFAULT_RTOL,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        s0, s1 = (1.0, 1.0) if scales is None else scales
        self.scales = (_positive_scale(s0), _positive_scale(s1))
        m0, m1 = (0.0, 0.0) if magnitudes is None else magnitudes
        self.magnitudes: tuple[float, float] = (_magnitude(m0), _magnitude(m1))
        self.values = dict(values or {})
        self.rtol = float(rtol)
        self.conditions: list[sympy.Basic] = []

    def tolerance(self, units: tuple[int, int] = U0) -> float:
        """Absolute float tolerance of a quantity in units ``u0**k0 * u1**k1`` (0 unless float).

        ``(1, 0)`` is a payoff of player 0, ``(0, 1)`` one of player 1, ``(1, 1)`` a product of a
        difference of each (a cross product), ``(0, 0)`` a dimensionless number (``rtol``).
        """
        if self.kind != "float":
            return 0.0
        k0, k1 = units
        (s0, s1), (m0, m1) = self.scales, self.magnitudes
        rel = self.rtol + ROUNDING * _EPS * (k0 * m0 / s0 + k1 * m1 / s1)
        return rel * s0**k0 * s1**k1

    def distance_tolerance(self) -> float:
        """Dimensionless tolerance of a *distance* in normalized coordinates ``(u_i - lo_i) / s_i`` (0
        unless float): ``rtol`` plus float64's resolution of the payoffs' magnitudes relative to their
        ranges, ``(eps/2) * max(m0/s0, m1/s1)`` (the largest rounding error of a float of the largest
        magnitude, Higham 2002 sec. 2.1, relative to its player's range), plus ``4 * eps`` for the
        normalized computation itself.

        Geometric predicates of float frontiers (is a vertex on the chord of its neighbours? is a
        vertex the Nash point of its segment?) compare a distance in these coordinates with it, so a
        vertex is dropped or taken only when it lies within this fraction of the ranges. It is much
        smaller than ``tolerance(U01) / (s0 * s1)``, which allows for the rounding of several operations on
        raw payoffs: normalized coordinates are computed after subtracting each player's smallest
        payoff, which float64 does exactly for payoffs within a factor 2 of it (Sterbenz), so a
        common offset costs only the data's own resolution.

        Examples
        --------
        >>> Arith("float", scales=(2.0, 10.0), magnitudes=(1e6, 10.0), rtol=1e-9).distance_tolerance() < 1.1e-9
        True
        >>> Arith("exact").distance_tolerance()
        0.0
        """
        if self.kind != "float":
            return 0.0
        (s0, s1), (m0, m1) = self.scales, self.magnitudes
        return self.rtol + 0.5 * _EPS * max(m0 / s0, m1 / s1) + 4.0 * _EPS

    def resolution(self, player: int) -> float:
        """Float tolerance of one payoff of ``player`` (``tolerance(U0)`` or ``tolerance(U1)``)."""
        return self.tolerance(U1 if player else U0)

    def _float_tolerance(self, units: tuple[int, int] | None, atol: float | None) -> float:
        if atol is not None:
            return float(atol)
        if units is not None:
            return self.tolerance(units)
        # a payoff difference of either player, in a common unit (TU, or comparisons across players)
        return max(self.tolerance(U0), self.tolerance(U1))

    # ------------------------------------------------------------------ conversion
    def convert(self, x: object, what: str = "value") -> Any:
        """Convert one input number to this context's kind."""
        _check_number(x, what)
        if self.kind == "symbolic":
            if isinstance(x, sympy.Basic):
                if x.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                    raise BargainingError(f"{what}: must be finite, got {x}")
                return x
            if _is_float(x):
                return sympy.Float(float(x))  # type: ignore[arg-type]
            f = self._fraction(x, what)
            return sympy.Rational(f.numerator, f.denominator)
        if is_symbolic(x):
            raise BargainingError(f"{what}: a symbolic value {x} in {self.kind} arithmetic")
        if self.kind == "float":
            if isinstance(x, str):
                return float(self._fraction(x, what))
            value = float(x)  # type: ignore[arg-type]
            if not math.isfinite(value):
                raise BargainingError(f"{what}: must be finite, got {x!r}")
            return value
        return self._fraction(x, what)

    @staticmethod
    def _fraction(x: object, what: str) -> Fraction:
        try:
            return to_fraction(x)
        except ValueError as exc:
            raise BargainingError(f"{what}: {exc}") from None

    def num(self, k: int | Fraction) -> Any:
        """A constant in this kind."""
        if self.kind == "exact":
            return Fraction(k)
        if self.kind == "float":
            return float(k)
        f = Fraction(k)
        return sympy.Rational(f.numerator, f.denominator)

    def tidy(self, x: Any) -> Any:
        """Canonical form of a computed value (simplified expression in symbolic arithmetic)."""
        if self.kind != "symbolic":
            return x
        x = as_expr(x)
        if x.free_symbols:
            return sympy.factor(sympy.cancel(x))
        return x if (x.is_Float or x.is_Rational) else sympy.simplify(x)

    # ------------------------------------------------------------------ decisions
    def sign(self, x: Any, *, units: tuple[int, int] | None = None, atol: float | None = None) -> int:
        """Sign (-1, 0, 1) of ``x``, zero within the float tolerance.

        The tolerance is ``atol`` when given (``atol=0`` decides exactly), else that of ``units``
        (see :meth:`tolerance`). Without either, ``x`` is a payoff difference in a unit common to both
        players (transferable utility, or a comparison across players) and the looser of the two
        players' resolutions applies.
        """
        if self.kind == "exact":
            return (x > 0) - (x < 0)
        if self.kind == "float":
            tol = self._float_tolerance(units, atol)
            value = float(x)
            return 0 if abs(value) <= tol else (1 if value > 0 else -1)
        return self._symbolic_sign(x)

    def _symbolic_sign(self, x: Any) -> int:
        e = sympy.cancel(as_expr(x))
        if e.is_zero:
            return 0
        if e.is_positive:
            return 1
        if e.is_negative:
            return -1
        if e.is_number:
            value = e.evalf(50)
            if value.is_zero or abs(value) < sympy.Float("1e-40"):
                return 0 if sympy.simplify(e) == 0 else (1 if value > 0 else -1)
            return 1 if value > 0 else -1
        free = e.free_symbols
        missing = sorted(str(s) for s in free if s not in self.values)
        if missing:
            raise BargainingError(
                f"cannot decide the sign of {e} symbolically; give values for the parameters {missing} "
                "(parameters={...}) or declare assumptions on the symbols (e.g. positive=True)"
            )
        at = sympy.cancel(e.subs(self.values))
        s = self._symbolic_sign(at) if at.free_symbols == set() else None
        if s is None:  # pragma: no cover - all free symbols were substituted
            raise BargainingError(f"cannot evaluate {e} at the parameter values")
        self.record(e, s)
        return s

    def record(self, e: Any, s: int) -> None:
        """Record the decision ``sign(e) == s`` as a condition, in a canonical form."""
        if s == 0:
            coeff, rest = sympy.factor(e).as_coeff_Mul()
            cond = sympy.Eq(rest, 0)
        else:
            coeff, rest = sympy.factor(e if s > 0 else -e).as_coeff_Mul()
            g = rest if coeff.is_positive else -rest  # g > 0; write it in one canonical orientation
            cond = sympy.Lt(-g, 0) if g.could_extract_minus_sign() else sympy.Gt(g, 0)
        if cond is sympy.true:
            return
        if cond not in self.conditions:
            self.conditions.append(cond)

    def cmp(self, a: Any, b: Any, *, units: tuple[int, int] | None = None, atol: float | None = None) -> int:
        """Sign of ``a - b`` (tolerance as in :meth:`sign`)."""
        return self.sign(a - b, units=units, atol=atol)

    def assume_positive(
        self, x: Any, what: str, *, units: tuple[int, int] | None = None, atol: float | None = None,
        shown: object = None,
    ) -> None:
        """Require ``x > 0``: decided when possible; in symbolic arithmetic an undecidable sign without
        parameter values is recorded as an assumption instead of an error. ``units``/``atol`` set
        the float tolerance as in :meth:`sign` (``atol=0``: exactly positive); ``shown`` is the
        value quoted in the error (default ``x``)."""
        if self.kind == "symbolic":
            e = sympy.cancel(x)
            try:
                s = self._symbolic_sign(e)
            except BargainingError:
                self.record(e, 1)
                return
        else:
            s = self.sign(x, units=units, atol=atol)
        if s <= 0:
            raise BargainingError(f"{what} must be positive, got {x if shown is None else shown}")

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, x: Any) -> Any:
        """Numeric value of ``x`` at the parameter values: ``Fraction`` when rational, else float."""
        return evaluate(x, self.values)


def _positive_scale(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return 1.0
    return v if math.isfinite(v) and v > 0 else 1.0


def free_symbols(values: Iterable[Any]) -> set[sympy.Symbol]:
    """The free symbols of the sympy objects among ``values`` (other numbers have none)."""
    out: set[sympy.Symbol] = set()
    for v in values:
        if isinstance(v, sympy.Basic):
            out |= v.free_symbols  # type: ignore[arg-type]
    return out


def as_expr(x: Any) -> sympy.Basic:
    """A sympy object for a number or expression (never parses text)."""
    if isinstance(x, sympy.Basic):
        return x
    if isinstance(x, bool):
        raise BargainingError(f"not a number: {x!r}")
    if isinstance(x, (int, np.integer)):
        return sympy.Integer(int(x))
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, (float, np.floating)):
        return sympy.Float(float(x))
    raise BargainingError(f"not a number: {x!r}")


def evaluate(x: Any, values: Mapping[sympy.Symbol, Any] | None = None) -> Any:
    """Numeric value of a number or expression (substituting ``values``): exact when rational."""
    if isinstance(x, (Fraction, int)) and not isinstance(x, bool):
        return Fraction(x)
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, sympy.Basic):
        e = x.subs(values) if values and x.free_symbols else x
        if e.free_symbols:
            missing = sorted(str(s) for s in e.free_symbols)
            raise BargainingError(f"cannot evaluate {x}: no values for the parameters {missing}")
        if e.is_Float:
            return float(e)
        if not e.is_Rational and not e.has(sympy.Float):
            e = sympy.simplify(e)
        if e.is_Rational:
            return Fraction(int(e.p), int(e.q))
        if e.has(sympy.Float):
            return float(e)
        return float(e.evalf(30))
    raise BargainingError(f"not a number: {x!r}")


def json_number(x: Any, digits: int | None = None) -> Any:
    """JSON-ready form: exact rationals as ``"p/q"`` text, floats as they are (or rounded to ``digits``
    significant digits, if given), sympy expressions as text, ``None`` kept. Full precision by default,
    as the equilibria's floats in :meth:`negotiation.solvers.EquilibriumResult.to_dict`."""
    if x is None:
        return None
    if isinstance(x, bool):
        return x
    if isinstance(x, (Fraction, int, np.integer)):
        return format_number(Fraction(int(x)) if not isinstance(x, Fraction) else x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        if v == 0 or not math.isfinite(v):
            return 0.0 if v == 0 else str(v)
        return v if digits is None else float(f"{v:.{digits}g}")
    if isinstance(x, sympy.Basic):
        if x.is_Rational:
            return format_number(Fraction(int(x.p), int(x.q)))
        if x.is_Float:
            return json_number(float(x), digits)
        return str(x)
    return str(x)

"""Evaluate a parsed formula at parameter values, exactly where possible, safely always.

The sympy expressions that :func:`~negotiation.scenarios.formula.parse_formula` builds use a
small set of node types. :func:`evaluate` walks them itself instead of asking sympy to
substitute and simplify: rational arithmetic stays exact (:class:`fractions.Fraction`), ``sqrt``
stays exact on perfect squares, ``exp`` and ``log`` give floats, and every result is checked:
a division by zero, the square root or logarithm of a negative number, an overflow, or an exact
number with more than :data:`MAX_BITS` bits raises :class:`EvaluationError` (the caller adds which
file, profile and player it was). Nothing here can run for long: each node costs at most one
arithmetic operation on bounded numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import sympy

__all__ = ["EvaluationError", "evaluate", "MAX_BITS", "MAX_CONSTANT", "Number"]

#: Largest magnitude of a constant in a formula or a parameter value.
MAX_CONSTANT = 10**100
#: Largest size, in bits, of the numerator or denominator of an exact intermediate result.
MAX_BITS = 20_000

Number = Fraction | float


class EvaluationError(ArithmeticError):
    """A formula has no finite real value at the given parameters."""


def _check(value: Number) -> Number:
    if isinstance(value, Fraction):
        if value.numerator.bit_length() > MAX_BITS or value.denominator.bit_length() > MAX_BITS:
            raise EvaluationError(f"exact intermediate value exceeds {MAX_BITS} bits")
        return value
    if not math.isfinite(value):
        raise EvaluationError("the value overflows (is not finite)")
    return value


def _to_float(x: Number) -> float:
    try:
        return float(x)
    except OverflowError:
        raise EvaluationError("the value is too large for floating point") from None


def _exact_root(x: Fraction, q: int) -> Fraction | None:
    num, ok_n = sympy.integer_nthroot(x.numerator, q)
    den, ok_d = sympy.integer_nthroot(x.denominator, q)
    if ok_n and ok_d:
        return Fraction(int(num), int(den))
    return None


def _power(base: Number, e: sympy.Rational) -> Number:
    p, q = int(e.p), int(e.q)
    if base == 0 and p < 0:
        # a/b is a * b**-1: for p = -1 the zero is a denominator
        raise EvaluationError("division by zero (a denominator is 0)" if e == -1 else
                              f"division by zero (0 raised to the negative power {e})")
    if q != 1:
        if base < 0:
            raise EvaluationError(f"{base} ** ({e}) is not a real number")
        if isinstance(base, Fraction):
            root = _exact_root(base, q)
            if root is not None:
                return _power(root, sympy.Integer(p))
        return _check(math.pow(_to_float(base), p / q))
    if isinstance(base, Fraction):
        bits = max(base.numerator.bit_length(), base.denominator.bit_length())
        if bits * abs(p) > MAX_BITS + abs(p):
            raise EvaluationError(f"exact intermediate value exceeds {MAX_BITS} bits")
        return _check(base**p)
    return _check(math.pow(base, p))


def _truth(expr: sympy.Basic, values: Mapping[sympy.Symbol, Number]) -> bool:
    if expr is sympy.true:
        return True
    if expr is sympy.false:
        return False
    if isinstance(expr, sympy.And):
        return all(_truth(a, values) for a in expr.args)
    if isinstance(expr, sympy.Or):
        return any(_truth(a, values) for a in expr.args)
    if isinstance(expr, sympy.Not):
        return not _truth(expr.args[0], values)
    if isinstance(expr, sympy.ITE):  # sympy folds a Piecewise inside a comparison into ITE
        cond, a, b = expr.args
        return _truth(a, values) if _truth(cond, values) else _truth(b, values)
    if isinstance(expr, sympy.Xor):
        return sum(_truth(a, values) for a in expr.args) % 2 == 1
    if isinstance(expr, sympy.Implies):
        return (not _truth(expr.args[0], values)) or _truth(expr.args[1], values)
    if isinstance(expr, sympy.Equivalent):
        return len({_truth(a, values) for a in expr.args}) <= 1
    if isinstance(expr, sympy.Nand):
        return not all(_truth(a, values) for a in expr.args)
    if isinstance(expr, sympy.Nor):
        return not any(_truth(a, values) for a in expr.args)
    if isinstance(expr, sympy.core.relational.Relational):
        lhs = _value(expr.lhs, values)
        rhs = _value(expr.rhs, values)
        op = expr.rel_op
        if op == "<":
            return lhs < rhs
        if op == "<=":
            return lhs <= rhs
        if op == ">":
            return lhs > rhs
        if op == ">=":
            return lhs >= rhs
        if op == "==":
            return lhs == rhs
        if op == "!=":
            return lhs != rhs
    raise EvaluationError(f"unsupported condition {type(expr).__name__}")


def _value(expr: sympy.Basic, values: Mapping[sympy.Symbol, Number]) -> Number:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Symbol:
        try:
            return values[expr]
        except KeyError:
            raise EvaluationError(f"no value for parameter {expr}") from None
    if isinstance(expr, sympy.Add):
        total: Number = Fraction(0)
        for a in expr.args:
            total = _check(total + _value(a, values))
        return total
    if isinstance(expr, sympy.Mul):
        prod: Number = Fraction(1)
        for a in expr.args:
            prod = _check(prod * _value(a, values))
        return prod
    if isinstance(expr, sympy.Pow):
        if not expr.exp.is_Rational:
            raise EvaluationError(f"exponent {expr.exp} is not a constant number")
        return _power(_value(expr.base, values), expr.exp)
    if isinstance(expr, sympy.exp):
        x = _value(expr.args[0], values)
        if x == 0:
            return Fraction(1)
        try:
            return _check(math.exp(_to_float(x)))
        except OverflowError:
            raise EvaluationError("exp(...) overflows") from None
    if isinstance(expr, sympy.log):
        if len(expr.args) != 1:
            raise EvaluationError("log with a base is not supported")
        x = _value(expr.args[0], values)
        if x <= 0:
            raise EvaluationError(f"log of {x} (must be > 0)")
        if x == 1:
            return Fraction(0)
        if isinstance(x, Fraction):
            return _check(math.log(x.numerator) - math.log(x.denominator))
        return _check(math.log(x))
    if isinstance(expr, sympy.Abs):
        x = _value(expr.args[0], values)
        return abs(x) if isinstance(x, Fraction) else abs(x)  # split so the type checker keeps the union
    if isinstance(expr, (sympy.Min, sympy.Max)):
        args = [_value(a, values) for a in expr.args]
        return min(args) if isinstance(expr, sympy.Min) else max(args)
    if isinstance(expr, sympy.Piecewise):
        for branch, cond in expr.args:
            if _truth(cond, values):
                return _value(branch, values)
        raise EvaluationError("no branch of the piecewise formula applies")
    if expr.is_Float:
        return _check(float(expr))
    if isinstance(expr, sympy.NumberSymbol):  # E, pi
        return float(expr)
    if expr in (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise EvaluationError(f"the value is undefined or infinite ({expr}); a division by zero?")
    if expr is sympy.I or (expr.is_number and expr.is_real is False):
        raise EvaluationError("the value is not a real number")
    raise EvaluationError(f"unsupported expression {type(expr).__name__}: {expr}")


def evaluate(expr: sympy.Basic, values: Mapping[sympy.Symbol, Number]) -> Number:
    """Value of ``expr`` at ``values`` (symbol -> ``Fraction`` or ``float``).

    The result is a :class:`~fractions.Fraction` when every operation stayed exact (rational
    arithmetic, square roots of perfect squares, ``exp(0)``, ``log(1)``), else a finite float.

    Raises
    ------
    EvaluationError
        When the value is undefined, infinite, complex, or too large.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x", real=True)
    >>> evaluate(sympy.sqrt(x) + sympy.Rational(1, 10), {x: Fraction(9, 4)})
    Fraction(8, 5)
    >>> evaluate(sympy.log(x), {x: Fraction(-1)})
    Traceback (most recent call last):
    ...
    negotiation.scenarios.evaluate.EvaluationError: log of -1 (must be > 0)
    """
    try:
        return _value(expr, values)
    except (OverflowError, ZeroDivisionError) as exc:
        raise EvaluationError(f"arithmetic failed: {exc}") from None
    except RecursionError:
        raise EvaluationError("the formula is nested too deeply to evaluate") from None

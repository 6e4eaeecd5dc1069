"""Exact and float arithmetic, coercion of numbers, and tolerances.

Numbers given as ``int``, :class:`fractions.Fraction`, sympy rationals or strings (``"1/3"``,
``"0.1"``, ``"-2.5e-3"``) are *exact*: ``"0.1"`` is exactly one tenth. A Python or numpy
``float`` is inexact. A payoff array is exact when every entry is exact; it is then stored as a
numpy ``object`` array of ``Fraction``; otherwise as ``float64``.

Tolerances are relative to the payoff range (Gambit's convention): a profile is an
``rtol``-equilibrium when no player gains more than ``rtol * scale`` by deviating, where ``scale``
is the largest spread ``max - min`` of any player's payoffs (or 1 for a constant game). Regrets of
*mixed* profiles are computed as sums of products, which float64 rounds: for them the tolerance adds
:func:`rounding_allowance` (``mixed=True``). It matters only when payoffs sit far from zero compared
with their spread (e.g. ``1.25e9 + [0, 9]``, where one unit in the last place is ``2.4e-7``). Pure
profiles need no allowance: their payoffs are table entries, compared exactly.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from fractions import Fraction
from typing import Any, Literal

import numpy as np

__all__ = [
    "Arithmetic",
    "DEFAULT_RTOL",
    "to_fraction",
    "decimal_exponent",
    "is_exact_number",
    "as_number_array",
    "exact_flag",
    "to_float_array",
    "to_exact_array",
    "payoff_scale",
    "rounding_allowance",
    "absolute_tolerance",
    "fraction_text",
    "format_number",
]

Arithmetic = Literal["exact", "float"]

#: Default tolerance for float computations, relative to the payoff range.
DEFAULT_RTOL = 1e-9

#: Largest decimal exponent accepted in number text: "1e99999999" would build a 100-million-digit
#: integer (minutes of CPU) before anything could check it.
MAX_EXPONENT = 4000
_EPS = float(np.finfo(float).eps)
_EXPONENT = re.compile(r"[eE]\s*([+-]?[0-9]+)\s*$")


def decimal_exponent(text: str) -> int | None:
    """The decimal exponent at the end of ASCII number text (``"2.5e-3"``: -3), or ``None``; read before
    the number is built, since ``"1e99999999"`` would take minutes to build.

    >>> decimal_exponent("2.5e-3"), decimal_exponent("1/3")
    (-3, None)
    """
    match = _EXPONENT.search(text)
    return int(match.group(1)) if match else None


def is_exact_number(x: object) -> bool:
    """True when ``x`` is a number this package treats as exact (int, Fraction, rational text)."""
    if isinstance(x, bool):
        return False
    if isinstance(x, (int, Fraction, np.integer, str, decimal.Decimal)):
        return True
    if isinstance(x, numbers.Rational):  # includes sympy.Rational via registration
        return True
    return type(x).__module__.startswith("sympy") and bool(getattr(x, "is_Rational", False))


def to_fraction(x: object) -> Fraction:
    """Convert ``x`` to an exact :class:`~fractions.Fraction`.

    Strings are read exactly (``"0.1"`` is 1/10, ``"1/3"`` is one third); floats convert to the
    exact binary value they hold. Raises :class:`ValueError` for booleans, NaN, infinities and
    text that is not a number.

    Examples
    --------
    >>> to_fraction("0.1")
    Fraction(1, 10)
    >>> to_fraction("-2/6")
    Fraction(-1, 3)
    """
    if isinstance(x, bool):
        raise ValueError(f"a boolean is not a payoff: {x!r}")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    if isinstance(x, str):
        text = x.strip().replace("_", "")
        if not text.isascii():  # Python also reads other scripts' digits, which the exponent check would miss
            raise ValueError(f"number text must be plain ASCII, got {x!r}")
        exponent = decimal_exponent(text)
        if exponent is not None and abs(exponent) > MAX_EXPONENT:
            raise ValueError(f"exponent out of range in {x!r} (at most {MAX_EXPONENT} in magnitude)")
        try:
            value = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"not an exact number: {x!r}") from None
        return value
    if isinstance(x, (float, np.floating)):
        if not math.isfinite(float(x)):
            raise ValueError(f"numbers must be finite, got {x!r}")
        return Fraction(float(x))
    if type(x).__module__.startswith("sympy"):
        if getattr(x, "is_Rational", False):
            return Fraction(int(x.p), int(x.q))  # type: ignore[attr-defined]
        if getattr(x, "is_Float", False):
            return to_fraction(float(x))  # type: ignore[arg-type]
        raise ValueError(f"not a rational number: {x!r}")
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    if isinstance(x, decimal.Decimal):  # exact: Decimal("0.1") is one tenth
        if not x.is_finite():
            raise ValueError(f"numbers must be finite, got {x!r}")
        if abs(x.adjusted()) > MAX_EXPONENT:
            raise ValueError(f"exponent out of range in {x!r} (at most {MAX_EXPONENT} in magnitude)")
        return Fraction(x)
    if isinstance(x, numbers.Real):
        return to_fraction(float(x))
    raise ValueError(f"not a number: {x!r}")


def _is_float_like(x: object) -> bool:
    return isinstance(x, (float, np.floating)) or (
        type(x).__module__.startswith("sympy") and bool(getattr(x, "is_Float", False))
    )


def exact_flag(exact: Any) -> bool | None:
    """``exact=`` as given: ``None``, or a boolean (``np.True_``, ``1`` and ``0`` too); anything else
    (``"False"``, ``2.5``) is a :class:`TypeError` rather than a silent ``bool()``."""
    if exact is None or isinstance(exact, (bool, np.bool_)):
        return None if exact is None else bool(exact)
    if isinstance(exact, (int, np.integer)) and exact in (0, 1):
        return bool(exact)
    raise TypeError(f"exact must be True, False or None, got {exact!r}")


def as_number_array(data: Any, *, exact: bool | None = None) -> np.ndarray:
    """Coerce nested sequences or an array to a ``float64`` or an exact ``object`` array.

    With ``exact=None`` the arithmetic follows the input: exact when every entry is exact,
    float otherwise. ``exact=True`` converts floats to their exact binary value;
    ``exact=False`` converts everything to float. Raises :class:`ValueError` on ragged input,
    non-numbers, NaN and infinities.
    """
    exact = exact_flag(exact)
    if isinstance(data, np.ndarray) and data.dtype != object:
        if data.dtype.kind == "b":
            raise ValueError("boolean arrays are not payoffs")
        if data.dtype.kind in "iu":
            if exact is False:
                return np.ascontiguousarray(data, dtype=float)
            return _fractions_of(data)
        if data.dtype.kind == "f":
            arr = np.ascontiguousarray(data, dtype=float)
            _check_finite(arr)
            return _fractions_of(arr) if exact else arr
        raise ValueError(f"unsupported array dtype {data.dtype}")
    try:
        arr = np.array(data, dtype=object)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(f"ragged or malformed array: {exc}") from None
    if arr.dtype != object:  # pragma: no cover - np.array(dtype=object) always returns object
        arr = arr.astype(object)
    flat = arr.reshape(-1)
    for v in flat:
        if isinstance(v, (list, tuple, np.ndarray)):
            raise ValueError("ragged array: rows have different lengths")
    if exact is None:
        exact = all(not _is_float_like(v) for v in flat)
    if exact:
        out = np.empty(arr.shape, dtype=object)
        out_flat = out.reshape(-1)
        for k, v in enumerate(flat):
            out_flat[k] = to_fraction(v)
        return out
    try:
        values = np.array([_to_float(v) for v in flat], dtype=float).reshape(arr.shape)
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from None
    _check_finite(values)
    return values


def _to_float(v: object) -> float:
    if isinstance(v, bool):
        raise ValueError(f"a boolean is not a payoff: {v!r}")
    if isinstance(v, str):
        return float(to_fraction(v))
    if isinstance(v, (numbers.Real, np.number, decimal.Decimal)) or type(v).__module__.startswith("sympy"):
        return float(v)  # type: ignore[arg-type]
    raise ValueError(f"not a number: {v!r}")


def _check_finite(arr: np.ndarray) -> None:
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(f"numbers must be finite; entry {tuple(int(i) for i in bad)} is {arr[tuple(bad)]!r}")


def _long_fraction_text(x: Fraction, digits: int) -> str:
    num, den = abs(x.numerator), x.denominator
    size = math.log10(num) - math.log10(den) if num else 0.0
    exponent = math.floor(size)
    mantissa = 10 ** (size - exponent)
    sign = "-" if x < 0 else ""
    lengths = f"{_decimal_digits(num)}/{_decimal_digits(den)}"
    return f"~{sign}{mantissa:.{digits - 1}f}e{exponent:+d} (exact: {lengths} digits)"


def _decimal_digits(k: int) -> int:
    """Number of decimal digits of ``k >= 1`` (without converting it to text)."""
    n = int(math.log10(k)) + 1 if k else 1
    return n - 1 if 10 ** (n - 1) > k else (n + 1 if 10**n <= k else n)


def _fractions_of(arr: np.ndarray) -> np.ndarray:
    out = np.empty(arr.shape, dtype=object)
    flat_out = out.reshape(-1)
    for k, v in enumerate(arr.reshape(-1).tolist()):
        flat_out[k] = Fraction(v)
    return out


def to_float_array(arr: np.ndarray) -> np.ndarray:
    """Float64 copy of a number array (exact or float)."""
    if arr.dtype == object:
        return np.array([float(v) for v in arr.reshape(-1)], dtype=float).reshape(arr.shape)
    return np.asarray(arr, dtype=float)


def to_exact_array(arr: np.ndarray) -> np.ndarray:
    """Object array of Fractions (floats become their exact binary values)."""
    if arr.dtype == object:
        return arr
    return _fractions_of(np.asarray(arr, dtype=float))


def payoff_scale(payoffs: np.ndarray) -> float:
    """Largest spread ``max - min`` of any player's payoffs; 1.0 for a constant game.

    ``payoffs`` has the package's layout ``(n_players, a_1, ..., a_n)``.
    """
    values = to_float_array(payoffs).reshape(payoffs.shape[0], -1)
    spread = float(np.max(values.max(axis=1) - values.min(axis=1))) if values.size else 0.0
    return spread if spread > 0 else 1.0


def rounding_allowance(largest: float, shape: tuple[int, ...]) -> float:
    """Payoff differences float64 cannot resolve in the expected payoffs of a game with action counts
    ``shape`` whose largest payoff magnitude is ``largest``: ``4 * eps * terms * largest``.

    A player's expected payoff of an action sums ``prod(other players' actions)`` products, and its
    mixture over own actions ``a_i`` more; a sum of ``k`` terms of magnitude at most ``largest``
    with weights summing to one is off by at most about ``k * eps * largest`` (Higham 2002,
    *Accuracy and Stability of Numerical Algorithms*, sec. 3.1). A regret compares two such sums,
    and the factor 4 covers both with a margin.

    >>> rounding_allowance(1.25e9, (2, 2)) > 2.4e-7  # one unit in the last place of 1.25e9
    True
    """
    total = math.prod(shape)
    terms = max(total // k + k for k in shape) if shape else 1
    return 4.0 * _EPS * terms * largest


def absolute_tolerance(payoffs: np.ndarray, rtol: float, *, mixed: bool = False) -> float:
    """Absolute payoff tolerance for a relative tolerance ``rtol``; ``mixed=True`` adds the
    :func:`rounding_allowance` of computed expected payoffs (see module docstring)."""
    if not (rtol >= 0 and math.isfinite(rtol)):
        raise ValueError(f"tolerance must be a finite number >= 0, got {rtol!r}")
    atol = rtol * payoff_scale(payoffs)
    if mixed:
        values = to_float_array(payoffs)
        largest = float(np.abs(values).max()) if values.size else 0.0
        atol += rounding_allowance(largest, tuple(payoffs.shape[1:]))
    return atol


def fraction_text(x: Fraction) -> str:
    """``"p"`` or ``"p/q"``, exactly; :class:`ValueError` beyond Python's limit on decimal digits
    (``sys.get_int_max_str_digits()``, 4300 by default)."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def format_number(x: object, digits: int = 6) -> str:
    """Stable text for a number: ``"p/q"`` for exact values, ``repr``-stable floats otherwise.

    An exact value with more digits than Python turns into text (4300 by default) is shown rounded,
    with its size: ``"~1.23457e+4400 (exact: 4401/1 digits)"``.
    """
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        x = Fraction(int(x))
    if isinstance(x, Fraction):
        try:
            return fraction_text(x)
        except ValueError:  # beyond sys.get_int_max_str_digits()
            return _long_fraction_text(x, digits)
    value = float(x)  # type: ignore[arg-type]
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"

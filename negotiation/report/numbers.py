"""Numbers for people and numbers for files.

Two conventions, kept apart:

* :func:`display` is for reading: exact values whose decimal expansion terminates are shown as
  decimals (``5/4`` is ``1.25``), other short fractions as ``p/q`` (``1/3``), long fractions and
  floats rounded to a few significant digits, marked ``≈`` when rounding hid an exact value.
* :func:`jsonable` is for files: exact values become ``"p/q"`` strings (``"5/4"``), floats stay
  floats (non-finite floats become the strings ``"inf"``, ``"-inf"``, ``"nan"``, which JSON cannot
  hold as numbers), containers become lists and dicts with their order kept.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import numbers
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from ..numeric import format_number

__all__ = ["display", "display_amount", "display_decimal", "display_share", "jsonable", "exact_value"]

#: Longest ``p/q`` text shown as is; longer fractions are shown rounded (with ``≈``).
MAX_FRACTION_CHARS = 11
#: Most decimal places used to show a terminating exact decimal.
MAX_DECIMALS = 6


def exact_value(x: object) -> Fraction | None:
    """``x`` as a :class:`~fractions.Fraction` when it is an exact rational, else ``None``.

    Examples
    --------
    >>> exact_value(3), exact_value("0.1"), exact_value(0.5)
    (Fraction(3, 1), None, None)
    """
    if isinstance(x, bool):
        return None
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    if type(x).__module__.startswith("sympy") and getattr(x, "is_Rational", False):
        return Fraction(int(x.p), int(x.q))  # type: ignore[attr-defined]
    if isinstance(x, numbers.Rational) and not isinstance(x, (float, np.floating)):
        return Fraction(int(x.numerator), int(x.denominator))
    return None


def _terminating_decimal(q: Fraction) -> str | None:
    """Exact decimal text of ``q`` when it terminates within :data:`MAX_DECIMALS` places."""
    d = q.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    places = max(twos, fives)
    if d != 1 or places > MAX_DECIMALS:
        return None
    if places == 0:
        return str(q.numerator)
    scaled = abs(q.numerator) * 10**places // q.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if q < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def display(x: object, digits: int = 4) -> str:
    """Short readable text for a number (see the module docstring).

    Examples
    --------
    >>> display(Fraction(5, 4)), display(Fraction(1, 3)), display(Fraction(123457, 1000003))
    ('1.25', '1/3', '≈0.1235')
    >>> display(0.333333333), display(2.0), display(-0.0), display(1.5e-17)
    ('0.3333', '2', '0', '1.5e-17')
    """
    q = exact_value(x)
    if q is not None:
        dec = _terminating_decimal(q)
        if dec is not None and len(dec) <= MAX_FRACTION_CHARS + 2:
            return dec
        text = format_number(q)
        if len(text) <= MAX_FRACTION_CHARS:
            return text
        return "≈" + _float_text(float(q), digits)
    if type(x).__module__.startswith("sympy") and not getattr(x, "is_number", False):
        return str(x)  # a symbolic expression
    return display_decimal(x, digits)


def _float_or_text(x: object) -> float | str:
    """``x`` as a float, or the text to show instead: ``"—"`` for ``None``, ``str(x)`` for a non-number."""
    if x is None:
        return "—"
    try:
        return float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(x)


def _float_text(value: float, digits: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:  # also turns -0.0 into 0
        return "0"
    text = f"{value:.{digits}g}"
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def display_amount(x: object, digits: int = 4) -> str:
    """A payoff or amount as a decimal: exact when it terminates, else rounded and marked ``≈``.

    Probabilities read well as ``1/3``; money reads better as ``≈0.3333`` next to ``0.95``.

    Examples
    --------
    >>> display_amount(Fraction(19, 20)), display_amount(Fraction(75, 92)), display_amount(0.5)
    ('0.95', '≈0.8152', '0.5')
    """
    q = exact_value(x)
    if q is None:
        return display(x, digits)
    dec = _terminating_decimal(q)
    if dec is not None and len(dec) <= MAX_FRACTION_CHARS + 2:
        return dec
    return "≈" + _float_text(float(q), digits)


def display_decimal(x: object, digits: int = 4) -> str:
    """A number as a decimal with ``digits`` significant digits, exact or not (for rates, slopes).

    Examples
    --------
    >>> display_decimal(Fraction(-5, 21)), display_decimal(Fraction(1, 4)), display_decimal(0)
    ('-0.2381', '0.25', '0')
    """
    value = _float_or_text(x)
    return value if isinstance(value, str) else _float_text(value, digits)


def display_share(x: object) -> str:
    """A share in ``[0, 1]`` as a percentage with one decimal (``Fraction(2, 3)`` is ``66.7%``).

    Examples
    --------
    >>> display_share(Fraction(2, 3)), display_share(0.5), display_share(None)
    ('66.7%', '50%', '—')
    """
    value = _float_or_text(x)
    if isinstance(value, str):
        return value
    if not math.isfinite(value):
        return _float_text(value, 4)
    text = f"{100 * value:.1f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + "%"


def jsonable(x: Any) -> Any:
    """JSON-ready copy of ``x``: exact numbers as ``"p/q"``, containers in their own order.

    Mappings keep their insertion order (so callers decide the order); sets are sorted.
    Dataclasses and objects with ``to_dict()`` are converted through it.

    Examples
    --------
    >>> jsonable({"a": Fraction(5, 4), "b": (1, 0.5), "c": float("inf")})
    {'a': '5/4', 'b': [1, 0.5], 'c': 'inf'}
    """
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, enum.Enum):
        return jsonable(x.value)
    q = exact_value(x)
    if q is not None:
        return int(q) if q.denominator == 1 and isinstance(x, (int, np.integer)) else format_number(q)
    if isinstance(x, (float, np.floating)):
        value = float(x)
        if math.isfinite(value):
            return 0.0 if value == 0 else value
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, np.ndarray):
        return [jsonable(v) for v in x.tolist()] if x.dtype != object else [jsonable(v) for v in x]
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (set, frozenset)):
        return sorted((jsonable(v) for v in x), key=repr)
    to_dict = getattr(x, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: jsonable(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if type(x).__module__.startswith("sympy"):
        if getattr(x, "is_number", False) and getattr(x, "is_real", False):
            return jsonable(float(x))
        return str(x)
    if isinstance(x, numbers.Real):
        return jsonable(float(x))
    return str(x)

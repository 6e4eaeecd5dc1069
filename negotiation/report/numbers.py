"""Numbers for people and numbers for files.

Two conventions, kept apart:

* :func:`display` is for reading: exact values whose decimal expansion terminates are shown as
  decimals (``5/4`` is ``1.25``; ``1/10**9`` is ``1e-09``, still exact), other short fractions as
  ``p/q`` (``1/3``), long fractions and floats rounded to a few significant digits. A shown value
  is marked ``≈`` exactly when it differs from the value (an exact value is never marked; a float
  is marked unless its text reads back as the same float). :func:`display_distinct` adds digits
  until distinct values get distinct texts (payoff tables must not hide a deciding difference).
* :func:`jsonable` is for files: exact values become ``"p/q"`` strings (``"5/4"``), floats stay
  floats (non-finite floats become the strings ``"inf"``, ``"-inf"``, ``"nan"``, which JSON cannot
  hold as numbers), containers become lists and dicts with their order kept.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import numbers
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..numeric import format_number

__all__ = [
    "display",
    "display_amount",
    "display_decimal",
    "display_distinct",
    "display_share",
    "jsonable",
    "exact_value",
]

#: Longest ``p/q`` text shown as is; longer fractions are shown rounded (with ``≈``).
MAX_FRACTION_CHARS = 11
#: Most decimal places used to show a terminating exact decimal in plain form without further checks.
MAX_DECIMALS = 6
#: Most decimal places of a terminating decimal looked at (beyond, the value is shown as p/q or rounded).
MAX_EXACT_PLACES = 40
#: Most significant digits of an exact value shown in scientific form (``1e-09``, ``2.5e+20``).
MAX_SCIENTIFIC_DIGITS = 10
#: Longest plain decimal shown for an exact value with more significant digits (``1000000000.001``).
MAX_PLAIN_CHARS = 20


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


def _terminating_decimal(q: Fraction) -> tuple[str, int] | None:
    """``(plain decimal text, decimal places)`` of ``q`` when its expansion terminates within
    :data:`MAX_EXACT_PLACES` places, else ``None``."""
    d = q.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    places = max(twos, fives)
    if d != 1 or places > MAX_EXACT_PLACES:
        return None
    if places == 0:
        return str(q.numerator), 0
    scaled = abs(q.numerator) * 10**places // q.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if q < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}", places


def _scientific(plain: str) -> tuple[str, int]:
    """Exact scientific text of a plain decimal (``"0.000000001"`` -> ``"1e-09"``) and its number
    of significant digits."""
    sign = "-" if plain.startswith("-") else ""
    body = plain.lstrip("-")
    whole, _, frac = body.partition(".")
    digits = (whole + frac).lstrip("0")
    # exponent of the leading significant digit
    exponent = len(whole.lstrip("0")) - 1 if whole.lstrip("0") else -(len(frac) - len(frac.lstrip("0")) + 1)
    digits = digits.rstrip("0") or "0"
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}e{exponent:+03d}", len(digits)


def _exact_decimal(q: Fraction) -> str | None:
    """An exact decimal text of ``q`` short enough to read, or ``None`` (see the module docstring)."""
    found = _terminating_decimal(q)
    if found is None:
        return None
    plain, places = found
    if places <= MAX_DECIMALS and len(plain) <= MAX_FRACTION_CHARS + 2:
        return plain
    if q == 0:
        return "0"
    sci, significant = _scientific(plain)
    if significant <= MAX_SCIENTIFIC_DIGITS and len(sci) < len(plain):
        return sci
    if len(plain) <= MAX_PLAIN_CHARS:
        return plain
    return None


def display(x: object, digits: int = 4) -> str:
    """Short readable text for a number (see the module docstring).

    Examples
    --------
    >>> display(Fraction(5, 4)), display(Fraction(1, 3)), display(Fraction(123457, 1000003))
    ('1.25', '1/3', '≈0.1235')
    >>> display(Fraction(1, 10**9)), display(Fraction(1000000000001, 1000))
    ('1e-09', '1000000000.001')
    >>> display(0.333333333), display(2.0), display(-0.0), display(1.5e-17), display(0.1)
    ('≈0.3333', '2', '0', '1.5e-17', '0.1')
    """
    q = exact_value(x)
    if q is not None:
        dec = _exact_decimal(q)
        if dec is not None:
            return dec
        text = format_number(q)
        if len(text) <= MAX_FRACTION_CHARS:
            return text
        return _rounded(float(q), digits, q)
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


def _rounded(value: float, digits: int, exact: Fraction | None = None) -> str:
    """``value`` to ``digits`` significant digits, marked ``≈`` when the text is not the value
    itself (``exact``, when given, is the value the text is compared with)."""
    text = _float_text(value, digits)
    if not math.isfinite(value):
        return text
    if exact is not None:
        same = Fraction(text) == exact
    else:
        same = float(text) == value
    return text if same else "≈" + text


def display_amount(x: object, digits: int = 4) -> str:
    """A payoff or amount as a decimal: exact when it terminates, else rounded and marked ``≈``.

    Probabilities read well as ``1/3``; money reads better as ``≈0.3333`` next to ``0.95``.

    Examples
    --------
    >>> display_amount(Fraction(19, 20)), display_amount(Fraction(75, 92)), display_amount(0.5)
    ('0.95', '≈0.8152', '0.5')
    >>> display_amount(0.7577405954833746), display_amount(Fraction(1, 10**12))
    ('≈0.7577', '1e-12')
    """
    q = exact_value(x)
    if q is None:
        return display(x, digits)
    dec = _exact_decimal(q)
    if dec is not None:
        return dec
    return _rounded(float(q), digits, q)


def display_distinct(values: Sequence[object], digits: int = 4) -> list[str]:
    """:func:`display_amount` of each value, with as many significant digits (from ``digits`` up to
    17) as it takes for distinct values to get distinct texts; exact values that still collide
    are shown as ``p/q``.

    Examples
    --------
    >>> display_distinct([1e9, 1e9 + 0.5, 0.5])
    ['1000000000', '1000000000.5', '0.5']
    >>> display_distinct([Fraction(1, 3), Fraction(33334, 100001)])
    ['≈0.33333', '≈0.33334']
    """
    values = list(values)
    texts = [display_amount(v, digits) for v in values]
    for d in range(digits, 18):
        texts = [display_amount(v, d) for v in values]
        if not _collide(values, texts):
            return texts
    return [format_number(q) if (q := exact_value(v)) is not None else t for v, t in zip(values, texts, strict=True)]


def _collide(values: Sequence[object], texts: Sequence[str]) -> bool:
    """True when two different numbers got the same text."""
    seen: dict[str, object] = {}
    for v, t in zip(values, texts, strict=True):
        t = t.lstrip("≈")  # "≈1e+09" and "1e+09" read as the same number
        if t in seen and not _same_number(seen[t], v):
            return True
        seen.setdefault(t, v)
    return False


def _same_number(a: object, b: object) -> bool:
    qa, qb = exact_value(a), exact_value(b)
    if qa is not None and qb is not None:
        return qa == qb
    try:
        return float(a) == float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a) == str(b)


def display_decimal(x: object, digits: int = 4) -> str:
    """A number as a decimal with at most ``digits`` significant digits, exact or not (for rates,
    slopes), marked ``≈`` when that rounds it.

    Examples
    --------
    >>> display_decimal(Fraction(-5, 21)), display_decimal(Fraction(1, 4)), display_decimal(0)
    ('≈-0.2381', '0.25', '0')
    """
    q = exact_value(x)
    if q is not None:
        return _rounded(float(q), digits, q)
    value = _float_or_text(x)
    return value if isinstance(value, str) else _rounded(value, digits)


def display_share(x: object) -> str:
    """A share in ``[0, 1]`` as a percentage with one decimal (``Fraction(2, 3)`` is ``66.7%``).

    Percentages are always rounded to one decimal and are not marked ``≈`` (the reports say so).

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

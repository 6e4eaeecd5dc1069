"""Reading exact numbers from text that comes from a file or a command line, with bounded work.

``Fraction("1e99999999")`` builds a hundred-million-digit integer before anything can look at
it (minutes of CPU), and Python accepts ``_`` separators and non-ASCII digits in number text
(``"1e9999_9999"``, ``"1e٩٩٩٩"``), which simple exponent checks miss. :func:`read_number_text`
refuses all of these *before* building the number: the text must be ASCII, at most
:data:`MAX_NUMBER_TEXT` characters, and a decimal exponent (``_`` separators removed) at most
:data:`MAX_TEXT_EXPONENT` in magnitude. Every refusal is a :class:`ValueError` whose message says
which rule the text broke; callers add where the text came from.

References
----------
Python Software Foundation (2023), *fractions — Rational numbers* and *Integer string conversion
length limitation*, Python 3.11 documentation.
"""

from __future__ import annotations

from fractions import Fraction

from ..numeric import decimal_exponent, to_fraction

__all__ = ["read_number_text", "MAX_NUMBER_TEXT", "MAX_TEXT_EXPONENT"]

#: Longest number text accepted, in characters.
MAX_NUMBER_TEXT = 200
#: Largest ``|exponent|`` of a decimal exponent in number text (``1e400`` is refused).
MAX_TEXT_EXPONENT = 400


def read_number_text(text: str) -> Fraction:
    """The exact number ``text`` denotes (``"0.1"`` is 1/10, ``"1/3"`` one third).

    Raises :class:`ValueError` for text that is not ASCII, longer than :data:`MAX_NUMBER_TEXT`
    characters, has a decimal exponent beyond :data:`MAX_TEXT_EXPONENT` in magnitude, or is
    not a number. The work done is bounded whatever the text.

    Examples
    --------
    >>> read_number_text("1.25"), read_number_text(" 1/3 "), read_number_text("2e-3")
    (Fraction(5, 4), Fraction(1, 3), Fraction(1, 500))
    >>> read_number_text("1e9999_9999")
    Traceback (most recent call last):
    ...
    ValueError: the exponent 99999999 is out of range (at most 400 in magnitude)
    """
    if not isinstance(text, str):
        raise ValueError(f"expected number text, not {type(text).__name__}")
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_TEXT:
        raise ValueError(f"number text of {len(stripped)} characters is too long (at most {MAX_NUMBER_TEXT})")
    for k, ch in enumerate(stripped):
        if not ch.isascii() or not ch.isprintable():
            raise ValueError(f"character {ch!r} (U+{ord(ch):04X}) at position {k + 1} is not allowed in a number; "
                             "write plain ASCII digits")
    if not stripped:
        raise ValueError("empty text is not a number")
    compact = stripped.replace("_", "")
    exponent = decimal_exponent(compact)
    if exponent is not None and abs(exponent) > MAX_TEXT_EXPONENT:
        raise ValueError(f"the exponent {exponent} is out of range (at most {MAX_TEXT_EXPONENT} in magnitude)")
    try:
        return to_fraction(stripped)
    except (ValueError, OverflowError, ZeroDivisionError):
        raise ValueError("not a number (write e.g. 1.25, 5/4 or 2e-3)") from None

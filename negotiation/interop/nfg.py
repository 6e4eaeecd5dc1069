"""Read and write Gambit's strategic-game file format (``.nfg``), both versions.

A file starts with a prologue::

    NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 }

that is, the tag ``NFG``, the format version ``1``, a letter (``R``; old files may have ``D``),
the title, the player names, and either the number of strategies of each player (``{ 3 2 }``) or
their labels (``{ { "T" "M" "B" } { "L" "R" } }``). An optional quoted comment may follow. The
body is one of two versions:

* **payoff version**: the payoffs of every profile, each profile listing every player's payoff,
  profiles ordered with the *first* player's strategy varying fastest;
* **outcome version**: a list of outcomes ``{ "name" u_1, u_2, ... }`` followed by one outcome
  index per profile (same order; ``0`` is the null outcome, with all payoffs zero).

Whitespace, including newlines, is not significant outside quoted strings; inside them ``\\"``
is a quote and is the only escape: any other backslash is literal, as in Gambit's own reader (so
a text ending in a backslash cannot be written, and :func:`write_nfg` refuses it; note that
pygambit 16.7 misreads runs of backslashes, e.g. ``a\\\\b`` as three). Gambit's
format has no comments, so any other text is an error. When strategies are given by count, they
are labelled ``"1"``, ``"2"``, ... as Gambit does; an empty player or strategy label likewise
becomes its 1-based position.

Numbers: integers, decimals (``0.1``, ``-1.5e2``) and rationals ``p/q`` are all read exactly,
so ``0.1`` is one tenth, the package's convention (:mod:`negotiation.numeric`). As in Gambit's
reader (pygambit 16.7), digits are ASCII, a number may start with ``-`` but not ``+`` (``+1``
and ``1e+5`` are refused), and whitespace is ASCII whitespace. Payoffs must lie within the
float64 range (about 1.8e308), as every game's must.

Limits: inputs over :data:`MAX_NFG_BYTES` (50 MB) are refused before parsing; games over
``MAX_PROFILES`` profiles (:mod:`negotiation.model.normal_form`), ``MAX_NFG_BYTES // 2``
payoffs or :data:`MAX_NFG_PLAYERS` players are refused from the header alone, before anything of
their size is built.

**Floats.** :func:`write_nfg` writes an exact game with letter ``R`` and exact numbers
(``7``, ``-2/3``), and a float game with letter ``D`` and each payoff as ``repr(x)``: the
shortest decimal that rounds back to the same double. That decimal is usually *not* the
double's exact binary value (``0.1`` is not), so reading it exactly would give a slightly
different game. :func:`read_nfg` therefore reads a ``D`` file as a float game, rounding each
decimal to the nearest double, which gives back exactly the doubles that were written; an
``R`` file gives an exact game. The ``exact`` argument overrides the letter either way.
With this policy ``read_nfg(write_nfg(g)) == g`` for exact and float games alike.

References
----------
McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016), "Gambit: Software Tools for Game
Theory", section "Game representation formats" (strategic game file format, payoff and
outcome versions).

Examples
--------
>>> from negotiation import NormalFormGame
>>> g = read_nfg('NFG 1 R "PD" { "Row" "Column" } { 2 2 } 3 3 5 0 0 5 1 1')
>>> g.payoffs[0].tolist(), g.actions
([[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]], (('1', '2'), ('1', '2')))
>>> print(write_nfg(g), end="")
NFG 1 R "PD" { "Row" "Column" } { 2 2 }
<BLANKLINE>
3 3 5 0 0 5 1 1
>>> read_nfg(write_nfg(g, outcome_version=True)) == g
True
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..model.normal_form import MAX_PROFILES, NormalFormGame
from ..numeric import format_number, fraction_text

__all__ = ["NfgFormatError", "read_nfg", "write_nfg", "parse_nfg_number", "MAX_NFG_BYTES", "MAX_NFG_PLAYERS"]


class NfgFormatError(InvalidGameError):
    """A ``.nfg`` file (or text) is malformed. The message names the file, line, column and token.

    Attributes
    ----------
    reason:
        What is wrong.
    source:
        The file path, or ``"<text>"`` for text given directly.
    line, column:
        1-based position of the offending token (``None`` when the problem is the whole file).
    token:
        The offending token text, if any.
    """

    def __init__(
        self, reason: str, *, source: str = "<text>", line: int | None = None, column: int | None = None,
        token: str | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        self.column = column
        self.token = token
        where = source if line is None else f"{source}: line {line}, column {column}"
        text = f"{where}: {reason}"
        if token is not None:
            shown = token if len(token) <= 60 else token[:57] + "..."
            text += f" (at token {shown!r})"
        super().__init__(text)


# ---------------------------------------------------------------------------------- limits
#: Largest ``.nfg`` input :func:`read_nfg` accepts, in bytes (characters for a ``str``); games
#: with more than ``MAX_NFG_BYTES // 2`` payoffs (players x profiles) are refused too, which bounds
#: outcome-version files, whose one index per profile stands for a payoff per player. Measured
#: peak memory of a read (Python 3.11, numpy 2): at most about 37 bytes per input byte (exact
#: single-digit payoffs: about 70 bytes per payoff, most of it in building the game), about 21
#: for distinct exact rationals and 6 for a float (``D``) file, so a read at the limit stays
#: under about 2 GB. That reads a 1000 x 1000 float bimatrix written by :func:`write_nfg`
#: (about 40 MB) and exact games of several million payoffs; assign a larger value to
#: ``negotiation.interop.nfg.MAX_NFG_BYTES`` to read bigger files knowingly.
MAX_NFG_BYTES = 50_000_000

_MAX_DIGITS = 12  # a strategy count or outcome index with more significant digits is absurd (MAX_PROFILES has 8)
_CACHE_SIZE = 1 << 16  # distinct number texts whose values are shared while reading (all of "0" .. "9999")


def _max_players() -> int:
    try:
        np.empty((1,) * 64)
    except ValueError:  # numpy < 2
        return 31
    return 63


#: Most players an ``.nfg`` game can have: numpy arrays have at most 64 axes (32 before numpy 2),
#: and the payoff table has one axis per player plus one for the players.
MAX_NFG_PLAYERS = _max_players()


# ---------------------------------------------------------------------------------- tokenizer
@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "{", "}", ",", "string", "word", "eof"
    text: str
    start: int  # offset in the text; line and column are computed only for error messages


# Whitespace is ASCII only, as in Gambit's reader (a no-break space is not a separator there).
_SPACE = " \t\n\r\f\v"
# One token after optional whitespace; exactly one alternative matches at any offset. A string is
# "..." where \" is an escaped quote; possessive, so an unterminated string does not backtrack
# into a shorter match but falls through to "badquote".
_TOKEN = re.compile(
    rf'[{_SPACE}]*+(?:(?P<punct>[{{}},])|(?P<string>"(?:\\"|[^"])*+")|(?P<word>[^{_SPACE}{{}},"]++)'
    r'|(?P<badquote>")|(?P<eof>\Z))'
)
_NON_SPACE = re.compile(rf"[^{_SPACE}]++")


class _Tokens:
    """Tokens of an ``.nfg`` text, scanned one at a time (nothing is stored for the whole file)."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.exact = True  # arithmetic of the numbers, set once the header is read
        self._offset = 0  # where the next scan starts
        self._peeked: _Token | None = None
        self.last: _Token | None = None  # the token most recently consumed

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a text offset."""
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - self.text.rfind("\n", 0, offset)

    def error(self, reason: str, tok: _Token | None = None) -> NfgFormatError:
        tok = tok if tok is not None else self.peek()
        line, column = self.position(tok.start)
        token = None if tok.kind == "eof" else tok.text
        return NfgFormatError(reason, source=self.source, line=line, column=column, token=token)

    def _scan(self) -> _Token:
        m = _TOKEN.match(self.text, self._offset)
        assert m is not None and m.lastgroup is not None  # some alternative always matches
        kind = m.lastgroup
        start = m.start(kind)
        self._offset = m.end()
        if kind == "string":
            return _Token("string", m.group(kind)[1:-1].replace('\\"', '"'), start)
        if kind == "punct":
            return _Token(m.group(kind), m.group(kind), start)
        if kind == "badquote":
            line, column = self.position(start)
            raise NfgFormatError(
                "unterminated string (no closing quote before the end of the file)",
                source=self.source, line=line, column=column,
            )
        return _Token(kind, m.group(kind), start)  # word or eof

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token:
        tok = self.peek()
        if tok.kind != "eof":
            self._peeked = None
            self.last = tok
        return tok

    def expect(self, kind: str, what: str) -> _Token:
        tok = self.peek()
        if tok.kind != kind:
            found = "the end of the file" if tok.kind == "eof" else repr(tok.text)
            raise self.error(f"expected {what}, found {found}", tok)
        return self.next()

    def string(self, what: str) -> str:
        return self.expect("string", f"{what} (a quoted string)").text

    def rest_words(self, pattern: re.Pattern[str]) -> list[str] | None:
        """Every remaining token, when the rest of the text (from the next token) is a run of
        ``pattern``-shaped words separated by whitespace; ``None`` otherwise (nothing consumed)."""
        start = self.peek().start
        if not pattern.fullmatch(self.text, start):
            return None
        return _NON_SPACE.findall(self.text, start)

    def finish(self) -> None:
        """Skip to the end of the text (after :meth:`rest_words` accounted for all of it)."""
        self._offset = len(self.text)
        self._peeked = None


# ---------------------------------------------------------------------------------- numbers
# Gambit's grammar (pygambit 16.7): an optional minus sign (no '+'), ASCII digits only.
_DECIMAL = r"-?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE]-?[0-9]++)?"
_RATIO = r"-?[0-9]++/[0-9]++"
_NUMBER = re.compile(_DECIMAL)
_RATIONAL = re.compile(_RATIO)
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL_PARTS = re.compile(r"(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE](-?[0-9]+))?")  # used after _NUMBER matched
#: Digits of an integer, numerator or denominator: Python's limit on int(str) (4300 by default), so
#: that every exact number write_nfg writes reads back (written numbers obey the same limit).
_MAX_DIGITS_IN_NUMBER = sys.get_int_max_str_digits() or 100_000
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_MAX_EXPONENT = 4000  # refuse 1e999999999, whose exact value would not fit in memory
# the rest of a payoff body: numbers separated by whitespace (a rational is tried first: atomic groups)
_NUMBERS = re.compile(rf"(?:(?>{_RATIO}|{_DECIMAL})(?:[{_SPACE}]++(?>{_RATIO}|{_DECIMAL}))*+)?[{_SPACE}]*+")
_INDICES = re.compile(rf"(?:[0-9]++(?:[{_SPACE}]++[0-9]++)*+)?[{_SPACE}]*+")
_DIGITS = re.compile(r"[0-9]+")


def parse_nfg_number(text: str) -> Fraction:
    """Exact value of a number as written in an ``.nfg`` file.

    Integers, decimals with optional exponent and rationals ``p/q`` are accepted, with ASCII
    digits and an optional minus sign, as Gambit (pygambit 16.7) reads them: a ``+`` sign
    (``+1``, ``1e+5``) is refused like Gambit refuses it. NaN, infinities, ``p/0``, exponents
    beyond 4000 in magnitude and anything else raise :class:`ValueError` saying why.

    Examples
    --------
    >>> parse_nfg_number("0.1"), parse_nfg_number("-2/6"), parse_nfg_number("1.5e2")
    (Fraction(1, 10), Fraction(-1, 3), Fraction(150, 1))
    """
    if _INTEGER.fullmatch(text):  # the common case first (Fraction(str) parses with a slow regex)
        _check_digits(text, text)
        return Fraction(int(text))
    if _RATIONAL.fullmatch(text):
        num, den = text.split("/")
        _check_digits(num, text)
        _check_digits(den, text)
        if int(den) == 0:
            raise ValueError(f"zero denominator in {text!r}")
        return Fraction(int(num), int(den))
    parts = _DECIMAL_PARTS.fullmatch(text) if _NUMBER.fullmatch(text) else None
    if parts is not None:
        sign, whole, fraction, exponent = parts.group(1), parts.group(2), parts.group(3) or "", parts.group(4)
        if exponent and (len(exponent.lstrip("-").lstrip("0")) > 6 or abs(int(exponent)) > _MAX_EXPONENT):
            raise ValueError(f"exponent out of range in {text!r} (at most {_MAX_EXPONENT} in magnitude)")
        _check_digits(whole + fraction, text)
        digits = int(whole + fraction) * (-1 if sign else 1)
        shift = int(exponent or 0) - len(fraction)
        return Fraction(digits * 10**shift) if shift >= 0 else Fraction(digits, 10**-shift)
    if _NOT_FINITE.fullmatch(text):
        raise ValueError(f"payoffs must be finite numbers, got {text!r}")
    unsigned = re.sub(r"^\+|(?<=[eE])\+", "", text)
    if unsigned != text and (_NUMBER.fullmatch(unsigned) or _RATIONAL.fullmatch(unsigned)):
        raise ValueError(f"{text!r} has a '+' sign, which Gambit's format does not allow (write it without)")
    raise ValueError(f"not a number: {text!r} (expected an integer, a decimal or a rational p/q, in ASCII digits)")


def _check_digits(digits: str, text: str) -> None:
    if len(digits) > _MAX_DIGITS_IN_NUMBER:
        raise ValueError(f"a number with more than {_MAX_DIGITS_IN_NUMBER} digits ({text[:20]!r}...)")


def _beyond_double(text: str) -> ValueError:
    return ValueError(
        f"{text if len(text) <= 40 else text[:37] + '...'!r} is beyond the float64 range (about 1.8e308) "
        "that payoffs must fit in; rescale the payoffs"
    )


def _exact_value(text: str) -> Fraction:
    """``parse_nfg_number`` refusing values beyond the float64 range, which games refuse."""
    value = parse_nfg_number(text)
    # without an exponent, a number of at most 300 characters is below 1e300
    if len(text) > 300 or "e" in text or "E" in text:
        try:
            float(value)  # the game's own test: the value must round to a finite double
        except OverflowError:
            raise _beyond_double(text) from None
    return value


def _float_value(text: str) -> float:
    """The nearest double to the number: the same as rounding the exact value, since Python's
    float parsing is correctly rounded."""
    try:
        value = float(text) if _NUMBER.fullmatch(text) else float(parse_nfg_number(text))
    except OverflowError:  # a rational beyond the range
        raise _beyond_double(text) from None
    if not math.isfinite(value):
        raise _beyond_double(text)
    return value


# ---------------------------------------------------------------------------------- reading
_BOM = "\ufeff"
_TEXT_START = re.compile(rf"[{_SPACE}]*+NFG[{_SPACE}]")


def _too_large(size: int, name: str, unit: str = "bytes") -> NfgFormatError:
    return NfgFormatError(
        f"the input is larger than the limit for .nfg files ({size} {unit}; the limit is {MAX_NFG_BYTES}, "
        "negotiation.interop.nfg.MAX_NFG_BYTES)",
        source=name,
    )


def _read_source(source: Any, source_name: str | None) -> tuple[str, str]:
    """Return ``(text, name)`` for a path, text, bytes or file object (one leading BOM removed)."""
    limit = MAX_NFG_BYTES
    if isinstance(source, str):
        text = source[1:] if source.startswith(_BOM) else source
        if _TEXT_START.match(text):
            name = source_name or "<text>"
            if len(text) > limit:
                raise _too_large(len(text), name, "characters")
            return text, name
        if not text.strip():
            raise NfgFormatError(
                "empty input: a str is read as .nfg text when it starts with 'NFG' and whitespace, "
                "and as a file path otherwise; this one is empty",
                source=source_name or "<text>",
            )
        path = Path(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        name = source_name or "<bytes>"
        if len(source) > limit:
            raise _too_large(len(source), name)
        return _decode(source, name), name
    elif isinstance(source, os.PathLike):
        path = Path(source)
    elif isinstance(source, io.IOBase) or hasattr(source, "read"):
        name = source_name or str(getattr(source, "name", "<stream>"))
        data = source.read(limit + 1)
        if len(data) > limit:
            raise _too_large(len(data), name, "bytes or more" if isinstance(data, bytes) else "characters or more")
        if isinstance(data, str):
            return (data[1:] if data.startswith(_BOM) else data), name
        return _decode(data, name), name
    else:
        raise TypeError(f"read_nfg needs a path, .nfg text or a file object, got {type(source).__name__}")
    name = source_name or str(path)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise _too_large(size, name)
            data = fh.read(limit + 1)  # st_size is 0 for pipes and devices
    except OSError as exc:
        # the hint matters only for a str that was meant as text, not for a mistyped path
        hint = isinstance(source, str) and any(c in source for c in '\n{"')
        raise NfgFormatError(
            f"cannot read the file: {exc.strerror or exc}"
            + (" (a str is read as .nfg text only when it starts with 'NFG' and whitespace)" if hint else ""),
            source=name,
        ) from None
    if len(data) > limit:
        raise _too_large(len(data), name, "bytes or more")
    return _decode(data, name), name


def _decode(data: bytes | bytearray | memoryview, name: str) -> str:
    view = memoryview(data)
    skip = 3 if view[:3] == b"\xef\xbb\xbf" else 0  # one UTF-8 byte order mark, as editors on Windows write
    try:
        return str(view[skip:], "utf-8")
    except UnicodeDecodeError as exc:
        raise NfgFormatError(f"not UTF-8 text (byte {exc.start + skip})", source=name) from None


def read_nfg(
    source: str | os.PathLike[str] | bytes | Any, *, exact: bool | None = None, source_name: str | None = None,
) -> NormalFormGame:
    """Read a strategic game from Gambit's ``.nfg`` format (payoff or outcome version).

    Parameters
    ----------
    source:
        A ``str`` that starts with ``"NFG"`` and whitespace (after any leading whitespace) is
        the file's text; any other non-empty ``str``, or a :class:`os.PathLike`, is a path.
        Bytes and open file objects (text or binary) are read too. One leading byte order mark
        is ignored. Inputs larger than :data:`MAX_NFG_BYTES` are refused before they are parsed.
    exact:
        ``None`` (default) follows the file: letter ``R`` gives exact payoffs (every number
        read exactly, ``0.1`` being one tenth), letter ``D`` float payoffs (each number rounded
        to the nearest double). ``True`` or ``False`` forces the arithmetic.
    source_name:
        The name error messages give the input (default: the path, ``"<text>"``, ``"<bytes>"``
        or the file object's ``name``), e.g. ``"<stdin>"``.

    Returns
    -------
    NormalFormGame
        With the file's title, player names and strategy labels.

    Raises
    ------
    NfgFormatError
        (an :class:`~negotiation.errors.InvalidGameError`) naming the file, line, column and
        token: unknown version, bad or non-finite number, a payoff beyond the float64 range,
        wrong payoff count, outcome index out of range, unterminated string, duplicate labels,
        too many players (:data:`MAX_NFG_PLAYERS`) or profiles, trailing text, an input over the
        size limit, ...

    Examples
    --------
    >>> g = read_nfg('''NFG 1 R "Selten" { "I" "II" }
    ... { { "T" "M" "B" } { "L" "R" } } ""
    ... { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    ... 1 2 3 4 5 6''')
    >>> g.shape, g.actions[0], g.payoff(["B", "R"])
    ((3, 2), ('T', 'M', 'B'), (Fraction(2, 1), Fraction(0, 1)))
    """
    text, name = _read_source(source, source_name)
    return _parse(_Tokens(text, name), exact)


def _parse(toks: _Tokens, exact: bool | None) -> NormalFormGame:
    tag = toks.peek()
    if not (tag.kind == "word" and tag.text == "NFG"):
        if tag.kind == "word" and tag.text in ("EFG", "AGG", "BAGG"):
            raise toks.error(f"this is a Gambit {tag.text} file, not a strategic game (NFG)", tag)
        raise toks.error("not an .nfg file: it must start with 'NFG'", tag)
    toks.next()
    version = toks.expect("word", "the format version")
    if version.text != "1":
        raise toks.error("unknown .nfg format version (only version 1 exists)", version)
    letter = toks.expect("word", "the letter R or D")
    if letter.text not in ("R", "D"):
        raise toks.error("expected the letter R (or D in old files) after the version", letter)
    if exact is None:
        exact = letter.text == "R"
    toks.exact = exact
    title = toks.string("the game's title")

    # players
    open_players = toks.expect("{", "'{' opening the list of player names")
    player_tokens: list[_Token] = []
    while toks.peek().kind == "string":
        player_tokens.append(toks.next())
    toks.expect("}", "a quoted player name or '}' closing the list of players")
    if len(player_tokens) < 2:
        raise toks.error(f"a strategic game needs at least 2 players, this file names {len(player_tokens)}")
    if len(player_tokens) > MAX_NFG_PLAYERS:
        raise toks.error(
            f"too many players: this file names {len(player_tokens)}, the limit is {MAX_NFG_PLAYERS} "
            "(numpy arrays have at most one axis more than that)",
            open_players,
        )
    players = _labels(toks, player_tokens, "player")

    # strategies: counts or labels (labels for counts are made once the body is known to fit)
    toks.expect("{", "'{' opening the strategies (counts like { 2 2 } or labels)")
    actions: list[tuple[str, ...]] | None = None
    if toks.peek().kind == "{":
        actions = []
        for p in range(len(players)):
            toks.expect("{", f"'{{' opening the strategy labels of player {players[p]!r}")
            labs: list[_Token] = []
            while toks.peek().kind == "string":
                labs.append(toks.next())
            close = toks.expect("}", f"a quoted strategy label or '}}' for player {players[p]!r}")
            if not labs:
                raise toks.error(f"player {players[p]!r} has no strategies", close)
            actions.append(_labels(toks, labs, f"strategy of player {players[p]!r}"))
        shape = tuple(len(a) for a in actions)
    else:
        counts: list[int] = []
        for p in range(len(players)):
            tok = toks.expect("word", f"the number of strategies of player {players[p]!r}")
            digits = tok.text.lstrip("0")
            if not _DIGITS.fullmatch(tok.text) or not digits:
                raise toks.error(f"the number of strategies of player {players[p]!r} must be a positive integer", tok)
            if len(digits) > _MAX_DIGITS or int(digits) > MAX_PROFILES:
                raise toks.error(f"player {players[p]!r} has too many strategies (limit {MAX_PROFILES})", tok)
            counts.append(int(digits))
        shape = tuple(counts)
    toks.expect("}", f"'}}' closing the strategies of the {len(players)} players")
    n_profiles = math.prod(shape)
    if n_profiles > MAX_PROFILES:
        raise toks.error(f"game too large: {shape} has {n_profiles} profiles (limit {MAX_PROFILES})")
    n = len(players)
    if n * n_profiles > MAX_NFG_BYTES // 2:  # what a payoff-version file within the byte limit can hold
        raise toks.error(
            f"game too large: {n} players x {n_profiles} profiles {shape} make {n * n_profiles} payoffs, more "
            f"than the reader's limit of {MAX_NFG_BYTES // 2} (MAX_NFG_BYTES // 2, as many as a file within "
            "the size limit can list)"
        )

    # optional comment
    if toks.peek().kind == "string":
        toks.next()

    if toks.peek().kind == "{":
        flat = _outcome_body(toks, n, n_profiles)
    else:
        flat = _payoff_body(toks, n, n_profiles, shape)
    end = toks.peek()
    if end.kind != "eof":
        raise toks.error("unexpected text after the last payoff (the file should end here)", end)

    if actions is None:
        actions = [tuple(str(k + 1) for k in range(count)) for count in shape]
    # Gambit's profile order is column-major (first player fastest): row k of ``flat`` is profile
    # (a_0, ..., a_{n-1}) with k = a_0 + s_0 a_1 + ...; as C-order axes that is (a_{n-1}, ..., a_0, player)
    payoffs = flat.reshape(*reversed(shape), n).transpose(n, *range(n - 1, -1, -1))
    try:
        return NormalFormGame(payoffs, players, actions, title=title, exact=exact)
    except InvalidGameError as exc:  # e.g. a player's payoffs spread beyond the float64 range
        raise NfgFormatError(str(exc), source=toks.source) from None


def _labels(toks: _Tokens, tokens: list[_Token], what: str) -> tuple[str, ...]:
    labels = tuple(t.text if t.text.strip() else str(k + 1) for k, t in enumerate(tokens))
    seen: dict[str, int] = {}
    for k, lab in enumerate(labels):
        if lab in seen:
            raise toks.error(f"duplicate {what} label {lab!r} (also number {seen[lab] + 1} in the list)", tokens[k])
        seen[lab] = k
    return labels


def _number(toks: _Tokens, tok: _Token, what: str) -> Fraction | float:
    try:
        return _exact_value(tok.text) if toks.exact else _float_value(tok.text)
    except (ValueError, OverflowError) as exc:
        raise toks.error(f"bad number in {what}: {exc}", tok) from None


def _values(words: list[str], exact: bool) -> np.ndarray:
    """The numbers, as an exact (object) or float array; raises ValueError on a bad one.

    Equal texts share one value object (up to ``_CACHE_SIZE`` distinct texts), which saves
    both time and memory on the usual files with few distinct payoffs."""
    if exact:
        return np.fromiter(_shared_exact_values(words), dtype=object, count=len(words))
    convert = _float_value if any("/" in w for w in words) else float
    out = np.fromiter(map(convert, words), dtype=float, count=len(words))
    if not np.isfinite(out).all():
        raise ValueError("a number beyond the float64 range")
    return out


def _shared_exact_values(words: list[str]) -> Iterator[Fraction]:
    cache: dict[str, Fraction] = {}
    for w in words:
        v = cache.get(w)
        if v is None:
            v = _exact_value(w)
            if len(cache) < _CACHE_SIZE:
                cache[w] = v
        yield v


def _payoff_body(toks: _Tokens, n: int, n_profiles: int, shape: tuple[int, ...]) -> np.ndarray:
    """The payoffs, shape ``(n_profiles, n)`` in Gambit's profile order."""
    expected = n * n_profiles
    # fast path: the rest of the file is exactly the payoffs, all well formed
    words = toks.rest_words(_NUMBERS)
    if words is not None and len(words) == expected:
        try:
            flat = _values(words, toks.exact)
        except (ValueError, OverflowError):
            pass  # the token-by-token reading below locates the bad number
        else:
            toks.finish()
            return flat.reshape(n_profiles, n)
    del words
    values: list[Fraction | float] = []
    while toks.peek().kind == "word" and len(values) < expected:
        tok = toks.next()
        values.append(_number(toks, tok, f"payoff number {len(values) + 1}"))
    extra = toks.peek()
    if extra.kind == "word" and (_NUMBER.fullmatch(extra.text) or _RATIONAL.fullmatch(extra.text)):
        values.append(_number(toks, toks.next(), f"payoff number {len(values) + 1}"))
    if len(values) != expected:
        found = f"at least {len(values)}" if len(values) > expected else str(len(values))
        raise toks.error(
            f"wrong payoff count: {n} players x {n_profiles} profiles {shape} need {expected} payoffs, found {found}",
            toks.peek() if len(values) <= expected else toks.last,
        )
    out = np.empty(expected, dtype=object if toks.exact else float)
    out[:] = values
    return out.reshape(n_profiles, n)


def _outcome_body(toks: _Tokens, n: int, n_profiles: int) -> np.ndarray:
    """The payoffs, shape ``(n_profiles, n)`` in Gambit's profile order."""
    toks.expect("{", "'{' opening the list of outcomes")
    outcomes: list[list[Fraction | float]] = [[Fraction(0) if toks.exact else 0.0] * n]  # 0: the null outcome
    while toks.peek().kind == "{":
        open_tok = toks.next()
        toks.string(f"the name of outcome {len(outcomes)}")
        pays: list[Fraction | float] = []
        while True:
            tok = toks.peek()
            if tok.kind == "word":
                pays.append(_number(toks, toks.next(), f"outcome {len(outcomes)}"))
            elif tok.kind == "," and pays:
                toks.next()
                if toks.peek().kind != "word":
                    raise toks.error(f"expected a payoff after ',' in outcome {len(outcomes)}")
            else:
                break
        toks.expect("}", f"a payoff or '}}' closing outcome {len(outcomes)}")
        if len(pays) != n:
            raise toks.error(f"outcome {len(outcomes)} has {len(pays)} payoffs for {n} players", open_tok)
        outcomes.append(pays)
    toks.expect("}", "'{' opening an outcome or '}' closing the list of outcomes")
    table = np.empty((len(outcomes), n), dtype=object if toks.exact else float)
    table[:] = outcomes
    # fast path: the rest of the file is exactly the outcome indices, all in range
    words = toks.rest_words(_INDICES)
    if words is not None and len(words) == n_profiles:
        try:
            index = np.fromiter(map(int, words), dtype=np.int64, count=n_profiles)
        except (ValueError, OverflowError):
            pass
        else:
            if index.max(initial=0) < len(outcomes):
                toks.finish()
                return table[index]
    del words
    index_list: list[int] = []
    while toks.peek().kind == "word" and len(index_list) <= n_profiles:
        tok = toks.next()
        if not _DIGITS.fullmatch(tok.text):
            raise toks.error(f"outcome index of profile {len(index_list) + 1} must be a non-negative integer", tok)
        digits = tok.text.lstrip("0") or "0"
        k = int(digits) if len(digits) <= _MAX_DIGITS else None
        if k is None or k >= len(outcomes):
            shown = digits if len(digits) <= 20 else digits[:17] + "..."
            raise toks.error(
                f"outcome index {shown} of profile {len(index_list) + 1} is out of range "
                f"(the file defines outcomes 1..{len(outcomes) - 1}; 0 is the null outcome)",
                tok,
            )
        index_list.append(k)
    if len(index_list) != n_profiles:
        found = f"more than {n_profiles}" if len(index_list) > n_profiles else str(len(index_list))
        raise toks.error(f"wrong outcome count: {n_profiles} profiles need {n_profiles} outcome indices, found {found}")
    return table[np.asarray(index_list, dtype=np.int64)]


# ---------------------------------------------------------------------------------- writing
def _quote(text: str, what: str) -> str:
    if text.endswith("\\"):
        raise NfgFormatError(
            f"{what} {text!r} ends with a backslash, which the .nfg format cannot represent "
            "(a backslash before the closing quote escapes it)",
            source="<write_nfg>",
        )
    return '"' + text.replace('"', '\\"') + '"'


def _format(value: Any, exact: bool) -> str:
    if exact:
        f = value if isinstance(value, Fraction) else Fraction(value)
        try:
            return fraction_text(f)
        except ValueError:  # more digits than Python writes (sys.get_int_max_str_digits); read_nfg refuses them too
            raise ValueError(
                f"write_nfg: an exact payoff ({format_number(f)}) has more than {_MAX_DIGITS_IN_NUMBER} digits in its "
                "numerator or denominator, which Python will not write as text; round the payoffs or write a float "
                "game (game.to_float())"
            ) from None
    x = float(value)  # repr keeps the sign of -0.0, so the bytes (and the game's digest) round-trip too
    text = repr(x).replace("e+", "e")  # Gambit's reader refuses an explicit '+' in exponents
    return text[:-2] if text.endswith(".0") else text


def write_nfg(
    game: NormalFormGame, path: str | os.PathLike[str] | None = None, *, outcome_version: bool = False,
    comment: str = "",
) -> str:
    """Gambit ``.nfg`` text of a game; also written to ``path`` when one is given.

    Parameters
    ----------
    game:
        Any :class:`~negotiation.NormalFormGame` (n players).
    path:
        Where to write the text (UTF-8). ``None`` only returns it.
    outcome_version:
        ``False`` (default) writes the payoff version. ``True`` writes the outcome version, with
        one outcome per distinct payoff vector (in order of first appearance).
    comment:
        Optional comment written after the strategies (Gambit's "comment" field).

    Returns
    -------
    str
        The file's text. Exact games are written with letter ``R`` and numbers as ``p/q``; float
        games with letter ``D`` and ``repr`` decimals (see the module docstring for why this
        round-trips). Strategies are written by count (``{ 3 2 }``) when they are labelled
        ``"1"``, ``"2"``, ... as Gambit labels them, and by label otherwise.

    Examples
    --------
    >>> from negotiation import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[0.5, 0.1]], [[1, 2]], actions=[["U"], ["L", "R"]])
    >>> print(write_nfg(g), end="")
    NFG 1 D "" { "Row" "Column" } { { "U" } { "L" "R" } }
    <BLANKLINE>
    0.5 1 0.1 2
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"write_nfg needs a NormalFormGame, got {type(game).__name__}")
    exact = game.is_exact
    letter = "R" if exact else "D"
    players = " ".join(_quote(p, "player name") for p in game.players)
    if all(labels == tuple(str(k + 1) for k in range(len(labels))) for labels in game.actions):
        strategies = "{ " + " ".join(str(len(a)) for a in game.actions) + " }"
    else:
        lists = (
            "{ " + " ".join(_quote(s, f"strategy label of player {name!r}") for s in labels) + " }"
            for name, labels in zip(game.players, game.actions, strict=True)
        )
        strategies = "{ " + " ".join(lists) + " }"
    title = _quote(game.title, "the title")
    head = f"NFG 1 {letter} {title} {{ {players} }} {strategies}\n"
    if comment:
        head += _quote(comment, "the comment") + "\n"
    n = game.n_players
    # profiles in Gambit order: first player's strategy varies fastest
    per_player = [np.asarray(game.payoffs[i]).reshape(-1, order="F") for i in range(n)]
    n_profiles = per_player[0].size
    rows = [[_format(per_player[i][k], exact) for i in range(n)] for k in range(n_profiles)]
    if not outcome_version:
        body = _wrap([v for row in rows for v in row])
        text = head + "\n" + body + "\n"
    else:
        index: dict[tuple[str, ...], int] = {}
        order: list[int] = []
        for row in rows:
            key = tuple(row)
            order.append(index.setdefault(key, len(index) + 1))
        outcomes = "\n".join('{ "" ' + ", ".join(key) + " }" for key in index)
        text = head + "\n{\n" + outcomes + "\n}\n" + _wrap([str(k) for k in order]) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _wrap(items: Sequence[str], width: int = 100) -> str:
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for item in items:
        if current and length + 1 + len(item) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(item)
        length += len(item) + (1 if length else 0)
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)

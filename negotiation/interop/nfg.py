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
so ``0.1`` is one tenth, the package's convention (:mod:`negotiation.numeric`).

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
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InvalidGameError
from ..model.normal_form import MAX_PROFILES, NormalFormGame

__all__ = ["NfgFormatError", "read_nfg", "write_nfg", "parse_nfg_number"]


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


# ---------------------------------------------------------------------------------- tokenizer
@dataclass(frozen=True)
class _Token:
    kind: str  # "{", "}", ",", "string", "word", "eof"
    text: str
    line: int
    column: int


# a string is "..." where \" is an escaped quote; possessive, so an unterminated string does not
# backtrack into a shorter match but falls through to "badquote"
_TOKEN = re.compile(r'(?P<ws>\s+)|(?P<punct>[{},])|(?P<string>"(?:\\"|[^"])*+")|(?P<word>[^\s{},"]+)|(?P<badquote>")')


class _Tokens:
    """Tokens of an ``.nfg`` text with positions, read one at a time."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.exact = True  # arithmetic of the numbers, set once the header is read
        self.tokens = self._tokenize(text)
        self.pos = 0

    def error(self, reason: str, tok: _Token | None = None) -> NfgFormatError:
        tok = tok if tok is not None else self.peek()
        token = None if tok.kind == "eof" else tok.text
        return NfgFormatError(reason, source=self.source, line=tok.line, column=tok.column, token=token)

    def _tokenize(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        line, line_start = 1, 0
        pos = 0
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            start, end = m.span()
            if kind != "ws":
                col = start - line_start + 1
                if kind == "punct":
                    tokens.append(_Token(m.group(), m.group(), line, col))
                elif kind == "word":
                    tokens.append(_Token("word", m.group(), line, col))
                elif kind == "string":
                    tokens.append(_Token("string", m.group()[1:-1].replace('\\"', '"'), line, col))
                else:  # a quote that starts no complete string
                    raise NfgFormatError(
                        "unterminated string (no closing quote before the end of the file)",
                        source=self.source, line=line, column=col,
                    )
            if kind in ("ws", "string"):
                newlines = text.count("\n", start, end)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", start, end) + 1
            pos = end
        tokens.append(_Token("eof", "", line, pos - line_start + 1))
        return tokens

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def next(self) -> _Token:
        tok = self.peek()
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def expect(self, kind: str, what: str) -> _Token:
        tok = self.peek()
        if tok.kind != kind:
            found = "the end of the file" if tok.kind == "eof" else repr(tok.text)
            raise self.error(f"expected {what}, found {found}", tok)
        return self.next()

    def string(self, what: str) -> str:
        return self.expect("string", f"{what} (a quoted string)").text

    def remaining(self) -> int:
        return len(self.tokens) - 1 - self.pos


# ---------------------------------------------------------------------------------- numbers
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_RATIONAL = re.compile(r"[+-]?\d+/\d+")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_MAX_EXPONENT = 4000  # refuse 1e999999999, whose exact value would not fit in memory


def parse_nfg_number(text: str) -> Fraction:
    """Exact value of a number as written in an ``.nfg`` file.

    Integers, decimals with optional exponent and rationals ``p/q`` are accepted; NaN,
    infinities, ``p/0`` and anything else raise :class:`ValueError` saying why.

    Examples
    --------
    >>> parse_nfg_number("0.1"), parse_nfg_number("-2/6"), parse_nfg_number("1.5e2")
    (Fraction(1, 10), Fraction(-1, 3), Fraction(150, 1))
    """
    if _RATIONAL.fullmatch(text):
        num, den = text.split("/")
        if int(den) == 0:
            raise ValueError(f"zero denominator in {text!r}")
        return Fraction(int(num), int(den))
    if _NUMBER.fullmatch(text):
        mantissa, _, exponent = text.lower().partition("e")
        if exponent and abs(int(exponent)) > _MAX_EXPONENT:
            raise ValueError(f"exponent out of range in {text!r} (at most {_MAX_EXPONENT} in magnitude)")
        return Fraction(text)
    if _NOT_FINITE.fullmatch(text):
        raise ValueError(f"payoffs must be finite numbers, got {text!r}")
    raise ValueError(f"not a number: {text!r} (expected an integer, a decimal or a rational p/q)")


# ---------------------------------------------------------------------------------- reading
def _read_source(source: Any) -> tuple[str, str]:
    """Return ``(text, name)`` for a path, text, bytes or file object."""
    if isinstance(source, str) and source.lstrip().startswith("NFG"):
        return source, "<text>"
    if isinstance(source, (bytes, bytearray)):
        return _decode(bytes(source), "<bytes>"), "<bytes>"
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        data = source.read()
        name = str(getattr(source, "name", "<stream>"))
        return (_decode(data, name) if isinstance(data, bytes) else str(data)), name
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NfgFormatError(
                f"cannot read the file: {exc.strerror or exc} (a str is read as .nfg text only when it starts "
                "with 'NFG')",
                source=str(path),
            ) from None
        return _decode(data, str(path)), str(path)
    raise TypeError(f"read_nfg needs a path, .nfg text or a file object, got {type(source).__name__}")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NfgFormatError(f"not UTF-8 text (byte {exc.start})", source=name) from None


def read_nfg(source: str | os.PathLike[str] | bytes | Any, *, exact: bool | None = None) -> NormalFormGame:
    """Read a strategic game from Gambit's ``.nfg`` format (payoff or outcome version).

    Parameters
    ----------
    source:
        A ``str`` starting with ``"NFG"`` is the file's text; any other ``str`` or a
        :class:`os.PathLike` is a path. Bytes and open file objects are read too.
    exact:
        ``None`` (default) follows the file: letter ``R`` gives exact payoffs (every number
        read exactly, ``0.1`` being one tenth), letter ``D`` float payoffs (each number rounded
        to the nearest double). ``True`` or ``False`` forces the arithmetic.

    Returns
    -------
    NormalFormGame
        With the file's title, player names and strategy labels.

    Raises
    ------
    NfgFormatError
        (an :class:`~negotiation.errors.InvalidGameError`) naming the file, line, column and
        token: unknown version, bad or non-finite number, wrong payoff count, outcome index out
        of range, unterminated string, duplicate labels, trailing text, ...

    Examples
    --------
    >>> g = read_nfg('''NFG 1 R "Selten" { "I" "II" }
    ... { { "T" "M" "B" } { "L" "R" } } ""
    ... { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    ... 1 2 3 4 5 6''')
    >>> g.shape, g.actions[0], g.payoff(["B", "R"])
    ((3, 2), ('T', 'M', 'B'), (Fraction(2, 1), Fraction(0, 1)))
    """
    text, name = _read_source(source)
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
    toks.expect("{", "'{' opening the list of player names")
    player_tokens: list[_Token] = []
    while toks.peek().kind == "string":
        player_tokens.append(toks.next())
    toks.expect("}", "a quoted player name or '}' closing the list of players")
    if len(player_tokens) < 2:
        raise toks.error(f"a strategic game needs at least 2 players, this file names {len(player_tokens)}")
    players = _labels(toks, player_tokens, "player")

    # strategies: counts or labels
    toks.expect("{", "'{' opening the strategies (counts like { 2 2 } or labels)")
    actions: list[tuple[str, ...]] = []
    if toks.peek().kind == "{":
        for p in range(len(players)):
            toks.expect("{", f"'{{' opening the strategy labels of player {players[p]!r}")
            labs: list[_Token] = []
            while toks.peek().kind == "string":
                labs.append(toks.next())
            close = toks.expect("}", f"a quoted strategy label or '}}' for player {players[p]!r}")
            if not labs:
                raise toks.error(f"player {players[p]!r} has no strategies", close)
            actions.append(_labels(toks, labs, f"strategy of player {players[p]!r}"))
    else:
        for p in range(len(players)):
            tok = toks.expect("word", f"the number of strategies of player {players[p]!r}")
            if not re.fullmatch(r"\d+", tok.text) or int(tok.text) < 1:
                raise toks.error(f"the number of strategies of player {players[p]!r} must be a positive integer", tok)
            count = int(tok.text)
            if count > MAX_PROFILES:
                raise toks.error(f"player {players[p]!r} has too many strategies ({count})", tok)
            actions.append(tuple(str(k + 1) for k in range(count)))
    toks.expect("}", f"'}}' closing the strategies of the {len(players)} players")
    shape = tuple(len(a) for a in actions)
    n_profiles = math.prod(shape)
    if n_profiles > MAX_PROFILES:
        raise toks.error(f"game too large: {shape} has {n_profiles} profiles (limit {MAX_PROFILES})")

    # optional comment
    if toks.peek().kind == "string":
        toks.next()

    n = len(players)
    if toks.peek().kind == "{":
        per_profile = _outcome_body(toks, n, n_profiles)
    else:
        per_profile = _payoff_body(toks, n, n_profiles, shape)
    end = toks.peek()
    if end.kind != "eof":
        raise toks.error("unexpected text after the last payoff (the file should end here)", end)

    payoffs = _to_array(per_profile, n, shape, exact)
    return NormalFormGame(payoffs, players, actions, title=title)


def _labels(toks: _Tokens, tokens: list[_Token], what: str) -> tuple[str, ...]:
    labels = tuple(t.text if t.text.strip() else str(k + 1) for k, t in enumerate(tokens))
    seen: dict[str, int] = {}
    for k, lab in enumerate(labels):
        if lab in seen:
            raise toks.error(f"duplicate {what} label {lab!r} (also number {seen[lab] + 1} in the list)", tokens[k])
        seen[lab] = k
    return labels


def _number(toks: _Tokens, tok: _Token, what: str) -> Fraction | float:
    """The number at ``tok``: exact, or (float mode) the nearest double, which is the same as
    rounding the exact value, since Python's float parsing is correctly rounded."""
    try:
        if not toks.exact and _NUMBER.fullmatch(tok.text):
            value = float(tok.text)
            if not math.isfinite(value):
                raise ValueError(f"{tok.text!r} is out of the range of a float")
            return value
        exact = parse_nfg_number(tok.text)
        return exact if toks.exact else float(exact)
    except (ValueError, OverflowError) as exc:
        raise toks.error(f"bad number in {what}: {exc}", tok) from None


def _payoff_body(toks: _Tokens, n: int, n_profiles: int, shape: tuple[int, ...]) -> list[list[Fraction | float]]:
    expected = n * n_profiles
    values: list[Fraction | float] = []
    while toks.peek().kind == "word" and len(values) < expected:
        tok = toks.next()
        values.append(_number(toks, tok, f"payoff number {len(values) + 1}"))
    extra = toks.peek()
    if extra.kind == "word" and (_NUMBER.fullmatch(extra.text) or _RATIONAL.fullmatch(extra.text)):
        values.append(_number(toks, toks.next(), f"payoff number {len(values) + 1}"))
    if len(values) != expected:
        found = f"at least {len(values)}" if len(values) > expected else str(len(values))
        tok = toks.peek() if len(values) <= expected else toks.tokens[toks.pos - 1]
        raise toks.error(
            f"wrong payoff count: {n} players x {n_profiles} profiles {shape} need {expected} payoffs, found {found}",
            tok,
        )
    return [values[k * n:(k + 1) * n] for k in range(n_profiles)]


def _outcome_body(toks: _Tokens, n: int, n_profiles: int) -> list[list[Fraction | float]]:
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
    per_profile: list[list[Fraction | float]] = []
    while toks.peek().kind == "word" and len(per_profile) <= n_profiles:
        tok = toks.next()
        if not re.fullmatch(r"\d+", tok.text):
            raise toks.error(f"outcome index of profile {len(per_profile) + 1} must be a non-negative integer", tok)
        k = int(tok.text)
        if k >= len(outcomes):
            raise toks.error(
                f"outcome index {k} of profile {len(per_profile) + 1} is out of range "
                f"(the file defines outcomes 1..{len(outcomes) - 1}; 0 is the null outcome)",
                tok,
            )
        per_profile.append(outcomes[k])
    if len(per_profile) != n_profiles:
        found = f"more than {n_profiles}" if len(per_profile) > n_profiles else str(len(per_profile))
        raise toks.error(f"wrong outcome count: {n_profiles} profiles need {n_profiles} outcome indices, found {found}")
    return per_profile


def _to_array(per_profile: list[list[Any]], n: int, shape: tuple[int, ...], exact: bool) -> np.ndarray:
    """Payoff array ``(n, *shape)`` from profiles in Gambit order (first player fastest)."""
    if exact:
        flat = np.empty((len(per_profile), n), dtype=object)
        for k, pays in enumerate(per_profile):
            flat[k, :] = pays
    else:
        flat = np.array(per_profile, dtype=float).reshape(len(per_profile), n)
    # Gambit's profile order is column-major (Fortran) over the players' strategy axes
    return np.stack([flat[:, i].reshape(shape, order="F") for i in range(n)])


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
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
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

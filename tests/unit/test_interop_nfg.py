"""Gambit .nfg reading and writing: grammar, Gambit's profile order, exactness policy, round trips, errors."""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import InvalidGameError, NormalFormGame
from negotiation.interop.nfg import NfgFormatError, parse_nfg_number, read_nfg, write_nfg

DATA = Path(__file__).resolve().parent.parent / "data"

# Selten (1975), Figure 2, as given in Gambit's documentation of the format: profiles in the order
# (1,1) (2,1) (3,1) (1,2) (2,2) (3,2), i.e. the first player's strategy varies fastest.
SELTEN = {("1", "1"): (1, 1), ("2", "1"): (0, 2), ("3", "1"): (0, 2),
          ("1", "2"): (1, 1), ("2", "2"): (0, 3), ("3", "2"): (2, 0)}


# ----------------------------------------------------------------------------- reading
@pytest.mark.parametrize("name", ["selten_payoff.nfg", "selten_outcome.nfg"])
def test_bundled_selten_files_in_gambit_order(name):
    g = read_nfg(DATA / name)
    assert g.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert g.players == ("Player 1", "Player 2")
    assert g.actions == (("1", "2", "3"), ("1", "2"))
    assert g.is_exact
    for profile, pays in SELTEN.items():
        assert g.payoff(profile) == tuple(Fraction(v) for v in pays)


def test_both_versions_give_the_same_game():
    assert read_nfg(DATA / "selten_payoff.nfg") == read_nfg(DATA / "selten_outcome.nfg")


def test_three_player_file_with_labels_comment_decimals_and_rationals():
    g = read_nfg(str(DATA / "bargaining_3p.nfg"))
    assert g.players == ("Buyer", "Seller", "Broker")
    assert g.actions[2] == ("fee", "no fee")
    assert g.payoff(["low", "low", "fee"]) == (Fraction(1, 3),) * 3
    # second profile: the FIRST player's strategy changed
    assert g.payoff(["high", "low", "fee"]) == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4))
    assert g.payoff(["low", "low", "no fee"]) == (Fraction(2, 5), Fraction(3, 5), Fraction(0))


def test_profile_order_first_player_fastest_three_players():
    # payoff of every player = index of the profile in Gambit's order
    g = NormalFormGame.from_function(lambda a, b, c: [a + 2 * b + 6 * c] * 3, [2, 3, 2])
    numbers = write_nfg(g).split("\n", 2)[2].split()
    assert [int(x) for x in numbers[::3]] == list(range(12))
    assert read_nfg(write_nfg(g)) == g


def test_whitespace_and_newlines_anywhere():
    text = 'NFG\n1\tR   "t"{"A"\n"B"}{2\n2}\n\n 1 2\n3\t4 5 6 7\n8'
    g = read_nfg(text)
    assert g.payoff(["1", "1"]) == (1, 2)
    assert g.payoff(["2", "1"]) == (3, 4)
    assert g.payoff(["1", "2"]) == (5, 6)
    assert g.payoff(["2", "2"]) == (7, 8)


def test_leading_whitespace_text_is_text_not_path():
    assert read_nfg('  \n NFG 1 R "" { "A" "B" } { 1 1 } 1 2').payoff([0, 0]) == (1, 2)


def test_quoted_strings_with_escapes_and_newlines():
    # as in Gambit, \" is the only escape; other backslashes are literal
    text = 'NFG 1 R "say \\"hi\\" \\\\ b\\ye\nline 2" { "P \\"1\\"" "B" } { { "x y" "\\\\\\"" } { "z" } } 1 2 3 4'
    g = read_nfg(text)
    assert g.title == 'say "hi" \\\\ b\\ye\nline 2'
    assert g.players[0] == 'P "1"'
    assert g.actions[0] == ("x y", '\\\\"')


def test_write_refuses_text_ending_in_backslash():
    g = NormalFormGame.zero_sum([[1]], players=["A\\", "B"])
    with pytest.raises(NfgFormatError, match="player name 'A\\\\\\\\' ends with a backslash"):
        write_nfg(g)


def test_empty_labels_become_positions_like_gambit():
    g = read_nfg('NFG 1 R "" { "" "" } { { "" "b" } { "" } } 1 2 3 4')
    assert g.players == ("1", "2")
    assert g.actions == (("1", "b"), ("1",))


def test_numbers_are_exact():
    g = read_nfg('NFG 1 R "" { "A" "B" } { 2 2 } 0.1 2/3 -1.5e2 .5 5. -7/14 1E-3 4')
    values = [g.payoff(p) for p in (["1", "1"], ["2", "1"], ["1", "2"], ["2", "2"])]
    assert values == [
        (Fraction(1, 10), Fraction(2, 3)),
        (Fraction(-150), Fraction(1, 2)),
        (Fraction(5), Fraction(-1, 2)),
        (Fraction(1, 1000), Fraction(4)),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("-3", -3), ("0.25", Fraction(1, 4)), ("2/6", Fraction(1, 3)), ("-2/6", Fraction(-1, 3)),
     ("1e2", 100), ("1.5E-1", Fraction(3, 20)), (".5", Fraction(1, 2)), ("5.", 5)],
)
def test_parse_number(text, value):
    assert parse_nfg_number(text) == value


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "1/0", "1.5/2", "1e", "abc", "0x10", "1,5", "--1",
                                  "1e99999"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_nfg_number(text)


def test_letter_d_reads_floats_and_exact_overrides():
    text = 'NFG 1 D "" { "A" "B" } { 1 1 } 0.1 2/3'
    g = read_nfg(text)
    assert not g.is_exact
    assert g.payoffs[0, 0, 0] == 0.1 and g.payoffs[1, 0, 0] == 2 / 3
    assert read_nfg(text, exact=True).payoff([0, 0]) == (Fraction(1, 10), Fraction(2, 3))
    r = read_nfg(text.replace(" D ", " R "))
    assert r.is_exact and r.payoff([0, 0])[0] == Fraction(1, 10)
    assert not read_nfg(text.replace(" D ", " R "), exact=False).is_exact


@pytest.mark.parametrize("letter", ["R", "D"])
def test_numbers_beyond_the_double_range_are_refused_with_their_location(letter):
    # games refuse payoffs beyond the float64 range (tolerances and float solvers need them finite),
    # exact ones too: the reader says so at the token, in either arithmetic
    for big in ("1e400", "-2e308", "1" + "0" * 400 + "/3", "2" + "0" * 308, "1.8e308"):
        with pytest.raises(NfgFormatError, match=r"<text>: line 2, column 3: bad number in payoff number 2: .*"
                           "beyond the float64 range") as info:
            read_nfg(f'NFG 1 {letter} "" {{ "A" "B" }} {{ 1 1 }}\n0 {big}')
        assert info.value.token.startswith(big[:30])
    with pytest.raises(NfgFormatError, match=r"bad number in outcome 1: .*beyond the float64 range"):
        read_nfg(f'NFG 1 {letter} "" {{ "A" "B" }} {{ 1 1 }} {{ {{ "" 1e400 0 }} }} 1')
    with pytest.raises(NfgFormatError, match="finite"):
        read_nfg(f'NFG 1 {letter} "" {{ "A" "B" }} {{ 1 1 }} nan 0')
    # the largest double and tiny numbers are fine
    g = read_nfg(f'NFG 1 {letter} "" {{ "A" "B" }} {{ 1 1 }} 1.7976931348623157e308 1e-400')
    assert float(g.payoffs[0, 0, 0]) == 1.7976931348623157e308 and float(g.payoffs[1, 0, 0]) == 0.0


def test_payoff_spread_beyond_the_double_range_names_the_source(tmp_path):
    # each payoff fits, but player 0's spread does not: the game's own check, reported for the file
    path = tmp_path / "spread.nfg"
    path.write_text('NFG 1 R "" { "A" "B" } { 2 1 } 1e308 0 -1e308 0')
    with pytest.raises(NfgFormatError, match=r"spread\.nfg: payoffs: player 0's payoffs range .* float64 range"):
        read_nfg(path)


def test_sources_path_pathlike_bytes_and_file_object(tmp_path):
    text = (DATA / "selten_payoff.nfg").read_text()
    expected = read_nfg(text)
    assert read_nfg(DATA / "selten_payoff.nfg") == expected
    assert read_nfg(str(DATA / "selten_payoff.nfg")) == expected
    assert read_nfg(text.encode()) == expected
    assert read_nfg(io.StringIO(text)) == expected
    with open(DATA / "selten_payoff.nfg", "rb") as fh:
        assert read_nfg(fh) == expected


# ----------------------------------------------------------------------------- writing
def test_write_payoff_version_layout():
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]],
                                     players=["Ann", "Bob"], title="Prisoner's dilemma")
    text = write_nfg(g)
    assert text.splitlines()[0] == 'NFG 1 R "Prisoner\'s dilemma" { "Ann" "Bob" } { { "C" "D" } { "C" "D" } }'
    assert text.split()[-8:] == ["3", "3", "5", "0", "0", "5", "1", "1"]
    assert read_nfg(text) == g


def test_write_outcome_version_layout_dedupes_outcomes():
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    text = write_nfg(g, outcome_version=True)
    assert text.count('{ ""') == 2  # two distinct payoff vectors
    assert text.split()[-4:] == ["1", "2", "2", "1"]
    assert read_nfg(text) == g


def test_write_uses_counts_for_gambit_default_labels():
    g = read_nfg(DATA / "selten_payoff.nfg")
    assert write_nfg(g).splitlines()[0].endswith("{ 3 2 }")


def test_write_comment_and_path(tmp_path):
    g = read_nfg(DATA / "selten_outcome.nfg")
    target = tmp_path / "out.nfg"
    text = write_nfg(g, target, comment='a "note"')
    assert target.read_text(encoding="utf-8") == text
    assert '"a \\"note\\""' in text
    assert read_nfg(target) == g


def test_write_float_policy_repr_decimals_and_letter_d():
    g = NormalFormGame.from_bimatrix([[0.1, 1 / 3], [1e-300, -2.5e17]], [[3.0, -0.0], [5e-324, 1.7976931348623157e308]])
    text = write_nfg(g)
    assert text.startswith("NFG 1 D ")
    assert "0.1 3 " in text and "0.3333333333333333" in text and "5e-324" in text
    back = read_nfg(text)
    assert not back.is_exact and back == g
    assert np.signbit(back.payoffs[1, 0, 1]) and back.digest() == g.digest()  # -0.0 kept
    # read exactly, the decimal is not the double's binary value: that is why D files read as floats
    exact = read_nfg(text, exact=True)
    assert exact.payoff([0, 0])[0] == Fraction(1, 10) != Fraction(0.1)


def test_write_rejects_non_game():
    with pytest.raises(TypeError):
        write_nfg([[1, 2]])  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- round trips
_label = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=6
).filter(lambda s: s.strip() != "" and not s.endswith("\\"))


@st.composite
def _games(draw, exact: bool):
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    size = n * math.prod(shape)
    if exact:
        nums = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4)
    else:
        # half the float64 range: games refuse payoff spreads that overflow (max - min must be finite)
        nums = st.floats(min_value=-8e307, max_value=8e307, allow_nan=False, allow_infinity=False,
                         allow_subnormal=True)
    values = draw(st.lists(nums, min_size=size, max_size=size))
    players = draw(st.lists(_label, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(_label, min_size=k, max_size=k, unique=True)) for k in shape]
    title = draw(st.text(max_size=10).filter(lambda s: not s.endswith("\\")))
    arr = np.array(values, dtype=object if exact else float).reshape((n, *shape))
    return NormalFormGame(arr, players, actions, title=title)


@settings(max_examples=60)
@given(_games(exact=True), st.booleans())
def test_round_trip_exact(game, outcome_version):
    text = write_nfg(game, outcome_version=outcome_version)
    back = read_nfg(text)
    assert back == game and back.title == game.title and back.is_exact


@settings(max_examples=60)
@given(_games(exact=False), st.booleans())
def test_round_trip_float(game, outcome_version):
    back = read_nfg(write_nfg(game, outcome_version=outcome_version))
    assert back == game and back.title == game.title and not back.is_exact
    assert back.digest() == game.digest()


# ----------------------------------------------------------------------------- errors
HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }'


def _error(text: str) -> NfgFormatError:
    with pytest.raises(NfgFormatError) as info:
        read_nfg(text)
    err = info.value
    assert isinstance(err, InvalidGameError) and isinstance(err, ValueError)
    return err


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        (HEAD + " 1 2 3 4 5 6 7", ["wrong payoff count", "need 8", "found 7"], 1),
        (HEAD + "\n1 2 3 4 5 6 7 8 9", ["wrong payoff count", "at least 9"], 2),
        ('NFG 2 R "t" { "A" "B" } { 1 1 } 1 2', ["unknown .nfg format version"], 1),
        ('NFG 1 Q "t" { "A" "B" } { 1 1 } 1 2', ["letter R"], 1),
        (HEAD + " 1 2 3 4\n5 6 7 x", ["bad number", "'x'"], 2),
        (HEAD + " 1 2 3 4 5 6 7 1.2.3", ["bad number"], 1),
        (HEAD + " 1 2 3 4 5 6 7 NaN", ["finite", "NaN"], 1),
        (HEAD + " 1 2 3 4 5 6 7 -inf", ["finite"], 1),
        (HEAD + " 1 2 3 4 5 6 7 1/0", ["zero denominator"], 1),
        # a missing closing quote: the string runs on to the next quote, and what follows is out of place
        ('NFG 1 R "t { "A" "B" } { 1 1 } 1 2', ["expected '{' opening the list of player names", "found 'A'"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } 1 2 "', ["unterminated string"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } "c\n 1 2', ["unterminated string"], 1),
        ('NFG 1 R "t" { "A" "A" } { 1 1 } 1 2', ["duplicate player label 'A'"], 1),
        ('NFG 1 R "t" { "A" "B" }\n{ { "x" "x" } { "y" } } 1 2 3 4', ["duplicate strategy of player 'A' label 'x'"], 2),
        (HEAD + " 1 2 3 4 5 6 7 8 # comment", ["unexpected text", "#"], 1),
        (HEAD + " 1 2 3 4 5 6 7 8 }", ["unexpected text"], 1),
        ('EFG 2 R "t" { "A" "B" } ""', ["EFG file"], 1),
        ("hello", ["must start with 'NFG'"], 1),
        ('NFG 1 R "t" { "A" } { 1 } 1', ["at least 2 players"], 1),
        ('NFG 1 R "t" { "A" "B" } { 2 0 }', ["positive integer"], 1),
        ('NFG 1 R "t" { "A" "B" } { 2 x }', ["positive integer"], 1),
        ('NFG 1 R "t" { "A" "B" } { { "x" } { } } 1 2', ["has no strategies"], 1),
        ('NFG 1 R "t" { A "B" } { 1 1 } 1 2', ["quoted player name"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, 2 } } 2', ["outcome index 2", "out of range"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, 2 } } -1', ["non-negative integer"], 1),
        ('NFG 1 R "t" { "A" "B" } { 2 1 } { { "" 1, 2 } } 1', ["wrong outcome count", "found 1"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, 2 } } 1 1', ["wrong outcome count", "more than 1"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, 2 } } 1 }', ["unexpected text"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, 2, 3 } } 1', ["outcome 1 has 3 payoffs for 2 players"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1, } } 1', ["payoff after ','"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { 1 2 } } 1', ["name of outcome 1"], 1),
        ('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1 nan } } 1', ["bad number in outcome 1", "finite"], 1),
        ('NFG 1 R "t"', ["expected '{'", "end of the file"], 1),
        ("", ["must start with 'NFG'"], None),
    ],
)
def test_bad_input_is_rejected_with_location(text, words, line):
    if not text.startswith("NFG"):  # a str not starting with NFG is a path: pass the text as bytes
        with pytest.raises(NfgFormatError) as info:
            read_nfg(text.encode())
        err = info.value
    else:
        err = _error(text)
    message = str(err)
    for word in words:
        assert word in message, message
    if line is not None:
        assert err.line == line and f"line {line}" in message
        assert err.column is not None and err.column >= 1


def test_error_names_the_file(tmp_path):
    bad = tmp_path / "broken.nfg"
    bad.write_text(HEAD + "\n1 2 3\n")
    with pytest.raises(NfgFormatError, match=r"broken\.nfg: line 3, column 1: wrong payoff count"):
        read_nfg(bad)


def test_error_column_points_at_token():
    err = _error(HEAD + " 1 2 3 4 5 6 7 x")
    assert err.token == "x" and err.column == len(HEAD) + 16


def test_missing_file_and_non_utf8(tmp_path):
    with pytest.raises(NfgFormatError, match="cannot read the file"):
        read_nfg(tmp_path / "absent.nfg")
    with pytest.raises(NfgFormatError, match="only when it starts with 'NFG'"):
        read_nfg('EFG 2 R "t" { "A" "B" } ""')
    bad = tmp_path / "latin.nfg"
    bad.write_bytes(b'NFG 1 R "\xe9" { "A" "B" } { 1 1 } 1 2')
    with pytest.raises(NfgFormatError, match="not UTF-8"):
        read_nfg(bad)


def test_huge_declared_sizes_are_refused_before_allocating():
    with pytest.raises(NfgFormatError, match="too large"):
        read_nfg('NFG 1 R "t" { "A" "B" "C" } { 100000 100000 100000 } 1')
    with pytest.raises(NfgFormatError, match="exponent out of range"):
        read_nfg('NFG 1 R "t" { "A" "B" } { 1 1 } 1e999999999 1')


def test_read_rejects_other_types():
    with pytest.raises(TypeError):
        read_nfg(42)  # type: ignore[arg-type]

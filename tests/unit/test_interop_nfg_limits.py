"""read_nfg hardening: size limits, player limit, Gambit's number grammar, what a str means, messages.

Regression tests for the review of the .nfg reader (findings F5, F6, F12, F15, F16, F17); the
size limits are tested with small monkeypatched limits, so every test here is fast and light.
"""

from __future__ import annotations

import io
import tracemalloc
from fractions import Fraction

import numpy as np
import pytest

from negotiation.interop import nfg
from negotiation.interop.nfg import MAX_NFG_PLAYERS, NfgFormatError, parse_nfg_number, read_nfg

SMALL = 'NFG 1 R "t" { "A" "B" } { 2 1 } 1 2 3 4'


def _peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    except NfgFormatError:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


# ----------------------------------------------------------------------------- F5: declared size vs body
def test_huge_strategy_count_with_one_payoff_is_refused_from_the_header():
    # the reviewer's 40-byte file: 50 M strategies and one payoff (17 s and 3.5 GB before the fix)
    with pytest.raises(NfgFormatError, match=r"<text>: line 2, column 1: game too large: 2 players x 50000000 "
                       r"profiles \(50000000, 1\) make 100000000 payoffs.*limit of 25000000"):
        read_nfg('NFG 1 R "t" { "A" "B" } { 50000000 1 }\n1')


@pytest.mark.parametrize("body", ["1", '{ { "" 1 2 } } 1'])
def test_a_short_body_is_reported_before_anything_of_the_declared_size_is_built(body):
    # 10 M profiles pass the header checks; the labels "1".."10000000" alone would take ~600 MB
    text = f'NFG 1 R "t" {{ "A" "B" }} {{ 10000000 1 }} {body}'
    with pytest.raises(NfgFormatError, match="wrong (payoff|outcome) count"):
        read_nfg(text)
    assert _peak_bytes(lambda: read_nfg(text)) < 1_000_000


def test_huge_counts_and_indices_are_refused_without_converting_them():
    with pytest.raises(NfgFormatError, match="'A' has too many strategies"):
        read_nfg('NFG 1 R "t" { "A" "B" } { ' + "9" * 5000 + " 1 } 1 2")
    with pytest.raises(NfgFormatError, match="must be a positive integer"):
        read_nfg('NFG 1 R "t" { "A" "B" } { 0000 1 } 1 2')
    assert read_nfg('NFG 1 R "t" { "A" "B" } { 0002 1 } 1 2 3 4').shape == (2, 1)
    with pytest.raises(NfgFormatError, match=r"outcome index 99999999999999999\.\.\. of profile 1 is out of range"):
        read_nfg('NFG 1 R "t" { "A" "B" } { 1 1 } { { "" 1 2 } } ' + "9" * 5000)
    with pytest.raises(NfgFormatError, match="more than 4300 digits"):
        read_nfg('NFG 1 R "t" { "A" "B" } { 1 1 } 1 ' + "1" * 5000)


# ----------------------------------------------------------------------------- F6: byte limit, memory
def test_files_over_the_byte_limit_are_refused_naming_the_file(tmp_path, monkeypatch):
    path = tmp_path / "big.nfg"
    path.write_text(SMALL)
    monkeypatch.setattr(nfg, "MAX_NFG_BYTES", len(SMALL) - 1)
    limit = len(SMALL) - 1
    with pytest.raises(NfgFormatError, match=rf"big\.nfg: the input is larger than the limit for \.nfg files "
                       rf"\({len(SMALL)} bytes; the limit is {limit}, negotiation\.interop\.nfg\.MAX_NFG_BYTES\)"):
        read_nfg(path)
    with pytest.raises(NfgFormatError, match=r"<text>: the input is larger .*characters"):
        read_nfg(SMALL)
    with pytest.raises(NfgFormatError, match=r"<bytes>: the input is larger"):
        read_nfg(SMALL.encode())
    # a stream is read only up to the limit + 1 (standard input and pipes have no size)
    with pytest.raises(NfgFormatError, match=rf"<stdin>: the input is larger .*\({limit + 1} bytes or more"):
        read_nfg(io.BytesIO(SMALL.encode() + b" " * 10**6), source_name="<stdin>")
    monkeypatch.setattr(nfg, "MAX_NFG_BYTES", len(SMALL))
    assert read_nfg(path).shape == (2, 1)
    assert read_nfg(SMALL).shape == (2, 1)


def test_outcome_files_promising_more_payoffs_than_the_limit_are_refused(monkeypatch):
    # one index per profile stands for a payoff per player: bounded as payoff files are
    indices = " ".join(["1"] * 64)
    text = f'NFG 1 R "t" {{ "A" "B" }} {{ 8 8 }} {{ {{ "" 1 2 }} }} {indices}'
    assert read_nfg(text).shape == (8, 8)
    monkeypatch.setattr(nfg, "MAX_NFG_BYTES", 250)
    assert len(text) < 250
    with pytest.raises(NfgFormatError, match="make 128 payoffs, more than the reader's limit of 125"):
        read_nfg(text)


def test_memory_per_input_byte_stays_small():
    # before: ~150 bytes of memory per input byte (a token object per number, lists per profile);
    # the documented bound for MAX_NFG_BYTES assumes under ~40 (measured ~29 here, by tracemalloc)
    rng = np.random.default_rng(0)
    m = 100
    text = f'NFG 1 R "" {{ "A" "B" }} {{ {m} {m} }}\n' + " ".join(map(str, rng.integers(0, 10, 2 * m * m)))
    assert _peak_bytes(lambda: read_nfg(text)) < 45 * len(text)


def test_fast_and_token_by_token_reading_agree():
    # the whole-body fast path and the token-by-token reader (used to locate errors) give one game
    rng = np.random.default_rng(1)
    words = [str(x) for x in rng.integers(-50, 50, 84)] + ["1/3", "-2.5e-1", ".5", "7.", "1E2", "-0"]
    rng.shuffle(words)
    text = 'NFG 1 R "" { "A" "B" "C" } { 2 5 3 }\n' + "\n".join(words)
    for exact in (True, False):
        fast = read_nfg(text, exact=exact)
        toks = nfg._Tokens(text + " x", "<text>")  # a trailing word: the fast path declines the body
        for _ in range(14):  # header tokens: NFG 1 R "" { "A" "B" "C" } { 2 5 3 }
            toks.next()
        toks.exact = exact
        slow = nfg._payoff_body(toks, 3, 30, (2, 5, 3))
        assert np.array_equal(fast.payoffs.transpose(0, 3, 2, 1).reshape(3, 30).T, slow)
        assert slow.dtype == (object if exact else float)
        assert not exact or all(type(v) is Fraction for v in slow.reshape(-1))


# ----------------------------------------------------------------------------- F12: players
def test_too_many_players_is_a_format_error_naming_the_source(tmp_path):
    n = 70  # numpy's bare "maximum supported dimension" ValueError before the fix
    text = (f'NFG 1 R "many" {{ {" ".join(f"{chr(34)}P{i}{chr(34)}" for i in range(n))} }} '
            f'{{ {" ".join(["1"] * n)} }}\n{" ".join(["0"] * n)}')
    path = tmp_path / "many.nfg"
    path.write_text(text)
    with pytest.raises(NfgFormatError, match=rf"many\.nfg: line 1, column 16: too many players: this file names 70, "
                       rf"the limit is {MAX_NFG_PLAYERS}"):
        read_nfg(path)


def test_the_most_players_numpy_allows_are_read():
    n = MAX_NFG_PLAYERS
    text = (f'NFG 1 R "" {{ {" ".join(f"{chr(34)}P{i}{chr(34)}" for i in range(n))} }} '
            f'{{ 2 {" ".join(["1"] * (n - 1))} }}\n{" ".join(str(k) for k in range(2 * n))}')
    g = read_nfg(text)
    assert g.n_players == n and g.shape == (2,) + (1,) * (n - 1)
    assert g.payoff([1] + [0] * (n - 1))[:2] == (n, n + 1)


# ----------------------------------------------------------------------------- F15: number grammar
@pytest.mark.parametrize("token", ["\u0661", "1\u0660", "\uff11", "\u0661/2", "1e\u0665"])
def test_non_ascii_digits_are_not_numbers(token):
    with pytest.raises(NfgFormatError, match="not a number"):
        read_nfg(f'NFG 1 R "" {{ "A" "B" }} {{ 1 1 }} {token} 0')
    with pytest.raises(ValueError):
        parse_nfg_number(token)


def test_non_ascii_digits_are_not_counts_or_indices():
    with pytest.raises(NfgFormatError, match="must be a positive integer"):
        read_nfg('NFG 1 R "" { "A" "B" } { \u0662 1 } 1 2 3 4')
    with pytest.raises(NfgFormatError, match="must be a non-negative integer"):
        read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } { { "" 1 2 } } \u0661')


@pytest.mark.parametrize("token", ["+1", "1e+5", "+0.5", "1.5E+2", "+1/3"])
def test_plus_signs_are_refused_as_gambit_refuses_them(token):
    with pytest.raises(NfgFormatError, match=r"has a '\+' sign, which Gambit's format does not allow"):
        read_nfg(f'NFG 1 D "" {{ "A" "B" }} {{ 1 1 }} 0 {token}')


def test_only_ascii_whitespace_separates_tokens():
    # a no-break space is not a separator (nor is it in Gambit's reader); \f and \v are
    assert read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1\f2').payoff([0, 0]) == (1, 2)
    assert read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1\v2').payoff([0, 0]) == (1, 2)
    with pytest.raises(NfgFormatError, match="not a number"):
        read_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1\u00a02 3')


# ----------------------------------------------------------------------------- F16: str, bytes, BOM
def test_a_relative_path_starting_with_nfg_is_a_path(tmp_path, monkeypatch):
    (tmp_path / "NFG_games").mkdir()
    (tmp_path / "NFG_games" / "x.nfg").write_text(SMALL)
    monkeypatch.chdir(tmp_path)
    assert read_nfg("NFG_games/x.nfg").shape == (2, 1)
    (tmp_path / "NFGx.nfg").write_text(SMALL)
    assert read_nfg("NFGx.nfg").shape == (2, 1)


@pytest.mark.parametrize("source", ["", "   ", "\ufeff", "\n"])
def test_an_empty_str_is_an_error_saying_so(source):
    with pytest.raises(NfgFormatError, match="<text>: empty input: .*this one is empty"):
        read_nfg(source)


def test_text_must_start_with_nfg_and_whitespace(tmp_path):
    for text in ("NFG\t1 R \"\" { \"A\" \"B\" } { 1 1 } 1 2", "\n  NFG\n1 R \"\" { \"A\" \"B\" } { 1 1 } 1 2"):
        assert read_nfg(text).payoff([0, 0]) == (1, 2)
    # "NFG1..." is not text: it is a path, and a missing one
    with pytest.raises(NfgFormatError, match="cannot read the file"):
        read_nfg('NFG1 R "" { "A" "B" } { 1 1 } 1 2')


def test_one_leading_byte_order_mark_is_ignored(tmp_path):
    expected = read_nfg(SMALL)
    assert read_nfg("\ufeff" + SMALL) == expected
    assert read_nfg(b"\xef\xbb\xbf" + SMALL.encode()) == expected
    assert read_nfg(io.BytesIO(b"\xef\xbb\xbf" + SMALL.encode())) == expected
    assert read_nfg(io.StringIO("\ufeff" + SMALL)) == expected
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    assert read_nfg(path) == expected
    # only one: a second mark is text, and not an .nfg tag
    with pytest.raises(NfgFormatError, match="must start with 'NFG'"):
        read_nfg(b"\xef\xbb\xbf\xef\xbb\xbf" + SMALL.encode())
    # a bad byte is counted in the file's bytes, the mark included
    with pytest.raises(NfgFormatError, match=r"not UTF-8 text \(byte 12\)"):
        read_nfg(b"\xef\xbb\xbfNFG 1 R \"\xe9\" { \"A\" \"B\" } { 1 1 } 1 2")


def test_a_directory_is_not_read_silently(tmp_path):
    with pytest.raises(NfgFormatError, match="cannot read the file"):
        read_nfg(tmp_path)


# ----------------------------------------------------------------------------- F17: messages
def test_a_missing_path_gets_no_hint_about_text(tmp_path):
    with pytest.raises(NfgFormatError) as info:
        read_nfg(str(tmp_path / "nonexistent.nfg"))
    message = str(info.value)
    assert message.startswith(str(tmp_path / "nonexistent.nfg") + ": cannot read the file")
    assert "NFG" not in message
    # text that was meant as .nfg text (quotes, braces, newlines) gets the hint
    with pytest.raises(NfgFormatError, match="read as .nfg text only when it starts with 'NFG' and whitespace"):
        read_nfg('nfg 1 R "t" { "A" "B" } { 1 1 } 1 2')


def test_source_name_labels_messages():
    with pytest.raises(NfgFormatError, match=r"^<stdin>: line 1, column 38: wrong payoff count"):
        read_nfg(SMALL[:-2].encode(), source_name="<stdin>")
    with pytest.raises(NfgFormatError, match=r"^game\.nfg: line 1, column 1: not an \.nfg file"):
        read_nfg(io.StringIO("EGG"), source_name="game.nfg")
    with pytest.raises(NfgFormatError, match=r"^<bytes>: line 1"):
        read_nfg(SMALL[:-2].encode())

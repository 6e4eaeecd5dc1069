"""Cross-checks against pygambit: it reads our .nfg, we read its .nfg, conversions both ways."""

from __future__ import annotations

import io
import itertools
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import NormalFormGame, NotApplicableError
from negotiation.interop import NfgFormatError, from_pygambit, read_nfg, to_pygambit, write_nfg
from negotiation.solvers.pure import pure_nash_equilibria

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).resolve().parent.parent / "data"


def _gambit_table(pg) -> dict[tuple[int, ...], tuple[Fraction, ...]]:
    """Every profile's payoffs in a pygambit game, as exact Fractions (null outcome = zeros)."""
    players = list(pg.players)
    shape = [len(p.strategies) for p in players]
    table = {}
    for profile in itertools.product(*(range(k) for k in shape)):
        outcome = pg[list(profile)]
        table[profile] = tuple(Fraction(0) if outcome is None else Fraction(outcome[p]) for p in players)
    return table


def _our_table(game: NormalFormGame) -> dict[tuple[int, ...], tuple[Fraction, ...]]:
    return {
        profile: tuple(Fraction(v) for v in game.payoffs[(slice(None), *profile)].tolist())
        for profile in itertools.product(*(range(k) for k in game.shape))
    }


def _labels(pg):
    return (tuple(p.label for p in pg.players), tuple(tuple(s.label for s in p.strategies) for p in pg.players))


@st.composite
def _games(draw, exact: bool):
    n = draw(st.integers(2, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    size = n * int(np.prod(shape))
    if exact:
        nums = st.fractions(min_value=-1000, max_value=1000, max_denominator=50)
    else:
        nums = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
    values = draw(st.lists(nums, min_size=size, max_size=size))
    arr = np.array(values, dtype=object if exact else float).reshape((n, *shape))
    # pygambit 16.7 takes printable ASCII labels without leading, trailing or doubled spaces; its
    # writer escapes a backslash as two and its reader does not undo that, so no backslashes here
    label = st.text(alphabet="abcxyz XYZ'\"-_01", min_size=1, max_size=5).filter(
        lambda s: s.strip() == s and "  " not in s
    )
    players = draw(st.lists(label, min_size=n, max_size=n, unique=True))
    actions = [draw(st.lists(label, min_size=k, max_size=k, unique=True)) for k in shape]
    return NormalFormGame(arr, players, actions, title=draw(st.text(alphabet="abc ", max_size=8)))


# ------------------------------------------------------------------ pygambit reads our files
@settings(max_examples=40)
@given(_games(exact=True), st.booleans())
def test_pygambit_reads_our_exact_nfg(game, outcome_version):
    pg = gbt.read_nfg(io.StringIO(write_nfg(game, outcome_version=outcome_version)))
    assert _gambit_table(pg) == _our_table(game)
    assert _labels(pg) == (game.players, game.actions)
    assert pg.title == game.title


@settings(max_examples=40)
@given(_games(exact=False), st.booleans())
def test_pygambit_reads_our_float_nfg(game, outcome_version):
    pg = gbt.read_nfg(io.StringIO(write_nfg(game, outcome_version=outcome_version)))
    theirs = _gambit_table(pg)
    for profile, pays in _our_table(game).items():
        # pygambit keeps our repr decimals exactly; rounded to double they are our floats
        assert tuple(float(v) for v in theirs[profile]) == tuple(float(v) for v in pays)


def test_pygambit_reads_tricky_numbers_we_write():
    g = NormalFormGame.from_bimatrix([[1e-300, 2.5e17], [-0.0, 5e-324]], [[1 / 3, 1e22], [-7.0, 123456.789]])
    pg = gbt.read_nfg(io.StringIO(write_nfg(g)))
    A = [[float(pg[[r, c]][list(pg.players)[0]]) for c in range(2)] for r in range(2)]
    assert A == g.payoffs[0].tolist()


# ------------------------------------------------------------------ we read pygambit's files
@settings(max_examples=40)
@given(_games(exact=True))
def test_we_read_pygambit_nfg(game):
    pg = to_pygambit(game)
    text = pg.to_nfg()
    ours = read_nfg(text)
    assert ours == game
    assert _our_table(ours) == _gambit_table(pg)


@pytest.mark.parametrize("name", ["selten_payoff.nfg", "selten_outcome.nfg", "bargaining_3p.nfg"])
def test_bundled_files_read_the_same_by_both(name):
    pg = gbt.read_nfg(str(DATA / name))
    ours = read_nfg(DATA / name)
    assert _our_table(ours) == _gambit_table(pg)
    assert ours.players == tuple(p.label for p in pg.players)
    assert read_nfg(pg.to_nfg()) == ours


def test_we_read_pygambit_output_with_null_outcomes():
    pg = gbt.read_nfg(io.StringIO('NFG 1 R "t" { "A" "B" } { 2 2 } { { "x" 1 2 } } 1 0 0 1'))
    ours = read_nfg(pg.to_nfg())
    assert ours.payoff([0, 0]) == (1, 2) and ours.payoff([1, 0]) == (0, 0)
    assert from_pygambit(pg) == ours


# ------------------------------------------------------------------ conversions
@settings(max_examples=40)
@given(_games(exact=True))
def test_to_and_from_pygambit_exact(game):
    pg = to_pygambit(game)
    assert _labels(pg) == (game.players, game.actions) and pg.title == game.title
    assert _gambit_table(pg) == _our_table(game)
    back = from_pygambit(pg)
    assert back.is_exact and back == game and back.title == game.title


@settings(max_examples=40)
@given(_games(exact=False))
def test_to_and_from_pygambit_float(game):
    back = from_pygambit(to_pygambit(game), exact=False)
    assert not back.is_exact and back == game


@pytest.mark.parametrize("x", [1e16, -1e16, 1e17, 1e22, 2.5e17, 123456789012345678.0, 1e300, -1e300,
                               1.7976931348623157e308, -1.7976931348623157e308, 1e-300, 5e-324, -0.0, 1e15, 0.1])
def test_to_pygambit_takes_floats_of_every_magnitude(x):
    # pygambit 16.7 refuses a float whose repr has 'e+' (bare RuntimeError "Invalid value") before the fix
    g = NormalFormGame.from_bimatrix([[x, 0.5]], [[1.0, -x]])
    pg = to_pygambit(g)
    back = from_pygambit(pg, exact=False)
    assert back == g and back.digest() == g.digest()
    # exactly, pygambit holds the shortest decimal that rounds to x (an integer from 1e16 on)
    assert Fraction(pg[[0, 0]][list(pg.players)[0]]) == Fraction(repr(x))
    assert from_pygambit(pg) == NormalFormGame.from_bimatrix([[repr(x), "0.5"]], [["1", repr(-x)]])


# tokens on which the two readers agree, accepting or refusing (Gambit's grammar); 1e400 and the like
# are left out on purpose: pygambit reads them, this package refuses payoffs beyond the float64 range
GRAMMAR = ["+1", "1.", ".5", "1e+5", "1E5", "-0", "1/3", "0.1", "\u0661", "1e-400", "-.5", "00012", "1/-3", "3/6",
           "0x1", "1.e5", "-.5e-3", "1e5/3", ".e5", "1e", "--1", "1_0", "\uff11", "1.5/2", "+1/3", "-1/3", "1e-5"]


@pytest.mark.parametrize("token", [t.encode().decode("unicode_escape") for t in GRAMMAR])
@pytest.mark.parametrize("letter", ["R", "D"])
def test_number_grammar_agrees_with_pygambit(token, letter):
    text = f'NFG 1 {letter} "t" {{ "A" "B" }} {{ 2 1 }}\n{token} 0 0 0'
    try:
        pg = gbt.read_nfg(io.StringIO(text))
    except (ValueError, RuntimeError):
        theirs = None
    else:
        theirs = Fraction(pg[[0, 0]][list(pg.players)[0]])
    try:
        ours = read_nfg(text, exact=True).payoffs[0, 0, 0]
    except NfgFormatError:
        ours = None
    assert ours == theirs


def test_exact_payoffs_stay_rationals_in_pygambit():
    g = NormalFormGame.from_bimatrix([["1/3", "0.1"]], [[0, "-2/7"]])
    pg = to_pygambit(g)
    p0, p1 = list(pg.players)
    assert pg[[0, 0]][p0] == Fraction(1, 3) and isinstance(pg[[0, 0]][p0], gbt.Rational)
    assert pg[[0, 1]][p0] == Fraction(1, 10)
    assert pg[[0, 1]][p1] == Fraction(-2, 7)


def test_from_pygambit_reads_decimals_exactly_by_default():
    pg = gbt.read_nfg(io.StringIO('NFG 1 R "t" { "A" "B" } { 1 1 } 0.1 2/3'))
    g = from_pygambit(pg)
    assert g.is_exact and g.payoff([0, 0]) == (Fraction(1, 10), Fraction(2, 3))
    f = from_pygambit(pg, exact=False)
    assert not f.is_exact and f.payoffs[0, 0, 0] == 0.1


def test_from_arrays_orientation():
    A = np.array([[1, 2, 3], [4, 5, 6]])
    g = from_pygambit(gbt.Game.from_arrays(A, -A))
    assert g.shape == (2, 3)
    assert [[int(v) for v in row] for row in g.payoffs[0]] == A.tolist()


def test_pure_equilibria_agree_with_gambit_enumpure():
    rng = np.random.default_rng(7)
    for _ in range(5):
        payoffs = rng.integers(0, 4, size=(3, 3, 2, 4))
        game = NormalFormGame(payoffs)
        ours = {tuple(int(np.argmax(s)) for s in e.strategies) for e in pure_nash_equilibria(game)}
        result = gbt.nash.enumpure_solve(to_pygambit(game))
        theirs = set()
        for eq in result.equilibria:
            theirs.add(tuple(
                next(k for k, s in enumerate(p.strategies) if eq[s] == 1) for p in eq.game.players
            ))
        assert ours == theirs


def test_extensive_form_games_are_not_applicable():
    tree = gbt.Game.new_tree(players=["a", "b"])
    with pytest.raises(NotApplicableError, match="extensive-form"):
        from_pygambit(tree)


@pytest.mark.parametrize(
    ("players", "actions", "title", "words"),
    [
        (["Ann", "Bob"], [["ok", "caf\u00e9"], ["x"]], "", ["ASCII", "strategy label of player 'Ann'"]),
        (["Ann", " Bob"], [["a", "b"], ["x"]], "", ["leading, trailing or doubled spaces", "player name"]),
        (["Ann", "Bob"], [["a  b", "b"], ["x"]], "", ["doubled spaces"]),
        (["Ann", "Bob"], [["a", "b"], ["x"]], "\u00e9t\u00e9", ["ASCII", "the title"]),
    ],
)
def test_labels_pygambit_refuses_are_named(players, actions, title, words):
    game = NormalFormGame(np.zeros((2, 2, 1)), players, actions, title=title)
    with pytest.raises(NotApplicableError) as info:
        to_pygambit(game)
    for word in words:
        assert word in str(info.value)


def test_type_errors():
    with pytest.raises(TypeError):
        to_pygambit("game")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        from_pygambit(NormalFormGame.zero_sum([[1]]))


def test_import_error_names_the_gambit_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)
    with pytest.raises(ImportError, match=r"negotiation\[gambit\]"):
        to_pygambit(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    with pytest.raises(ImportError, match="GPL"):
        from_pygambit(object())
